//! The formula language of a scheme: numbers, the indicators' keys, `+ - * /`,
//! parentheses, and `min(…)` / `max(…)`. Nothing else exists in it, so a plan
//! file cannot run code; it is bounded in length and depth, and `x / 0` is 0
//! so every formula has a value.

use std::collections::HashMap;

/// The longest formula read, in characters.
pub const MAX_LENGTH: usize = 500;
/// The deepest nesting of parentheses and calls.
pub const MAX_DEPTH: usize = 20;

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Number(f64),
    Name(String),
    Neg(Box<Expr>),
    Binary(Op, Box<Expr>, Box<Expr>),
    Call(Function, Vec<Expr>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Add,
    Sub,
    Mul,
    Div,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Function {
    Min,
    Max,
}

/// Why a formula was refused, and at which character (from 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormulaError {
    pub at: usize,
    pub problem: FormulaProblem,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormulaProblem {
    TooLong,
    TooDeep,
    /// Something other than what the grammar allows at this place.
    Unexpected(String),
    UnexpectedEnd,
    UnknownName(String),
    UnknownFunction(String),
}

impl FormulaProblem {
    /// The message id in the locale files.
    pub fn message_id(&self) -> &'static str {
        match self {
            FormulaProblem::TooLong => "formula-too-long",
            FormulaProblem::TooDeep => "formula-too-deep",
            FormulaProblem::Unexpected(_) => "formula-unexpected",
            FormulaProblem::UnexpectedEnd => "formula-unexpected-end",
            FormulaProblem::UnknownName(_) => "formula-unknown-name",
            FormulaProblem::UnknownFunction(_) => "formula-unknown-function",
        }
    }

    pub fn detail(&self) -> String {
        match self {
            FormulaProblem::Unexpected(s)
            | FormulaProblem::UnknownName(s)
            | FormulaProblem::UnknownFunction(s) => s.clone(),
            _ => String::new(),
        }
    }
}

/// Parses `source`, accepting only the names in `known`.
pub fn parse(source: &str, known: &[&str]) -> Result<Expr, FormulaError> {
    let chars: Vec<char> = source.chars().collect();
    if chars.len() > MAX_LENGTH {
        return Err(FormulaError {
            at: MAX_LENGTH + 1,
            problem: FormulaProblem::TooLong,
        });
    }
    let mut p = Parser {
        chars,
        pos: 0,
        depth: 0,
        known,
    };
    let expr = p.expr()?;
    p.skip_space();
    match p.peek() {
        None => Ok(expr),
        Some(c) => Err(p.error(FormulaProblem::Unexpected(c.to_string()))),
    }
}

/// The value of `expr` with each name's value taken from `values` (0 if missing).
pub fn evaluate(expr: &Expr, values: &HashMap<String, f64>) -> f64 {
    match expr {
        Expr::Number(n) => *n,
        Expr::Name(n) => values.get(n).copied().unwrap_or(0.0),
        Expr::Neg(e) => -evaluate(e, values),
        Expr::Binary(op, a, b) => {
            let (a, b) = (evaluate(a, values), evaluate(b, values));
            match op {
                Op::Add => a + b,
                Op::Sub => a - b,
                Op::Mul => a * b,
                Op::Div if b == 0.0 => 0.0,
                Op::Div => a / b,
            }
        }
        Expr::Call(f, args) => {
            let vals = args.iter().map(|a| evaluate(a, values));
            match f {
                Function::Min => vals.fold(f64::INFINITY, f64::min),
                Function::Max => vals.fold(f64::NEG_INFINITY, f64::max),
            }
        }
    }
}

struct Parser<'a> {
    chars: Vec<char>,
    pos: usize,
    depth: usize,
    known: &'a [&'a str],
}

impl Parser<'_> {
    fn error(&self, problem: FormulaProblem) -> FormulaError {
        FormulaError {
            at: self.pos + 1,
            problem,
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, c: char) -> bool {
        self.skip_space();
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expr(&mut self) -> Result<Expr, FormulaError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(FormulaProblem::TooDeep));
        }
        let mut left = self.term()?;
        loop {
            let op = if self.eat('+') {
                Op::Add
            } else if self.eat('-') {
                Op::Sub
            } else {
                break;
            };
            left = Expr::Binary(op, Box::new(left), Box::new(self.term()?));
        }
        self.depth -= 1;
        Ok(left)
    }

    fn term(&mut self) -> Result<Expr, FormulaError> {
        let mut left = self.unary()?;
        loop {
            let op = if self.eat('*') {
                Op::Mul
            } else if self.eat('/') {
                Op::Div
            } else {
                break;
            };
            left = Expr::Binary(op, Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, FormulaError> {
        if self.eat('-') {
            self.depth += 1;
            if self.depth > MAX_DEPTH {
                return Err(self.error(FormulaProblem::TooDeep));
            }
            let inner = self.unary()?;
            self.depth -= 1;
            return Ok(Expr::Neg(Box::new(inner)));
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Expr, FormulaError> {
        self.skip_space();
        let Some(c) = self.peek() else {
            return Err(self.error(FormulaProblem::UnexpectedEnd));
        };
        if c == '(' {
            self.pos += 1;
            let inner = self.expr()?;
            if !self.eat(')') {
                return Err(self.unexpected());
            }
            return Ok(inner);
        }
        if c.is_ascii_digit() || c == '.' {
            let start = self.pos;
            while self.peek().is_some_and(|c| c.is_ascii_digit() || c == '.') {
                self.pos += 1;
            }
            let text: String = self.chars[start..self.pos].iter().collect();
            return text.parse().map(Expr::Number).map_err(|_| FormulaError {
                at: start + 1,
                problem: FormulaProblem::Unexpected(text),
            });
        }
        if c.is_ascii_alphabetic() || c == '_' {
            let start = self.pos;
            while self
                .peek()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                self.pos += 1;
            }
            let name: String = self.chars[start..self.pos].iter().collect();
            if self.eat('(') {
                let function = match name.as_str() {
                    "min" => Function::Min,
                    "max" => Function::Max,
                    _ => {
                        return Err(FormulaError {
                            at: start + 1,
                            problem: FormulaProblem::UnknownFunction(name),
                        });
                    }
                };
                let mut args = vec![self.expr()?];
                while self.eat(',') {
                    args.push(self.expr()?);
                }
                if !self.eat(')') {
                    return Err(self.unexpected());
                }
                return Ok(Expr::Call(function, args));
            }
            if !self.known.contains(&name.as_str()) {
                return Err(FormulaError {
                    at: start + 1,
                    problem: FormulaProblem::UnknownName(name),
                });
            }
            return Ok(Expr::Name(name));
        }
        Err(self.unexpected())
    }

    fn unexpected(&self) -> FormulaError {
        match self.peek() {
            Some(c) => self.error(FormulaProblem::Unexpected(c.to_string())),
            None => self.error(FormulaProblem::UnexpectedEnd),
        }
    }
}
