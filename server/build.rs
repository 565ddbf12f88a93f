//! Rebuilds the server when a migration is added or changed: `sqlx::migrate!` embeds both
//! migration folders at compile time, and cargo would not notice a new file in them.
fn main() {
    println!("cargo:rerun-if-changed=../migrations");
}
