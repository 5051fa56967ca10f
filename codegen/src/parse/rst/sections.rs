//! The sections of a method body: description, See also, Request Syntax, parameters,
//! returns, Exceptions, Examples.

use super::blocks;
use super::fields::{self, Header, ParamType};
use super::lines::Line;
use super::syntax_block::{literal_after, too_large, Omission};
use super::{ApiLink, MethodPage, Named, Returns, Sink};
use crate::ir::Example;
/// Reads a method body; also returns the raw description text.
pub(super) fn method_body(body: &[Line<'_>], sink: &mut Sink<'_>) -> (MethodPage, String) {
    let mut page = MethodPage::default();
    let Some(base) = body.iter().find(|l| !l.is_blank()).map(|l| l.indent) else {
        return (page, String::new());
    };
    let mut description: Vec<Line<'_>> = Vec::new();
    let mut types: Vec<(&str, ParamType, u32)> = Vec::new();
    let mut seen_section = false;
    let mut i = 0;
    while i < body.len() {
        let line = body[i];
        // When the whole request is too large, boto3 prints its two notes one level
        // deeper than the method body.
        if line.indent > base
            && (line.text == "**Request Syntax**" || line.text == "**Parameters**")
        {
            if let Some(next) = too_large(body, i + 1) {
                seen_section = true;
                omitted_section(line.text, &line, &mut page, sink);
                i = next;
                continue;
            }
        }
        if line.is_blank() || line.indent > base {
            if !seen_section {
                description.push(line);
            }
            i += 1;
            continue;
        }
        if line.indent < base {
            // Doc strings keep their own line breaks, which can start a
            // line further left than the method body.
            if seen_section {
                sink.warning(
                    "unexpected-text",
                    line.number,
                    line.column(),
                    format!(
                        "expected text indented like the method body, found `{}`",
                        fields::short(line.text)
                    ),
                );
            } else {
                description.push(line);
            }
            i += 1;
            continue;
        }
        let text = line.text;
        let block_end = section_end(body, i + 1, base);
        if text.starts_with("See also:") && text.contains("AWS API Documentation") {
            page.api = api_link(&line, sink);
            i += 1;
        } else if text == "**Request Syntax**" {
            seen_section = true;
            let (lit, next, omitted) = literal_after(body, i + 1, base, true, sink);
            page.request = lit;
            match omitted {
                Omission::Nothing => {}
                Omission::Literal => omitted_section(text, &line, &mut page, sink),
                Omission::Parameters => omitted_section("**Parameters**", &line, &mut page, sink),
            }
            i = next;
        } else if let Some(rest) = text.strip_prefix(":type ") {
            seen_section = true;
            match rest.split_once(':') {
                Some((name, ty)) => types.push((name.trim(), ParamType::parse(ty), line.number)),
                None => sink.warning(
                    "malformed-field",
                    line.number,
                    line.column(),
                    "expected `:type name: type`".to_owned(),
                ),
            }
            i = block_end;
        } else if let Some(rest) = text.strip_prefix(":param ") {
            seen_section = true;
            param(
                &line,
                rest,
                &body[i + 1..block_end],
                &types,
                &mut page,
                sink,
            );
            i = block_end;
        } else if text.starts_with(":rtype:") {
            seen_section = true;
            i = block_end;
        } else if let Some(rest) = text.strip_prefix(":returns:") {
            seen_section = true;
            page.returns = returns(rest.trim(), &line, &body[i + 1..block_end], sink);
            i = block_end;
        } else if text == "**Exceptions**" {
            seen_section = true;
            i = exceptions(body, i + 1, base, &mut page, sink);
        } else if text == "**Examples**" {
            seen_section = true;
            i = examples(body, i + 1, base, &mut page.examples, sink);
        } else if is_deprecation(text, &body[i + 1..block_end]) {
            let note = blocks::to_markdown(&body[i..block_end]);
            page.deprecated = Some(note_text(&note));
            i = block_end;
        } else if (text == "**Response Structure**" || text == "**Parameters**")
            && too_large(body, i + 1).is_some()
        {
            // Paginator pages print the too-large note at the method's own level.
            seen_section = true;
            omitted_section(text, &line, &mut page, sink);
            i = too_large(body, i + 1).unwrap_or(body.len());
        } else if text.starts_with(":return:") || text.starts_with(":raise") {
            // boto3 helpers document their Python return value and exceptions here.
            seen_section = true;
            i = block_end;
        } else if !seen_section {
            description.push(line);
            i += 1;
        } else {
            sink.warning(
                "unexpected-text",
                line.number,
                line.column(),
                format!(
                    "expected a method section (`:param`, `**Exceptions**`, ...), found `{}`",
                    fields::short(text)
                ),
            );
            i = block_end;
        }
    }
    let raw = description
        .iter()
        .filter(|l| !l.is_blank())
        .map(|l| l.text)
        .collect::<Vec<_>>()
        .join(" ");
    page.docs = blocks::to_markdown(&description);
    (page, raw)
}

/// Records that boto3 left the parameter docs or the Response Structure out.
fn omitted_section(heading: &str, line: &Line<'_>, page: &mut MethodPage, sink: &mut Sink<'_>) {
    let what = if heading == "**Request Syntax**" {
        "the Request Syntax: members and enum values come from the parameter docs, \
         if rendered"
    } else if heading == "**Parameters**" {
        page.params_omitted = true;
        "the parameter docs: members come from the Request Syntax, if rendered, \
         without required flags or docs"
    } else {
        if let Returns::Value {
            structure_omitted, ..
        } = &mut page.returns
        {
            *structure_omitted = true;
        }
        "the Response Structure: members come from the Response Syntax, if rendered, \
         without docs"
    };
    let kind = if heading == "**Response Structure**" {
        RESPONSE_NOT_RENDERED
    } else {
        REQUEST_NOT_RENDERED
    };
    sink.warning(
        kind,
        line.number,
        line.column(),
        format!("boto3 did not render {what} (too large)"),
    );
}

/// The diagnostic kind for a request section boto3 found too large to render: the
/// input's members, required flags or docs are not all known.
pub const REQUEST_NOT_RENDERED: &str = "request-not-rendered";

/// The diagnostic kind for a response section boto3 found too large to render.
pub const RESPONSE_NOT_RENDERED: &str = "response-not-rendered";

/// `.. danger::` / `.. warning::` whose text says the method is deprecated.
fn is_deprecation(text: &str, body: &[Line<'_>]) -> bool {
    (text.starts_with(".. danger::") || text.starts_with(".. warning::"))
        && (text.contains("deprecated") || body.iter().any(|l| l.text.contains("deprecated")))
}

/// `> **Important:** text` → `text`.
fn note_text(note: &str) -> String {
    let text = note.trim_start_matches('>').trim_start();
    let text = text.split_once(":**").map_or(text, |(_, rest)| rest);
    text.trim_start().replace("\n> ", "\n").replace("\n>", "\n")
}

/// `` See also: `AWS API Documentation <https://.../WebAPI/UID/Operation>`_ ``.
fn api_link(line: &Line<'_>, sink: &mut Sink<'_>) -> Option<ApiLink> {
    let text = line.text;
    let parsed = text.find('<').and_then(|open| {
        let url = &text[open + 1..open + text[open..].find('>')?];
        let mut parts = url.trim_end_matches('/').rsplit('/');
        let operation = parts.next()?;
        let uid = parts.next()?;
        let valid = !operation.is_empty()
            && operation
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_')
            && !uid.is_empty();
        valid.then(|| (uid, operation, open + 1))
    });
    match parsed {
        Some((uid, operation, offset)) => Some(ApiLink {
            uid: uid.to_owned(),
            operation: operation.to_owned(),
            source: sink.loc(line.number, line.column_of(offset)),
        }),
        None => {
            sink.warning(
                "malformed-api-link",
                line.number,
                line.column(),
                "expected `See also: `AWS API Documentation <.../<uid>/<Operation>>`_`".to_owned(),
            );
            None
        }
    }
}

/// The end of a method section that starts before `from`: the next line, at
/// most as indented as the method body, that starts another section. Other
/// lines, however far left, belong to the section (doc strings keep their
/// own line breaks). Response headings are not section starts: they belong
/// to `:returns:`, even where boto3 prints them at the method's level.
fn section_end(lines: &[Line<'_>], from: usize, base: usize) -> usize {
    const STARTS: [&str; 9] = [
        ":type ",
        ":param ",
        ":rtype:",
        ":returns:",
        ":return:",
        ":raise",
        "**Request Syntax**",
        "**Exceptions**",
        "**Examples**",
    ];
    (from..lines.len())
        .find(|&j| {
            let line = lines[j];
            !line.is_blank()
                && line.indent <= base
                && (STARTS.iter().any(|s| line.text.starts_with(s))
                    || (line.text.starts_with("See also:")
                        && line.text.contains("AWS API Documentation")))
        })
        .unwrap_or(lines.len())
}

/// `:param name: **[REQUIRED]** docs` with its body of doc text and child items.
fn param(
    line: &Line<'_>,
    rest: &str,
    body: &[Line<'_>],
    types: &[(&str, ParamType, u32)],
    page: &mut MethodPage,
    sink: &mut Sink<'_>,
) {
    let Some((name, after)) = rest.split_once(':') else {
        sink.warning(
            "malformed-field",
            line.number,
            line.column(),
            "expected `:param name: ...`".to_owned(),
        );
        return;
    };
    let name = name.trim();
    let ty = match types.iter().rev().find(|(n, _, _)| *n == name) {
        Some((_, ty, _)) => ty.clone(),
        None => {
            sink.warning(
                "missing-type",
                line.number,
                line.column(),
                format!("expected `:type {name}: ...` before `:param {name}:`"),
            );
            ParamType::Other(String::new())
        }
    };
    let (required, rest) = fields::strip_required(after);
    let header = Header {
        name: Some(name),
        ty,
        required,
        rest,
    };
    // Field bodies are indented like item bodies, so the item reader applies.
    let item_line = Line {
        indent: line.indent,
        ..*line
    };
    page.params
        .push(fields::item(header, &item_line, body, sink));
}

/// `:returns: None`, or `:returns:` with Response Syntax and Response Structure.
fn returns(rest: &str, line: &Line<'_>, body: &[Line<'_>], sink: &mut Sink<'_>) -> Returns {
    if rest == "None" {
        return Returns::Nothing;
    }
    if !rest.is_empty() && body.iter().all(|l| l.is_blank()) {
        // Prose such as "The specified waiter object." (boto3 helpers).
        return Returns::Undocumented;
    }
    let mut syntax = None;
    let mut structure = None;
    let mut structure_omitted = false;
    let mut syntax_omitted = false;
    let mut i = 0;
    while i < body.len() {
        let current = body[i];
        match current.text {
            "**Response Syntax**" => {
                let (lit, next, omitted) = literal_after(body, i + 1, current.indent, false, sink);
                if omitted == Omission::Literal {
                    syntax_omitted = true;
                    sink.warning(
                        RESPONSE_NOT_RENDERED,
                        current.number,
                        current.column(),
                        "boto3 did not render the Response Syntax: members and enum values \
                         come from the Response Structure, if rendered (too large)"
                            .to_owned(),
                    );
                }
                syntax = lit;
                i = next;
            }
            "**Response Structure**" if too_large(body, i + 1).is_some() => {
                structure_omitted = true;
                sink.warning(
                    RESPONSE_NOT_RENDERED,
                    current.number,
                    current.column(),
                    "boto3 did not render the Response Structure: members come from the \
                     Response Syntax, if rendered, without docs (too large)"
                        .to_owned(),
                );
                i = too_large(body, i + 1).unwrap_or(body.len());
            }
            "**Response Structure**" => {
                // To the next response heading: items may hold lines printed
                // further left than the heading.
                let end = (i + 1..body.len())
                    .find(|&j| {
                        matches!(
                            body[j].text,
                            "**Response Syntax**" | "**Response Structure**"
                        )
                    })
                    .unwrap_or(body.len());
                let mut items = fields::parse_items(&body[i + 1..end], sink);
                if items.len() > 1 {
                    let extra = &items[1];
                    sink.warning(
                        "unexpected-text",
                        extra.line,
                        extra.column,
                        "expected one root item `- *(dict) --*` in the Response Structure"
                            .to_owned(),
                    );
                }
                structure = if items.is_empty() {
                    None
                } else {
                    Some(Box::new(items.swap_remove(0)))
                };
                i = end;
            }
            _ => i += 1,
        }
    }
    if syntax.is_none() && structure.is_none() && !structure_omitted && !syntax_omitted {
        sink.warning(
            "missing-response",
            line.number,
            line.column(),
            "expected **Response Syntax** or **Response Structure** after `:returns:`".to_owned(),
        );
    }
    Returns::Value {
        syntax,
        structure,
        structure_omitted,
    }
}

/// `*   :py:class:`Svc.Client.exceptions.Name`` items.
fn exceptions(
    body: &[Line<'_>],
    from: usize,
    base: usize,
    page: &mut MethodPage,
    sink: &mut Sink<'_>,
) -> usize {
    let mut i = from;
    while i < body.len() {
        let line = body[i];
        if line.is_blank() {
            i += 1;
            continue;
        }
        let item = line
            .text
            .strip_prefix('*')
            .filter(|rest| line.indent == base && !rest.starts_with('*'));
        let Some(item) = item else {
            break;
        };
        let item = item.trim();
        let name = item
            .strip_prefix(":py:class:`")
            .and_then(|r| r.strip_suffix('`'))
            .and_then(|q| q.rsplit_once(".exceptions."))
            .map(|(_, name)| name);
        match name {
            Some(name) if !name.is_empty() => page.exceptions.push(Named {
                name: name.to_owned(),
                source: sink.loc(line.number, line.column()),
            }),
            _ => sink.warning(
                "malformed-exception",
                line.number,
                line.column(),
                format!(
                    "expected `* :py:class:`<Service>.Client.exceptions.<Name>``, found `{}`",
                    fields::short(item)
                ),
            ),
        }
        i += 1;
    }
    i
}

/// Examples: a title paragraph, a `::` block with the call, and optionally
/// `Expected Output:` with a `::` block.
fn examples(
    body: &[Line<'_>],
    from: usize,
    base: usize,
    out: &mut Vec<Example>,
    sink: &mut Sink<'_>,
) -> usize {
    let mut i = from;
    let mut title: Vec<Line<'_>> = Vec::new();
    while i < body.len() {
        let line = body[i];
        if line.is_blank() {
            i += 1;
            continue;
        }
        // Titles are doc strings too: lines further left still belong to them.
        if line.indent <= base && line.text.starts_with("**") {
            break;
        }
        if line.text == "::" {
            let end = fields::body_end(body, i + 1, line.indent);
            let input = blocks::literal_text(&body[i + 1..end]).unwrap_or_default();
            i = end;
            let mut output = None;
            let mut j = i;
            while j < body.len() && body[j].is_blank() {
                j += 1;
            }
            if body.get(j).is_some_and(|l| l.text == "Expected Output:") {
                let mut k = j + 1;
                while k < body.len() && body[k].is_blank() {
                    k += 1;
                }
                if let Some(marker) = body.get(k).filter(|l| l.text == "::") {
                    let end = fields::body_end(body, k + 1, marker.indent);
                    output = blocks::literal_text(&body[k + 1..end]);
                    i = end;
                } else {
                    i = k;
                }
            }
            out.push(Example {
                title: blocks::to_markdown(&title),
                input,
                output,
                call: None,
            });
            title.clear();
            continue;
        }
        title.push(line);
        i += 1;
    }
    if let Some(line) = title.first() {
        sink.warning(
            "unexpected-text",
            line.number,
            line.column(),
            "expected `::` and the example code after the example's title".to_owned(),
        );
    }
    i
}
