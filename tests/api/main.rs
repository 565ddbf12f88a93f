//! API tests through HTTP against a real server; run on SQLite by default and on
//! PostgreSQL with `TOUCHSTONE_TEST_BACKEND=postgres`.

mod access;
mod answer_types;
mod assignments;
mod audits;
mod auth;
mod bad_input;
mod branching;
mod bulk_review;
mod connections;
mod exports;
mod hostile;
mod imports;
mod load;
mod metrics;
mod notifications;
mod organisation;
mod panel;
mod pay;
mod photos;
mod references;
mod reports;
mod review;
mod schema;
mod scorecards;
mod setup;
mod share_links;
mod static_files;
mod throttle;
mod tokens;
mod upload_fairness;
mod webhooks;
mod workbench;
