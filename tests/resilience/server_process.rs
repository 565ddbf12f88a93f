//! The real `touchstone` binary as a child process, so tests can kill it.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running server process.
pub struct ServerProcess {
    child: Option<Child>,
    /// Base URL.
    pub base: String,
    args: Vec<String>,
}

/// The `touchstone` binary beside this test executable (`cargo build -p touchstone-server`).
pub fn binary() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable");
    let dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target directory");
    let binary = dir.join("touchstone");
    assert!(
        binary.exists(),
        "{} is missing: run `cargo build -p touchstone-server` first",
        binary.display()
    );
    binary
}

/// Runs a one-off command of the binary (such as `create-organisation`) and waits for it.
pub fn run_command(database_url: &str, data_dir: &str, args: &[&str]) {
    let out = Command::new(binary())
        .args(["--database-url", database_url, "--data-dir", data_dir])
        .args(args)
        .output()
        .expect("touchstone runs");
    assert!(
        out.status.success(),
        "touchstone {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

impl ServerProcess {
    /// Starts the server on a free loopback port and waits until it answers.
    pub async fn start(database_url: &str, data_dir: &str) -> ServerProcess {
        Self::start_with(database_url, data_dir, &[]).await
    }

    /// [`ServerProcess::start`] with more flags.
    pub async fn start_with(database_url: &str, data_dir: &str, flags: &[String]) -> ServerProcess {
        let port = free_port();
        let mut args = vec![
            "--database-url".to_owned(),
            database_url.to_owned(),
            "--data-dir".to_owned(),
            data_dir.to_owned(),
            "--listen".to_owned(),
            format!("127.0.0.1:{port}"),
        ];
        args.extend_from_slice(flags);
        let mut server = ServerProcess {
            child: None,
            base: format!("http://127.0.0.1:{port}"),
            args,
        };
        server.spawn().await;
        server
    }

    async fn spawn(&mut self) {
        let child = Command::new(binary())
            .args(&self.args)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("server starts");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(60);
        let http = reqwest::Client::new();
        while Instant::now() < deadline {
            if let Ok(r) = http
                .get(format!("{}/api/v1/health", self.base))
                .send()
                .await
                && r.status().is_success()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the server did not answer within 60 s");
    }

    /// Kills the server with SIGKILL: no shutdown, no flushing, mid-request.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().expect("SIGKILL");
            child.wait().expect("reaped");
        }
    }

    /// Starts the server again with the same arguments (same port, database, data).
    pub async fn restart(&mut self) {
        self.kill();
        self.spawn().await;
    }

    /// Sends SIGTERM (a graceful stop) and returns without waiting.
    pub fn terminate(&self) {
        let child = self.child.as_ref().expect("a running server");
        let status = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success(), "SIGTERM sent");
    }

    /// Waits for the server to exit after [`ServerProcess::terminate`]; panics after `limit`.
    pub async fn wait_stopped(&mut self, limit: Duration) {
        let mut child = self.child.take().expect("a running server");
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = child.try_wait().expect("wait") {
                assert!(status.success(), "a clean exit after SIGTERM: {status}");
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the server still runs {limit:?} after SIGTERM"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Starts the server again after it stopped (same port and arguments).
    pub async fn start_again(&mut self) {
        assert!(self.child.is_none(), "the server still runs");
        self.spawn().await;
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.kill();
    }
}
