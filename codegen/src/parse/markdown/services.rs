//! Which service each page of a folder belongs to, and which service to read.
//!
//! A published reference folder may hold the pages of several services: DynamoDB's
//! holds DynamoDB Accelerator (`API_dax_CreateCluster.md`) and DynamoDB Streams
//! (`API_streams_GetRecords.md`). A page belongs to the service whose uid its See Also
//! links carry (`dax-2017-04-19`); a page without one, to the service of the index list
//! it is on (an index list belongs to the service most of its pages name); else to the
//! service of the pages sharing its file prefix (`dax_`).

use std::collections::BTreeMap;
use std::path::Path;

use super::page::IndexPage;

/// Which service's pages to read, as the service folder's `service.toml` names it.
///
/// `uid` (`dynamodb-2012-08-10`, as `cargo xtask import-docs` writes it) is the uid the
/// pages' See Also links carry; without it, `<endpoint_prefix>-<api_version>` with the
/// dots of the prefix as dashes (`streams.dynamodb` and `2012-08-10` give
/// `streams-dynamodb-2012-08-10`) stands for it.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
pub struct ServiceKey {
    /// The service uid: `dax-2017-04-19`.
    pub uid: Option<String>,
    /// The first label of the endpoint host: `streams.dynamodb`.
    pub endpoint_prefix: Option<String>,
    /// The API version: `2012-08-10`.
    pub api_version: Option<String>,
}

impl ServiceKey {
    /// The service with this uid.
    pub fn uid(uid: &str) -> Self {
        Self {
            uid: Some(uid.to_string()),
            ..Self::default()
        }
    }

    /// The key in `dir/service.toml`; empty when there is none or it is not TOML (the
    /// loader reports that).
    pub fn of_service_folder(dir: &Path) -> Self {
        std::fs::read_to_string(dir.join("service.toml"))
            .ok()
            .and_then(|text| toml::from_str(&text).ok())
            .unwrap_or_default()
    }

    /// The uids this key stands for, the stated one first.
    fn uids(&self) -> Vec<String> {
        let mut uids: Vec<String> = self.uid.iter().cloned().collect();
        if let (Some(prefix), Some(version)) = (&self.endpoint_prefix, &self.api_version) {
            uids.push(format!("{}-{version}", prefix.replace('.', "-")));
        }
        uids
    }

    fn is_empty(&self) -> bool {
        self.uids().is_empty()
    }
}

/// One reference page, as attribution sees it.
pub(super) struct PageFacts<'p> {
    /// `API_dax_Cluster.md`.
    pub(super) file: &'p str,
    /// `dax_` for `API_dax_Cluster.md` titled `Cluster`; empty when the file name is
    /// the title.
    pub(super) prefix: &'p str,
    /// The uid of the See Also links.
    pub(super) uid: Option<&'p str>,
}

/// The service of each page, by file name; `None` where nothing says.
pub(super) fn attribute(
    pages: &[PageFacts<'_>],
    indexes: &[&IndexPage],
) -> BTreeMap<String, Option<String>> {
    let own: BTreeMap<&str, &str> = pages
        .iter()
        .filter_map(|p| Some((p.file, p.uid?)))
        .collect();
    let mut by_list: BTreeMap<&str, String> = BTreeMap::new();
    for list in indexes.iter().flat_map(|index| &index.lists) {
        let uids = list.pages.iter().filter_map(|p| own.get(p.file.as_str()));
        let Some(uid) = most_common(uids.copied()) else {
            continue;
        };
        for page in &list.pages {
            by_list
                .entry(page.file.as_str())
                .or_insert_with(|| uid.to_string());
        }
    }
    let mut by_prefix: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for page in pages {
        if let Some(uid) = page.uid {
            by_prefix.entry(page.prefix).or_default().push(uid);
        }
    }
    let by_prefix: BTreeMap<&str, &str> = by_prefix
        .into_iter()
        .filter_map(|(prefix, uids)| Some((prefix, most_common(uids.into_iter())?)))
        .collect();
    pages
        .iter()
        .map(|page| {
            let uid = page
                .uid
                .map(str::to_string)
                .or_else(|| by_list.get(page.file).cloned())
                .or_else(|| by_prefix.get(page.prefix).map(|uid| (*uid).to_string()));
            (page.file.to_string(), uid)
        })
        .collect()
}

/// The uid that occurs most often; the first in order among equals.
fn most_common<'a>(uids: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for uid in uids {
        *counts.entry(uid).or_default() += 1;
    }
    let most = counts.values().copied().max()?;
    counts
        .into_iter()
        .find(|(_, count)| *count == most)
        .map(|(uid, _)| uid)
}

