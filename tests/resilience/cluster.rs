//! Three Touchstone servers on one PostgreSQL database and one S3 bucket (moto), behind
//! HAProxy: the deployment "at scale" of the README, on loopback.

use crate::balancer::Balancer;
use crate::server_process::{ServerProcess, run_command};
use touchstone_shared::user::Role;
use touchstone_tests::world::{PASSWORD, email};

/// Servers behind the balancer.
pub const SERVERS: usize = 3;
/// Seconds a stopping server answers 503 to health checks before it closes its listener:
/// five of the balancer's check intervals.
const DRAIN_SECS: &str = "1";

/// The servers, the balancer in front, and the database behind.
pub struct Cluster {
    /// The servers, each also reachable on its own.
    pub servers: Vec<ServerProcess>,
    /// HAProxy.
    pub balancer: Balancer,
    /// The database's URL.
    pub database_url: String,
    _dir: tempfile::TempDir,
}

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: the three-server suite needs PostgreSQL and an S3 server")
    })
}

/// A new bucket on the S3 test server at `endpoint` (moto takes an unsigned creation).
async fn new_bucket(endpoint: &str) -> String {
    let bucket = format!("ts-cluster-{}", uuid::Uuid::now_v7().simple());
    let created = reqwest::Client::new()
        .put(format!("{}/{bucket}", endpoint.trim_end_matches('/')))
        .send()
        .await
        .expect("S3 server");
    assert!(
        created.status().is_success(),
        "bucket: {}",
        created.status()
    );
    bucket
}

impl Cluster {
    /// Starts a cluster on a new database and bucket, with an organisation whose admin is
    /// `admin.<prefix>@example.test` (the password of the test world).
    pub async fn start(prefix: &str) -> Cluster {
        let url = touchstone_tests::create_postgres_database(&env("TOUCHSTONE_TEST_POSTGRES_URL"))
            .await
            .expect("database");
        let endpoint = env("TOUCHSTONE_TEST_S3_ENDPOINT");
        let bucket = new_bucket(&endpoint).await;
        let dir = tempfile::tempdir().expect("temp dir");
        let data = dir.path().to_string_lossy().into_owned();
        run_command(&url, &data, &["migrate"]);
        let admin = email(prefix, Role::Admin);
        let organisation = [
            "create-organisation",
            "--name",
            prefix,
            "--admin-email",
            &admin,
        ];
        run_command(
            &url,
            &data,
            &[&organisation[..], &["--admin-password", PASSWORD]].concat(),
        );
        let flags: Vec<String> = [
            "--photo-store",
            "s3",
            "--s3-bucket",
            &bucket,
            "--s3-endpoint",
            &endpoint,
            "--s3-allow-http",
            "--s3-access-key-id",
            "test",
            "--s3-secret-access-key",
            "test",
            "--trusted-proxies",
            "127.0.0.1",
            "--drain-secs",
            DRAIN_SECS,
        ]
        .map(str::to_owned)
        .to_vec();
        let mut servers = Vec::new();
        for n in 0..SERVERS {
            // A data folder each: nothing a server writes there may matter to the others.
            let own = dir.path().join(format!("server{n}"));
            std::fs::create_dir_all(&own).expect("data dir");
            let own = own.to_string_lossy().into_owned();
            servers.push(ServerProcess::start_with(&url, &own, &flags).await);
        }
        let addresses: Vec<String> = servers
            .iter()
            .map(|s| s.base.trim_start_matches("http://").to_owned())
            .collect();
        let balancer = Balancer::start(dir.path(), &addresses).await;
        Cluster {
            servers,
            balancer,
            database_url: url,
            _dir: dir,
        }
    }
}
