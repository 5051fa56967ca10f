//! An independent count of what published reference pages document, line by line, to
//! hold the reader to: it shares no code with `codegen::parse::markdown`.
//!
//! An entry is a line that starts with one space and a bold name: ` ** Name ** `, `
//! **Name** `, ` ** [Name](#anchor) **   <a name="SSS-Op-request-Member"></a>`, inside a
//! section that lists members or errors. Bold lines at the start of a line (`**Note**`,
//! `**Name formats**`) belong to the docs; fenced blocks are skipped.

use std::path::Path;

/// The sections that list entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    /// `URI Request Parameters`, `Request Parameters`, `Request Body`.
    Request,
    /// `Response Elements`.
    Response,
    /// `Errors`.
    Errors,
    /// `Contents` of a data type page.
    Contents,
}

/// One entry line.
#[derive(Clone, Debug)]
pub struct EntryLine {
    pub section: Section,
    /// The bold name, without its link.
    pub name: String,
    /// The member named by the entry's anchor (`SSS-TagResource-request-Resource`).
    pub anchor: Option<String>,
    /// 1-based line of the entry.
    pub line: u32,
    /// 1-based line where the next entry or section starts.
    pub end: u32,
}

/// What one page documents.
#[derive(Clone, Debug)]
pub struct PageEntries {
    /// The file name: `API_dax_CreateCluster.md`.
    pub file: String,
    /// The `#` title without its anchor: `CreateCluster`.
    pub title: String,
    /// The service uid of its See Also links: `dax-2017-04-19`.
    pub uid: Option<String>,
    /// True for operation pages (request, response or errors sections).
    pub operation: bool,
    /// Its entries in page order.
    pub entries: Vec<EntryLine>,
}

/// Reads every `API_*.md` page of `dir`, in file-name order.
pub fn scan_dir(dir: &Path) -> Vec<PageEntries> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("API_") && name.ends_with(".md"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|file| {
            let text =
                std::fs::read_to_string(dir.join(&file)).unwrap_or_else(|e| panic!("{file}: {e}"));
            scan(&file, &text)
        })
        .collect()
}

/// What the page `file` with `text` documents.
pub fn scan(file: &str, text: &str) -> PageEntries {
    let mut page = PageEntries {
        file: file.to_string(),
        title: String::new(),
        uid: None,
        operation: false,
        entries: Vec::new(),
    };
    let mut section: Option<Section> = None;
    let mut fenced = false;
    for (index, line) in text.lines().enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        if page.uid.is_none() {
            page.uid = goto_uid(line);
        }
        if let Some(title) = line.strip_prefix("# ") {
            if page.title.is_empty() {
                page.title = before_anchor(title).to_string();
            }
            continue;
        }
        if let Some(heading) = line.strip_prefix("## ") {
            close(&mut page.entries, number);
            section = match before_anchor(heading) {
                "URI Request Parameters" | "Request Parameters" | "Request Body" => {
                    Some(Section::Request)
                }
                "Response Elements" => Some(Section::Response),
                "Errors" => Some(Section::Errors),
                "Contents" => Some(Section::Contents),
                _ => None,
            };
            if matches!(
                section,
                Some(Section::Request | Section::Response | Section::Errors)
            ) {
                page.operation = true;
            }
            continue;
        }
        let Some(section) = section else { continue };
        if let Some((name, anchor)) = entry(line) {
            close(&mut page.entries, number);
            page.entries.push(EntryLine {
                section,
                name,
                anchor,
                line: number,
                end: 0,
            });
        }
    }
    let last = u32::try_from(text.lines().count() + 1).unwrap_or(u32::MAX);
    close(&mut page.entries, last);
    page
}

/// Ends the open entry, if any, before line `at`.
fn close(entries: &mut [EntryLine], at: u32) {
    if let Some(open) = entries.last_mut() {
        if open.end == 0 {
            open.end = at;
        }
    }
}

fn before_anchor(text: &str) -> &str {
    text.split("<a ").next().unwrap_or_default().trim()
}

/// ` ** [Name](#x) **   <a name="SSS-Op-request-Member"></a>` gives `Name` and `Member`.
fn entry(line: &str) -> Option<(String, Option<String>)> {
    let rest = line.strip_prefix(" **")?;
    if rest.starts_with(' ') && rest.trim_start().starts_with("**") {
        return None;
    }
    let (inner, after) = rest.split_once("**")?;
    let after = after.trim();
    if !(after.is_empty() || after.starts_with("<a name=")) {
        return None;
    }
    let inner = inner.trim();
    let name = match inner.strip_prefix('[') {
        Some(linked) => linked.split(']').next().unwrap_or_default(),
        None => inner,
    };
    if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return None;
    }
    let anchor = after
        .strip_prefix("<a name=\"")
        .and_then(|a| a.split('"').next())
        .filter(|a| a.starts_with("SSS-"))
        .and_then(|a| a.rsplit('-').next())
        .map(str::to_string);
    Some((name.to_string(), anchor))
}

/// The uid in a See Also link: `.../goto/SdkForGoV1/dax-2017-04-19/Cluster`.
fn goto_uid(line: &str) -> Option<String> {
    let (_, rest) = line.split_once("docs.aws.amazon.com/goto/")?;
    let mut parts = rest.split('/');
    parts.next()?;
    let uid = parts.next()?;
    (uid.len() > 11).then(|| uid.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_and_docs_bold_lines_are_told_apart() {
        let text = "# TagResource<a name=\"API_TagResource\"></a>\n\n## URI Request Parameters<a name=\"x\"></a>\n\n ** [ARN](#API_TagResource_RequestSyntax) **   <a name=\"SSS-TagResource-request-Resource\"></a>\nThe ARN\\.  \n**Name formats**\n+  **Function name** \\- x\n\n## Errors\n\n **InternalServerError**   \nFailed\\.  \n\n```\n **NotAnEntry**\n```\n## See Also\n\n+  [AWS SDK](https://docs.aws.amazon.com/goto/boto3/lambda-2015-03-31/TagResource) \n";
        let page = scan("API_TagResource.md", text);
        assert_eq!(page.title, "TagResource");
        assert_eq!(page.uid.as_deref(), Some("lambda-2015-03-31"));
        let found: Vec<(Section, &str, Option<&str>, u32, u32)> = page
            .entries
            .iter()
            .map(|e| {
                (
                    e.section,
                    e.name.as_str(),
                    e.anchor.as_deref(),
                    e.line,
                    e.end,
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                (Section::Request, "ARN", Some("Resource"), 5, 10),
                (Section::Errors, "InternalServerError", None, 12, 18),
            ]
        );
    }
}
