//! The answers of the date, time, short text, stopwatch, receipt, signature and barcode
//! items: their values and the checks the phone and the server both make of them.

use crate::api_type;
use crate::audit::{Answer, AnswerValue};
use crate::checklist::{ChecklistContent, ItemKind};
use crate::error::{FieldError, MAX_YEAR, MIN_YEAR, Valid, require_name};
use chrono::{DateTime, Datelike, FixedOffset, Utc};

/// Longest short text (a staff member's name, a code on a badge), in characters.
pub const MAX_SHORT_TEXT: usize = 200;

/// Longest timed observation: a stopwatch run for longer was left running by mistake.
pub const MAX_STOPWATCH_SECONDS: i64 = 24 * 3600;

/// Largest receipt amount, in minor units (a hundred million of the currency's units).
pub const MAX_RECEIPT_MINOR: i64 = 10_000_000_000;

api_type! {
    /// A stopwatch answer: when the auditor started and stopped the timer.
    pub struct Timing {
        /// Start.
        pub started_at: DateTime<Utc>,
        /// Stop.
        pub stopped_at: DateTime<Utc>,
    }

    /// A receipt answer; the receipt's photo is the answer's photo.
    pub struct ReceiptAnswer {
        /// The amount paid, in minor units (cents).
        pub amount_minor: i64,
        /// ISO 4217 code, e.g. `EUR`.
        pub currency: String,
        /// The date and time printed on the receipt, with the offset of where it was issued.
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
        pub issued_at: DateTime<FixedOffset>,
    }
}

impl Timing {
    /// Seconds between start and stop.
    pub fn seconds(&self) -> f64 {
        (self.stopped_at - self.started_at).num_milliseconds() as f64 / 1000.0
    }
}

/// Checks a local date and time (of a date or time item, or printed on a receipt): in the
/// years the server accepts.
pub fn check_when(field: &str, value: &DateTime<FixedOffset>) -> Valid {
    if (MIN_YEAR..=MAX_YEAR).contains(&value.year()) {
        Ok(())
    } else {
        Err(FieldError::new(
            field,
            format!("must be a date in the years {MIN_YEAR} to {MAX_YEAR}"),
        ))
    }
}

/// Checks a short text answer: one line of at most [`MAX_SHORT_TEXT`] characters.
pub fn check_short_text(field: &str, text: &str) -> Valid {
    require_name(field, text, MAX_SHORT_TEXT)?;
    if text.contains(['\n', '\r', '\t']) {
        return Err(FieldError::new(field, "must be one line"));
    }
    Ok(())
}

/// Checks a stopwatch answer: stopped after it started, and within a day.
pub fn check_timing(field: &str, timing: &Timing) -> Valid {
    crate::error::check_date(&format!("{field}.started_at"), &timing.started_at)?;
    let seconds = (timing.stopped_at - timing.started_at).num_seconds();
    if timing.stopped_at < timing.started_at {
        return Err(FieldError::new(
            format!("{field}.stopped_at"),
            "the stopwatch must stop after it started",
        ));
    }
    if seconds > MAX_STOPWATCH_SECONDS {
        return Err(FieldError::new(
            format!("{field}.stopped_at"),
            "a timed observation lasts at most 24 hours",
        ));
    }
    Ok(())
}

/// Checks that a stopwatch ran inside the visit: not before the check-in, not after the
/// check-out. Both come from the phone's clock, as do the stopwatch's instants, so an
/// instant outside can only be a tampered or broken submission, never clock drift.
pub fn check_timing_in_visit(
    field: &str,
    label: &str,
    timing: &Timing,
    check_in: Option<DateTime<Utc>>,
    check_out: Option<DateTime<Utc>>,
) -> Valid {
    if check_in.is_some_and(|i| timing.started_at < i) {
        return Err(FieldError::new(
            format!("{field}.started_at"),
            format!("\"{label}\" was started before the check-in"),
        ));
    }
    if check_out.is_some_and(|o| timing.stopped_at > o) {
        return Err(FieldError::new(
            format!("{field}.stopped_at"),
            format!("\"{label}\" was stopped after the check-out"),
        ));
    }
    Ok(())
}

/// Checks a receipt answer: an amount of zero or more, a three-letter currency code and a
/// plausible date.
pub fn check_receipt(field: &str, receipt: &ReceiptAnswer) -> Valid {
    if !(0..=MAX_RECEIPT_MINOR).contains(&receipt.amount_minor) {
        return Err(FieldError::new(
            format!("{field}.amount_minor"),
            format!("must be between 0 and {MAX_RECEIPT_MINOR} (minor units)"),
        ));
    }
    if !is_currency(&receipt.currency) {
        return Err(FieldError::new(
            format!("{field}.currency"),
            "must be a three-letter currency code such as EUR",
        ));
    }
    check_when(&format!("{field}.issued_at"), &receipt.issued_at)
}

