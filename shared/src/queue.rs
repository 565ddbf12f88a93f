//! The review queue's orders: which submitted audit a reviewer sees first.

use crate::audit::AuditSummary;
use std::cmp::Ordering;

/// How the review queue is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QueueOrder {
    /// Oldest submission first: the audit waiting longest is reviewed first (the default).
    #[default]
    OldestSubmitted,
    /// Newest submission first.
    NewestSubmitted,
    /// Lowest score first (no score last), then oldest submission.
    LowestScore,
    /// Most proof-of-visit flags first, then oldest submission.
    MostFlags,
}

impl QueueOrder {
    /// Every order, the default first.
    pub const ALL: [QueueOrder; 4] = [
        QueueOrder::OldestSubmitted,
        QueueOrder::NewestSubmitted,
        QueueOrder::LowestScore,
        QueueOrder::MostFlags,
    ];

    /// Stable name, for a form's value.
    pub fn as_str(self) -> &'static str {
        match self {
            QueueOrder::OldestSubmitted => "oldest",
            QueueOrder::NewestSubmitted => "newest",
            QueueOrder::LowestScore => "lowest-score",
            QueueOrder::MostFlags => "most-flags",
        }
    }

    /// The order a name gives; the default for anything else.
    pub fn parse(name: &str) -> QueueOrder {
        Self::ALL
            .into_iter()
            .find(|o| o.as_str() == name)
            .unwrap_or_default()
    }

    /// What a person reads.
    pub fn label(self) -> &'static str {
        match self {
            QueueOrder::OldestSubmitted => "Oldest submitted first",
            QueueOrder::NewestSubmitted => "Newest submitted first",
            QueueOrder::LowestScore => "Lowest score first",
            QueueOrder::MostFlags => "Most flags first",
        }
    }

    /// Sorts `audits` in this order; ties keep their order.
    pub fn sort(self, audits: &mut [AuditSummary]) {
        // Before a submission time was recorded, the last change stands in for it.
        let submitted = |a: &AuditSummary| a.submitted_at.unwrap_or(a.updated_at);
        let oldest = |a: &AuditSummary, b: &AuditSummary| submitted(a).cmp(&submitted(b));
        audits.sort_by(|a, b| match self {
            QueueOrder::OldestSubmitted => oldest(a, b),
            QueueOrder::NewestSubmitted => oldest(b, a),
            QueueOrder::LowestScore => lowest(a.percent, b.percent).then_with(|| oldest(a, b)),
            QueueOrder::MostFlags => b.flags.len().cmp(&a.flags.len()).then_with(|| oldest(a, b)),
        });
    }
}

/// Lower scores first; an audit without a score after every scored one.
fn lowest(a: Option<f64>, b: Option<f64>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.total_cmp(&b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::AuditStatus;
    use chrono::{DateTime, Utc};
    use uuid::Uuid;

    fn audit(n: u128, submitted_min: i64, percent: Option<f64>, flags: usize) -> AuditSummary {
        let at =
            DateTime::<Utc>::from_timestamp(1_800_000_000 + submitted_min * 60, 0).expect("time");
        let flag = crate::verify::Flag {
            kind: crate::verify::FlagKind::ShortVisit,
            message: String::new(),
            figures: Default::default(),
        };
        AuditSummary {
            id: Uuid::from_u128(n),
            assignment_id: Uuid::nil(),
            client_id: Uuid::nil(),
            location_id: Uuid::nil(),
            auditor_id: Uuid::nil(),
            status: AuditStatus::Submitted,
            percent,
            critical_failure: false,
            check_in_at: None,
            submitted_at: Some(at),
            updated_at: at,
            flags: vec![flag; flags],
        }
    }

    fn order(o: QueueOrder) -> Vec<u128> {
        let mut list = vec![
            audit(1, 30, Some(90.0), 0),
            audit(2, 10, None, 2),
            audit(3, 20, Some(40.0), 1),
            audit(4, 5, Some(40.0), 0),
        ];
        o.sort(&mut list);
        list.iter().map(|a| a.id.as_u128()).collect()
    }

    #[test]
    fn each_order_puts_the_right_audit_first() {
        let table = [
            (QueueOrder::OldestSubmitted, [4, 2, 3, 1]),
            (QueueOrder::NewestSubmitted, [1, 3, 2, 4]),
            (QueueOrder::LowestScore, [4, 3, 1, 2]),
            (QueueOrder::MostFlags, [2, 3, 4, 1]),
        ];
        for (o, expected) in table {
            assert_eq!(order(o), expected, "{o:?}");
        }
    }

    #[test]
    fn names_round_trip_and_unknown_names_read_as_the_default() {
        for o in QueueOrder::ALL {
            assert_eq!(QueueOrder::parse(o.as_str()), o);
        }
        assert_eq!(QueueOrder::parse("sideways"), QueueOrder::OldestSubmitted);
        assert_eq!(QueueOrder::default(), QueueOrder::ALL[0]);
    }
}
