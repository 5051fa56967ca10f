//! An XML document read whole into a small arena of elements, as botocore's
//! `ElementTree` holds it: each element's local name (namespace prefixes dropped), its
//! attributes and its text before the first child (entities, character references and
//! CDATA resolved, line ends normalized). Responses are in memory and bounded before
//! they are read, so a tree is the simplest way to look members up by name in any
//! order; nesting is bounded and malformed input is an error naming the element path.

use std::cell::Cell;

use quick_xml::escape::resolve_xml_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use crate::schema::ReadError;

/// Deepest element nesting read; deeper documents are refused.
pub const MAX_DEPTH: usize = 256;

/// No node: index 0 is the root, which is never a child or a sibling.
const NONE: u32 = 0;

#[derive(Debug)]
struct Node {
    /// Local name: the part after the last `:` of the tag.
    name: Box<str>,
    /// Attributes as written (`xsi:type`), `xmlns` declarations left out.
    attrs: Vec<(Box<str>, String)>,
    /// Text before the first child element.
    text: String,
    parent: u32,
    first_child: u32,
    last_child: u32,
    next_sibling: u32,
}

/// A parsed XML document.
#[derive(Debug)]
pub struct XmlDocument {
    nodes: Vec<Node>,
    /// The innermost element an error was found at, for the error's path.
    failed: Cell<Option<u32>>,
}

/// One element of an [`XmlDocument`].
#[derive(Clone, Copy, Debug)]
pub struct Element<'d> {
    doc: &'d XmlDocument,
    index: u32,
}

impl XmlDocument {
    /// Parses `body`, which must be one well-formed UTF-8 XML document.
    pub fn parse(body: &[u8]) -> Result<Self, ReadError> {
        let text = std::str::from_utf8(body).map_err(|e| {
            ReadError::new(format!(
                "the XML body is not UTF-8 (byte {})",
                e.valid_up_to()
            ))
        })?;
        let mut builder = Builder {
            nodes: Vec::new(),
            open: Vec::new(),
            closed: false,
        };
        let mut reader = Reader::from_str(text);
        loop {
            let event = match reader.read_event() {
                Ok(event) => event,
                Err(e) => {
                    return Err(builder.error(format!(
                        "invalid XML at byte {}: {e}",
                        reader.error_position()
                    )))
                }
            };
            match event {
                Event::Start(start) => {
                    builder.element(&start)?;
                }
                Event::Empty(start) => {
                    builder.element(&start)?;
                    builder.open.pop();
                }
                Event::End(_) => {
                    builder.open.pop();
                    builder.closed = builder.open.is_empty();
                }
                Event::Text(text) => builder.text(&text.xml10_content())?,
                Event::CData(data) => builder.text(&data.xml10_content())?,
                Event::GeneralRef(reference) => {
                    let resolved = match reference.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        Ok(None) => match resolve_xml_entity(&reference) {
                            Some(text) => text.to_owned(),
                            None => {
                                return Err(
                                    builder.error(format!("unknown entity &{};", &*reference))
                                )
                            }
                        },
                        Err(e) => return Err(builder.error(format!("invalid reference: {e}"))),
                    };
                    builder.text(&resolved)?;
                }
                Event::Eof => break,
                // Declarations, comments, processing instructions and the DTD carry
                // nothing a response is read from.
                Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
            }
        }
        if !builder.open.is_empty() {
            return Err(builder.error("the XML document ends inside an element".to_owned()));
        }
        if builder.nodes.is_empty() {
            return Err(ReadError::new("the XML document has no element"));
        }
        Ok(Self {
            nodes: builder.nodes,
            failed: Cell::new(None),
        })
    }

    /// The document (root) element.
    pub fn root(&self) -> Element<'_> {
        Element {
            doc: self,
            index: 0,
        }
    }

    fn node(&self, index: u32) -> &Node {
        &self.nodes[index as usize]
    }

    /// Notes `element` as where an error happened, unless a deeper one was noted.
    pub(super) fn failed_at(&self, element: Element<'_>) {
        if self.failed.get().is_none() {
            self.failed.set(Some(element.index));
        }
    }

    /// `e` with the path of the element it was noted at (`a/b[2]/c`), if any.
    pub fn locate(&self, mut e: ReadError) -> ReadError {
        if let Some(index) = self.failed.take() {
            let path = Element { doc: self, index }.path();
            e.reason = format!("{} (at {path})", e.reason);
        }
        e
    }
}

