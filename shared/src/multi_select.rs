//! Multi-select answers: which labels may be picked together, and how a tap changes them,
//! one rule for the phone, the builder's preview and the server.

use crate::checklist::ChoiceOption;
use crate::error::{FieldError, Valid};

/// Checks a multi-select's picked labels at `field`: at least one, each an option (or the
/// "none of these" label, then alone), none twice.
pub fn check(
    field: &str,
    options: &[ChoiceOption],
    none_label: Option<&str>,
    picked: &[String],
) -> Valid {
    let problem = if picked.is_empty() {
        Some("pick at least one option".to_owned())
    } else if let Some(bad) = picked
        .iter()
        .find(|p| Some(p.as_str()) != none_label && !options.iter().any(|o| &o.label == *p))
    {
        Some(format!("\"{bad}\" is not one of the item's options"))
    } else if picked.len() > 1 && picked.iter().any(|p| Some(p.as_str()) == none_label) {
        Some("\"none of these\" cannot be picked with other options".to_owned())
    } else if (1..picked.len()).any(|i| picked[..i].contains(&picked[i])) {
        Some("an option is picked twice".to_owned())
    } else {
        None
    };
    match problem {
        Some(message) => Err(FieldError::new(field, message)),
        None => Ok(()),
    }
}

/// The labels picked after tapping `label`: it goes when it was picked, else it joins;
/// "none of these" replaces every other pick, and any other pick replaces it.
pub fn toggle(none_label: Option<&str>, picked: &[String], label: &str) -> Vec<String> {
    if picked.iter().any(|p| p == label) {
        return picked.iter().filter(|p| *p != label).cloned().collect();
    }
    if Some(label) == none_label {
        return vec![label.to_owned()];
    }
    picked
        .iter()
        .filter(|p| Some(p.as_str()) != none_label)
        .cloned()
        .chain(std::iter::once(label.to_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(l: &[&str]) -> Vec<String> {
        l.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn none_of_these_excludes_every_other_pick_both_ways() {
        let none = Some("None");
        assert_eq!(toggle(none, &labels(&["A"]), "B"), labels(&["A", "B"]));
        assert_eq!(toggle(none, &labels(&["A", "B"]), "A"), labels(&["B"]));
        assert_eq!(
            toggle(none, &labels(&["A", "B"]), "None"),
            labels(&["None"])
        );
        assert_eq!(toggle(none, &labels(&["None"]), "A"), labels(&["A"]));
        assert!(toggle(none, &labels(&["None"]), "None").is_empty());
    }

    #[test]
    fn picks_are_checked_against_the_options() {
        let options: Vec<ChoiceOption> = ["A", "B"]
            .iter()
            .map(|l| ChoiceOption {
                label: (*l).into(),
                points: 1.0,
            })
            .collect();
        let check = |p: &[&str]| check("v", &options, Some("None"), &labels(p));
        assert!(check(&["A", "B"]).is_ok());
        assert!(check(&["None"]).is_ok());
        for bad in [&[][..], &["C"], &["A", "None"], &["A", "A"]] {
            assert!(check(bad).is_err(), "{bad:?}");
        }
    }
}
