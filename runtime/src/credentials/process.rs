//! `credential_process`: credentials printed by a command.

use std::fmt;
use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::fetch::{json_object, not_expired, optional, required};
use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::http::BoxFuture;
use crate::wire::DateTime;

/// Longest output read from the command: its JSON is a few hundred bytes.
const MAX_OUTPUT: usize = 64 * 1024;

/// How long the command may run by default: long enough for one that asks for an MFA
/// code on the terminal, short enough that a hung one does not hang its callers.
pub const DEFAULT_PROCESS_TIMEOUT: Duration = Duration::from_secs(120);

/// Runs a command and reads credentials from its output, as `credential_process` in a
/// profile does.
///
/// The command line is split into words as botocore splits it (POSIX shell quoting:
/// `'...'`, `"..."`, `\`; no variables, globs or pipes) and run without a shell. It
/// inherits standard input and standard error, so that it can prompt; its standard
/// output must be JSON:
///
/// ```json
/// {"Version": 1, "AccessKeyId": "ASIA...", "SecretAccessKey": "...",
///  "SessionToken": "...", "Expiration": "2030-01-01T00:00:00Z"}
/// ```
///
/// `SessionToken` and `Expiration` are optional. At most 64 KiB of output is read, and
/// the command is killed after [`DEFAULT_PROCESS_TIMEOUT`] (see
/// [`timeout`](Self::timeout)). Errors say what was wrong with the output, never what
/// it held; `Debug` shows only the program, not its arguments.
#[derive(Clone)]
pub struct ProcessCredentialsProvider {
    command: String,
    timeout: Duration,
}

impl ProcessCredentialsProvider {
    /// Runs `command` (a command line) for each fetch; wrap it in a
    /// [`super::CredentialsCache`] to run it only when credentials expire.
    pub fn new(command: impl Into<String>) -> Self {
        Self {
            command: command.into(),
            timeout: DEFAULT_PROCESS_TIMEOUT,
        }
    }

    /// Kills the command when it has not finished after `timeout`.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    fn program(&self) -> String {
        split_command(&self.command)
            .ok()
            .and_then(|words| words.into_iter().next())
            .unwrap_or_default()
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let words = split_command(&self.command).map_err(|reason| {
            CredentialsError::new(format!(
                "credential_process cannot be split into words: {reason}"
            ))
        })?;
        let Some((program, args)) = words.split_first() else {
            return Err(CredentialsError::new("credential_process is empty"));
        };
        let what = format!("credential_process `{program}`");
        let mut child = Command::new(program)
            .args(args)
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| {
                CredentialsError::new(format!("{what} could not be started")).with_source(e)
            })?;
        let output = run(&mut child, self.timeout, &what).await;
        if output.is_err() {
            // Killed here, so that no command outlives a failed fetch; reaped in the
            // background, as waiting may block.
            let _ = child.kill();
            tokio::task::spawn_blocking(move || child.wait());
        }
        parse_output(&output?, &what)
    }
}

/// The standard output of `child` once it exits with success.
async fn run(
    child: &mut Child,
    timeout: Duration,
    what: &str,
) -> Result<Vec<u8>, CredentialsError> {
    let deadline = Instant::now() + timeout;
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let reading = tokio::task::spawn_blocking(move || {
        let mut bytes = Vec::new();
        // Read one byte past the limit to tell a long output from one of exactly it.
        (&mut stdout)
            .take(MAX_OUTPUT as u64 + 1)
            .read_to_end(&mut bytes)
            .map(|_| bytes)
    });
    let too_slow = || CredentialsError::new(format!("{what} did not finish within {timeout:?}"));
    let bytes = match tokio::time::timeout_at(deadline.into(), reading).await {
        Err(_) => return Err(too_slow()),
        Ok(Err(e)) => return Err(CredentialsError::new(format!("{what}: {e}"))),
        Ok(Ok(Err(e))) => {
            return Err(
                CredentialsError::new(format!("{what}: reading its output failed")).with_source(e),
            )
        }
        Ok(Ok(Ok(bytes))) => bytes,
    };
    if bytes.len() > MAX_OUTPUT {
        return Err(CredentialsError::new(format!(
            "{what} printed more than {MAX_OUTPUT} bytes"
        )));
    }
    // Its output is closed; wait for it to exit without blocking a runtime thread.
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => return Err(too_slow()),
            Ok(None) => tokio::time::sleep(Duration::from_millis(5)).await,
            Err(e) => {
                return Err(
                    CredentialsError::new(format!("{what} could not be waited for")).with_source(e),
                )
            }
        }
    };
    if !status.success() {
        // Its output is not shown: it may hold secrets.
        return Err(CredentialsError::new(format!("{what} failed ({status})")));
    }
    Ok(bytes)
}

