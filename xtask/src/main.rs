//! `cargo xtask`: the project's own tasks.
//!
//! Each task is a subcommand in its own module; `cargo xtask --help` lists them.

mod bench;
mod compile_bench;
mod corpus_check;
mod decode_bench;
mod fidelity;
mod fuzz;
mod import_docs;
mod moto;
mod oracle;
mod regenerate;
mod repo;
mod test;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// The project's own tasks: import docs, regenerate the SDK, check drift, benchmarks.
#[derive(Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Write boto3's reference pages for services into a docs directory.
    ImportDocs(import_docs::Args),
    /// Regenerate `generated/` from `docs-input/`, or check that it is up to date.
    Codegen(regenerate::Args),
    /// Generate every service of a docs directory whose protocol the emitters implement
    /// and `cargo check` the crates.
    CorpusCheck(corpus_check::Args),
    /// Measure the model recovered from the docs against botocore's own models.
    Fidelity(fidelity::Args),
    /// Re-record the requests boto3 sends (tests/fixtures/oracle/) with the pinned boto3.
    Oracle(oracle::Args),
    /// Run every test with the pinned moto server (installed on first use).
    Test(test::Args),
    /// Start the pinned moto server on a free local port, for a command or until Ctrl-C.
    Moto(moto::Args),
    /// Mutate every page in the repository and parse it, for minutes, in child
    /// processes: any panic, abort or hang is saved under target/fuzz/.
    Fuzz(fuzz::Args),
    /// One batch of `fuzz`, run by it in a child process.
    #[command(hide = true)]
    FuzzWorker(fuzz::WorkerArgs),
    /// Run a benchmark.
    Bench {
        #[command(subcommand)]
        which: bench::Bench,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Err(error) = repo::locate() {
        eprintln!("error: {error:#}");
        return ExitCode::FAILURE;
    }
    let result = match cli.task {
        Task::ImportDocs(args) => import_docs::run(&args),
        Task::Codegen(args) => regenerate::run(&args),
        Task::Fidelity(args) => fidelity::run(&args),
        Task::CorpusCheck(args) => corpus_check::run(&args),
        Task::Oracle(args) => oracle::run(&args),
        Task::Test(args) => test::run(&args),
        Task::Moto(args) => moto::run(&args),
        Task::Fuzz(args) => fuzz::run(&args),
        Task::FuzzWorker(args) => fuzz::worker(&args),
        Task::Bench { which } => bench::run(&which),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
