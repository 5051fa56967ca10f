//! `codegen`: generate Rust SDK crates from API reference docs, or check generated ones.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, Parser, Subcommand};
use codegen::pipeline::{self, Settings};

/// Turns published API reference docs (boto3's reST pages, AWS API Reference Markdown)
/// into Rust SDK crates.
#[derive(Parser)]
#[command(name = "codegen", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write one crate per service into `<out>/<service>/`, touching only changed files.
    Generate(Generation),
    /// Regenerate in memory and list files under `--out` that differ; fails if any do.
    Check(Generation),
    /// Parse and model every service under a directory and print a table of what each
    /// gave; fails on any panic or error diagnostic.
    Corpus(CorpusArgs),
    /// Print one service's model as JSON in the layout of botocore's models.
    Ir(IrArgs),
}

/// Arguments of `codegen corpus`.
#[derive(Args)]
struct CorpusArgs {
    /// A directory of service directories (each with service.toml), or one service's.
    docs: PathBuf,
    /// Only these services (directory names, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    services: Vec<String>,
    /// Also emit and format each crate the emitters support (counted, not written).
    #[arg(long)]
    emit: bool,
    /// Services worked on at once [default: the number of cores].
    #[arg(long, short, value_name = "N")]
    jobs: Option<usize>,
    /// Print every diagnostic after the table.
    #[arg(long, short)]
    verbose: bool,
}

/// Arguments of `codegen ir`.
#[derive(Args)]
struct IrArgs {
    /// One service's docs directory.
    service: PathBuf,
}

/// What to generate from, and where it goes.
#[derive(Args)]
struct Generation {
    /// One service's docs (a directory with service.toml, index.rst, client/...) or a
    /// directory of them.
    docs: PathBuf,
    /// Directory of generated crates; each service's crate is `<out>/<service>/`, and
    /// files there that generation does not produce are removed.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Path to the sdk-runtime crate from each crate directory, as written in its
    /// Cargo.toml.
    #[arg(long, value_name = "PATH", default_value = "../../runtime")]
    runtime_path: String,
    /// Version of the generated crates.
    #[arg(long, value_name = "VERSION", default_value = "0.1.0")]
    crate_version: String,
    /// Command named in the `@generated` header of every file.
    #[arg(long, value_name = "COMMAND", default_value = "codegen generate")]
    generator_command: String,
    /// Services generated at once [default: the number of cores].
    #[arg(long, short, value_name = "N")]
    jobs: Option<usize>,
    /// Print every warning rather than a count per kind.
    #[arg(long, short)]
    verbose: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Generate(generation) => generate(generation),
        Command::Check(generation) => check(generation),
        Command::Corpus(args) => corpus(args),
        Command::Ir(args) => ir(args),
    };
    result.unwrap_or_else(|error| {
        eprintln!("error: {error:#}");
        ExitCode::FAILURE
    })
}

fn generate(generation: &Generation) -> Result<ExitCode> {
    let tree = build(generation)?;
    let written = pipeline::write(&tree, &generation.out)?;
    for path in &written.written {
        println!("wrote   {}", path.display());
    }
    for path in &written.removed {
        println!("removed {}", path.display());
    }
    eprintln!(
        "{} crate(s) in {}: {} file(s) written, {} removed, {} unchanged",
        tree.crates.len(),
        generation.out.display(),
        written.written.len(),
        written.removed.len(),
        written.unchanged
    );
    Ok(ExitCode::SUCCESS)
}

fn check(generation: &Generation) -> Result<ExitCode> {
    let tree = build(generation)?;
    let drift = pipeline::diff(&tree, &generation.out)?;
    if drift.is_empty() {
        eprintln!(
            "{} crate(s) in {} are up to date",
            tree.crates.len(),
            generation.out.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    print!("{drift}");
    eprintln!(
        "{} is out of date with {}; run `codegen generate` to update it",
        generation.out.display(),
        generation.docs.display()
    );
    Ok(ExitCode::FAILURE)
}

/// Generates every service in memory and prints the warnings.
fn build(generation: &Generation) -> Result<pipeline::Tree> {
    let services = pipeline::find_services(&generation.docs)?;
    let settings = Settings {
        version: generation.crate_version.clone(),
        runtime_path: generation.runtime_path.clone(),
        generator_command: generation.generator_command.clone(),
    };
    let jobs = generation.jobs.unwrap_or_else(cores);
    let tree = pipeline::generate(&services, &settings, jobs)?;
    eprint!("{}", tree.warnings(generation.verbose));
    Ok(tree)
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

fn corpus(args: &CorpusArgs) -> Result<ExitCode> {
    let mut services = pipeline::find_services(&args.docs)?;
    if !args.services.is_empty() {
        if let Some(unknown) = args
            .services
            .iter()
            .find(|name| !services.iter().any(|s| &s.name == *name))
        {
            anyhow::bail!("no service {unknown} under {}", args.docs.display());
        }
        services.retain(|s| args.services.contains(&s.name));
    }
    let options = codegen::corpus::Options {
        jobs: args.jobs.unwrap_or_else(cores),
        emit: args.emit.then(|| Settings {
            version: "0.1.0".to_owned(),
            runtime_path: "../runtime".to_owned(),
            generator_command: "codegen corpus".to_owned(),
        }),
    };
    let report = codegen::corpus::run(&services, &options);
    print!("{report}");
    if args.verbose {
        for service in &report.services {
            for diagnostic in &service.diagnostics {
                println!("{}/{diagnostic}", service.name);
            }
        }
    }
    Ok(if report.is_clean() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn ir(args: &IrArgs) -> Result<ExitCode> {
    let loaded = codegen::load_service(&args.service)?;
    for diagnostic in &loaded.diagnostics {
        eprintln!("{diagnostic}");
    }
    let json = codegen::export::to_botocore_json(&loaded.service);
    println!("{}", serde_json::to_string_pretty(&json)?);
    Ok(ExitCode::SUCCESS)
}
