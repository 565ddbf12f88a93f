//! The photo upload pipeline on arbitrary bytes: sniff, container walk, decode under limits,
//! EXIF, renditions and perceptual hash, exactly as an upload runs it. A refusal is fine; a
//! panic, an allocation past the limits or a hang is a bug.
#![no_main]

use touchstone_server::evidence::{Limits, process};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    // Smaller than the server's limits so that each run stays fast; the checks are the same.
    let limits = Limits {
        max_bytes: 1024 * 1024,
        max_width: 4096,
        max_height: 4096,
        max_pixels: 4_000_000,
        max_alloc: 64 * 1024 * 1024,
    };
    let _ = process(bytes::Bytes::copy_from_slice(data), &limits);
});
