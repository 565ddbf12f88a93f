//! 64-bit perceptual hash (DCT pHash, via `image_hasher`), stored as `i64` so both databases
//! can hold it; compare with `touchstone_shared::verify::hamming_distance`.

use image::{DynamicImage, RgbImage};
use image_hasher::{HashAlg, HasherConfig};

/// The pHash of an image: DCT of a 16×16 greyscale thumbnail, low 8×8 frequencies compared
/// with their mean. Robust to re-encoding, resizing and small edits.
pub fn phash(image: &RgbImage) -> i64 {
    let hasher = HasherConfig::new()
        .hash_size(8, 8)
        .hash_alg(HashAlg::Mean)
        .preproc_dct()
        .to_hasher();
    // The hasher wants an owned 'static image type; the display rendition is small.
    let hash = hasher.hash_image(&DynamicImage::ImageRgb8(image.clone()));
    let mut bits = [0u8; 8];
    for (b, h) in bits.iter_mut().zip(hash.as_bytes()) {
        *b = *h;
    }
    i64::from_be_bytes(bits)
}
