//! Endpoint URLs: the small URL parser the runtime needs, the default AWS endpoint of
//! a service in a region, and the environment names of endpoint overrides.

use std::fmt;

/// Why a URL was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid endpoint URL `{url}`: {reason}")]
pub struct InvalidUrl {
    url: String,
    reason: &'static str,
}

/// An absolute `http` or `https` URL, split the way `urllib.parse.urlsplit` splits it.
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
    /// Parses an absolute `http(s)://host[:port][/path][?query]` URL. A fragment is dropped.
    pub fn parse(text: &str) -> Result<Self, InvalidUrl> {
        let fail = |reason| InvalidUrl {
            url: text.to_owned(),
            reason,
        };
        let (scheme, rest) = text
            .split_once("://")
            .ok_or_else(|| fail("expected scheme://host"))?;
        let scheme = match scheme.to_ascii_lowercase().as_str() {
            "http" => Scheme::Http,
            "https" => Scheme::Https,
            _ => return Err(fail("scheme must be http or https")),
        };
        let rest = rest.split_once('#').map_or(rest, |(before, _)| before);
        let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(authority_end);
        let (path, query) = match tail.split_once('?') {
            Some((path, query)) => (path, Some(query.to_owned())),
            None => (tail, None),
        };
        let host_port = authority
            .rsplit_once('@')
            .map_or(authority, |(_, host)| host);
        let (host, port) = split_host_port(host_port).ok_or_else(|| fail("invalid port"))?;
        if host.is_empty() {
            return Err(fail("missing host"));
        }
        if host
            .bytes()
            .any(|b| b.is_ascii_whitespace() || b.is_ascii_control())
        {
            return Err(fail("host contains whitespace"));
        }
        Ok(Self {
            text: text.to_owned(),
            scheme,
            host: host.to_ascii_lowercase(),
            port,
            path: path.to_owned(),
            query,
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

    /// The path as written (may be empty).
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

/// Splits `host[:port]` and `[v6]:port`; `None` when a port is present but invalid.
fn split_host_port(authority: &str) -> Option<(&str, Option<u16>)> {
    let (host, port) = if authority.starts_with('[') {
        let close = authority.find(']')?;
        let (host, rest) = authority.split_at(close + 1);
        match rest.strip_prefix(':') {
            Some(port) => (host, Some(port)),
            None if rest.is_empty() => (host, None),
            None => return None,
        }
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    match port {
        None | Some("") => Some((host, None)),
        Some(port) => port.parse().ok().map(|p| (host, Some(p))),
    }
}

/// The default endpoint of a service in a region:
/// `https://{prefix}.{region}.amazonaws.com`, or `.amazonaws.com.cn` in China regions.
pub fn default_endpoint(endpoint_prefix: &str, region: &str) -> String {
    let suffix = if region.starts_with("cn-") {
        "amazonaws.com.cn"
    } else {
        "amazonaws.com"
    };
    format!("https://{endpoint_prefix}.{region}.{suffix}")
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

    #[test]
    fn default_endpoints_follow_the_partition() {
        assert_eq!(
            default_endpoint("devicefarm", "us-west-2"),
            "https://devicefarm.us-west-2.amazonaws.com"
        );
        assert_eq!(
            default_endpoint("appstream2", "cn-north-1"),
            "https://appstream2.cn-north-1.amazonaws.com.cn"
        );
        assert_eq!(
            default_endpoint("appstream2", "cn-northwest-1"),
            "https://appstream2.cn-northwest-1.amazonaws.com.cn"
        );
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
        let url = Url::parse("HTTPS://User@Example.COM:8443/base/?x=1#frag").unwrap();
        assert_eq!(url.scheme(), Scheme::Https);
        assert_eq!(url.host(), "example.com");
        assert_eq!(url.port(), Some(8443));
        assert_eq!(url.path(), "/base/");
        assert_eq!(url.query(), Some("x=1"));
        assert_eq!(url.host_header(), "example.com:8443");

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
        ] {
            assert!(Url::parse(bad).is_err(), "{bad}");
        }
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
