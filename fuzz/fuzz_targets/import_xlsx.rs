//! The XLSX import parser on arbitrary bytes.
#![no_main]

#[path = "import.rs"]
mod import;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    import::run(touchstone_server::import::Format::Xlsx, data);
});
