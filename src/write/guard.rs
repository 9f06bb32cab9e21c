//! Who may talk to the page's server: only this computer, only through the address that
//! was printed, and only from the page itself. Each check is a plain function of the
//! request's parts, so it is tested without a network.

use std::net::SocketAddr;

/// The secret part of the page's address, and the port it listens on.
#[derive(Debug, Clone)]
pub struct Access {
    token: String,
    port: u16,
}

/// Why a request was turned away. The answer says nothing more than "forbidden" or "not
/// found", so a stranger learns nothing from it; the reason is logged at `debug`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not from this computer.
    NotLoopback,
    /// A `Host` header that is not the loopback address and port: a page elsewhere
    /// pointing its own host name at 127.0.0.1 (DNS rebinding).
    ForeignHost,
    /// A request sent by a page of another origin.
    ForeignOrigin,
    /// The path does not start with the token.
    NoToken,
}

impl Refusal {
    pub fn status(self) -> u16 {
        match self {
            Refusal::NoToken => 404,
            _ => 403,
        }
    }
}

impl Access {
    pub fn new(token: String, port: u16) -> Access {
        Access { token, port }
    }

    /// The path every address of the page starts with.
    pub fn base(&self) -> String {
        format!("/{}/", self.token)
    }

    /// Whether a request may be served: from `peer`, for `path`, with these `Host`,
    /// `Origin` and `Sec-Fetch-Site` headers (each `None` when absent). On success, the
    /// path with the token taken off (`"/"`, `"/api/check"`, …).
    pub fn admit<'p>(
        &self,
        peer: SocketAddr,
        path: &'p str,
        host: Option<&str>,
        origin: Option<&str>,
        fetch_site: Option<&str>,
    ) -> Result<&'p str, Refusal> {
        if !peer.ip().is_loopback() {
            return Err(Refusal::NotLoopback);
        }
        // HTTP/1.1 requires a Host; one that names anything but this loopback address
        // and port was sent to some other name that happens to resolve here.
        if !host.is_some_and(|h| self.is_own_host(h)) {
            return Err(Refusal::ForeignHost);
        }
        if let Some(origin) = origin {
            let own = origin
                .strip_prefix("http://")
                .is_some_and(|rest| self.is_own_host(rest));
            if !own {
                return Err(Refusal::ForeignOrigin);
            }
        }
        if fetch_site.is_some_and(|s| s != "same-origin" && s != "none") {
            return Err(Refusal::ForeignOrigin);
        }
        let rest = path
            .strip_prefix('/')
            .and_then(|p| strip_token(p, &self.token))
            .ok_or(Refusal::NoToken)?;
        Ok(rest)
    }

    fn is_own_host(&self, host: &str) -> bool {
        let Some((name, port)) = host.rsplit_once(':') else {
            return false;
        };
        port.parse() == Ok(self.port) && matches!(name, "127.0.0.1" | "localhost" | "[::1]")
    }
}

/// `path` after `token` (which must be followed by `/`), compared in time that does not
/// depend on where the first wrong character is.
fn strip_token<'p>(path: &'p str, token: &str) -> Option<&'p str> {
    let given = path.as_bytes().get(..token.len())?;
    let differ = given
        .iter()
        .zip(token.as_bytes())
        .fold(0u8, |acc, (a, b)| acc | (a ^ b));
    if differ != 0 {
        return None;
    }
    let rest = path.get(token.len()..)?;
    rest.starts_with('/').then_some(rest)
}

/// A token of `bytes` random bytes from the operating system, as lowercase hex.
pub fn random_hex(bytes: usize) -> Result<String, getrandom::Error> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf)?;
    Ok(buf.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn access() -> Access {
        Access::new("0123abcd".to_string(), 4100)
    }

    fn local() -> SocketAddr {
        "127.0.0.1:50000".parse().expect("address")
    }

    #[test]
    fn the_page_itself_is_let_in_and_the_token_is_taken_off() {
        let a = access();
        let host = Some("127.0.0.1:4100");
        assert_eq!(a.admit(local(), "/0123abcd/", host, None, None), Ok("/"));
        assert_eq!(
            a.admit(
                local(),
                "/0123abcd/api/check",
                host,
                Some("http://127.0.0.1:4100"),
                Some("same-origin")
            ),
            Ok("/api/check")
        );
        let v6: SocketAddr = "[::1]:50000".parse().expect("address");
        assert_eq!(
            a.admit(v6, "/0123abcd/", Some("localhost:4100"), None, Some("none")),
            Ok("/")
        );
    }

    #[test]
    fn anything_else_is_refused() {
        let a = access();
        let host = Some("127.0.0.1:4100");
        let outside: SocketAddr = "192.168.1.20:50000".parse().expect("address");
        let cases = [
            (
                outside,
                "/0123abcd/",
                host,
                None,
                None,
                Refusal::NotLoopback,
            ),
            (local(), "/", host, None, None, Refusal::NoToken),
            (local(), "/0123abce/", host, None, None, Refusal::NoToken),
            (local(), "/0123abcd", host, None, None, Refusal::NoToken),
            (local(), "/0123abcdx/", host, None, None, Refusal::NoToken),
            (local(), "/0123", host, None, None, Refusal::NoToken),
            (
                local(),
                "/0123abcd/",
                None,
                None,
                None,
                Refusal::ForeignHost,
            ),
            (
                local(),
                "/0123abcd/",
                Some("evil.example:4100"),
                None,
                None,
                Refusal::ForeignHost,
            ),
            (
                local(),
                "/0123abcd/",
                Some("127.0.0.1:80"),
                None,
                None,
                Refusal::ForeignHost,
            ),
            (
                local(),
                "/0123abcd/",
                Some("127.0.0.1"),
                None,
                None,
                Refusal::ForeignHost,
            ),
            (
                local(),
                "/0123abcd/",
                host,
                Some("http://evil.example"),
                None,
                Refusal::ForeignOrigin,
            ),
            (
                local(),
                "/0123abcd/",
                host,
                Some("https://127.0.0.1:4100"),
                None,
                Refusal::ForeignOrigin,
            ),
            (
                local(),
                "/0123abcd/",
                host,
                Some("null"),
                None,
                Refusal::ForeignOrigin,
            ),
            (
                local(),
                "/0123abcd/",
                host,
                None,
                Some("cross-site"),
                Refusal::ForeignOrigin,
            ),
        ];
        for (peer, path, host, origin, site, why) in cases {
            assert_eq!(
                a.admit(peer, path, host, origin, site),
                Err(why),
                "{peer} {path} {host:?} {origin:?} {site:?}"
            );
        }
    }

    #[test]
    fn tokens_are_random_hex_of_the_length_asked() {
        let one = random_hex(16).expect("random");
        let two = random_hex(16).expect("random");
        assert_eq!(one.len(), 32);
        assert!(one.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(one, two);
    }
}
