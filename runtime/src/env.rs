//! Where configuration reads environment variables and the home directory from, so
//! that tests can supply both without touching the process environment.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

/// A source of environment variables and of the user's home directory.
#[derive(Clone)]
pub struct Env(Arc<Source>);

enum Source {
    Process,
    Fixed {
        vars: BTreeMap<String, String>,
        home: Option<PathBuf>,
    },
}

impl Env {
    /// The process environment; home from `HOME` (or `USERPROFILE` on Windows).
    pub fn process() -> Self {
        Self(Arc::new(Source::Process))
    }

    /// Exactly these variables and this home directory.
    pub fn fixed<K: Into<String>, V: Into<String>>(
        vars: impl IntoIterator<Item = (K, V)>,
        home: Option<PathBuf>,
    ) -> Self {
        Self(Arc::new(Source::Fixed {
            vars: vars
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
            home,
        }))
    }

    /// The value of `name`; unset, empty and non-UTF-8 values count as absent.
    pub fn get(&self, name: &str) -> Option<String> {
        let value = match &*self.0 {
            Source::Process => std::env::var(name).ok(),
            Source::Fixed { vars, .. } => vars.get(name).cloned(),
        };
        value.filter(|v| !v.trim().is_empty())
    }

    /// The user's home directory.
    pub fn home_dir(&self) -> Option<PathBuf> {
        match &*self.0 {
            Source::Process => {
                let var = if cfg!(windows) { "USERPROFILE" } else { "HOME" };
                std::env::var_os(var)
                    .filter(|v| !v.is_empty())
                    .map(PathBuf::from)
            }
            Source::Fixed { home, .. } => home.clone(),
        }
    }
}

impl fmt::Debug for Env {
    /// Names only: values may be secrets (`AWS_SECRET_ACCESS_KEY`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.0 {
            Source::Process => f.write_str("Env(process)"),
            Source::Fixed { vars, home } => f
                .debug_struct("Env")
                .field("vars", &vars.keys().collect::<Vec<_>>())
                .field("home", home)
                .finish(),
        }
    }
}

impl Default for Env {
    fn default() -> Self {
        Self::process()
    }
}
