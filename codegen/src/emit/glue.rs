//! The glue between generated types and their schemas: `WriteStruct`/`WriteValue` hand
//! a value's set members to a codec by index, `ReadValue` builds a value from the
//! members a codec finds, and enums travel as their wire strings (`MapKey` too).
//!
//! Each impl is one small non-generic function per shape: the codecs, written once in
//! the runtime, do the rest. Every glue function is `#[inline]`, so that it is compiled
//! in the app for the operations the app calls, not in the SDK crate for every shape:
//! in a debug build of an app on Lambda that halves the crate's code generation.

use proc_macro2::TokenStream;
use quote::quote;

use super::layout::Placed;
use super::structure::Field;
use super::{rust_type, Context, EmitError};
use crate::ident;
use crate::ir::Shape;

/// The runtime's schema module, as generated code names it.
fn rt() -> TokenStream {
    quote!(::sdk_runtime::schema)
}

/// `WriteStruct`, `WriteValue` and `ReadValue` of a structure or error shape. A
/// required member absent from a response reads as its type's default where it has
/// one; otherwise the read fails, naming the member (the type cannot be built
/// without it).
pub fn structure(
    ctx: &Context<'_>,
    shape: &Shape,
    fields: &[Field<'_>],
    placed: &Placed,
    is_output: bool,
) -> Result<TokenStream, EmitError> {
    let rt = rt();
    let name = placed.ident();
    let schema = ctx.schema_path(&shape.name, &shape.name, &shape.source)?;
    let mut writes = Vec::new();
    let mut decls = Vec::new();
    let mut arms = Vec::new();
    let mut in_place_arms = Vec::new();
    let mut inits = Vec::new();
    for (index, field) in fields.iter().enumerate() {
        let member = field.member;
        let f = ident::to_ident(&field.name);
        let var = quote::format_ident!("m{index}");
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        let referrer = format!("{}.{}", shape.name, member.name);
        let ty = rust_type::value_type(ctx, member, &placed.module, &referrer)?;
        let streaming = rust_type::is_streaming_payload(member);
        // Members are written in schema order, so a member's index is its place here.
        writes.push(if streaming {
            // An empty payload sends the body an unset one does; left out, a value without
            // one has no such member in its JSON (the docs' skeletons show none, even for
            // a required body).
            quote! {
                if self.#f.is_empty() {
                    ::std::option::Option::None
                } else {
                    #rt::set(&self.#f)
                }
            }
        } else if member.required {
            quote!(#rt::set(&self.#f))
        } else {
            quote!(#rt::optional(&self.#f))
        });
        decls.push(quote!(let mut #var: ::std::option::Option<#ty> = ::std::option::Option::None;));
        arms.push((index.clone(), quote!(#rt::read_some(r, &mut #var))));
        in_place_arms.push((
            index,
            if streaming {
                quote!(#rt::ReadValue::read_into(r, &mut out.#f))
            } else {
                quote!(#rt::read_some(r, &mut out.#f))
            },
        ));
        inits.push(if streaming {
            quote!(#f: #var.unwrap_or_default(),)
        } else if !member.required {
            quote!(#f: #var,)
        } else if rust_type::has_default(ctx, &member.target) {
            quote!(#f: #var.unwrap_or_default(),)
        } else {
            let wire = &member.name;
            let reason = format!("`{}` lacks its required member `{wire}`", shape.name);
            quote!(#f: #var.ok_or_else(|| #rt::ReadError::new(#reason))?,)
        });
    }
    if is_output {
        inits.push(quote!(_response: ::std::default::Default::default(),));
    }
    let (w, write_body) = if writes.is_empty() {
        (quote!(_w), quote!(::std::result::Result::Ok(())))
    } else {
        (quote!(w), quote!(#rt::write_members(w, &[#(#writes),*])))
    };
    // With every member optional, the value starts as its `Default` (every member
    // unset) and is read in place (in a list or map, where the element stays); the
    // trait's `read_value` reads into a fresh one.
    let in_place = fields.iter().all(|f| !f.member.required);
    let read = if in_place {
        // One capture of the whole output rather than one per member field (edition
        // 2021 closures capture each field used apart): fewer pointers to build per value.
        let capture = (in_place_arms.len() > 1).then(|| quote!(let out = &mut *out;));
        let reader = member_reader(&schema, &in_place_arms, capture);
        let out = if in_place_arms.is_empty() {
            quote!(_out)
        } else {
            quote!(out)
        };
        quote! {
            #[inline]
            fn unset() -> ::std::option::Option<Self> {
                ::std::option::Option::Some(::std::default::Default::default())
            }
            #[inline]
            fn read_into(r: &mut dyn #rt::ValueReader, #out: &mut Self) -> ::std::result::Result<(), #rt::ReadError> {
                #reader
            }
        }
    } else {
        let reader = member_reader(&schema, &arms, None);
        quote! {
            #[inline]
            fn read_value(r: &mut dyn #rt::ValueReader) -> ::std::result::Result<Self, #rt::ReadError> {
                #(#decls)*
                #reader?;
                ::std::result::Result::Ok(Self { #(#inits)* })
            }
        }
    };
    let allow = allow_deprecated(fields);
    Ok(quote! {
        #allow
        impl #rt::WriteStruct for #name {
            #[inline]
            fn schema(&self) -> &'static #rt::Schema {
                &#schema
            }
            #[inline]
            fn write_members(&self, #w: &mut dyn #rt::MemberWriter) -> ::std::result::Result<(), #rt::WriteError> {
                #write_body
            }
        }
        #allow
        impl #rt::ReadValue for #name {
            #read
        }
        impl #rt::WriteValue for #name {
            #[inline]
            fn write_value(&self, w: &mut dyn #rt::ValueWriter) -> ::std::result::Result<(), #rt::WriteError> {
                w.structure(self)
            }
        }
    })
}

/// `r.structure(...)` of a structure's schema, with one arm per member read (by its
/// index), each a call giving the closure's result; the caller adds the `?` where it
/// needs one. `prelude` opens the closure's body.
fn member_reader(
    schema: &TokenStream,
    arms: &[(proc_macro2::Literal, TokenStream)],
    prelude: Option<TokenStream>,
) -> TokenStream {
    if arms.is_empty() {
        quote!(r.structure(&#schema, &mut |_, _| ::std::result::Result::Ok(())))
    } else {
        let arms = arms.iter().map(|(index, read)| quote!(#index => #read,));
        let body = quote! {
            match index {
                #(#arms)*
                _ => ::std::result::Result::Ok(()),
            }
        };
        match prelude {
            Some(prelude) => quote!(r.structure(&#schema, &mut |index, r| { #prelude #body })),
            None => quote!(r.structure(&#schema, &mut |index, r| #body)),
        }
    }
}

/// The glue of a union: its one member by index; `Unknown` cannot be sent, and is what
/// a response holding only members this crate does not know reads as.
pub fn union(
    ctx: &Context<'_>,
    shape: &Shape,
    name: &proc_macro2::Ident,
    variants: &[proc_macro2::Ident],
) -> Result<TokenStream, EmitError> {
    let rt = rt();
    let schema = ctx.schema_path(&shape.name, &shape.name, &shape.source)?;
    let unknown = ident::to_ident(ident::UNKNOWN_VARIANT);
    let names = variants;
    let indices: Vec<_> = (0..variants.len())
        .map(proc_macro2::Literal::usize_unsuffixed)
        .collect();
    let cannot_send = format!(
        "the `{}` variant is a member unknown to this crate and cannot be sent",
        ident::UNKNOWN_VARIANT
    );
    let two = format!("union `{}` sets more than one member", shape.name);
    let wire = &shape.name;
    Ok(quote! {
        impl #rt::WriteStruct for #name {
            #[inline]
            fn schema(&self) -> &'static #rt::Schema {
                &#schema
            }
            #[inline]
            fn write_members(&self, w: &mut dyn #rt::MemberWriter) -> ::std::result::Result<(), #rt::WriteError> {
                match self {
                    #(Self::#names(value) => w.member(#indices, value),)*
                    Self::#unknown => ::std::result::Result::Err(#rt::WriteError {
                        member: #wire,
                        reason: ::std::string::String::from(#cannot_send),
                    }),
                }
            }
        }
        impl #rt::ReadValue for #name {
            #[inline]
            fn read_value(r: &mut dyn #rt::ValueReader) -> ::std::result::Result<Self, #rt::ReadError> {
                let mut value = ::std::option::Option::None;
                r.structure(&#schema, &mut |index, r| {
                    if value.is_some() {
                        return ::std::result::Result::Err(#rt::ReadError::new(#two));
                    }
                    value = ::std::option::Option::Some(match index {
                        #(#indices => Self::#names(#rt::ReadValue::read_value(r)?),)*
                        _ => Self::#unknown,
                    });
                    ::std::result::Result::Ok(())
                })?;
                ::std::result::Result::Ok(value.unwrap_or(Self::#unknown))
            }
        }
        impl #rt::WriteValue for #name {
            #[inline]
            fn write_value(&self, w: &mut dyn #rt::ValueWriter) -> ::std::result::Result<(), #rt::WriteError> {
                w.structure(self)
            }
        }
    })
}

/// The glue of a string enum: its wire string, as value and as map key.
pub fn enumeration(name: &proc_macro2::Ident) -> TokenStream {
    let rt = rt();
    quote! {
        impl #rt::WriteValue for #name {
            #[inline]
            fn write_value(&self, w: &mut dyn #rt::ValueWriter) -> ::std::result::Result<(), #rt::WriteError> {
                w.string(self.as_str())
            }
        }
        impl #rt::ReadValue for #name {
            #[inline]
            fn read_value(r: &mut dyn #rt::ValueReader) -> ::std::result::Result<Self, #rt::ReadError> {
                r.string().map(|value| Self::from(value.as_str()))
            }
        }
        impl #rt::MapKey for #name {
            #[inline]
            fn as_key(&self) -> &str {
                self.as_str()
            }
            #[inline]
            fn from_key(key: ::std::string::String) -> Self {
                Self::from(key.as_str())
            }
        }
    }
}

fn allow_deprecated(fields: &[Field<'_>]) -> Option<TokenStream> {
    fields
        .iter()
        .any(|f| f.member.deprecated.is_some())
        .then(|| quote!(#[allow(deprecated)]))
}
