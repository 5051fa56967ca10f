//! The model between the build pass and the naming pass: shapes that do not
//! have names yet.
//!
//! reST pages document nested structures and enums inline, once per place
//! they appear. The build pass turns each appearance into its own
//! [`DraftShape`]; dedup and naming then decide which appearances are one
//! shape and what it is called.

use crate::ir::{Naming, Service, SourceLoc, TypeRef};

/// Index of a shape in [`Draft::shapes`].
pub type ShapeId = usize;

/// A service whose shapes are still drafts.
#[derive(Clone, Debug, Default)]
pub struct Draft {
    /// Everything but `shapes`: operations refer to their input and output
    /// shapes by the fixed names of their drafts.
    pub service: Service,
    /// One entry per appearance of a shape, in build order (operations by
    /// wire name, input before output, document order within).
    pub shapes: Vec<DraftShape>,
}

/// One appearance of a shape.
#[derive(Clone, Debug, PartialEq)]
pub struct DraftShape {
    /// Its contents.
    pub kind: DraftKind,
    /// Shape docs: set when the appearance is a list element or map value,
    /// where boto3 prints the shape's own documentation.
    pub docs: String,
    /// The docs of the member holding it, used when no appearance has shape docs.
    pub member_docs: String,
    /// Deprecation note.
    pub deprecated: Option<String>,
    /// Where it appears.
    pub source: SourceLoc,
    /// In a request whose parameter docs show `**[REQUIRED]**`, rather than
    /// in a response (or a request too large for boto3 to document), where
    /// nothing is marked required.
    pub request: bool,
    /// How to name it.
    pub name: NameSource,
}

/// Where a shape's name comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NameSource {
    /// A name the pages give or the model reserves: `{Op}Input`, `{Op}Output`,
    /// exception names. Fixed shapes are never merged with other shapes.
    Fixed {
        /// The name.
        name: String,
        /// Documented or derived.
        naming: Naming,
    },
    /// A name to derive from the member that holds the shape.
    Derived {
        /// PascalCase base name (`Device`, `Instance`, `FormFactor`).
        hint: String,
        /// The shape holding this appearance.
        parent: ShapeId,
    },
}

/// What a draft shape is.
#[derive(Clone, Debug, PartialEq)]
pub enum DraftKind {
    /// Members in documented order.
    Structure(Vec<DraftMember>),
    /// A tagged union.
    Union(Vec<DraftMember>),
    /// Enum values in documented order.
    Enum(Vec<String>),
    /// An exception: the reST pages document no members.
    Error,
}

/// A member of a draft structure or union.
#[derive(Clone, Debug, PartialEq)]
pub struct DraftMember {
    /// Wire name.
    pub name: String,
    /// Its type.
    pub target: DraftType,
    /// `**[REQUIRED]**`.
    pub required: bool,
    /// Markdown docs.
    pub docs: String,
    /// Deprecation note.
    pub deprecated: Option<String>,
    /// Where it is documented.
    pub source: SourceLoc,
}

/// A type before shapes have names.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DraftType {
    /// A scalar, exactly as in the model.
    Scalar(TypeRef),
    /// A list.
    List(Box<DraftType>),
    /// A map.
    Map(Box<DraftType>, Box<DraftType>),
    /// A draft shape.
    Shape(ShapeId),
    /// An event stream whose events are the draft union.
    EventStream(ShapeId),
}

impl DraftKind {
    /// Members of structures and unions.
    pub fn members(&self) -> &[DraftMember] {
        match self {
            DraftKind::Structure(m) | DraftKind::Union(m) => m,
            DraftKind::Enum(_) | DraftKind::Error => &[],
        }
    }
}

impl DraftType {
    /// Calls `f` with every shape this type refers to, in order.
    pub fn for_each_shape(&self, f: &mut impl FnMut(ShapeId)) {
        match self {
            DraftType::Scalar(_) => {}
            DraftType::List(inner) => inner.for_each_shape(f),
            DraftType::Map(key, value) => {
                key.for_each_shape(f);
                value.for_each_shape(f);
            }
            DraftType::Shape(id) | DraftType::EventStream(id) => f(*id),
        }
    }
}
