//! Pages written to break the generator, run through the `codegen` command as a user
//! types it: whatever the pages hold, the command ends normally (no abort) and says
//! where the problem is, as `file:line:column`.

mod fs_support;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use fs_support::copy_dir;

use tempfile::TempDir;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the crate lives in the workspace")
        .to_path_buf()
}

/// Runs `codegen <args>`.
fn codegen(args: &[&Path]) -> Output {
    match Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(args)
        .output()
    {
        Ok(output) => output,
        Err(error) => panic!("cannot run codegen: {error}"),
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `codegen ir <service>`.
fn ir(service: &Path) -> Output {
    codegen(&[Path::new("ir"), service])
}

/// `codegen generate <service> --out <out> -v`.
fn generate(service: &Path, out: &Path) -> Output {
    codegen(&[
        Path::new("generate"),
        service,
        Path::new("--out"),
        out,
        Path::new("-v"),
    ])
}

/// The command ended by itself with `code`: not killed by a signal (an abort is SIGABRT).
fn assert_exit(output: &Output, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "status {:?}; stderr:\n{}",
        output.status,
        tail(&stderr(output))
    );
}

/// The end of a long text, for assertion messages.
fn tail(text: &str) -> &str {
    let mut start = text.len().saturating_sub(2000);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..]
}

/// A temp dir holding `devicefarm/`: the DeviceFarm Markdown fixture pages alone, with
/// the service's `service.toml`, so that `generate` emits a crate from them.
fn markdown_service() -> io::Result<(TempDir, PathBuf)> {
    let temp = tempfile::tempdir()?;
    let service = temp.path().join("devicefarm");
    let markdown = service.join("markdown");
    fs::create_dir_all(&markdown)?;
    fs::copy(
        workspace().join("docs-input/devicefarm/service.toml"),
        service.join("service.toml"),
    )?;
    let pages = workspace().join("codegen/tests/fixtures/markdown/devicefarm");
    for entry in fs::read_dir(pages)? {
        let path = entry?.path();
        if let Some(name) = path.file_name() {
            fs::copy(&path, markdown.join(name))?;
        }
    }
    Ok((temp, service))
}

/// The 1-based line of the first line of `text` that contains `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|line| line.contains(needle))
        .map(|at| at + 1)
        .unwrap_or_else(|| panic!("no line holds {needle:?}"))
}

/// Puts `body` as the Request Syntax of `CreateRemoteAccessSession`; returns the line
/// of the page where the body starts.
fn replace_request_syntax(service: &Path, body: &str) -> io::Result<usize> {
    let page = service.join("markdown/API_CreateRemoteAccessSession.md");
    let text = fs::read_to_string(&page)?;
    let start = text.find("```\n{").expect("a request syntax block") + "```\n".len();
    let end = start + text[start..].find("```").expect("the block ends");
    let line = text[..start].lines().count() + 1;
    fs::write(&page, format!("{}{body}\n{}", &text[..start], &text[end..]))?;
    Ok(line)
}

/// Each opener (`[` or `{"a": `) 50,000 times on one line, closed at the end.
fn deep_skeleton(open: &str, close: &str) -> String {
    let depth = 50_000;
    format!(
        "{}\"{{{{string}}}}\"{}",
        open.repeat(depth),
        close.repeat(depth)
    )
}

#[test]
fn deeply_nested_request_syntax_is_a_diagnostic_not_an_abort() -> io::Result<()> {
    for (open, close) in [("[", "]"), ("{\"a\": ", "}")] {
        let (temp, service) = markdown_service()?;
        let line = replace_request_syntax(&service, &deep_skeleton(open, close))?;
        // The first opener past the bound, counting columns from 1.
        let column = 256 * open.chars().count() + 1;
        let expected = format!(
            "markdown/API_CreateRemoteAccessSession.md:{line}:{column}: warning[unreadable-syntax]: \
             Request Syntax: expected at most 256 levels of nesting"
        );

        let output = ir(&service);
        assert_exit(&output, 0);
        assert!(
            stderr(&output).contains(&expected),
            "{expected}\nnot in:\n{}",
            tail(&stderr(&output))
        );

        let output = generate(&service, &temp.path().join("out"));
        assert_exit(&output, 0);
        assert!(
            stderr(&output).contains(&expected),
            "{expected}\nnot in:\n{}",
            tail(&stderr(&output))
        );
    }
    Ok(())
}

