//! Paginators: the runtime's `Paginate` implemented on an operation's marker type,
//! saying which members carry the token, the page size and the results.

use proc_macro2::TokenStream;
use quote::quote;

use super::layout::ModulePath;
use super::rust_type::{self, Site};
use super::structure::{fields, Field};
use super::{Context, EmitError};
use crate::ident;
use crate::ir::{Paginator, TypeRef, Width};

/// The `Paginate` impl of `paginator` and the module it goes in (the operation's).
pub fn emit(
    ctx: &Context<'_>,
    paginator: &Paginator,
) -> Result<(ModulePath, TokenStream), EmitError> {
    let Paginator {
        operation,
        input_token,
        output_token,
        limit_key,
        result_key,
        source,
    } = paginator;
    let fail = |reason: String| EmitError::Paginator {
        operation: operation.clone(),
        reason,
        at: source.clone(),
    };
    let op = ctx
        .service
        .operations
        .get(operation)
        .ok_or_else(|| fail("no such operation".into()))?;
    let names = ctx
        .layout
        .operation(operation)
        .ok_or_else(|| fail("no such operation".into()))?;
    let (input_shape, input_placed) = ctx.shape(&op.input, operation, source)?;
    let (output_shape, output_placed) = ctx.shape(&op.output, operation, source)?;
    let input_fields = fields(input_shape.kind.members());
    let output_fields = fields(output_shape.kind.members());
    let member =
        |fields: &'_ [Field<'_>], role: &str, keys: &[String]| -> Result<usize, EmitError> {
            match keys {
                [key] => fields
                    .iter()
                    .position(|f| f.member.name == *key)
                    .ok_or_else(|| fail(format!("the {role} `{key}` is not a member"))),
                _ => Err(fail(format!(
                    "expected exactly one {role}, found {}",
                    keys.len()
                ))),
            }
        };
    let in_token = &input_fields[member(&input_fields, "input token", input_token)?];
    let out_token = &output_fields[member(&output_fields, "output token", output_token)?];
    if in_token.member.target != out_token.member.target {
        return Err(fail(format!(
            "input token `{}` and output token `{}` have different types",
            in_token.member.name, out_token.member.name
        )));
    }
    for field in [in_token, out_token] {
        if field.member.boxed {
            return Err(fail(format!("the token `{}` is boxed", field.member.name)));
        }
    }
    let first_result = result_key
        .first()
        .map(std::slice::from_ref)
        .unwrap_or_default();
    let items = &output_fields[member(&output_fields, "result key", first_result)?];

    let site = Site {
        module: &names.module,
        referrer: operation,
        at: source,
    };
    let token_type = rust_type::rust_type(ctx, &in_token.member.target, site)?;
    let (item_type, take_items) = take_items(ctx, items, site, &fail)?;
    let set_token = set_token(in_token);
    let next_token = next_token(out_token);
    let (limit, set_page_size) = match limit_key {
        Some(key) => {
            let limit =
                &input_fields[member(&input_fields, "limit key", std::slice::from_ref(key))?];
            (
                quote!(::std::option::Option::Some(#key)),
                set_page_size(limit, &fail)?,
            )
        }
        None => (
            quote!(::std::option::Option::None),
            quote!(
                fn set_page_size(_input: &mut Self::Input, _size: u32) {}
            ),
        ),
    };
    let marker = ident::to_ident(&names.marker);
    let input = input_placed.path_from(&names.module);
    let output = output_placed.path_from(&names.module);
    let item = quote! {
        #[allow(deprecated)]
        impl ::sdk_runtime::paginate::Paginate for #marker {
            type Token = #token_type;
            type Item = #item_type;
            const LIMIT_KEY: ::std::option::Option<&'static str> = #limit;

            fn set_token(input: &mut #input, token: ::std::option::Option<Self::Token>) {
                #set_token
            }

            #set_page_size

            fn next_token(output: &#output) -> ::std::option::Option<Self::Token> {
                #next_token
            }

            fn take_items(output: &mut #output) -> ::std::vec::Vec<Self::Item> {
                #take_items
            }
        }
    };
    Ok((names.module.clone(), item))
}

fn set_token(field: &Field<'_>) -> TokenStream {
    let name = ident::to_ident(&field.name);
    if field.member.required {
        quote! {
            if let ::std::option::Option::Some(token) = token {
                input.#name = token;
            }
        }
    } else {
        quote!(input.#name = token;)
    }
}

fn next_token(field: &Field<'_>) -> TokenStream {
    let name = ident::to_ident(&field.name);
    if field.member.required {
        quote!(::std::option::Option::Some(output.#name.clone()))
    } else {
        quote!(output.#name.clone())
    }
}

fn set_page_size(
    field: &Field<'_>,
    fail: &dyn Fn(String) -> EmitError,
) -> Result<TokenStream, EmitError> {
    let name = ident::to_ident(&field.name);
    let size = match field.member.target {
        TypeRef::Integer { width: Width::W32 } => {
            quote!(i32::try_from(size).unwrap_or(i32::MAX))
        }
        TypeRef::Integer { .. } => quote!(i64::from(size)),
        _ => {
            return Err(fail(format!(
                "the limit key `{}` is not an integer",
                field.member.name
            )))
        }
    };
    let value = if field.member.required {
        size
    } else {
        quote!(::std::option::Option::Some(#size))
    };
    Ok(quote! {
        fn set_page_size(input: &mut Self::Input, size: u32) {
            input.#name = #value;
        }
    })
}

/// The item type of a result key and the body of `take_items`: list elements, or the
/// `(key, value)` entries of a map.
fn take_items(
    ctx: &Context<'_>,
    field: &Field<'_>,
    site: Site<'_>,
    fail: &dyn Fn(String) -> EmitError,
) -> Result<(TokenStream, TokenStream), EmitError> {
    if field.member.boxed {
        return Err(fail(format!(
            "the result key `{}` is boxed",
            field.member.name
        )));
    }
    let name = ident::to_ident(&field.name);
    let taken = if field.member.required {
        quote!(::std::mem::take(&mut output.#name))
    } else {
        quote!(output.#name.take().unwrap_or_default())
    };
    match &field.member.target {
        TypeRef::List { member } => {
            let item = rust_type::rust_type(ctx, member, site)?;
            Ok((item, taken))
        }
        TypeRef::Map { key, value } => {
            let key = rust_type::rust_type(ctx, key, site)?;
            let value = rust_type::rust_type(ctx, value, site)?;
            Ok((quote!((#key, #value)), quote!(#taken.into_iter().collect())))
        }
        _ => Err(fail(format!(
            "the result key `{}` is neither a list nor a map",
            field.member.name
        ))),
    }
}
