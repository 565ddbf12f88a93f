//! API tests through HTTP against a real server; run on SQLite by default and on
//! PostgreSQL with `TOUCHSTONE_TEST_BACKEND=postgres`.

mod access;
mod audits;
mod auth;
mod bad_input;
mod hostile;
mod load;
mod photos;
mod exports;
mod imports;
mod reports;
mod review;
mod scorecards;
mod setup;
