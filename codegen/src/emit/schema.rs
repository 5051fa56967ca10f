//! Shapes as data: the crate's hidden `schema` module holds one `static`
//! `sdk_runtime::schema::Schema` per structure, union, error and enum, which the
//! runtime's protocol codecs walk to write and read values.
//!
//! Scalars point at `sdk_runtime::schema::prelude`; a list or map is an inline schema
//! per use (its element or value schema says how items travel), so that only named
//! shapes get a static. Statics are named after their shape (unique in the model), in
//! the value namespace of a module of their own, so that they clash with nothing.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::files::Modules;
use super::layout::ModulePath;
use super::{Context, EmitError};
use crate::ident;
use crate::ir::{
    Location, Member, MemberTraits, Shape, ShapeKind, TimestampFormat, TypeRef, Width,
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

/// Adds the module docs and the static of `shape` to the `schema` module.
pub fn emit(ctx: &Context<'_>, shape: &Shape, modules: &mut Modules) -> Result<(), EmitError> {
    let static_name = ctx.schema_static(&shape.name, &shape.name, &shape.source)?;
    let wire = &shape.name;
    let (kind, members, traits) = match &shape.kind {
        ShapeKind::Structure { members } => (quote!(Structure), members.as_slice(), quote!()),
        ShapeKind::Union { members } => (quote!(Union), members.as_slice(), quote!()),
        ShapeKind::Error {
            members,
            http_status,
            code,
        } => {
            let status = http_status.map(|s| quote!(http_status: ::std::option::Option::Some(#s),));
            let code = code
                .as_ref()
                .map(|c| quote!(error_code: ::std::option::Option::Some(#c),));
            (quote!(Structure), members.as_slice(), quote!(#status #code))
        }
        ShapeKind::Enum { .. } => (quote!(Enum), &[][..], quote!()),
    };
    let rest = ctx.protocol.is_rest();
    let members = members
        .iter()
        .map(|m| member(ctx, shape, m, rest))
        .collect::<Result<Vec<_>, _>>()?;
    let traits = if traits.is_empty() {
        quote!(ShapeTraits::NONE)
    } else {
        quote!(ShapeTraits { #traits ..ShapeTraits::NONE })
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
         static per structure, union, error and enum, named after the shape."
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
    let target = target(ctx, &member.target, &referrer, member)?;
    let location = if rest {
        location(&member.location)
    } else {
        // RPC protocols put every member in the body, whatever a page says.
        quote!(Location::Body)
    };
    let MemberTraits {
        sensitive: _,
        idempotency_token: _,
        json_value,
        host_label,
        timestamp_format,
        json_name,
        xml_name: _,
        query_name: _,
        xml_attribute: _,
        xml_flattened: _,
        xml_namespace: _,
        element: _,
        key: _,
        value: _,
    } = &member.traits;
    let mut traits = Vec::new();
    if member.required {
        traits.push(quote!(required: true,));
    }
    if is_sensitive(member) {
        traits.push(quote!(sensitive: true,));
    }
    if is_idempotency_token(member) {
        traits.push(quote!(idempotency_token: true,));
    }
    if *json_value {
        traits.push(quote!(json_value: true,));
    }
    if *host_label {
        traits.push(quote!(host_label: true,));
    }
    if let Some(format) = timestamp_format {
        let format = match format {
            TimestampFormat::EpochSeconds => quote!(EpochSeconds),
            TimestampFormat::DateTime => quote!(DateTime),
            TimestampFormat::HttpDate => quote!(HttpDate),
        };
        traits.push(quote!(timestamp_format: ::std::option::Option::Some(
            ::sdk_runtime::schema::TimestampFormat::#format
        ),));
    }
    if let Some(key) = json_name {
        traits.push(quote!(json_name: ::std::option::Option::Some(#key),));
    }
    let traits = if traits.is_empty() {
        quote!(MemberTraits::NONE)
    } else {
        quote!(MemberTraits { #(#traits)* ..MemberTraits::NONE })
    };
    let name = member.wire_name();
    Ok(quote! {
        Member { name: #name, target: #target, location: #location, traits: #traits }
    })
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

/// `&p::STRING`, `&Name` or an inline list or map schema.
fn target(
    ctx: &Context<'_>,
    target: &TypeRef,
    referrer: &str,
    member: &Member,
) -> Result<TokenStream, EmitError> {
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
            let item = self::target(ctx, item, referrer, member)?;
            quote!(&Schema {
                name: "List",
                kind: ShapeKind::List,
                members: &[Member { name: "member", target: #item, location: Location::Body, traits: MemberTraits::NONE }],
                traits: ShapeTraits::NONE,
            })
        }
        TypeRef::Map { key, value } => {
            let key = self::target(ctx, key, referrer, member)?;
            let value = self::target(ctx, value, referrer, member)?;
            quote!(&Schema {
                name: "Map",
                kind: ShapeKind::Map,
                members: &[
                    Member { name: "key", target: #key, location: Location::Body, traits: MemberTraits::NONE },
                    Member { name: "value", target: #value, location: Location::Body, traits: MemberTraits::NONE },
                ],
                traits: ShapeTraits::NONE,
            })
        }
        TypeRef::Named { name } | TypeRef::EventStream { name } => {
            let name = ctx.schema_static(name, referrer, &member.source)?;
            quote!(&#name)
        }
    })
}
