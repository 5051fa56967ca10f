//! Page structure: breadcrumb, title, `py:class` / `py:method` / `toctree`
//! directives, and the sections of a method body (description, See also,
//! Request Syntax, parameters, returns, Exceptions, Examples).

use super::blocks;
use super::fields::{self, Header, ParamType};
use super::lines::{split, Line};
use super::literal::{self, Lit};
use super::{
    ApiLink, IndexPage, MethodPage, Named, Page, PaginatorPage, Returns, Sink, WaiterPage,
};
use crate::ir::Example;

/// The kinds of page, decided from the breadcrumb, the file name or the directive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Index,
    Client,
    Paginator,
    Waiter,
}

/// `` :doc:`DeviceFarm <../../devicefarm>` / Client / get_device ``.
#[derive(Default)]
struct Breadcrumb<'a> {
    service_title: &'a str,
    service_name: &'a str,
    kind: Option<&'a str>,
}

/// Parses one page (see [`super::parse_page`]).
pub fn parse(file: &str, text: &str, sink: &mut Sink<'_>) -> Page {
    let lines = split(text);
    let crumb = breadcrumb(&lines);
    let title = title(&lines).unwrap_or_default();
    let kind = match crumb.kind {
        Some("Client") => Some(Kind::Client),
        Some("Paginator") => Some(Kind::Paginator),
        Some("Waiter") => Some(Kind::Waiter),
        _ => kind_from_file(file),
    }
    .or_else(|| kind_from_directive(&lines));
    let Some(kind) = kind else {
        sink.error(
            "unknown-page",
            1,
            1,
            "expected a breadcrumb `:doc:`Service <...>` / Client|Paginator|Waiter / name` \
             or a `py:method` directive; cannot tell what this page documents"
                .to_owned(),
        );
        return Page::ClientMethod(MethodPage {
            title: title.to_owned(),
            source: sink.loc(1, 1),
            ..MethodPage::default()
        });
    };
    match kind {
        Kind::Index => Page::ServiceIndex(index(&lines, title, sink)),
        Kind::Client => {
            let mut page = method_page(&lines, sink);
            fill_header(&mut page, &crumb, title);
            Page::ClientMethod(page)
        }
        Kind::Paginator => {
            let (mut page, docs_source) = class_method_page(&lines, "paginate", sink);
            fill_header(&mut page, &crumb, title);
            Page::Paginator(PaginatorPage {
                name: title.to_owned(),
                client_method: docs_source.as_deref().and_then(client_method),
                method: page,
            })
        }
        Kind::Waiter => {
            let (mut page, docs_source) = class_method_page(&lines, "wait", sink);
            fill_header(&mut page, &crumb, title);
            let raw = docs_source.unwrap_or_default();
            let delay = number_between(&raw, "every ", " seconds");
            let max_attempts = number_between(&raw, "after ", " failed checks");
            if delay.is_none() || max_attempts.is_none() {
                sink.warning(
                    "waiter-timing",
                    page.source.line,
                    page.source.column,
                    "expected \"Polls ... every N seconds ... after M failed checks\" \
                     in the waiter description"
                        .to_owned(),
                );
            }
            Page::Waiter(WaiterPage {
                name: title.to_owned(),
                client_method: client_method(&raw),
                delay,
                max_attempts,
                method: page,
            })
        }
    }
}

fn fill_header(page: &mut MethodPage, crumb: &Breadcrumb<'_>, title: &str) {
    page.service_title = crumb.service_title.to_owned();
    page.service_name = crumb.service_name.to_owned();
    page.title = title.to_owned();
}

fn kind_from_file(file: &str) -> Option<Kind> {
    let file = file.replace('\\', "/");
    let mut parts = file.rsplit('/');
    let name = parts.next().unwrap_or("");
    if name == "index.rst" {
        return Some(Kind::Index);
    }
    match parts.next() {
        Some("client") => Some(Kind::Client),
        Some("paginator") => Some(Kind::Paginator),
        Some("waiter") => Some(Kind::Waiter),
        _ => None,
    }
}

