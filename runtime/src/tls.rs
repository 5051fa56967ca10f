//! Which certificate authorities the default client trusts.
//!
//! By default: Mozilla's roots compiled in (`webpki-roots`) and, with the
//! `native-roots` feature (on by default), the system's root certificates besides them,
//! where a company installs its own authority. A [`CaBundle`] (`AWS_CA_BUNDLE`, the
//! profile's `ca_bundle`, or [`crate::ConfigBuilder::ca_bundle`]) replaces both, as it
//! does in botocore and the AWS CLI: only the bundle's authorities are trusted.

use std::fmt;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use rustls::pki_types::pem::{self, PemObject as _};
use rustls::pki_types::CertificateDer;
use rustls::RootCertStore;

use crate::env::Env;
use crate::error::ConfigError;
use crate::profile::Section;

/// Largest CA bundle file read, in bytes (4 MiB): the whole Mozilla bundle is about
/// 220 KiB. The limit keeps a wrong path (a log, `/dev/zero`) from costing memory.
pub const MAX_CA_BUNDLE_SIZE: u64 = 4 << 20;

/// Certificate authorities, parsed from PEM, to trust instead of the default roots.
///
/// Every `CERTIFICATE` section of the PEM text is an authority; other sections (keys)
/// are skipped. Text with no certificate, a malformed section or a certificate that is
/// not X.509 is refused, so that a mistake shows when the configuration is made rather
/// than as a refused server later.
#[derive(Clone)]
pub struct CaBundle {
    roots: Arc<RootCertStore>,
}

/// Why a CA bundle was refused.
#[derive(Debug)]
pub struct InvalidCaBundle {
    file: Option<PathBuf>,
    reason: String,
}

impl fmt::Display for InvalidCaBundle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("invalid CA bundle")?;
        if let Some(file) = &self.file {
            write!(f, " {}", crate::error::quoted(&file.display().to_string()))?;
        }
        write!(f, ": {}", self.reason)
    }
}

impl std::error::Error for InvalidCaBundle {}

impl InvalidCaBundle {
    /// The file, when the bundle was read from one.
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// What is wrong with it.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl CaBundle {
    /// The authorities of a PEM text (`-----BEGIN CERTIFICATE-----` sections).
    pub fn from_pem(pem: &[u8]) -> Result<Self, InvalidCaBundle> {
        let refuse = |reason: String| InvalidCaBundle { file: None, reason };
        let mut roots = RootCertStore::empty();
        for (index, section) in CertificateDer::pem_slice_iter(pem).enumerate() {
            let der = section.map_err(|e| refuse(pem_error(&e)))?;
            roots.add(der).map_err(|e| {
                refuse(format!(
                    "certificate {} is not a valid X.509 certificate ({e})",
                    index + 1
                ))
            })?;
        }
        if roots.is_empty() {
            return Err(refuse(
                "no certificate in it (expected PEM `-----BEGIN CERTIFICATE-----` sections)"
                    .to_owned(),
            ));
        }
        Ok(Self {
            roots: Arc::new(roots),
        })
    }

    /// The authorities of a PEM file. Only a regular file of at most
    /// [`MAX_CA_BUNDLE_SIZE`] bytes is read; the error names the file.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, InvalidCaBundle> {
        let path = path.as_ref();
        let with_file = |mut e: InvalidCaBundle| {
            e.file = Some(path.to_owned());
            e
        };
        let refuse = |reason: String| with_file(InvalidCaBundle { file: None, reason });
        // Checked before opening: opening a FIFO blocks until someone writes to it.
        let metadata = std::fs::metadata(path).map_err(|e| refuse(format!("cannot read ({e})")))?;
        if !metadata.is_file() {
            return Err(refuse("not a regular file".to_owned()));
        }
        let mut pem = Vec::new();
        std::fs::File::open(path)
            .and_then(|file| file.take(MAX_CA_BUNDLE_SIZE + 1).read_to_end(&mut pem))
            .map_err(|e| refuse(format!("cannot read ({e})")))?;
        if pem.len() as u64 > MAX_CA_BUNDLE_SIZE {
            return Err(refuse(format!(
                "larger than {MAX_CA_BUNDLE_SIZE} bytes, more than any CA bundle"
            )));
        }
        Self::from_pem(&pem).map_err(with_file)
    }

    /// How many authorities the bundle holds.
    pub fn len(&self) -> usize {
        self.roots.len()
    }

    /// Never true: a bundle holds at least one authority.
    pub fn is_empty(&self) -> bool {
        self.roots.is_empty()
    }
}

