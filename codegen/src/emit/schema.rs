//! Shapes as data: the crate's hidden `schema` module holds one `static`
//! `sdk_runtime::schema::Schema` per structure, union, error and enum, which the
//! runtime's protocol codecs walk to write and read values.
//!
//! Scalars point at `sdk_runtime::schema::prelude`; a list or map gets a static per
//! distinct schema (`LIST_3`, `MAP_0`: its element or value schema and XML traits say
//! how items travel), shared by every member that holds the same collection, because
//! models repeat them a lot (EC2's thousands of string lists). Shape statics are named
//! after their shape (unique in the model, PascalCase, so never `LIST_n`), in the value
//! namespace of a module of their own, so that they clash with nothing.

use std::cell::RefCell;
use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::files::Modules;
use super::layout::ModulePath;
use super::{Context, EmitError};
use crate::ident;
use crate::ir::{
    Location, Member, MemberTraits, PresignedUrl, Shape, ShapeKind, ShapeTraits, TimestampFormat,
    TypeRef, Width, XmlNamespace,
};

/// The name of the module holding the statics, below the crate root.
pub const MODULE: &str = "schema";

/// The module holding the statics.
pub fn module() -> ModulePath {
    ModulePath(vec![MODULE.into()])
}

/// The static name of every named shape, unique in the `schema` module.
#[derive(Debug, Default)]
pub struct SchemaNames(BTreeMap<String, String>);

