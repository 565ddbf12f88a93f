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

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use touchstone_shared::checklist::{ChecklistContent, ItemKind};

    /// The demo checklist shows what issue 18 built: items that appear with an answer, and
    /// the newer answer types, in a checklist the server accepts.
    #[test]
    fn the_demo_checklist_branches_and_asks_the_newer_answer_types() {
        let (_, sections) = super::super::journey_and_sections();
        let touchpoints: HashSet<_> = sections.iter().map(|s| s.touchpoint_id).collect();
        let content = ChecklistContent {
            name: "demo".into(),
            critical_fails_audit: false,
            min_visit_minutes: None,
            sections,
        };
        content
            .validate(&touchpoints)
            .expect("the demo checklist is valid");
        let branched: Vec<_> = content
            .items()
            .filter(|(_, i)| i.show_if.is_some())
            .map(|(_, i)| i.label.as_str())
            .collect();
        assert_eq!(branched.len(), super::BRANCHES.len(), "{branched:?}");
        let newer: HashSet<_> = content
            .items()
            .filter_map(|(_, i)| match i.kind {
                ItemKind::MultiSelect { .. } => Some("multi-select"),
                ItemKind::Date => Some("date"),
                ItemKind::Time => Some("time"),
                ItemKind::ShortText { .. } => Some("short text"),
                ItemKind::Stopwatch { .. } => Some("stopwatch"),
                ItemKind::Receipt => Some("receipt"),
                ItemKind::Signature { .. } => Some("signature"),
                ItemKind::Barcode { .. } => Some("barcode"),
                _ => None,
            })
            .collect();
        assert!(newer.len() >= 4, "{newer:?}");
    }
}
