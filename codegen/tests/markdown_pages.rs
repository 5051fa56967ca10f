//! The Markdown reader on the project's fixture pages: what each page says, what it
//! reports, and that no page, however broken, makes it panic.

use std::path::{Path, PathBuf};

use codegen::diagnostics::Severity;
use codegen::ir::{TypeRef, Width};
use codegen::parse::markdown::{
    read_any_page, read_page, read_pages, read_pages_of, AnyPage, DataTypePage, Entry,
    OperationPage, PageKind, ServiceKey, Skeleton,
};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/markdown")
}

fn read(folder: &str) -> (codegen::parse::markdown::MarkdownPages, Vec<String>) {
    let (pages, diagnostics) = match read_pages(&fixtures().join(folder), "markdown") {
        Ok(read) => read,
        Err(err) => panic!("{err}"),
    };
    (pages, diagnostics.iter().map(ToString::to_string).collect())
}

#[test]
fn devicefarm_pages() {
    let (pages, diagnostics) = read("devicefarm");
    assert_eq!(diagnostics, Vec::<String>::new());
    insta::assert_yaml_snapshot!(pages);
}

#[test]
fn appstream_pages() {
    let (pages, diagnostics) = read("appstream");
    assert_eq!(diagnostics, Vec::<String>::new());
    insta::assert_yaml_snapshot!(pages);
}

#[test]
fn rest_pages() {
    let (pages, diagnostics) = read("widgets/markdown");
    assert_eq!(diagnostics, Vec::<String>::new());
    insta::assert_yaml_snapshot!(pages);
}

#[test]
fn the_facts_boto3_pages_lack_are_read() {
    let (pages, _) = read("devicefarm");
    let device = &pages.pages["Device"];
    let PageKind::DataType(device) = &device.kind else {
        panic!("Device is a data type page")
    };
    let member = |name: &str| device.members.iter().find(|m| m.name == name);
    assert_eq!(
        member("heapSize").and_then(|m| m.target.clone()),
        Some(TypeRef::Integer { width: Width::W64 })
    );
    assert_eq!(
        member("cpu").and_then(|m| m.target.clone()),
        Some(TypeRef::Named { name: "CPU".into() })
    );
    let arn = member("arn")
        .map(|m| m.constraints.clone())
        .unwrap_or_default();
    assert_eq!((arn.min_length, arn.max_length), (Some(32), Some(1011)));
    assert_eq!(arn.pattern.as_deref(), Some("^arn:aws:devicefarm:.+"));

    let PageKind::Operation(op) = &pages.pages["GetRemoteAccessSession"].kind else {
        panic!("GetRemoteAccessSession is an operation page")
    };
    let statuses: Vec<_> = op
        .errors
        .iter()
        .map(|e| (e.name.as_str(), e.http_status))
        .collect();
    assert_eq!(
        statuses,
        [
            ("ArgumentException", Some(400)),
            ("LimitExceededException", Some(400)),
            ("NotFoundException", Some(400)),
            ("ServiceAccountException", Some(400)),
        ]
    );
    assert_eq!(
        pages.pages["GetRemoteAccessSession"].uid.as_deref(),
        Some("devicefarm-2015-06-23")
    );
}

#[test]
fn malformed_pages_are_reported_with_their_place() {
    let (pages, diagnostics) = read("malformed");
    // Only the pages that are reference pages at all come out.
    let names: Vec<&String> = pages.pages.keys().collect();
    assert_eq!(names, ["BadErrors", "Garbled", "Truncated"]);
    insta::assert_yaml_snapshot!(diagnostics);
}

