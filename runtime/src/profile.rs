//! The shared `~/.aws/config` and `~/.aws/credentials` files.
//!
//! Both are INI files. In `config`, profiles are `[default]` or `[profile NAME]`,
//! `[services NAME]` sections hold per-service settings and `[sso-session NAME]` sections
//! IAM Identity Center sessions; in `credentials` every section is a profile. Lines starting with `#` or `;` are comments, as is the rest of a value
//! after ` #` or ` ;`. Keys are case-insensitive. An indented line after `key =` is a
//! sub-setting of `key` (used by `services` sections). A setting in `credentials` wins
//! over the same setting of the same profile in `config`.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::env::Env;
use crate::error::ConfigError;

/// Largest shared config or credentials file read, in bytes (1 MiB). Real files are a
/// few KiB, tens with hundreds of profiles; the limit keeps a wrong path (a log, an
/// image) from costing memory and parse time.
pub const MAX_FILE_SIZE: u64 = 1 << 20;

/// One section: settings, and sub-settings of keys with an empty value.
///
/// `Debug` hides secrets: values of keys naming a secret, token or password
/// (`aws_secret_access_key`, `aws_session_token`, ...), all but the first four
/// characters of `aws_access_key_id`, and passwords in URLs.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Section {
    values: BTreeMap<String, String>,
    nested: BTreeMap<String, BTreeMap<String, String>>,
}

impl Section {
    /// A setting (keys are lower-case).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.values.get(key).map(String::as_str)
    }

    /// A sub-setting: `key = ` then an indented `sub_key = value`.
    pub fn get_nested(&self, key: &str, sub_key: &str) -> Option<&str> {
        self.nested.get(key)?.get(sub_key).map(String::as_str)
    }

    /// The keys that have sub-settings.
    pub fn nested_keys(&self) -> impl Iterator<Item = &str> {
        self.nested.keys().map(String::as_str)
    }

    fn merge_from(&mut self, other: Section) {
        self.values.extend(other.values);
        for (key, subs) in other.nested {
            self.nested.entry(key).or_default().extend(subs);
        }
    }
}

/// The profiles and `services` sections of both files. `Debug` hides secrets as
/// [`Section`]'s does.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProfileSet {
    profiles: BTreeMap<String, Section>,
    services: BTreeMap<String, Section>,
    sso_sessions: BTreeMap<String, Section>,
}

impl fmt::Debug for Section {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Settings<'a>(&'a BTreeMap<String, String>);
        impl fmt::Debug for Settings<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_map()
                    .entries(self.0.iter().map(|(k, v)| (k, shown(k, v))))
                    .finish()
            }
        }
        let nested: BTreeMap<_, _> = self
            .nested
            .iter()
            .map(|(key, subs)| (key, Settings(subs)))
            .collect();
        f.debug_struct("Section")
            .field("values", &Settings(&self.values))
            .field("nested", &nested)
            .finish()
    }
}

/// A setting's value as `Debug` shows it.
fn shown<'a>(key: &str, value: &'a str) -> Cow<'a, str> {
    let key = key.to_ascii_lowercase();
    if ["secret", "token", "password"]
        .iter()
        .any(|s| key.contains(s))
    {
        "** redacted **".into()
    } else if key == "aws_access_key_id" {
        // As `Credentials` shows it: `AKIA` (long-term) or `ASIA` (temporary) tells enough.
        format!("{}****", value.chars().take(4).collect::<String>()).into()
    } else {
        crate::endpoint::redact_userinfo(value)
    }
}

/// Which file a text came from: the section naming rules differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// `~/.aws/config`.
    Config,
    /// `~/.aws/credentials`.
    Credentials,
}

impl ProfileSet {
    /// Reads the files the environment points at: `AWS_CONFIG_FILE` or
    /// `~/.aws/config`, and `AWS_SHARED_CREDENTIALS_FILE` or `~/.aws/credentials`.
    /// Missing files count as empty, and so does `/dev/null`. Anything but a regular
    /// file (a directory, a FIFO, a device) or a file over [`MAX_FILE_SIZE`] bytes is a
    /// [`ConfigError::ReadFile`] naming it.
    pub fn load(env: &Env) -> Result<Self, ConfigError> {
        let mut set = Self::default();
        for (kind, var, default) in [
            (FileKind::Config, "AWS_CONFIG_FILE", "config"),
            (
                FileKind::Credentials,
                "AWS_SHARED_CREDENTIALS_FILE",
                "credentials",
            ),
        ] {
            let path = match env.get(var) {
                Some(path) => Some(expand_home(&path, env)),
                None => env.home_dir().map(|home| home.join(".aws").join(default)),
            };
            if let Some(text) = path.as_deref().map(read_if_present).transpose()?.flatten() {
                set.add(kind, &text);
            }
        }
        Ok(set)
    }

