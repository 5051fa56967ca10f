//! Facts of what botocore's handlers change beyond the model, where the pages follow
//! the handlers rather than the wire:
//!
//! - `type`: the wire type of a member the pages print as another (IAM's policy
//!   documents and CloudFormation's `TemplateBody`, strings printed as `dict` because an
//!   after-call handler parses them), with `required` where the docs handler dropped
//!   `[REQUIRED]` along with the member's sections. The nested shape the pages implied
//!   is removed when nothing else holds it.
//! - `last_segment`: an input id sent as its last path segment (Route 53's
//!   `fix_route53_ids`).
//! - `percent_encoded`: an output string read percent-decoded (IAM's
//!   `json_decode_policies`).
//! - `base64`: an input string sent base64-encoded (EC2's `base64_encode_user_data`),
//!   an output string read decoded (EC2's `decode_console_output`).
//! - `default_value`: an input string's value when the caller leaves it unset (S3's
//!   listings' `EncodingType`, `set_list_objects_encoding_type_url`); `url_encoded`: an
//!   output string then sent url-encoded and read decoded (`decode_list_object*`).
//! - `quoted_path`: an input string sent percent-encoded as a path (S3's `CopySource`,
//!   `handle_copy_source_param`).
//! - `key_md5`: an input key sent base64-encoded with its MD5 in the named sibling
//!   member when the caller leaves that unset (S3's SSE-C keys, `sse_md5`).
//! - `presigned_url`: an input string filled, when the caller leaves it unset, with the
//!   request presigned for the region in one sibling, another sent as the client's
//!   region (EC2 `CopySnapshot`'s `PresignedUrl`, `inject_presigned_url_ec2`).
//! - `lenient`: an output header whose text does not parse leaves the member unset
//!   rather than failing the call (S3's `Expires`, `handle_expires_header`, which also
//!   hands the text over as `ExpiresString`: a member bound to the same header).
//!
//! And of an operation, `expect_continue`: when its streaming payload is sent with
//! `Expect: 100-continue` (S3's uploads, `add_expect_header`): `stream` when given as a
//! file, `always` when given at all (`convert_body_to_file_like_object` makes bytes a
//! file).

use std::collections::BTreeSet;

use crate::ir::{
    ExpectContinue, Location, Member, PresignedUrl, Service, Shape, ShapeKind, TypeRef,
};

/// The `expect_continue` fact of an operation whose input is `input`. Only a streaming
/// payload is ever a file, so only such an input may have one.
pub(super) fn expect_continue(
    value: &str,
    input: Option<&Shape>,
) -> Result<ExpectContinue, String> {
    let expect = match value {
        "always" => ExpectContinue::Always,
        "stream" => ExpectContinue::Stream,
        other => {
            return Err(format!(
                "expect_continue `{other}`: expected `always` or `stream`"
            ))
        }
    };
    let streams =
        |m: &Member| m.location == Location::Payload && m.target == TypeRef::StreamingBlob;
    match input {
        Some(shape) if shape.kind.members().iter().any(streams) => Ok(expect),
        Some(shape) => Err(format!(
            "expect_continue on an input without a streaming payload (`{}`)",
            shape.name
        )),
        None => Err("expect_continue on an operation without an input".into()),
    }
}

/// The handler facts of one member.
pub(super) struct HandlerFacts<'a> {
    pub ty: Option<&'a str>,
    pub required: bool,
    pub last_segment: bool,
    pub percent_encoded: bool,
    pub base64: bool,
    pub default_value: Option<&'a str>,
    pub url_encoded: bool,
    pub quoted_path: bool,
    pub key_md5: Option<&'a str>,
    /// The source and destination region members.
    pub presigned_url: Option<(&'a str, &'a str)>,
    pub lenient: bool,
    /// The wire names of the member's siblings that hold strings, which `key_md5` and
    /// `presigned_url` may name.
    pub strings: &'a [String],
}

