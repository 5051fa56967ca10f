//! Examples pass: reads each documented example call (boto3's Python) against the model,
//! so that emitters can write it as Rust that compiles.
//!
//! An example that is a call of its operation whose every argument fits the member it
//! is given to gets [`Example::call`]. One that does not (an unknown member, a value of
//! the wrong type, a string that is no value of its enum, a required member missing)
//! is a warning and stays text: a doc example never becomes code that cannot compile.
//! Examples that are not Python calls (the Markdown pages show HTTP requests) are left
//! as they are, without a warning.

mod python;

use crate::diagnostics::{excerpt, Diagnostic};
use crate::ir::{Example, ExampleValue, Member, Service, ShapeKind, TypeRef, Width};
use python::Value;

/// The kind of the warning for an example that stays text.
pub const NOT_READ: &str = "example-not-read";

/// Reads every example of every operation of `service`.
pub fn read_examples(service: &mut Service, diagnostics: &mut Vec<Diagnostic>) {
    let mut resolved = Vec::new();
    for op in service.operations.values() {
        for (index, example) in op.examples.iter().enumerate() {
            if !example.input.contains("client.") {
                continue;
            }
            match read(service, &op.snake_name, &op.input, example) {
                Ok(call) => resolved.push((op.name.clone(), index, call)),
                Err(why) => diagnostics.push(Diagnostic::warning(
                    NOT_READ,
                    &op.source.file,
                    op.source.line,
                    op.source.column,
                    format!("example {} of `{}` stays text: {why}", index + 1, op.name),
                )),
            }
        }
    }
    for (op, index, call) in resolved {
        if let Some(example) = service
            .operations
            .get_mut(&op)
            .and_then(|op| op.examples.get_mut(index))
        {
            example.call = Some(call);
        }
    }
}

/// The arguments of `example` read against the input shape `input`.
fn read(
    service: &Service,
    method: &str,
    input: &str,
    example: &Example,
) -> Result<Vec<(String, ExampleValue)>, String> {
    let call = python::parse_call(&example.input).map_err(|(at, why)| {
        let line = example.input[..at].lines().count().max(1);
        format!("line {line} of the example: {why}")
    })?;
    if call.method != method {
        return Err(format!(
            "it calls `{}`, not `{method}`",
            excerpt(&call.method)
        ));
    }
    let members = match service.shapes.get(input).map(|s| &s.kind) {
        Some(ShapeKind::Structure { members }) => members,
        _ => return Err(format!("the input `{input}` is not a structure")),
    };
    structure(service, input, members, &call.args)
}

/// Members set by name, checked against `members`; every required member is set.
fn structure(
    service: &Service,
    shape: &str,
    members: &[Member],
    entries: &[(String, Value)],
) -> Result<Vec<(String, ExampleValue)>, String> {
    let mut out = Vec::new();
    for (name, value) in entries {
        let member = members
            .iter()
            .find(|m| &m.name == name)
            .ok_or_else(|| format!("`{shape}` has no member `{}`", excerpt(name)))?;
        if out.iter().any(|(set, _)| set == name) {
            return Err(format!("`{shape}.{name}` is set twice"));
        }
        let value = value_of(service, &member.target, value)
            .map_err(|why| format!("`{shape}.{name}`: {why}"))?;
        out.push((name.clone(), value));
    }
    if let Some(missing) = members
        .iter()
        .find(|m| m.required && !out.iter().any(|(set, _)| *set == m.name))
    {
        return Err(format!(
            "the required member `{shape}.{}` is not set",
            missing.name
        ));
    }
    Ok(out)
}