/// Every prefix of every fixture page (and of the published samples, when present)
/// reads without a panic, and every diagnostic points inside the page.
#[test]
fn truncated_pages_never_panic() {
    let mut files = Vec::new();
    for folder in [
        "devicefarm",
        "appstream",
        "conflict",
        "malformed",
        "widgets/markdown",
        "shelves/markdown",
        "talks/markdown",
    ] {
        files.extend(md_files(&fixtures().join(folder)));
    }
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/markdown-samples");
    for service in ["devicefarm", "appstream"] {
        files.extend(md_files(&samples.join(service)));
    }
    let mut prefixes = 0;
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let lines = text.lines().count() as u32 + 1;
        let cuts = text
            .char_indices()
            .map(|(at, _)| at)
            .step_by(5)
            .chain([text.len()]);
        for cut in cuts {
            let (_, diagnostics) = read_page("page.md", &text[..cut]);
            for d in &diagnostics {
                assert!(d.line <= lines, "{d} is past the end of {}", file.display());
            }
            prefixes += 1;
        }
    }
    assert!(prefixes > 1000, "only {prefixes} prefixes read");
}

#[test]
fn garbage_bytes_and_odd_text_never_panic() {
    let odd = [
        "",
        "#",
        "# \n",
        "# X\n## Contents\n **",
        "# X\n## Contents\n ** a **\nType: Array of Array of",
        "# X\n## Request Syntax\n```\n{{{{{{\n```\n",
        "# X\n## Request Syntax\n```\nGET\n```\n",
        "# X\n## Errors\nHTTP Status Code: 99999999\n",
        "# X\n## Contents\n ** a **\nLength Constraints: Minimum length of 99999999999999999999999.\n",
        "---\n---\n# \u{1F600}\n",
        "# X\n<a name=\"\n## Contents\n",
    ];
    for text in odd {
        let _ = read_page("odd.md", text);
    }
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        dir.path().join("API_Bytes.md"),
        [0xff, 0xfe, b'#', b' ', 0xc3],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let (pages, diagnostics) = read_pages(dir.path(), "").unwrap_or_else(|e| panic!("{e}"));
    assert!(pages.pages.is_empty());
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].severity, Severity::Error);
    assert_eq!(diagnostics[0].kind, "not-utf8");
}

fn md_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    files
}

fn page_kind<'p>(pages: &'p codegen::parse::markdown::MarkdownPages, name: &str) -> &'p PageKind {
    match pages.pages.get(name) {
        Some(page) => &page.kind,
        None => panic!("no page `{name}` in {:?}", pages.pages.keys()),
    }
}

fn operation<'p>(
    pages: &'p codegen::parse::markdown::MarkdownPages,
    name: &str,
) -> &'p OperationPage {
    match page_kind(pages, name) {
        PageKind::Operation(op) => op,
        PageKind::DataType(_) => panic!("{name} is an operation page"),
    }
}

fn data_type<'p>(
    pages: &'p codegen::parse::markdown::MarkdownPages,
    name: &str,
) -> &'p DataTypePage {
    match page_kind(pages, name) {
        PageKind::DataType(data) => data,
        PageKind::Operation(_) => panic!("{name} is a data type page"),
    }
}

fn names(entries: &[Entry]) -> Vec<&str> {
    entries.iter().map(|e| e.name.as_str()).collect()
}

fn target<'e>(entries: &'e [Entry], name: &str) -> Option<&'e TypeRef> {
    entries
        .iter()
        .find(|e| e.name == name)
        .and_then(|e| e.target.as_ref())
}

fn named(name: &str) -> TypeRef {
    TypeRef::Named { name: name.into() }
}

fn list(member: TypeRef) -> TypeRef {
    TypeRef::List {
        member: Box::new(member),
    }
}

fn map(value: TypeRef) -> TypeRef {
    TypeRef::Map {
        key: Box::new(TypeRef::String),
        value: Box::new(value),
    }
}

/// Index pages (`API_Operations.md`, `API_Types_<Service>.md`, `API_Reference.md`) are
/// recognised, not reported; the folder's service.toml says which service to read, and
/// an operation listed twice is one operation.
#[test]
fn index_pages_and_a_second_service_in_the_folder() {
    let (pages, diagnostics) = read("shelves/markdown");
    assert_eq!(diagnostics, Vec::<String>::new());
    let names: Vec<&String> = pages.pages.keys().collect();
    assert_eq!(names, ["Book", "ListBooks", "PutBook", "Value"]);
    insta::assert_yaml_snapshot!(pages);
}

