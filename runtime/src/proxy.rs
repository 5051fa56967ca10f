//! HTTP proxies for the default client: which requests go through which proxy
//! (`HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY`, read as botocore reads them), and the
//! CONNECT tunnel that carries an `https` connection through one.
//!
//! Requests to `https` endpoints go through a CONNECT tunnel, so the proxy sees the
//! host and port only; requests to `http` endpoints are sent to the proxy whole, with
//! the absolute URL as their target. Credentials in the proxy URL
//! (`http://user:password@proxy:3128`) are sent as `Proxy-Authorization: Basic`, and
//! neither `Debug` nor errors show them.

use std::fmt;

use base64::Engine as _;

use crate::endpoint::{redact_userinfo, Scheme, Url};
use crate::env::Env;
use crate::error::{quoted, ConfigError};

mod tunnel;

pub use tunnel::MAX_CONNECT_RESPONSE_HEAD;
pub(crate) use tunnel::{connect_tunnel, forward_refused};

/// A proxy server: `http://[user:password@]host[:port]`.
#[derive(Clone, PartialEq, Eq)]
pub struct Proxy {
    host: String,
    port: u16,
    /// `Basic <base64 of user:password>`, when the URL has credentials.
    authorization: Option<String>,
    /// The URL as given, credentials replaced by `***`.
    shown: String,
}

/// Why a proxy URL was refused. Any user name and password in it are not kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidProxy {
    url: String,
    reason: String,
}

impl fmt::Display for InvalidProxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid proxy URL {}: {}",
            quoted(&self.url),
            self.reason
        )
    }
}

impl std::error::Error for InvalidProxy {}

impl InvalidProxy {
    fn new(url: &str, reason: impl Into<String>) -> Self {
        Self {
            url: redact_userinfo(url).into_owned(),
            reason: reason.into(),
        }
    }

    /// The URL, a user name and password in it replaced by `***`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// What is wrong with it.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl Proxy {
    /// Parses a proxy URL as botocore takes it: `http://host[:port]`, optionally with
    /// `user:password@` (percent-encoded characters decoded) and a `/`; without a
    /// scheme, `http://` is assumed (`proxy.corp:3128`); the port defaults to 80.
    ///
    /// Refused, with a reason: other schemes (`socks5://`; `https://` too, since TLS to
    /// the proxy itself is not supported — requests to `https` endpoints are encrypted
    /// end to end through the tunnel anyway), a user name without a password, a path
    /// or query, a port that is not 1 to 65535, and anything [`http::Uri`] does not
    /// parse (spaces, line breaks).
    pub fn parse(url: &str) -> Result<Self, InvalidProxy> {
        let fail = |reason: &str| InvalidProxy::new(url, reason);
        let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
        let full = if lower.starts_with("http://") || lower.starts_with("https://") {
            url.to_owned()
        } else if url.contains("://") {
            return Err(fail("the scheme must be http"));
        } else if let Some(rest) = url.strip_prefix("//") {
            format!("http://{rest}")
        } else {
            format!("http://{url}")
        };
        let uri: ::http::Uri = full.parse().map_err(|e: ::http::uri::InvalidUri| {
            InvalidProxy::new(url, format!("not a URL ({e})"))
        })?;
        if uri
            .scheme_str()
            .is_some_and(|s| s.eq_ignore_ascii_case("https"))
        {
            return Err(fail(
                "TLS to the proxy (https://) is not supported; use http:// (requests to https \
                 endpoints stay encrypted through the proxy's tunnel)",
            ));
        }
        if !matches!(uri.path(), "" | "/") || uri.query().is_some() {
            return Err(fail("a proxy URL has no path or query"));
        }
        let authority = uri.authority().map_or("", |a| a.as_str());
        let (userinfo, host_port) = match authority.rsplit_once('@') {
            Some((userinfo, host_port)) => (Some(userinfo), host_port),
            None => (None, authority),
        };
        let host = uri.host().unwrap_or_default();
        if host.is_empty() {
            return Err(fail("missing host"));
        }
        // `http::Uri` takes any port text (`:+80`, `:99999`): only 1 to 5 digits that fit.
        let port = match host_port.strip_prefix(host).unwrap_or(host_port) {
            "" | ":" => 80,
            rest => rest
                .strip_prefix(':')
                .filter(|d| d.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|d| d.parse::<u16>().ok())
                .filter(|p| *p != 0)
                .ok_or_else(|| fail("invalid port"))?,
        };
        let authorization = match userinfo {
            None => None,
            Some(userinfo) => {
                let (user, password) = userinfo.split_once(':').unwrap_or((userinfo, ""));
                if user.is_empty() || password.is_empty() {
                    return Err(fail(
                        "proxy credentials need both a user name and a password (user:password@)",
                    ));
                }
                let mut pair = percent_decode(user);
                pair.push(b':');
                pair.extend(percent_decode(password));
                let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
                Some(format!("Basic {encoded}"))
            }
        };
        let shown = match userinfo {
            Some(_) => format!("http://***@{}:{port}", host.to_ascii_lowercase()),
            None => format!("http://{}:{port}", host.to_ascii_lowercase()),
        };
        Ok(Self {
            host: host.to_ascii_lowercase(),
            port,
            authorization,
            shown,
        })
    }

