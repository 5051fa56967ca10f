//! Index pages: `API_Operations.md` (`# Actions`), `API_Types.md` (`# Data Types`),
//! `API_Operations_<Service>.md` and `API_Types_<Service>.md` (titled with the service's
//! name), and `API_Reference.md`, which links to the others.
//!
//! Each is a title, then lists of links to pages, each list after a sentence naming
//! the service its pages belong to:
//!
//! ```text
//! The following actions are supported by Amazon DynamoDB Streams:
//!
//! +  [DescribeStream](API_streams_DescribeStream.md)
//! ```
//!
//! A page with one service says `The following actions are supported:`.

use super::blocks::{Block, Pos};
use super::page::{IndexEntry, IndexList, IndexPage};
use super::reader::{lines_of, PageReader};
use super::types::page_name;

impl PageReader<'_> {
    /// Reads the blocks after the title of a page that has no reference sections as an
    /// index page; `None` when no line links to a reference page.
    pub(super) fn index(
        &mut self,
        title: &str,
        title_pos: Pos,
        blocks: &[Block],
    ) -> Option<IndexPage> {
        let mut lists: Vec<IndexList> = Vec::new();
        for line in lines_of(blocks) {
            if let Some(service) = supported_by(&line.plain()) {
                lists.push(IndexList {
                    service,
                    pages: Vec::new(),
                });
                continue;
            }
            for (text, dest) in line.links() {
                let Some(file) = local_page(dest) else {
                    continue;
                };
                if lists.is_empty() {
                    lists.push(IndexList::default());
                }
                let Some(list) = lists.last_mut() else {
                    continue;
                };
                // A page listed twice is one page.
                if list.pages.iter().any(|p| p.file == file) {
                    continue;
                }
                list.pages.push(IndexEntry {
                    name: text.trim().to_string(),
                    file: file.to_string(),
                });
            }
        }
        lists.retain(|list| !list.pages.is_empty());
        if lists.is_empty() {
            return None;
        }
        Some(IndexPage {
            title: title.to_string(),
            lists,
            source: self.loc(title_pos),
        })
    }
}

/// `The following actions are supported by Amazon DynamoDB:` gives
/// `Some(Some("Amazon DynamoDB"))`, `The following data types are supported:` gives
/// `Some(None)`; other text `None`.
fn supported_by(text: &str) -> Option<Option<String>> {
    let rest = text.trim().strip_prefix("The following ")?;
    let (_, rest) = rest.split_once(" supported")?;
    let rest = rest.trim().trim_end_matches(':').trim();
    if rest.is_empty() {
        return Some(None);
    }
    let service = rest.strip_prefix("by ")?.trim();
    Some((!service.is_empty()).then(|| service.to_string()))
}

/// `API_dax_CreateCluster.md` (maybe with a `#fragment`): a page of this folder.
fn local_page(dest: &str) -> Option<&str> {
    let file = dest.split('#').next()?;
    if file.contains('/') || file.contains(':') {
        return None;
    }
    page_name(file).map(|_| file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sentence_names_the_service() {
        assert_eq!(
            supported_by("The following actions are supported by Amazon DynamoDB Streams:"),
            Some(Some("Amazon DynamoDB Streams".into()))
        );
        assert_eq!(
            supported_by("The following data types are supported:"),
            Some(None)
        );
        assert_eq!(supported_by("The following is prose."), None);
    }

    #[test]
    fn only_pages_of_the_folder_are_listed() {
        assert_eq!(
            local_page("API_dax_Cluster.md#x"),
            Some("API_dax_Cluster.md")
        );
        assert_eq!(local_page("https://example.com/API_X.md"), None);
        assert_eq!(local_page("welcome.md"), None);
    }
}
