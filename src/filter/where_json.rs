//! `_where`: a boolean query as JSON, in json-server v1's spirit. A leaf is
//! `{"Field": {"op": value}}` (several fields or operators in one object must all hold;
//! `in` and `nin` take an array); `{"and": [...]}`, `{"or": [...]}` and `{"not": {...}}`
//! combine them. Limits keep one request's cost bounded.

use serde_json::Value;

use super::error::QueryError;
use super::expr::{Expr, Operator, leaves};
use super::fields::field_named;
use crate::dataset::Dataset;

/// The most bytes of JSON `_where` may have.
pub const MAX_WHERE_BYTES: usize = 8 * 1024;
/// The deepest nesting of objects and arrays `_where` may have.
pub const MAX_WHERE_DEPTH: usize = 32;
/// The most tests `_where` may hold.
pub const MAX_WHERE_LEAVES: usize = 256;

/// Parses `_where` into an expression on `dataset`'s fields.
pub fn parse_where(json: &str, dataset: &Dataset) -> Result<Expr, QueryError> {
    let invalid = |message: String| QueryError::InvalidWhere { message };
    if json.len() > MAX_WHERE_BYTES {
        return Err(invalid(format!(
            "it has {} bytes; the limit is {MAX_WHERE_BYTES}",
            json.len()
        )));
    }
    // serde_json refuses nesting deeper than 128 by itself, before the check below.
    let value: Value = serde_json::from_str(json).map_err(|e| {
        invalid(format!(
            "it is not valid JSON at byte {}: {e}",
            byte_offset(json, e.line(), e.column())
        ))
    })?;
    let expr = node(&value, dataset, 1)?;
    let count = leaves(&expr);
    if count > MAX_WHERE_LEAVES {
        return Err(invalid(format!(
            "it holds {count} tests; the limit is {MAX_WHERE_LEAVES}"
        )));
    }
    Ok(expr)
}

/// The byte offset of serde_json's 1-based line and column (0 when unknown).
fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let before: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    before + column.saturating_sub(1)
}

fn node(value: &Value, dataset: &Dataset, depth: usize) -> Result<Expr, QueryError> {
    let invalid = |message: String| QueryError::InvalidWhere { message };
    if depth > MAX_WHERE_DEPTH {
        return Err(invalid(format!(
            "it nests deeper than {MAX_WHERE_DEPTH} levels; flatten it"
        )));
    }
    let Value::Object(object) = value else {
        return Err(invalid(format!(
            "expected an object such as {{\"Location\": {{\"eq\": \"Seattle\"}}}}, got {value}"
        )));
    };
    let mut parts = Vec::new();
    for (key, inner) in object {
        match key.as_str() {
            "and" | "or" => {
                let Value::Array(items) = inner else {
                    return Err(invalid(format!(
                        "\"{key}\" takes an array of conditions, e.g. {{\"{key}\": [{{...}}, {{...}}]}}"
                    )));
                };
                let items = items
                    .iter()
                    .map(|item| node(item, dataset, depth + 1))
                    .collect::<Result<Vec<_>, _>>()?;
                parts.push(if key == "and" {
                    Expr::All(items)
                } else {
                    Expr::Any(items)
                });
            }
            "not" => parts.push(Expr::Not(Box::new(node(inner, dataset, depth + 1)?))),
            name => parts.push(leaf(name, inner, dataset)?),
        }
    }
    Ok(match parts.len() {
        1 => parts.remove(0),
        _ => Expr::All(parts),
    })
}

