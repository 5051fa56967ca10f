//! Which enclosing shape a `{'... recursive ...'}` marker stands for.
//!
//! boto3 prints the marker where a shape repeats along the path it is printing,
//! whatever its type: a structure, or a list or map of one. So the marker may stand
//! for any structure being printed above it ([`Frame`]) or for the list or map
//! holding one. [`pick`] chooses by what the docs say and names the other ancestors
//! that fit just as well, for a warning: the docs cannot always tell.

use std::collections::BTreeSet;

use crate::ir::TypeRef;
use crate::parse::rst::{Param, ParamType};
use crate::passes::draft::{DraftType, ShapeId};

/// One ancestor structure while converting a tree.
pub struct Frame {
    pub id: ShapeId,
    /// Its real name, where the wire-facts file gives one.
    pub real: Option<String>,
    /// The member it hangs from (for elements and values: the list's or map's).
    pub member: String,
    pub via: Via,
    /// The docs printed for this appearance.
    pub docs: String,
    /// For elements and values: the docs of the list or map member.
    pub holder_docs: String,
    /// Its member names, from the literal or else the docs.
    pub names: BTreeSet<String>,
    /// Documented as a tagged union.
    pub union: bool,
    /// Its literal holds a list or map of `{'... recursive ...'}`: one of it, most
    /// likely (elements refer to the nearest structure), so it is recursive itself.
    pub collects_itself: bool,
}

/// How a value hangs from its structure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    Member,
    ListElement,
    MapValue,
}

/// The marker: the member (or the list's or map's member) it sits at, how, and its
/// docs when printed.
pub struct Marker<'a> {
    pub member: &'a str,
    pub via: Via,
    pub doc: Option<&'a Param>,
    /// The real name of the shape it holds, where the wire-facts file gives one.
    pub real: Option<&'a str>,
}

/// The ancestor chosen, and the others that fit as well as it does.
pub struct Pick {
    pub target: DraftType,
    pub chosen: String,
    pub rivals: Vec<String>,
}

/// An ancestor a marker may stand for.
#[derive(Clone, Copy)]
enum Candidate<'s> {
    /// A structure being printed.
    Shape(&'s Frame),
    /// The list or map holding a structure that is an element or value.
    Holder(&'s Frame),
}

impl Candidate<'_> {
    fn frame(&self) -> &Frame {
        match self {
            Candidate::Shape(f) | Candidate::Holder(f) => f,
        }
    }

    fn target(&self) -> DraftType {
        let shape = DraftType::Shape(self.frame().id);
        match (self, self.frame().via) {
            (Candidate::Holder(_), Via::ListElement) => DraftType::List(Box::new(shape)),
            (Candidate::Holder(_), Via::MapValue) => DraftType::Map(
                Box::new(DraftType::Scalar(TypeRef::String)),
                Box::new(shape),
            ),
            _ => shape,
        }
    }

    /// Where it is, for a reader of the page.
    fn describe(&self) -> String {
        let member = &self.frame().member;
        match (self, self.frame().via) {
            (Candidate::Shape(_), Via::Member) => format!("the structure `{member}`"),
            (Candidate::Shape(_), Via::ListElement) => format!("the elements of `{member}`"),
            (Candidate::Shape(_), Via::MapValue) => format!("the values of `{member}`"),
            (Candidate::Holder(_), Via::ListElement) => format!("the list `{member}`"),
            (Candidate::Holder(_), _) => format!("the map `{member}`"),
        }
    }

    fn same(&self, other: &Self) -> bool {
        std::ptr::eq(self.frame(), other.frame())
            && matches!(self, Candidate::Shape(_)) == matches!(other, Candidate::Shape(_))
    }
}

