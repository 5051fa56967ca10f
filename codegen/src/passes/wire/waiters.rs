//! `[waiters.<Name>]`: the acceptors of a documented waiter, as botocore's
//! `waiters-2.json` states them (`state`, `matcher`, `argument`, `expected`).

use serde::Deserialize;
use toml::Spanned;

use super::Run;
use crate::ir::{Acceptor, AcceptorState, Expected, Matcher, Service};

/// One waiter's facts.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct WaiterFacts {
    acceptors: Vec<Spanned<AcceptorFacts>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AcceptorFacts {
    state: String,
    matcher: String,
    argument: Option<String>,
    expected: toml::Value,
}

impl Run<'_> {
    /// Sets the acceptors of waiter `name`; a waiter the docs lack, or an acceptor
    /// botocore would not understand, is an error at its table or acceptor.
    pub(super) fn waiter(&mut self, service: &mut Service, name: &str, facts: &WaiterFacts) {
        let Some(waiter) = service.waiters.get_mut(name) else {
            self.error(
                "wire-fact-unknown",
                self.table("waiters", name),
                format!("waiter `{name}` is not in the docs; the file belongs to other docs"),
            );
            return;
        };
        let mut acceptors = Vec::new();
        for facts in &facts.acceptors {
            match acceptor(facts.get_ref()) {
                Ok(a) => acceptors.push(a),
                Err(problem) => self.error(
                    "wire-facts-invalid",
                    facts.span().start,
                    format!("waiter `{name}`: {problem}"),
                ),
            }
        }
        waiter.acceptors = acceptors;
    }
}

fn acceptor(facts: &AcceptorFacts) -> Result<Acceptor, String> {
    let state = match facts.state.as_str() {
        "success" => AcceptorState::Success,
        "failure" => AcceptorState::Failure,
        "retry" => AcceptorState::Retry,
        other => return Err(format!("unknown state `{other}` (success, failure, retry)")),
    };
    let path = || {
        facts
            .argument
            .clone()
            .ok_or_else(|| format!("matcher `{}` needs an argument", facts.matcher))
    };
    let matcher = match (facts.matcher.as_str(), &facts.expected) {
        ("path", e) => Matcher::Path {
            path: path()?,
            expected: expected(e)?,
        },
        ("pathAll", e) => Matcher::PathAll {
            path: path()?,
            expected: expected(e)?,
        },
        ("pathAny", e) => Matcher::PathAny {
            path: path()?,
            expected: expected(e)?,
        },
        ("status", toml::Value::Integer(code)) => {
            Matcher::Status(u16::try_from(*code).map_err(|_| format!("{code} is no HTTP status"))?)
        }
        ("error", toml::Value::String(code)) => Matcher::Error(code.clone()),
        ("error", toml::Value::Boolean(any)) => Matcher::AnyError(*any),
        (m @ ("status" | "error"), e) => {
            return Err(format!("matcher `{m}` cannot expect {}", e.type_str()))
        }
        (other, _) => {
            return Err(format!(
                "unknown matcher `{other}` (path, pathAll, pathAny, status, error)"
            ))
        }
    };
    Ok(Acceptor { state, matcher })
}

fn expected(value: &toml::Value) -> Result<Expected, String> {
    Ok(match value {
        toml::Value::String(s) => Expected::String(s.clone()),
        toml::Value::Boolean(b) => Expected::Bool(*b),
        toml::Value::Integer(n) => Expected::Number(*n as f64),
        toml::Value::Float(n) => Expected::Number(*n),
        other => return Err(format!("a path cannot expect {}", other.type_str())),
    })
}
