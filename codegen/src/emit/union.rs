//! Unions: a Rust enum with one variant per member, externally tagged by the member's
//! wire name, and `Unknown` for members a newer API sends.

use proc_macro2::TokenStream;
use quote::quote;

use super::layout::Placed;
use super::{docs, rust_type, Context, EmitError};
use crate::ident::{self, Scope};
use crate::ir::{Member, Shape};

/// The enum, its derived `Serialize` and a `Deserialize` that reads the one set member
/// through the runtime. Large variants are allowed: boxing them would cost every caller
/// a dereference for a one-off size saving.
pub fn emit(
    ctx: &Context<'_>,
    shape: &Shape,
    members: &[Member],
    placed: &Placed,
) -> Result<TokenStream, EmitError> {
    let name = placed.ident();
    let doc = docs::attrs(&docs::foreign_or(&shape.docs, || {
        format!("The `{}` union: exactly one member is set.", shape.name)
    }));
    let mut scope = Scope::pascal();
    scope.reserve([ident::UNKNOWN_VARIANT]);
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    for member in members {
        let variant = ident::to_ident(&scope.claim(ident::variant_name(&member.name)));
        let referrer = format!("{}.{}", shape.name, member.name);
        let ty = rust_type::value_type(ctx, member, &placed.module, &referrer)?;
        let wire = &member.name;
        let member_doc = docs::attrs(&docs::foreign_or(&member.docs, || {
            format!("The `{wire}` member.")
        }));
        variants.push(quote! {
            #member_doc
            #[serde(rename = #wire)]
            #variant(#ty),
        });
        arms.push(quote! {
            #wire => ::sdk_runtime::protocol::json::union_value(value).map(Self::#variant),
        });
    }
    let unknown = ident::to_ident(ident::UNKNOWN_VARIANT);
    let body = if arms.is_empty() {
        quote! {
            ::sdk_runtime::protocol::json::union_member(deserializer)?;
            ::std::result::Result::Ok(Self::#unknown)
        }
    } else {
        quote! {
            let (member, value) = ::sdk_runtime::protocol::json::union_member(deserializer)?;
            match member.as_str() {
                #(#arms)*
                _ => ::std::result::Result::Ok(Self::#unknown),
            }
        }
    };
    Ok(quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, ::serde::Serialize)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            /// A member not documented when this crate was generated (cannot be sent).
            #[serde(skip_serializing)]
            #unknown,
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                #body
            }
        }
    })
}
