//! Flattens the `pulldown-cmark` event stream into the few blocks the reference pages
//! use: headings, fenced code, front matter and logical text lines.
//!
//! The pages put a whole member entry (name, docs, `Type:`, constraints) in one
//! paragraph, one fact per line. CommonMark's block structure works against that: a `+`
//! list inside the docs swallows the `Type:` line that follows as a lazy continuation.
//! So paragraphs and list items are cut back into source lines here, and the page
//! reader works line by line.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// A 1-based line and column in the page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

/// One inline piece of a text line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// Plain text, escapes already resolved (`PENDING\_DEVICE` is `PENDING_DEVICE`).
    Text(String),
    /// A code span, verbatim.
    Code(String),
    /// A link: its text and destination.
    Link {
        /// The link text, flattened.
        text: String,
        /// The destination as written (`API_CPU.md`, `#anchor`, a URL).
        dest: String,
    },
    /// An `<a name="...">` anchor.
    Anchor(String),
    /// An emphasis or strong marker (`*`, `**`), kept for the Markdown docs.
    Mark(&'static str),
}

/// One source line of a paragraph or list item.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Line {
    /// Inline pieces in order.
    pub pieces: Vec<Piece>,
    /// Where the line's first piece starts.
    pub pos: Pos,
    /// The line starts a list item.
    pub bullet: bool,
}

/// A block of the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// YAML-style front matter between `---` lines.
    FrontMatter {
        /// Its raw text.
        text: String,
        /// Where it starts.
        pos: Pos,
    },
    /// A heading.
    Heading {
        /// 1 for `#`, 2 for `##`, ...
        level: u8,
        /// Its plain text.
        text: String,
        /// Where it starts.
        pos: Pos,
    },
    /// A fenced or indented code block.
    Code {
        /// The content, verbatim.
        text: String,
        /// Where the content's first line starts.
        pos: Pos,
    },
    /// A line of text.
    Line(Line),
}

impl Line {
    /// The text without markup: links give their text, code spans their content.
    pub fn plain(&self) -> String {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(text) | Piece::Code(text) => out.push_str(text),
                Piece::Link { text, .. } => out.push_str(text),
                Piece::Anchor(_) | Piece::Mark(_) => {}
            }
        }
        out
    }

    /// The text as Markdown for docs. Links to other reference pages and to anchors
    /// become their text (they do not resolve outside the reference); absolute links
    /// stay links.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Code(text) => {
                    let fence = if text.contains('`') { "``" } else { "`" };
                    out.push_str(fence);
                    out.push_str(text);
                    out.push_str(fence);
                }
                Piece::Link { text, dest } if is_absolute(dest) => {
                    out.push('[');
                    out.push_str(text);
                    out.push_str("](");
                    out.push_str(dest);
                    out.push(')');
                }
                Piece::Link { text, .. } => out.push_str(text),
                Piece::Mark(mark) => out.push_str(mark),
                Piece::Anchor(_) => {}
            }
        }
        out.trim().to_string()
    }

    /// The text with links written out as `[text](dest)`, for reading type expressions.
    pub fn with_links(&self) -> String {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(text) | Piece::Code(text) => out.push_str(text),
                Piece::Link { text, dest } => {
                    out.push('[');
                    out.push_str(text);
                    out.push_str("](");
                    out.push_str(dest);
                    out.push(')');
                }
                Piece::Anchor(_) | Piece::Mark(_) => {}
            }
        }
        out
    }

    /// Code spans on the line.
    pub fn code_spans(&self) -> impl Iterator<Item = &str> {
        self.pieces.iter().filter_map(|piece| match piece {
            Piece::Code(code) => Some(code.as_str()),
            _ => None,
        })
    }

    /// Links on the line, as (text, destination).
    pub fn links(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pieces.iter().filter_map(|piece| match piece {
            Piece::Link { text, dest } => Some((text.as_str(), dest.as_str())),
            _ => None,
        })
    }

    /// True when the line has no text, only anchors or whitespace.
    pub fn is_blank(&self) -> bool {
        self.plain().trim().is_empty()
    }
}

fn is_absolute(dest: &str) -> bool {
    dest.starts_with("https://") || dest.starts_with("http://")
}

