//! The client: `Client` with one method per operation taking the required members, and
//! per operation a call (`GetDeviceCall`) with a chainable setter per optional member,
//! `send`, and `into_paginator` when the operation pages.
//!
//! ```text
//! let client = sdk_devicefarm::Client::from_env().await?;
//! let out = client.get_remote_access_session(arn).send().await?;
//! let sessions = client.list_devices().into_paginator().items();
//! ```
//!
//! Everything here is a thin call into the runtime's `Handle` (`send::<Op>`,
//! `paginator::<Op>`). Methods that are not generic are `#[inline]`, like the rest of
//! the crate, so an application compiles only the operations it calls.

use proc_macro2::TokenStream;
use quote::quote;

use super::files::{ListOf, Modules};
use super::layout::{ModulePath, OperationNames};
use super::structure::{fields, setter_allows, Field};
use super::{docs, rust_type, waiter, Context, EmitError};
use crate::ident::{self, Scope};
use crate::ir::{Member, Operation, TypeRef};

/// Methods of a call besides its setters, and of the traits it implements.
pub(super) const CALL_METHODS: &[&str] = &[
    "new",
    "send",
    "into_paginator",
    "presigned",
    "as_input",
    "into_input",
    "clone",
    "clone_from",
    "fmt",
    "into",
    "from",
    "try_into",
    "try_from",
    "to_owned",
    "borrow",
    "borrow_mut",
    "type_id",
];

/// Adds the `client` module, the call of every operation (in its module) and the root
/// re-exports and operation list.
pub fn emit(ctx: &Context<'_>, lib: &str, modules: &mut Modules) -> Result<(), EmitError> {
    let client = ModulePath::client();
    modules.set_docs(&client, client_module_docs(ctx));
    let mut methods = Vec::new();
    let mut listed = Vec::new();
    for op in ctx.service.operations.values() {
        let Some(names) = ctx.layout.operation(&op.name) else {
            continue;
        };
        let input = Input::of(ctx, op, names)?;
        methods.push(client_method(ctx, op, names, &input)?);
        methods.extend(waiter::emit(ctx, op, names, &input, modules)?);
        call(ctx, op, names, &input, modules)?;
        if let Some(item) = operation_input_impl(ctx, op, names, &input) {
            modules.add_item(&names.module, item)?;
        }
        let wire = &op.name;
        let marker = names.module.item_path_from(quote!($crate), &names.marker);
        listed.push(quote!((#wire, #marker),));
    }
    if waiter::emitted(ctx.service).next().is_some() {
        modules.set_docs(&waiter::module(), waiter::module_docs());
    }
    modules.add_item(&client, client_struct(ctx, lib, &methods))?;
    modules.add_item(&client, operation_input_trait())?;
    modules.add_item(&ModulePath(Vec::new()), root_items(&listed))
}

/// The input of an operation with its fields, as seen from the operation's module.
pub(super) struct Input<'a> {
    /// The input type, named from the operation's module.
    path: TokenStream,
    /// The input type, named from anywhere in the crate.
    pub(super) crate_path: TokenStream,
    /// Its members with their field names.
    fields: Vec<Field<'a>>,
    /// The shape name, for errors.
    pub(super) shape: &'a str,
}

impl<'a> Input<'a> {
    fn of(
        ctx: &'a Context<'_>,
        op: &'a Operation,
        names: &OperationNames,
    ) -> Result<Self, EmitError> {
        let (shape, placed) = ctx.shape(&op.input, &op.name, &op.source)?;
        Ok(Self {
            path: placed.path_from(&names.module),
            crate_path: placed.path(),
            fields: fields(shape.kind.members()),
            shape: &shape.name,
        })
    }

    pub(super) fn required(&self) -> impl Iterator<Item = &Field<'a>> {
        self.fields.iter().filter(|f| f.member.required)
    }

    pub(super) fn optional(&self) -> impl Iterator<Item = &Field<'a>> {
        self.fields.iter().filter(|f| !f.member.required)
    }

    /// Statements setting every unset idempotency token of `input` (an expression of
    /// the input type) to a fresh one; empty when the input has none.
    pub(super) fn fill_tokens(&self, input: &TokenStream) -> TokenStream {
        let tokens = self.optional().filter(|f| is_idempotency_token(f.member));
        let fills = tokens.map(|field| {
            let name = ident::to_ident(&field.name);
            quote! {
                if #input.#name.is_none() {
                    #input.#name = ::std::option::Option::Some(
                        ::sdk_runtime::protocol::idempotency_token(),
                    );
                }
            }
        });
        quote!(#(#fills)*)
    }
}

