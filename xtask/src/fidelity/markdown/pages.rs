//! What a folder of published reference pages prints, read line by line without the
//! generator's reader: which operations and types have a page, which entries each page
//! lists with their `Type:` line, and each operation's request line. The report uses it
//! to tell a difference the pages really print, or a member they do not have, from one
//! the reader got wrong.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};

/// The sections of a page that list entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    /// `URI Request Parameters`, `Request Parameters`, `Request Body`.
    Request,
    /// `Response Elements`.
    Response,
    /// `Errors`.
    Errors,
    /// `Contents` of a data type page.
    Contents,
}

/// One page of the service measured.
#[derive(Clone, Debug, Default)]
pub struct PrintedPage {
    /// Entries by section and the name the page shows, and by the member its anchor
    /// names.
    pub entries: BTreeMap<(Part, String), PrintedEntry>,
    /// The request line's method and target: `POST`, `/2017-03-31/tags/ARN`.
    pub request_line: Option<(String, String)>,
    /// The status of the Response Syntax's status line (`HTTP/1.1 201`), when a number.
    pub status_line: Option<u16>,
    /// The words of the Request and Response Syntax blocks (labels, header names).
    pub syntax_words: Vec<String>,
}

/// One entry of a page.
#[derive(Clone, Debug, Default)]
pub struct PrintedEntry {
    /// The `Type:` line's value, without markup: `Integer`, `Array of strings`.
    pub type_line: Option<String>,
}

/// The pages of one service in a folder, by title.
#[derive(Clone, Debug, Default)]
pub struct Printed {
    pub pages: BTreeMap<String, PrintedPage>,
}

impl Printed {
    /// Reads the pages of `dir` whose See Also links name `uid` (the service measured).
    pub fn read(dir: &Path, uid: &str) -> Result<Self> {
        let mut out = Printed::default();
        for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
            let path = entry?.path();
            let Some(file) = path.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
                continue;
            };
            if !(file.starts_with("API_") && file.ends_with(".md")) {
                continue;
            }
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            out.add(&text, uid);
        }
        Ok(out)
    }

    /// Adds the page `text` if its links name `uid`; a title seen before keeps its page.
    pub fn add(&mut self, text: &str, uid: &str) {
        if let Some((title, page)) = scan(text, uid) {
            self.pages.entry(title).or_insert(page);
        }
    }

    /// The entry `name` of section `part` on the page `title`, if that page exists and
    /// lists it.
    pub fn entry(&self, title: &str, part: Part, name: &str) -> Option<&PrintedEntry> {
        self.pages
            .get(title)?
            .entries
            .get(&(part, name.to_string()))
    }
}

/// The page's title and what it prints, when its links name `uid`.
fn scan(text: &str, uid: &str) -> Option<(String, PrintedPage)> {
    let goto = format!("/{uid}/");
    if !text.contains(&goto) {
        return None;
    }
    let mut page = PrintedPage::default();
    let mut title = None;
    let mut section = String::new();
    let mut fenced = false;
    // The keys of the entry whose lines are being read.
    let mut open: Vec<(Part, String)> = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            if section == "Request Syntax" && page.request_line.is_none() {
                page.request_line = request_line(line);
            }
            if section == "Response Syntax" && page.status_line.is_none() {
                page.status_line = line
                    .trim()
                    .strip_prefix("HTTP/1.1 ")
                    .and_then(|code| code.trim().parse().ok());
            }
            if section.ends_with(" Syntax") {
                page.syntax_words.extend(
                    line.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
                        .filter(|w| !w.is_empty())
                        .map(str::to_string),
                );
            }
            continue;
        }
        if let Some(heading) = line.strip_prefix("# ") {
            title.get_or_insert_with(|| before_anchor(heading).to_string());
            continue;
        }
        if let Some(heading) = line.strip_prefix("## ") {
            section = before_anchor(heading).to_string();
            open.clear();
            continue;
        }
        let part = match section.as_str() {
            "URI Request Parameters" | "Request Parameters" | "Request Body" => Part::Request,
            "Response Elements" => Part::Response,
            "Errors" => Part::Errors,
            "Contents" => Part::Contents,
            _ => continue,
        };
        if let Some((name, anchor)) = entry_line(line) {
            open.clear();
            open.push((part, name));
            open.extend(anchor.map(|anchor| (part, anchor)));
            for key in &open {
                page.entries.insert(key.clone(), PrintedEntry::default());
            }
            continue;
        }
        if let Some(value) = line.trim().strip_prefix("Type:") {
            let value = plain(value);
            for key in &open {
                if let Some(entry) = page.entries.get_mut(key) {
                    entry.type_line.get_or_insert(value.clone());
                }
            }
        }
    }
    Some((title?, page))
}

