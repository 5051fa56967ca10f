//! Endpoint URLs: parsed with [`http::Uri`], the default AWS endpoint of a service in a
//! region, and the environment names of endpoint overrides.

mod global;

pub use global::{global_endpoint, GLOBAL};

use std::borrow::Cow;
use std::fmt;

use crate::config::{InvalidRegion, Region};
use crate::error::quoted;

/// Why a URL was refused. Any user name and password in the URL are not kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidUrl {
    url: String,
    reason: String,
}

impl fmt::Display for InvalidUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid endpoint URL {}: {}",
            quoted(&self.url),
            self.reason
        )
    }
}

impl std::error::Error for InvalidUrl {}

impl InvalidUrl {
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

    /// What is wrong with the URL.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

/// An absolute `http` or `https` URL.
#[derive(Clone, PartialEq, Eq)]
pub struct Url {
    text: String,
    scheme: Scheme,
    host: String,
    port: Option<u16>,
    path: String,
    query: Option<String>,
}

/// URL scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// Plain text.
    Http,
    /// TLS.
    Https,
}

impl Scheme {
    /// The port used when a URL names none.
    pub fn default_port(self) -> u16 {
        match self {
            Scheme::Http => 80,
            Scheme::Https => 443,
        }
    }
}

impl Url {
    /// Parses an absolute `http(s)://host[:port][/path][?query]` URL as RFC 3986 does
    /// (with [`http::Uri`]), so that the host requests go to is the host the URL names:
    /// characters a URL may not hold (spaces, `\`, controls) are refused rather than
    /// split around. A fragment is dropped.
    ///
    /// A user name or password (`http://user:password@host`) is refused: AWS endpoints
    /// authenticate requests by their signature, and sending the request without them
    /// would silently ignore what the URL says. The error does not repeat them.
    pub fn parse(text: &str) -> Result<Self, InvalidUrl> {
        let fail = |reason: &str| InvalidUrl::new(text, reason);
        let uri: ::http::Uri = text.parse().map_err(|e: ::http::uri::InvalidUri| {
            InvalidUrl::new(text, format!("not an absolute URL ({e})"))
        })?;
        let scheme = match uri.scheme_str() {
            Some(s) if s.eq_ignore_ascii_case("http") => Scheme::Http,
            Some(s) if s.eq_ignore_ascii_case("https") => Scheme::Https,
            Some(_) => return Err(fail("scheme must be http or https")),
            None => return Err(fail("expected scheme://host")),
        };
        let authority = uri.authority().map_or("", |a| a.as_str());
        if authority.contains('@') {
            return Err(fail(
                "an endpoint URL takes no user name or password (requests are signed instead)",
            ));
        }
        let host = uri.host().unwrap_or_default();
        if host.is_empty() {
            return Err(fail("missing host"));
        }
        // `http::Uri` takes any port text (`:+80`, `:99999`): only 1 to 5 digits that fit.
        let port = match authority.strip_prefix(host).unwrap_or(authority) {
            "" | ":" => None,
            rest => match rest.strip_prefix(':') {
                Some(digits) if digits.bytes().all(|b| b.is_ascii_digit()) => {
                    Some(digits.parse().map_err(|_| fail("invalid port"))?)
                }
                _ => return Err(fail("invalid port")),
            },
        };
        Ok(Self {
            text: text.to_owned(),
            scheme,
            host: host.to_ascii_lowercase(),
            port,
            path: uri.path().to_owned(),
            query: uri.query().map(str::to_owned),
        })
    }

    /// `http` or `https`.
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// Lower-cased host name; IPv6 literals keep their brackets.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The explicit port, if the URL names one.
    pub fn port(&self) -> Option<u16> {
        self.port
    }

    /// The port to connect to.
    pub fn port_or_default(&self) -> u16 {
        self.port.unwrap_or(self.scheme.default_port())
    }

    /// The path as written; `/` when the URL has none.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The query without `?`, if present.
    pub fn query(&self) -> Option<&str> {
        self.query.as_deref()
    }

