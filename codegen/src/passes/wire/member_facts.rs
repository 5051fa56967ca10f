//! The facts of one member in `wire.toml`, as written: where it travels, its traits,
//! what botocore's handlers change (`super::handlers`) and its XML and query names.

use serde::Deserialize;

use super::xml;

/// One member's facts.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct MemberFacts {
    /// botocore's `location` (`uri`, `querystring`, `header`, `headers`, `statusCode`),
    /// or `payload`.
    pub(super) location: Option<String>,
    /// botocore's `locationName`.
    pub(super) name: Option<String>,
    pub(super) timestamp: Option<String>,
    pub(super) json_name: Option<String>,
    #[serde(default)]
    pub(super) json_value: bool,
    #[serde(default)]
    pub(super) idempotency_token: bool,
    #[serde(default)]
    pub(super) host_label: bool,
    #[serde(default)]
    pub(super) streaming: bool,
    #[serde(default)]
    pub(super) sensitive: bool,
    /// The name the docs use for this wire name (a boto3 rename).
    pub(super) documented: Option<String>,
    // What botocore's handlers change, as in `handlers`.
    #[serde(rename = "type")]
    pub(super) ty: Option<String>,
    #[serde(default)]
    pub(super) required: bool,
    #[serde(default)]
    pub(super) last_segment: bool,
    #[serde(default)]
    pub(super) percent_encoded: bool,
    #[serde(default)]
    pub(super) base64: bool,
    pub(super) default_value: Option<String>,
    #[serde(default)]
    pub(super) url_encoded: bool,
    #[serde(default)]
    pub(super) quoted_path: bool,
    pub(super) key_md5: Option<String>,
    pub(super) presigned_url: Option<PresignedUrlFacts>,
    #[serde(default)]
    pub(super) lenient: bool,
    // XML and query facts, as in `xml::XmlFacts`.
    pub(super) xml_name: Option<String>,
    pub(super) query_name: Option<String>,
    #[serde(default)]
    pub(super) xml_attribute: bool,
    #[serde(default)]
    pub(super) xml_flattened: bool,
    pub(super) xml_namespace: Option<String>,
    pub(super) xml_prefix: Option<String>,
    pub(super) element: Option<Box<xml::XmlFacts>>,
    pub(super) key: Option<Box<xml::XmlFacts>>,
    pub(super) value: Option<Box<xml::XmlFacts>>,
}

/// The regions of a `presigned_url` fact, by member wire name.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PresignedUrlFacts {
    pub(super) source_region: String,
    pub(super) destination_region: String,
}

impl MemberFacts {
    /// The XML and query facts among these.
    pub(super) fn xml(&self) -> xml::XmlFacts {
        xml::XmlFacts {
            xml_name: self.xml_name.clone(),
            query_name: self.query_name.clone(),
            xml_attribute: self.xml_attribute,
            xml_flattened: self.xml_flattened,
            xml_namespace: self.xml_namespace.clone(),
            xml_prefix: self.xml_prefix.clone(),
            element: self.element.clone(),
            key: self.key.clone(),
            value: self.value.clone(),
        }
    }
}
