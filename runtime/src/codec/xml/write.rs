//! Writing restXml bodies through the schema traits, as boto3 writes them.
//!
//! botocore's `RestXMLSerializer` builds an ElementTree and prints it with
//! `ElementTree.tostring(root, encoding="utf-8")`: no XML declaration, no whitespace
//! between elements, attributes in the order they were set, an element without text or
//! children as `<name />`, text escaping only `&`, `<` and `>`, attribute values also
//! `"`, CR, LF and tab. This writer builds the same small tree and prints it so: a
//! tree, because a flattened list declares its namespace on the element around it,
//! after that element's first children may have been written.

use base64::Engine as _;

use crate::codec::repr::{f32_text, f64_text};
use crate::codec::timestamp::timestamp_text;
use crate::schema::{
    EntryWriter, ItemWriter, Member, MemberWriter, Schema, TimestampFormat, ValueWriter,
    WriteError, WriteList, WriteMap, WriteStruct, WriteValue,
};
use crate::wire::{DateTime, Document};

/// The structure `value` as the request body: its root element is named by the shape's
/// `xml_name` (the operation input's `locationName`), else by the shape's name.
pub fn write_struct(value: &dyn WriteStruct) -> Result<Vec<u8>, WriteError> {
    let schema = value.schema();
    let mut writer = XmlWriter::new(schema.traits.xml_name.unwrap_or(schema.name), schema);
    writer.structure(value)?;
    Ok(writer.into_bytes())
}

/// A payload member's value as the whole body: its root element is named by the
/// member's `xml_name`, else its target shape's, else the member's name. botocore
/// names it by the `locationName` of the member (merged over its shape's); the
/// models' structure payloads state one on the member, equal to the member's name but
/// for S3's `CompleteMultipartUpload`, and the wire facts leave out a name equal to the
/// member's: the shape's name would be wrong (S3's `LifecycleConfiguration` holds a
/// `BucketLifecycleConfiguration`).
pub fn write_payload(
    member: &'static Member,
    value: &dyn WriteValue,
) -> Result<Vec<u8>, WriteError> {
    let name = location_name(member).unwrap_or(member.name);
    let mut writer = XmlWriter::new(name, member.target);
    writer.member = Some(member);
    value.write_value(&mut writer)?;
    Ok(writer.into_bytes())
}

/// One element, as ElementTree holds it: attributes in the order first set.
#[derive(Debug)]
struct Node {
    tag: &'static str,
    attributes: Vec<(String, String)>,
    text: String,
    children: Vec<Node>,
}

impl Node {
    fn new(tag: &'static str) -> Self {
        Self {
            tag,
            attributes: Vec::new(),
            text: String::new(),
            children: Vec::new(),
        }
    }

    /// Sets an attribute as a Python dict does: a name set again keeps its place.
    fn set(&mut self, name: String, value: String) {
        match self.attributes.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.attributes.push((name, value)),
        }
    }

    /// ElementTree's `_serialize_xml` with short empty elements.
    fn print(&self, out: &mut Vec<u8>) {
        out.push(b'<');
        out.extend_from_slice(self.tag.as_bytes());
        for (name, value) in &self.attributes {
            out.push(b' ');
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b"=\"");
            escape_attribute(out, value);
            out.push(b'"');
        }
        if self.text.is_empty() && self.children.is_empty() {
            out.extend_from_slice(b" />");
            return;
        }
        out.push(b'>');
        escape_text(out, &self.text);
        for child in &self.children {
            child.print(out);
        }
        out.extend_from_slice(b"</");
        out.extend_from_slice(self.tag.as_bytes());
        out.push(b'>');
    }
}

/// Builds the element tree botocore builds: the element's name and the member it is the
/// value of are set before each value is written, which adds its element(s) to the
/// innermost open element.
struct XmlWriter {
    /// Open elements, the outermost (botocore's nameless pseudo-root) first.
    open: Vec<Node>,
    /// The name of the element the next value is written as.
    name: &'static str,
    /// The member the next value is the value of (`None` for the body's root).
    member: Option<&'static Member>,
    /// The schema of the next value.
    shape: &'static Schema,
}