/// Credentials from the command's JSON output.
fn parse_output(bytes: &[u8], what: &str) -> Result<Credentials, CredentialsError> {
    let object = json_object(bytes, what)?;
    match object.get("Version") {
        Some(version) if version.as_u64() == Some(1) => {}
        Some(_) => {
            return Err(CredentialsError::new(format!(
                "{what} printed an unsupported Version (only 1 is)"
            )))
        }
        None => return Err(CredentialsError::new(format!("{what} printed no Version"))),
    }
    let credentials = Credentials::new(
        required(&object, "AccessKeyId", what)?,
        required(&object, "SecretAccessKey", what)?,
        optional(&object, "SessionToken", what)?,
    );
    let Some(expiration) = optional(&object, "Expiration", what)? else {
        return Ok(credentials);
    };
    let expiry = expiration
        .parse::<DateTime>()
        .ok()
        .and_then(|time| std::time::SystemTime::try_from(time).ok())
        .ok_or_else(|| {
            CredentialsError::new(format!(
                "{what} printed an Expiration that is not an RFC 3339 date"
            ))
        })?;
    Ok(credentials.with_expiry(not_expired(expiry, what)?))
}

/// Splits a command line into words as Python's `shlex.split` does (POSIX mode, no
/// comments), which botocore uses for `credential_process`.
pub(crate) fn split_command(line: &str) -> Result<Vec<String>, &'static str> {
    let mut words = Vec::new();
    let mut word = String::new();
    // A word has started, even if empty (`''`).
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\\' => {
                word.push(chars.next().ok_or("no escaped character")?);
                in_word = true;
            }
            '\'' => {
                loop {
                    match chars.next().ok_or("no closing quotation")? {
                        '\'' => break,
                        c => word.push(c),
                    }
                }
                in_word = true;
            }
            '"' => {
                loop {
                    match chars.next().ok_or("no closing quotation")? {
                        '"' => break,
                        // Inside double quotes a backslash escapes only `"` and `\`.
                        '\\' => match chars.next().ok_or("no closing quotation")? {
                            c @ ('"' | '\\') => word.push(c),
                            c => {
                                word.push('\\');
                                word.push(c);
                            }
                        },
                        c => word.push(c),
                    }
                }
                in_word = true;
            }
            c => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

impl fmt::Debug for ProcessCredentialsProvider {
    /// The program only: arguments may hold secrets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProcessCredentialsProvider")
            .field("program", &self.program())
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl ProvideCredentials for ProcessCredentialsProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.fetch())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_lines_split_as_python_shlex_splits_them() {
        let cases: [(&str, &[&str]); 9] = [
            ("aws-vault export dev", &["aws-vault", "export", "dev"]),
            ("  a\t b\n", &["a", "b"]),
            (
                r#"cmd "two words" 'single $x' "#,
                &["cmd", "two words", "single $x"],
            ),
            (r#"a"b c"d"#, &["ab cd"]),
            (r#"cmd '' "" x"#, &["cmd", "", "", "x"]),
            (r#"a\ b \"c\""#, &["a b", "\"c\""]),
            (r#""a\"b\\c\d""#, &["a\"b\\c\\d"]),
            (r#"'a\b'"#, &["a\\b"]),
            ("cmd # not a comment", &["cmd", "#", "not", "a", "comment"]),
        ];
        for (line, expected) in cases {
            assert_eq!(split_command(line).unwrap(), expected, "{line}");
        }
        for bad in ["cmd 'open", "cmd \"open", "cmd \\"] {
            assert!(split_command(bad).is_err(), "{bad}");
        }
    }
}