#[test]
fn deeply_nested_list_types_are_a_diagnostic_not_an_abort() -> io::Result<()> {
    let (temp, service) = markdown_service()?;
    let page = service.join("markdown/API_CreateRemoteAccessSession.md");
    let text = fs::read_to_string(&page)?;
    let line = line_of(&text, "Type: String");
    let deep = format!("Type: Array of {}strings", "arrays of ".repeat(50_000));
    fs::write(&page, text.replacen("Type: String", &deep, 1))?;
    let expected =
        format!("markdown/API_CreateRemoteAccessSession.md:{line}:1: warning[unknown-type]");

    for output in [ir(&service), generate(&service, &temp.path().join("out"))] {
        assert_exit(&output, 0);
        let message = stderr(&output);
        let reported = message
            .lines()
            .find(|l| l.contains(&expected))
            .unwrap_or_else(|| panic!("{expected} not reported"));
        assert!(reported.len() < 300, "the type is quoted short: {reported}");
    }
    Ok(())
}

/// A temp dir holding `lifecycle/`, a copy of the reST fixture service.
fn rst_service() -> io::Result<(TempDir, PathBuf)> {
    let temp = tempfile::tempdir()?;
    let service = temp.path().join("lifecycle");
    copy_dir(
        &workspace().join("codegen/tests/fixtures/rst/lifecycle"),
        &service,
    )?;
    Ok((temp, service))
}

/// Makes `Lights` of `DescribeLights`'s response a list of lists ... of strings,
/// `depth` lists deep, in the response literal and in the response structure.
fn nest_lights(service: &Path, depth: usize) -> io::Result<()> {
    let page = service.join("client/describe_lights.rst");
    let text = fs::read_to_string(&page)?;
    let literal_start = text
        .find("      {\n          'Lights': [")
        .expect("the response literal");
    let literal_end = text
        .find("    **Response Structure**")
        .expect("the response structure");
    let literal = format!(
        "      {{\n          'Lights': {}'string'{},\n          'NextToken': 'string'\n      }}\n\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let docs_start = text
        .find("      - **Lights** *(list) --* ")
        .expect("Lights documented");
    let docs_end = text
        .find("      - **NextToken** *(string) --* ")
        .expect("NextToken documented");
    let mut docs = "      - **Lights** *(list) --* \n\n        The lights.\n\n".to_owned();
    for level in 1..depth {
        docs.push_str(&format!("{}- *(list) --* \n\n", " ".repeat(6 + 2 * level)));
    }
    docs.push_str(&format!(
        "{}- *(string) --* \n\n",
        " ".repeat(6 + 2 * depth)
    ));
    let text = format!(
        "{}{literal}{}{docs}{}",
        &text[..literal_start],
        &text[literal_end..docs_start],
        &text[docs_end..]
    );
    fs::write(page, text)
}

#[test]
fn lists_nested_as_deep_as_the_parser_allows_are_generated() -> io::Result<()> {
    // Items nest at most 200 deep, the response's own dict and `Lights` included.
    let depth = 198;
    let (temp, service) = rst_service()?;
    nest_lights(&service, depth)?;
    // Two services, so that more than one thread does the work.
    let twin = temp.path().join("twin");
    copy_dir(&service, &twin)?;
    let toml = fs::read_to_string(twin.join("service.toml"))?;
    fs::write(
        twin.join("service.toml"),
        toml.replace("service = \"beacon\"", "service = \"twin\""),
    )?;
    let out = temp.path().join("out");
    let output = codegen(&[
        Path::new("generate"),
        temp.path(),
        Path::new("--out"),
        &out,
        Path::new("--jobs"),
        Path::new("2"),
    ]);
    assert_exit(&output, 0);
    assert!(!stderr(&output).contains("too-deep"), "{}", stderr(&output));
    let code = fs::read_to_string(out.join("lifecycle/src/operation/describe_lights.rs"))?;
    let field = code
        .split("pub lights:")
        .nth(1)
        .and_then(|rest| rest.split("pub next_token:").next())
        .expect("the output has both fields");
    let levels = field.matches("::std::vec::Vec<").count();
    assert_eq!(levels, depth, "`Lights` is {depth} lists deep");
    Ok(())
}

/// Writes `bad` into `page` after the first occurrence of `after`; returns the line and
/// column (in characters) of the first byte of `bad`.
fn spoil(page: &Path, after: &str, bad: &[u8]) -> io::Result<(usize, usize)> {
    let text = fs::read_to_string(page)?;
    let at = text.find(after).expect("the page holds the text") + after.len();
    let line = text[..at].matches('\n').count() + 1;
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..at].chars().count() + 1;
    let mut bytes = text.as_bytes()[..at].to_vec();
    bytes.extend_from_slice(bad);
    bytes.extend_from_slice(&text.as_bytes()[at..]);
    fs::write(page, bytes)?;
    Ok((line, column))
}

