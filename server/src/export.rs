//! Exports of audits and answers as CSV and XLSX, one row per answer.
//!
//! Rows are built a page of audits at a time ([`answers`]) and encoded as they come
//! ([`csv`], [`xlsx`]), so an export of any size holds one page in memory. Text that
//! spreadsheets would run as a formula is neutralised ([`cells`]).

pub mod answers;
pub mod cells;
pub mod csv;
pub mod pay;
pub mod xlsx;