    /// The proxy's host name or address (IPv6 in brackets).
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The proxy's port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// True when requests carry `Proxy-Authorization` credentials.
    pub fn has_credentials(&self) -> bool {
        self.authorization.is_some()
    }

    /// The `Proxy-Authorization` header value.
    pub(crate) fn authorization(&self) -> Option<&str> {
        self.authorization.as_deref()
    }
}

impl fmt::Debug for Proxy {
    /// The URL with credentials replaced by `***`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Proxy({})", self.shown)
    }
}

impl fmt::Display for Proxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown)
    }
}

/// `%XX` escapes decoded, as Python's `unquote` does: an invalid escape stays as is.
fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((hi * 16 + lo) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

/// Hosts reached without a proxy: `NO_PROXY`'s syntax and matching, as Python's
/// `urllib.request.proxy_bypass_environment` (which botocore uses) has them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct NoProxy {
    /// `*`: no host uses the proxy.
    all: bool,
    /// Lower-cased entries, leading dots removed.
    names: Vec<String>,
}

impl NoProxy {
    fn parse(value: &str) -> Self {
        if value == "*" {
            return Self {
                all: true,
                names: Vec::new(),
            };
        }
        let names = value
            .split(',')
            .map(|name| name.trim().trim_start_matches('.').to_ascii_lowercase())
            .filter(|name| !name.is_empty())
            .collect();
        Self { all: false, names }
    }

    /// `host` (lower-case, IPv6 in brackets) with the URL's explicit `port`: an entry
    /// matches the host or `host:port` exactly, or as a suffix after a dot.
    fn matches(&self, host: &str, port: Option<u16>) -> bool {
        if self.all {
            return true;
        }
        let with_port = port.map(|p| format!("{host}:{p}"));
        let candidates = [Some(host), with_port.as_deref()];
        self.names.iter().any(|name| {
            candidates.iter().flatten().any(|candidate| {
                *candidate == name
                    || candidate
                        .strip_suffix(name.as_str())
                        .is_some_and(|rest| rest.ends_with('.'))
            })
        })
    }
}

/// Which requests go through which proxy. Without a proxy for a scheme, its requests
/// go directly.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProxyConfig {
    http: Option<Proxy>,
    https: Option<Proxy>,
    no_proxy: NoProxy,
}

impl ProxyConfig {
    /// No proxy: every request goes directly.
    pub fn new() -> Self {
        Self::default()
    }

    /// The proxy for requests to `http` endpoints (`HTTP_PROXY`).
    pub fn http(mut self, proxy: Proxy) -> Self {
        self.http = Some(proxy);
        self
    }

