//! Where every item of the generated crate lives and what it is called.
//!
//! [`module_for_shape`] is the one place that decides a shape's module; [`Layout`]
//! then names everything once, module by module, so that emitters only look names up.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::EmitError;
use crate::ident::{self, Scope};
use crate::ir::{Service, Shape, ShapeKind, SourceLoc, TypeRef};

/// A module of the generated crate, as its path below the crate root.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ModulePath(pub Vec<String>);

impl ModulePath {
    /// `types`: structures, unions and enums shared by operations.
    pub fn types() -> Self {
        Self(vec!["types".into()])
    }

    /// `types::error`: the error shapes.
    pub fn errors() -> Self {
        Self(vec!["types".into(), "error".into()])
    }

    /// `client`: the client and its operation methods.
    pub fn client() -> Self {
        Self(vec!["client".into()])
    }

    /// `operation`: the parent of one module per operation.
    pub fn operations() -> Self {
        Self(vec!["operation".into()])
    }

    /// `operation::<module>`.
    pub fn operation(module: &str) -> Self {
        Self(vec!["operation".into(), module.into()])
    }

    /// `crate::a::b::name`, for referring to an item from anywhere in the crate.
    pub fn item_path(&self, name: &str) -> TokenStream {
        self.item_path_from(quote!(crate), name)
    }

    /// `<root>::a::b::name`: `root` is `crate` inside the crate, the library name outside.
    pub fn item_path_from(&self, root: TokenStream, name: &str) -> TokenStream {
        let segments = self.0.iter().map(|s| ident::to_ident(s));
        let name = ident::to_ident(name);
        quote!(#root #(:: #segments)* :: #name)
    }

    /// The source file of this module: `src/types/error.rs`.
    pub fn file(&self) -> String {
        format!("src/{}.rs", self.0.join("/"))
    }
}

/// Which module a shape belongs in, by what it is and who uses it.
pub enum Home<'s> {
    /// Error shapes: `types::error`.
    Errors,
    /// The input or output of exactly one operation, used nowhere else: that
    /// operation's module.
    Operation(&'s str),
    /// Everything else: `types`.
    Types,
}

/// The one function deciding where a shape lives.
pub fn module_for_shape<'s>(shape: &Shape, usage: &Usage<'s>) -> Home<'s> {
    if matches!(shape.kind, ShapeKind::Error { .. }) {
        return Home::Errors;
    }
    match usage.io.get(shape.name.as_str()).map(Vec::as_slice) {
        Some([operation]) if !usage.referenced.contains(shape.name.as_str()) => {
            Home::Operation(operation)
        }
        _ => Home::Types,
    }
}

/// Who uses which shape.
#[derive(Debug, Default)]
pub struct Usage<'s> {
    /// Shape name → operations using it as input or output (once per use).
    io: BTreeMap<&'s str, Vec<&'s str>>,
    /// Shapes some member refers to.
    referenced: BTreeSet<&'s str>,
}

impl<'s> Usage<'s> {
    fn of(service: &'s Service) -> Self {
        let mut usage = Usage::default();
        for op in service.operations.values() {
            for shape in [&op.input, &op.output] {
                usage.io.entry(shape).or_default().push(&op.name);
            }
        }
        for shape in service.shapes.values() {
            for member in shape.kind.members() {
                collect_names(&member.target, &mut usage.referenced);
            }
        }
        usage
    }
}

fn collect_names<'s>(target: &'s TypeRef, into: &mut BTreeSet<&'s str>) {
    match target {
        TypeRef::Named { name } | TypeRef::EventStream { name } => {
            into.insert(name);
        }
        TypeRef::List { member } => collect_names(member, into),
        TypeRef::Map { key, value } => {
            collect_names(key, into);
            collect_names(value, into);
        }
        TypeRef::String
        | TypeRef::Boolean
        | TypeRef::Integer { .. }
        | TypeRef::Float { .. }
        | TypeRef::Timestamp
        | TypeRef::Blob
        | TypeRef::StreamingBlob
        | TypeRef::Document => {}
    }
}

/// A named item: its module and Rust name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placed {
    /// The module it is defined in.
    pub module: ModulePath,
    /// Its Rust name.
    pub name: String,
}

impl Placed {
    /// `crate::module::Name`.
    pub fn path(&self) -> TokenStream {
        self.module.item_path(&self.name)
    }

