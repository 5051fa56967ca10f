//! A bounded mutation test of both parsers: every page in the repository, damaged in a
//! fixed, seeded way, goes through its parser and the model passes without a panic, and
//! every problem is a diagnostic placed inside the page. `cargo xtask fuzz` runs the
//! same cases for as long as asked, and catches aborts and hangs too.

use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use codegen::fuzz::{self, Limits, Parser, Rng};

/// The run's seed; change it to explore, keep it to reproduce.
const SEED: u64 = 0x0008_f022_2024_0001;
/// How many times each page is damaged: there are fewer Markdown pages, and they are
/// read faster.
fn rounds(parser: Parser) -> usize {
    match parser {
        Parser::Rst => 6,
        Parser::Markdown => 30,
    }
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the crate lives in the workspace")
        .to_path_buf()
}

/// Damages every page [`rounds`] times; returns the number of cases and the failures.
fn run(parser: Parser) -> (usize, Vec<String>) {
    let seeds = fuzz::seeds(&workspace()).expect("the pages are readable");
    let mine: Vec<usize> = (0..seeds.len())
        .filter(|&i| seeds[i].parser == parser)
        .collect();
    assert!(
        mine.len() > 10,
        "only {} {} pages",
        mine.len(),
        parser.name()
    );
    let saved = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fuzz");
    let mut failures = Vec::new();
    let mut cases = 0;
    for round in 0..rounds(parser) {
        for &seed in &mine {
            let number = (round * seeds.len() + seed) as u64;
            let mut rng = Rng::new(SEED, number);
            let case = fuzz::case_of(&seeds, seed, &mut rng, Limits::QUICK);
            cases += 1;
            let outcome =
                panic::catch_unwind(AssertUnwindSafe(|| fuzz::check(&seeds[seed], &case.bytes)));
            let problem = match outcome {
                Ok(Ok(())) => continue,
                Ok(Err(problem)) => problem,
                Err(panic) => format!("panic: {}", message(&*panic)),
            };
            let file = saved.join(format!("{}-{number}.{}", parser.name(), parser.extension()));
            let kept = std::fs::create_dir_all(&saved)
                .and_then(|()| std::fs::write(&file, &case.bytes))
                .map_or_else(
                    |e| format!("not saved: {e}"),
                    |()| file.display().to_string(),
                );
            failures.push(format!(
                "case {number} ({} with {:?}, saved as {kept}): {problem}",
                seeds[seed].path.display(),
                case.mutations
            ));
        }
    }
    (cases, failures)
}

fn message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

/// Runs `run(parser)` with the stack `codegen ir` parses with.
fn fuzz(parser: Parser) {
    let worker = std::thread::Builder::new()
        .stack_size(fuzz::STACK)
        .spawn(move || run(parser))
        .expect("a thread");
    let (cases, failures) = worker.join().expect("the run itself does not panic");
    assert!(
        failures.is_empty(),
        "{} of {cases} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn damaged_rst_pages_give_diagnostics_not_panics() {
    fuzz(Parser::Rst);
}

#[test]
fn damaged_markdown_pages_give_diagnostics_not_panics() {
    fuzz(Parser::Markdown);
}
