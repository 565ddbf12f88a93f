//! What an auditor's save does to an audit already stored: the one table of status
//! transitions, used by the server and tested here row by row.

use crate::audit::AuditStatus;

/// The outcome of saving an audit that is already stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Save {
    /// Nothing changes: the same state was sent again (a retry).
    Unchanged,
    /// The audit moves to (or stays in, with a new body) this status.
    To(AuditStatus),
    /// The audit is submitted or approved and can no longer be changed by its auditor.
    Locked,
}

/// The outcome of saving `sent` over an audit `current`; `same_body` when the answers,
/// notes and visit sent are the ones stored.
pub fn save(current: AuditStatus, sent: AuditStatus, same_body: bool) -> Save {
    use AuditStatus::{Approved, Draft, Returned, Submitted};
    match (current, sent) {
        (Submitted | Approved, Submitted) if same_body => Save::Unchanged,
        (Submitted | Approved, _) => Save::Locked,
        (Draft, Draft) if same_body => Save::Unchanged,
        // A returned audit stays returned while the auditor saves corrections.
        (Returned, Draft) if same_body => Save::Unchanged,
        (Returned, Draft) => Save::To(Returned),
        (_, status) => Save::To(status),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AuditStatus::{Approved, Draft, Returned, Submitted};

    #[test]
    fn every_save_over_a_stored_audit() {
        let to = Save::To;
        // current, sent, same body, outcome
        let table = [
            (Draft, Draft, true, Save::Unchanged),
            (Draft, Draft, false, to(Draft)),
            (Draft, Submitted, true, to(Submitted)),
            (Draft, Submitted, false, to(Submitted)),
            (Submitted, Submitted, true, Save::Unchanged),
            (Submitted, Submitted, false, Save::Locked),
            (Submitted, Draft, true, Save::Locked),
            (Approved, Submitted, true, Save::Unchanged),
            (Approved, Submitted, false, Save::Locked),
            (Approved, Draft, false, Save::Locked),
            (Returned, Draft, true, Save::Unchanged),
            (Returned, Draft, false, to(Returned)),
            (Returned, Submitted, true, to(Submitted)),
            (Returned, Submitted, false, to(Submitted)),
        ];
        for (current, sent, same_body, expected) in table {
            assert_eq!(
                save(current, sent, same_body),
                expected,
                "{current:?} + {sent:?} (same body: {same_body})"
            );
        }
    }
}