/// Older pages write entries `**Name**`, put the intro under `## Description` and name
/// errors without an `Exception` suffix; bold lines at the start of a line
/// (`**Note**`) are docs.
#[test]
fn bold_entries_and_description_sections() {
    let (pages, _) = read("shelves/markdown");
    let put = operation(&pages, "PutBook");
    assert_eq!(
        pages.pages["PutBook"].docs,
        "Puts a book on a shelf, replacing any book of the same title.\n\n**Note**\n\nA shelf holds at most 100 books."
    );
    assert_eq!(
        names(&put.request),
        ["ShelfName", "Book", "Labels", "Pages"]
    );
    assert_eq!(names(&put.response), ["Book", "Versions"]);
    let errors: Vec<_> = put
        .errors
        .iter()
        .map(|e| (e.name.as_str(), e.http_status, e.members.len()))
        .collect();
    assert_eq!(
        errors,
        [
            ("InternalServerError", Some(500), 0),
            ("ShelfFull", Some(400), 0),
            ("ShelfNotFoundException", Some(400), 0),
        ]
    );
    assert_eq!(put.examples.len(), 1, "`## Example` holds the examples");
    let shelf = &put.request[0];
    assert_eq!(shelf.required, Some(true));
    assert_eq!(
        (shelf.constraints.min_length, shelf.constraints.max_length),
        (Some(3), Some(255))
    );

    let book = data_type(&pages, "Book");
    assert_eq!(pages.pages["Book"].docs, "A book on a shelf.");
    assert_eq!(names(&book.members), ["Title", "Pages"]);
    let title = &book.members[0];
    assert!(
        title.docs.contains("**If the shelf sorts by title:**")
            && title.docs.contains("**Warning**"),
        "{}",
        title.docs
    );
    assert_eq!(title.target, Some(TypeRef::String));
    assert_eq!(title.required, Some(true));
    assert_eq!(
        target(&book.members, "Pages"),
        Some(&TypeRef::Integer { width: Width::W64 })
    );
}

/// Maps inside lists and maps inside maps, and a link without ` object`.
#[test]
fn nested_types() {
    let (pages, _) = read("shelves/markdown");
    let put = operation(&pages, "PutBook");
    assert_eq!(
        target(&put.request, "Labels"),
        Some(&map(map(TypeRef::String)))
    );
    assert_eq!(
        target(&put.request, "Pages"),
        Some(&list(map(named("Value"))))
    );
    assert_eq!(
        target(&put.response, "Versions"),
        Some(&map(list(map(named("Value")))))
    );
    assert_eq!(target(&put.response, "Book"), Some(&named("Book")));
}

/// The second service of the shelves folder, asked for by its uid: its pages keep
/// their titles as names (`API_streams_Record.md` is `Record`), and links between them
/// follow.
#[test]
fn the_service_asked_for_is_read() {
    let dir = fixtures().join("shelves/markdown");
    let streams = ServiceKey::uid("streams-shelves-2019-05-01");
    let (pages, diagnostics) =
        read_pages_of(&dir, "markdown", &streams).unwrap_or_else(|e| panic!("{e}"));
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let names: Vec<&String> = pages.pages.keys().collect();
    assert_eq!(names, ["GetRecords", "Record", "Value"]);
    let records = operation(&pages, "GetRecords");
    assert_eq!(
        target(&records.response, "Records"),
        Some(&list(named("Record")))
    );
    let record = data_type(&pages, "Record");
    assert_eq!(target(&record.members, "Keys"), Some(&map(named("Value"))));
    assert_eq!(
        pages.other_services.keys().collect::<Vec<_>>(),
        ["shelves-2019-05-01"]
    );

    // Without a uid, the index pages and the See Also links still tell the services
    // apart; the folder's own service (pages without a file prefix) is read, reported.
    let (pages, diagnostics) =
        read_pages_of(&dir, "markdown", &ServiceKey::default()).unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<&String> = pages.pages.keys().collect();
    assert_eq!(names, ["Book", "ListBooks", "PutBook", "Value"]);
    let kinds: Vec<&str> = diagnostics.iter().map(|d| d.kind).collect();
    assert_eq!(kinds, ["several-services"]);

    // A uid no page carries is an error naming the services the folder holds.
    let (pages, diagnostics) = read_pages_of(&dir, "markdown", &ServiceKey::uid("x-2000-01-01"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(pages.pages.is_empty());
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].severity, Severity::Error);
    assert!(
        diagnostics[0]
            .message
            .contains("streams-shelves-2019-05-01"),
        "{}",
        diagnostics[0]
    );
}

