//! `precompress DIR`: writes `FILE.br` and `FILE.gz` next to every HTML, CSS, JS, wasm, SVG
//! and manifest file below DIR (except `sw.js`). Run by `client/build.sh`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let (Some(dir), None) = (args.next(), args.next()) else {
        eprintln!("usage: precompress DIR");
        return ExitCode::from(2);
    };
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    match touchstone_precompress::compress_dir(dir.as_ref(), threads) {
        Ok(count) => {
            eprintln!("precompress: {count} files compressed (brotli 11, gzip 9)");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("precompress: {error}");
            ExitCode::FAILURE
        }
    }
}