    /// Adds the sections of one file's text.
    pub fn add(&mut self, kind: FileKind, text: &str) {
        for (header, section) in parse(text) {
            let target = match classify(kind, &header) {
                Some(SectionName::Profile(name)) => self.profiles.entry(name),
                Some(SectionName::Services(name)) => self.services.entry(name),
                Some(SectionName::SsoSession(name)) => self.sso_sessions.entry(name),
                None => continue,
            };
            target.or_default().merge_from(section);
        }
    }

    /// A profile by name.
    pub fn profile(&self, name: &str) -> Option<&Section> {
        self.profiles.get(name)
    }

    /// A `[services NAME]` section by name.
    pub fn services(&self, name: &str) -> Option<&Section> {
        self.services.get(name)
    }

    /// An `[sso-session NAME]` section by name.
    pub fn sso_session(&self, name: &str) -> Option<&Section> {
        self.sso_sessions.get(name)
    }
}

enum SectionName {
    Profile(String),
    Services(String),
    SsoSession(String),
}

/// What a section header names. In `config`, `[name]` only counts for `default`
/// (other names must say `profile`); `credentials` has bare profile names only.
fn classify(kind: FileKind, header: &str) -> Option<SectionName> {
    let mut words = header.split_whitespace();
    let (first, second, rest) = (words.next()?, words.next(), words.next());
    if rest.is_some() {
        return None;
    }
    match (kind, second) {
        (FileKind::Credentials, None) => Some(SectionName::Profile(first.to_owned())),
        (FileKind::Config, None) if first == "default" => {
            Some(SectionName::Profile(first.to_owned()))
        }
        (FileKind::Config, Some(name)) if first == "profile" => {
            Some(SectionName::Profile(name.to_owned()))
        }
        (FileKind::Config, Some(name)) if first == "services" => {
            Some(SectionName::Services(name.to_owned()))
        }
        (FileKind::Config, Some(name)) if first == "sso-session" => {
            Some(SectionName::SsoSession(name.to_owned()))
        }
        _ => None,
    }
}

/// Sections in file order, by header text.
fn parse(text: &str) -> Vec<(String, Section)> {
    let mut sections: Vec<(String, Section)> = Vec::new();
    // The key whose indented lines are sub-settings, while one is open.
    let mut parent: Option<String> = None;
    for raw in text.lines() {
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        if trimmed.starts_with('[') {
            parent = None;
            let header = trimmed
                .strip_prefix('[')
                .and_then(|h| h.split_once(']'))
                .map(|(name, _)| name.trim().to_owned());
            // A malformed header starts a section nothing can select, so its
            // settings do not leak into the previous section.
            sections.push((header.unwrap_or_default(), Section::default()));
            continue;
        }
        let Some((_, section)) = sections.last_mut() else {
            continue;
        };
        let Some((key, value)) = trimmed.split_once('=') else {
            continue;
        };
        let key = key.trim().to_ascii_lowercase();
        let value = strip_comment(value).trim().to_owned();
        let indented = raw.starts_with([' ', '\t']);
        match (&parent, indented) {
            (Some(parent), true) => {
                section
                    .nested
                    .entry(parent.clone())
                    .or_default()
                    .insert(key, value);
            }
            _ => {
                parent = value.is_empty().then(|| key.clone());
                section.values.insert(key, value);
            }
        }
    }
    sections
}

/// Cuts a value at ` #` or ` ;` (a comment marker preceded by whitespace).
fn strip_comment(value: &str) -> &str {
    let bytes = value.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if (b == b'#' || b == b';') && i > 0 && bytes[i - 1].is_ascii_whitespace() {
            return &value[..i];
        }
    }
    value
}

fn expand_home(path: &str, env: &Env) -> PathBuf {
    match (path.strip_prefix("~/"), env.home_dir()) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => PathBuf::from(path),
    }
}

/// The text of a shared file; `None` when there is none. Only regular files are read
/// (a FIFO would block the open until someone writes, a device such as `/dev/zero`
/// never ends), and at most [`MAX_FILE_SIZE`] bytes of them. `/dev/null` counts as
/// empty, as people point the variables at it to ignore the files.
fn read_if_present(path: &Path) -> Result<Option<String>, ConfigError> {
    let fail = |source| ConfigError::ReadFile {
        path: path.display().to_string(),
        source,
    };
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(fail(e)),
    };
    if !metadata.is_file() && is_null_device(path) {
        return Ok(None);
    }
    check_file(&metadata).map_err(fail)?;
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(fail(e)),
    };
    // Checked again on the open file, and read through `take`: the path may have been
    // replaced since, or the file may grow while it is read.
    check_file(&file.metadata().map_err(fail)?).map_err(fail)?;
    let bytes = read_capped(file).map_err(fail)?;
    Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
}