/// True for a member the client fills with a fresh idempotency token when the caller
/// leaves it unset, as boto3 and the AWS SDKs do (decided by
/// `passes::idempotency`), and that the caller may leave unset.
pub(super) fn is_idempotency_token(member: &Member) -> bool {
    member.traits.idempotency_token && !member.required
}

/// The docs of the `client` module.
fn client_module_docs(ctx: &Context<'_>) -> String {
    format!(
        "The client of {}: [`Client`] has one method per operation, taking the \
         operation's required members and returning a call to set optional members on \
         and send.",
        service_name(ctx)
    )
}

fn service_name(ctx: &Context<'_>) -> String {
    ctx.service
        .metadata
        .service_full_name
        .clone()
        .unwrap_or_else(|| ctx.service.title.clone())
}

/// `Client`: constructors, `send` of a whole input, and the operation methods.
fn client_struct(ctx: &Context<'_>, lib: &str, methods: &[TokenStream]) -> TokenStream {
    let doc = docs::attrs(&format!(
        "A client of {}: one method per operation.\n\n\
         Each method takes the operation's required members and returns a call: set \
         optional members on it, then `send().await` it (or page through its results \
         with `into_paginator()`). Clones share configuration and connections.\n\n{}",
        service_name(ctx),
        usage_example(ctx, lib),
    ));
    quote! {
        #doc
        #[derive(Clone, Debug)]
        pub struct Client {
            handle: ::sdk_runtime::Handle,
        }

        impl Client {
            /// A client configured from the environment and the shared config files
            /// (`AWS_REGION`, `AWS_ACCESS_KEY_ID`, `AWS_PROFILE`, `AWS_ENDPOINT_URL`, ...),
            /// as [`sdk_runtime::loader`] describes.
            pub async fn from_env() -> ::std::result::Result<Self, ::sdk_runtime::ConfigError> {
                let config = ::sdk_runtime::Config::from_env().await?;
                ::std::result::Result::Ok(Self::new(&config))
            }

            /// A client with `config`, which may be shared with clients of other services.
            #[inline]
            pub fn new(config: &::sdk_runtime::Config) -> Self {
                Self {
                    handle: ::sdk_runtime::Handle::new(config, &crate::SERVICE),
                }
            }

            /// A client with a configuration, or with the configuration a builder makes:
            /// `Client::from_config(Config::builder().region("us-east-1"))`.
            #[inline]
            pub fn from_config(config: impl ::std::convert::Into<::sdk_runtime::Config>) -> Self {
                Self::new(&config.into())
            }

            /// The runtime handle this client calls through, for calling an operation
            /// by its type (`handle().send::<Op>(&input)`).
            #[inline]
            pub fn handle(&self) -> &::sdk_runtime::Handle {
                &self.handle
            }

            /// Sends a fully built input of any operation of this service: one made with
            /// its `new` and setters, kept from a call's `into_input`, or read from JSON.
            /// Unset idempotency tokens are filled, as a call's `send` does.
            pub async fn send<I>(
                &self,
                mut input: I,
            ) -> ::std::result::Result<
                <I::Operation as ::sdk_runtime::protocol::Operation>::Output,
                <I::Operation as ::sdk_runtime::protocol::Operation>::Error,
            >
            where
                I: OperationInput,
                <I::Operation as ::sdk_runtime::protocol::Operation>::Error:
                    ::std::convert::From<::sdk_runtime::CallError>,
            {
                OperationInput::fill_idempotency_tokens(&mut input);
                self.handle.send::<I::Operation>(&input).await
            }

            #(#methods)*
        }
    }
}

