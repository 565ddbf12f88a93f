//! Shoppers' pay beyond the job: bonus and deduction lines, and pay periods closed into a
//! ledger for payroll. Money is integer minor units with its currency, never floats.

use crate::api_type;
use crate::error::{FieldError, Valid, require_text};
use crate::panel::PayLine;
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

/// Largest bonus or deduction, in minor units.
pub const MAX_ADJUSTMENT_MINOR: i64 = 100_000_000;

/// Longest pay period, in days.
pub const MAX_PERIOD_DAYS: i64 = 366;

/// Where a job's pay stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PayStatus {
    /// The job is claimed; its audit is not approved.
    Pending,
    /// The audit is approved; no closed pay period holds the line yet.
    Payable,
    /// A closed pay period's ledger holds the line.
    Paid,
}

impl PayStatus {
    /// The status of a line: paid once in a ledger, else payable while approved.
    pub fn of(in_ledger: bool, approved: bool) -> PayStatus {
        match (in_ledger, approved) {
            (true, _) => PayStatus::Paid,
            (false, true) => PayStatus::Payable,
            (false, false) => PayStatus::Pending,
        }
    }

    /// The name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            PayStatus::Pending => "pending",
            PayStatus::Payable => "payable",
            PayStatus::Paid => "paid",
        }
    }

    /// The word shown to people.
    pub fn label(self) -> &'static str {
        match self {
            PayStatus::Pending => "Pending",
            PayStatus::Payable => "Payable",
            PayStatus::Paid => "Paid",
        }
    }
}

api_type! {
    /// Body of `POST /api/v1/jobs/{id}/adjustments`.
    #[serde(deny_unknown_fields)]
    pub struct AdjustmentInput {
        /// Bonus (positive) or deduction (negative), in minor units of `currency`.
        pub amount_minor: i64,
        /// ISO 4217 code; must be the job's currency.
        pub currency: String,
        /// Why, for the shopper and the payroll.
        pub reason: String,
    }

    /// A bonus or deduction on a job's pay.
    pub struct Adjustment {
        /// Id.
        pub id: Uuid,
        /// The job.
        pub job_id: Uuid,
        /// Bonus (positive) or deduction (negative), in minor units.
        pub amount_minor: i64,
        /// ISO 4217 code.
        pub currency: String,
        /// Why.
        pub reason: String,
        /// The staff member who added it.
        pub created_by: Uuid,
        /// When.
        pub created_at: DateTime<Utc>,
    }

    /// Body of `POST /api/v1/pay-periods`: the days of the period, both included, in the
    /// organisation's time zone.
    #[serde(deny_unknown_fields)]
    pub struct PeriodInput {
        /// First day.
        pub from: NaiveDate,
        /// Last day.
        pub to: NaiveDate,
    }

    /// A payable line frozen into a ledger.
    pub struct LedgerLine {
        /// The line as it was when the period closed.
        #[serde(flatten)]
        pub line: PayLine,
        /// When its audit was approved.
        pub approved_at: DateTime<Utc>,
    }

    /// One shopper's total in one currency.
    pub struct ShopperTotal {
        /// The shopper.
        pub shopper_id: Uuid,
        /// Their name.
        pub shopper_name: String,
        /// ISO 4217 code.
        pub currency: String,
        /// Lines summed.
        pub lines: u32,
        /// Sum of the lines' totals, in minor units.
        pub total_minor: i64,
    }

    /// The sum of a ledger in one currency.
    pub struct CurrencyTotal {
        /// ISO 4217 code.
        pub currency: String,
        /// Sum, in minor units.
        pub total_minor: i64,
    }

    /// A closed pay period, without its lines.
    pub struct LedgerSummary {
        /// Id.
        pub id: Uuid,
        /// First day.
        pub from: NaiveDate,
        /// Last day.
        pub to: NaiveDate,
        /// The zone its days were counted in.
        pub time_zone: String,
        /// Start of the first day.
        pub starts_at: DateTime<Utc>,
        /// Start of the day after the last.
        pub ends_at: DateTime<Utc>,
        /// When it was closed.
        pub closed_at: DateTime<Utc>,
        /// Lines frozen.
        pub lines: u32,
        /// Sums per currency.
        pub totals: Vec<CurrencyTotal>,
    }

    /// A closed pay period with its lines and the totals per shopper.
    pub struct Ledger {
        /// The period.
        #[serde(flatten)]
        pub summary: LedgerSummary,
        /// One per job paid, by shopper.
        pub items: Vec<LedgerLine>,
        /// One per shopper and currency.
        pub shopper_totals: Vec<ShopperTotal>,
    }
}

/// ISO 4217-shaped: three capital letters.
pub fn check_currency(field: &str, currency: &str) -> Valid {
    if currency.len() == 3 && currency.chars().all(|c| c.is_ascii_uppercase()) {
        Ok(())
    } else {
        Err(FieldError::new(
            field,
            "must be an ISO 4217 code such as EUR",
        ))
    }
}

