//! Structures and error shapes: a `#[non_exhaustive]` struct with public fields, a
//! `new` taking the required members and a chainable setter per optional member.
//!
//! ```text
//! CreateRemoteAccessSessionInput::new(project_arn, device_arn).name("x")
//! ```

use proc_macro2::TokenStream;
use quote::quote;

use super::files::{ListOf, Modules};
use super::layout::{ModulePath, Placed};
use super::{docs, glue, rust_type, schema, Context, EmitError};
use crate::ident::{self, Scope};
use crate::ir::{Member, Shape, ShapeKind};

/// A member with the names the emitters gave it.
pub struct Field<'m> {
    /// The member.
    pub member: &'m Member,
    /// Its field (and setter) name.
    pub name: String,
}

/// The fields of a structure, named once per structure in documented order.
pub fn fields(members: &[Member]) -> Vec<Field<'_>> {
    let mut scope = Scope::snake();
    members
        .iter()
        .map(|member| Field {
            member,
            name: scope.claim(ident::field_name(&member.name)),
        })
        .collect()
}

/// Adds the struct of a structure or error shape and its `impl` to its module. Fields
/// and setters are made as they are formatted ([`Modules::add_with_list`]).
pub fn emit(
    ctx: &Context<'_>,
    shape: &Shape,
    members: &[Member],
    placed: &Placed,
    is_output: bool,
    modules: &mut Modules,
) -> Result<(), EmitError> {
    let fields = fields(members);
    let is_error = matches!(shape.kind, ShapeKind::Error { .. });
    let name = placed.ident();
    let doc = docs::attrs(&shape_docs(shape));
    let all_optional = members.iter().all(|m| !m.required);
    let default = all_optional.then(|| quote!(Default,));
    let declared = fields
        .iter()
        .map(|f| field_decl(ctx, shape, f, &placed.module, is_error, is_output))
        .chain(is_output.then(|| Ok(response_field())));
    // Sensitive members print redacted, so such a structure writes its own `Debug`.
    let sensitive = fields.iter().any(|f| schema::is_sensitive(f.member));
    let debug = (!sensitive).then(|| quote!(Debug,));
    modules.add_with_list(&placed.module, ListOf::Fields, declared, |declared| {
        quote! {
            #doc
            #[derive(Clone, #debug #default PartialEq)]
            #[cfg_attr(feature = "serde", derive(::serde::Serialize, ::serde::Deserialize))]
            #[non_exhaustive]
            pub struct #name {
                #declared
            }
        }
    })?;
    if sensitive {
        modules.add_item(&placed.module, redacted_debug(&name, &fields, is_output))?;
    }
    let glue = glue::structure(ctx, shape, &fields, placed, is_output)?;
    modules.add_item(&placed.module, glue)?;
    let constructor = constructor(ctx, shape, &fields, &placed.module, all_optional, is_output)?;
    let setters = fields
        .iter()
        .filter(|f| !f.member.required)
        .map(|f| setter(ctx, shape, f, &placed.module));
    let allow_deprecated = members
        .iter()
        .any(|m| m.deprecated.is_some())
        .then(|| quote!(#[allow(deprecated)]));
    let items = std::iter::once(Ok(constructor)).chain(setters);
    let request_id = is_output.then(|| request_id_impls(&name));
    modules.add_with_list(&placed.module, ListOf::ImplItems, items, |items| {
        quote! {
            #allow_deprecated
            impl #name {
                #items
            }
            #request_id
        }
    })
}

/// The hidden field of an output that keeps its response's request id. Named with a
/// leading underscore, which no member's field name has; serde skips it.
fn response_field() -> TokenStream {
    quote! {
        #[cfg_attr(feature = "serde", serde(skip))]
        _response: ::sdk_runtime::request_id::ResponseMetadata,
    }
}

/// `output.request_id()`, and the hook the runtime fills it through.
fn request_id_impls(name: &proc_macro2::Ident) -> TokenStream {
    quote! {
        impl ::sdk_runtime::RequestId for #name {
            #[inline]
            fn request_id(&self) -> ::std::option::Option<&str> {
                self._response.request_id()
            }
        }
        impl ::sdk_runtime::request_id::SetRequestId for #name {
            #[inline]
            fn set_request_id(&mut self, request_id: ::std::option::Option<&str>) {
                self._response.set_request_id(request_id);
            }
        }
    }
}