/// The crate-level example: a client from the environment, then one call of an
/// operation that only needs strings, when the service has one.
fn usage_example(ctx: &Context<'_>, lib: &str) -> String {
    let call = example_operation(ctx).map_or_else(String::new, |(method, args)| {
        let args: Vec<String> = args.iter().map(|name| format!("\"{name}\"")).collect();
        format!(
            "let output = client.{method}({}).send().await?;\nprintln!(\"{{output:?}}\");\n",
            args.join(", ")
        )
    });
    format!(
        "```no_run\n\
         # async fn example() -> Result<(), Box<dyn std::error::Error>> {{\n\
         let client = {lib}::Client::from_env().await?;\n\
         {call}\
         # Ok(())\n\
         # }}\n\
         ```"
    )
}

/// The method and required member names of the operation the crate docs show: a
/// reading operation (`Get`, `Describe`, `List`) whose required members are all strings,
/// the fewest first.
fn example_operation(ctx: &Context<'_>) -> Option<(String, Vec<String>)> {
    let mut candidates = Vec::new();
    for op in ctx.service.operations.values() {
        let reads = ["Get", "Describe", "List"]
            .iter()
            .any(|prefix| op.name.starts_with(prefix));
        let (Some(shape), Some(names)) = (
            ctx.service.shapes.get(&op.input),
            ctx.layout.operation(&op.name),
        ) else {
            continue;
        };
        let required: Vec<&Member> = shape.kind.members().iter().filter(|m| m.required).collect();
        if !reads || required.iter().any(|m| m.target != TypeRef::String) {
            continue;
        }
        let args = required.iter().map(|m| m.name.clone()).collect::<Vec<_>>();
        candidates.push((args.len(), names.method.clone(), args));
    }
    candidates.sort();
    candidates
        .into_iter()
        .next()
        .map(|(_, method, args)| (method, args))
}

/// `OperationInput`: what lets [`Client::send`] take any input of the service.
fn operation_input_trait() -> TokenStream {
    quote! {
        /// An operation input that knows its operation, so that [`Client::send`] can send
        /// it. Implemented by the input of every operation that has its own input type.
        pub trait OperationInput: ::std::marker::Sized {
            /// The operation that takes this input.
            type Operation: ::sdk_runtime::protocol::Operation<Input = Self>;

            /// Sets every idempotency token left unset (such as `ClientRequestToken`) to
            /// a fresh one, as a call does before it is sent.
            #[inline]
            fn fill_idempotency_tokens(&mut self) {}
        }
    }
}