impl SchemaNames {
    /// A name per shape of `shapes`, in model order.
    pub fn new<'s>(shapes: impl IntoIterator<Item = &'s str>) -> Self {
        let mut scope = ident::Scope::pascal();
        Self(
            shapes
                .into_iter()
                .map(|name| (name.to_owned(), scope.claim(ident::type_name(name))))
                .collect(),
        )
    }

    /// `crate::schema::Name`, the path of a shape's static; `None` for a shape the crate
    /// does not emit.
    pub fn path(&self, shape: &str) -> Option<TokenStream> {
        let name = self.ident(shape)?;
        Some(quote!(crate::schema::#name))
    }

    /// The bare name of a shape's static.
    pub fn ident(&self, shape: &str) -> Option<proc_macro2::Ident> {
        self.0.get(shape).map(|name| ident::to_ident(name))
    }
}

/// True for a member never to be printed: botocore's `sensitive` (from the wire facts),
/// or the reference's "Sensitive:" paragraph that boto3 writes for it.
pub fn is_sensitive(member: &Member) -> bool {
    member.traits.sensitive
        || member
            .docs
            .contains("Sensitive: This field contains sensitive information")
}

/// True for a member filled with a fresh token when the caller leaves it unset: the
/// wire facts' `idempotencyToken`, or the reference's sentence boto3 writes for it.
fn is_idempotency_token(member: &Member) -> bool {
    member.traits.idempotency_token
        || (member.target == TypeRef::String
            && !member.required
            && member
                .docs
                .contains("This field is autopopulated if not provided."))
}

/// The list and map schemas of the crate, one static per distinct schema, named in the
/// order they are first needed.
#[derive(Debug, Default)]
pub struct Collections(RefCell<Collected>);

#[derive(Debug, Default)]
struct Collected {
    /// The schema's tokens as text → its static's name.
    names: BTreeMap<String, proc_macro2::Ident>,
    /// The statics, in the order they were named.
    items: Vec<TokenStream>,
}

impl Collections {
    /// The name of the static holding `schema` (a `Schema { .. }` expression), made the
    /// first time it is asked for.
    fn name(&self, prefix: &str, schema: TokenStream) -> proc_macro2::Ident {
        let mut collected = self.0.borrow_mut();
        let key = schema.to_string();
        if let Some(name) = collected.names.get(&key) {
            return name.clone();
        }
        let name = quote::format_ident!("{prefix}_{}", collected.names.len());
        collected
            .items
            .push(quote!(pub static #name: Schema = #schema;));
        collected.names.insert(key, name.clone());
        name
    }

    /// Adds every collection static to the `schema` module.
    pub fn emit(&self, modules: &mut Modules) -> Result<(), EmitError> {
        for item in std::mem::take(&mut self.0.borrow_mut().items) {
            modules.add_item(&module(), item)?;
        }
        Ok(())
    }
}

/// Adds the module docs and the static of `shape` to the `schema` module.
pub fn emit(ctx: &Context<'_>, shape: &Shape, modules: &mut Modules) -> Result<(), EmitError> {
    let static_name = ctx.schema_static(&shape.name, &shape.name, &shape.source)?;
    let wire = &shape.name;
    let (kind, members, mut traits) = match &shape.kind {
        ShapeKind::Structure { members } => (quote!(Structure), members.as_slice(), Vec::new()),
        ShapeKind::Union { members } => (quote!(Union), members.as_slice(), Vec::new()),
        ShapeKind::Error {
            members,
            http_status,
            code,
        } => {
            let mut traits = Vec::new();
            if let Some(status) = http_status {
                traits.push(quote!(http_status: ::std::option::Option::Some(#status),));
            }
            if let Some(code) = code {
                traits.push(quote!(error_code: ::std::option::Option::Some(#code),));
            }
            (quote!(Structure), members.as_slice(), traits)
        }
        ShapeKind::Enum { .. } => (quote!(Enum), &[][..], Vec::new()),
    };
    let ShapeTraits {
        xml_name,
        xml_namespace,
    } = &shape.traits;
    if let Some(name) = xml_name {
        traits.push(quote!(xml_name: ::std::option::Option::Some(#name),));
    }
    if let Some(XmlNamespace { prefix, uri }) = xml_namespace {
        traits.push(quote!(xml_namespace: ::std::option::Option::Some(#uri),));
        if let Some(prefix) = prefix {
            traits.push(quote!(xml_namespace_prefix: ::std::option::Option::Some(#prefix),));
        }
    }
    let rest = ctx.protocol.is_rest();
    let members = members
        .iter()
        .map(|m| member(ctx, shape, m, rest))
        .collect::<Result<Vec<_>, _>>()?;
    let traits = if traits.is_empty() {
        quote!(ShapeTraits::NONE)
    } else {
        quote!(ShapeTraits { #(#traits)* ..ShapeTraits::NONE })
    };
    modules.add_item(
        &module(),
        quote! {
            pub static #static_name: Schema = Schema {
                name: #wire,
                kind: ShapeKind::#kind,
                members: &[#(#members),*],
                traits: #traits,
            };
        },
    )
}

/// The `use` items and docs of the `schema` module.
pub fn emit_module(modules: &mut Modules) -> Result<(), EmitError> {
    modules.set_docs(
        &module(),
        "Every shape of the crate as data, for the runtime's protocol codecs: one \
         static per structure, union, error and enum, named after the shape, and one \
         per distinct list and map schema."
            .to_owned(),
    );
    modules.add_item(
        &module(),
        quote! {
            use ::sdk_runtime::schema::{
                prelude as p, Location, Member, MemberTraits, Schema, ShapeKind, ShapeTraits,
            };
        },
    )
}

/// One `Member { .. }` of a structure, union or error.
fn member(
    ctx: &Context<'_>,
    shape: &Shape,
    member: &Member,
    rest: bool,
) -> Result<TokenStream, EmitError> {
    let referrer = format!("{}.{}", shape.name, member.name);
    let target = target(ctx, &member.target, &member.traits, &referrer, member)?;
    let location = if rest {
        location(&member.location)
    } else {
        // RPC protocols put every member in the body, whatever a page says.
        quote!(Location::Body)
    };
    let use_traits = Use {
        required: member.required,
        sensitive: is_sensitive(member),
        idempotency_token: is_idempotency_token(member),
    };
    let traits = member_traits(&member.traits, use_traits);
    let name = member.wire_name();
    Ok(quote! {
        Member { name: #name, target: #target, location: #location, traits: #traits }
    })
}

/// What a member's use adds to its wire traits: only structure members have them.
#[derive(Clone, Copy, Default)]
struct Use {
    required: bool,
    sensitive: bool,
    idempotency_token: bool,
}

/// `MemberTraits { .. }` of a structure member (with `of`), or of a list element or map
/// key or value (`Use::default()`). The traits of a collection's parts are the
/// collection schema's own, not the member's.
fn member_traits(traits: &MemberTraits, of: Use) -> TokenStream {
    let MemberTraits {
        // Decided by `is_sensitive` and `is_idempotency_token` for structure members;
        // elements and values take sensitivity from their target.
        sensitive,
        idempotency_token: _,
        json_value,
        host_label,
        timestamp_format,
        json_name,
        xml_name,
        query_name,
        xml_attribute,
        xml_flattened,
        xml_namespace,
        // In the target's collection schema.
        element: _,
        key: _,
        value: _,
        last_segment,
        percent_encoded,
        base64,
        default_value,
        url_encoded,
        quoted_path,
        key_md5,
        presigned_url,
        lenient,
    } = traits;
    let some = |value: TokenStream| quote!(::std::option::Option::Some(#value));
    let mut out = Vec::new();
    if of.required {
        out.push(quote!(required: true,));
    }
    if of.sensitive || *sensitive {
        out.push(quote!(sensitive: true,));
    }
    if of.idempotency_token {
        out.push(quote!(idempotency_token: true,));
    }
    if *json_value {
        out.push(quote!(json_value: true,));
    }
    if *host_label {
        out.push(quote!(host_label: true,));
    }
    if let Some(format) = timestamp_format {
        let format = match format {
            TimestampFormat::EpochSeconds => quote!(EpochSeconds),
            TimestampFormat::DateTime => quote!(DateTime),
            TimestampFormat::HttpDate => quote!(HttpDate),
        };
        let format = some(quote!(::sdk_runtime::schema::TimestampFormat::#format));
        out.push(quote!(timestamp_format: #format,));
    }
    if let Some(key) = json_name {
        let key = some(quote!(#key));
        out.push(quote!(json_name: #key,));
    }
    if let Some(name) = xml_name {
        let name = some(quote!(#name));
        out.push(quote!(xml_name: #name,));
    }
    if let Some(name) = query_name {
        let name = some(quote!(#name));
        out.push(quote!(query_name: #name,));
    }
    if *xml_attribute {
        out.push(quote!(xml_attribute: true,));
    }
    if *xml_flattened {
        out.push(quote!(xml_flattened: true,));
    }
    if let Some(XmlNamespace { prefix, uri }) = xml_namespace {
        let prefix = prefix.as_deref().unwrap_or_default();
        let namespace = some(quote!((#prefix, #uri)));
        out.push(quote!(xml_namespace: #namespace,));
    }
    if *last_segment {
        out.push(quote!(last_segment: true,));
    }
    if *percent_encoded {
        out.push(quote!(percent_encoded: true,));
    }
    if *base64 {
        out.push(quote!(base64: true,));
    }
    if let Some(value) = default_value {
        let value = some(quote!(#value));
        out.push(quote!(default_value: #value,));
    }
    if *url_encoded {
        out.push(quote!(url_encoded: true,));
    }
    if *quoted_path {
        out.push(quote!(quoted_path: true,));
    }
    if let Some(md5) = key_md5 {
        let md5 = some(quote!(#md5));
        out.push(quote!(key_md5: #md5,));
    }
    if let Some(PresignedUrl {
        source_region,
        destination_region,
    }) = presigned_url
    {
        let from = some(quote!(::sdk_runtime::schema::PresignedUrlFrom {
            source_region: #source_region,
            destination_region: #destination_region,
        }));
        out.push(quote!(presigned_url: #from,));
    }
    if *lenient {
        out.push(quote!(lenient: true,));
    }
    if out.is_empty() {
        quote!(MemberTraits::NONE)
    } else {
        quote!(MemberTraits { #(#out)* ..MemberTraits::NONE })
    }
}

fn location(location: &Location) -> TokenStream {
    match location {
        Location::Body => quote!(Location::Body),
        Location::Label(name) => quote!(Location::Label(#name)),
        Location::GreedyLabel(name) => quote!(Location::GreedyLabel(#name)),
        Location::Query(name) => quote!(Location::Query(#name)),
        Location::QueryMap => quote!(Location::QueryMap),
        Location::Header(name) => quote!(Location::Header(#name)),
        Location::PrefixHeaders(prefix) => quote!(Location::PrefixHeaders(#prefix)),
        Location::Payload => quote!(Location::Payload),
        Location::StatusCode => quote!(Location::StatusCode),
    }
}

/// `&p::STRING`, `&Name` or the shared static of a list or map schema; `traits` are
/// those of the member (or element, or value) holding `target`, which carry the XML
/// traits of a collection's parts.
fn target(
    ctx: &Context<'_>,
    target: &TypeRef,
    traits: &MemberTraits,
    referrer: &str,
    member: &Member,
) -> Result<TokenStream, EmitError> {
    let none = MemberTraits::default();
    let part = |traits: &Option<Box<MemberTraits>>| traits.as_deref().unwrap_or(&none).clone();
    // A flattened list or map says so on its schema too, where botocore states it.
    let shape_traits = if traits.xml_flattened {
        quote!(ShapeTraits {
            xml_flattened: true,
            ..ShapeTraits::NONE
        })
    } else {
        quote!(ShapeTraits::NONE)
    };
    Ok(match target {
        TypeRef::String => quote!(&p::STRING),
        TypeRef::Boolean => quote!(&p::BOOLEAN),
        TypeRef::Integer { width: Width::W32 } => quote!(&p::INTEGER),
        TypeRef::Integer { .. } => quote!(&p::LONG),
        TypeRef::Float { width: Width::W32 } => quote!(&p::FLOAT),
        TypeRef::Float { .. } => quote!(&p::DOUBLE),
        TypeRef::Timestamp => quote!(&p::TIMESTAMP),
        TypeRef::Blob => quote!(&p::BLOB),
        TypeRef::StreamingBlob => quote!(&p::STREAMING_BLOB),
        TypeRef::Document => quote!(&p::DOCUMENT),
        TypeRef::List { member: item } => {
            let element = part(&traits.element);
            let item = self::target(ctx, item, &element, referrer, member)?;
            let element = member_traits(&element, Use::default());
            let name = ctx.collections.name(
                "LIST",
                quote!(Schema {
                    name: "List",
                    kind: ShapeKind::List,
                    members: &[Member { name: "member", target: #item, location: Location::Body, traits: #element }],
                    traits: #shape_traits,
                }),
            );
            quote!(&#name)
        }
        TypeRef::Map { key, value } => {
            let (key_traits, value_traits) = (part(&traits.key), part(&traits.value));
            let key = self::target(ctx, key, &key_traits, referrer, member)?;
            let value = self::target(ctx, value, &value_traits, referrer, member)?;
            let key_traits = member_traits(&key_traits, Use::default());
            let value_traits = member_traits(&value_traits, Use::default());
            let name = ctx.collections.name(
                "MAP",
                quote!(Schema {
                    name: "Map",
                    kind: ShapeKind::Map,
                    members: &[
                        Member { name: "key", target: #key, location: Location::Body, traits: #key_traits },
                        Member { name: "value", target: #value, location: Location::Body, traits: #value_traits },
                    ],
                    traits: #shape_traits,
                }),
            );
            quote!(&#name)
        }
        TypeRef::Named { name } | TypeRef::EventStream { name } => {
            let name = ctx.schema_static(name, referrer, &member.source)?;
            quote!(&#name)
        }
    })
}
