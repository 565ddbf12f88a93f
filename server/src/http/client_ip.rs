//! The address a request came from, seen through the reverse proxies the server is told to
//! trust (`--trusted-proxies`). Behind a load balancer every connection comes from the
//! balancer; without this, the sign-in limit per address would count everyone's failures
//! together and lock every user out at once.

use crate::state::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use ipnet::IpNet;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

/// A proxy address or network as given in the configuration: `10.0.0.0/8` or one address.
pub fn parse_trusted_proxy(text: &str) -> Result<IpNet, String> {
    let text = text.trim();
    text.parse::<IpNet>()
        .or_else(|_| text.parse::<IpAddr>().map(IpNet::from))
        .map_err(|_| format!("`{text}` is neither an IP address nor a network such as 10.0.0.0/8"))
}

/// The client's address: the peer's, unless the peer is a trusted proxy. Then it is the
/// right-most address of `X-Forwarded-For` that is not itself a trusted proxy: each proxy
/// appends the address it received the request from, so what stands left of the first
/// untrusted address is only what the client claims. An entry that is not an address ends
/// the walk at the proxy that passed it on.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    let mut client = peer.to_canonical();
    if !is_trusted(&client) {
        return client;
    }
    let forwarded: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .collect();
    for entry in forwarded.into_iter().rev() {
        match parse_forwarded(entry) {
            Some(ip) => {
                client = ip;
                if !is_trusted(&ip) {
                    break;
                }
            }
            None => break,
        }
    }
    client
}

/// One `X-Forwarded-For` entry: an address, possibly with a port (`203.0.113.7:4711`,
/// `[2001:db8::1]:4711`), as some proxies write it.
fn parse_forwarded(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    entry
        .parse::<IpAddr>()
        .or_else(|_| entry.parse::<SocketAddr>().map(|a| a.ip()))
        .ok()
        .map(|ip| ip.to_canonical())
}

/// The request's client address ([`client_ip`]), for handlers.
pub struct ClientIp(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip());
        Ok(ClientIp(peer.map(|peer| {
            client_ip(peer, &parts.headers, &state.config.trusted_proxies)
        })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    /// Peer, `X-Forwarded-For` headers, trusted proxies, the client, what the case shows.
    type Case<'a> = (&'a str, &'a [&'a str], &'a [&'a str], &'a str, &'a str);

    /// The client address of a request from `peer` with the `X-Forwarded-For` headers
    /// `forwarded`, trusting `trusted`.
    fn seen(peer: &str, forwarded: &[&str], trusted: &[&str]) -> String {
        let mut headers = HeaderMap::new();
        for value in forwarded {
            let value = HeaderValue::from_str(value).expect("a header value");
            headers.append("x-forwarded-for", value);
        }
        let trusted: Vec<IpNet> = trusted
            .iter()
            .map(|t| parse_trusted_proxy(t).expect("a network"))
            .collect();
        let peer = peer.parse().expect("an address");
        client_ip(peer, &headers, &trusted).to_string()
    }

    #[test]
    fn the_client_is_the_rightmost_address_not_of_a_trusted_proxy() {
        let proxies = ["10.0.0.0/8", "192.0.2.5"];
        let cases: [Case; 8] = [
            (
                "203.0.113.9",
                &["198.51.100.1"],
                &[],
                "203.0.113.9",
                "nothing trusted",
            ),
            (
                "203.0.113.9",
                &["198.51.100.1"],
                &proxies,
                "203.0.113.9",
                "untrusted peer",
            ),
            // made up by the client, the client as the edge proxy saw it, a proxy hop
            (
                "10.0.0.1",
                &["198.51.100.1, 203.0.113.7", "10.1.2.3"],
                &proxies,
                "203.0.113.7",
                "chain",
            ),
            (
                "192.0.2.5",
                &["203.0.113.7:4711"],
                &proxies,
                "203.0.113.7",
                "with a port",
            ),
            (
                "10.0.0.1",
                &["[2001:db8::1]:443"],
                &proxies,
                "2001:db8::1",
                "IPv6 with a port",
            ),
            (
                "10.0.0.1",
                &[],
                &proxies,
                "10.0.0.1",
                "no header: the proxy",
            ),
            (
                "10.0.0.1",
                &["203.0.113.7, unknown, 10.0.0.9"],
                &proxies,
                "10.0.0.9",
                "garbage: the hop that passed it on",
            ),
            (
                "::ffff:127.0.0.1",
                &["203.0.113.7"],
                &["127.0.0.1"],
                "203.0.113.7",
                "IPv4-mapped peer",
            ),
        ];
        for (peer, forwarded, trusted, client, why) in cases {
            assert_eq!(seen(peer, forwarded, trusted), client, "{why}");
        }
    }

    #[test]
    fn configuration_takes_networks_and_single_addresses() {
        let prefix = |text| parse_trusted_proxy(text).map(|net| net.prefix_len());
        assert_eq!(prefix(" 10.0.0.0/8 "), Ok(8));
        assert_eq!(prefix("::1"), Ok(128));
        assert!(prefix("10.0.0.0/33").is_err());
        assert!(prefix("proxy.internal").is_err());
    }
}
