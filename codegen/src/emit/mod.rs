//! Emitters: from [`crate::ir::Service`] to the files of a Rust crate.
//!
//! [`generate_crate`] is pure: it returns every file of the crate as text and writes
//! nothing. [`layout`] decides where each item lives and what it is called; one small
//! module per kind of item turns the model into tokens with `quote!`; `files` puts the
//! tokens into modules and formats them with `prettyplease`.
//!
//! Generated code is data plus thin calls into the runtime crate (`sdk_runtime`): the
//! protocol codecs, error metadata and pagination logic live there once.

mod cargo_toml;
mod client;
mod docs;
mod enumeration;
mod example;
mod files;
mod glue;
mod labels;
pub mod layout;
mod operation;
mod paginator;
mod roundtrip;
mod rust_type;
mod schema;
mod service;
mod structure;
mod union;
mod unsupported;
mod waiter;

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use crate::ir::{self, SourceLoc};

pub use service::crate_protocol;

/// What to call the crate and where its dependencies are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrateSettings {
    /// Package name: `sdk-devicefarm` (the library is `sdk_devicefarm`).
    pub crate_name: String,
    /// Package version: `0.1.0`.
    pub version: String,
    /// Path from the crate directory to the runtime crate: `../../runtime`.
    pub runtime_path: String,
    /// The command that regenerates the crate, named in every file's header:
    /// `cargo xtask codegen`.
    pub generator_command: String,
}

impl CrateSettings {
    /// The library name: the package name with `_` for `-` (`sdk_devicefarm`).
    pub fn lib_name(&self) -> String {
        crate::ident::module_name(&self.crate_name.replace('-', "_"))
    }
}

/// Why a model cannot be turned into a crate.
#[derive(Debug, thiserror::Error)]
pub enum EmitError {
    /// The service speaks a protocol the emitters do not implement.
    #[error(
        "service `{service}` uses the `{protocol}` protocol; only awsJson (`json`), restJson1 (`rest-json`), restXml (`rest-xml`), awsQuery (`query`) and ec2Query (`ec2`) are supported"
    )]
    UnsupportedProtocol {
        /// The service name.
        service: String,
        /// Its protocol.
        protocol: String,
    },
    /// A wire fact every request of the service's protocol needs is missing from the
    /// metadata.
    #[error("service `{service}`: metadata lacks `{field}`, which its requests need")]
    MissingMetadata {
        /// The service name.
        service: String,
        /// The missing field of `service.toml`.
        field: &'static str,
    },
    /// A reference to a shape the model does not define.
    #[error("{}: `{referrer}` refers to shape `{name}`, which the model does not define", Loc(.at))]
    UnknownShape {
        /// The missing shape.
        name: String,
        /// The operation or `Shape.member` referring to it.
        referrer: String,
        /// Where the reference was documented.
        at: SourceLoc,
    },
    /// A shape used where a different kind of shape is needed.
    #[error("{}: `{referrer}` needs {expected}, but `{name}` is not one", Loc(.at))]
    WrongShapeKind {
        /// The shape.
        name: String,
        /// What it is used as.
        referrer: String,
        /// What that use needs: `an error shape`, `a structure`.
        expected: &'static str,
        /// Where the use was documented.
        at: SourceLoc,
    },
    /// A type the emitters cannot express for this protocol.
    #[error("{}: `{referrer}`: {what} is not supported", Loc(.at))]
    Unsupported {
        /// The member or shape using it.
        referrer: String,
        /// What is not supported.
        what: String,
        /// Where it was documented.
        at: SourceLoc,
    },
    /// A paginator the emitters cannot describe.
    #[error("{}: paginator of `{operation}`: {reason}", Loc(.at))]
    Paginator {
        /// The paginated operation.
        operation: String,
        /// What is wrong.
        reason: String,
        /// Where the paginator was documented.
        at: SourceLoc,
    },
    /// Generated code that does not parse: a bug in the emitters, reported rather than
    /// written out.
    #[error("generated `{file}` is not valid Rust: {message}")]
    InvalidCode {
        /// The generated file.
        file: String,
        /// The parser's complaint.
        message: String,
    },
}

/// Shows a [`SourceLoc`] the way compilers do: `client/get_device.rst:12:3`.
struct Loc<'a>(&'a SourceLoc);

impl fmt::Display for Loc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.0.file, self.0.line, self.0.column)
    }
}