/// The ancestor `marker` stands for. Over the ancestors, nearest first, the first
/// rule that finds one decides:
/// 0. same members: when the marker's docs carry a tagged-union note, the
///    structure whose members are the keys the note names;
/// 1. same docs: a structure printed with the marker's docs, or a list or map
///    whose member has them;
/// 2. same member: an ancestor hanging from a member of the marker's name,
///    else one whose name ends the marker's (`subSlots` → `slots`), else one
///    whose name is part of the marker's (`TargetFileSystemValues` →
///    `FileSystem`), taken the way it hangs (a marker member named like a
///    list is that list);
/// 3. any ancestor of the marker's type: a structure or a map for `(dict)`, a
///    list for `(list)`, the nearest first (a structure before the list or
///    map holding it), except that a member marker skips the structure it is a
///    member of unless that structure holds a list or map of markers.
///
/// A documented marker carries the tagged-union note exactly when it stands for
/// a union, so rules 2 and 3 take a structure only when it agrees, and a list
/// or map only without the note. boto3 prints no `**[REQUIRED]**` on a marker:
/// its required flag is not in the docs.
///
/// The rule that decides may find several ancestors (two with the same docs or
/// name, or no evidence but the type): the first is taken and the others are
/// returned as rivals.
pub fn pick<'s>(marker: &Marker<'_>, stack: &'s [Frame]) -> Option<Pick> {
    let doc = marker.doc;
    let declared = doc.map(|d| &d.ty);
    let list_ok = declared.is_none_or(|t| *t == ParamType::List);
    let dict_ok = declared.is_none_or(|t| *t != ParamType::List);
    let docs = doc.map_or("", |d| d.doc.markdown.as_str());
    let marker_union = doc.map(|d| d.doc.union_members.is_some());
    let fits_union = |f: &Frame| marker_union.is_none_or(|union| union == f.union);
    let holder_ok = |f: &Frame| match f.via {
        Via::Member => false,
        Via::ListElement => list_ok,
        Via::MapValue => dict_ok,
    };
    let nearest = || stack.iter().rev();

    // 0. The structure whose members the union note names.
    let union_keys: Option<BTreeSet<&str>> = doc
        .and_then(|d| d.doc.union_members.as_ref())
        .map(|keys| keys.iter().map(String::as_str).collect());
    let by_members: Vec<Candidate<'s>> = match union_keys.filter(|_| dict_ok) {
        Some(keys) => nearest()
            .filter(|f| {
                f.names.len() == keys.len() && f.names.iter().all(|n| keys.contains(n.as_str()))
            })
            .map(Candidate::Shape)
            .collect(),
        None => Vec::new(),
    };

    // 1. The same docs.
    let by_docs: Vec<Candidate<'s>> = if docs.is_empty() {
        Vec::new()
    } else {
        nearest()
            .flat_map(|f| {
                let shape = (dict_ok && f.docs == docs).then_some(Candidate::Shape(f));
                let holder = (marker.via == Via::Member && holder_ok(f) && f.holder_docs == docs)
                    .then_some(Candidate::Holder(f));
                shape.into_iter().chain(holder)
            })
            .collect()
    };

    // 2. The same member, taken the way it hangs.
    let as_is = |f: &'s Frame| -> Option<Candidate<'s>> {
        if marker.via == Via::Member && f.via != Via::Member {
            (holder_ok(f) && marker_union != Some(true)).then_some(Candidate::Holder(f))
        } else {
            (dict_ok && fits_union(f)).then_some(Candidate::Shape(f))
        }
    };
    let lower = marker.member.to_ascii_lowercase();
    // Exact names first, then names the marker's ends with, then names it
    // contains (`TargetFileSystemValues` → `FileSystem`).
    let matches: [&dyn Fn(&str) -> bool; 3] = [&|m| lower == m, &|m| lower.ends_with(m), &|m| {
        m.len() >= 4 && lower.contains(m)
    }];
    let by_name = matches.iter().map(|rule| {
        nearest()
            .filter(|f| !f.member.is_empty() && rule(&f.member.to_ascii_lowercase()))
            .filter_map(as_is)
            .collect::<Vec<_>>()
    });

    // 3. Any ancestor of the marker's type. A member of a structure stands for
    // that structure itself only when the structure is seen to recurse (see
    // `collects_itself`); else for the list or map holding it, or a structure
    // further up. Over the reference of boto3 1.44.5 this is right for 1405 of
    // the 1427 markers; taking the nearest first, for 1188.
    let by_type = || {
        let mut typed: Vec<Candidate<'s>> = nearest()
            .flat_map(|f| {
                let shape = (dict_ok && fits_union(f)).then_some(Candidate::Shape(f));
                let holder =
                    (holder_ok(f) && marker_union != Some(true)).then_some(Candidate::Holder(f));
                shape.into_iter().chain(holder)
            })
            .collect();
        if marker.via == Via::Member
            && typed.len() > 1
            && matches!(typed[0], Candidate::Shape(f) if !f.collects_itself)
        {
            typed.rotate_left(1);
        }
        if typed.is_empty() && dict_ok {
            // Docs that contradict every ancestor: the nearest structure still.
            nearest().next().map(Candidate::Shape).into_iter().collect()
        } else {
            typed
        }
    };

    let mut found = [by_members, by_docs]
        .into_iter()
        .chain(by_name)
        .find(|found| !found.is_empty())
        .unwrap_or_else(by_type);
    // A real name settles it: the ancestors of that name among those found, else
    // among all of the marker's type. Appearances of one real shape are one.
    if let Some(real) = marker.real {
        let named = |c: &Candidate<'_>| c.frame().real.as_deref() == Some(real);
        let mut chosen: Vec<Candidate<'s>> = found.iter().copied().filter(named).collect();
        if chosen.is_empty() {
            chosen = nearest()
                .flat_map(|f| {
                    let shape = dict_ok.then_some(Candidate::Shape(f));
                    let holder =
                        (marker.via == Via::Member && holder_ok(f)).then_some(Candidate::Holder(f));
                    shape.into_iter().chain(holder)
                })
                .filter(named)
                .collect();
        }
        if !chosen.is_empty() {
            found = chosen;
        }
    }
    let (first, others) = found.split_first()?;
    let same_real = |a: &Candidate<'_>, b: &Candidate<'_>| {
        a.frame().real.is_some()
            && a.frame().real == b.frame().real
            && matches!(a, Candidate::Shape(_)) == matches!(b, Candidate::Shape(_))
    };
    let mut rivals: Vec<Candidate<'s>> = Vec::new();
    for other in others {
        if !other.same(first) && !same_real(other, first) && !rivals.iter().any(|r| r.same(other)) {
            rivals.push(*other);
        }
    }
    Some(Pick {
        target: first.target(),
        chosen: first.describe(),
        rivals: rivals.iter().map(Candidate::describe).collect(),
    })
}
