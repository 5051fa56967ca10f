//! Paginators: the runtime's `Paginate` implemented on an operation's marker type,
//! saying which members carry the token, the page size and the results.

use proc_macro2::TokenStream;
use quote::quote;

use super::layout::ModulePath;
use super::rust_type::{self, Site};
use super::structure::{fields, Field};
use super::{Context, EmitError};
use crate::ident;
use crate::ir::{Member, Paginator, TypeRef, Width};

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
        .ok_or_else(|| fail("no result key".into()))?;
    let site = Site {
        module: &names.module,
        referrer: operation,
        at: source,
    };
    let token_type = rust_type::rust_type(ctx, &in_token.member.target, site)?;
    let (item_type, take_items) =
        take_items(ctx, output_shape.kind.members(), first_result, site, &fail)?;
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
    // Numbers and booleans (S3's part-number markers) are `Copy`: cloning them is lint.
    let copy = matches!(
        field.member.target,
        TypeRef::Integer { .. } | TypeRef::Float { .. } | TypeRef::Boolean
    );
    let value = if copy {
        quote!(output.#name)
    } else {
        quote!(output.#name.clone())
    };
    if field.member.required {
        quote!(::std::option::Option::Some(#value))
    } else {
        value
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
        // botocore types a few limit keys as strings (glacier `limit`, apigatewayv2
        // `MaxResults`); its paginator then sends `str(PageSize)`, the digits.
        TypeRef::String => quote!(::std::string::ToString::to_string(&size)),
        _ => {
            return Err(fail(format!(
                "the limit key `{}` is neither an integer nor a string",
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
/// `(key, value)` entries of a map. The key is a member of the output or a dotted path
/// through nested structures (`ResultSet.Rows`); a missing structure on the way has no
/// items.
fn take_items(
    ctx: &Context<'_>,
    output: &[Member],
    result_key: &str,
    site: Site<'_>,
    fail: &dyn Fn(String) -> EmitError,
) -> Result<(TokenStream, TokenStream), EmitError> {
    let mut members = output;
    let mut base = quote!(output);
    // Closes the `match`es opened for optional structures on the way, innermost first.
    let mut wrappers: Vec<TokenStream> = Vec::new();
    let mut segments = result_key.split('.').peekable();
    let items = loop {
        let Some(segment) = segments.next() else {
            return Err(fail(format!("the result key `{result_key}` is empty")));
        };
        let fields = fields(members);
        let field = fields
            .iter()
            .find(|f| f.member.name == segment)
            .ok_or_else(|| fail(format!("the result key `{result_key}` is not a member")))?;
        let name = ident::to_ident(&field.name);
        if segments.peek().is_none() {
            break (field.member, quote!(#base.#name));
        }
        let TypeRef::Named { name: shape } = &field.member.target else {
            return Err(fail(format!(
                "the result key `{result_key}` goes through `{segment}`, which is not a structure"
            )));
        };
        let (shape, _) = ctx.shape(shape, site.referrer, site.at)?;
        members = shape.kind.members();
        if field.member.required {
            base = quote!(#base.#name);
        } else {
            let next = quote::format_ident!("level_{}", wrappers.len());
            wrappers.push(quote!(#base.#name.as_mut()));
            base = quote!(#next);
        }
    };
    let (member, place) = items;
    if member.boxed {
        return Err(fail(format!("the result key `{result_key}` is boxed")));
    }
    let taken = if member.required {
        quote!(::std::mem::take(&mut #place))
    } else {
        quote!(#place.take().unwrap_or_default())
    };
    let (item, mut body) = match &member.target {
        TypeRef::List { member } => (rust_type::rust_type(ctx, member, site)?, taken),
        TypeRef::Map { key, value } => {
            let key = rust_type::rust_type(ctx, key, site)?;
            let value = rust_type::rust_type(ctx, value, site)?;
            (quote!((#key, #value)), quote!(#taken.into_iter().collect()))
        }
        _ => {
            return Err(fail(format!(
                "the result key `{result_key}` is neither a list nor a map"
            )))
        }
    };
    for (depth, option) in wrappers.iter().enumerate().rev() {
        let next = quote::format_ident!("level_{depth}");
        body = quote! {
            match #option {
                ::std::option::Option::Some(#next) => #body,
                ::std::option::Option::None => ::std::vec::Vec::new(),
            }
        };
    }
    Ok((item, body))
}

#[cfg(test)]
mod tests {
    use crate::emit::{generate_crate, CrateSettings};
    use crate::ir::{
        Constraints, Location, Member, Metadata, Naming, Operation, Paginator, Service, Shape,
        ShapeKind, SourceLoc, TypeRef,
    };

    fn member(name: &str, target: TypeRef) -> Member {
        Member {
            name: name.into(),
            target,
            required: false,
            docs: String::new(),
            boxed: false,
            deprecated: None,
            constraints: Constraints::default(),
            location: Location::Body,
            wire_name: None,
            traits: Default::default(),
            source: SourceLoc::default(),
        }
    }

    fn structure(name: &str, members: Vec<Member>) -> (String, Shape) {
        let shape = Shape {
            name: name.into(),
            docs: String::new(),
            kind: ShapeKind::Structure { members },
            deprecated: None,
            source: SourceLoc::default(),
            naming: Naming::Derived,
            traits: Default::default(),
        };
        (name.into(), shape)
    }

    /// `GetResults` pages through `ResultSet.Rows`, a list inside an optional structure.
    fn nested_results() -> Service {
        let named = |name: &str| TypeRef::Named { name: name.into() };
        let rows = TypeRef::List {
            member: Box::new(TypeRef::String),
        };
        let metadata = Metadata {
            protocol: "json".into(),
            json_version: Some("1.1".into()),
            target_prefix: Some("Demo".into()),
            signing_name: Some("demo".into()),
            endpoint_prefix: Some("demo".into()),
            service_id: Some("Demo".into()),
            ..Metadata::default()
        };
        Service {
            name: "demo".into(),
            title: "Demo".into(),
            api_version: Some("2020-01-01".into()),
            metadata,
            operations: [(
                "GetResults".to_owned(),
                Operation {
                    name: "GetResults".into(),
                    snake_name: "get_results".into(),
                    input: "GetResultsInput".into(),
                    output: "GetResultsOutput".into(),
                    ..Operation::default()
                },
            )]
            .into(),
            shapes: [
                structure(
                    "GetResultsInput",
                    vec![member("NextToken", TypeRef::String)],
                ),
                structure(
                    "GetResultsOutput",
                    vec![
                        member("ResultSet", named("ResultSet")),
                        member("NextToken", TypeRef::String),
                    ],
                ),
                structure("ResultSet", vec![member("Rows", rows)]),
            ]
            .into(),
            paginators: [(
                "GetResults".to_owned(),
                Paginator {
                    operation: "GetResults".into(),
                    input_token: vec!["NextToken".into()],
                    output_token: vec!["NextToken".into()],
                    limit_key: None,
                    result_key: vec!["ResultSet.Rows".into()],
                    source: SourceLoc::default(),
                },
            )]
            .into(),
            ..Service::default()
        }
    }

    fn settings() -> CrateSettings {
        CrateSettings {
            crate_name: "sdk-demo".into(),
            version: "0.1.0".into(),
            runtime_path: "../runtime".into(),
            generator_command: "test".into(),
        }
    }

    #[test]
    fn nested_result_keys_reach_through_optional_structures() {
        let files = match generate_crate(&nested_results(), &settings()) {
            Ok(files) => files,
            Err(error) => panic!("{error}"),
        };
        let code: String = files.values().cloned().collect();
        let compact: String = code.split_whitespace().collect();
        assert!(
            compact.contains(
                "matchoutput.result_set.as_mut(){::std::option::Option::Some(level_0)=>{level_0.rows.take().unwrap_or_default()}"
            ),
            "{code}"
        );
    }

    #[test]
    fn limit_keys_neither_integer_nor_string_are_refused() {
        let mut service = nested_results();
        if let Some((_, input)) = service
            .shapes
            .iter_mut()
            .find(|(n, _)| *n == "GetResultsInput")
        {
            if let ShapeKind::Structure { members } = &mut input.kind {
                members.push(member("Limit", TypeRef::Boolean));
            }
        }
        if let Some(paginator) = service.paginators.get_mut("GetResults") {
            paginator.limit_key = Some("Limit".into());
        }
        let error = generate_crate(&service, &settings()).map(|_| ());
        assert!(
            matches!(&error, Err(crate::emit::EmitError::Paginator { reason, .. })
                if reason == "the limit key `Limit` is neither an integer nor a string"),
            "{error:?}"
        );
    }

    #[test]
    fn result_keys_through_non_structures_are_refused() {
        let mut service = nested_results();
        if let Some(paginator) = service.paginators.get_mut("GetResults") {
            paginator.result_key = vec!["NextToken.Rows".into()];
        }
        let error = generate_crate(&service, &settings()).map(|_| ());
        assert!(
            matches!(&error, Err(crate::emit::EmitError::Paginator { reason, .. })
                if reason.contains("not a structure")),
            "{error:?}"
        );
    }
}