impl<'d> Element<'d> {
    /// The local name (`Foo` of `<ns:Foo>`).
    pub fn name(&self) -> &'d str {
        &self.doc.node(self.index).name
    }

    /// The text before the first child element; empty for `<Foo/>`.
    pub fn text(&self) -> &'d str {
        &self.doc.node(self.index).text
    }

    /// The value of an attribute, by the name it is written with (`xsi:type`), or by
    /// its local name when `name` has no prefix.
    pub fn attribute(&self, name: &str) -> Option<&'d str> {
        let attrs = &self.doc.node(self.index).attrs;
        let matches = |key: &str| match name.split_once(':') {
            // botocore puts the member's own prefix on any namespaced attribute.
            Some((_, local)) => key.split_once(':').is_some_and(|(_, l)| l == local),
            None => key == name,
        };
        attrs
            .iter()
            .find(|(key, _)| matches(key))
            .map(|(_, value)| value.as_str())
    }

    /// The child elements, in document order.
    pub fn children(&self) -> Children<'d> {
        Children {
            doc: self.doc,
            next: self.doc.node(self.index).first_child,
        }
    }

    /// The first child element named `name`.
    pub fn child(&self, name: &str) -> Option<Element<'d>> {
        self.children().find(|c| c.name() == name)
    }

    /// True when the element has child elements.
    pub fn has_children(&self) -> bool {
        self.doc.node(self.index).first_child != NONE
    }

    /// The document the element belongs to.
    pub fn document(&self) -> &'d XmlDocument {
        self.doc
    }

    /// `Root/Child[1]/Leaf`: names from the root, with the position among same-named
    /// siblings where there are several.
    fn path(&self) -> String {
        let mut steps = Vec::new();
        let mut index = self.index;
        loop {
            let node = self.doc.node(index);
            let mut step = node.name.to_string();
            if index != 0 {
                let parent = Element {
                    doc: self.doc,
                    index: node.parent,
                };
                let same: Vec<u32> = parent
                    .children()
                    .filter(|c| c.name() == &*node.name)
                    .map(|c| c.index)
                    .collect();
                if same.len() > 1 {
                    let at = same.iter().position(|&i| i == index).unwrap_or_default();
                    step.push_str(&format!("[{at}]"));
                }
            }
            steps.push(step);
            if index == 0 {
                break;
            }
            index = node.parent;
        }
        steps.reverse();
        steps.join("/")
    }
}

/// The child elements of an element.
#[derive(Clone, Debug)]
pub struct Children<'d> {
    doc: &'d XmlDocument,
    next: u32,
}

impl<'d> Iterator for Children<'d> {
    type Item = Element<'d>;

    fn next(&mut self) -> Option<Element<'d>> {
        if self.next == NONE {
            return None;
        }
        let index = self.next;
        self.next = self.doc.node(index).next_sibling;
        Some(Element {
            doc: self.doc,
            index,
        })
    }
}

struct Builder {
    nodes: Vec<Node>,
    /// The elements open, outermost first.
    open: Vec<u32>,
    /// The root element has been closed: only whitespace and comments may follow.
    closed: bool,
}

impl Builder {
    fn element(&mut self, start: &BytesStart<'_>) -> Result<(), ReadError> {
        if self.closed || (self.open.is_empty() && !self.nodes.is_empty()) {
            return Err(self.error("a second element after the document element".to_owned()));
        }
        if self.open.len() >= MAX_DEPTH {
            return Err(self.error(format!("elements nested deeper than {MAX_DEPTH} levels")));
        }
        let qname = start.name();
        let raw: &str = qname.as_ref();
        let name = raw.rsplit(':').next().unwrap_or(raw);
        let mut attrs = Vec::new();
        for attr in start.attributes() {
            let attr = attr.map_err(|e| self.error(format!("invalid attribute: {e}")))?;
            let key: &str = attr.key.as_ref();
            if key == "xmlns" || key.starts_with("xmlns:") {
                continue;
            }
            let value = attr
                .normalized_value(XmlVersion::Implicit1_0)
                .map_err(|e| self.error(format!("invalid value of attribute {key}: {e}")))?;
            attrs.push((Box::from(key), value.into_owned()));
        }
        let index =
            u32::try_from(self.nodes.len()).map_err(|_| ReadError::new("too many XML elements"))?;
        let parent = self.open.last().copied().unwrap_or(NONE);
        if let Some(&p) = self.open.last() {
            let previous = self.nodes[p as usize].last_child;
            if previous == NONE {
                self.nodes[p as usize].first_child = index;
            } else {
                self.nodes[previous as usize].next_sibling = index;
            }
            self.nodes[p as usize].last_child = index;
        }
        self.nodes.push(Node {
            name: Box::from(name),
            attrs,
            text: String::new(),
            parent,
            first_child: NONE,
            last_child: NONE,
            next_sibling: NONE,
        });
        self.open.push(index);
        Ok(())
    }

    fn text(&mut self, text: &str) -> Result<(), ReadError> {
        match self.open.last() {
            Some(&index) => {
                let node = &mut self.nodes[index as usize];
                // Text after a child is a tail, which no member is read from.
                if node.first_child == NONE {
                    node.text.push_str(text);
                }
                Ok(())
            }
            None if text.bytes().all(|b| b.is_ascii_whitespace()) => Ok(()),
            None => Err(self.error("text outside the document element".to_owned())),
        }
    }

    /// An error inside the elements open now, named by their path.
    fn error(&self, reason: String) -> ReadError {
        let path: Vec<&str> = self
            .open
            .iter()
            .map(|&i| &*self.nodes[i as usize].name)
            .collect();
        if path.is_empty() {
            ReadError::new(reason)
        } else {
            ReadError::new(format!("{reason} (in {})", path.join("/")))
        }
    }
}
