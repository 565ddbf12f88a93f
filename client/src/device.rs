//! What the phone itself provides: position and camera.

pub mod exif;
pub mod geolocation;
pub mod photo;
