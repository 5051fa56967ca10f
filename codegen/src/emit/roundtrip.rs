//! `tests/syntax_roundtrip.rs` of the generated crate: every documented Request Syntax
//! and Response Syntax skeleton reads into the operation's input and output types and
//! writes back as the same JSON. It lives in the generated crate, so users never
//! compile it, and proves the types match the docs member by member.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::files::format_file;
use super::{Context, EmitError};
use crate::ident;

/// The test file; one test per operation that has at least one skeleton.
pub fn render(ctx: &Context<'_>, crate_name: &str, header: &str) -> Result<String, EmitError> {
    let lib = ident::to_ident(&ident::module_name(&crate_name.replace('-', "_")));
    let mut tests = Vec::new();
    for op in ctx.service.operations.values() {
        let Some(names) = ctx.layout.operation(&op.name) else {
            continue;
        };
        let mut checks = Vec::new();
        for (shape, sample) in [
            (&op.input, &op.syntax.request),
            (&op.output, &op.syntax.response),
        ] {
            let Some(sample) = sample else { continue };
            let (_, placed) = ctx.shape(shape, &op.name, &op.source)?;
            let ty = placed.module.item_path_from(quote!(#lib), &placed.name);
            let json = raw_string(&sample.to_string());
            checks.push(quote!(support::round_trip::<#ty>(#json);));
        }
        if checks.is_empty() {
            continue;
        }
        let test = ident::to_ident(names.module.0.last().map_or("operation", String::as_str));
        tests.push(quote! {
            #[test]
            fn #test() {
                #(#checks)*
            }
        });
    }
    let tokens = quote! {
        //! Every operation's documented Request Syntax and Response Syntax skeleton, as
        //! JSON with wire names, reads into its input and output types and writes back
        //! unchanged.

        mod support {
            /// Reads `json` as a `T` and checks that it writes back as the same JSON.
            pub fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned>(json: &str) {
                let name = std::any::type_name::<T>();
                let expected: serde_json::Value =
                    serde_json::from_str(json).expect("the skeleton is JSON");
                let value: T = serde_json::from_value(expected.clone())
                    .unwrap_or_else(|e| panic!("{name} does not read its skeleton: {e}"));
                let written = serde_json::to_value(&value)
                    .unwrap_or_else(|e| panic!("{name} does not write: {e}"));
                assert_eq!(written, expected, "{name} does not write back its skeleton");
            }
        }

        #(#tests)*
    };
    format_file("tests/syntax_roundtrip.rs", header, tokens)
}

/// `text` as a raw string literal with enough `#`s, for readable JSON in the test.
fn raw_string(text: &str) -> TokenStream {
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    match format!("r{hashes}\"{text}\"{hashes}").parse::<Literal>() {
        Ok(literal) => quote!(#literal),
        Err(_) => {
            let literal = Literal::string(text);
            quote!(#literal)
        }
    }
}