/// The docs of a shape, with its deprecation and documented HTTP status.
fn shape_docs(shape: &Shape) -> String {
    let Shape {
        name,
        docs,
        kind,
        deprecated,
        source: _,
        naming: _,
        traits: _,
    } = shape;
    let mut text = docs::foreign_or(docs, || match kind {
        ShapeKind::Error { .. } => format!("The `{name}` error."),
        _ => format!("The `{name}` structure."),
    });
    if let ShapeKind::Error {
        http_status: Some(status),
        ..
    } = kind
    {
        text.push_str(&format!("\n\nHTTP status: {status}."));
    }
    if let Some(note) = deprecated {
        text.push_str(&format!("\n\n**Deprecated:** {}", docs::foreign(note)));
    }
    text
}

/// A field with its docs and serde attributes.
fn field_decl(
    ctx: &Context<'_>,
    shape: &Shape,
    field: &Field<'_>,
    module: &ModulePath,
    is_error: bool,
    is_output: bool,
) -> Result<TokenStream, EmitError> {
    let Member {
        name: wire,
        target,
        required,
        docs: member_docs,
        boxed: _,
        deprecated,
        constraints: _,
        location: _,
        wire_name: _,
        traits: _,
        source: _,
    } = field.member;
    let referrer = format!("{}.{}", shape.name, wire);
    let ty = rust_type::member_type(ctx, field.member, module, &referrer)?;
    let name = ident::to_ident(&field.name);
    let mut text = docs::foreign_or(member_docs, || format!("The `{wire}` member."));
    let streaming = rust_type::is_streaming_payload(field.member);
    if streaming {
        text.push_str("\n\n");
        text.push_str(streaming_docs(is_output));
    }
    let doc = docs::attrs(&text);
    let mut serde_args = Vec::new();
    if streaming {
        // A body being sent or read has no serde form.
        serde_args.push(quote!(skip));
    } else {
        if field.name.trim_start_matches("r#") != wire {
            serde_args.push(quote!(rename = #wire));
        }
        if is_error {
            if let Some(alias) = message_alias(wire, shape) {
                serde_args.push(quote!(alias = #alias));
            }
        }
        if !required {
            serde_args.push(quote!(
                skip_serializing_if = "::std::option::Option::is_none"
            ));
        } else if rust_type::has_default(ctx, target) {
            serde_args.push(quote!(default));
        }
    }
    let serde = (!serde_args.is_empty())
        .then(|| quote!(#[cfg_attr(feature = "serde", serde(#(#serde_args),*))]));
    let deprecated = deprecated
        .as_ref()
        .map(|note| quote!(#[deprecated(note = #note)]));
    Ok(quote! {
        #doc
        #serde
        #deprecated
        pub #name: #ty,
    })
}

/// How to give a streaming payload (`is_output` false) or read one.
pub fn streaming_docs(is_output: bool) -> &'static str {
    if is_output {
        "The response body, handed over as it arrives and not yet read: read it with \
         [`collect`](sdk_runtime::wire::ByteStream::collect) (into memory, up to a limit \
         you choose), [`next`](sdk_runtime::wire::ByteStream::next) (piece by piece) or \
         [`into_async_read`](sdk_runtime::wire::ByteStream::into_async_read) (tokio's \
         `AsyncRead`, e.g. `tokio::io::copy` into a file)."
    } else {
        "The request body: bytes (`Vec<u8>`, `&'static [u8]`, `&'static str`), a file \
         ([`ByteStream::from_path`](sdk_runtime::wire::ByteStream::from_path)) or any \
         stream ([`ByteStream::from_stream`](sdk_runtime::wire::ByteStream::from_stream), \
         [`ByteStream::from_async_read`](sdk_runtime::wire::ByteStream::from_async_read)). \
         A file or a stream is sent as it is read, never held in memory whole; unset, the \
         body is empty."
    }
}

/// `Debug` as derived, but with sensitive members shown as aws-sdk-rust shows them.
/// An output shows its hidden request id too, as the derived `Debug` does: logs name the
/// request to quote to AWS support.
pub fn redacted_debug(
    name: &proc_macro2::Ident,
    fields: &[Field<'_>],
    is_output: bool,
) -> TokenStream {
    let wire = name.to_string();
    let shown = fields.iter().map(|f| {
        let field = ident::to_ident(&f.name);
        let label = f.name.trim_start_matches("r#");
        if schema::is_sensitive(f.member) {
            quote!(.field(#label, &"*** Sensitive Data Redacted ***"))
        } else {
            quote!(.field(#label, &self.#field))
        }
    });
    let response = is_output.then(|| quote!(.field("_response", &self._response)));
    let allow = fields
        .iter()
        .any(|f| f.member.deprecated.is_some())
        .then(|| quote!(#[allow(deprecated)]));
    quote! {
        #allow
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#wire)
                    #(#shown)*
                    #response
                    .finish()
            }
        }
    }
}

/// Services disagree on the casing of `message` in error bodies; the other casing is
/// accepted too unless another member already uses it.
fn message_alias(wire: &str, shape: &Shape) -> Option<&'static str> {
    let alias = match wire {
        "message" => "Message",
        "Message" => "message",
        _ => return None,
    };
    let taken = shape.kind.members().iter().any(|m| m.name == alias);
    (!taken).then_some(alias)
}

/// `new(required...)`; with no required members, `new()` alongside `Default`.
fn constructor(
    ctx: &Context<'_>,
    shape: &Shape,
    fields: &[Field<'_>],
    module: &ModulePath,
    all_optional: bool,
    is_output: bool,
) -> Result<TokenStream, EmitError> {
    if all_optional {
        let doc = format!(" An empty `{}`: every member unset.", shape.name);
        // Inline, as the glue: compiled where it is called, not in every build of
        // the crate for every structure.
        return Ok(quote! {
            #[doc = #doc]
            #[inline]
            pub fn new() -> Self {
                Self::default()
            }
        });
    }
    let mut params = Vec::new();
    let mut inits = Vec::new();
    for field in fields {
        let name = ident::to_ident(&field.name);
        if field.member.required {
            let referrer = format!("{}.{}", shape.name, field.member.name);
            let target = rust_type::target_type(ctx, field.member, module, &referrer)?;
            params.push(quote!(#name: impl ::std::convert::Into<#target>));
            inits.push(if field.member.boxed {
                quote!(#name: ::std::boxed::Box::new(#name.into()))
            } else {
                quote!(#name: #name.into())
            });
        } else if rust_type::is_streaming_payload(field.member) {
            inits.push(quote!(#name: ::std::default::Default::default()));
        } else {
            inits.push(quote!(#name: ::std::option::Option::None));
        }
    }
    if is_output {
        inits.push(quote!(_response: ::std::default::Default::default()));
    }
    let allow = (params.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let doc = format!(
        " A `{}` from its required members; optional members start unset.",
        shape.name
    );
    Ok(quote! {
        #[doc = #doc]
        #allow
        pub fn new(#(#params),*) -> Self {
            Self { #(#inits),* }
        }
    })
}

/// A chainable setter of an optional member.
fn setter(
    ctx: &Context<'_>,
    shape: &Shape,
    field: &Field<'_>,
    module: &ModulePath,
) -> Result<TokenStream, EmitError> {
    let member = field.member;
    let referrer = format!("{}.{}", shape.name, member.name);
    let target = rust_type::target_type(ctx, member, module, &referrer)?;
    let name = ident::to_ident(&field.name);
    let value = if member.boxed {
        quote!(::std::option::Option::Some(::std::boxed::Box::new(
            value.into()
        )))
    } else if rust_type::is_streaming_payload(member) {
        quote!(value.into())
    } else {
        quote!(::std::option::Option::Some(value.into()))
    };
    let doc = format!(" Sets `{}`.", member.name);
    let allow = setter_allows(&field.name);
    Ok(quote! {
        #[doc = #doc]
        #allow
        pub fn #name(mut self, value: impl ::std::convert::Into<#target>) -> Self {
            self.#name = #value;
            self
        }
    })
}

/// Setters take `self` by value whatever their name: clippy expects `is_`/`to_`/...
/// methods to borrow, and `add(self, value) -> Self` to be `std::ops::Add`.
pub fn setter_allows(name: &str) -> Option<TokenStream> {
    const OPERATOR_METHODS: &[&str] = &[
        "add", "bitand", "bitor", "bitxor", "div", "mul", "rem", "shl", "shr", "sub",
    ];
    let name = name.trim_start_matches("r#");
    if ["as_", "from_", "into_", "is_", "to_"]
        .iter()
        .any(|prefix| name.starts_with(prefix))
    {
        Some(quote!(#[allow(clippy::wrong_self_convention)]))
    } else if OPERATOR_METHODS.contains(&name) {
        Some(quote!(#[allow(clippy::should_implement_trait)]))
    } else {
        None
    }
}
