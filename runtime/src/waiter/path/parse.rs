//! A Pratt parser with `jmespath.parser`'s binding powers and projection rules.

use super::lex::{tokens, Tok};
use super::Value;

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Clone, Debug)]
pub(super) enum Node {
    Current,
    Field(String),
    Literal(Value),
    Index(i64),
    Sub(Box<Node>, Box<Node>),
    Pipe(Box<Node>, Box<Node>),
    Projection(Box<Node>, Box<Node>),
    ValueProjection(Box<Node>, Box<Node>),
    Flatten(Box<Node>),
    Filter(Box<Node>, Box<Node>, Box<Node>),
    Compare(Cmp, Box<Node>, Box<Node>),
    Or(Box<Node>, Box<Node>),
    And(Box<Node>, Box<Node>),
    Not(Box<Node>),
    MultiList(Vec<Node>),
    Function(String, Vec<Node>),
}

type Error = (usize, String);

/// Nesting deeper than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 64;
/// Below this binding power a projection's right side is the identity.
const PROJECTION_STOP: u8 = 10;

fn power(tok: &Tok) -> u8 {
    match tok {
        Tok::Pipe => 1,
        Tok::Or => 2,
        Tok::And => 3,
        Tok::Eq | Tok::Ne | Tok::Lt | Tok::Le | Tok::Gt | Tok::Ge => 5,
        Tok::Flatten => 9,
        Tok::Star => 20,
        Tok::Filter => 21,
        Tok::Dot => 40,
        Tok::Not => 45,
        Tok::LBrace => 50,
        Tok::LBracket => 55,
        Tok::LParen => 60,
        _ => 0,
    }
}

pub(super) fn parse(text: &str) -> Result<Node, Error> {
    let mut parser = Parser {
        tokens: tokens(text)?,
        at: 0,
        depth: 0,
    };
    let node = parser.expression(0)?;
    match parser.current() {
        Tok::Eof => Ok(node),
        tok => Err((parser.offset(), format!("unexpected {}", describe(tok)))),
    }
}

struct Parser {
    tokens: Vec<(Tok, usize)>,
    at: usize,
    depth: usize,
}

fn b(node: Node) -> Box<Node> {
    Box::new(node)
}

fn describe(tok: &Tok) -> String {
    match tok {
        Tok::Eof => "end of expression".to_owned(),
        Tok::Ident(name) | Tok::Quoted(name) => format!("identifier `{name}`"),
        other => format!("{other:?}"),
    }
}

impl Parser {
    fn current(&self) -> &Tok {
        self.peek(0)
    }

    fn peek(&self, ahead: usize) -> &Tok {
        self.tokens
            .get(self.at + ahead)
            .map_or(&Tok::Eof, |(tok, _)| tok)
    }

    fn offset(&self) -> usize {
        self.tokens.get(self.at).map_or(0, |(_, offset)| *offset)
    }

    fn advance(&mut self) -> Tok {
        let tok = self.current().clone();
        if self.at < self.tokens.len() - 1 {
            self.at += 1;
        }
        tok
    }

    fn expect(&mut self, want: &Tok) -> Result<(), Error> {
        if self.current() == want {
            self.advance();
            Ok(())
        } else {
            Err((
                self.offset(),
                format!(
                    "expected {}, found {}",
                    describe(want),
                    describe(self.current())
                ),
            ))
        }
    }

    fn unexpected<T>(&self) -> Result<T, Error> {
        Err((
            self.offset(),
            format!("unexpected {}", describe(self.current())),
        ))
    }