/// Whether `code` looks like an ISO 4217 code: three capital letters.
pub fn is_currency(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// Checks a barcode answer: one line, and matching the item's pattern when it has one.
pub fn check_barcode(field: &str, code: &str, pattern: Option<&str>) -> Valid {
    check_short_text(field, code)?;
    match pattern {
        Some(p) if !matches_pattern(p, code) => Err(FieldError::new(
            field,
            format!("\"{code}\" does not match the pattern {p}"),
        )),
        _ => Ok(()),
    }
}

/// Checks a barcode item's pattern at `field`.
pub fn check_pattern(field: &str, pattern: &str) -> Valid {
    check_short_text(field, pattern)
}

/// Whether `code` matches a barcode pattern: `#` is a digit, `@` a letter, `?` any one
/// character, `*` any run of characters (also none); every other character is itself.
/// E.g. `#############` is an EAN-13, `TBL-##` a table tag, `https://*` a link.
pub fn matches_pattern(pattern: &str, code: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let c: Vec<char> = code.chars().collect();
    // Classic wildcard matching, with the star's last position to fall back to.
    let (mut i, mut j, mut star, mut mark) = (0, 0, None, 0);
    while j < c.len() {
        let one = p.get(i).is_some_and(|&pc| match pc {
            '#' => c[j].is_ascii_digit(),
            '@' => c[j].is_alphabetic(),
            '?' => true,
            '*' => false,
            pc => pc == c[j],
        });
        if one {
            i += 1;
            j += 1;
        } else if p.get(i) == Some(&'*') {
            star = Some(i);
            mark = j;
            i += 1;
        } else if let Some(s) = star {
            i = s + 1;
            mark += 1;
            j = mark;
        } else {
            return false;
        }
    }
    p[i..].iter().all(|&pc| pc == '*')
}

/// Whether an answer of this kind is the photo attached to it (photo and signature items):
/// without a photo it is not given.
pub fn answered_by_photo(kind: &ItemKind) -> bool {
    matches!(kind, ItemKind::Photo | ItemKind::Signature { .. })
}

/// The photos of the signatures the checklist keeps from the client's managers.
pub fn private_photos(checklist: &ChecklistContent, answers: &[Answer]) -> Vec<String> {
    let private = |a: &&Answer| {
        checklist.item(a.item_id).is_some_and(|(_, i)| {
            matches!(
                i.kind,
                ItemKind::Signature {
                    show_to_managers: false
                }
            )
        })
    };
    answers
        .iter()
        .filter(private)
        .flat_map(|a| a.photos.iter().cloned())
        .collect()
}

/// A local date and time as people read it: `2026-12-05 14:30 +01:00`.
pub fn when_text(w: &DateTime<FixedOffset>) -> String {
    use chrono::Timelike;
    format!(
        "{} {:02}:{:02} {}",
        w.date_naive(),
        w.hour(),
        w.minute(),
        w.offset()
    )
}

/// Seconds as `m:ss` (`3:05`), or `h:mm:ss` from an hour.
pub fn duration_text(seconds: f64) -> String {
    let s = seconds.max(0.0).round() as i64;
    match (s / 3600, s / 60 % 60, s % 60) {
        (0, m, s) => format!("{m}:{s:02}"),
        (h, m, s) => format!("{h}:{m:02}:{s:02}"),
    }
}

/// An amount in minor units with two decimals and its currency: `12.50 EUR`.
pub fn amount_text(minor: i64, currency: &str) -> String {
    format!("{}.{:02} {currency}", minor / 100, minor % 100)
}

/// The answers of the kinds this module holds as one line of text, for reports, exports and
/// the review screens; `None` for the other kinds.
pub fn answer_text(value: &AnswerValue) -> Option<String> {
    Some(match value {
        AnswerValue::When(w) => when_text(w),
        AnswerValue::ShortText(t) | AnswerValue::Barcode(t) => t.clone(),
        AnswerValue::NotGiven => "Not given".into(),
        AnswerValue::Stopwatch(t) => duration_text(t.seconds()),
        AnswerValue::Receipt(r) => format!(
            "{}, {}",
            amount_text(r.amount_minor, &r.currency),
            when_text(&r.issued_at)
        ),
        AnswerValue::Signature => "Signed".into(),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_digits_letters_and_runs() {
        assert!(matches_pattern("#####", "12345"));
        assert!(!matches_pattern("#####", "1234"));
        assert!(!matches_pattern("#####", "1234a"));
        assert!(matches_pattern("TBL-##", "TBL-07"));
        assert!(!matches_pattern("TBL-##", "TBX-07"));
        assert!(matches_pattern("https://*", "https://x.example/a"));
        assert!(matches_pattern("*-@", "abc-d"));
        assert!(!matches_pattern("*-@", "abc-1"));
        assert!(matches_pattern("a*b*c", "aXXbYYc"));
        assert!(matches_pattern("?", "é"));
    }

    #[test]
    fn timings_and_receipts_are_checked() {
        let at = |s: &str| s.parse::<DateTime<Utc>>().expect("date");
        let ok = Timing {
            started_at: at("2026-01-01T10:00:00Z"),
            stopped_at: at("2026-01-01T10:03:00Z"),
        };
        assert_eq!(ok.seconds(), 180.0);
        assert!(check_timing("v", &ok).is_ok());
        let backwards = Timing {
            started_at: ok.stopped_at,
            stopped_at: ok.started_at,
        };
        assert!(check_timing("v", &backwards).is_err());
        let inside = check_timing_in_visit("v", "Wait", &ok, Some(ok.started_at), None);
        assert!(inside.is_ok());
        let late = Some(at("2026-01-01T10:01:00Z"));
        assert!(check_timing_in_visit("v", "Wait", &ok, late, None).is_err());
        assert!(check_timing_in_visit("v", "Wait", &ok, None, late).is_err());
        let receipt = ReceiptAnswer {
            amount_minor: 1250,
            currency: "EUR".into(),
            issued_at: "2026-01-01T10:00:00+01:00".parse().expect("date"),
        };
        assert!(check_receipt("v", &receipt).is_ok());
        for bad in [
            ReceiptAnswer {
                amount_minor: -1,
                ..receipt.clone()
            },
            ReceiptAnswer {
                currency: "eur".into(),
                ..receipt.clone()
            },
        ] {
            assert!(check_receipt("v", &bad).is_err());
        }
    }
}