/// Maps byte offsets to 1-based lines and columns.
struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(at, _)| at + 1));
        Self { text, starts }
    }

    fn pos(&self, offset: usize) -> Pos {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self
            .starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0);
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |prefix| prefix.chars().count());
        Pos {
            line: to_u32(line),
            column: to_u32(column + 1),
        }
    }
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// What the flattener is inside of.
enum Open {
    Heading {
        level: u8,
        text: String,
        start: usize,
    },
    Code {
        text: String,
        start: Option<usize>,
        fallback: usize,
    },
    FrontMatter {
        text: String,
        start: usize,
    },
    Link {
        text: String,
        dest: String,
    },
}

/// Reads a page into blocks. Never fails: CommonMark accepts any text.
pub fn read_blocks(text: &str) -> Vec<Block> {
    let index = LineIndex::new(text);
    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut flattener = Flattener {
        index: &index,
        blocks: Vec::new(),
        line: None,
        open: None,
        next_bullet: false,
    };
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        flattener.event(event, range);
    }
    flattener.finish_line();
    flattener.blocks
}

struct Flattener<'i, 'a> {
    index: &'i LineIndex<'a>,
    blocks: Vec<Block>,
    line: Option<Line>,
    open: Option<Open>,
    next_bullet: bool,
}