/// The client's method for `op`: required members in, its call out.
fn client_method(
    ctx: &Context<'_>,
    op: &Operation,
    names: &OperationNames,
    input: &Input<'_>,
) -> Result<TokenStream, EmitError> {
    let client = ModulePath::client();
    let method = ident::to_ident(&names.method);
    let call = names.module.item_path(&names.call);
    let input_path = &input.crate_path;
    let mut params = Vec::new();
    let mut args = Vec::new();
    for field in input.required() {
        let name = ident::to_ident(&field.name);
        let referrer = format!("{}.{}", input.shape, field.member.name);
        let ty = rust_type::target_type(ctx, field.member, &client, &referrer)?;
        params.push(quote!(#name: impl ::std::convert::Into<#ty>));
        args.push(name);
    }
    let allow = (params.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let deprecated = op
        .deprecated
        .as_ref()
        .map(|note| quote!(#[deprecated(note = #note)]));
    let doc = docs::attrs(&method_docs(ctx, op, names, input));
    Ok(quote! {
        #doc
        #deprecated
        #allow
        #[inline]
        pub fn #method(&self, #(#params),*) -> #call {
            #call::new(
                ::std::clone::Clone::clone(&self.handle),
                #input_path::new(#(#args),*),
            )
        }
    })
}

/// The docs of a client method: the operation's summary, what the arguments are, and
/// where the rest is.
fn method_docs(
    ctx: &Context<'_>,
    op: &Operation,
    names: &OperationNames,
    input: &Input<'_>,
) -> String {
    let summary = docs::summary(&docs::foreign_or(&op.docs, || {
        format!("Calls `{}`.", op.name)
    }));
    let module = names.module.0.join("::");
    let call = format!("crate::{module}::{}", names.call);
    let mut text = format!(
        "{summary}\n\nReturns a [`{}`]({call}) to set optional members on and \
         [`send`]({call}::send){}. Errors, examples and the full docs: \
         [`{module}`](crate::{module}).",
        names.call,
        if ctx.service.paginators.contains_key(&op.name) {
            format!(", or to page through with [`into_paginator`]({call}::into_paginator)")
        } else {
            String::new()
        },
    );
    let required: Vec<&Field<'_>> = input.required().collect();
    if !required.is_empty() {
        text.push_str("\n\n# Arguments\n");
        for field in required {
            let about = one_line(&member_summary(field.member));
            let name = field.name.trim_start_matches("r#");
            text.push_str(&format!("\n- `{name}`: {about}"));
        }
    }
    text
}

/// The first paragraph of a member's docs, cleaned.
fn member_summary(member: &Member) -> String {
    docs::summary(&docs::foreign_or(&member.docs, || {
        format!("The `{}` member.", member.name)
    }))
}

/// `text` on one line, for a list item.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The call of `op`: the input being set, the handle to send it with.
fn call(
    ctx: &Context<'_>,
    op: &Operation,
    names: &OperationNames,
    input: &Input<'_>,
    modules: &mut Modules,
) -> Result<(), EmitError> {
    let call = ident::to_ident(&names.call);
    let marker = ident::to_ident(&names.marker);
    let error = ident::to_ident(&names.error);
    let input_path = &input.path;
    let output = ctx.shape(&op.output, &op.name, &op.source)?.1;
    let output = output.path_from(&names.module);
    let method = &names.method;
    let doc = docs::attrs(&format!(
        "A call of `{}`, from [`Client::{method}`](crate::Client::{method}): set optional \
         members, then [`send`](Self::send) it.",
        op.name
    ));
    let mut scope = Scope::snake();
    scope.reserve(CALL_METHODS.iter().copied());
    // Setters are made as they are formatted: an input may have 100,000 members.
    let setters = input
        .optional()
        .map(move |field| call_setter(ctx, &names.module, input, field, &mut scope));
    let fill = input.fill_tokens(&quote!(self.input));
    let receiver = if fill.is_empty() {
        quote!(self)
    } else {
        quote!(mut self)
    };
    let paginator = ctx.service.paginators.contains_key(&op.name).then(|| {
        quote! {
            /// The pages of results, as a stream of outputs (`futures` `Stream`): each
            /// page is requested with the token of the one before, until the service
            /// returns none. `items()` streams the results of every page instead;
            /// `page_size`, `max_items` and `starting_token` configure it.
            #[inline]
            pub fn into_paginator(self) -> ::sdk_runtime::Paginator<#marker> {
                self.handle.paginator::<#marker>(self.input)
            }
        }
    });
    let presigned = presigns(ctx).then(|| {
        quote! {
            /// The request this call would send, signed in its URL (SigV4 query
            /// parameters) for `expires_in`, for anyone to send without credentials
            /// until then (a browser, `curl`), as boto3's `generate_presigned_url`
            /// makes it. Nothing is sent.
            #[inline]
            pub async fn presigned(
                #receiver,
                expires_in: ::std::time::Duration,
            ) -> ::std::result::Result<::sdk_runtime::client::PresignedRequest, #error> {
                #fill
                self.handle.presign::<#marker>(&self.input, expires_in).await
            }
        }
    });
    modules.add_item(
        &names.module,
        quote! {
            #doc
            #[derive(Clone, Debug)]
            #[must_use = "a call does nothing until it is sent"]
            pub struct #call {
                handle: ::sdk_runtime::Handle,
                input: #input_path,
            }
        },
    )?;
    let new = quote! {
        #[inline]
        pub(crate) fn new(handle: ::sdk_runtime::Handle, input: #input_path) -> Self {
            Self { handle, input }
        }
    };
    let rest = quote! {
        /// The input as set so far.
        #[inline]
        pub fn as_input(&self) -> &#input_path {
            &self.input
        }

        /// The input as set so far, to keep or send later with
        /// [`Client::send`](crate::Client::send).
        #[inline]
        pub fn into_input(self) -> #input_path {
            self.input
        }

        /// Sends the call: the output, or the error (a documented error of the
        /// operation, or why there was no answer).
        #[inline]
        pub async fn send(#receiver) -> ::std::result::Result<#output, #error> {
            #fill
            self.handle.send::<#marker>(&self.input).await
        }

        #paginator
        #presigned
    };
    let items = std::iter::once(Ok(new))
        .chain(setters)
        .chain(std::iter::once(Ok(rest)));
    modules.add_with_list(&names.module, ListOf::ImplItems, items, |items| {
        quote! {
            impl #call {
                #items
            }
        }
    })
}