/// At most [`MAX_FILE_SIZE`] bytes of `reader`, or an error if it holds more.
fn read_capped(reader: impl Read) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader.take(MAX_FILE_SIZE + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(too_large());
    }
    Ok(bytes)
}

/// A regular file no larger than [`MAX_FILE_SIZE`].
fn check_file(metadata: &std::fs::Metadata) -> io::Result<()> {
    if !metadata.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("not a regular file ({})", kind_of(&metadata.file_type())),
        ));
    }
    if metadata.len() > MAX_FILE_SIZE {
        return Err(too_large());
    }
    Ok(())
}

fn too_large() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!(
            "larger than {MAX_FILE_SIZE} bytes (1 MiB), the limit of a shared config or \
             credentials file"
        ),
    )
}

fn kind_of(file_type: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a directory"
    } else {
        "not a file"
    }
}

fn is_null_device(path: &Path) -> bool {
    let null = if cfg!(windows) { "NUL" } else { "/dev/null" };
    path == Path::new(null) || std::fs::canonicalize(path).is_ok_and(|p| p == Path::new(null))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = "\
# a comment
[default]
region = us-east-1   # trailing comment
output=json

[profile dev]
Region = eu-west-1
endpoint_url = http://localhost:4566
services = local-dev
s3 =
  max_concurrent_requests = 20

[dev]
region = ignored-without-profile-prefix

[services local-dev]
device_farm =
  endpoint_url = http://localhost:5000
app_stream =
\tendpoint_url = http://localhost:5001

[profile broken
region = nowhere
";

    const CREDENTIALS: &str = "\
[default]
aws_access_key_id = AKIDDEFAULT
aws_secret_access_key = secret;with#marks
[dev]
aws_access_key_id=AKIDDEV
aws_secret_access_key=devsecret
region = us-west-2
";

    fn set() -> ProfileSet {
        let mut set = ProfileSet::default();
        set.add(FileKind::Config, CONFIG);
        set.add(FileKind::Credentials, CREDENTIALS);
        set
    }

    #[test]
    fn reads_profiles_from_both_files() {
        let set = set();
        let default = set.profile("default").unwrap();
        assert_eq!(default.get("region"), Some("us-east-1"));
        assert_eq!(default.get("output"), Some("json"));
        assert_eq!(default.get("aws_access_key_id"), Some("AKIDDEFAULT"));
        // `;` and `#` not preceded by whitespace belong to the value.
        assert_eq!(
            default.get("aws_secret_access_key"),
            Some("secret;with#marks")
        );

        let dev = set.profile("dev").unwrap();
        assert_eq!(dev.get("aws_access_key_id"), Some("AKIDDEV"));
        // The credentials file wins over the config file.
        assert_eq!(dev.get("region"), Some("us-west-2"));
        assert_eq!(dev.get("endpoint_url"), Some("http://localhost:4566"));
        assert_eq!(dev.get_nested("s3", "max_concurrent_requests"), Some("20"));
        assert!(set.profile("broken").is_none());
    }

    #[test]
    fn reads_services_sections() {
        let set = set();
        let services = set.services("local-dev").unwrap();
        assert_eq!(
            services.get_nested("device_farm", "endpoint_url"),
            Some("http://localhost:5000")
        );
        assert_eq!(
            services.get_nested("app_stream", "endpoint_url"),
            Some("http://localhost:5001")
        );
    }

    #[test]
    fn reading_stops_after_the_size_limit() {
        let endless = read_capped(io::repeat(b'#')).unwrap_err();
        assert!(endless.to_string().contains("1 MiB"), "{endless}");
        let at_limit = read_capped(io::repeat(b'#').take(MAX_FILE_SIZE)).unwrap();
        assert_eq!(at_limit.len() as u64, MAX_FILE_SIZE);
    }

    #[test]
    fn loads_files_from_home_or_the_override_variables() {
        let dir = std::env::temp_dir().join(format!("sdk-runtime-profile-{}", std::process::id()));
        let aws = dir.join(".aws");
        std::fs::create_dir_all(&aws).unwrap();
        std::fs::write(aws.join("config"), "[default]\nregion = from-home\n").unwrap();
        std::fs::write(dir.join("other"), "[default]\nregion = from-override\n").unwrap();

        let home = Env::fixed([("UNRELATED", "x")], Some(dir.clone()));
        let set = ProfileSet::load(&home).unwrap();
        assert_eq!(
            set.profile("default").unwrap().get("region"),
            Some("from-home")
        );

        let over = Env::fixed([("AWS_CONFIG_FILE", "~/other")], Some(dir.clone()));
        let set = ProfileSet::load(&over).unwrap();
        assert_eq!(
            set.profile("default").unwrap().get("region"),
            Some("from-override")
        );

        let missing = Env::fixed(
            [("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/creds")],
            None,
        );
        assert_eq!(ProfileSet::load(&missing).unwrap(), ProfileSet::default());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
