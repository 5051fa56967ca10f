//! A Request or Response Syntax block: the `::` literal after its heading, or boto3's
//! note in its place that the section was too large to render.

use super::fields;
use super::lines::Line;
use super::literal::{self, Lit};
use super::Sink;
/// What boto3 left out of a syntax section as too large to render.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Omission {
    Nothing,
    /// The syntax literal itself.
    Literal,
    /// The parameter docs after it (`**Parameters**`).
    Parameters,
}

/// After a `**Request Syntax**` or `**Response Syntax**` heading: a `::` line
/// and the indented literal. Returns the literal, the index after its block,
/// and what boto3 left out as too large.
pub(super) fn literal_after(
    lines: &[Line<'_>],
    from: usize,
    base: usize,
    call: bool,
    sink: &mut Sink<'_>,
) -> (Option<Lit>, usize, Omission) {
    if let Some(next) = too_large(lines, from) {
        return (None, next, Omission::Literal);
    }
    let mut i = from;
    while i < lines.len() && lines[i].is_blank() {
        i += 1;
    }
    let Some(marker) = lines.get(i).filter(|l| l.text == "::") else {
        let (line, column) = lines
            .get(i)
            .or(lines.get(from.saturating_sub(1)))
            .map_or((0, 0), |l| (l.number, l.column()));
        sink.warning(
            "missing-literal",
            line,
            column,
            "expected `::` and an indented syntax literal".to_owned(),
        );
        return (None, i, Omission::Nothing);
    };
    let end = fields::body_end(lines, i + 1, marker.indent.max(base));
    let block = &lines[i + 1..end];
    let parsed = if call {
        literal::parse_call(block)
    } else {
        literal::parse_value(block)
    };
    match parsed {
        Ok((lit, after)) => {
            let omitted = if after_literal(&block[after.min(block.len())..], sink) {
                Omission::Parameters
            } else {
                Omission::Nothing
            };
            (Some(lit), end, omitted)
        }
        Err(e) if e.line == 0 => {
            // An empty literal: the place is the end of the `::` line.
            let column = marker.column_of(marker.text.len());
            sink.warning("malformed-literal", marker.number, column, e.message);
            (None, end, Omission::Nothing)
        }
        Err(e) => {
            sink.warning("malformed-literal", e.line, e.column, e.message);
            (None, end, Omission::Nothing)
        }
    }
}
/// What may follow a literal in its block: boto3's note that the parameter
/// docs were too large to render. Returns whether it is there.
fn after_literal(rest: &[Line<'_>], sink: &mut Sink<'_>) -> bool {
    let mut i = 0;
    let mut omitted = false;
    while i < rest.len() {
        let line = rest[i];
        if line.is_blank() {
            i += 1;
            continue;
        }
        if line.text == "**Parameters**" {
            if let Some(next) = too_large(rest, i + 1) {
                omitted = true;
                i = next;
                continue;
            }
        }
        sink.warning(
            "unexpected-text",
            line.number,
            line.column(),
            format!(
                "expected nothing after the syntax literal, found `{}`",
                fields::short(line.text)
            ),
        );
        i = fields::body_end(rest, i + 1, line.indent);
    }
    omitted
}

/// boto3 replaces sections it finds too large with a `::` block saying
/// "This section is too large to render." and a link to the API docs. When
/// `from` starts such a block, returns the index after it (and the link).
pub(super) fn too_large(lines: &[Line<'_>], from: usize) -> Option<usize> {
    let mut i = from;
    while i < lines.len() && lines[i].is_blank() {
        i += 1;
    }
    let marker = lines.get(i).filter(|l| l.text == "::")?;
    let end = fields::body_end(lines, i + 1, marker.indent);
    let first = lines[i + 1..end].iter().find(|l| !l.is_blank())?;
    if !first.text.contains("too large to render") {
        return None;
    }
    let mut next = end;
    while next < lines.len() && lines[next].is_blank() {
        next += 1;
    }
    if lines
        .get(next)
        .is_some_and(|l| l.text.starts_with("`AWS API Documentation"))
    {
        next += 1;
    }
    Some(next)
}