fn before_anchor(text: &str) -> &str {
    text.split("<a ").next().unwrap_or_default().trim()
}

/// An entry line: one space, then a bold name (` ** [Name](#x) ** <a name="SSS-...-M">`).
fn entry_line(line: &str) -> Option<(String, Option<String>)> {
    let rest = line.strip_prefix(" **")?;
    let (inner, after) = rest.split_once("**")?;
    let after = after.trim();
    if !(after.is_empty() || after.starts_with("<a name=")) {
        return None;
    }
    let inner = inner.trim();
    let name = inner
        .strip_prefix('[')
        .map_or(inner, |linked| linked.split(']').next().unwrap_or_default());
    if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return None;
    }
    let anchor = after
        .strip_prefix("<a name=\"")
        .and_then(|a| a.split('"').next())
        .filter(|a| a.starts_with("SSS-"))
        .and_then(|a| a.rsplit('-').next())
        .filter(|a| *a != name)
        .map(str::to_string);
    Some((name.to_string(), anchor))
}

/// `POST /2017-03-31/tags/ARN HTTP/1.1` gives the method and the target.
fn request_line(line: &str) -> Option<(String, String)> {
    let mut words = line.split_whitespace();
    let method = words.next()?;
    let target = words.next()?;
    let methods = ["GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS"];
    (methods.contains(&method) && target.starts_with('/'))
        .then(|| (method.to_string(), target.to_string()))
}

/// A `Type:` value without links, escapes and trailing line-break spaces.
fn plain(value: &str) -> String {
    let mut out = String::new();
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '[' => {}
            ']' => {
                // Drop the `(destination)` of a link.
                if chars.peek() == Some(&'(') {
                    for d in chars.by_ref() {
                        if d == ')' {
                            break;
                        }
                    }
                }
            }
            '\\' => {}
            _ => out.push(c),
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_of_the_service_with_entries_types_and_request_lines() {
        let text = "# TagResource<a name=\"API_TagResource\"></a>\n\n## Request Syntax\n\n```\nPOST /2017-03-31/tags/ARN HTTP/1.1\n```\n\n## URI Request Parameters\n\n ** [ARN](#x) **   <a name=\"SSS-TagResource-request-Resource\"></a>\nThe ARN\\.  \nRequired: Yes\n\n ** [Size](#x) **   <a name=\"SSS-TagResource-request-Size\"></a>\nType: [Long](API_Long.md)  \n\n## Errors\n\n **InternalServerError**   \n\n## See Also\n+  [x](https://docs.aws.amazon.com/goto/boto3/lambda-2015-03-31/TagResource)\n";
        assert!(scan(text, "dax-2017-04-19").is_none());
        let Some((title, page)) = scan(text, "lambda-2015-03-31") else {
            panic!("not read");
        };
        assert_eq!(title, "TagResource");
        assert_eq!(
            page.request_line,
            Some(("POST".into(), "/2017-03-31/tags/ARN".into()))
        );
        let names: Vec<(Part, &str)> = page.entries.keys().map(|(p, n)| (*p, n.as_str())).collect();
        assert_eq!(
            names,
            [
                (Part::Request, "ARN"),
                (Part::Request, "Resource"),
                (Part::Request, "Size"),
                (Part::Errors, "InternalServerError")
            ]
        );
        let entry = |part, name: &str| &page.entries[&(part, name.to_string())];
        assert_eq!(
            entry(Part::Request, "Size").type_line.as_deref(),
            Some("Long")
        );
        assert!(entry(Part::Request, "ARN").type_line.is_none());
        assert!(page.syntax_words.iter().any(|w| w == "ARN"));
    }
}