    /// The item as written in `module`: its bare name there, else its `crate::` path.
    pub fn path_from(&self, module: &ModulePath) -> TokenStream {
        if *module == self.module {
            let name = self.ident();
            quote!(#name)
        } else {
            self.path()
        }
    }

    /// The bare name.
    pub fn ident(&self) -> proc_macro2::Ident {
        ident::to_ident(&self.name)
    }
}

/// Names of the items generated per operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OperationNames {
    /// The operation's module.
    pub module: ModulePath,
    /// The marker type implementing `Operation` (`GetDevice`).
    pub marker: String,
    /// The error enum (`GetDeviceError`).
    pub error: String,
    /// The call the client's method returns, to configure and send (`GetDeviceCall`).
    pub call: String,
    /// The client's method (`get_device`).
    pub method: String,
}

/// Methods the generated `Client` has besides one per operation, and those of the
/// traits it implements: an operation must not take their names.
pub const CLIENT_METHODS: &[&str] = &[
    "new",
    "from_env",
    "from_config",
    "handle",
    "send",
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

/// Names and places of everything in the crate.
#[derive(Debug)]
pub struct Layout {
    shapes: BTreeMap<String, Placed>,
    operations: BTreeMap<String, OperationNames>,
}

impl Layout {
    /// Places and names every shape and operation of `service`.
    pub fn new(service: &Service) -> Result<Self, EmitError> {
        let usage = Usage::of(service);
        let mut modules: BTreeMap<ModulePath, Vec<&Shape>> = BTreeMap::new();
        let mut op_modules = Scope::snake();
        let mut operations = BTreeMap::new();
        for op in service.operations.values() {
            let module = ModulePath::operation(&op_modules.claim(ident::module_name(&op.name)));
            operations.insert(op.name.clone(), module);
        }
        for shape in service.shapes.values() {
            let module = match module_for_shape(shape, &usage) {
                Home::Errors => ModulePath::errors(),
                Home::Types => ModulePath::types(),
                Home::Operation(op) => match operations.get(op) {
                    Some(module) => module.clone(),
                    None => ModulePath::types(),
                },
            };
            modules.entry(module).or_default().push(shape);
        }

        let mut scopes: BTreeMap<ModulePath, Scope> = BTreeMap::new();
        let mut shapes = BTreeMap::new();
        // Documented shape names are claimed before the names the emitters invent.
        for (module, in_module) in &modules {
            let scope = scopes.entry(module.clone()).or_insert_with(Scope::pascal);
            for shape in in_module {
                let name = scope.claim(ident::type_name(&shape.name));
                let placed = Placed {
                    module: module.clone(),
                    name,
                };
                shapes.insert(shape.name.clone(), placed);
            }
        }
        let mut names = BTreeMap::new();
        let mut methods = Scope::snake();
        methods.reserve(CLIENT_METHODS.iter().copied());
        for (wire, module) in operations {
            let scope = scopes.entry(module.clone()).or_insert_with(Scope::pascal);
            let marker = scope.claim(ident::type_name(&wire));
            let error = scope.claim(format!("{marker}Error"));
            let call = scope.claim(format!("{marker}Call"));
            let method = methods.claim(ident::module_name(&wire));
            names.insert(
                wire,
                OperationNames {
                    module,
                    marker,
                    error,
                    call,
                    method,
                },
            );
        }
        let layout = Self {
            shapes,
            operations: names,
        };
        layout.check_references(service)?;
        Ok(layout)
    }

    /// Fails on a member or operation naming a shape the model does not define, so that
    /// emitters can look shapes up without handling their absence again.
    fn check_references(&self, service: &Service) -> Result<(), EmitError> {
        for op in service.operations.values() {
            for name in [&op.input, &op.output].into_iter().chain(&op.errors) {
                self.require(name, &op.name, &op.source)?;
            }
        }
        for shape in service.shapes.values() {
            for member in shape.kind.members() {
                let mut names = BTreeSet::new();
                collect_names(&member.target, &mut names);
                for name in names {
                    let referrer = format!("{}.{}", shape.name, member.name);
                    self.require(name, &referrer, &member.source)?;
                }
            }
        }
        Ok(())
    }

    fn require(&self, name: &str, referrer: &str, at: &SourceLoc) -> Result<(), EmitError> {
        if self.shapes.contains_key(name) {
            Ok(())
        } else {
            Err(EmitError::UnknownShape {
                name: name.to_owned(),
                referrer: referrer.to_owned(),
                at: at.clone(),
            })
        }
    }

    /// Where the shape named `name` lives.
    pub fn shape(&self, name: &str) -> Option<&Placed> {
        self.shapes.get(name)
    }

    /// The names generated for operation `name`.
    pub fn operation(&self, name: &str) -> Option<&OperationNames> {
        self.operations.get(name)
    }

    /// Every placed shape, by shape name.
    pub fn shapes(&self) -> impl Iterator<Item = (&str, &Placed)> {
        self.shapes.iter().map(|(k, v)| (k.as_str(), v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Member, Naming, Operation};

    fn shape(name: &str, kind: ShapeKind) -> Shape {
        Shape {
            name: name.into(),
            docs: String::new(),
            kind,
            deprecated: None,
            source: SourceLoc::default(),
            naming: Naming::Derived,
            traits: Default::default(),
        }
    }

    fn structure(name: &str, refers_to: Option<&str>) -> Shape {
        let members = refers_to
            .map(|target| {
                vec![Member {
                    name: "m".into(),
                    target: TypeRef::Named {
                        name: target.into(),
                    },
                    required: false,
                    docs: String::new(),
                    boxed: false,
                    deprecated: None,
                    constraints: Default::default(),
                    location: Default::default(),
                    wire_name: None,
                    traits: Default::default(),
                    source: SourceLoc::default(),
                }]
            })
            .unwrap_or_default();
        shape(name, ShapeKind::Structure { members })
    }

    fn service() -> Service {
        let mut service = Service::default();
        for s in [
            structure("GetInput", None),
            structure("GetOutput", Some("Thing")),
            structure("Thing", None),
            structure("ListOutput", None),
            structure("Get", None),
            shape(
                "Missing",
                ShapeKind::Error {
                    members: vec![],
                    http_status: None,
                    code: None,
                },
            ),
        ] {
            service.shapes.insert(s.name.clone(), s);
        }
        for (name, input, output) in [("Get", "Get", "GetOutput"), ("List", "Thing", "ListOutput")]
        {
            let op = Operation {
                name: name.into(),
                input: input.into(),
                output: output.into(),
                ..Operation::default()
            };
            service.operations.insert(name.into(), op);
        }
        service
    }

    #[test]
    fn shapes_live_with_their_only_operation_else_in_types() {
        let layout = Layout::new(&service()).expect("a consistent model");
        let module = |name: &str| layout.shape(name).map(|p| p.module.0.join("::"));
        assert_eq!(module("GetOutput").as_deref(), Some("operation::get"));
        assert_eq!(module("ListOutput").as_deref(), Some("operation::list"));
        // Input of `List` but also a member's target: shared.
        assert_eq!(module("Thing").as_deref(), Some("types"));
        assert_eq!(module("Missing").as_deref(), Some("types::error"));
        // `GetInput` is no operation's input.
        assert_eq!(module("GetInput").as_deref(), Some("types"));
    }

    #[test]
    fn documented_names_win_over_generated_ones() {
        let layout = Layout::new(&service()).expect("a consistent model");
        assert_eq!(layout.shape("Get").map(|p| p.name.as_str()), Some("Get"));
        let names = layout.operation("Get").expect("named");
        assert_eq!(
            (names.marker.as_str(), names.error.as_str()),
            ("Get2", "Get2Error")
        );
    }

    #[test]
    fn client_methods_are_unique_and_leave_the_client_s_own_names_alone() {
        let mut service = service();
        for name in ["New", "Send", "GetThing", "Get_Thing", "Type"] {
            let op = Operation {
                name: name.into(),
                input: "Thing".into(),
                output: "ListOutput".into(),
                ..Operation::default()
            };
            service.operations.insert(name.into(), op);
        }
        let layout = Layout::new(&service).expect("a consistent model");
        let method = |op: &str| layout.operation(op).map(|n| n.method.clone());
        assert_eq!(method("New").as_deref(), Some("new_2"));
        assert_eq!(method("Send").as_deref(), Some("send_2"));
        assert_eq!(method("GetThing").as_deref(), Some("get_thing"));
        assert_eq!(method("Get_Thing").as_deref(), Some("get_thing_2"));
        assert_eq!(method("Type").as_deref(), Some("type_"));
        let get = layout.operation("Get").expect("named");
        assert_eq!(get.call, "Get2Call");
    }

    #[test]
    fn references_to_missing_shapes_are_errors() {
        let mut service = service();
        service.shapes.remove("Thing");
        let err = Layout::new(&service).expect_err("`GetOutput.m` and `List` dangle");
        assert!(err.to_string().contains("shape `Thing`"), "{err}");
    }
}
