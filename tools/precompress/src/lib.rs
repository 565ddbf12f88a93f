//! Precompression of the web client's static files, so `client/build.sh` needs no `brotli`
//! or `gzip` command on the machine (a fresh one has only rustup and a C toolchain).
//!
//! Next to every HTML, CSS, JS, wasm, SVG and manifest file it writes `FILE.br` (brotli,
//! quality 11) and `FILE.gz` (gzip, level 9, no name or time in the header, so equal inputs
//! give equal bytes), which the server sends instead of compressing on the fly.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Endings of the files worth precompressing (text and wasm; images are compressed already).
const ENDINGS: [&str; 6] = ["html", "css", "js", "wasm", "svg", "webmanifest"];

/// Not precompressed: the service worker is small, fetched apart from page loads, and a
/// deployment (or the e2e test of a new version) may edit it in place; the server compresses
/// it on the fly.
const SKIPPED: &str = "sw.js";

/// Brotli's largest window (16 MiB): the whole of any file the client has.
const BROTLI_WINDOW_BITS: u32 = 24;

/// `bytes` as brotli at its best quality (11).
pub fn brotli(bytes: &[u8]) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 64 * 1024, 11, BROTLI_WINDOW_BITS);
        writer.write_all(bytes)?;
        writer.flush()?;
    }
    Ok(out)
}

/// `bytes` as gzip at its best level (9), with no file name and a zero time in the header.
pub fn gzip(bytes: &[u8]) -> io::Result<Vec<u8>> {
    let mut encoder = flate2::GzBuilder::new()
        .mtime(0)
        .write(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    encoder.finish()
}

/// Whether the file at `path` gets compressed copies.
pub fn is_precompressed(path: &Path) -> bool {
    let name = path.file_name().and_then(|name| name.to_str());
    let ending = path.extension().and_then(|ending| ending.to_str());
    name != Some(SKIPPED) && ending.is_some_and(|ending| ENDINGS.contains(&ending))
}

/// The files below `dir` that get compressed copies, in a stable order.
pub fn files_to_compress(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder)? {
            let entry = entry?;
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                folders.push(path);
            } else if is_precompressed(&path) {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Writes `FILE.br` and `FILE.gz` next to `file`.
pub fn compress_file(file: &Path) -> io::Result<()> {
    let bytes = std::fs::read(file)?;
    std::fs::write(with_suffix(file, "br"), brotli(&bytes)?)?;
    std::fs::write(with_suffix(file, "gz"), gzip(&bytes)?)?;
    Ok(())
}

fn with_suffix(file: &Path, suffix: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

/// Compresses every file below `dir` that gets compressed copies, on `threads` threads
/// (brotli 11 of the wasm bundles is most of the time), and returns how many it compressed.
pub fn compress_dir(dir: &Path, threads: usize) -> io::Result<usize> {
    let files = files_to_compress(dir)?;
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || -> io::Result<()> {
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            match files.get(i) {
                Some(file) => compress_file(file).map_err(|e| with_path(e, file))?,
                None => return Ok(()),
            }
        }
    };
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.max(1)).map(|_| scope.spawn(work)).collect();
        workers.into_iter().try_for_each(|worker| {
            worker
                .join()
                .unwrap_or_else(|_| Err(io::Error::other("a compression thread panicked")))
        })
    })?;
    Ok(files.len())
}

fn with_path(error: io::Error, file: &Path) -> io::Error {
    io::Error::new(error.kind(), format!("{}: {error}", file.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn both_copies_decompress_to_the_original() -> io::Result<()> {
        let text = b"<!doctype html><title>Touchstone</title>".repeat(50);
        let mut from_brotli = Vec::new();
        brotli::Decompressor::new(&brotli(&text)?[..], 4096).read_to_end(&mut from_brotli)?;
        let mut from_gzip = Vec::new();
        flate2::read::GzDecoder::new(&gzip(&text)?[..]).read_to_end(&mut from_gzip)?;
        assert_eq!(from_brotli, text);
        assert_eq!(from_gzip, text);
        Ok(())
    }

    #[test]
    fn gzip_is_the_same_bytes_every_time() -> io::Result<()> {
        assert_eq!(gzip(b"same input")?, gzip(b"same input")?);
        Ok(())
    }

    #[test]
    fn the_service_worker_and_images_are_left_alone() {
        for (path, expected) in [
            ("dist/index.html", true),
            ("dist/pkg/office_bg.wasm", true),
            ("dist/manifest.webmanifest", true),
            ("dist/sw.js", false),
            ("dist/icon.png", false),
            ("dist/index.html.br", false),
        ] {
            assert_eq!(is_precompressed(Path::new(path)), expected, "{path}");
        }
    }
}