    /// The proxy for requests to `https` endpoints, reached through a CONNECT tunnel
    /// (`HTTPS_PROXY`).
    pub fn https(mut self, proxy: Proxy) -> Self {
        self.https = Some(proxy);
        self
    }

    /// The same proxy for both schemes.
    pub fn all(self, proxy: Proxy) -> Self {
        self.http(proxy.clone()).https(proxy)
    }

    /// Hosts reached directly, as `NO_PROXY` lists them: `*` for all, or entries
    /// separated by commas, each a host name (which also matches its subdomains:
    /// `example.com` and `.example.com` both match `api.example.com`), an address, or
    /// `host:port` (matching URLs that name that port).
    pub fn no_proxy(mut self, list: &str) -> Self {
        self.no_proxy = NoProxy::parse(list);
        self
    }

    /// The proxy a request to `url` goes through, if any.
    pub fn proxy_for(&self, url: &Url) -> Option<&Proxy> {
        let proxy = match url.scheme() {
            Scheme::Http => self.http.as_ref(),
            Scheme::Https => self.https.as_ref(),
        }?;
        (!self.no_proxy.matches(url.host(), url.port())).then_some(proxy)
    }

    /// True when no request goes through a proxy.
    pub fn is_empty(&self) -> bool {
        self.http.is_none() && self.https.is_none()
    }

