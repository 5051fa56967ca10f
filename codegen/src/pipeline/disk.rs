//! Bringing a directory in line with a [`Tree`]: [`diff`] says how they differ,
//! [`write()`] writes only what changed and removes stale files of the crate directories,
//! [`orphan_crates`] lists crate directories the tree no longer has.

use std::collections::BTreeSet;
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::{io_error, Error, Tree};

/// How a directory differs from a [`Tree`]. Paths include the output directory.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Drift {
    /// Files whose content differs, with the first line that does.
    pub stale: Vec<(PathBuf, usize)>,
    /// Files the tree has and the directory lacks.
    pub missing: Vec<PathBuf>,
    /// Files in a crate directory that the tree does not have.
    pub extra: Vec<PathBuf>,
}

impl Drift {
    /// True when the directory matches the tree.
    pub fn is_empty(&self) -> bool {
        self.stale.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }
}

impl fmt::Display for Drift {
    /// One line per file: `stale`, `missing` or `extra`, then the path.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (path, line) in &self.stale {
            writeln!(f, "stale:   {} (differs from line {line})", path.display())?;
        }
        for path in &self.missing {
            writeln!(f, "missing: {}", path.display())?;
        }
        for path in &self.extra {
            writeln!(f, "extra:   {}", path.display())?;
        }
        Ok(())
    }
}

/// What [`write()`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// Files created or rewritten.
    pub written: Vec<PathBuf>,
    /// Stale files removed.
    pub removed: Vec<PathBuf>,
    /// Files left alone because their content was already right.
    pub unchanged: usize,
}

/// Compares `out` with `tree` without changing anything.
pub fn diff(tree: &Tree, out: &Path) -> Result<Drift, Error> {
    let mut drift = Drift::default();
    for (service, krate) in &tree.crates {
        let dir = out.join(service);
        let mut on_disk = files_under(&dir)?;
        for (relative, content) in &krate.files {
            let path = dir.join(relative);
            match read_if_present(&path)? {
                None => drift.missing.push(path),
                Some(old) if old != content.as_bytes() => {
                    let line = first_different_line(&old, content);
                    drift.stale.push((path, line));
                }
                Some(_) => {}
            }
            on_disk.remove(relative);
        }
        drift
            .extra
            .extend(on_disk.into_iter().map(|relative| dir.join(relative)));
    }
    Ok(drift)
}

/// Makes `out` match `tree`: writes files whose content differs, removes stale files
/// from the crate directories (and directories left empty), leaves the rest untouched.
pub fn write(tree: &Tree, out: &Path) -> Result<Written, Error> {
    let mut written = Written::default();
    for (service, krate) in &tree.crates {
        let dir = out.join(service);
        let mut on_disk = files_under(&dir)?;
        for (relative, content) in &krate.files {
            let path = dir.join(relative);
            on_disk.remove(relative);
            if read_if_present(&path)?.as_deref() == Some(content.as_bytes()) {
                written.unchanged += 1;
                continue;
            }
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).map_err(io_error(parent))?;
            }
            fs::write(&path, content).map_err(io_error(&path))?;
            written.written.push(path);
        }
        for relative in on_disk {
            let path = dir.join(&relative);
            fs::remove_file(&path).map_err(io_error(&path))?;
            remove_empty_parents(&dir, &relative)?;
            written.removed.push(path);
        }
    }
    Ok(written)
}

/// Subdirectories of `out` that hold a `Cargo.toml` but no crate of `tree`: crates whose
/// docs are gone. Only callers that own all of `out` should act on them.
pub fn orphan_crates(tree: &Tree, out: &Path) -> Result<Vec<PathBuf>, Error> {
    let entries = match fs::read_dir(out) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(io_error(out)(error)),
    };
    let mut orphans = Vec::new();
    for entry in entries {
        let entry = entry.map_err(io_error(out))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if !tree.crates.contains_key(&name) && path.join("Cargo.toml").is_file() {
            orphans.push(path);
        }
    }
    orphans.sort();
    Ok(orphans)
}

/// The files under `dir`, relative to it; empty when `dir` does not exist.
fn files_under(dir: &Path) -> Result<BTreeSet<PathBuf>, Error> {
    let mut files = BTreeSet::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        let here = dir.join(&relative);
        let entries = match fs::read_dir(&here) {
            Ok(entries) => entries,
            Err(error) if error.kind() == io::ErrorKind::NotFound => continue,
            Err(error) => return Err(io_error(&here)(error)),
        };
        for entry in entries {
            let entry = entry.map_err(io_error(&here))?;
            let kind = entry.file_type().map_err(io_error(&entry.path()))?;
            let child = relative.join(entry.file_name());
            if kind.is_dir() {
                pending.push(child);
            } else {
                files.insert(child);
            }
        }
    }
    Ok(files)
}

fn read_if_present(path: &Path) -> Result<Option<Vec<u8>>, Error> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(io_error(path)(error)),
    }
}

