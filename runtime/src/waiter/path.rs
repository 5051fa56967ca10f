//! JMESPath, the part waiter acceptors use: fields (`Table.TableStatus`, `"quoted"`),
//! flattening (`Reservations[].Instances[]`), wildcards (`[*]`, `.*`), indexes,
//! filters (`[?Status == 'DISABLED']`), literals (`` `0` ``, `'raw'`), comparisons,
//! `!`, `&&`, `||`, `|`, parentheses, `@` and the function `length`: every acceptor
//! path of the pinned botocore. Parsed and evaluated as the `jmespath` Python package
//! does (its parser's binding powers and projections); anything else is a
//! [`PathError`] naming the expression and the column, never a panic.

use std::fmt;

pub use super::tree::Value;

mod lex;
mod parse;

use parse::{Cmp, Node};

/// An expression that is no JMESPath this module evaluates, or a function given
/// arguments of the wrong type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathError {
    /// The expression.
    pub expression: String,
    /// The byte offset where the problem is (0 for errors found evaluating).
    pub offset: usize,
    /// What is wrong.
    pub reason: String,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "path expression `{}`: {} (at column {})",
            self.expression,
            self.reason,
            self.offset + 1
        )
    }
}

impl std::error::Error for PathError {}

/// A parsed expression.
#[derive(Clone, Debug)]
pub struct Expression {
    text: String,
    root: Node,
}

impl Expression {
    /// Parses `text`.
    pub fn parse(text: &str) -> Result<Self, PathError> {
        let root = parse::parse(text).map_err(|(offset, reason)| PathError {
            expression: text.to_owned(),
            offset,
            reason,
        })?;
        Ok(Self {
            text: text.to_owned(),
            root,
        })
    }

    /// The expression's value over `data`; an error only where Python's `jmespath`
    /// raises one (a function given a value of the wrong type).
    pub fn search(&self, data: &Value) -> Result<Value, PathError> {
        eval(&self.root, data).map_err(|reason| PathError {
            expression: self.text.clone(),
            offset: 0,
            reason,
        })
    }
}

/// Parses `expression` and evaluates it over `data`.
pub fn search(expression: &str, data: &Value) -> Result<Value, PathError> {
    Expression::parse(expression)?.search(data)
}

fn eval(node: &Node, value: &Value) -> Result<Value, String> {
    Ok(match node {
        Node::Current => value.clone(),
        Node::Field(name) => value.get(name).clone(),
        Node::Literal(literal) => literal.clone(),
        Node::Index(index) => match value {
            Value::List(items) => {
                let len = items.len() as i64;
                let at = if *index < 0 { len + index } else { *index };
                if (0..len).contains(&at) {
                    items[at as usize].clone()
                } else {
                    Value::Null
                }
            }
            _ => Value::Null,
        },
        Node::Sub(left, right) => eval(right, &eval(left, value)?)?,
        Node::Pipe(left, right) => eval(right, &eval(left, value)?)?,
        Node::Projection(left, right) => match eval(left, value)? {
            Value::List(items) => project(items.iter(), right)?,
            _ => Value::Null,
        },
        Node::ValueProjection(left, right) => match eval(left, value)? {
            Value::Object(entries) => project(entries.iter().map(|(_, v)| v), right)?,
            _ => Value::Null,
        },
        Node::Flatten(child) => match eval(child, value)? {
            Value::List(items) => {
                let mut flat = Vec::with_capacity(items.len());
                for item in items {
                    match item {
                        Value::List(inner) => flat.extend(inner),
                        other => flat.push(other),
                    }
                }
                Value::List(flat)
            }
            _ => Value::Null,
        },
        Node::Filter(left, right, condition) => match eval(left, value)? {
            Value::List(items) => {
                let mut kept = Vec::new();
                for item in &items {
                    if eval(condition, item)?.is_truthy() {
                        let projected = eval(right, item)?;
                        if projected != Value::Null {
                            kept.push(projected);
                        }
                    }
                }
                Value::List(kept)
            }
            _ => Value::Null,
        },
        Node::Compare(op, left, right) => compare(*op, &eval(left, value)?, &eval(right, value)?),
        Node::Or(left, right) => {
            let l = eval(left, value)?;
            if l.is_truthy() {
                l
            } else {
                eval(right, value)?
            }
        }
        Node::And(left, right) => {
            let l = eval(left, value)?;
            if l.is_truthy() {
                eval(right, value)?
            } else {
                l
            }
        }
        Node::Not(child) => Value::Bool(!eval(child, value)?.is_truthy()),
        Node::MultiList(items) => match value {
            Value::Null => Value::Null,
            _ => Value::List(
                items
                    .iter()
                    .map(|i| eval(i, value))
                    .collect::<Result<_, _>>()?,
            ),
        },
        Node::Function(name, args) => {
            let args = args
                .iter()
                .map(|a| eval(a, value))
                .collect::<Result<Vec<_>, _>>()?;
            call(name, &args)?
        }
    })
}

/// A projection's right side over each item, nulls left out.
fn project<'a>(items: impl Iterator<Item = &'a Value>, right: &Node) -> Result<Value, String> {
    let mut out = Vec::new();
    for item in items {
        let v = eval(right, item)?;
        if v != Value::Null {
            out.push(v);
        }
    }
    Ok(Value::List(out))
}

/// JMESPath equality: by value, objects whatever their order, a boolean never equal to
/// a number (Python's `True == 1` is no JMESPath equality).
pub fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| equal(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| equal(v, b.get(k)) && y.iter().any(|(k2, _)| k2 == k))
        }
        _ => a == b,
    }
}

fn compare(op: Cmp, a: &Value, b: &Value) -> Value {
    let ordering = match op {
        Cmp::Eq => return Value::Bool(equal(a, b)),
        Cmp::Ne => return Value::Bool(!equal(a, b)),
        _ => match (a, b) {
            (Value::Number(x), Value::Number(y)) => x.partial_cmp(y),
            (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
            _ => return Value::Null,
        },
    };
    let Some(ordering) = ordering else {
        return Value::Bool(false);
    };
    Value::Bool(match op {
        Cmp::Lt => ordering.is_lt(),
        Cmp::Le => ordering.is_le(),
        Cmp::Gt => ordering.is_gt(),
        Cmp::Ge => ordering.is_ge(),
        // Equality returned above.
        Cmp::Eq | Cmp::Ne => ordering.is_eq(),
    })
}

fn call(name: &str, args: &[Value]) -> Result<Value, String> {
    match name {
        "length" => {
            let [arg] = args else {
                return Err(format!("length() takes 1 argument, {} given", args.len()));
            };
            let len = match arg {
                Value::String(s) => s.chars().count(),
                Value::List(items) => items.len(),
                Value::Object(entries) => entries.len(),
                other => return Err(format!("length() of {}", type_name(other))),
            };
            Ok(Value::Number(len as f64))
        }
        _ => Err(format!("unknown function {name}()")),
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::List(_) => "an array",
        Value::Object(_) => "an object",
        Value::Timestamp(_) => "a timestamp",
        Value::Blob(_) => "bytes",
    }
}