/// What to read from a folder.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Choice {
    /// Every page: the folder holds one service's pages.
    All,
    /// The pages of this service.
    Only(String),
    /// The pages of this service, though no key named it (reported).
    Guessed(String),
    /// The key names no service of the folder (reported as an error).
    Missing,
}

/// Chooses the service to read. `found` counts, per uid, its pages and those without a
/// file prefix (the folder's own service writes none).
pub(super) fn choose(key: &ServiceKey, found: &BTreeMap<String, (usize, usize)>) -> Choice {
    if found.len() <= 1 {
        return Choice::All;
    }
    let wanted = key.uids();
    if let Some(uid) = wanted.iter().find(|uid| found.contains_key(*uid)) {
        return Choice::Only(uid.clone());
    }
    // The same service at another API version.
    let names: Vec<&str> = wanted.iter().map(|uid| without_date(uid)).collect();
    let same_name: Vec<&String> = found
        .keys()
        .filter(|uid| names.contains(&without_date(uid)))
        .collect();
    if let [uid] = same_name.as_slice() {
        return Choice::Only((*uid).clone());
    }
    if !key.is_empty() {
        return Choice::Missing;
    }
    found
        .iter()
        .max_by_key(|(uid, (pages, unprefixed))| (*unprefixed, *pages, std::cmp::Reverse(*uid)))
        .map_or(Choice::Missing, |(uid, _)| Choice::Guessed(uid.clone()))
}

/// `dynamodb-2012-08-10` gives `dynamodb`.
fn without_date(uid: &str) -> &str {
    uid.len()
        .checked_sub(11)
        .and_then(|at| uid.get(..at))
        .unwrap_or(uid)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::markdown::page::{IndexEntry, IndexList};

    fn facts<'p>(file: &'p str, prefix: &'p str, uid: Option<&'p str>) -> PageFacts<'p> {
        PageFacts { file, prefix, uid }
    }

    #[test]
    fn pages_without_a_uid_follow_their_index_list_then_their_prefix() {
        let pages = [
            facts("API_A.md", "", Some("main-2020-01-01")),
            facts("API_B.md", "", None),
            facts("API_x_C.md", "x_", Some("x-2021-01-01")),
            facts("API_x_D.md", "x_", None),
            facts("API_x_E.md", "x_", None),
        ];
        let index = IndexPage {
            lists: vec![IndexList {
                service: None,
                pages: ["API_x_C.md", "API_x_D.md"]
                    .map(|file| IndexEntry {
                        name: String::new(),
                        file: file.into(),
                    })
                    .to_vec(),
            }],
            ..IndexPage::default()
        };
        let got = attribute(&pages, &[&index]);
        let uid = |file: &str| got[file].as_deref();
        assert_eq!(uid("API_B.md"), Some("main-2020-01-01"));
        assert_eq!(uid("API_x_D.md"), Some("x-2021-01-01"));
        assert_eq!(uid("API_x_E.md"), Some("x-2021-01-01"));
    }

    #[test]
    fn the_key_chooses_among_several_services() {
        let found: BTreeMap<String, (usize, usize)> = [
            ("dynamodb-2012-08-10".to_string(), (74, 74)),
            ("streams-dynamodb-2012-08-10".to_string(), (13, 0)),
        ]
        .into();
        let streams = ServiceKey {
            endpoint_prefix: Some("streams.dynamodb".into()),
            api_version: Some("2012-08-10".into()),
            ..ServiceKey::default()
        };
        assert_eq!(
            choose(&streams, &found),
            Choice::Only("streams-dynamodb-2012-08-10".into())
        );
        assert_eq!(
            choose(&ServiceKey::uid("dynamodb-2019-01-01"), &found),
            Choice::Only("dynamodb-2012-08-10".into())
        );
        assert_eq!(
            choose(&ServiceKey::default(), &found),
            Choice::Guessed("dynamodb-2012-08-10".into())
        );
        assert_eq!(
            choose(&ServiceKey::uid("lambda-2015-03-31"), &found),
            Choice::Missing
        );
        let one: BTreeMap<String, (usize, usize)> = [("a-2000-01-01".to_string(), (1, 1))].into();
        assert_eq!(choose(&ServiceKey::uid("b-2000-01-01"), &one), Choice::All);
    }
}