/// Every file of the crate, path relative to the crate directory → content. Rust files
/// are formatted by `prettyplease`; `Cargo.toml` is included. Pure: no I/O.
pub fn generate_crate(
    model: &ir::Service,
    settings: &CrateSettings,
) -> Result<BTreeMap<PathBuf, String>, EmitError> {
    let spec = service::ServiceSpec::of(model)?;
    // What the emitters cannot express is left out, and the crate docs say so.
    let pruned = unsupported::supported(model);
    let (service, left_out) = match &pruned {
        Some((pruned, left_out)) => (pruned, left_out.docs()),
        None => (model, String::new()),
    };
    let labelled = labels::required(service);
    let service = labelled.as_ref().unwrap_or(service);
    let ir::Service {
        name: _,
        title: _,
        uid: _,
        api_version: _,
        docs: _,
        metadata: _,
        operations,
        shapes,
        paginators,
        // Emitted with the client (`waiter`), which has their methods.
        waiters: _,
    } = service;
    let layout = layout::Layout::new(service)?;
    let schemas = schema::SchemaNames::new(layout.shapes().map(|(name, _)| name));
    let ctx = Context {
        service,
        layout,
        schemas,
        collections: schema::Collections::default(),
        protocol: spec.protocol,
    };

    // Outputs keep the request id of their response.
    let outputs: std::collections::BTreeSet<&str> =
        operations.values().map(|op| op.output.as_str()).collect();
    let mut modules = files::Modules::new(service::crate_docs(service) + &left_out);
    service::emit(&ctx, &spec, &mut modules)?;
    schema::emit_module(&mut modules)?;
    for (name, placed) in ctx.layout.shapes() {
        if let Some(shape) = shapes.get(name) {
            schema::emit(&ctx, shape, &mut modules)?;
            match &shape.kind {
                ir::ShapeKind::Structure { members } | ir::ShapeKind::Error { members, .. } => {
                    let is_output = outputs.contains(name);
                    structure::emit(&ctx, shape, members, placed, is_output, &mut modules)?;
                }
                ir::ShapeKind::Union { members } => {
                    let item = union::emit(&ctx, shape, members, placed)?;
                    modules.add_item(&placed.module, item)?;
                }
                ir::ShapeKind::Enum { values } => {
                    modules.add_item(&placed.module, enumeration::emit(shape, values, placed))?;
                }
            }
        }
    }
    let mut examples = Vec::new();
    for op in operations.values() {
        examples.push((
            op,
            operation::emit(&ctx, op, &settings.lib_name(), &mut modules)?,
        ));
    }
    example::emit_module(&ctx, &examples, &mut modules)?;
    for paginator in paginators.values() {
        let (module, item) = paginator::emit(&ctx, paginator)?;
        modules.add_item(&module, item)?;
    }
    client::emit(&ctx, &settings.lib_name(), &mut modules)?;
    ctx.collections.emit(&mut modules)?;

    let header = format!(
        "// @generated by {}. Do not edit.\n",
        settings.generator_command
    );
    let mut out = modules.render(&header)?;
    out.insert(
        PathBuf::from("Cargo.toml"),
        cargo_toml::render(service, spec.protocol, settings),
    );
    out.insert(
        PathBuf::from("tests/syntax_roundtrip.rs"),
        roundtrip::render(&ctx, &settings.crate_name, &header)?,
    );
    Ok(out)
}

/// What every emitter reads: the model and the names the layout gave it.
struct Context<'a> {
    service: &'a ir::Service,
    layout: layout::Layout,
    schemas: schema::SchemaNames,
    /// The list and map schemas, shared by the members that hold the same one.
    collections: schema::Collections,
    /// The protocol the crate speaks.
    protocol: ir::Protocol,
}

impl Context<'_> {
    /// `crate::schema::Name`: the static schema of the shape `name`.
    fn schema_path(
        &self,
        name: &str,
        referrer: &str,
        at: &SourceLoc,
    ) -> Result<proc_macro2::TokenStream, EmitError> {
        self.schemas
            .path(name)
            .ok_or_else(|| unknown_shape(name, referrer, at))
    }

    /// The bare name of the static schema of the shape `name`, as the `schema` module
    /// itself writes it.
    fn schema_static(
        &self,
        name: &str,
        referrer: &str,
        at: &SourceLoc,
    ) -> Result<proc_macro2::Ident, EmitError> {
        self.schemas
            .ident(name)
            .ok_or_else(|| unknown_shape(name, referrer, at))
    }

    /// The shape `name` refers to, with where it lives; `referrer` and `at` say who asks,
    /// for the error.
    fn shape(
        &self,
        name: &str,
        referrer: &str,
        at: &SourceLoc,
    ) -> Result<(&ir::Shape, &layout::Placed), EmitError> {
        match (self.service.shapes.get(name), self.layout.shape(name)) {
            (Some(shape), Some(placed)) => Ok((shape, placed)),
            _ => Err(EmitError::UnknownShape {
                name: name.to_owned(),
                referrer: referrer.to_owned(),
                at: at.clone(),
            }),
        }
    }
}

fn unknown_shape(name: &str, referrer: &str, at: &SourceLoc) -> EmitError {
    EmitError::UnknownShape {
        name: name.to_owned(),
        referrer: referrer.to_owned(),
        at: at.clone(),
    }
}
