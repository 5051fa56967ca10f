//! One module per operation: its docs and examples, a marker type implementing the
//! runtime's `Operation`, the error enum, and the pure `request`/`response` functions.
//!
//! The error enum is flat: one variant per documented error, then the failures every
//! operation shares ([`COMMON_VARIANTS`]: one per case of the runtime's `CallError`), so
//! callers match one enum whatever failed.

use proc_macro2::TokenStream;
use quote::quote;

use super::example::{self, RustExample};
use super::files::Modules;
use super::layout::OperationNames;
use super::{docs, Context, EmitError};
use crate::ident::{self, Scope};
use crate::ir::{
    Example, ExpectContinue, HttpBinding, HttpChecksum, Operation, OperationEndpoint, ShapeKind,
    UriSegment,
};

/// A variant every operation error has: its name, payload type and docs.
struct CommonVariant {
    name: &'static str,
    payload: fn() -> TokenStream,
    docs: &'static str,
    /// True when the payload carries the service's error metadata.
    has_meta: bool,
}

/// The failures every operation shares, after its documented errors: one per case of
/// the runtime's `CallError`, so that the client's failures land in this enum too.
const COMMON_VARIANTS: &[CommonVariant] = &[
    CommonVariant {
        name: "Unhandled",
        payload: || quote!(::sdk_runtime::protocol::ErrorMetadata),
        docs: " An error this operation does not document: its code, message, HTTP status and request id.",
        has_meta: true,
    },
    CommonVariant {
        name: "MalformedResponse",
        payload: || quote!(::sdk_runtime::protocol::MalformedResponse),
        docs: " The response was neither a readable output nor a readable error.",
        has_meta: false,
    },
    CommonVariant {
        name: "Transport",
        payload: || quote!(::sdk_runtime::TransportError),
        docs: " No response: the connection could not be made or broke.",
        has_meta: false,
    },
    CommonVariant {
        name: "Timeout",
        payload: || quote!(::sdk_runtime::TimeoutError),
        docs: " A timeout expired.",
        has_meta: false,
    },
    CommonVariant {
        name: "Construction",
        payload: || quote!(::sdk_runtime::ConstructionError),
        docs: " The request could not be built: configuration, credentials or input.",
        has_meta: false,
    },
];