impl XmlWriter {
    fn new(name: &'static str, shape: &'static Schema) -> Self {
        Self {
            open: vec![Node::new("")],
            name,
            member: None,
            shape,
        }
    }

    /// The bytes of the root element (the pseudo-root's first child, as botocore
    /// prints it), nothing when no element was written.
    fn into_bytes(mut self) -> Vec<u8> {
        let mut out = Vec::with_capacity(256);
        if let Some(root) = self.open.pop().and_then(|p| p.children.into_iter().next()) {
            root.print(&mut out);
        }
        out
    }

    /// The namespace declared on the current value's element (botocore's
    /// `_add_xml_namespace` with the member's `xmlNamespace` over its shape's).
    fn namespace(&self) -> Option<(String, &'static str)> {
        namespace_of(self.member, self.shape)
    }

    /// The timestamp format of the current value: the member's, the shape's, else
    /// ISO 8601.
    fn timestamp_format(&self) -> TimestampFormat {
        self.member
            .and_then(|m| m.traits.timestamp_format)
            .or(self.shape.traits.timestamp_format)
            .unwrap_or(TimestampFormat::DateTime)
    }

    fn flattened(&self) -> bool {
        self.member.is_some_and(|m| m.traits.xml_flattened) || self.shape.traits.xml_flattened
    }

    fn parent(&mut self) -> &mut Node {
        self.open.last_mut().expect("the pseudo-root stays open")
    }

    /// Opens the element `tag`.
    fn push(&mut self, tag: &'static str) {
        self.open.push(Node::new(tag));
    }

    /// Closes the innermost element into its parent.
    fn pop(&mut self) {
        let node = self.open.pop().expect("an element is open");
        self.parent().children.push(node);
    }

    /// Declares the current value's namespace on the innermost open element.
    fn declare_namespace(&mut self) {
        if let Some((attribute, uri)) = self.namespace() {
            self.parent().set(attribute, uri.to_owned());
        }
    }

    /// A scalar element with `text` (the namespace set after the text, as botocore
    /// does; it is the element's only attribute either way).
    fn text_element(&mut self, text: String) -> Result<(), WriteError> {
        self.push(self.name);
        self.parent().text = text;
        self.declare_namespace();
        self.pop();
        Ok(())
    }

    /// Writes `value` as the element `name`, the value of `member`, restoring the
    /// position afterwards.
    fn element(
        &mut self,
        name: &'static str,
        member: &'static Member,
        value: &dyn WriteValue,
    ) -> Result<(), WriteError> {
        let outer = (self.name, self.member, self.shape);
        (self.name, self.member, self.shape) = (name, Some(member), member.target);
        let result = value.write_value(self);
        (self.name, self.member, self.shape) = outer;
        result
    }

