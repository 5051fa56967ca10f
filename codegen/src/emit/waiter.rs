//! Waiters: per waiter a static `WaiterSchema` (the operation, delay, attempts and the
//! acceptors the wire facts give), a `Client::wait_until_<name>` method taking the
//! operation's required members, and its builder (the operation's optional setters,
//! `max_wait`, `send`) calling the runtime's `waiter::wait`. All in the `waiters`
//! module; a waiter without acceptors (no wire facts) is not emitted, since it could
//! not tell success from failure.
//!
//! ```text
//! client.wait_until_table_exists("my-table").max_wait(Duration::from_secs(60)).send().await?;
//! ```

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::client::{call_setter, Input, CALL_METHODS};
use super::files::{ListOf, Modules};
use super::layout::{ModulePath, OperationNames};
use super::{docs, rust_type, Context, EmitError};
use crate::ident::{self, Scope};
use crate::ir::{Acceptor, AcceptorState, Expected, Matcher, Operation, Service, Waiter};

/// The module of the waiters.
pub(super) fn module() -> ModulePath {
    ModulePath(vec!["waiters".into()])
}

/// The docs of the `waiters` module.
pub(super) fn module_docs() -> String {
    "Waiters: an operation called until its answer says a resource reached a state \
     (`Client::wait_until_*`), each described by a static `WaiterSchema`."
        .to_owned()
}

/// The waiters of `service` that are emitted: those with acceptors, of an operation the
/// crate has.
pub fn emitted(service: &Service) -> impl Iterator<Item = &Waiter> {
    service
        .waiters
        .values()
        .filter(|w| !w.acceptors.is_empty() && service.operations.contains_key(&w.operation))
}

/// Emits the waiters polling `op` into the `waiters` module; returns the client methods.
pub(super) fn emit(
    ctx: &Context<'_>,
    op: &Operation,
    names: &OperationNames,
    input: &Input<'_>,
    modules: &mut Modules,
) -> Result<Vec<TokenStream>, EmitError> {
    let waiters: Vec<&Waiter> = emitted(ctx.service)
        .filter(|w| w.operation == op.name)
        .collect();
    if waiters.is_empty() {
        return Ok(Vec::new());
    }
    let module = module();
    let marker = names.module.item_path(&names.marker);
    let error = names.module.item_path(&names.error);
    if !op.errors.is_empty() {
        // The runtime implements it for the shared `CommonError`.
        modules.add_item(
            &module,
            quote! {
                impl ::sdk_runtime::waiter::ErrorCode for #error {
                    #[inline]
                    fn error_meta(&self) -> ::std::option::Option<&::sdk_runtime::protocol::ErrorMetadata> {
                        self.meta()
                    }
                }
            },
        )?;
    }
    let mut methods = Vec::new();
    for waiter in waiters {
        methods.push(one(ctx, op, waiter, &marker, &error, input, modules)?);
    }
    Ok(methods)
}