/// Adds the items of `op` to its module; returns its examples written as Rust, for the
/// examples module.
pub fn emit(
    ctx: &Context<'_>,
    op: &Operation,
    lib: &str,
    modules: &mut Modules,
) -> Result<Vec<(usize, RustExample)>, EmitError> {
    let Operation {
        name,
        snake_name: _,
        docs: _,
        input,
        output,
        errors: _,
        examples: _,
        // The syntax samples become `tests/syntax_roundtrip.rs`.
        syntax: _,
        deprecated: _,
        // In the operation schema.
        http: _,
        request_compression: _,
        http_checksum: _,
        // A constant of the marker's `Operation` impl.
        unsigned: _,
        endpoint: _,
        expect_continue: _,
        source,
    } = op;
    let Some(names) = ctx.layout.operation(name) else {
        return Err(EmitError::UnknownShape {
            name: name.clone(),
            referrer: "the operation list".into(),
            at: source.clone(),
        });
    };
    let written = example::of(ctx, op, names)?;
    modules.set_docs(&names.module, module_docs(op, lib, &written)?);
    let input = ctx.shape(input, name, source)?.1.path_from(&names.module);
    let output = ctx.shape(output, name, source)?.1.path_from(&names.module);
    let schema = operation_schema(ctx, op)?;
    let marker = marker(op, names, &input, &output, &schema);
    let error = error_enum(ctx, op, names)?;
    let functions = functions(names, &input, &output);
    modules.add_item(&names.module, quote!(#marker #error #functions))?;
    Ok(written)
}

/// The module docs: the operation's docs, deprecation and examples. An example written
/// as Rust is a doctest; one that is not stays the documented Python.
fn module_docs(
    op: &Operation,
    lib: &str,
    written: &[(usize, RustExample)],
) -> Result<String, EmitError> {
    let mut text = docs::foreign_or(&op.docs, || format!("The `{}` operation.", op.name));
    if let Some(note) = &op.deprecated {
        text.push_str(&format!("\n\n**Deprecated:** {}", docs::foreign(note)));
    }
    if !op.examples.is_empty() {
        text.push_str("\n\n# Examples\n");
        for (index, example) in op.examples.iter().enumerate() {
            let rust = written.iter().find(|(i, _)| *i == index).map(|(_, r)| r);
            text.push_str(&example_docs(example, rust, lib)?);
        }
    }
    Ok(text)
}

fn example_docs(
    example: &Example,
    rust: Option<&RustExample>,
    lib: &str,
) -> Result<String, EmitError> {
    let Example {
        title,
        input,
        output,
        call: _,
    } = example;
    let title = docs::foreign(title.trim());
    let code = match rust {
        Some(rust) => rust.doctest(lib)?,
        None => docs::text_block(input),
    };
    let mut text = format!("\n{title}\n\n{code}\n");
    if let Some(output) = output {
        text.push_str(&format!(
            "\nExpected output:\n\n{}\n",
            docs::text_block(output)
        ));
    }
    Ok(text)
}

/// The marker type and its `Operation` impl: the data a generic client needs.
fn marker(
    op: &Operation,
    names: &OperationNames,
    input: &TokenStream,
    output: &TokenStream,
    schema: &TokenStream,
) -> TokenStream {
    let marker = ident::to_ident(&names.marker);
    let error = ident::to_ident(&names.error);
    let wire = &op.name;
    let doc = docs::attrs(&format!(
        "The `{wire}` operation, as a type: what a client needs to send it.\n\n{}",
        docs::summary(&docs::foreign(&op.docs))
    ));
    // Stated only where it differs from the trait's default (signed).
    let unsigned = op.unsigned.then(|| {
        quote!(
            const UNSIGNED: bool = true;
        )
    });
    let endpoint = (!op.endpoint.is_default()).then(|| {
        let OperationEndpoint {
            prefix,
            signing_name,
            path_style,
        } = &op.endpoint;
        let some = |name: &Option<String>| match name {
            Some(name) => quote!(::std::option::Option::Some(#name)),
            None => quote!(::std::option::Option::None),
        };
        let (prefix, signing_name) = (some(prefix), some(signing_name));
        quote!(
            const ENDPOINT: ::sdk_runtime::endpoint::OperationEndpoint =
                ::sdk_runtime::endpoint::OperationEndpoint {
                    prefix: #prefix,
                    signing_name: #signing_name,
                    path_style: #path_style,
                };
        )
    });
    let expect_continue = match op.expect_continue {
        ExpectContinue::Never => None,
        ExpectContinue::Stream => Some(quote!(Stream)),
        ExpectContinue::Always => Some(quote!(Always)),
    }
    .map(|variant| {
        quote!(
            const EXPECT_CONTINUE: ::sdk_runtime::protocol::ExpectContinue =
                ::sdk_runtime::protocol::ExpectContinue::#variant;
        )
    });
    quote! {
        #doc
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
        pub struct #marker;

        impl ::sdk_runtime::protocol::Operation for #marker {
            const SCHEMA: &'static ::sdk_runtime::schema::OperationSchema = #schema;
            const SERVICE: &'static ::sdk_runtime::protocol::ServiceSpec = &crate::SERVICE;
            #unsigned
            #endpoint
            #expect_continue
            type Input = #input;
            type Output = #output;
            type Error = #error;
        }
    }
}

/// `&OperationSchema { .. }`: the operation as data, for the protocol codecs.
fn operation_schema(ctx: &Context<'_>, op: &Operation) -> Result<TokenStream, EmitError> {
    let wire = &op.name;
    let input = ctx.schema_path(&op.input, &op.name, &op.source)?;
    let output = ctx.schema_path(&op.output, &op.name, &op.source)?;
    let http = match &op.http {
        // REST operations travel by their binding; RPC ones are `POST /` and need it
        // only for a host prefix.
        Some(http) if ctx.protocol.is_rest() || http.host_prefix.is_some() => {
            let binding = http_binding(http);
            quote!(::std::option::Option::Some(#binding))
        }
        None if ctx.protocol.is_rest() => {
            return Err(EmitError::Unsupported {
                referrer: op.name.clone(),
                what: "a REST operation without an HTTP binding".into(),
                at: op.source.clone(),
            })
        }
        _ => quote!(::std::option::Option::None),
    };
    let encodings = &op.request_compression;
    let checksum = checksum(&op.http_checksum);
    Ok(quote! {
        &::sdk_runtime::schema::OperationSchema {
            name: #wire,
            input: &#input,
            output: &#output,
            http: #http,
            request_compression: &[#(#encodings),*],
            checksum: #checksum,
        }
    })
}

/// `HttpChecksum { .. }`, or `HttpChecksum::NONE` for an operation that states nothing.
fn checksum(checksum: &HttpChecksum) -> TokenStream {
    let HttpChecksum {
        required,
        request_algorithm_member,
        response_validation_member,
        response_algorithms,
    } = checksum;
    if checksum.is_empty() {
        return quote!(::sdk_runtime::schema::HttpChecksum::NONE);
    }
    let member = |name: &Option<String>| match name {
        Some(name) => quote!(::std::option::Option::Some(#name)),
        None => quote!(::std::option::Option::None),
    };
    let (algorithm, validation) = (
        member(request_algorithm_member),
        member(response_validation_member),
    );
    quote! {
        ::sdk_runtime::schema::HttpChecksum {
            required: #required,
            request_algorithm_member: #algorithm,
            response_validation_member: #validation,
            response_algorithms: &[#(#response_algorithms),*],
        }
    }
}

/// `HttpBinding { .. }`: method, parsed URI template, success code and host prefix.
fn http_binding(http: &HttpBinding) -> TokenStream {
    let HttpBinding {
        method,
        uri,
        response_code,
        host_prefix,
    } = http;
    let segments = uri.path.iter().map(|segment| match segment {
        UriSegment::Literal(text) => quote!(::sdk_runtime::schema::UriSegment::Literal(#text)),
        UriSegment::Label(name) => quote!(::sdk_runtime::schema::UriSegment::Label(#name)),
        UriSegment::Greedy(name) => quote!(::sdk_runtime::schema::UriSegment::Greedy(#name)),
    });
    let query = uri.query.iter().map(|(key, value)| {
        let value = match value {
            Some(value) => quote!(::std::option::Option::Some(#value)),
            None => quote!(::std::option::Option::None),
        };
        quote!((#key, #value))
    });
    let code = response_code.unwrap_or(200);
    let host_prefix = match host_prefix {
        Some(prefix) => quote!(::std::option::Option::Some(#prefix)),
        None => quote!(::std::option::Option::None),
    };
    quote! {
        ::sdk_runtime::schema::HttpBinding {
            method: #method,
            path: &[#(#segments),*],
            query: &[#(#query),*],
            code: #code,
            host_prefix: #host_prefix,
        }
    }
}

/// The documented errors of `op`, deduplicated, with their variant names.
fn documented_errors<'c>(
    ctx: &'c Context<'_>,
    op: &'c Operation,
) -> Result<Vec<(String, &'c str, TokenStream, &'c str)>, EmitError> {
    let mut scope = Scope::pascal();
    scope.reserve(COMMON_VARIANTS.iter().map(|v| v.name));
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for name in op.errors.iter().filter(|n| seen.insert(n.as_str())) {
        let (shape, placed) = ctx.shape(name, &op.name, &op.source)?;
        if !matches!(shape.kind, ShapeKind::Error { .. }) {
            return Err(EmitError::WrongShapeKind {
                name: name.clone(),
                referrer: op.name.clone(),
                expected: "an error shape",
                at: op.source.clone(),
            });
        }
        let variant = scope.claim(ident::type_name(name));
        out.push((variant, name.as_str(), placed.path(), shape.docs.as_str()));
    }
    Ok(out)
}

/// The error enum with `From` conversions from the runtime's failures, `Display`,
/// `Error` and a metadata accessor.
fn error_enum(
    ctx: &Context<'_>,
    op: &Operation,
    names: &OperationNames,
) -> Result<TokenStream, EmitError> {
    let error = ident::to_ident(&names.error);
    let documented = documented_errors(ctx, op)?;
    if documented.is_empty() {
        // The runtime's enum of the shared failures, named for the operation: EC2's
        // 750 operations document no error, and each enum with its impls is the same.
        let doc = format!(
            " Everything that can go wrong when calling `{}`, which documents no error of \
             its own: the failures every operation shares.",
            op.name
        );
        return Ok(quote! {
            #[doc = #doc]
            pub type #error = ::sdk_runtime::protocol::CommonError;
        });
    }
    let doc = format!(" Everything that can go wrong when calling `{}`.", op.name);

    let mut variants = Vec::new();
    let mut all = Vec::new();
    let mut with_meta = Vec::new();
    let mut arms = Vec::new();
    let mut matched = std::collections::BTreeSet::new();
    for (variant, wire, path, shape_docs) in &documented {
        let v = ident::to_ident(variant);
        let vdoc = docs::attrs(&docs::foreign_or(shape_docs, || {
            format!("The documented `{wire}` error.")
        }));
        variants.push(quote!(#vdoc #v(::sdk_runtime::protocol::ServiceError<#path>),));
        let schema = ctx.schema_path(wire, &op.name, &op.source)?;
        // The code the service sends (awsQuery's `IDPRejectedClaim` for the shape
        // `IDPRejectedClaimException`), and the shape name, which awsJson services and
        // awsQueryCompatible ones without the query header send; each code once.
        let code = match &ctx.shape(wire, &op.name, &op.source)?.0.kind {
            ShapeKind::Error { code, .. } => code.as_deref(),
            _ => None,
        };
        let codes: Vec<&str> = code
            .into_iter()
            .chain([*wire])
            .filter(|code| matched.insert(*code))
            .collect();
        if !codes.is_empty() {
            arms.push(quote!(#(#codes)|* => raw.modeled(&crate::SERVICE, &#schema).map_or_else(Self::Unhandled, Self::#v),));
        }
        all.push(v.clone());
        with_meta.push(quote!(Self::#v(error) => ::std::option::Option::Some(error.meta()),));
    }
    for common in COMMON_VARIANTS {
        let v = ident::to_ident(common.name);
        let payload = (common.payload)();
        let vdoc = common.docs;
        variants.push(quote!(#[doc = #vdoc] #v(#payload),));
        all.push(v.clone());
        if common.has_meta {
            with_meta.push(quote!(Self::#v(meta) => ::std::option::Option::Some(meta),));
        }
    }
    let by_code = if arms.is_empty() {
        quote!(Self::Unhandled(raw.into_meta()))
    } else {
        quote! {
            match raw.code() {
                #(#arms)*
                _ => Self::Unhandled(raw.into_meta()),
            }
        }
    };
    Ok(quote! {
        #[doc = #doc]
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum #error {
            #(#variants)*
        }

        impl #error {
            /// Code, message, HTTP status and request id, when the service answered
            /// with an error.
            #[inline]
            pub fn meta(&self) -> ::std::option::Option<&::sdk_runtime::protocol::ErrorMetadata> {
                match self {
                    #(#with_meta)*
                    _ => ::std::option::Option::None,
                }
            }
        }

        impl ::std::convert::From<::sdk_runtime::protocol::RawServiceError> for #error {
            /// Sorts an error response by its code into the documented variants.
            #[inline]
            fn from(raw: ::sdk_runtime::protocol::RawServiceError) -> Self {
                #by_code
            }
        }

        impl ::std::convert::From<::sdk_runtime::protocol::ServiceFailure> for #error {
            #[inline]
            fn from(failure: ::sdk_runtime::protocol::ServiceFailure) -> Self {
                match failure {
                    ::sdk_runtime::protocol::ServiceFailure::Service(raw) => Self::from(raw),
                    ::sdk_runtime::protocol::ServiceFailure::Malformed(malformed) => {
                        Self::MalformedResponse(malformed)
                    }
                }
            }
        }

        impl ::std::convert::From<::sdk_runtime::CallError> for #error {
            #[inline]
            fn from(error: ::sdk_runtime::CallError) -> Self {
                match error {
                    ::sdk_runtime::CallError::Service(raw) => Self::from(raw),
                    ::sdk_runtime::CallError::Response(malformed) => Self::MalformedResponse(malformed),
                    ::sdk_runtime::CallError::Transport(error) => Self::Transport(error),
                    ::sdk_runtime::CallError::Timeout(error) => Self::Timeout(error),
                    ::sdk_runtime::CallError::Construction(error) => Self::Construction(error),
                }
            }
        }

        impl ::std::convert::From<::sdk_runtime::protocol::RequestError> for #error {
            #[inline]
            fn from(error: ::sdk_runtime::protocol::RequestError) -> Self {
                Self::Construction(::sdk_runtime::ConstructionError::Input(error))
            }
        }

        impl ::std::fmt::Display for #error {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(Self::#all(error) => ::std::fmt::Display::fmt(error, f),)*
                }
            }
        }

        impl ::std::error::Error for #error {
            #[inline]
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    #(Self::#all(error) => ::std::error::Error::source(error),)*
                }
            }
        }
    })
}

/// `request` and `response`: the operation's wire codec, without I/O.
///
/// Every function of the generated crate that is not generic is `#[inline]`: it is then
/// compiled in the crates that call it, so an application pays only for the operations
/// it uses (a third less CPU to build the DeviceFarm crate).
fn functions(names: &OperationNames, input: &TokenStream, output: &TokenStream) -> TokenStream {
    let marker = ident::to_ident(&names.marker);
    let error = ident::to_ident(&names.error);
    quote! {
        /// The HTTP request parts (method, path, headers, body) that send `input`; the
        /// client adds endpoint, signature and transport headers.
        #[inline]
        pub fn request(input: &#input) -> ::std::result::Result<::sdk_runtime::protocol::HttpRequestParts, #error> {
            <#marker as ::sdk_runtime::protocol::Operation>::request(input)
        }

        /// Reads an HTTP response (status, headers, body) into the output or the error.
        #[inline]
        pub fn response(
            status: u16,
            headers: &[(::std::string::String, ::std::string::String)],
            body: &[u8],
        ) -> ::std::result::Result<#output, #error> {
            <#marker as ::sdk_runtime::protocol::Operation>::response(status, headers, body)
        }
    }
}
