//! The field bundle's entry point: sign-in, assignments, the audit form and sync.
//! wasm-bindgen runs `main` when the module is initialised.

fn main() {
    touchstone_client::start_field();
}
