//! What the emitters leave out of a crate, decided on the model before anything is
//! emitted, and said in the crate docs:
//!
//! - Operations that send or receive an event stream: the runtime neither frames nor
//!   decodes them (`application/vnd.amazon.eventstream`). Structures with an event-stream
//!   member are dropped, then every shape and operation that needs a dropped shape, until
//!   nothing else needs one. The unions of events stay: they are ordinary types.
//! - Paginators whose docs name no input or output token (the parser warned about them):
//!   without both there is nothing to loop on; and those whose pages show no list or map
//!   of results (rds `DownloadDBLogFilePortion` pages through text): nothing to collect.
//!   The operation itself is generated.
//! - Paginators with several tokens (S3 `ListObjectVersions`' key and version markers)
//!   or an output token that is an expression (`NextMarker || Contents[-1].Key`): the
//!   runtime's paginator carries one token member from output to input.

use std::collections::BTreeSet;

use crate::ir::{Service, TypeRef};

/// What was left out of a crate, in name order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LeftOut {
    /// Wire names of the operations that send or receive an event stream.
    pub operations: Vec<String>,
    /// Operations whose paginator names no input or output token, or no result key.
    pub paginators: Vec<String>,
    /// Operations whose paginator has several tokens, or a token expression.
    pub compound_paginators: Vec<String>,
}

impl LeftOut {
    /// A `# Not generated` section for the crate docs; empty when nothing is left out.
    pub fn docs(&self) -> String {
        let list = |names: &[String]| -> String {
            names.iter().map(|name| format!("- `{name}`\n")).collect()
        };
        let mut out = String::new();
        if !self.operations.is_empty() {
            out.push_str(&format!(
                "\nThese operations send or receive an event stream, which the runtime does \
                 not support yet:\n\n{}",
                list(&self.operations)
            ));
        }
        if !self.paginators.is_empty() {
            out.push_str(&format!(
                "\nThe docs of these operations' paginators name no token to page with, or \
                 no results to collect, so they have no paginator (call them page by \
                 page):\n\n{}",
                list(&self.paginators)
            ));
        }
        if !self.compound_paginators.is_empty() {
            out.push_str(&format!(
                "\nThese operations' paginators carry several tokens, or a token computed from \
                 the response, which the paginator does not support yet (call them page by \
                 page):\n\n{}",
                list(&self.compound_paginators)
            ));
        }
        if out.is_empty() {
            out
        } else {
            format!("\n# Not generated\n{out}")
        }
    }
}

/// The service without what the emitters cannot express, and what was left out; `None`
/// when nothing is left out.
pub fn supported(service: &Service) -> Option<(Service, LeftOut)> {
    let tokenless: Vec<String> = service
        .paginators
        .iter()
        .filter(|(_, p)| {
            p.input_token.is_empty() || p.output_token.is_empty() || p.result_key.is_empty()
        })
        .map(|(op, _)| op.clone())
        .collect();
    let compound: Vec<String> = service
        .paginators
        .iter()
        .filter(|(op, _)| !tokenless.contains(op))
        .filter(|(_, p)| {
            let plain = |tokens: &[String]| {
                tokens.len() == 1
                    && tokens[0]
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_')
            };
            !plain(&p.input_token) || !plain(&p.output_token)
        })
        .map(|(op, _)| op.clone())
        .collect();
    let (mut pruned, mut left_out) = match without_event_streams(service) {
        Some(done) => done,
        None if tokenless.is_empty() && compound.is_empty() => return None,
        None => (service.clone(), LeftOut::default()),
    };
    pruned
        .paginators
        .retain(|op, _| !tokenless.contains(op) && !compound.contains(op));
    let kept = |ops: Vec<String>, left_out: &LeftOut| -> Vec<String> {
        ops.into_iter()
            .filter(|op| !left_out.operations.contains(op))
            .collect()
    };
    left_out.paginators = kept(tokenless, &left_out);
    left_out.compound_paginators = kept(compound, &left_out);
    Some((pruned, left_out))
}

/// The service without what needs an event stream, and what was left out; `None` when
/// the service has no event stream.
fn without_event_streams(service: &Service) -> Option<(Service, LeftOut)> {
    let mut dropped: BTreeSet<&str> = service
        .shapes
        .values()
        .filter(|shape| {
            shape
                .kind
                .members()
                .iter()
                .any(|m| refers(&m.target, &|t| matches!(t, TypeRef::EventStream { .. })))
        })
        .map(|shape| shape.name.as_str())
        .collect();
    if dropped.is_empty() {
        return None;
    }
    loop {
        let needs_dropped = |target: &TypeRef| {
            refers(
                target,
                &|t| matches!(t, TypeRef::Named { name } if dropped.contains(name.as_str())),
            )
        };
        let more: Vec<&str> = service
            .shapes
            .values()
            .filter(|shape| !dropped.contains(shape.name.as_str()))
            .filter(|shape| {
                shape
                    .kind
                    .members()
                    .iter()
                    .any(|m| needs_dropped(&m.target))
            })
            .map(|shape| shape.name.as_str())
            .collect();
        if more.is_empty() {
            break;
        }
        dropped.extend(more);
    }
    let mut pruned = service.clone();
    pruned
        .shapes
        .retain(|name, _| !dropped.contains(name.as_str()));
    let mut left_out = LeftOut::default();
    pruned.operations.retain(|name, op| {
        let keep = !dropped.contains(op.input.as_str()) && !dropped.contains(op.output.as_str());
        if !keep {
            left_out.operations.push(name.clone());
        }
        keep
    });
    pruned
        .paginators
        .retain(|op, _| !left_out.operations.contains(op));
    pruned
        .waiters
        .retain(|_, waiter| !left_out.operations.contains(&waiter.operation));
    Some((pruned, left_out))
}

