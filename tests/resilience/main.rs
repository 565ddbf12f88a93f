//! Faults under load, run one at a time (they kill and restart servers): the server killed
//! with SIGKILL mid-load, and a PostgreSQL restart mid-load. Loopback only, bounded in count
//! and time.

mod crash;
mod database_restart;
mod server_process;