    /// The member of the current collection at `index` (a list's element, a map's key
    /// or value).
    fn nested(&self, index: usize, what: &'static str) -> Result<&'static Member, WriteError> {
        self.shape.members.get(index).ok_or_else(|| WriteError {
            member: self.shape.name,
            reason: format!("a {what} written where the schema has none"),
        })
    }
}

/// The namespace declaration of an element that is the value of `member` (or the
/// root, without one) of shape `shape`.
fn namespace_of(
    member: Option<&'static Member>,
    shape: &'static Schema,
) -> Option<(String, &'static str)> {
    let (prefix, uri) = match member.and_then(|m| m.traits.xml_namespace) {
        Some(namespace) => namespace,
        None => (
            shape.traits.xml_namespace_prefix.unwrap_or(""),
            shape.traits.xml_namespace?,
        ),
    };
    let attribute = if prefix.is_empty() {
        "xmlns".to_owned()
    } else {
        format!("xmlns:{prefix}")
    };
    Some((attribute, uri))
}

/// The XML element name of a member: its `locationName`, else its name.
fn element_name(member: &'static Member) -> &'static str {
    location_name(member).unwrap_or(member.name)
}

/// A member's `locationName`: its own, else its target shape's (botocore merges a
/// shape's serialization traits with its reference's, the reference winning).
pub(crate) fn location_name(member: &'static Member) -> Option<&'static str> {
    member.traits.xml_name.or(member.target.traits.xml_name)
}

impl ValueWriter for XmlWriter {
    fn boolean(&mut self, value: bool) -> Result<(), WriteError> {
        self.text_element(if value { "true" } else { "false" }.to_owned())
    }

    fn integer(&mut self, value: i64) -> Result<(), WriteError> {
        self.text_element(value.to_string())
    }

    fn float32(&mut self, value: f32) -> Result<(), WriteError> {
        self.text_element(f32_text(value))
    }

    fn float64(&mut self, value: f64) -> Result<(), WriteError> {
        self.text_element(f64_text(value))
    }

    fn string(&mut self, value: &str) -> Result<(), WriteError> {
        self.text_element(value.to_owned())
    }

    fn blob(&mut self, value: &[u8]) -> Result<(), WriteError> {
        self.text_element(base64::engine::general_purpose::STANDARD.encode(value))
    }

    fn timestamp(&mut self, value: &DateTime) -> Result<(), WriteError> {
        let text = timestamp_text(value, self.timestamp_format());
        self.text_element(text)
    }

    fn document(&mut self, _: &Document) -> Result<(), WriteError> {
        Err(WriteError {
            member: self.name,
            reason: "restXml has no documents".to_owned(),
        })
    }

    fn list(&mut self, value: &dyn WriteList) -> Result<(), WriteError> {
        let element = self.nested(0, "list")?;
        let name = self.name;
        if self.flattened() {
            // Each item is an element of the list's own name in the enclosing element,
            // which botocore gives the list's namespace.
            self.declare_namespace();
            return value.write_items(&mut Items {
                w: self,
                name,
                element,
            });
        }
        self.push(name);
        self.declare_namespace();
        value.write_items(&mut Items {
            w: self,
            name: location_name(element).unwrap_or("member"),
            element,
        })?;
        self.pop();
        Ok(())
    }

    fn map(&mut self, value: &dyn WriteMap) -> Result<(), WriteError> {
        let key = self.nested(0, "map key")?;
        let entry_value = self.nested(1, "map")?;
        let name = self.name;
        let flattened = self.flattened();
        if !flattened {
            self.push(name);
            self.declare_namespace();
        }
        value.write_entries(&mut Entries {
            w: self,
            key,
            value: entry_value,
            // A flattened map's entries are elements of its own name, without a
            // namespace.
            entry_name: if flattened { name } else { "entry" },
        })?;
        if !flattened {
            self.pop();
        }
        Ok(())
    }

    fn structure(&mut self, value: &dyn WriteStruct) -> Result<(), WriteError> {
        let schema = value.schema();
        self.push(self.name);
        self.declare_namespace();
        value.write_members(&mut Members {
            w: self,
            members: schema.members,
            shape: schema.name,
        })?;
        self.pop();
        Ok(())
    }
}

/// Writes a structure's members: attributes on its element, the others as children.
struct Members<'w> {
    w: &'w mut XmlWriter,
    members: &'static [Member],
    shape: &'static str,
}

impl MemberWriter for Members<'_> {
    fn member(&mut self, index: usize, value: &dyn WriteValue) -> Result<(), WriteError> {
        let member = self.members.get(index).ok_or_else(|| WriteError {
            member: self.shape,
            reason: format!("no member at index {index}"),
        })?;
        if member.traits.xml_attribute {
            let mut text = AttributeText(None, member.name);
            value.write_value(&mut text)?;
            let text = text.0.unwrap_or_default();
            self.w.parent().set(element_name(member).to_owned(), text);
            return Ok(());
        }
        self.w.element(element_name(member), member, value)
    }
}

struct Items<'w> {
    w: &'w mut XmlWriter,
    name: &'static str,
    element: &'static Member,
}