/// Removes the directories between `dir` and `relative` that are now empty.
fn remove_empty_parents(dir: &Path, relative: &Path) -> Result<(), Error> {
    for parent in relative.ancestors().skip(1) {
        if parent.as_os_str().is_empty() {
            break;
        }
        let path = dir.join(parent);
        let is_empty = fs::read_dir(&path)
            .map_err(io_error(&path))?
            .next()
            .is_none();
        if !is_empty {
            break;
        }
        fs::remove_dir(&path).map_err(io_error(&path))?;
    }
    Ok(())
}

/// The 1-based number of the first line where `old` and `new` differ (one past the
/// last line when they do not).
fn first_different_line(old: &[u8], new: &str) -> usize {
    let mut old_lines = old.split(|&b| b == b'\n');
    let mut new_lines = new.as_bytes().split(|&b| b == b'\n');
    let mut line = 1;
    loop {
        match (old_lines.next(), new_lines.next()) {
            (None, None) => return line,
            (old, new) if old != new => return line,
            _ => line += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[(&str, &str)]) -> Tree {
        let mut tree = Tree::default();
        for (path, content) in files {
            let path = Path::new(path);
            let mut components = path.components();
            let service = components
                .next()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .unwrap_or_default();
            tree.crates
                .entry(service)
                .or_default()
                .files
                .insert(components.as_path().to_path_buf(), (*content).to_owned());
        }
        tree
    }

    #[test]
    fn write_then_diff_is_clean_and_rewrite_touches_nothing() -> Result<(), Error> {
        let out = tempfile::tempdir().map_err(io_error(Path::new("tempdir")))?;
        let tree = tree(&[("a/Cargo.toml", "[package]\n"), ("a/src/lib.rs", "//! A\n")]);

        let first = write(&tree, out.path())?;
        assert_eq!(first.written.len(), 2);
        assert!(diff(&tree, out.path())?.is_empty());

        let second = write(&tree, out.path())?;
        assert_eq!(
            second,
            Written {
                unchanged: 2,
                ..Written::default()
            }
        );
        Ok(())
    }

    #[test]
    fn diff_names_stale_missing_and_extra_files() -> Result<(), Error> {
        let out = tempfile::tempdir().map_err(io_error(Path::new("tempdir")))?;
        let old = tree(&[
            ("a/src/lib.rs", "one\ntwo\nthree\n"),
            ("a/src/gone.rs", "x\n"),
            ("b/src/lib.rs", "b\n"),
        ]);
        write(&old, out.path())?;
        let new = tree(&[
            ("a/src/lib.rs", "one\n2\nthree\n"),
            ("a/src/new.rs", "y\n"),
            ("b/src/lib.rs", "b\n"),
        ]);

        let drift = diff(&new, out.path())?;
        assert_eq!(drift.stale, [(out.path().join("a/src/lib.rs"), 2)]);
        assert_eq!(drift.missing, [out.path().join("a/src/new.rs")]);
        assert_eq!(drift.extra, [out.path().join("a/src/gone.rs")]);

        let written = write(&new, out.path())?;
        assert_eq!(written.removed, [out.path().join("a/src/gone.rs")]);
        assert_eq!(written.unchanged, 1);
        assert!(diff(&new, out.path())?.is_empty());
        Ok(())
    }

    #[test]
    fn removing_stale_files_prunes_empty_directories_but_not_the_crate() -> Result<(), Error> {
        let out = tempfile::tempdir().map_err(io_error(Path::new("tempdir")))?;
        write(
            &tree(&[("a/src/deep/x.rs", "x"), ("a/Cargo.toml", "")]),
            out.path(),
        )?;
        write(&tree(&[("a/Cargo.toml", "")]), out.path())?;
        assert!(!out.path().join("a/src").exists());
        assert!(out.path().join("a/Cargo.toml").is_file());
        Ok(())
    }

    #[test]
    fn files_outside_crate_dirs_are_left_alone_and_orphans_listed() -> Result<(), Error> {
        let out = tempfile::tempdir().map_err(io_error(Path::new("tempdir")))?;
        write(
            &tree(&[("old/Cargo.toml", ""), ("a/Cargo.toml", "")]),
            out.path(),
        )?;
        fs::write(out.path().join("README.md"), "mine").map_err(io_error(out.path()))?;

        let tree = tree(&[("a/Cargo.toml", "")]);
        assert!(diff(&tree, out.path())?.is_empty());
        write(&tree, out.path())?;
        assert!(out.path().join("README.md").is_file());
        assert_eq!(orphan_crates(&tree, out.path())?, [out.path().join("old")]);
        Ok(())
    }

    #[test]
    fn first_different_line_counts_from_one() {
        assert_eq!(first_different_line(b"a\nb\n", "a\nc\n"), 2);
        assert_eq!(first_different_line(b"a\n", "a\nb\n"), 2);
        assert_eq!(first_different_line(b"x", "y"), 1);
    }
}
