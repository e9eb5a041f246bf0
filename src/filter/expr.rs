//! The filter language: an expression of tests on fields (`Field:op=value`), combined with
//! and, or and not (`_where`), and full-text search (`_search`). Parsing produces an
//! [`Expr`]; `select` evaluates it on the indexes.

use std::fmt;

use super::error::QueryError;
use crate::dataset::normalize_token;

/// A filter expression over the records of one data set (fields are numbers).
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// Every part must hold (an empty list holds for every record).
    All(Vec<Expr>),
    /// At least one part must hold (an empty list holds for none).
    Any(Vec<Expr>),
    /// The part must not hold.
    Not(Box<Expr>),
    /// A test of one field's value.
    Test(usize, Test),
    /// Every term appears, case-insensitively, inside some field of the record.
    Search(Vec<String>),
}

impl Expr {
    /// Whether a `_search` is part of it, at any depth.
    pub fn searches(&self) -> bool {
        match self {
            Expr::All(parts) | Expr::Any(parts) => parts.iter().any(Expr::searches),
            Expr::Not(part) => part.searches(),
            Expr::Test(..) => false,
            Expr::Search(_) => true,
        }
    }
}

/// How one field's value is tested. A record without the field, or with `null`, passes
/// no test (so `ne`, which is `Not(eq)`, holds for it).
#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    /// The trimmed, case-folded value (or, on a list field, one item) is one of these
    /// (already normalised) tokens.
    Equals(Vec<String>),
    /// The value contains this text, case-insensitively (trimmed, as given).
    Contains(String),
    /// The lab's semantics: a case-sensitive regular expression found anywhere.
    Regex(String),
    /// The value's number (a number, a numeric string, or a range's lower bound) compares
    /// with this number.
    Compare(Comparison, f64),
    /// The value's range (a number is a range of one) includes this number.
    Covers(f64),
}

/// A numeric comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// Less than.
    Lt,
    /// Less than or equal.
    Lte,
    /// Greater than.
    Gt,
    /// Greater than or equal.
    Gte,
}

impl Comparison {
    /// Whether `value` compares with `bound` this way.
    pub fn holds(self, value: f64, bound: f64) -> bool {
        match self {
            Comparison::Lt => value < bound,
            Comparison::Lte => value <= bound,
            Comparison::Gt => value > bound,
            Comparison::Gte => value >= bound,
        }
    }
}

/// An operator, as written after the colon in `Field:op=value` or as a key in `_where`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    /// Equals (a list field: one item equals).
    Eq,
    /// Not `eq`.
    Ne,
    /// `eq` one of a list.
    In,
    /// Not `in`.
    Nin,
    /// Case-insensitive substring.
    Contains,
    /// The lab's regular expressions.
    Regex,
    /// Less than a number.
    Lt,
    /// At most a number.
    Lte,
    /// More than a number.
    Gt,
    /// At least a number.
    Gte,
    /// A range includes a number.
    Covers,
}

impl Operator {
    /// Every operator, in documentation order.
    pub const ALL: [Operator; 11] = [
        Operator::Eq,
        Operator::Ne,
        Operator::In,
        Operator::Nin,
        Operator::Contains,
        Operator::Regex,
        Operator::Lt,
        Operator::Lte,
        Operator::Gt,
        Operator::Gte,
        Operator::Covers,
    ];

    /// The operator's name.
    pub fn name(self) -> &'static str {
        match self {
            Operator::Eq => "eq",
            Operator::Ne => "ne",
            Operator::In => "in",
            Operator::Nin => "nin",
            Operator::Contains => "contains",
            Operator::Regex => "regex",
            Operator::Lt => "lt",
            Operator::Lte => "lte",
            Operator::Gt => "gt",
            Operator::Gte => "gte",
            Operator::Covers => "covers",
        }
    }

    /// The operator called `name`, or an error listing them all.
    pub fn named(name: &str, field: &str) -> Result<Operator, QueryError> {
        Operator::ALL
            .into_iter()
            .find(|op| op.name() == name)
            .ok_or_else(|| QueryError::UnknownOperator {
                operator: name.into(),
                field: field.into(),
                known: Operator::ALL.map(Operator::name).join(", "),
            })
    }

    /// Whether the operator takes a list of values.
    pub fn takes_list(self) -> bool {
        matches!(self, Operator::In | Operator::Nin)
    }

    /// The expression `field op values`. `values` has one item unless the operator takes
    /// a list; `field_name` is for messages.
    pub fn expr(
        self,
        field: usize,
        field_name: &str,
        values: &[String],
    ) -> Result<Expr, QueryError> {
        let first = values.first().map_or("", String::as_str);
        let tokens = || values.iter().map(|v| normalize_token(v)).collect();
        let number = || {
            first
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .ok_or_else(|| QueryError::NotANumber {
                    field: field_name.into(),
                    operator: self.name(),
                    value: first.into(),
                })
        };
        let test = |test| Expr::Test(field, test);
        Ok(match self {
            Operator::Eq | Operator::In => test(Test::Equals(tokens())),
            Operator::Ne | Operator::Nin => Expr::Not(Box::new(test(Test::Equals(tokens())))),
            Operator::Contains => test(Test::Contains(first.trim().to_owned())),
            Operator::Regex => test(Test::Regex(first.to_owned())),
            Operator::Lt => test(Test::Compare(Comparison::Lt, number()?)),
            Operator::Lte => test(Test::Compare(Comparison::Lte, number()?)),
            Operator::Gt => test(Test::Compare(Comparison::Gt, number()?)),
            Operator::Gte => test(Test::Compare(Comparison::Gte, number()?)),
            Operator::Covers => test(Test::Covers(number()?)),
        })
    }
}