fn kind_from_directive(lines: &[Line<'_>]) -> Option<Kind> {
    for line in lines.iter().filter(|l| l.indent == 0) {
        if let Some(name) = line.text.strip_prefix(".. py:class::") {
            let name = name.trim();
            if name.contains(".Paginator.") {
                return Some(Kind::Paginator);
            }
            if name.contains(".Waiter.") {
                return Some(Kind::Waiter);
            }
            if name.ends_with(".Client") {
                return Some(Kind::Index);
            }
        }
        if line.text.starts_with(".. py:method::") {
            return Some(Kind::Client);
        }
    }
    None
}

fn breadcrumb<'a>(lines: &[Line<'a>]) -> Breadcrumb<'a> {
    let Some(line) = lines.iter().find(|l| !l.is_blank()) else {
        return Breadcrumb::default();
    };
    let Some(rest) = line.text.strip_prefix(":doc:`") else {
        return Breadcrumb::default();
    };
    let Some(end) = rest.find('`') else {
        return Breadcrumb::default();
    };
    let target = &rest[..end];
    let (service_title, link) = match target.split_once('<') {
        Some((title, link)) => (title.trim(), link.trim_end_matches('>').trim()),
        None => (target.trim(), ""),
    };
    let service_name = link.rsplit('/').find(|s| !s.is_empty()).unwrap_or("");
    let kind = rest[end + 1..].split(" / ").nth(1).map(str::trim);
    Breadcrumb {
        service_title,
        service_name,
        kind,
    }
}

/// The first title: a text line between two lines of `*` or `=`.
fn title<'a>(lines: &[Line<'a>]) -> Option<&'a str> {
    lines.windows(3).find_map(|w| {
        let rule = |l: &Line<'_>| {
            l.text.len() >= 3 && l.indent == 0 && l.text.bytes().all(|b| b == b'*' || b == b'=')
        };
        (rule(&w[0]) && rule(&w[2]) && !w[1].is_blank()).then_some(w[1].text)
    })
}

