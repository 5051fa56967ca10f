//! Unions: a Rust enum with one variant per member and `Unknown` for members a newer
//! API sends; with the `serde` feature, externally tagged by the member's wire name.

use proc_macro2::TokenStream;
use quote::quote;

use super::layout::Placed;
use super::{docs, glue, rust_type, schema, Context, EmitError};
use crate::ident::{self, Scope};
use crate::ir::{Member, Shape};

/// The enum and its glue. Large variants are allowed: boxing them would cost every
/// caller a dereference for a one-off size saving.
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
    let mut idents = Vec::new();
    let mut sensitive = Vec::new();
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
            #[cfg_attr(feature = "serde", serde(rename = #wire))]
            #variant(#ty),
        });
        sensitive.push(schema::is_sensitive(member));
        idents.push(variant);
    }
    let unknown = ident::to_ident(ident::UNKNOWN_VARIANT);
    let any_sensitive = sensitive.iter().any(|s| *s);
    let debug = (!any_sensitive).then(|| quote!(Debug,));
    let redacted = any_sensitive.then(|| {
        let arms = idents.iter().zip(&sensitive).map(|(v, s)| {
            let label = v.to_string();
            if *s {
                quote!(Self::#v(_) => f.debug_tuple(#label).field(&"*** Sensitive Data Redacted ***").finish(),)
            } else {
                quote!(Self::#v(value) => f.debug_tuple(#label).field(value).finish(),)
            }
        });
        let unknown_label = ident::UNKNOWN_VARIANT;
        quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    match self {
                        #(#arms)*
                        Self::#unknown => f.write_str(#unknown_label),
                    }
                }
            }
        }
    });
    let glue = glue::union(ctx, shape, &name, &idents)?;
    Ok(quote! {
        #doc
        #[derive(Clone, #debug PartialEq)]
        #[cfg_attr(feature = "serde", derive(::serde::Serialize, ::serde::Deserialize))]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            /// A member not documented when this crate was generated (cannot be sent).
            #[cfg_attr(feature = "serde", serde(skip))]
            #unknown,
        }

        #redacted
        #glue
    })
}