impl ItemWriter for Items<'_> {
    fn item(&mut self, value: &dyn WriteValue) -> Result<(), WriteError> {
        self.w.element(self.name, self.element, value)
    }
}

struct Entries<'w> {
    w: &'w mut XmlWriter,
    key: &'static Member,
    value: &'static Member,
    /// `entry`, or a flattened map's own name.
    entry_name: &'static str,
}

impl EntryWriter for Entries<'_> {
    fn entry(&mut self, key: &str, value: &dyn WriteValue) -> Result<(), WriteError> {
        self.w.push(self.entry_name);
        let key_name = location_name(self.key).unwrap_or("key");
        self.w.element(key_name, self.key, &key.to_owned())?;
        let value_name = location_name(self.value).unwrap_or("value");
        self.w.element(value_name, self.value, value)?;
        self.w.pop();
        Ok(())
    }
}

/// The text of an attribute member (a string in every model; other scalars as their
/// text).
struct AttributeText(Option<String>, &'static str);

impl AttributeText {
    fn set(&mut self, text: String) -> Result<(), WriteError> {
        self.0 = Some(text);
        Ok(())
    }

    fn not_text(&self) -> WriteError {
        WriteError {
            member: self.1,
            reason: "an XML attribute holds text, not a collection or structure".to_owned(),
        }
    }
}

impl ValueWriter for AttributeText {
    fn boolean(&mut self, value: bool) -> Result<(), WriteError> {
        self.set(value.to_string())
    }
    fn integer(&mut self, value: i64) -> Result<(), WriteError> {
        self.set(value.to_string())
    }
    fn float32(&mut self, value: f32) -> Result<(), WriteError> {
        self.set(f32_text(value))
    }
    fn float64(&mut self, value: f64) -> Result<(), WriteError> {
        self.set(f64_text(value))
    }
    fn string(&mut self, value: &str) -> Result<(), WriteError> {
        self.set(value.to_owned())
    }
    fn blob(&mut self, value: &[u8]) -> Result<(), WriteError> {
        self.set(base64::engine::general_purpose::STANDARD.encode(value))
    }
    fn timestamp(&mut self, value: &DateTime) -> Result<(), WriteError> {
        self.set(timestamp_text(value, TimestampFormat::DateTime))
    }
    fn document(&mut self, _: &Document) -> Result<(), WriteError> {
        Err(self.not_text())
    }
    fn list(&mut self, _: &dyn WriteList) -> Result<(), WriteError> {
        Err(self.not_text())
    }
    fn map(&mut self, _: &dyn WriteMap) -> Result<(), WriteError> {
        Err(self.not_text())
    }
    fn structure(&mut self, _: &dyn WriteStruct) -> Result<(), WriteError> {
        Err(self.not_text())
    }
}

/// ElementTree's `_escape_cdata`.
fn escape_text(out: &mut Vec<u8>, text: &str) {
    for &b in text.as_bytes() {
        match b {
            b'&' => out.extend_from_slice(b"&amp;"),
            b'<' => out.extend_from_slice(b"&lt;"),
            b'>' => out.extend_from_slice(b"&gt;"),
            _ => out.push(b),
        }
    }
}

/// ElementTree's `_escape_attrib`.
fn escape_attribute(out: &mut Vec<u8>, text: &str) {
    for &b in text.as_bytes() {
        match b {
            b'&' => out.extend_from_slice(b"&amp;"),
            b'<' => out.extend_from_slice(b"&lt;"),
            b'>' => out.extend_from_slice(b"&gt;"),
            b'"' => out.extend_from_slice(b"&quot;"),
            b'\r' => out.extend_from_slice(b"&#13;"),
            b'\n' => out.extend_from_slice(b"&#10;"),
            b'\t' => out.extend_from_slice(b"&#09;"),
            _ => out.push(b),
        }
    }
}