impl Flattener<'_, '_> {
    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        // Inside headings, code, front matter and links, text is collected whole.
        if let Some(open) = &mut self.open {
            match (open, &event) {
                (Open::Heading { text, .. }, Event::Text(t) | Event::Code(t)) => {
                    text.push_str(t);
                    return;
                }
                (Open::Code { text, start, .. }, Event::Text(t)) => {
                    start.get_or_insert(range.start);
                    text.push_str(t);
                    return;
                }
                (Open::FrontMatter { text, .. }, Event::Text(t)) => {
                    text.push_str(t);
                    return;
                }
                (Open::Link { text, .. }, Event::Text(t) | Event::Code(t)) => {
                    text.push_str(t);
                    return;
                }
                (Open::Link { text, .. }, Event::SoftBreak | Event::HardBreak) => {
                    text.push(' ');
                    return;
                }
                _ => {}
            }
        }
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.push(Piece::Text(text.into_string()), range.start),
            Event::Code(code) => self.push(Piece::Code(code.into_string()), range.start),
            Event::Html(html) | Event::InlineHtml(html) => self.html(&html, range.start),
            Event::SoftBreak | Event::HardBreak => self.finish_line(),
            Event::Rule => self.finish_line(),
            Event::FootnoteReference(text) | Event::InlineMath(text) | Event::DisplayMath(text) => {
                self.push(Piece::Text(text.into_string()), range.start)
            }
            Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::Heading { level, .. } => {
                self.finish_line();
                self.open = Some(Open::Heading {
                    level: level as u8,
                    text: String::new(),
                    start: range.start,
                });
            }
            Tag::CodeBlock(_) => {
                self.finish_line();
                self.open = Some(Open::Code {
                    text: String::new(),
                    start: None,
                    fallback: range.start,
                });
            }
            Tag::MetadataBlock(_) => {
                self.finish_line();
                self.open = Some(Open::FrontMatter {
                    text: String::new(),
                    start: range.start,
                });
            }
            Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } => {
                self.touch(range.start);
                self.open = Some(Open::Link {
                    text: String::new(),
                    dest: dest_url.into_string(),
                });
            }
            Tag::Item => {
                self.finish_line();
                self.next_bullet = true;
            }
            Tag::Emphasis => self.push(Piece::Mark("*"), range.start),
            Tag::Strong => self.push(Piece::Mark("**"), range.start),
            Tag::Paragraph
            | Tag::TableCell
            | Tag::TableRow
            | Tag::TableHead
            | Tag::BlockQuote(_)
            | Tag::HtmlBlock => self.finish_line(),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::MetadataBlock(_) => {
                match self.open.take() {
                    Some(Open::Heading { level, text, start }) => {
                        self.blocks.push(Block::Heading {
                            level,
                            text: text.trim().to_string(),
                            pos: self.index.pos(start),
                        });
                    }
                    Some(Open::Code {
                        text,
                        start,
                        fallback,
                    }) => self.blocks.push(Block::Code {
                        text,
                        pos: self.index.pos(start.unwrap_or(fallback)),
                    }),
                    Some(Open::FrontMatter { text, start }) => {
                        self.blocks.push(Block::FrontMatter {
                            text,
                            pos: self.index.pos(start),
                        });
                    }
                    other => self.open = other,
                }
            }
            TagEnd::Link | TagEnd::Image => {
                if let Some(Open::Link { text, dest }) = self.open.take() {
                    if let Some(line) = &mut self.line {
                        line.pieces.push(Piece::Link { text, dest });
                    }
                }
            }
            TagEnd::Emphasis => self.push_mark("*"),
            TagEnd::Strong => self.push_mark("**"),
            TagEnd::Paragraph
            | TagEnd::Item
            | TagEnd::TableCell
            | TagEnd::TableRow
            | TagEnd::HtmlBlock => self.finish_line(),
            _ => {}
        }
    }

    /// Inline or block HTML: `<a name="...">` becomes an anchor; closing tags and other
    /// markup carry no facts and are dropped, text around them is kept.
    fn html(&mut self, html: &str, offset: usize) {
        let mut rest = html;
        while let Some(at) = rest.find("name=\"") {
            let after = &rest[at + 6..];
            let Some(end) = after.find('"') else { break };
            self.push(Piece::Anchor(after[..end].to_string()), offset);
            rest = &after[end..];
        }
        if html.ends_with('\n') {
            self.finish_line();
        }
    }

    fn push_mark(&mut self, mark: &'static str) {
        if let Some(line) = &mut self.line {
            line.pieces.push(Piece::Mark(mark));
        }
    }

    /// Makes sure a line is open, starting at `offset`.
    fn touch(&mut self, offset: usize) {
        if self.line.is_none() {
            self.line = Some(Line {
                pieces: Vec::new(),
                pos: self.index.pos(offset),
                bullet: std::mem::take(&mut self.next_bullet),
            });
        }
    }

    fn push(&mut self, piece: Piece, offset: usize) {
        self.touch(offset);
        if let Some(line) = &mut self.line {
            line.pieces.push(piece);
        }
    }

    fn finish_line(&mut self) {
        if let Some(line) = self.line.take() {
            if !line.pieces.is_empty() {
                self.blocks.push(Block::Line(line));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<(u32, u32, bool, String)> {
        read_blocks(text)
            .into_iter()
            .filter_map(|block| match block {
                Block::Line(line) => Some((
                    line.pos.line,
                    line.pos.column,
                    line.bullet,
                    line.with_links(),
                )),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_list_inside_an_entry_does_not_swallow_the_attribute_lines() {
        let page = " ** status **   <a name=\"x\"></a>\nThe state:\n+ PENDING\\_DEVICE.\n+ DONE.\nType: String\nRequired: No\n";
        let got = lines(page);
        let texts: Vec<_> = got.iter().map(|l| l.3.trim().to_string()).collect();
        assert_eq!(
            texts,
            [
                "** status **",
                "The state:",
                "PENDING_DEVICE.",
                "DONE.",
                "Type: String",
                "Required: No"
            ]
        );
        assert!(got[2].2 && got[3].2 && !got[4].2);
        assert_eq!((got[4].0, got[4].1), (5, 1));
    }

    #[test]
    fn headings_code_and_front_matter_are_blocks() {
        let page = "---\ntitle: X\n---\n\n# X\n\n```\n{\n  \"a\": 1\n}\n```\n";
        let blocks = read_blocks(page);
        assert!(matches!(&blocks[0], Block::FrontMatter { text, .. } if text.contains("title")));
        assert!(matches!(&blocks[1], Block::Heading { level: 1, text, .. } if text == "X"));
        match &blocks[2] {
            Block::Code { text, pos } => {
                assert!(text.starts_with('{'));
                assert_eq!(pos.line, 8);
            }
            other => panic!("expected code, got {other:?}"),
        }
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let index = LineIndex::new("é\nab");
        assert_eq!(index.pos(2), Pos { line: 1, column: 2 });
        assert_eq!(index.pos(4), Pos { line: 2, column: 2 });
    }
}
