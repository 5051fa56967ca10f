//! XML bodies compared as botocore's runner compares them: both canonicalized, text
//! that is only whitespace dropped and other text trimmed. A small reader of its own,
//! so that the comparison does not depend on the codec it checks.

use std::fmt::Write as _;

/// One element: its name as written (`baz:Name`), attributes (namespace declarations
/// included) sorted by name, and its children in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Element {
    /// The name, with its prefix.
    pub name: String,
    /// Attributes and namespace declarations, sorted.
    pub attributes: Vec<(String, String)>,
    /// Child elements and text.
    pub children: Vec<Node>,
}

/// A child of an element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    /// An element.
    Element(Element),
    /// Text, entities resolved and trimmed; never empty.
    Text(String),
}

/// The canonical text of an XML document: what two bodies are compared by. As
/// `ElementTree.canonicalize` does, a prefix's declaration that nothing uses is left out.
pub fn canonical(text: &str) -> Result<String, String> {
    let mut root = parse(text)?;
    prune(&mut root);
    let mut out = String::new();
    write(&root, &mut out);
    Ok(out)
}

/// Drops `xmlns:p` declarations no name in the element's subtree uses; returns the
/// prefixes the subtree uses.
fn prune(element: &mut Element) -> Vec<String> {
    let prefix = |name: &str| name.split_once(':').map(|(p, _)| p.to_owned());
    let mut used: Vec<String> = prefix(&element.name).into_iter().collect();
    for (name, _) in &element.attributes {
        if !name.starts_with("xmlns") {
            used.extend(prefix(name));
        }
    }
    for child in &mut element.children {
        if let Node::Element(child) = child {
            used.extend(prune(child));
        }
    }
    element
        .attributes
        .retain(|(name, _)| match name.strip_prefix("xmlns:") {
            Some(declared) => used.iter().any(|u| u == declared),
            None => true,
        });
    used
}

fn write(element: &Element, out: &mut String) {
    let _ = write!(out, "<{}", element.name);
    for (name, value) in &element.attributes {
        let _ = write!(out, " {name}=\"{}\"", escape(value));
    }
    out.push('>');
    for child in &element.children {
        match child {
            Node::Element(e) => write(e, out),
            Node::Text(t) => out.push_str(&escape(t)),
        }
    }
    let _ = write!(out, "</{}>", element.name);
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\r', "&#xD;")
}

/// Parses a document into its root element: declaration, comments and processing
/// instructions skipped, CDATA taken as text, entities and character references
/// resolved.
pub fn parse(text: &str) -> Result<Element, String> {
    let mut p = Parser { text, at: 0 };
    p.misc()?;
    let root = p.element()?;
    p.misc()?;
    if p.at != text.len() {
        return Err(format!("text after the root element at {}", p.at));
    }
    Ok(root)
}