    /// The `Host` header value: host, plus the port unless it is the scheme's default.
    pub fn host_header(&self) -> String {
        match self.port {
            Some(port) if port != self.scheme.default_port() => format!("{}:{port}", self.host),
            _ => self.host.clone(),
        }
    }

    /// The URL of `path_and_query` (starting with `/`) under this endpoint, joined the
    /// way botocore joins them: an endpoint path is kept as a prefix.
    pub fn join(&self, path_and_query: &str) -> String {
        let scheme = match self.scheme {
            Scheme::Http => "http",
            Scheme::Https => "https",
        };
        let authority = match self.port {
            Some(port) => format!("{}:{port}", self.host),
            None => self.host.clone(),
        };
        let base = self.path.strip_suffix('/').unwrap_or(&self.path);
        let joined = if path_and_query.is_empty() || path_and_query == "/" {
            if self.path.is_empty() {
                "/".to_owned()
            } else {
                self.path.clone()
            }
        } else {
            format!("{base}{path_and_query}")
        };
        format!("{scheme}://{authority}{joined}")
    }

    /// The URL as given.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl fmt::Debug for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Url({})", self.text)
    }
}

impl fmt::Display for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// `text` with the user information of its URL authority (`user:password@`) replaced by
/// `***`, for messages and `Debug` output. Text that does not parse as a URL is redacted
/// as far as it looks like one: everything before the last `@` ahead of the path.
pub(crate) fn redact_userinfo(text: &str) -> Cow<'_, str> {
    let start = text.find("://").map_or(0, |i| i + 3);
    let rest = &text[start..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => Cow::Owned(format!("{}***{}", &text[..start], &rest[at..])),
        None => Cow::Borrowed(text),
    }
}

/// Where an operation goes when the service's endpoint rules send it apart from the
/// service's other operations (botocore's rules with the operation's static context
/// parameters and handlers: S3's `ListDirectoryBuckets` to `s3express-control`, signed
/// as `s3express`; `GetBucketLocation` path-style), stated by the generated crate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OperationEndpoint {
    /// The endpoint prefix of the operation's default endpoint when not the service's
    /// ([`default_endpoint`]). A configured endpoint is used as it is.
    pub prefix: Option<&'static str>,
    /// The name the operation is signed with when not the service's, with any endpoint.
    pub signing_name: Option<&'static str>,
    /// The bucket always goes first in the path, never in the host (S3).
    pub path_style: bool,
}

impl OperationEndpoint {
    /// Where the service's other operations go; usable in `const` items.
    pub const SERVICE: OperationEndpoint = OperationEndpoint {
        prefix: None,
        signing_name: None,
        path_style: false,
    };
}

/// The default endpoint of a service in a region:
/// `https://{prefix}.{region}.amazonaws.com`, or `.amazonaws.com.cn` in China regions.
/// The region must be a valid host label ([`Region::validate`]): pasted unchecked, a
/// region such as `us-east-1@evil.example#` would choose the host.
pub fn default_endpoint(endpoint_prefix: &str, region: &Region) -> Result<String, InvalidRegion> {
    region.validate()?;
    let region = region.as_str();
    let suffix = if region.starts_with("cn-") {
        "amazonaws.com.cn"
    } else {
        "amazonaws.com"
    };
    Ok(format!("https://{endpoint_prefix}.{region}.{suffix}"))
}

/// The environment variable that overrides one service's endpoint: the service id
/// upper-cased with spaces and dashes as `_` (`Device Farm` → `AWS_ENDPOINT_URL_DEVICE_FARM`).
pub fn endpoint_env_var(service_id: &str) -> String {
    format!(
        "AWS_ENDPOINT_URL_{}",
        service_key(service_id).to_ascii_uppercase()
    )
}

/// The key of a service in a shared-config `services` section: the service id
/// lower-cased with spaces and dashes as `_` (`Device Farm` → `device_farm`).
pub fn profile_service_key(service_id: &str) -> String {
    service_key(service_id).to_ascii_lowercase()
}