fn one(
    ctx: &Context<'_>,
    op: &Operation,
    waiter: &Waiter,
    marker: &TokenStream,
    error: &TokenStream,
    input: &Input<'_>,
    modules: &mut Modules,
) -> Result<TokenStream, EmitError> {
    let module = module();
    let snake = ident::snake_case(&waiter.name);
    let builder = format_ident!("{}Waiter", ident::pascal_case(&waiter.name));
    let schema = format_ident!("{}", snake.to_ascii_uppercase());
    let output = ctx.shape(&op.output, &op.name, &op.source)?.1.path();
    let input_path = &input.crate_path;
    let name = &waiter.name;
    let wire = &op.name;
    let delay = u64::from(waiter.delay);
    let attempts = waiter.max_attempts;
    let (delay_lit, attempts_lit) = (
        Literal::u64_unsuffixed(delay),
        Literal::u32_unsuffixed(attempts),
    );
    let acceptors = waiter.acceptors.iter().map(acceptor);
    let schema_doc =
        format!(" The `{name}` waiter: `{wire}` every {delay} s, at most {attempts} times.");
    modules.add_item(
        &module,
        quote! {
            #[doc = #schema_doc]
            pub static #schema: ::sdk_runtime::waiter::WaiterSchema = ::sdk_runtime::waiter::WaiterSchema {
                name: #name,
                operation: #wire,
                delay_secs: #delay_lit,
                max_attempts: #attempts_lit,
                acceptors: &[#(#acceptors),*],
            };
        },
    )?;

    let method = format_ident!("wait_until_{}", snake);
    let mut params = Vec::new();
    let mut args = Vec::new();
    for field in input.required() {
        let arg = ident::to_ident(&field.name);
        let referrer = format!("{}.{}", input.shape, field.member.name);
        let ty = rust_type::target_type(ctx, field.member, &ModulePath::client(), &referrer)?;
        params.push(quote!(#arg: impl ::std::convert::Into<#ty>));
        args.push(arg);
    }
    let allow = (params.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let summary = docs::summary(&docs::foreign_or(&waiter.docs, || {
        format!("Polls `{wire}` until the `{name}` waiter succeeds.")
    }));
    let method_doc = docs::attrs(&format!(
        "Waits until `{name}`: {summary}\n\nReturns a [`{builder}`](crate::waiters::{builder}) \
         to set optional members and [`max_wait`](crate::waiters::{builder}::max_wait) on, \
         then [`send`](crate::waiters::{builder}::send)."
    ));
    let method = quote! {
        #method_doc
        #allow
        #[inline]
        pub fn #method(&self, #(#params),*) -> crate::waiters::#builder {
            crate::waiters::#builder::new(
                ::std::clone::Clone::clone(&self.handle),
                #input_path::new(#(#args),*),
            )
        }
    };

    let builder_doc = format!(
        " A wait for `{name}`, from [`Client::wait_until_{snake}`](crate::Client::wait_until_{snake}): \
         set optional members and the longest wait, then [`send`](Self::send) it."
    );
    modules.add_item(
        &module,
        quote! {
            #[doc = #builder_doc]
            #[derive(Clone, Debug)]
            #[must_use = "a wait does nothing until it is sent"]
            pub struct #builder {
                handle: ::sdk_runtime::Handle,
                input: #input_path,
                max_wait: ::std::option::Option<::std::time::Duration>,
            }
        },
    )?;
    let mut scope = Scope::snake();
    scope.reserve(CALL_METHODS.iter().copied());
    scope.reserve(["max_wait"]);
    let setters: Vec<_> = input
        .optional()
        .map(|field| call_setter(ctx, &module, input, field, &mut scope))
        .collect();
    let fill = input.fill_tokens(&quote!(self.input));
    let receiver = if fill.is_empty() {
        quote!(self)
    } else {
        quote!(mut self)
    };
    let default_wait = u64::from(waiter.delay) * u64::from(waiter.max_attempts);
    let max_wait_doc = format!(
        " The longest the wait may take, attempts and delays included; by default the \
         waiter's {attempts} attempts times its {delay} s delay ({default_wait} s)."
    );
    let new = quote! {
        #[inline]
        pub(crate) fn new(handle: ::sdk_runtime::Handle, input: #input_path) -> Self {
            Self { handle, input, max_wait: ::std::option::Option::None }
        }
    };
    let rest = quote! {
        #[doc = #max_wait_doc]
        #[inline]
        pub fn max_wait(mut self, max_wait: ::std::time::Duration) -> Self {
            self.max_wait = ::std::option::Option::Some(max_wait);
            self
        }

        /// The input as set so far.
        #[inline]
        pub fn as_input(&self) -> &#input_path {
            &self.input
        }

        /// Calls the operation until an acceptor says success (the outcome holds the
        /// last answer), failure, or the attempts or the longest wait run out.
        pub async fn send(
            #receiver,
        ) -> ::std::result::Result<
            ::sdk_runtime::waiter::WaiterOutcome<#output, #error>,
            ::sdk_runtime::waiter::WaiterError<#error>,
        > {
            #fill
            let max_wait = self
                .max_wait
                .unwrap_or_else(|| ::sdk_runtime::waiter::default_max_wait(&#schema));
            ::sdk_runtime::waiter::wait::<#marker>(&self.handle, &self.input, &#schema, max_wait).await
        }
    };
    let items = std::iter::once(Ok(new))
        .chain(setters)
        .chain(std::iter::once(Ok(rest)));
    modules.add_with_list(&module, ListOf::ImplItems, items, |items| {
        quote! {
            impl #builder {
                #items
            }
        }
    })?;
    Ok(method)
}

/// `Acceptor { state, matcher }` as a constant expression.
fn acceptor(acceptor: &Acceptor) -> TokenStream {
    let state = match acceptor.state {
        AcceptorState::Success => quote!(Success),
        AcceptorState::Failure => quote!(Failure),
        AcceptorState::Retry => quote!(Retry),
    };
    let path = |variant: TokenStream, path: &str, expected: &Expected| {
        let expected = match expected {
            Expected::String(s) => quote!(::sdk_runtime::waiter::Expected::String(#s)),
            Expected::Bool(b) => quote!(::sdk_runtime::waiter::Expected::Bool(#b)),
            Expected::Number(n) => {
                let n = Literal::f64_unsuffixed(*n);
                quote!(::sdk_runtime::waiter::Expected::Number(#n))
            }
        };
        quote!(::sdk_runtime::waiter::Matcher::#variant { path: #path, expected: #expected })
    };
    let matcher = match &acceptor.matcher {
        Matcher::Path { path: p, expected } => path(quote!(Path), p, expected),
        Matcher::PathAll { path: p, expected } => path(quote!(PathAll), p, expected),
        Matcher::PathAny { path: p, expected } => path(quote!(PathAny), p, expected),
        Matcher::Status(code) => {
            let code = Literal::u16_unsuffixed(*code);
            quote!(::sdk_runtime::waiter::Matcher::Status(#code))
        }
        Matcher::Error(code) => quote!(::sdk_runtime::waiter::Matcher::Error(#code)),
        Matcher::AnyError(any) => quote!(::sdk_runtime::waiter::Matcher::AnyError(#any)),
    };
    quote! {
        ::sdk_runtime::waiter::Acceptor {
            state: ::sdk_runtime::waiter::AcceptorState::#state,
            matcher: #matcher,
        }
    }
}
