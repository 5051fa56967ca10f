//! The wire facts of XML and query bodies (element and query names, attributes,
//! flattened collections, namespaces, the root element of an operation's input) and of
//! body checksums. botocore states the traits of a collection's parts on the list or
//! map shape; the model keeps lists and maps inline, so they are read into the traits
//! of the member holding the collection ([`MemberTraits::element`], `key`, `value`).

use serde::Deserialize;

use crate::ir::{HttpChecksum, MemberTraits, ShapeTraits, TypeRef, XmlNamespace};

/// The XML traits of one member, or of a list's elements or a map's keys or values.
#[derive(Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct XmlFacts {
    /// The element (or attribute) name: botocore's `locationName` of a body member.
    pub xml_name: Option<String>,
    /// ec2Query's `queryName`.
    pub query_name: Option<String>,
    #[serde(default)]
    pub xml_attribute: bool,
    #[serde(default)]
    pub xml_flattened: bool,
    /// The URI of the `xmlNamespace` the element declares.
    pub xml_namespace: Option<String>,
    /// Its prefix, when it binds one.
    pub xml_prefix: Option<String>,
    /// Traits of a list's elements.
    pub element: Option<Box<XmlFacts>>,
    /// Traits of a map's keys.
    pub key: Option<Box<XmlFacts>>,
    /// Traits of a map's values.
    pub value: Option<Box<XmlFacts>>,
}

/// The root element of a restXml request body without a payload member.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RootFacts {
    xml_name: Option<String>,
    xml_namespace: Option<String>,
    xml_prefix: Option<String>,
}

/// botocore's `httpChecksumRequired` and `httpChecksum`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ChecksumFacts {
    #[serde(default)]
    required: bool,
    request_algorithm_member: Option<String>,
    response_validation_member: Option<String>,
    #[serde(default)]
    response_algorithms: Vec<String>,
}

impl XmlFacts {
    /// Sets these facts on `traits`, the traits of something of type `target`; a fact
    /// that does not fit the type (an element of what is no list) is returned as an
    /// error message.
    pub fn apply(&self, traits: &mut MemberTraits, target: &TypeRef) -> Result<(), String> {
        traits.xml_name.clone_from(&self.xml_name);
        traits.query_name.clone_from(&self.query_name);
        traits.xml_attribute = self.xml_attribute;
        traits.xml_namespace = namespace(&self.xml_namespace, &self.xml_prefix)?;
        let (element, key, value) = match target {
            TypeRef::List { member } => (Some(&**member), None, None),
            TypeRef::Map { key, value } => (None, Some(&**key), Some(&**value)),
            _ => (None, None, None),
        };
        if self.xml_flattened && element.is_none() && key.is_none() {
            return Err("`xml_flattened` on what is neither a list nor a map".into());
        }
        traits.xml_flattened = self.xml_flattened;
        for (label, facts, part, slot) in [
            ("element", &self.element, element, &mut traits.element),
            ("key", &self.key, key, &mut traits.key),
            ("value", &self.value, value, &mut traits.value),
        ] {
            let Some(facts) = facts else { continue };
            let Some(part) = part else {
                let holds = if label == "element" {
                    "a list"
                } else {
                    "a map"
                };
                return Err(format!("`{label}` on what is not {holds}"));
            };
            let mut inner = MemberTraits::default();
            facts.apply(&mut inner, part)?;
            *slot = Some(Box::new(inner));
        }
        Ok(())
    }
}

impl RootFacts {
    /// The input shape's traits.
    pub fn traits(&self) -> Result<ShapeTraits, String> {
        Ok(ShapeTraits {
            xml_name: self.xml_name.clone(),
            xml_namespace: namespace(&self.xml_namespace, &self.xml_prefix)?,
        })
    }
}

impl ChecksumFacts {
    /// The checksum trait; `has_member` says whether the input documents a member, for
    /// the members the facts name (an unknown one is an error message).
    pub fn checksum(&self, has_member: impl Fn(&str) -> bool) -> Result<HttpChecksum, String> {
        for member in [
            &self.request_algorithm_member,
            &self.response_validation_member,
        ]
        .into_iter()
        .flatten()
        {
            if !has_member(member) {
                return Err(format!(
                    "checksum member `{member}` is not in the docs' input"
                ));
            }
        }
        Ok(HttpChecksum {
            required: self.required,
            request_algorithm_member: self.request_algorithm_member.clone(),
            response_validation_member: self.response_validation_member.clone(),
            response_algorithms: self.response_algorithms.clone(),
        })
    }
}

fn namespace(
    uri: &Option<String>,
    prefix: &Option<String>,
) -> Result<Option<XmlNamespace>, String> {
    match (uri, prefix) {
        (Some(uri), prefix) => Ok(Some(XmlNamespace {
            prefix: prefix.clone(),
            uri: uri.clone(),
        })),
        (None, Some(prefix)) => Err(format!(
            "`xml_prefix = {prefix:?}` without the `xml_namespace` it binds"
        )),
        (None, None) => Ok(None),
    }
}
