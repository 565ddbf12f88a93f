//! Webhooks leave the server: endpoint addresses checked against server-side request
//! forgery (scheme, and every address the name resolves to), payloads signed per the
//! Standard Webhooks convention, posted with a timeout and without following redirects.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

/// A new signing secret: `whsec_` and 24 random bytes in base64.
pub fn new_secret() -> Result<String, String> {
    let mut bytes = [0u8; 24];
    getrandom::fill(&mut bytes).map_err(|e| e.to_string())?;
    Ok(format!("whsec_{}", STANDARD.encode(bytes)))
}

/// The `webhook-signature` of `body` sent as message `id` at `timestamp` (seconds):
/// `v1,<base64 of HMAC-SHA256(id.timestamp.body)>` keyed with the secret's bytes.
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &str) -> Result<String, String> {
    let key = STANDARD
        .decode(secret.trim_start_matches("whsec_"))
        .map_err(|e| format!("signing secret: {e}"))?;
    let mut mac =
        Hmac::<Sha256>::new_from_slice(&key).map_err(|e| format!("signing secret: {e}"))?;
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    Ok(format!(
        "v1,{}",
        STANDARD.encode(mac.finalize().into_bytes())
    ))
}

/// Whether an address is one a webhook may not reach without `--allow-private-webhooks`:
/// loopback, private, link-local, shared (CGNAT), unique-local, unspecified, multicast or
/// broadcast (an IPv4 address inside IPv6 is judged as IPv4).
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_multicast()
                || v4.is_broadcast()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_private(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
        }
    }
}

/// An endpoint address checked for sending: the URL and the addresses it resolved to
/// (the request goes to these, so a name cannot resolve elsewhere in between).
#[derive(Debug, Clone)]
pub struct Checked {
    /// The URL.
    pub url: reqwest::Url,
    /// Its host's addresses.
    pub addrs: Vec<SocketAddr>,
}

/// Checks `url`: `https` (or `http` when private endpoints are allowed), a host that
/// resolves, and (unless allowed) to no private address. The error says what is wrong.
pub async fn check_url(url: &str, allow_private: bool) -> Result<Checked, String> {
    let url = reqwest::Url::parse(url.trim()).map_err(|e| format!("not a valid URL: {e}"))?;
    match url.scheme() {
        "https" => {}
        "http" if allow_private => {}
        "http" => return Err("must use https".to_owned()),
        other => return Err(format!("must be an https URL, not {other}")),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("must not carry a user name or password".to_owned());
    }
    let host = url
        .host_str()
        .ok_or("must name a host")?
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_owned();
    let port = url.port_or_known_default().ok_or("must have a port")?;
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), port))
        .await
        .map_err(|e| format!("host `{host}` does not resolve: {e}"))?
        .collect();
    if addrs.is_empty() {
        return Err(format!("host `{host}` does not resolve"));
    }
    if !allow_private && let Some(a) = addrs.iter().find(|a| is_private(a.ip())) {
        return Err(format!(
            "host `{host}` is a loopback, private or link-local address ({}); \
             refused unless the server runs with --allow-private-webhooks",
            a.ip()
        ));
    }
    Ok(Checked { url, addrs })
}

/// A signed message to post.
pub struct Post<'a> {
    /// `webhook-id`.
    pub id: &'a str,
    /// `webhook-timestamp` (seconds).
    pub timestamp: i64,
    /// JSON body.
    pub body: &'a str,
    /// `whsec_…`.
    pub secret: &'a str,
}

/// Why a message was not accepted: what went wrong, and the status code the endpoint
/// answered with when it answered at all.
#[derive(Debug, Clone)]
pub struct Refused {
    /// What went wrong.
    pub error: String,
    /// The endpoint's status code (absent when no answer came).
    pub status_code: Option<u16>,
}

impl From<String> for Refused {
    fn from(error: String) -> Refused {
        Refused {
            error,
            status_code: None,
        }
    }
}

/// Posts `message` to `target` within `timeout`; returns the (2xx) status code, or why it
/// was not accepted (a status other than 2xx, a timeout, a refused connection).
pub async fn post(target: &Checked, message: &Post<'_>, timeout: Duration) -> Result<u16, Refused> {
    let signature = sign(message.secret, message.id, message.timestamp, message.body)?;
    let host = target.url.host_str().unwrap_or_default();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(timeout)
        .no_proxy()
        .resolve_to_addrs(host, &target.addrs)
        .build()
        .map_err(|e| e.to_string())?;
    let reply = client
        .post(target.url.clone())
        .header("content-type", "application/json")
        .header("user-agent", "Touchstone-Webhooks/1")
        .header("webhook-id", message.id)
        .header("webhook-timestamp", message.timestamp.to_string())
        .header("webhook-signature", signature)
        .body(message.body.to_owned())
        .send()
        .await
        .map_err(|e| {
            if e.is_timeout() {
                format!("no answer within {} ms", timeout.as_millis())
            } else {
                format!("request failed: {e}")
            }
        })?;
    let status = reply.status();
    if status.is_success() {
        Ok(status.as_u16())
    } else {
        Err(Refused {
            error: format!("HTTP {}", status.as_u16()),
            status_code: Some(status.as_u16()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_like_the_standard_webhooks_example() {
        // The example of the Standard Webhooks specification.
        let signature = sign(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            r#"{"test": 2432232314}"#,
        );
        assert_eq!(
            signature.as_deref(),
            Ok("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        );
    }

    #[test]
    fn private_ranges_are_private() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(is_private(ip.parse().expect("ip")), "{ip}");
        }
        for ip in ["93.184.216.34", "2606:4700::1111", "8.8.8.8"] {
            assert!(!is_private(ip.parse().expect("ip")), "{ip}");
        }
    }
}