impl AdjustmentInput {
    /// Checks the amount, currency and reason.
    pub fn validate(&self) -> Valid {
        if self.amount_minor == 0
            || !(-MAX_ADJUSTMENT_MINOR..=MAX_ADJUSTMENT_MINOR).contains(&self.amount_minor)
        {
            return Err(FieldError::new(
                "amount_minor",
                "must be a whole number of minor units, not 0, between -100000000 and 100000000",
            ));
        }
        check_currency("currency", &self.currency)?;
        require_text("reason", &self.reason, 500)
    }
}

impl PeriodInput {
    /// Checks that the days are in order, in range and at most a year apart.
    pub fn validate(&self) -> Valid {
        use chrono::Datelike;
        for (field, day) in [("from", self.from), ("to", self.to)] {
            if !(crate::error::MIN_YEAR..=crate::error::MAX_YEAR).contains(&day.year()) {
                return Err(FieldError::new(field, "must be a day from 2000 to 2100"));
            }
        }
        if self.to < self.from {
            return Err(FieldError::new("to", "must not be before `from`"));
        }
        if (self.to - self.from).num_days() >= MAX_PERIOD_DAYS {
            return Err(FieldError::new("to", "a period lasts at most 366 days"));
        }
        Ok(())
    }
}

/// Totals per shopper and currency, and per currency, of `lines`: sums of their totals.
pub fn totals<'a>(
    lines: impl IntoIterator<Item = &'a PayLine>,
) -> (Vec<ShopperTotal>, Vec<CurrencyTotal>) {
    use std::collections::BTreeMap;
    let mut shoppers: BTreeMap<(String, Uuid, String), (u32, i64)> = BTreeMap::new();
    let mut currencies: BTreeMap<String, i64> = BTreeMap::new();
    for l in lines {
        let key = (l.shopper_name.clone(), l.shopper_id, l.currency.clone());
        let entry = shoppers.entry(key).or_default();
        entry.0 += 1;
        entry.1 += l.total_minor;
        *currencies.entry(l.currency.clone()).or_default() += l.total_minor;
    }
    let shoppers = shoppers
        .into_iter()
        .map(
            |((shopper_name, shopper_id, currency), (lines, total_minor))| ShopperTotal {
                shopper_id,
                shopper_name,
                currency,
                lines,
                total_minor,
            },
        )
        .collect();
    let currencies = currencies
        .into_iter()
        .map(|(currency, total_minor)| CurrencyTotal {
            currency,
            total_minor,
        })
        .collect();
    (shoppers, currencies)
}

/// An amount in minor units as text with two decimals and its currency: `EUR 40.72`,
/// `EUR -1.33`.
pub fn format_minor(minor: i64, currency: &str) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    format!("{currency} {sign}{}.{:02}", abs / 100, abs % 100)
}

/// Minor units from text such as `12`, `12.5`, `-1.33` (at most two decimals), without
/// going through floating point.
pub fn parse_minor(text: &str) -> Option<i64> {
    let text = text.trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (whole, cents) = digits.split_once(['.', ',']).unwrap_or((digits, ""));
    let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() && cents.is_empty()
        || whole.len() > 12
        || cents.len() > 2
        || !all_digits(whole)
        || !all_digits(cents)
    {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let cents: i64 = format!("{cents:0<2}").parse().ok()?;
    let minor = whole * 100 + cents;
    Some(if negative { -minor } else { minor })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_and_written_in_whole_minor_units() {
        assert_eq!(format_minor(4072, "EUR"), "EUR 40.72");
        assert_eq!(format_minor(-133, "EUR"), "EUR -1.33");
        assert_eq!(format_minor(5, "GBP"), "GBP 0.05");
        for (text, minor) in [
            ("12", 1200),
            ("12.5", 1250),
            ("-1.33", -133),
            ("0,07", 7),
            (".5", 50),
            ("+3", 300),
        ] {
            assert_eq!(parse_minor(text), Some(minor), "{text}");
        }
        for text in ["", "-", "1.234", "1e3", "abc", "1.2.3", "12345678901234"] {
            assert_eq!(parse_minor(text), None, "{text}");
        }
    }

    #[test]
    fn periods_and_adjustments_are_checked() {
        let day = |s: &str| s.parse::<NaiveDate>().expect("day");
        let period = |a, b| PeriodInput {
            from: day(a),
            to: day(b),
        };
        assert!(period("2026-11-01", "2026-11-30").validate().is_ok());
        assert_eq!(
            period("2026-11-02", "2026-11-01")
                .validate()
                .map_err(|e| e.field),
            Err("to".into())
        );
        assert!(period("2026-01-01", "2027-01-02").validate().is_err());
        let adj = |amount_minor, currency: &str, reason: &str| AdjustmentInput {
            amount_minor,
            currency: currency.into(),
            reason: reason.into(),
        };
        assert!(adj(-133, "EUR", "Late").validate().is_ok());
        assert!(adj(0, "EUR", "Late").validate().is_err());
        for extreme in [i64::MIN, i64::MAX, -MAX_ADJUSTMENT_MINOR - 1] {
            let refused = adj(extreme, "EUR", "Late").validate().map_err(|e| e.field);
            assert_eq!(refused, Err("amount_minor".into()));
        }
        assert!(adj(5, "EURO", "Late").validate().is_err());
        assert!(adj(5, "EUR", "  ").validate().is_err());
    }
}
