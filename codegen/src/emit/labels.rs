//! URI labels are required: a request without one has no path to send to, so botocore
//! marks every label member required, whatever the docs print. The emitters make them
//! constructor and client-method arguments even where the docs leave out "REQUIRED".

use crate::ir::{Location, Member, Service, ShapeKind};

fn unrequired_label(member: &Member) -> bool {
    !member.required
        && matches!(
            member.location,
            Location::Label(_) | Location::GreedyLabel(_)
        )
}

/// `service` with every label member required; `None` when every label already is.
pub fn required(service: &Service) -> Option<Service> {
    let any = service
        .shapes
        .values()
        .any(|shape| shape.kind.members().iter().any(unrequired_label));
    if !any {
        return None;
    }
    let mut service = service.clone();
    for shape in service.shapes.values_mut() {
        if let ShapeKind::Structure { members } | ShapeKind::Error { members, .. } = &mut shape.kind
        {
            for member in members.iter_mut().filter(|m| unrequired_label(m)) {
                member.required = true;
            }
        }
    }
    Some(service)
}