/// `value` as a value of `target`.
fn value_of(service: &Service, target: &TypeRef, value: &Value) -> Result<ExampleValue, String> {
    let wrong = |expected: &str| Err(format!("{expected} expected, found {}", kind(value)));
    Ok(match (target, value) {
        (TypeRef::String, Value::Str(s)) => ExampleValue::String(s.clone()),
        (TypeRef::Boolean, Value::Bool(b)) => ExampleValue::Boolean(*b),
        (TypeRef::Integer { width }, Value::Int(n)) => {
            if *width == Width::W32 && i32::try_from(*n).is_err() {
                return Err(format!("{n} does not fit in 32 bits"));
            }
            ExampleValue::Integer(*n)
        }
        (TypeRef::Float { .. }, Value::Float(text)) => ExampleValue::Float(text.clone()),
        (TypeRef::Timestamp, Value::DateTime(secs) | Value::Int(secs)) => {
            ExampleValue::Timestamp(*secs)
        }
        (TypeRef::Blob | TypeRef::StreamingBlob, Value::Bytes(b)) => ExampleValue::Blob(b.clone()),
        (TypeRef::Blob | TypeRef::StreamingBlob, Value::Str(s)) => {
            ExampleValue::Blob(s.clone().into_bytes())
        }
        (TypeRef::List { member }, Value::List(items)) => ExampleValue::List(
            items
                .iter()
                .map(|item| value_of(service, member, item))
                .collect::<Result<_, _>>()?,
        ),
        (TypeRef::Map { key, value: of }, Value::Dict(entries)) => {
            let mut out = Vec::new();
            for (k, v) in entries {
                if let TypeRef::Named { .. } = **key {
                    value_of(service, key, &Value::Str(k.clone()))?;
                }
                out.push((k.clone(), value_of(service, of, v)?));
            }
            ExampleValue::Map(out)
        }
        (TypeRef::Named { name }, _) => {
            let shape = service
                .shapes
                .get(name)
                .ok_or_else(|| format!("the model has no shape `{name}`"))?;
            match (&shape.kind, value) {
                (ShapeKind::Enum { values }, Value::Str(s)) => {
                    if !values.contains(s) {
                        return Err(format!("`{}` is no value of `{name}`", excerpt(s)));
                    }
                    ExampleValue::Enum(s.clone())
                }
                (ShapeKind::Structure { members }, Value::Dict(entries)) => {
                    ExampleValue::Structure(structure(service, name, members, entries)?)
                }
                (ShapeKind::Union { members }, Value::Dict(entries)) => {
                    let [(member, v)] = entries.as_slice() else {
                        return Err(format!("`{name}` is a union: one member expected"));
                    };
                    let target = members
                        .iter()
                        .find(|m| &m.name == member)
                        .ok_or_else(|| format!("`{name}` has no member `{}`", excerpt(member)))?;
                    let v = value_of(service, &target.target, v)
                        .map_err(|why| format!("`{name}.{member}`: {why}"))?;
                    ExampleValue::Union(member.clone(), Box::new(v))
                }
                _ => return wrong(&format!("a value of `{name}`")),
            }
        }
        (TypeRef::Document, _) => return Err("documents are not written as Rust yet".into()),
        (TypeRef::EventStream { .. }, _) => return Err("event streams cannot be sent".into()),
        (TypeRef::String, _) => return wrong("a string"),
        (TypeRef::Boolean, _) => return wrong("True or False"),
        (TypeRef::Integer { .. }, _) => return wrong("an integer"),
        (TypeRef::Float { .. }, _) => return wrong("a float"),
        (TypeRef::Timestamp, _) => return wrong("a datetime"),
        (TypeRef::Blob | TypeRef::StreamingBlob, _) => return wrong("bytes"),
        (TypeRef::List { .. }, _) => return wrong("a list"),
        (TypeRef::Map { .. }, _) => return wrong("a dict"),
    })
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Str(_) => "a string",
        Value::Bytes(_) => "bytes",
        Value::Int(_) => "an integer",
        Value::Float(_) => "a float",
        Value::Bool(_) => "a boolean",
        Value::None => "None",
        Value::List(_) => "a list",
        Value::Dict(_) => "a dict",
        Value::DateTime(_) => "a datetime",
    }
}

#[cfg(test)]
mod tests {
    use super::python::{parse_call, Value};

    #[test]
    fn reads_boto3_calls() {
        let call = parse_call(
            "response = client.list_devices(\n    # a comment, with 'quotes'\n    arn='a\\'b',\n    filters=[{'attribute': 'ARN', 'n': -5, 'f': 1.5e-3}, ],\n    when=datetime(2015, 1, 2, 3, 4, 5),\n    ok=True,\n    data=b'xy',\n)\n\nprint(response)",
        )
        .unwrap();
        assert_eq!(call.method, "list_devices");
        assert_eq!(
            call.args,
            vec![
                ("arn".into(), Value::Str("a'b".into())),
                (
                    "filters".into(),
                    Value::List(vec![Value::Dict(vec![
                        ("attribute".into(), Value::Str("ARN".into())),
                        ("n".into(), Value::Int(-5)),
                        ("f".into(), Value::Float("1.5e-3".into())),
                    ])])
                ),
                ("when".into(), Value::DateTime(1_420_167_845)),
                ("ok".into(), Value::Bool(true)),
                ("data".into(), Value::Bytes(b"xy".to_vec())),
            ]
        );
    }

    #[test]
    fn refuses_what_is_not_a_literal() {
        for text in [
            "client.op(a=b)",
            "client.op(a='x' b='y')",
            "client.op(a=[1 2])",
            "client.op(a='unterminated)",
            "client.op(a={1: 2})",
            "no call here",
        ] {
            assert!(parse_call(text).is_err(), "{text}");
        }
    }
}
