//! `tests/syntax_roundtrip.rs` of the generated crate: every documented Request Syntax
//! and Response Syntax skeleton reads into the operation's input and output types and
//! writes back as the same JSON through the runtime's JSON codec (with one member per
//! union: the docs show them all).
//! It lives in the generated crate, so users never compile it, and proves the types
//! match the docs member by member.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::{Map, Value};

use super::files::format_file;
use super::{Context, EmitError};
use crate::ident;
use crate::ir::{Service, ShapeKind, TypeRef};

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
            let target = TypeRef::Named {
                name: shape.clone(),
            };
            let json = raw_string(&one_member_per_union(ctx.service, &target, sample).to_string());
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
    let support = support(!tests.is_empty());
    let tokens = quote! {
        //! Every operation's documented Request Syntax and Response Syntax skeleton, as
        //! JSON with wire names, reads into its input and output types and writes back
        //! unchanged.

        #support
        #(#tests)*
    };
    format_file("tests/syntax_roundtrip.rs", header, tokens)
}

/// The helper the tests call; nothing when there is no test to call it.
fn support(used: bool) -> TokenStream {
    if !used {
        return TokenStream::new();
    }
    quote! {
        mod support {
            use sdk_runtime::codec::json::{self, JsonOptions};
            use sdk_runtime::schema::{ReadValue, WriteStruct};

            /// Reads `json` as a `T` through the runtime's JSON codec and checks that it
            /// writes back as the same JSON.
            pub fn round_trip<T: ReadValue + WriteStruct>(json: &str) {
                let name = std::any::type_name::<T>();
                let expected: serde_json::Value =
                    serde_json::from_str(json).expect("the skeleton is JSON");
                let value: T = json::read_body(json.as_bytes(), false, |r| T::read_value(r))
                    .unwrap_or_else(|e| panic!("{name} does not read its skeleton: {e}"));
                // The skeletons show every instant as epoch seconds, whatever format
                // the protocol sends it in (S3's headers as HTTP dates).
                let options = JsonOptions {
                    epoch_timestamps: true,
                    ..JsonOptions::default()
                };
                let written = json::write_struct(&value, options)
                    .unwrap_or_else(|e| panic!("{name} does not write: {e}"));
                let written: serde_json::Value =
                    serde_json::from_slice(&written).expect("the codec writes JSON");
                assert_eq!(written, expected, "{name} does not write back its skeleton");
            }
        }
    }
}

/// `sample` as a value of `target`: a union keeps only the first of its members (in
/// documented order) that the sample sets. boto3's syntax skeletons print every member
/// of a union, but a union value sets exactly one. Keys become wire names.
fn one_member_per_union(service: &Service, target: &TypeRef, sample: &Value) -> Value {
    let fit = |target: &TypeRef, value: &Value| one_member_per_union(service, target, value);
    match (target, sample) {
        (TypeRef::List { member }, Value::Array(items)) => {
            Value::Array(items.iter().map(|item| fit(member, item)).collect())
        }
        (TypeRef::Map { value, .. }, Value::Object(entries)) => Value::Object(
            entries
                .iter()
                .map(|(key, item)| (key.clone(), fit(value, item)))
                .collect(),
        ),
        (TypeRef::Named { .. }, Value::Object(entries)) => {
            let Some(shape) = service.shape(target) else {
                return sample.clone();
            };
            let union = matches!(shape.kind, ShapeKind::Union { .. });
            let mut object = Map::new();
            for member in shape.kind.members() {
                if let Some(value) = entries.get(&member.name) {
                    // The codec reads and writes the wire name (logs `fromTime` is `from`).
                    object.insert(member.wire_name().to_owned(), fit(&member.target, value));
                    if union {
                        break;
                    }
                }
            }
            if union && !object.is_empty() {
                return Value::Object(object);
            }
            // Keys the model does not know stay, for the round trip to report.
            let members = shape.kind.members();
            for (key, value) in entries {
                if !members.iter().any(|member| &member.name == key) {
                    object.entry(key.clone()).or_insert_with(|| value.clone());
                }
            }
            Value::Object(object)
        }
        _ => sample.clone(),
    }
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
