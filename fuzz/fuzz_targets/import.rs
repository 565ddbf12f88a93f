//! What the two import targets share: a file read into a table, then parsed both as
//! locations and as checklist items, as the import routes do. Problems are fine; a panic,
//! an overflow or a hang is a bug.

use std::collections::HashSet;
use touchstone_server::import::fixtures::journey;
use touchstone_server::import::{self, Format, checklists, locations};
use uuid::Uuid;

pub fn run(format: Format, data: &[u8]) {
    let Ok(table) = import::read(format, data) else {
        return;
    };
    let stored = HashSet::from(["LIS-01".to_owned()]);
    let _ = locations::parse(&table, Uuid::nil(), &stored);
    let journey = journey();
    if let Ok(parsed) = checklists::parse(&table, &journey) {
        let _ = checklists::content(&parsed, "Fuzzed", false, Some(10));
    }
}