/// Applies `facts` to `member`; the names of shapes it no longer holds go to `dropped`.
/// An error names what does not fit.
pub(super) fn apply(
    member: &mut Member,
    facts: &HandlerFacts<'_>,
    dropped: &mut BTreeSet<String>,
) -> Result<(), String> {
    if let Some(ty) = facts.ty {
        if ty != "string" {
            return Err(format!(
                "type `{ty}`: only `string` is supported (what the pages print as a dict)"
            ));
        }
        let leaf = leaf_mut(&mut member.target);
        if let TypeRef::Named { name } = leaf {
            dropped.insert(std::mem::take(name));
        }
        *leaf = TypeRef::String;
    }
    member.required |= facts.required;
    let string = *leaf_mut(&mut member.target) == TypeRef::String;
    for (set, name) in [
        (facts.last_segment, "last_segment"),
        (facts.percent_encoded, "percent_encoded"),
        (facts.base64, "base64"),
        (facts.url_encoded, "url_encoded"),
        (facts.quoted_path, "quoted_path"),
        (facts.key_md5.is_some(), "key_md5"),
        (facts.presigned_url.is_some(), "presigned_url"),
    ] {
        if set && !string {
            return Err(format!("{name} on a member that holds no string"));
        }
    }
    if facts.lenient && !matches!(member.location, Location::Header(_)) {
        return Err("lenient on a member not bound to a header".into());
    }
    member.traits.lenient |= facts.lenient;
    member.traits.last_segment |= facts.last_segment;
    member.traits.percent_encoded |= facts.percent_encoded;
    member.traits.base64 |= facts.base64;
    if let Some(value) = facts.default_value {
        member.traits.default_value = Some(value.to_owned());
    }
    member.traits.url_encoded |= facts.url_encoded;
    member.traits.quoted_path |= facts.quoted_path;
    let sibling = |fact: &str, name: &str| {
        if facts.strings.iter().any(|s| s == name) {
            Ok(name.to_owned())
        } else {
            Err(format!("{fact} `{name}` names no string member beside it"))
        }
    };
    if let Some(md5) = facts.key_md5 {
        member.traits.key_md5 = Some(sibling("key_md5", md5)?);
    }
    if let Some((source, destination)) = facts.presigned_url {
        member.traits.presigned_url = Some(PresignedUrl {
            source_region: sibling("presigned_url", source)?,
            destination_region: sibling("presigned_url", destination)?,
        });
    }
    Ok(())
}

/// What a list holds, through lists; the type itself otherwise.
fn leaf_mut(target: &mut TypeRef) -> &mut TypeRef {
    match target {
        TypeRef::List { member } => leaf_mut(member),
        other => other,
    }
}

/// Removes the shapes in `dropped` that no member, input, output or error holds any more.
pub(super) fn prune(service: &mut Service, dropped: &BTreeSet<String>) {
    let mut held = BTreeSet::new();
    for op in service.operations.values() {
        held.insert(op.input.clone());
        held.insert(op.output.clone());
        held.extend(op.errors.iter().cloned());
    }
    for shape in service.shapes.values() {
        if let ShapeKind::Structure { members }
        | ShapeKind::Union { members }
        | ShapeKind::Error { members, .. } = &shape.kind
        {
            for m in members {
                names(&m.target, &mut held);
            }
        }
    }
    for name in dropped {
        if !held.contains(name) {
            service.shapes.remove(name);
        }
    }
}

fn names(target: &TypeRef, out: &mut BTreeSet<String>) {
    match target {
        TypeRef::Named { name } | TypeRef::EventStream { name } => {
            out.insert(name.clone());
        }
        TypeRef::List { member } => names(member, out),
        TypeRef::Map { key, value } => {
            names(key, out);
            names(value, out);
        }
        _ => {}
    }
}

/// The docs' syntax skeletons print a retyped member as the dict the pages show
/// (`{}`); it becomes the placeholder of a string, as boto3 prints one, so that the
/// skeletons still read into the generated types.
pub(super) fn retype_samples(service: &mut Service) {
    let mut operations = std::mem::take(&mut service.operations);
    for op in operations.values_mut() {
        if let Some(sample) = &mut op.syntax.request {
            structure(service, &op.input, sample);
        }
        if let Some(sample) = &mut op.syntax.response {
            structure(service, &op.output, sample);
        }
    }
    service.operations = operations;
}

fn structure(service: &Service, shape: &str, sample: &mut serde_json::Value) {
    let (Some(shape), Some(object)) = (service.shapes.get(shape), sample.as_object_mut()) else {
        return;
    };
    for member in shape.kind.members() {
        if let Some(value) = object.get_mut(member.wire_name()) {
            value_of(service, &member.target, value);
        }
    }
}

fn value_of(service: &Service, target: &TypeRef, sample: &mut serde_json::Value) {
    match (target, &mut *sample) {
        (TypeRef::String, serde_json::Value::Object(_)) => {
            *sample = serde_json::Value::String("string".into());
        }
        (TypeRef::List { member }, serde_json::Value::Array(items)) => {
            for item in items {
                value_of(service, member, item);
            }
        }
        (TypeRef::Map { value, .. }, serde_json::Value::Object(entries)) => {
            for item in entries.values_mut() {
                value_of(service, value, item);
            }
        }
        (TypeRef::Named { name }, _) => structure(service, name, sample),
        _ => {}
    }
}
