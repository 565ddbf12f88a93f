//! A shopper's details beyond position and rating: the home area's label, the languages they
//! speak and the demographics a client may require for a scenario. All optional; only the
//! shopper and staff of their organisation see them (never clients).

use crate::api_type;
use crate::error::{FieldError, Valid, optional_text, require_text};
use std::collections::BTreeMap;

/// Most languages a shopper lists.
pub const MAX_LANGUAGES: usize = 20;

/// Most demographic facts a shopper gives.
pub const MAX_DEMOGRAPHICS: usize = 20;

api_type! {
    /// The shopper's optional details, in their profile and in staff's view of it.
    #[derive(Default)]
    pub struct ShopperDetails {
        /// What the home area is called ("Camden, London"); empty when not given.
        #[serde(default)]
        pub home_label: String,
        /// Languages spoken, as the shopper names them ("English", "pt-PT").
        #[serde(default)]
        pub languages: Vec<String>,
        /// Facts a scenario may require, by name ("age band" → "25–34").
        #[serde(default)]
        pub demographics: BTreeMap<String, String>,
    }
}

impl ShopperDetails {
    /// Checks lengths and counts, and that no language or demographic is blank.
    pub fn validate(&self) -> Valid {
        optional_text("home_label", &self.home_label, 200)?;
        if self.languages.len() > MAX_LANGUAGES {
            return Err(FieldError::new("languages", "at most 20 languages"));
        }
        for (n, language) in self.languages.iter().enumerate() {
            require_text(&format!("languages[{n}]"), language, 60)?;
        }
        if self.demographics.len() > MAX_DEMOGRAPHICS {
            return Err(FieldError::new("demographics", "at most 20 entries"));
        }
        for (name, value) in &self.demographics {
            require_text("demographics", name, 60)?;
            require_text(&format!("demographics.{name}"), value, 200)?;
        }
        Ok(())
    }

    /// The same details trimmed, with repeated languages dropped (first spelling kept).
    pub fn normalised(&self) -> ShopperDetails {
        let mut languages: Vec<String> = Vec::new();
        for language in &self.languages {
            let language = language.trim();
            if !languages.iter().any(|l| l.eq_ignore_ascii_case(language)) {
                languages.push(language.to_owned());
            }
        }
        ShopperDetails {
            home_label: self.home_label.trim().to_owned(),
            languages,
            demographics: self
                .demographics
                .iter()
                .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
                .collect(),
        }
    }
}

/// Languages typed as one line, separated by commas or semicolons; blanks dropped.
pub fn languages_from_text(text: &str) -> Vec<String> {
    text.split([',', ';'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Demographics typed one a line as `name: value`; blank lines dropped. A line without a
/// colon is refused, naming it.
pub fn demographics_from_text(text: &str) -> Result<BTreeMap<String, String>, FieldError> {
    let mut out = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err(FieldError::new(
                "demographics",
                format!(
                    "line {} needs a name and a value, as in 'age band: 25-34'",
                    n + 1
                ),
            ));
        };
        out.insert(name.trim().to_owned(), value.trim().to_owned());
    }
    Ok(out)
}

/// Demographics as [`demographics_from_text`] reads them.
pub fn demographics_to_text(demographics: &BTreeMap<String, String>) -> String {
    demographics
        .iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_are_checked_and_trimmed() {
        let details = ShopperDetails {
            home_label: " Camden ".into(),
            languages: vec!["English".into(), " english".into(), "Português".into()],
            demographics: [(" age band".into(), "25–34 ".into())].into(),
        };
        assert!(details.validate().is_ok());
        let n = details.normalised();
        assert_eq!(n.home_label, "Camden");
        assert_eq!(n.languages, ["English", "Português"]);
        assert_eq!(
            n.demographics.get("age band").map(String::as_str),
            Some("25–34")
        );
        let blank = ShopperDetails {
            languages: vec!["  ".into()],
            ..ShopperDetails::default()
        };
        assert_eq!(
            blank.validate().map_err(|e| e.field),
            Err("languages[0]".into())
        );
        let empty_value = ShopperDetails {
            demographics: [("car".into(), "".into())].into(),
            ..ShopperDetails::default()
        };
        assert_eq!(
            empty_value.validate().map_err(|e| e.field),
            Err("demographics.car".into())
        );
        let many = ShopperDetails {
            languages: (0..21).map(|n| format!("L{n}")).collect(),
            ..ShopperDetails::default()
        };
        assert_eq!(
            many.validate().map_err(|e| e.field),
            Err("languages".into())
        );
    }

    #[test]
    fn typed_languages_and_demographics_round_trip() {
        assert_eq!(
            languages_from_text(" English, Português;; fr "),
            ["English", "Português", "fr"]
        );
        let d = demographics_from_text("age band: 25-34\n\n car : yes: a van").expect("read");
        assert_eq!(d.get("car").map(String::as_str), Some("yes: a van"));
        assert_eq!(demographics_from_text(&demographics_to_text(&d)), Ok(d));
        let refused = demographics_from_text("age band: 25-34\nsmoker").map_err(|e| e.message);
        assert!(refused.is_err_and(|m| m.starts_with("line 2 ")));
    }
}
