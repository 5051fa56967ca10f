//! String enums: a variant per documented value and `Unknown` keeping any other value,
//! so that values a newer API sends round-trip instead of failing the call.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::layout::Placed;
use crate::ident::{self, Scope};
use crate::ir::Shape;

/// The enum, its conversions to and from the wire string, its glue and (feature
/// `serde`) its serde impls.
pub fn emit(shape: &Shape, values: &[String], placed: &Placed) -> TokenStream {
    let name = placed.ident();
    let doc = docs::attrs(&docs::foreign_or(&shape.docs, || {
        format!("The values of `{}`.", shape.name)
    }));
    let (values, variants): (Vec<&String>, Vec<_>) = variant_names(values)
        .into_iter()
        .map(|(value, variant)| (value, ident::to_ident(&variant)))
        .unzip();
    let variant_docs = values.iter().map(|value| {
        if value.is_empty() {
            " The empty string.".to_owned()
        } else {
            format!(" {}", docs::code(value))
        }
    });
    let unknown = ident::to_ident(ident::UNKNOWN_VARIANT);
    let glue = super::glue::enumeration(&name);
    let deprecated = shape
        .deprecated
        .as_ref()
        .map(|note| docs::attrs(&format!("\n**Deprecated:** {}", docs::foreign(note))));
    quote! {
        #doc
        #deprecated
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(
                #[doc = #variant_docs]
                #variants,
            )*
            /// A value not documented when this crate was generated, kept as sent.
            #unknown(::sdk_runtime::protocol::UnknownValue),
        }

        impl #name {
            /// The documented values, in documented order.
            pub const VALUES: &'static [&'static str] = &[#(#values),*];

            /// The value as it travels on the wire.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #values,)*
                    Self::#unknown(value) => value.as_str(),
                }
            }
        }

        impl ::std::convert::From<&str> for #name {
            #[inline]
            fn from(value: &str) -> Self {
                match value {
                    #(#values => Self::#variants,)*
                    other => Self::#unknown(::sdk_runtime::protocol::UnknownValue::new(other)),
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            #[inline]
            fn from_str(value: &str) -> ::std::result::Result<Self, ::std::convert::Infallible> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for #name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #glue

        #[cfg(feature = "serde")]
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #[cfg(feature = "serde")]
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(value.as_str()))
            }
        }
    }
}

/// Each distinct value with the name of its variant, in documented order.
pub fn variant_names(values: &[String]) -> Vec<(&String, String)> {
    let mut scope = Scope::pascal();
    scope.reserve([ident::UNKNOWN_VARIANT]);
    let mut seen = std::collections::BTreeSet::new();
    values
        .iter()
        .filter(|v| seen.insert(*v))
        .map(|value| (value, scope.claim(ident::variant_name(value))))
        .collect()
}