impl fmt::Debug for CaBundle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CaBundle")
            .field("authorities", &self.len())
            .finish()
    }
}

/// A PEM error without the file's text (rustls' own message prints the bad line).
fn pem_error(error: &pem::Error) -> String {
    match error {
        pem::Error::MissingSectionEnd { .. } => "malformed PEM: a section has no END line".into(),
        pem::Error::IllegalSectionStart { .. } => {
            "malformed PEM: a section has a malformed BEGIN line".into()
        }
        pem::Error::Base64Decode(_) => "malformed PEM: a section is not valid base64".into(),
        other => format!("malformed PEM: {other}"),
    }
}

/// The roots trusted without a bundle, read once per process.
fn default_roots() -> Arc<RootCertStore> {
    static ROOTS: OnceLock<Arc<RootCertStore>> = OnceLock::new();
    let roots = ROOTS.get_or_init(|| {
        #[allow(unused_mut)] // Added to with the `native-roots` feature.
        let mut roots = RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        // Unreadable or unparsable system certificates are skipped, as curl and
        // OpenSSL skip them: Mozilla's roots are there in any case.
        #[cfg(feature = "native-roots")]
        roots.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
        Arc::new(roots)
    });
    Arc::clone(roots)
}

/// The client TLS configuration trusting `bundle`, or the default roots without one.
pub(crate) fn client_config(
    bundle: Option<&CaBundle>,
) -> Result<rustls::ClientConfig, rustls::Error> {
    let roots = match bundle {
        Some(bundle) => Arc::clone(&bundle.roots),
        None => default_roots(),
    };
    Ok(rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()?
    .with_root_certificates(roots)
    .with_no_client_auth())
}

/// The bundle `AWS_CA_BUNDLE` or else the profile's `ca_bundle` names, if any; an
/// unusable one is a [`ConfigError::InvalidSetting`] naming the setting and the file.
pub(crate) fn bundle_from_env(
    env: &Env,
    profile: &Section,
) -> Result<Option<CaBundle>, ConfigError> {
    let setting = env
        .get("AWS_CA_BUNDLE")
        .map(|path| ("AWS_CA_BUNDLE", path))
        .or_else(|| {
            let path = profile.get("ca_bundle").filter(|p| !p.is_empty())?;
            Some(("ca_bundle", path.to_owned()))
        });
    let Some((name, path)) = setting else {
        return Ok(None);
    };
    CaBundle::from_file(&path)
        .map(Some)
        .map_err(|e| ConfigError::InvalidSetting {
            name: name.to_owned(),
            value: path,
            reason: e.reason,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pem_errors_do_not_repeat_the_text() {
        let secret_line = "-----BEGIN CERTIFICATE secret-text\nAAAA\n-----END CERTIFICATE-----\n";
        let error = CaBundle::from_pem(secret_line.as_bytes()).unwrap_err();
        assert!(!error.to_string().contains("secret-text"), "{error}");
        let unterminated = "-----BEGIN CERTIFICATE-----\nAAAA\n";
        let error = CaBundle::from_pem(unterminated.as_bytes()).unwrap_err();
        assert!(error.to_string().contains("no END line"), "{error}");
        assert!(CaBundle::from_pem(b"").is_err());
    }

    #[test]
    fn the_default_roots_include_mozillas() {
        assert!(default_roots().len() >= webpki_roots::TLS_SERVER_ROOTS.len());
        assert!(client_config(None).is_ok());
    }
}
