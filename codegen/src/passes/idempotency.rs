//! Which members are idempotency tokens: the client fills one left unset with a fresh
//! UUID, as boto3 and the AWS SDKs do.
//!
//! The wire-facts file states botocore's `idempotencyToken` where there is one; the
//! pages say it in the member's docs ("This field is autopopulated if not provided."),
//! which in boto3's reference marks the same members. Either source sets
//! [`crate::ir::MemberTraits::idempotency_token`]; emitters read only the trait.

use crate::ir::{Member, Service, ShapeKind, TypeRef};

/// The sentence boto3's documenter adds to every `idempotencyToken` member.
const AUTOPOPULATED: &str = "This field is autopopulated if not provided.";

/// Marks every optional string member whose docs say it is autopopulated.
pub fn mark_tokens(service: &mut Service) {
    for shape in service.shapes.values_mut() {
        let members = match &mut shape.kind {
            ShapeKind::Structure { members } | ShapeKind::Error { members, .. } => members,
            ShapeKind::Union { .. } | ShapeKind::Enum { .. } => continue,
        };
        for member in members.iter_mut().filter(|m| documented_token(m)) {
            member.traits.idempotency_token = true;
        }
    }
}

fn documented_token(member: &Member) -> bool {
    member.target == TypeRef::String && !member.required && member.docs.contains(AUTOPOPULATED)
}