/// `{"op": value, ...}` under field `name`: every operator must hold.
fn leaf(name: &str, tests: &Value, dataset: &Dataset) -> Result<Expr, QueryError> {
    let invalid = |message: String| QueryError::InvalidWhere { message };
    let field = field_named(name, dataset)?;
    let Value::Object(tests) = tests else {
        return Err(invalid(format!(
            "field {name:?} needs operators, e.g. {{{name:?}: {{\"eq\": {tests}}}}}"
        )));
    };
    if tests.is_empty() {
        return Err(invalid(format!(
            "field {name:?} has no operator; use one of {}",
            Operator::ALL.map(Operator::name).join(", ")
        )));
    }
    let mut parts = Vec::new();
    for (op, operand) in tests {
        let op = Operator::named(op, name)?;
        let values = match (operand, op.takes_list()) {
            (Value::Array(items), true) => items
                .iter()
                .map(|item| scalar(item).ok_or_else(|| not_scalar(name, op, item)))
                .collect::<Result<Vec<_>, _>>()?,
            (_, true) => {
                return Err(invalid(format!(
                    "{name:?} {op} takes an array, e.g. {{\"{op}\": [\"a\", \"b\"]}}"
                )));
            }
            (value, false) => vec![scalar(value).ok_or_else(|| not_scalar(name, op, value))?],
        };
        parts.push(op.expr(field, name, &values)?);
    }
    Ok(match parts.len() {
        1 => parts.remove(0),
        _ => Expr::All(parts),
    })
}

/// A string, number or boolean as the text a filter compares.
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

fn not_scalar(field: &str, op: Operator, value: &Value) -> QueryError {
    QueryError::InvalidWhere {
        message: format!("{field:?} {op} takes a string or a number, not {value}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::expr::Test;

    fn data() -> Dataset {
        Dataset::from_json(br#"[{"Id": 1, "Key Skills": "Go", "Location": "Detroit"}]"#).unwrap()
    }

    #[test]
    fn parses_the_issue_example() {
        let json = r#"{"or":[{"Key Skills":{"eq":"Go"}},{"Key Skills":{"eq":"Rust"}}],"not":{"Location":{"eq":"Detroit"}}}"#;
        let expr = parse_where(json, &data()).unwrap();
        let eq = |f, v: &str| Expr::Test(f, Test::Equals(vec![v.to_owned()]));
        assert_eq!(
            expr,
            Expr::All(vec![
                Expr::Any(vec![eq(1, "go"), eq(1, "rust")]),
                Expr::Not(Box::new(eq(2, "detroit"))),
            ])
        );
        let both = parse_where(r#"{"Id": {"gte": 2, "lt": "5"}}"#, &data()).unwrap();
        assert_eq!(super::leaves(&both), 2);
        let list = parse_where(r#"{"Location": {"nin": ["A", 3]}}"#, &data()).unwrap();
        assert_eq!(
            list,
            Expr::Not(Box::new(Expr::Test(
                2,
                Test::Equals(vec!["a".into(), "3".into()])
            )))
        );
    }

    #[test]
    fn refuses_what_it_cannot_read_and_says_what_to_write() {
        let deep = format!(
            "{}{{\"Id\":{{\"eq\":1}}}}{}",
            "{\"not\":".repeat(40),
            "}".repeat(40)
        );
        let many = format!("{{\"or\":[{}]}}", vec![r#"{"Id":{"eq":1}}"#; 257].join(","));
        let cases = [
            (
                r#"{"Id": {"eq": 1}"#.to_owned(),
                "not valid JSON at byte 15",
            ),
            ("[1]".to_owned(), "expected an object"),
            (r#"{"Idd": {"eq": 1}}"#.to_owned(), "did you mean \"Id\""),
            (r#"{"Id": 1}"#.to_owned(), "needs operators"),
            (r#"{"Id": {}}"#.to_owned(), "has no operator"),
            (
                r#"{"Id": {"like": 1}}"#.to_owned(),
                "unknown operator \"like\"",
            ),
            (r#"{"Id": {"in": 1}}"#.to_owned(), "takes an array"),
            (
                r#"{"Id": {"eq": [1]}}"#.to_owned(),
                "takes a string or a number",
            ),
            (r#"{"Id": {"gt": "x"}}"#.to_owned(), "is not a number"),
            (r#"{"or": {}}"#.to_owned(), "takes an array of conditions"),
            (deep, "deeper than 32"),
            (many, "257 tests; the limit is 256"),
            (
                format!("{{\"Id\":{{\"eq\":\"{}\"}}}}", "x".repeat(9000)),
                "the limit is 8192",
            ),
        ];
        for (json, want) in cases {
            let message = parse_where(&json, &data()).unwrap_err().to_string();
            assert!(message.contains(want), "{json:.60}: {message}");
        }
    }
}