#[test]
fn index_pages_are_read() {
    let file = fixtures().join("shelves/markdown/API_Operations.md");
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{e}"));
    let (page, diagnostics) = read_any_page("markdown/API_Operations.md", &text);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let Some(AnyPage::Index(index)) = page else {
        panic!("an index page: {page:?}")
    };
    type Listed<'i> = (Option<&'i str>, Vec<(&'i str, &'i str)>);
    let lists: Vec<Listed<'_>> = index
        .lists
        .iter()
        .map(|list| {
            let pages = list
                .pages
                .iter()
                .map(|p| (p.name.as_str(), p.file.as_str()))
                .collect();
            (list.service.as_deref(), pages)
        })
        .collect();
    assert_eq!(
        lists,
        [
            (
                Some("Example Shelves"),
                vec![
                    ("ListBooks", "API_ListBooks.md"),
                    ("PutBook", "API_PutBook.md")
                ]
            ),
            (
                Some("Example Shelves Streams"),
                vec![("GetRecords", "API_streams_GetRecords.md")]
            ),
        ]
    );
    // A page with neither reference sections nor links to pages is still an error.
    let (page, diagnostics) = read_any_page("x.md", "# Neither\n\nText.\n");
    assert!(page.is_none());
    assert_eq!(diagnostics[0].kind, "unknown-page-kind");
}

/// An event-stream operation (HTTP/2), links in the Request Syntax keys, a bare
/// `JSON value`, link texts with spaces, `Type: Exception` members of the stream.
#[test]
fn event_stream_pages_and_links_in_syntax() {
    let (pages, diagnostics) = read("talks/markdown");
    // `Valid Range: Fixed value of 20.` is a range whose ends are equal.
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    let talk = operation(&pages, "StartTalk");
    let request = talk.request_syntax.clone().unwrap_or_default();
    let line = request.request_line.unwrap_or_default();
    assert_eq!(
        (line.method.as_str(), line.path.as_str()),
        ("POST", "/talk")
    );
    let keys = |skeleton: &Option<Skeleton>| match skeleton {
        Some(Skeleton::Object(fields)) => fields.iter().map(|(k, _)| k.clone()).collect(),
        other => panic!("not an object: {other:?}"),
    };
    let body_keys: Vec<String> = keys(&request.body);
    assert_eq!(body_keys, ["Audio", "Hints", "Speakers"]);
    let response = talk.response_syntax.clone().unwrap_or_default();
    assert_eq!(response.status_line, Some(200));
    assert_eq!(response.headers[0].1, "Stability");
    assert_eq!(
        names(&talk.request),
        ["SampleRate", "Stability", "Audio", "Hints", "Speakers"]
    );
    assert_eq!(target(&talk.request, "Hints"), Some(&TypeRef::Document));

    let said = data_type(&pages, "SaidStream");
    assert_eq!(
        target(&said.members, "BadRequestException"),
        Some(&named("BadRequestException"))
    );
    insta::assert_yaml_snapshot!(pages);
}

