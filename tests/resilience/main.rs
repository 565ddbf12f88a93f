//! Faults under load, run one at a time (they kill and restart servers): the server killed
//! with SIGKILL mid-load, and a PostgreSQL restart mid-load; and three servers behind HAProxy
//! on one PostgreSQL and one S3 bucket (`three_servers`: a SIGKILL and a rolling restart).
//! Loopback only, bounded in count and time.

mod balancer;
mod cluster;
mod crash;
mod database_restart;
mod server_process;
mod three_servers;
