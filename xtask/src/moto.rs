//! `cargo xtask moto`: the pinned moto server on a free port of 127.0.0.1, for trying
//! the generated clients by hand (the README's "Try it locally against moto").
//!
//! moto comes from the same virtualenv as for `cargo xtask test`, under the target
//! directory (`CARGO_TARGET_DIR` when set). With a command, the command runs with the
//! environment a client needs to reach the server and the server stops when it ends;
//! without one, the environment is printed and the server runs until interrupted.

use std::ffi::OsString;
use std::io::Write as _;
use std::process::{Command, ExitCode};

use anyhow::{anyhow, bail, Context, Result};
use tests::moto::MotoServer;

use crate::test;

/// Arguments of `cargo xtask moto`.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  cargo xtask moto -- cargo run -p tests --example \
secrets_manager\n  cargo xtask moto          # prints the environment, serves until Ctrl-C"
)]
pub struct Args {
    /// A command to run against the server, with `AWS_ENDPOINT_URL`, `AWS_REGION` and
    /// test credentials set; the server stops when it ends and its exit status is ours.
    #[arg(
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "COMMAND"
    )]
    command: Vec<OsString>,
}

/// Starts the server, then runs the command or serves until interrupted.
pub fn run(args: &Args) -> Result<ExitCode> {
    let program = test::moto_server()?;
    let mut server = MotoServer::launch(&program).map_err(|error| anyhow!(error))?;
    // moto accepts any credentials; fixed ones keep real ones from being sent.
    let env = [
        ("AWS_ENDPOINT_URL", server.endpoint()),
        ("AWS_REGION", "us-east-1".to_owned()),
        ("AWS_ACCESS_KEY_ID", "testing".to_owned()),
        ("AWS_SECRET_ACCESS_KEY", "testing".to_owned()),
    ];
    let Some((command, command_args)) = args.command.split_first() else {
        let mut stdout = std::io::stdout().lock();
        for (name, value) in &env {
            writeln!(stdout, "export {name}={value}")?;
        }
        stdout.flush()?;
        eprintln!("moto serves at {}; stop it with Ctrl-C", server.endpoint());
        let status = server.wait().context("waiting for moto_server")?;
        bail!("moto_server stopped ({status})");
    };
    let status = Command::new(command)
        .args(command_args)
        .envs(env)
        .env_remove("AWS_SESSION_TOKEN")
        .env_remove("AWS_PROFILE")
        .status()
        .with_context(|| format!("running {}", command.to_string_lossy()))?;
    drop(server);
    Ok(match status.code() {
        Some(0) => ExitCode::SUCCESS,
        Some(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        None => ExitCode::FAILURE,
    })
}
