//! Debian's `haproxy` in front of the test servers: round robin, health checks on
//! `/api/v1/health`, the client's address in `X-Forwarded-For`.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running HAProxy.
pub struct Balancer {
    child: Child,
    /// Base URL.
    pub base: String,
}

/// The configuration: checks every 200 ms, one failed check takes a server out of rotation
/// and one passed check brings it back; a request whose connection fails, or whose server
/// closes without answering, is sent again to another server.
fn config(port: u16, servers: &[String]) -> String {
    let mut text = format!(
        "global\n  maxconn 2000\n\
         defaults\n  mode http\n  timeout connect 2s\n  timeout client 60s\n  timeout server 60s\n\
         \x20 option forwardfor\n  retries 3\n  option redispatch 1\n  retry-on conn-failure empty-response\n\
         frontend web\n  bind 127.0.0.1:{port}\n  default_backend touchstone\n\
         backend touchstone\n  balance roundrobin\n  option httpchk GET /api/v1/health\n\
         \x20 http-check expect status 200\n\
         \x20 default-server inter 200ms downinter 200ms fall 1 rise 1\n"
    );
    for (n, server) in servers.iter().enumerate() {
        text.push_str(&format!("  server s{n} {server} check\n"));
    }
    text
}

impl Balancer {
    /// Starts HAProxy on a free loopback port in front of `servers` (`host:port` each) and
    /// waits until it passes a request on.
    pub async fn start(dir: &Path, servers: &[String]) -> Balancer {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("free port");
        let file = dir.join("haproxy.cfg");
        std::fs::write(&file, config(port, servers)).expect("haproxy.cfg");
        let child = Command::new("haproxy")
            .arg("-db")
            .arg("-f")
            .arg(&file)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("haproxy starts (apt-get install haproxy)");
        let balancer = Balancer {
            child,
            base: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        let http = reqwest::Client::new();
        loop {
            let health = http.get(format!("{}/api/v1/health", balancer.base));
            if let Ok(r) = health.send().await
                && r.status().is_success()
            {
                return balancer;
            }
            assert!(
                Instant::now() < deadline,
                "haproxy passed nothing on in 20 s"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for Balancer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
