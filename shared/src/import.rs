//! Imports of spreadsheets (CSV or XLSX): what they create, and what is wrong with them.
//!
//! An import is all or nothing: a file with any problem imports nothing and is answered with
//! a 422 whose body is the usual error envelope plus `errors`, every problem found, row by
//! row ([`ImportErrorBody`]). Clients that only know [`crate::error::ErrorBody`] read it too.

use crate::api_type;
use crate::error::ErrorCode;

api_type! {
    /// One problem of an imported file.
    #[derive(Eq)]
    pub struct RowProblem {
        /// Spreadsheet row, 1-based, counting the header as row 1 (for a batch of
        /// assignments: the 1-based position in the batch).
        pub row: u32,
        /// The column the problem is in, by its header name (for a batch: the field), when
        /// one is to blame.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub column: Option<String>,
        /// What is wrong, for a person to fix.
        pub problem: String,
    }

    /// What an import created.
    pub struct ImportSummary {
        /// Rows imported.
        pub created: u32,
    }

    /// The body of a 422 answer to an import: the error envelope with every problem found.
    pub struct ImportErrorBody {
        /// The error.
        pub error: ImportErrorDetail,
    }

    /// [`crate::error::ErrorDetail`] with the problems of the file row by row.
    pub struct ImportErrorDetail {
        /// `invalid_input`.
        pub code: ErrorCode,
        /// A summary sentence.
        pub message: String,
        /// Every problem found, in row order.
        pub errors: Vec<RowProblem>,
    }
}

impl RowProblem {
    /// A problem of a row, optionally in one column.
    pub fn new(row: u32, column: Option<&str>, problem: impl Into<String>) -> Self {
        RowProblem {
            row,
            column: column.map(str::to_owned),
            problem: problem.into(),
        }
    }
}

impl std::fmt::Display for RowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.column {
            Some(column) => write!(f, "row {}, column {column}: {}", self.row, self.problem),
            None => write!(f, "row {}: {}", self.row, self.problem),
        }
    }
}
