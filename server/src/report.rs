//! Client reports as PDF: the numbers come from the scorecard service; this module lays
//! them out ([`layout`], [`charts`], [`client`]) as a list of drawing operations per page and
//! renders that with krilla ([`render`]), text in DejaVu Sans ([`fonts`]), charts as vectors,
//! photos ([`evidence`]) as the stored JPEG renditions.

pub mod audit;
pub mod charts;
pub mod client;
pub mod evidence;
pub mod fonts;
pub mod layout;
pub mod render;
