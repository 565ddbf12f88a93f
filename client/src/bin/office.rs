//! The office bundle's entry point: every page (review, scorecards, actions, consultant
//! tools, and the field pages). wasm-bindgen runs `main` when the module is initialised.

fn main() {
    touchstone_client::start_office();
}