    /// The settings of the environment, as botocore reads them: `https_proxy` or
    /// `HTTPS_PROXY`, `http_proxy` or `HTTP_PROXY` and `no_proxy` or `NO_PROXY`, the
    /// lower-case name first. Upper-case `HTTP_PROXY` is ignored when
    /// `REQUEST_METHOD` is set: in a CGI program a request's `Proxy:` header sets it.
    pub(crate) fn from_env(env: &Env) -> Result<Self, ConfigError> {
        let cgi = env.get("REQUEST_METHOD").is_some();
        let read = |lower: &str, upper: &'static str| {
            let upper = (!(cgi && upper == "HTTP_PROXY")).then_some(upper);
            [Some(lower), upper]
                .into_iter()
                .flatten()
                .find_map(|name| env.get(name).map(|value| (name.to_owned(), value)))
        };
        let proxy = |lower, upper| -> Result<Option<Proxy>, ConfigError> {
            let Some((name, value)) = read(lower, upper) else {
                return Ok(None);
            };
            Proxy::parse(&value)
                .map(Some)
                .map_err(|e| ConfigError::InvalidSetting {
                    name,
                    value: e.url().to_owned(),
                    reason: e.reason().to_owned(),
                })
        };
        let mut config = Self::new();
        config.http = proxy("http_proxy", "HTTP_PROXY")?;
        config.https = proxy("https_proxy", "HTTPS_PROXY")?;
        if let Some((_, list)) = read("no_proxy", "NO_PROXY") {
            config.no_proxy = NoProxy::parse(&list);
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Which hosts each `NO_PROXY` value lets bypass the proxy, as Python 3.11's
    /// `urllib.request.proxy_bypass_environment` (botocore's test) answered for every
    /// pair of these values and hosts.
    #[test]
    fn no_proxy_matches_as_botocore_does() {
        const HOSTS: [&str; 19] = [
            "localhost",
            "localhost:4566",
            "api.localhost",
            "example.com",
            "api.example.com",
            "notexample.com",
            "example.com:8080",
            "example.com:443",
            "a.corp.internal",
            "corp.internal",
            "10.0.0.1",
            "10.0.0.1:80",
            "10.0.0.12",
            "[::1]",
            "[::1]:8080",
            "s3.amazonaws.com",
            "s3.amazonaws.com:443",
            "bucket.s3.amazonaws.com:443",
            "dynamodb.us-east-1.amazonaws.com",
        ];
        let expected: &[(&str, &[&str])] = &[
            ("*", &HOSTS),
            (
                "localhost",
                &["localhost", "localhost:4566", "api.localhost"],
            ),
            (
                ".localhost",
                &["localhost", "localhost:4566", "api.localhost"],
            ),
            (
                "LOCALHOST",
                &["localhost", "localhost:4566", "api.localhost"],
            ),
            (
                " example.com , .corp.internal",
                &[
                    "example.com",
                    "api.example.com",
                    "example.com:8080",
                    "example.com:443",
                    "a.corp.internal",
                    "corp.internal",
                ],
            ),
            ("example.com:8080", &["example.com:8080"]),
            ("10.0.0.1", &["10.0.0.1", "10.0.0.1:80"]),
            ("10.0.0.0/8", &[]),
            ("*.example.com", &[]),
            ("[::1]", &["[::1]", "[::1]:8080"]),
            ("::1", &[]),
            ("", &[]),
            (" , ,", &[]),
            (
                "localhost,*",
                &["localhost", "localhost:4566", "api.localhost"],
            ),
            (
                "amazonaws.com",
                &[
                    "s3.amazonaws.com",
                    "s3.amazonaws.com:443",
                    "bucket.s3.amazonaws.com:443",
                    "dynamodb.us-east-1.amazonaws.com",
                ],
            ),
            (
                "s3.amazonaws.com:443",
                &["s3.amazonaws.com:443", "bucket.s3.amazonaws.com:443"],
            ),
            (
                "com",
                &[
                    "example.com",
                    "api.example.com",
                    "notexample.com",
                    "example.com:8080",
                    "example.com:443",
                    "s3.amazonaws.com",
                    "s3.amazonaws.com:443",
                    "bucket.s3.amazonaws.com:443",
                    "dynamodb.us-east-1.amazonaws.com",
                ],
            ),
        ];
        let proxy = Proxy::parse("http://proxy.corp:3128").unwrap();
        for (list, bypassing) in expected {
            let config = ProxyConfig::new().all(proxy.clone()).no_proxy(list);
            for host in HOSTS {
                let url = Url::parse(&format!("https://{host}")).unwrap();
                let direct = config.proxy_for(&url).is_none();
                assert_eq!(
                    direct,
                    bypassing.contains(&host),
                    "NO_PROXY={list:?} {host}"
                );
            }
        }
    }

    #[test]
    fn proxy_urls_parse_as_botocore_fixes_them() {
        for (text, host, port) in [
            ("http://proxy.corp:3128", "proxy.corp", 3128),
            ("HTTP://Proxy.Corp:3128/", "proxy.corp", 3128),
            ("proxy.corp:3128", "proxy.corp", 3128),
            ("//proxy.corp", "proxy.corp", 80),
            ("http://[::1]:8080", "[::1]", 8080),
            ("10.1.2.3", "10.1.2.3", 80),
        ] {
            let proxy = Proxy::parse(text).unwrap();
            assert_eq!((proxy.host(), proxy.port()), (host, port), "{text}");
            assert!(!proxy.has_credentials());
        }
        let proxy = Proxy::parse("http://us%3Aer:pa%25ss%zz@proxy:1").unwrap();
        // base64("us:er:pa%ss%zz"): escapes decoded, an invalid one kept.
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(
                proxy
                    .authorization()
                    .unwrap()
                    .strip_prefix("Basic ")
                    .unwrap(),
            )
            .unwrap();
        assert_eq!(decoded, b"us:er:pa%ss%zz");
        assert_eq!(format!("{proxy:?}"), "Proxy(http://***@proxy:1)");
    }

    #[test]
    fn the_environment_prefers_lower_case_names_and_ignores_http_proxy_in_cgi() {
        let env = Env::fixed(
            [
                ("HTTPS_PROXY", "http://upper:1"),
                ("https_proxy", "http://lower:2"),
                ("HTTP_PROXY", "http://header-set:3"),
                ("REQUEST_METHOD", "GET"),
            ],
            None,
        );
        let config = ProxyConfig::from_env(&env).unwrap();
        let https = Url::parse("https://service.example").unwrap();
        assert_eq!(config.proxy_for(&https).map(Proxy::host), Some("lower"));
        let http = Url::parse("http://service.example").unwrap();
        assert_eq!(config.proxy_for(&http), None);
    }
}