/// True for a service whose requests are commonly handed out presigned: S3's objects
/// are fetched and uploaded by URL (boto3's `generate_presigned_url`).
fn presigns(ctx: &Context<'_>) -> bool {
    ctx.service.metadata.service_id.as_deref() == Some("S3")
}

/// A setter of the call, delegating to the input's setter of the same member.
pub(super) fn call_setter(
    ctx: &Context<'_>,
    module: &ModulePath,
    input: &Input<'_>,
    field: &Field<'_>,
    scope: &mut Scope,
) -> Result<TokenStream, EmitError> {
    let member = field.member;
    let referrer = format!("{}.{}", input.shape, member.name);
    let ty = rust_type::target_type(ctx, member, module, &referrer)?;
    let setter = ident::to_ident(&scope.claim(field.name.clone()));
    let input_setter = ident::to_ident(&field.name);
    // The whole docs, not the summary: a first paragraph often ends in "For example:"
    // or "the valid values are:", and what it announces is the part the caller needs.
    let about = docs::foreign_or(&member.docs, || format!("The `{}` member.", member.name));
    let doc = docs::attrs(&format!("Sets `{}`: {}", member.name, about.trim_start()));
    let allow = setter_allows(&field.name);
    let deprecated = member
        .deprecated
        .as_ref()
        .map(|note| quote!(#[deprecated(note = #note)]));
    Ok(quote! {
        #doc
        #deprecated
        #allow
        #[inline]
        pub fn #setter(mut self, value: impl ::std::convert::Into<#ty>) -> Self {
            self.input = self.input.#input_setter(value);
            self
        }
    })
}

/// `impl OperationInput` for the input of `op`, unless another operation takes the same
/// input type (then the input alone cannot say which operation to call).
fn operation_input_impl(
    ctx: &Context<'_>,
    op: &Operation,
    names: &OperationNames,
    input: &Input<'_>,
) -> Option<TokenStream> {
    let takers = ctx
        .service
        .operations
        .values()
        .filter(|other| other.input == op.input)
        .count();
    (takers == 1).then(|| {
        let marker = ident::to_ident(&names.marker);
        let input_path = &input.path;
        let fill = input.fill_tokens(&quote!(self));
        let fill = (!fill.is_empty()).then(|| {
            quote! {
                #[inline]
                fn fill_idempotency_tokens(&mut self) {
                    #fill
                }
            }
        });
        quote! {
            impl crate::client::OperationInput for #input_path {
                type Operation = #marker;
                #fill
            }
        }
    })
}

/// Root items: the client and the runtime types users need beside it, and the hidden
/// operation list.
fn root_items(listed: &[TokenStream]) -> TokenStream {
    quote! {
        pub use crate::client::{Client, OperationInput};
        #[doc(no_inline)]
        pub use ::sdk_runtime::{Config, ConfigError, Credentials, Items, Paginator, Region};

        /// Calls the macro named by its argument with this crate's client type and every
        /// operation, as `client: Client, operations: [("WireName", MarkerType), ...]`, for
        /// tests that cover every operation. Not part of the stable API.
        #[doc(hidden)]
        #[macro_export]
        macro_rules! for_each_operation {
            ($callback:ident) => {
                $callback! {
                    client: $crate::Client,
                    operations: [#(#listed)*]
                }
            };
        }
    }
}
