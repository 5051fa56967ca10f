//! The Rust type of a model type reference.
//!
//! Generated code spells standard types by full path (`::std::string::String`) so that
//! a shape called `String`, `Option` or `Result` cannot shadow them; generated types
//! are named bare in their own module and by `crate::` path elsewhere.

use proc_macro2::TokenStream;
use quote::quote;

use super::layout::ModulePath;
use super::{Context, EmitError};
use crate::ir::{Location, Member, ShapeKind, SourceLoc, TypeRef, Width};

/// Where a type is written: the module it is written in, and who writes it (for errors).
#[derive(Clone, Copy)]
pub struct Site<'a> {
    /// The module the code goes in.
    pub module: &'a ModulePath,
    /// The operation or `Shape.member` the type belongs to.
    pub referrer: &'a str,
    /// Where that was documented.
    pub at: &'a SourceLoc,
}

/// True for a streaming blob that is its operation's payload (a REST body sent or read
/// as it is): a `sdk_runtime::wire::ByteStream` field that is never
/// `Option` (unset is an empty body). Elsewhere (awsJson) a streaming blob travels in
/// the body like any blob.
pub fn is_streaming_payload(member: &Member) -> bool {
    member.target == TypeRef::StreamingBlob && member.location == Location::Payload
}

/// The type of a member as declared: its target, boxed where the model says, wrapped in
/// `Option` unless required or a streaming payload.
pub fn member_type(
    ctx: &Context<'_>,
    member: &Member,
    module: &ModulePath,
    referrer: &str,
) -> Result<TokenStream, EmitError> {
    let inner = value_type(ctx, member, module, referrer)?;
    Ok(if member.required || is_streaming_payload(member) {
        inner
    } else {
        quote!(::std::option::Option<#inner>)
    })
}

/// The type of a member's value: its target, boxed where the model says.
pub fn value_type(
    ctx: &Context<'_>,
    member: &Member,
    module: &ModulePath,
    referrer: &str,
) -> Result<TokenStream, EmitError> {
    let target = target_type(ctx, member, module, referrer)?;
    Ok(if member.boxed {
        quote!(::std::boxed::Box<#target>)
    } else {
        target
    })
}

/// The type of a member's target, never boxed: what constructors and setters take.
pub fn target_type(
    ctx: &Context<'_>,
    member: &Member,
    module: &ModulePath,
    referrer: &str,
) -> Result<TokenStream, EmitError> {
    if is_streaming_payload(member) {
        return Ok(quote!(::sdk_runtime::wire::ByteStream));
    }
    let site = Site {
        module,
        referrer,
        at: &member.source,
    };
    rust_type(ctx, &member.target, site)
}

/// The Rust type of `target`. Maps are `BTreeMap`s: request bodies then serialize in
/// one order, so equal inputs give equal bytes (and equal signatures).
pub fn rust_type(
    ctx: &Context<'_>,
    target: &TypeRef,
    site: Site<'_>,
) -> Result<TokenStream, EmitError> {
    Ok(match target {
        TypeRef::String => quote!(::std::string::String),
        TypeRef::Boolean => quote!(bool),
        TypeRef::Integer { width: Width::W32 } => quote!(i32),
        TypeRef::Integer { .. } => quote!(i64),
        TypeRef::Float { width: Width::W32 } => quote!(f32),
        TypeRef::Float { .. } => quote!(f64),
        TypeRef::Timestamp => quote!(::sdk_runtime::DateTime),
        // Outside a REST payload a streaming blob travels base64 like any blob.
        TypeRef::Blob | TypeRef::StreamingBlob => quote!(::sdk_runtime::Blob),
        TypeRef::Document => quote!(::sdk_runtime::Document),
        TypeRef::List { member } => {
            let member = rust_type(ctx, member, site)?;
            quote!(::std::vec::Vec<#member>)
        }
        TypeRef::Map { key, value } => {
            let key = map_key(ctx, key, site)?;
            let value = rust_type(ctx, value, site)?;
            quote!(::std::collections::BTreeMap<#key, #value>)
        }
        TypeRef::Named { name } => ctx
            .shape(name, site.referrer, site.at)?
            .1
            .path_from(site.module),
        TypeRef::EventStream { name } => {
            return Err(EmitError::Unsupported {
                referrer: site.referrer.to_owned(),
                what: format!("the event stream of `{name}`"),
                at: site.at.clone(),
            })
        }
    })
}

/// Map keys travel as JSON object keys: strings or string enums.
fn map_key(ctx: &Context<'_>, key: &TypeRef, site: Site<'_>) -> Result<TokenStream, EmitError> {
    match key {
        TypeRef::String => Ok(quote!(::std::string::String)),
        TypeRef::Named { name } => {
            let (shape, placed) = ctx.shape(name, site.referrer, site.at)?;
            match shape.kind {
                ShapeKind::Enum { .. } => Ok(placed.path_from(site.module)),
                _ => Err(EmitError::WrongShapeKind {
                    name: name.clone(),
                    referrer: site.referrer.to_owned(),
                    expected: "a string enum as map key",
                    at: site.at.clone(),
                }),
            }
        }
        other => Err(EmitError::Unsupported {
            referrer: site.referrer.to_owned(),
            what: format!("a map keyed by {other:?}"),
            at: site.at.clone(),
        }),
    }
}

/// True when the Rust type of `target` implements `Default`, so that a required member
/// missing from a response can be read as its default rather than failing the call.
pub fn has_default(ctx: &Context<'_>, target: &TypeRef) -> bool {
    match target {
        TypeRef::Named { name } => match ctx.service.shapes.get(name).map(|s| &s.kind) {
            Some(ShapeKind::Structure { members } | ShapeKind::Error { members, .. }) => {
                members.iter().all(|m| !m.required)
            }
            _ => false,
        },
        TypeRef::EventStream { .. } => false,
        _ => true,
    }
}