fn service_key(service_id: &str) -> String {
    service_id
        .trim()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint(prefix: &str, region: &str) -> Result<String, InvalidRegion> {
        default_endpoint(prefix, &Region::new(region))
    }

    #[test]
    fn default_endpoints_follow_the_partition() {
        assert_eq!(
            endpoint("devicefarm", "us-west-2").unwrap(),
            "https://devicefarm.us-west-2.amazonaws.com"
        );
        assert_eq!(
            endpoint("appstream2", "cn-north-1").unwrap(),
            "https://appstream2.cn-north-1.amazonaws.com.cn"
        );
        assert_eq!(
            endpoint("appstream2", "cn-northwest-1").unwrap(),
            "https://appstream2.cn-northwest-1.amazonaws.com.cn"
        );
        for bad in ["", "us-east-1@evil.example#", "evil.example/", "a.b", "-us"] {
            assert!(endpoint("devicefarm", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn service_ids_become_env_and_profile_keys() {
        assert_eq!(
            endpoint_env_var("Device Farm"),
            "AWS_ENDPOINT_URL_DEVICE_FARM"
        );
        assert_eq!(endpoint_env_var("AppStream"), "AWS_ENDPOINT_URL_APPSTREAM");
        assert_eq!(
            endpoint_env_var("Secrets Manager"),
            "AWS_ENDPOINT_URL_SECRETS_MANAGER"
        );
        assert_eq!(profile_service_key("Device Farm"), "device_farm");
    }

    #[test]
    fn parses_urls_like_urlsplit() {
        let url = Url::parse("HTTPS://Example.COM:8443/base/?x=1#frag").unwrap();
        assert_eq!(url.scheme(), Scheme::Https);
        assert_eq!(url.host(), "example.com");
        assert_eq!(url.port(), Some(8443));
        assert_eq!(url.path(), "/base/");
        assert_eq!(url.query(), Some("x=1"));
        assert_eq!(url.host_header(), "example.com:8443");

        let bare = Url::parse("http://localhost").unwrap();
        assert_eq!((bare.path(), bare.query()), ("/", None));

        let v6 = Url::parse("http://[::1]:80").unwrap();
        assert_eq!(v6.host(), "[::1]");
        assert_eq!(v6.host_header(), "[::1]");
        assert_eq!(v6.port_or_default(), 80);

        for bad in [
            "devicefarm.amazonaws.com",
            "ftp://host/",
            "http://",
            "http://host:notaport/",
            "http://host:99999/",
            "http://bad host/",
            "http://host:+80/",
            "http:///path",
            "http://[::1/",
            "http://127.0.0.1:18070\\@evil.example/",
            "http://user@host/",
        ] {
            assert!(Url::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn user_information_is_refused_and_never_repeated() {
        for (text, shown) in [
            ("http://user:pw@host/", "http://***@host/"),
            ("https://pw@host:1/p?q", "https://***@host:1/p?q"),
            ("user:pw@host:4566", "***@host:4566"),
            ("http://us er:pw@host/", "http://***@host/"),
            ("http://a@b:pw@host/x@y", "http://***@host/x@y"),
        ] {
            let error = Url::parse(text).unwrap_err();
            assert_eq!(error.url(), shown);
            for message in [error.to_string(), format!("{error:?}")] {
                assert!(!message.contains("pw"), "{message}");
            }
        }
        assert_eq!(redact_userinfo("http://host/a@b"), "http://host/a@b");
    }

    #[test]
    fn joins_operation_paths_under_the_endpoint_path() {
        let bare = Url::parse("https://devicefarm.us-west-2.amazonaws.com").unwrap();
        assert_eq!(
            bare.join("/"),
            "https://devicefarm.us-west-2.amazonaws.com/"
        );
        let local = Url::parse("http://127.0.0.1:4566/proxy/").unwrap();
        assert_eq!(local.join("/"), "http://127.0.0.1:4566/proxy/");
        assert_eq!(
            local.join("/v1/x?y=2"),
            "http://127.0.0.1:4566/proxy/v1/x?y=2"
        );
    }
}
