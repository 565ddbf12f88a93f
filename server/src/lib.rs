//! Touchstone server.

pub mod evidence;
