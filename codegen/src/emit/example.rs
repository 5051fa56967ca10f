//! Documented examples as Rust: the input built with the generated API (required members
//! as arguments, optional ones as setters, nested structures with `new` and setters,
//! enums by variant), then sent.
//!
//! One expression per example is written twice from the same tokens: in the operation's
//! rustdoc, as a `no_run` doctest, and in the crate's hidden `examples` module, as a
//! function returning the call. The boto3 oracle sends those functions' calls, so the
//! code the docs show is the code checked against boto3's request for the example.

use std::collections::BTreeSet;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::files::Modules;
use super::layout::{ModulePath, OperationNames};
use super::structure::fields;
use super::{client::CALL_METHODS, enumeration, Context, EmitError};
use crate::ident::{self, Scope};
use crate::ir::{ExampleValue, Member, Operation, ShapeKind, TypeRef, Width};

/// The module of the example functions.
pub const MODULE: &str = "examples";

/// One example written as Rust.
pub struct RustExample {
    /// `use` paths of the types it names, each `module::path::Name` from the crate root.
    imports: BTreeSet<Vec<String>>,
    /// The call, `client.op(...).setter(...)`.
    call: TokenStream,
    /// The function in the examples module: `list_devices_0`.
    function: String,
}

/// The examples of `op` that read as calls, by their index among its examples.
pub fn of(
    ctx: &Context<'_>,
    op: &Operation,
    names: &OperationNames,
) -> Result<Vec<(usize, RustExample)>, EmitError> {
    let mut out = Vec::new();
    for (index, example) in op.examples.iter().enumerate() {
        let Some(args) = &example.call else { continue };
        let mut writer = Writer {
            ctx,
            imports: BTreeSet::new(),
            referrer: &op.name,
            op,
        };
        let call = writer.call(names, args)?;
        out.push((
            index,
            RustExample {
                imports: writer.imports,
                call,
                function: format!("{}_{index}", names.method.trim_start_matches("r#")),
            },
        ));
    }
    Ok(out)
}