/// Index of the first line at `indent` whose text starts with `prefix`.
fn find_directive(lines: &[Line<'_>], from: usize, indent: usize, prefix: &str) -> Option<usize> {
    (from..lines.len()).find(|&i| lines[i].indent == indent && lines[i].text.starts_with(prefix))
}

fn index(lines: &[Line<'_>], title: &str, sink: &mut Sink<'_>) -> IndexPage {
    let mut page = IndexPage {
        title: title.to_owned(),
        ..IndexPage::default()
    };
    match find_directive(lines, 0, 0, ".. py:class::") {
        Some(at) => {
            let line = lines[at];
            let class = line.text[".. py:class::".len()..].trim();
            if let Some(name) = class.strip_suffix(".Client") {
                page.title = name.to_owned();
            }
            page.source = sink.loc(line.number, line.column());
            let end = fields::body_end(lines, at + 1, 0);
            page.docs = client_docs(&lines[at + 1..end]);
        }
        None => sink.error(
            "missing-directive",
            1,
            1,
            "expected `.. py:class:: <Service>.Client` on the service index page".to_owned(),
        ),
    }
    let mut from = 0;
    while let Some(at) = find_directive(lines, from, 0, ".. toctree::") {
        let end = fields::body_end(lines, at + 1, 0);
        for line in &lines[at + 1..end] {
            if line.is_blank() || line.text.starts_with(':') {
                continue;
            }
            let entry = line.text.to_owned();
            if entry.contains("/client/") {
                page.methods.push(entry);
            } else if entry.contains("/paginator/") {
                page.paginators.push(entry);
            } else if entry.contains("/waiter/") {
                page.waiters.push(entry);
            } else if entry.ends_with("/index") {
                // boto3's resource interface (`service-resource/index`,
                // `table/index`): an object layer over the same operations.
            } else {
                sink.warning(
                    "unknown-toctree-entry",
                    line.number,
                    line.column(),
                    format!("expected a client, paginator or waiter page, found `{entry}`"),
                );
            }
        }
        from = end;
    }
    page
}

/// The client class docs without boto3's "A low-level client representing"
/// line and the trailing `import boto3` example.
fn client_docs(body: &[Line<'_>]) -> String {
    let mut start = 0;
    if let Some(first) = body.iter().position(|l| !l.is_blank()) {
        if body[first]
            .text
            .starts_with("A low-level client representing")
        {
            start = first + 1;
        }
    }
    let mut end = body.len();
    if let Some(code) = body.iter().rposition(|l| l.text == "::") {
        if body[code..].iter().any(|l| l.text.contains("import boto3")) {
            end = code;
        }
    }
    blocks::to_markdown(&body[start..end])
}

/// A page whose `py:method` directive is at the top level (client pages).
fn method_page(lines: &[Line<'_>], sink: &mut Sink<'_>) -> MethodPage {
    let Some(at) = find_directive(lines, 0, 0, ".. py:method::") else {
        sink.error(
            "missing-directive",
            1,
            1,
            "expected `.. py:method:: <Service>.Client.<method>(...)` on a client page".to_owned(),
        );
        // What the passes say about the page is placed where this error is.
        return MethodPage {
            source: sink.loc(1, 1),
            ..MethodPage::default()
        };
    };
    let line = lines[at];
    let signature = line.text[".. py:method::".len()..].trim();
    let qualified = signature.split('(').next().unwrap_or(signature).trim();
    // The method runs to the end of the page: doc strings copied with their
    // own line breaks can start lines further left than the method body.
    let (mut page, _) = method_body(&lines[at + 1..], sink);
    page.qualified_name = qualified.to_owned();
    page.method = qualified.rsplit('.').next().unwrap_or("").to_owned();
    page.source = sink.loc(line.number, line.column());
    page
}

/// A page with `.. py:class:: Svc.Paginator.Name` holding `.. py:method:: name(...)`.
/// Also returns the description as written, for facts read from its prose.
fn class_method_page(
    lines: &[Line<'_>],
    method: &str,
    sink: &mut Sink<'_>,
) -> (MethodPage, Option<String>) {
    let Some(class_at) = find_directive(lines, 0, 0, ".. py:class::") else {
        sink.error(
            "missing-directive",
            1,
            1,
            "expected `.. py:class:: <Service>.<Paginator|Waiter>.<Name>`".to_owned(),
        );
        let page = MethodPage {
            source: sink.loc(1, 1),
            ..MethodPage::default()
        };
        return (page, None);
    };
    let class_line = lines[class_at];
    let class = class_line.text[".. py:class::".len()..].trim();
    let body = &lines[class_at + 1..];
    let prefix = format!(".. py:method:: {method}(");
    let found = body
        .iter()
        .position(|l| l.text.starts_with(&prefix))
        .or_else(|| {
            body.iter()
                .position(|l| l.text.starts_with(".. py:method::"))
        });
    let Some(at) = found else {
        sink.error(
            "missing-directive",
            class_line.number,
            class_line.column(),
            format!("expected `.. py:method:: {method}(**kwargs)` inside `{class}`"),
        );
        let page = MethodPage {
            source: sink.loc(class_line.number, class_line.column()),
            ..MethodPage::default()
        };
        return (page, None);
    };
    let line = body[at];
    let name = line.text[".. py:method::".len()..]
        .split('(')
        .next()
        .unwrap_or("")
        .trim();
    let (mut page, raw) = method_body(&body[at + 1..], sink);
    page.qualified_name = format!("{class}.{name}");
    page.method = name.to_owned();
    page.source = sink.loc(line.number, line.column());
    (page, Some(raw))
}

/// Reads a method body; also returns the raw description text.
fn method_body(body: &[Line<'_>], sink: &mut Sink<'_>) -> (MethodPage, String) {
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

/// What boto3 left out of a syntax section as too large to render.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Omission {
    Nothing,
    /// The syntax literal itself.
    Literal,
    /// The parameter docs after it (`**Parameters**`).
    Parameters,
}

/// After a `**Request Syntax**` or `**Response Syntax**` heading: a `::` line
/// and the indented literal. Returns the literal, the index after its block,
/// and what boto3 left out as too large.
fn literal_after(
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
fn too_large(lines: &[Line<'_>], from: usize) -> Option<usize> {
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

/// `describe_sessions` from "... :py:meth:`AppStream.Client.describe_sessions` ...".
fn client_method(text: &str) -> Option<String> {
    let start = text.find(":py:meth:`")? + ":py:meth:`".len();
    let end = text[start..].find('`')? + start;
    let name = text[start..end].rsplit('.').next()?;
    (!name.is_empty()).then(|| name.to_owned())
}

/// The number between `before` and `after`: "every 30 seconds" → 30.
fn number_between(text: &str, before: &str, after: &str) -> Option<u32> {
    let end = text.find(after)?;
    let start = text[..end].rfind(before)? + before.len();
    text[start..end].trim().parse().ok()
}
