//! Page structure: breadcrumb, title, and the `py:class` / `py:method` / `toctree`
//! directives that say what a page documents; a method's body is read by [`super::sections`].

use super::blocks;
use super::fields;
use super::lines::{split, Line};
use super::sections::method_body;
use super::{IndexPage, MethodPage, Page, PaginatorPage, Sink, WaiterPage};

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