struct Parser<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Parser<'a> {
    fn rest(&self) -> &'a str {
        &self.text[self.at..]
    }

    fn skip_to(&mut self, end: &str) -> Result<(), String> {
        let found = self
            .rest()
            .find(end)
            .ok_or(format!("no {end:?} after {}", self.at))?;
        self.at += found + end.len();
        Ok(())
    }

    /// Whitespace, comments, processing instructions and the declaration.
    fn misc(&mut self) -> Result<(), String> {
        loop {
            let trimmed = self.rest().trim_start();
            self.at = self.text.len() - trimmed.len();
            if trimmed.starts_with("<?") {
                self.skip_to("?>")?;
            } else if trimmed.starts_with("<!--") {
                self.skip_to("-->")?;
            } else {
                return Ok(());
            }
        }
    }

    fn name(&mut self) -> Result<String, String> {
        let len = self
            .rest()
            .find(|c: char| c.is_whitespace() || matches!(c, '>' | '/' | '='))
            .unwrap_or(self.rest().len());
        if len == 0 {
            return Err(format!("a name expected at {}", self.at));
        }
        let name = self.rest()[..len].to_owned();
        self.at += len;
        Ok(name)
    }

    fn expect(&mut self, what: &str) -> Result<(), String> {
        if self.rest().starts_with(what) {
            self.at += what.len();
            Ok(())
        } else {
            Err(format!("{what:?} expected at {}", self.at))
        }
    }

    fn spaces(&mut self) {
        let trimmed = self.rest().trim_start();
        self.at = self.text.len() - trimmed.len();
    }

    fn element(&mut self) -> Result<Element, String> {
        self.expect("<")?;
        let name = self.name()?;
        let mut attributes = Vec::new();
        loop {
            self.spaces();
            if self.rest().starts_with("/>") {
                self.at += 2;
                attributes.sort();
                return Ok(Element {
                    name,
                    attributes,
                    children: Vec::new(),
                });
            }
            if self.rest().starts_with('>') {
                self.at += 1;
                break;
            }
            let attribute = self.name()?;
            self.spaces();
            self.expect("=")?;
            self.spaces();
            let quote = self.rest().chars().next().ok_or("unexpected end")?;
            if quote != '"' && quote != '\'' {
                return Err(format!("a quoted value expected at {}", self.at));
            }
            self.at += 1;
            let end = self
                .rest()
                .find(quote)
                .ok_or(format!("unclosed attribute {attribute}"))?;
            let value = unescape(&self.rest()[..end])?;
            self.at += end + 1;
            attributes.push((attribute, value));
        }
        attributes.sort();
        let mut children = Vec::new();
        let mut text = String::new();
        loop {
            let rest = self.rest();
            if rest.starts_with("</") {
                self.at += 2;
                let end = self.name()?;
                if end != name {
                    return Err(format!("</{end}> closes <{name}>"));
                }
                self.spaces();
                self.expect(">")?;
                push_text(&mut children, &mut text);
                return Ok(Element {
                    name,
                    attributes,
                    children,
                });
            } else if rest.starts_with("<![CDATA[") {
                self.at += "<![CDATA[".len();
                let end = self.rest().find("]]>").ok_or("unclosed CDATA")?;
                text.push_str(&self.rest()[..end]);
                self.at += end + 3;
            } else if rest.starts_with("<!--") || rest.starts_with("<?") {
                self.misc()?;
            } else if rest.starts_with('<') {
                push_text(&mut children, &mut text);
                children.push(Node::Element(self.element()?));
            } else if rest.is_empty() {
                return Err(format!("<{name}> is not closed"));
            } else {
                let end = rest.find('<').unwrap_or(rest.len());
                text.push_str(&unescape(&rest[..end])?);
                self.at += end;
            }
        }
    }
}

/// Text as `ElementTree.canonicalize(strip_text=True)` keeps it: trimmed, and none
/// when only whitespace.
fn push_text(children: &mut Vec<Node>, text: &mut String) {
    let trimmed = text.trim();
    if !trimmed.is_empty() {
        children.push(Node::Text(trimmed.to_owned()));
    }
    text.clear();
}

/// Resolves the predefined entities and character references; a raw carriage return
/// reads as a line feed, as XML parsers normalize line ends.
fn unescape(text: &str) -> Result<String, String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let semi = rest[amp..]
            .find(';')
            .ok_or(format!("unterminated entity in {text:?}"))?
            + amp;
        let entity = &rest[amp + 1..semi];
        let c = match entity {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = match entity.strip_prefix("#x").or(entity.strip_prefix("#X")) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => entity.strip_prefix('#').and_then(|d| d.parse().ok()),
                };
                code.and_then(char::from_u32)
                    .ok_or(format!("unknown entity &{entity};"))?
            }
        };
        out.push(c);
        rest = &rest[semi + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::canonical;

    #[test]
    fn layout_attribute_order_and_entities_do_not_matter() {
        let a = "<?xml version=\"1.0\"?>\n<A xmlns=\"u\" b='2' a=\"1\">\n  <B>x &amp; y</B>\n  <C/>\n</A>";
        let b = "<A a=\"1\" b=\"2\" xmlns=\"u\"><B>x &#38; y</B><C></C></A>";
        assert_eq!(canonical(a), canonical(b));
    }

    #[test]
    fn names_order_text_and_namespaces_do() {
        let base = canonical("<A><B>1</B><C>2</C></A>").unwrap();
        for other in [
            "<A><C>2</C><B>1</B></A>",
            "<A><B>1</B><C>3</C></A>",
            "<A xmlns=\"u\"><B>1</B><C>2</C></A>",
            "<A><B>1</B><C x:a=\"1\" xmlns:x=\"u\">2</C></A>",
            "<A><B>1</B><x:C xmlns:x=\"u\">2</x:C></A>",
            "<A><B>1</B></A>",
        ] {
            assert_ne!(canonical(other).unwrap(), base, "{other}");
        }
        assert!(canonical("<A><B></A>").is_err());
        // An unused prefix declaration is no difference.
        assert_eq!(
            canonical("<A xmlns:x=\"u\"><B>1</B><C>2</C></A>").unwrap(),
            base
        );
    }
}
