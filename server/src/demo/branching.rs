//! The demo checklist's branches, so the demo shows items that appear with an answer.

use touchstone_shared::checklist::Section;
use touchstone_shared::condition::{Condition, ConditionValue};

/// (the item asked only sometimes, the earlier yes/no item, the answer that asks it).
const BRANCHES: [(&str, &str, bool); 2] = [
    ("Loyalty app mentioned", "Loyalty card offered", false),
    (
        "Product knowledge",
        "Barista suggested an add-on or upsell",
        true,
    ),
];

/// Gives the items of [`BRANCHES`] their conditions.
pub fn add_conditions(sections: &mut [Section]) {
    for (asked, on, answer) in BRANCHES {
        let id_of = |label: &str, sections: &[Section]| {
            sections
                .iter()
                .flat_map(|s| &s.items)
                .find(|i| i.label == label)
                .map(|i| i.id)
        };
        let Some(trigger) = id_of(on, sections) else {
            continue;
        };
        if let Some(item) = sections
            .iter_mut()
            .flat_map(|s| s.items.iter_mut())
            .find(|i| i.label == asked)
        {
            item.show_if = Some(Condition::Equals {
                item_id: trigger,
                value: ConditionValue::Bool(answer),
            });
        }
    }
}