#[test]
fn an_rst_page_that_is_not_utf8_is_placed_at_its_first_bad_byte() -> io::Result<()> {
    let (temp, service) = rst_service()?;
    let page = service.join("client/describe_lights.rst");
    // Columns count characters: `é` is one, though two bytes.
    let text = fs::read_to_string(&page)?;
    fs::write(&page, text.replacen("Results come", "Résults come", 1))?;
    let (line, column) = spoil(&page, "Résults", b"\xff\xfe")?;
    assert_eq!(column, 28);
    let expected = format!(
        "client/describe_lights.rst:{line}:{column}: error[not-utf8]: \
         expected UTF-8 text, found the byte 0xFF"
    );
    for output in [ir(&service), generate(&service, &temp.path().join("out"))] {
        assert_exit(&output, 1);
        let message = stderr(&output);
        assert!(
            message.contains(&expected),
            "{expected}\nnot in:\n{message}"
        );
        assert_eq!(message.matches("UTF-8").count(), 1, "said once: {message}");
    }
    assert!(!temp.path().join("out").exists(), "nothing is written");
    Ok(())
}

#[test]
fn a_markdown_page_that_is_not_utf8_is_placed_at_its_first_bad_byte() -> io::Result<()> {
    let (temp, service) = markdown_service()?;
    let (line, column) = spoil(
        &service.join("markdown/API_CPU.md"),
        "## Contents",
        b" \xc3(",
    )?;
    let expected = format!(
        "markdown/API_CPU.md:{line}:{}: error[not-utf8]: \
         expected UTF-8 text, found the byte 0xC3",
        column + 1
    );
    for output in [ir(&service), generate(&service, &temp.path().join("out"))] {
        assert_exit(&output, 1);
        let message = stderr(&output);
        assert!(
            message.contains(&expected),
            "{expected}\nnot in:\n{message}"
        );
    }
    Ok(())
}

#[test]
fn a_markdown_page_without_a_title_is_placed_at_its_start() -> io::Result<()> {
    let (temp, service) = markdown_service()?;
    let page = service.join("markdown/API_CPU.md");
    let text = fs::read_to_string(&page)?;
    fs::write(&page, text.replacen("# CPU", "CPU", 1))?;
    let expected = "markdown/API_CPU.md:1:1: error[missing-title]";
    for output in [ir(&service), generate(&service, &temp.path().join("out"))] {
        assert_exit(&output, 1);
        let message = stderr(&output);
        assert!(message.contains(expected), "{expected}\nnot in:\n{message}");
    }
    Ok(())
}

#[test]
fn a_huge_request_syntax_of_the_wrong_kind_is_reported_briefly() -> io::Result<()> {
    let (temp, service) = markdown_service()?;
    let items = vec!["\"{{string}}\""; 100_000].join(", ");
    let line = replace_request_syntax(&service, &format!("[ {items} ]"))?;
    let expected =
        format!("markdown/API_CreateRemoteAccessSession.md:{line}:1: warning[skeleton-mismatch]");
    for output in [ir(&service), generate(&service, &temp.path().join("out"))] {
        assert_exit(&output, 0);
        let message = stderr(&output);
        let reported = message
            .lines()
            .find(|l| l.contains(&expected))
            .unwrap_or_else(|| panic!("{expected} not in:\n{}", tail(&message)));
        assert!(
            reported.len() < 300,
            "the skeleton is quoted short: {}",
            tail(reported)
        );
    }
    Ok(())
}