/// True when `target` or a type inside it satisfies `test`.
fn refers(target: &TypeRef, test: &dyn Fn(&TypeRef) -> bool) -> bool {
    test(target)
        || match target {
            TypeRef::List { member } => refers(member, test),
            TypeRef::Map { key, value } => refers(key, test) || refers(value, test),
            _ => false,
        }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{
        Constraints, Location, Member, Naming, Operation, Paginator, Shape, ShapeKind, SourceLoc,
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

    fn shape(name: &str, kind: ShapeKind) -> (String, Shape) {
        let shape = Shape {
            name: name.into(),
            docs: String::new(),
            kind,
            deprecated: None,
            source: SourceLoc::default(),
            naming: Naming::Derived,
            traits: Default::default(),
        };
        (name.into(), shape)
    }

    fn operation(name: &str) -> (String, Operation) {
        let op = Operation {
            name: name.into(),
            input: format!("{name}Input"),
            output: format!("{name}Output"),
            ..Operation::default()
        };
        (name.into(), op)
    }

    fn structure(name: &str, members: Vec<Member>) -> (String, Shape) {
        shape(name, ShapeKind::Structure { members })
    }

    #[test]
    fn operations_receiving_an_event_stream_are_left_out_with_what_needs_them() {
        let named = |name: &str| TypeRef::Named { name: name.into() };
        let service = Service {
            operations: [operation("Subscribe"), operation("Get")].into(),
            shapes: [
                structure("SubscribeInput", vec![member("Id", TypeRef::String)]),
                structure(
                    "SubscribeOutput",
                    vec![member(
                        "Stream",
                        TypeRef::EventStream {
                            name: "Events".into(),
                        },
                    )],
                ),
                shape(
                    "Events",
                    ShapeKind::Union {
                        members: vec![member("Record", TypeRef::String)],
                    },
                ),
                structure("GetInput", vec![member("Id", TypeRef::String)]),
                structure("GetOutput", vec![member("Events", named("Events"))]),
            ]
            .into(),
            ..Service::default()
        };
        let Some((pruned, left_out)) = supported(&service) else {
            panic!("the event stream was not noticed");
        };
        assert_eq!(left_out.operations, ["Subscribe"]);
        assert!(pruned.operations.contains_key("Get"));
        assert!(!pruned.shapes.contains_key("SubscribeOutput"));
        // The input is kept (it needs nothing dropped), and so is the union of events.
        assert!(pruned.shapes.contains_key("SubscribeInput"));
        assert!(pruned.shapes.contains_key("Events"));
        assert!(left_out.docs().contains("- `Subscribe`"));
    }

    #[test]
    fn services_without_event_streams_are_untouched() {
        let service = Service {
            operations: [operation("Get")].into(),
            shapes: [
                structure("GetInput", vec![]),
                structure("GetOutput", vec![]),
            ]
            .into(),
            ..Service::default()
        };
        assert!(supported(&service).is_none());
        assert_eq!(LeftOut::default().docs(), "");
    }

    #[test]
    fn paginators_without_a_token_are_left_out_but_not_their_operation() {
        let page = |output_token: Vec<String>| Paginator {
            operation: "Get".into(),
            input_token: vec!["Marker".into()],
            output_token,
            result_key: vec!["Items".into()],
            ..Paginator::default()
        };
        let mut service = Service {
            operations: [operation("Get")].into(),
            shapes: [
                structure("GetInput", vec![]),
                structure("GetOutput", vec![]),
            ]
            .into(),
            paginators: [("Get".to_owned(), page(Vec::new()))].into(),
            ..Service::default()
        };
        let Some((pruned, left_out)) = supported(&service) else {
            panic!("the token-less paginator was not noticed");
        };
        assert!(pruned.paginators.is_empty());
        assert!(pruned.operations.contains_key("Get"));
        assert_eq!(left_out.paginators, ["Get"]);
        assert!(left_out.docs().contains("no token to page with"));

        service
            .paginators
            .insert("Get".into(), page(vec!["NextMarker".into()]));
        assert!(supported(&service).is_none());
    }

    #[test]
    fn paginators_without_results_are_left_out_but_not_their_operation() {
        // rds `DownloadDBLogFilePortion`: a page of text, no list or map to collect.
        let paginator = Paginator {
            operation: "Download".into(),
            input_token: vec!["Marker".into()],
            output_token: vec!["Marker".into()],
            ..Paginator::default()
        };
        let service = Service {
            operations: [operation("Download")].into(),
            shapes: [
                structure("DownloadInput", vec![member("Marker", TypeRef::String)]),
                structure(
                    "DownloadOutput",
                    vec![
                        member("Marker", TypeRef::String),
                        member("LogFileData", TypeRef::String),
                    ],
                ),
            ]
            .into(),
            paginators: [("Download".to_owned(), paginator)].into(),
            ..Service::default()
        };
        let Some((pruned, left_out)) = supported(&service) else {
            panic!("the paginator without results was not noticed");
        };
        assert!(pruned.paginators.is_empty());
        assert!(pruned.operations.contains_key("Download"));
        assert_eq!(left_out.paginators, ["Download"]);
        assert!(left_out.docs().contains("no results to collect"));
    }
}