impl fmt::Display for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Splits an `in`/`nin` value on commas; a value in double quotes may hold commas (and
/// `""` inside quotes is one quote), as in CSV. Spaces around values are dropped.
pub fn split_list(value: &str) -> Result<Vec<String>, String> {
    let mut items = Vec::new();
    if value.trim().is_empty() {
        return Ok(items);
    }
    let mut chars = value.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let mut item = String::new();
        if chars.next_if_eq(&'"').is_some() {
            loop {
                match chars.next() {
                    Some('"') if chars.next_if_eq(&'"').is_some() => item.push('"'),
                    Some('"') => break,
                    Some(c) => item.push(c),
                    None => return Err(format!("the quote before {item:?} is not closed")),
                }
            }
            while chars.next_if(|c| c.is_whitespace()).is_some() {}
            match chars.next() {
                None => {
                    items.push(item);
                    return Ok(items);
                }
                Some(',') => items.push(item),
                Some(c) => return Err(format!("{c:?} follows the quoted value {item:?}")),
            }
        } else {
            loop {
                match chars.next() {
                    Some(',') => break,
                    Some(c) => item.push(c),
                    None => {
                        items.push(item.trim_end().to_owned());
                        return Ok(items);
                    }
                }
            }
            items.push(item.trim_end().to_owned());
        }
    }
}

/// Splits a `_search` value into terms: words, and phrases in double quotes. Terms are
/// kept as typed; matching ignores case.
pub fn search_terms(value: &str) -> Vec<String> {
    let mut terms = Vec::new();
    for (n, part) in value.split('"').enumerate() {
        if n % 2 == 1 {
            let phrase = part.split_whitespace().collect::<Vec<_>>().join(" ");
            if !phrase.is_empty() {
                terms.push(phrase);
            }
        } else {
            terms.extend(part.split_whitespace().map(str::to_owned));
        }
    }
    terms
}

/// How many tests an expression holds (its leaves).
pub fn leaves(expr: &Expr) -> usize {
    match expr {
        Expr::All(parts) | Expr::Any(parts) => parts.iter().map(leaves).sum(),
        Expr::Not(part) => leaves(part),
        Expr::Test(..) | Expr::Search(_) => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators_build_expressions() {
        let one = |s: &str| vec![s.to_owned()];
        assert_eq!(
            Operator::Ne.expr(2, "L", &one(" Seattle ")).unwrap(),
            Expr::Not(Box::new(Expr::Test(2, Test::Equals(one("seattle")))))
        );
        assert_eq!(
            Operator::Covers.expr(0, "E", &one(" 3 ")).unwrap(),
            Expr::Test(0, Test::Covers(3.0))
        );
        let message = Operator::Gte
            .expr(0, "Id", &one("ten"))
            .unwrap_err()
            .to_string();
        assert!(message.contains("\"ten\" is not a number"), "{message}");
        let message = Operator::named("like", "Id").unwrap_err().to_string();
        assert!(message.contains("eq, ne, in, nin"), "{message}");
        assert!(Comparison::Lte.holds(3.0, 3.0) && !Comparison::Lt.holds(3.0, 3.0));
    }

    #[test]
    fn lists_and_search_terms_split_like_people_write_them() {
        assert_eq!(
            split_list(r#"Seattle, "Washington, DC" ,Austin"#).unwrap(),
            ["Seattle", "Washington, DC", "Austin"]
        );
        assert_eq!(
            split_list(r#""say ""hi""",x"#).unwrap(),
            [r#"say "hi""#, "x"]
        );
        assert_eq!(split_list("").unwrap(), [] as [String; 0]);
        assert_eq!(split_list("a,,b, ").unwrap(), ["a", "", "b", ""]);
        assert!(split_list(r#""open"#).unwrap_err().contains("not closed"));
        assert!(split_list(r#""a" b"#).unwrap_err().contains("follows"));
        assert_eq!(
            search_terms(r#"python  "machine   learning" Seattle "#),
            ["python", "machine learning", "Seattle"]
        );
        assert_eq!(search_terms(r#""""#), [] as [String; 0]);
        let tree = Expr::All(vec![
            Expr::Any(vec![Expr::Search(vec![]), Expr::Test(0, Test::Covers(1.0))]),
            Expr::Not(Box::new(Expr::Test(1, Test::Regex("x".into())))),
        ]);
        assert_eq!(leaves(&tree), 3);
    }
}