/// The two published references, as published: no error, and every ` **Name** ` or
/// ` ** Name ** ` entry line of a page read for the service is an entry or is named
/// by a diagnostic at its line.
#[test]
fn the_published_references_lose_no_entry() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/markdown-corpus");
    if !corpus.is_dir() {
        println!("skipped: {} is absent", corpus.display());
        return;
    }
    let services = [
        ("lambda", "lambda-2015-03-31", 106),
        ("dynamodb", "dynamodb-2012-08-10", 74),
        ("dynamodb", "dax-2017-04-19", 35),
        ("dynamodb", "streams-dynamodb-2012-08-10", 13),
    ];
    for (folder, uid, count) in services {
        let dir = corpus.join(folder);
        let (pages, diagnostics) = read_pages_of(&dir, "markdown", &ServiceKey::uid(uid))
            .unwrap_or_else(|e| panic!("{e}"));
        let errors: Vec<String> = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(ToString::to_string)
            .collect();
        assert_eq!(errors, Vec::<String>::new(), "{uid}");
        assert_eq!(pages.pages.len(), count, "{uid}: {:?}", pages.pages.keys());
        let mut read = std::collections::BTreeSet::new();
        for page in pages.pages.values() {
            assert!(
                page.uid.as_deref().is_none_or(|u| u == uid),
                "{uid}: {} is of {:?}",
                page.source.file,
                page.uid
            );
            let mut note = |loc: &codegen::ir::SourceLoc| {
                read.insert((loc.file.clone(), loc.line));
            };
            match &page.kind {
                PageKind::Operation(op) => {
                    op.request.iter().for_each(|e| note(&e.source));
                    op.response.iter().for_each(|e| note(&e.source));
                    for error in &op.errors {
                        note(&error.source);
                        error.members.iter().for_each(|e| note(&e.source));
                    }
                }
                PageKind::DataType(data) => data.members.iter().for_each(|e| note(&e.source)),
            }
        }
        let files: std::collections::BTreeSet<&String> =
            pages.pages.values().map(|p| &p.source.file).collect();
        let mut lines = 0;
        for file in files {
            let name = file.trim_start_matches("markdown/");
            let text = std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{e}"));
            for (at, entry) in entry_lines(&text) {
                lines += 1;
                let place = (file.clone(), at);
                let reported = diagnostics.iter().any(|d| {
                    d.file == Path::new(file) && d.line == at && d.message.contains(&entry)
                });
                assert!(
                    read.contains(&place) || reported,
                    "{file}:{at}: `{entry}` is neither read nor reported"
                );
            }
        }
        println!("{uid}: {} pages, {lines} entry lines", pages.pages.len());
        assert!(lines > 5 * count, "{uid}: only {lines} entry lines");
    }
}

/// Entry lines of a page as the published pages write them: one space, then
/// `**Name**`, `** Name **` or `** [Name](#anchor) **`, maybe an anchor; outside code
/// blocks and before the See Also section. (line, name)
fn entry_lines(text: &str) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    let mut code = false;
    let mut in_sections = false;
    for (at, line) in text.lines().enumerate() {
        if line.starts_with("```") {
            code = !code;
            continue;
        }
        if code {
            continue;
        }
        if line.starts_with("## ") {
            in_sections = !line.starts_with("## See Also");
            continue;
        }
        let line = line.split("<a name=").next().unwrap_or_default().trim_end();
        let Some(inner) = line
            .strip_prefix(" **")
            .and_then(|rest| rest.strip_suffix("**"))
        else {
            continue;
        };
        let inner = inner.trim();
        let inner = match inner.strip_prefix('[').and_then(|r| r.split_once("](")) {
            Some((text, _)) => text.trim(),
            None => inner,
        };
        let is_name = !inner.is_empty()
            && !inner.ends_with(':')
            && inner
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
        if in_sections && is_name {
            out.push((u32::try_from(at + 1).unwrap_or(u32::MAX), inner.to_string()));
        }
    }
    out
}