impl RustExample {
    /// The doctest: a hidden wrapper taking the client, the imports, the call sent.
    pub fn doctest(&self, lib: &str) -> Result<String, EmitError> {
        let lib_ident = format_ident!("{}", lib);
        let imports = self.uses(quote!(#lib_ident));
        let call = &self.call;
        let body = quote! {
            async fn f() {
                #imports
                let response = #call.send().await?;
                println!("{response:?}");
            }
        };
        let file = syn::parse2::<syn::File>(body).map_err(|e| EmitError::InvalidCode {
            file: format!("the example {}", self.function),
            message: e.to_string(),
        })?;
        let text = prettyplease::unparse(&file);
        let lines: Vec<&str> = text.lines().collect();
        let inner = lines
            .get(1..lines.len().saturating_sub(1))
            .unwrap_or_default()
            .iter()
            .map(|line| line.strip_prefix("    ").unwrap_or(line))
            .collect::<Vec<_>>()
            .join("\n");
        let inner = match inner.find("\nlet response") {
            // A blank line between the imports and the code, as one writes it.
            Some(at) => format!("{}\n{}", &inner[..at], &inner[at..]),
            None => inner,
        };
        Ok(format!(
            "```no_run\n# async fn example(client: &{lib}::Client) -> Result<(), Box<dyn std::error::Error>> {{\n{inner}\n# Ok(())\n# }}\n```"
        ))
    }

    fn uses(&self, root: TokenStream) -> TokenStream {
        let uses = self.imports.iter().map(|path| {
            let path = path.iter().map(|p| ident::to_ident(p));
            quote!(use #root #(::#path)*;)
        });
        quote!(#(#uses)*)
    }
}

/// The examples module: a function per example returning its call, the list of them,
/// and `send`, which sends one by operation and index (for the oracle tests).
pub fn emit_module(
    ctx: &Context<'_>,
    examples: &[(&Operation, Vec<(usize, RustExample)>)],
    modules: &mut Modules,
) -> Result<(), EmitError> {
    let module = ModulePath(vec![MODULE.to_owned()]);
    let mut listed = Vec::new();
    let mut arms = Vec::new();
    for (op, written) in examples {
        let Some(names) = ctx.layout.operation(&op.name) else {
            continue;
        };
        for (index, example) in written {
            let function = format_ident!("{}", example.function);
            let call_path = names.module.item_path(&names.call);
            let imports = example.uses(quote!(crate));
            let call = &example.call;
            let doc = format!(
                " Example {} of `{}`, as its docs show it.",
                index + 1,
                op.name
            );
            modules.add_item(
                &module,
                quote! {
                    #[doc = #doc]
                    // The docs show deprecated operations and members as they are.
                    #[allow(deprecated)]
                    // Compiled only by a crate that calls it, as `send` below.
                    #[inline]
                    pub fn #function(client: &crate::Client) -> #call_path {
                        #imports
                        #call
                    }
                },
            )?;
            let wire = &op.name;
            listed.push(quote!((#wire, #index),));
            arms.push(quote! {
                (#wire, #index) => ::std::option::Option::Some(
                    #function(client).send().await.map(drop).map_err(|e| e.to_string()),
                ),
            });
        }
    }
    let body = if arms.is_empty() {
        quote! {
            let _ = (client, operation, index);
            ::std::option::Option::None
        }
    } else {
        quote! {
            match (operation, index) {
                #(#arms)*
                _ => ::std::option::Option::None,
            }
        }
    };
    modules.set_docs(
        &module,
        "The examples of the operation docs as functions returning their calls, for tests \
         that check what they send. Not part of the stable API."
            .to_owned(),
    );
    modules.add_item(
        &module,
        quote! {
            /// Every example: the operation's wire name and the example's index among
            /// its documented examples.
            pub const ALL: &[(&str, usize)] = &[#(#listed)*];

            /// Sends example `index` of `operation`: `None` when there is no such example.
            // Generic, so that only a crate calling it compiles it: a plain function
            // would have every build of the generated crate compile the sending path of
            // each example's operation (40% of sdk-lambda's build).
            pub async fn send<C: ::std::borrow::Borrow<crate::Client>>(
                client: C,
                operation: &str,
                index: usize,
            ) -> ::std::option::Option<::std::result::Result<(), ::std::string::String>> {
                let client: &crate::Client = client.borrow();
                #body
            }
        },
    )
}

/// Writes the values of one example, collecting the types it names.
struct Writer<'c, 'a> {
    ctx: &'c Context<'a>,
    imports: BTreeSet<Vec<String>>,
    referrer: &'c str,
    op: &'c Operation,
}

impl<'c, 'a> Writer<'c, 'a> {
    fn unsupported(&self, what: String) -> EmitError {
        EmitError::Unsupported {
            referrer: format!("an example of {}", self.referrer),
            what,
            at: self.op.source.clone(),
        }
    }

    /// `client.method(required...).setter(optional)...`.
    fn call(
        &mut self,
        names: &OperationNames,
        args: &[(String, ExampleValue)],
    ) -> Result<TokenStream, EmitError> {
        let members = self.members(&self.op.input)?;
        let fields = fields(members);
        let method = ident::to_ident(&names.method);
        let mut required = Vec::new();
        for field in fields.iter().filter(|f| f.member.required) {
            let value = self.arg(args, &field.member.name)?;
            required.push(self.value(&field.member.target, value, true)?);
        }
        let mut scope = Scope::snake();
        scope.reserve(CALL_METHODS.iter().copied());
        let setters: Vec<(String, &Member)> = fields
            .iter()
            .filter(|f| !f.member.required)
            .map(|f| (scope.claim(f.name.clone()), f.member))
            .collect();
        let mut call = quote!(client.#method(#(#required),*));
        for (name, value) in args {
            if let Some((setter, member)) = setters.iter().find(|(_, m)| &m.name == name) {
                let setter = ident::to_ident(setter);
                let value = self.value(&member.target, value, true)?;
                call = quote!(#call.#setter(#value));
            }
        }
        Ok(call)
    }

    fn members(&self, shape: &str) -> Result<&'a [Member], EmitError> {
        let service: &'a crate::ir::Service = self.ctx.service;
        match service.shapes.get(shape).map(|s| &s.kind) {
            Some(
                ShapeKind::Structure { members }
                | ShapeKind::Union { members }
                | ShapeKind::Error { members, .. },
            ) => Ok(members),
            _ => Err(self.unsupported(format!("`{shape}` is not a structure"))),
        }
    }

    fn arg<'v>(
        &self,
        args: &'v [(String, ExampleValue)],
        name: &str,
    ) -> Result<&'v ExampleValue, EmitError> {
        args.iter()
            .find(|(set, _)| set == name)
            .map(|(_, value)| value)
            .ok_or_else(|| self.unsupported(format!("the required member `{name}` unset")))
    }

    /// The type `name` bare, imported from its module.
    fn named(&mut self, name: &str) -> Result<TokenStream, EmitError> {
        let (_, placed) = self.ctx.shape(name, self.referrer, &self.op.source)?;
        let mut path = placed.module.0.clone();
        path.push(placed.name.clone());
        self.imports.insert(path);
        let ident = placed.ident();
        Ok(quote!(#ident))
    }

    /// `value` as an argument of type `target`: `into` where the parameter takes
    /// `impl Into<T>` (strings stay `&str` literals), else exactly `T`.
    fn value(
        &mut self,
        target: &TypeRef,
        value: &ExampleValue,
        into: bool,
    ) -> Result<TokenStream, EmitError> {
        Ok(match (target, value) {
            (_, ExampleValue::String(s)) => {
                let lit = Literal::string(s);
                if into {
                    quote!(#lit)
                } else {
                    quote!(#lit.to_owned())
                }
            }
            (_, ExampleValue::Boolean(b)) => quote!(#b),
            (TypeRef::Integer { width: Width::W32 }, ExampleValue::Integer(n)) => {
                let n = i32::try_from(*n)
                    .map_err(|_| self.unsupported(format!("{n} as a 32-bit integer")))?;
                let lit = Literal::i32_suffixed(n);
                quote!(#lit)
            }
            (_, ExampleValue::Integer(n)) => {
                let lit = Literal::i64_suffixed(*n);
                quote!(#lit)
            }
            (TypeRef::Float { width }, ExampleValue::Float(text)) => {
                let n: f64 = text
                    .parse()
                    .map_err(|_| self.unsupported(format!("the number {text}")))?;
                let lit = if *width == Width::W32 {
                    Literal::f32_suffixed(n as f32)
                } else {
                    Literal::f64_suffixed(n)
                };
                quote!(#lit)
            }
            (_, ExampleValue::Timestamp(secs)) => {
                quote!(sdk_runtime::DateTime::from_secs_and_nanos(#secs, 0))
            }
            // A streaming payload's setter takes `impl Into<ByteStream>`, which bytes are;
            // `Blob` is not.
            (TypeRef::StreamingBlob, ExampleValue::Blob(bytes)) if into => {
                let lit = Literal::byte_string(bytes);
                quote!(#lit.to_vec())
            }
            (_, ExampleValue::Blob(bytes)) => {
                let lit = Literal::byte_string(bytes);
                quote!(sdk_runtime::Blob::new(#lit))
            }
            (TypeRef::List { member }, ExampleValue::List(items)) => {
                if items.is_empty() {
                    let ty = self.type_of(member)?;
                    quote!(Vec::<#ty>::new())
                } else {
                    let items = items
                        .iter()
                        .map(|item| self.value(member, item, false))
                        .collect::<Result<Vec<_>, _>>()?;
                    quote!(vec![#(#items),*])
                }
            }
            (TypeRef::Map { key, value: of }, ExampleValue::Map(entries)) => {
                if entries.is_empty() {
                    let k = self.type_of(key)?;
                    let v = self.type_of(of)?;
                    quote!(std::collections::BTreeMap::<#k, #v>::new())
                } else {
                    let mut pairs = Vec::new();
                    for (k, v) in entries {
                        let k = match **key {
                            TypeRef::Named { .. } => {
                                self.value(key, &ExampleValue::Enum(k.clone()), false)?
                            }
                            _ => self.value(key, &ExampleValue::String(k.clone()), false)?,
                        };
                        let v = self.value(of, v, false)?;
                        pairs.push(quote!((#k, #v)));
                    }
                    quote!(std::collections::BTreeMap::from([#(#pairs),*]))
                }
            }
            (TypeRef::Named { name }, _) => self.named_value(name, value)?,
            (target, value) => {
                return Err(self.unsupported(format!("{value:?} as a value of {target:?}")))
            }
        })
    }

    fn named_value(&mut self, name: &str, value: &ExampleValue) -> Result<TokenStream, EmitError> {
        let ctx = self.ctx;
        let kind = &ctx.shape(name, self.referrer, &self.op.source)?.0.kind;
        let ty = self.named(name)?;
        Ok(match (kind, value) {
            (ShapeKind::Enum { values }, ExampleValue::Enum(v)) => {
                let variant = enumeration::variant_names(values)
                    .into_iter()
                    .find(|(value, _)| *value == v)
                    .map(|(_, variant)| ident::to_ident(&variant))
                    .ok_or_else(|| self.unsupported(format!("`{v}` as a value of `{name}`")))?;
                quote!(#ty::#variant)
            }
            (ShapeKind::Structure { members }, ExampleValue::Structure(set)) => {
                let fields = fields(members);
                let mut required = Vec::new();
                for field in fields.iter().filter(|f| f.member.required) {
                    let v = self.arg(set, &field.member.name)?;
                    required.push(self.value(&field.member.target, v, true)?);
                }
                let mut out = quote!(#ty::new(#(#required),*));
                for (member, v) in set {
                    if let Some(field) = fields
                        .iter()
                        .find(|f| !f.member.required && &f.member.name == member)
                    {
                        let setter = ident::to_ident(&field.name);
                        let v = self.value(&field.member.target, v, true)?;
                        out = quote!(#out.#setter(#v));
                    }
                }
                out
            }
            (ShapeKind::Union { members }, ExampleValue::Union(member, v)) => {
                let mut scope = Scope::pascal();
                scope.reserve([ident::UNKNOWN_VARIANT]);
                let variants: Vec<(String, &Member)> = members
                    .iter()
                    .map(|m| (scope.claim(ident::variant_name(&m.name)), m))
                    .collect();
                let (variant, target) = variants
                    .iter()
                    .find(|(_, m)| &m.name == member)
                    .ok_or_else(|| self.unsupported(format!("`{name}.{member}`")))?;
                let variant = ident::to_ident(variant);
                let inner = self.value(&target.target, v, false)?;
                if target.boxed {
                    quote!(#ty::#variant(::std::boxed::Box::new(#inner)))
                } else {
                    quote!(#ty::#variant(#inner))
                }
            }
            _ => return Err(self.unsupported(format!("{value:?} as a value of `{name}`"))),
        })
    }

    /// The type of an empty collection's elements.
    fn type_of(&mut self, target: &TypeRef) -> Result<TokenStream, EmitError> {
        Ok(match target {
            TypeRef::String => quote!(String),
            TypeRef::Boolean => quote!(bool),
            TypeRef::Integer { width: Width::W32 } => quote!(i32),
            TypeRef::Integer { .. } => quote!(i64),
            TypeRef::Float { width: Width::W32 } => quote!(f32),
            TypeRef::Float { .. } => quote!(f64),
            TypeRef::Timestamp => quote!(sdk_runtime::DateTime),
            TypeRef::Blob | TypeRef::StreamingBlob => quote!(sdk_runtime::Blob),
            TypeRef::List { member } => {
                let member = self.type_of(member)?;
                quote!(Vec<#member>)
            }
            TypeRef::Map { key, value } => {
                let key = self.type_of(key)?;
                let value = self.type_of(value)?;
                quote!(std::collections::BTreeMap<#key, #value>)
            }
            TypeRef::Named { name } => self.named(name)?,
            other => return Err(self.unsupported(format!("a collection of {other:?}"))),
        })
    }
}