    fn expression(&mut self, bp: u8) -> Result<Node, Error> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err((self.offset(), "expression nested too deeply".to_owned()));
        }
        let start = self.offset();
        let tok = self.advance();
        let mut left = self.nud(tok, start)?;
        while bp < power(self.current()) {
            let tok = self.advance();
            left = self.led(tok, left)?;
        }
        self.depth -= 1;
        Ok(left)
    }

    fn nud(&mut self, tok: Tok, start: usize) -> Result<Node, Error> {
        Ok(match tok {
            Tok::Literal(value) => Node::Literal(value),
            Tok::Ident(name) => Node::Field(name),
            Tok::Quoted(name) => {
                if self.current() == &Tok::LParen {
                    return Err((start, "a quoted identifier cannot name a function".into()));
                }
                Node::Field(name)
            }
            Tok::Star => {
                let right = if self.current() == &Tok::RBracket {
                    Node::Current
                } else {
                    self.projection_rhs(power(&Tok::Star))?
                };
                Node::ValueProjection(b(Node::Current), b(right))
            }
            Tok::Filter => self.filter(Node::Current)?,
            Tok::LParen => {
                let inner = self.expression(0)?;
                self.expect(&Tok::RParen)?;
                inner
            }
            Tok::Flatten => {
                let left = Node::Flatten(b(Node::Current));
                let right = self.projection_rhs(power(&Tok::Flatten))?;
                Node::Projection(b(left), b(right))
            }
            Tok::Not => Node::Not(b(self.expression(power(&Tok::Not))?)),
            Tok::LBracket => match self.current() {
                Tok::Number(_) | Tok::Colon => {
                    let index = self.index()?;
                    Node::Sub(b(Node::Current), b(index))
                }
                Tok::Star if self.peek(1) == &Tok::RBracket => {
                    self.advance();
                    self.advance();
                    let right = self.projection_rhs(power(&Tok::Star))?;
                    Node::Projection(b(Node::Current), b(right))
                }
                _ => self.multi_list()?,
            },
            Tok::At => Node::Current,
            _ => {
                return Err((start, format!("unexpected {}", describe(&tok))));
            }
        })
    }

    fn led(&mut self, tok: Tok, left: Node) -> Result<Node, Error> {
        Ok(match tok {
            Tok::Dot => {
                if self.current() == &Tok::Star {
                    self.advance();
                    let right = self.projection_rhs(power(&Tok::Dot))?;
                    Node::ValueProjection(b(left), b(right))
                } else {
                    let right = self.dot_rhs(power(&Tok::Dot))?;
                    Node::Sub(b(left), b(right))
                }
            }
            Tok::Pipe => Node::Pipe(b(left), b(self.expression(power(&Tok::Pipe))?)),
            Tok::Or => Node::Or(b(left), b(self.expression(power(&Tok::Or))?)),
            Tok::And => Node::And(b(left), b(self.expression(power(&Tok::And))?)),
            Tok::LParen => {
                let Node::Field(name) = left else {
                    return Err((self.offset(), "only a name can be called".to_owned()));
                };
                let mut args = Vec::new();
                while self.current() != &Tok::RParen {
                    args.push(self.expression(0)?);
                    if self.current() == &Tok::Comma {
                        self.advance();
                    } else if self.current() != &Tok::RParen {
                        return self.unexpected();
                    }
                }
                self.advance();
                Node::Function(name, args)
            }
            Tok::Filter => self.filter(left)?,
            Tok::Eq | Tok::Ne | Tok::Lt | Tok::Le | Tok::Gt | Tok::Ge => {
                let op = match tok {
                    Tok::Eq => Cmp::Eq,
                    Tok::Ne => Cmp::Ne,
                    Tok::Lt => Cmp::Lt,
                    Tok::Le => Cmp::Le,
                    Tok::Gt => Cmp::Gt,
                    _ => Cmp::Ge,
                };
                let right = self.expression(power(&tok))?;
                Node::Compare(op, b(left), b(right))
            }
            Tok::Flatten => {
                let right = self.projection_rhs(power(&Tok::Flatten))?;
                Node::Projection(b(Node::Flatten(b(left))), b(right))
            }
            Tok::LBracket => match self.current() {
                Tok::Number(_) | Tok::Colon => Node::Sub(b(left), b(self.index()?)),
                _ => {
                    self.expect(&Tok::Star)?;
                    self.expect(&Tok::RBracket)?;
                    let right = self.projection_rhs(power(&Tok::Star))?;
                    Node::Projection(b(left), b(right))
                }
            },
            Tok::LBrace => {
                return Err((
                    self.offset(),
                    "multi-select hashes are not supported".into(),
                ))
            }
            other => return Err((self.offset(), format!("unexpected {}", describe(&other)))),
        })
    }

    /// `[?condition]` after `left`, and what is projected over the kept items.
    fn filter(&mut self, left: Node) -> Result<Node, Error> {
        let condition = self.expression(0)?;
        self.expect(&Tok::RBracket)?;
        let right = if self.current() == &Tok::Flatten {
            Node::Current
        } else {
            self.projection_rhs(power(&Tok::Filter))?
        };
        Ok(Node::Filter(b(left), b(right), b(condition)))
    }

    /// `n]` after `[`; slices are refused.
    fn index(&mut self) -> Result<Node, Error> {
        match self.advance() {
            Tok::Number(n) if self.current() == &Tok::RBracket => {
                self.advance();
                Ok(Node::Index(n))
            }
            _ => Err((self.offset(), "slices are not supported".to_owned())),
        }
    }

    /// `[a, b]` after `[`.
    fn multi_list(&mut self) -> Result<Node, Error> {
        let mut items = vec![self.expression(0)?];
        while self.current() == &Tok::Comma {
            self.advance();
            items.push(self.expression(0)?);
        }
        self.expect(&Tok::RBracket)?;
        Ok(Node::MultiList(items))
    }

    fn projection_rhs(&mut self, bp: u8) -> Result<Node, Error> {
        if power(self.current()) < PROJECTION_STOP {
            return Ok(Node::Current);
        }
        match self.current() {
            Tok::LBracket | Tok::Filter => self.expression(bp),
            Tok::Dot => {
                self.advance();
                self.dot_rhs(bp)
            }
            _ => self.unexpected(),
        }
    }

    fn dot_rhs(&mut self, bp: u8) -> Result<Node, Error> {
        match self.current() {
            Tok::Ident(_) | Tok::Quoted(_) | Tok::Star => self.expression(bp),
            Tok::LBracket => {
                self.advance();
                self.multi_list()
            }
            _ => self.unexpected(),
        }
    }
}
