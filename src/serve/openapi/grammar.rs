//! What a parameter's value must look like, as JSON Schema: the numbers and lists that
//! operators take, comma-separated field lists, paging, and `_where`'s JSON. Each schema
//! says exactly what the query parser accepts, so that a schema-valid request is answered
//! and an invalid one is refused.

use serde_json::{Map, Value, json};

use crate::filter::Operator;

/// The `Field:op=value` filters as one exploded object: each property is a parameter, its
/// value a number for the comparing operators and a list for `in`/`nin`.
pub(super) fn operator_schema(field_names: &[&str]) -> Value {
    let fields = field_names
        .iter()
        .map(|f| regex::escape(f))
        .collect::<Vec<_>>()
        .join("|");
    let mut properties = Map::new();
    for (ops, value) in [
        (
            Kind::Number,
            json!({ "type": "string", "pattern": number_pattern() }),
        ),
        (
            Kind::List,
            json!({ "type": "string", "pattern": list_pattern() }),
        ),
        (Kind::Text, json!({ "type": "string" })),
    ]
    .map(|(kind, value)| (kind.operators(), value))
    {
        properties.insert(format!("^({fields}):({})$", ops.join("|")), value);
    }
    json!({
        "type": "object",
        "patternProperties": properties,
        "additionalProperties": false
    })
}

/// `_where`'s schemas: `Where` (a node: fields with their tests, `and`, `or`, `not`) and
/// `Tests` (the operators on one field, at least one).
pub(super) fn where_schemas(field_names: &[&str]) -> (Value, Value) {
    let node = json!({ "$ref": "#/components/schemas/Where" });
    let mut properties = Map::new();
    properties.insert("and".into(), json!({ "type": "array", "items": node }));
    properties.insert("or".into(), json!({ "type": "array", "items": node }));
    properties.insert("not".into(), node);
    for name in field_names {
        if !["and", "or", "not"].contains(name) {
            let tests = json!({ "$ref": "#/components/schemas/Tests" });
            properties.insert((*name).to_owned(), tests);
        }
    }
    let scalar = json!({ "type": ["string", "number", "boolean"] });
    let mut tests = Map::new();
    for op in Operator::ALL {
        let operand = match Kind::of(op) {
            Kind::Number => json!({ "anyOf": [
                { "type": "number" },
                { "type": "string", "pattern": number_pattern() }
            ] }),
            Kind::List => json!({ "type": "array", "items": scalar }),
            Kind::Text => scalar.clone(),
        };
        tests.insert(op.name().to_owned(), operand);
    }
    (
        json!({ "type": "object", "properties": properties, "additionalProperties": false }),
        json!({
            "type": "object",
            "properties": tests,
            "minProperties": 1,
            "additionalProperties": false
        }),
    )
}

/// `_fields` (each field at most once) or `_sort` (`descending`: a field may be prefixed
/// with -), as a comma-separated list of field names. Names that a comma list cannot hold
/// (with a comma, or with spaces around them, which the parser trims) are left out.
pub(super) fn field_list(field_names: &[&str], descending: bool) -> Value {
    let listable: Vec<&str> = field_names
        .iter()
        .copied()
        .filter(|name| !name.contains(',') && name.trim() == *name && !name.is_empty())
        .collect();
    let mut names: Vec<String> = listable
        .iter()
        .filter(|name| !descending || !name.starts_with('-'))
        .map(|name| (*name).to_owned())
        .collect();
    if descending {
        names.extend(listable.iter().map(|name| format!("-{name}")));
        json!({ "type": "array", "minItems": 1, "items": { "type": "string", "enum": names } })
    } else {
        json!({
            "type": "array",
            "minItems": 1,
            "uniqueItems": true,
            "items": { "type": "string", "enum": names }
        })
    }
}

/// `_limit`/`_offset` or `_page`/`_per_page`, never both: one exploded object whose
/// properties are the four options, each schema taken from `option`.
pub(super) fn paging_schema(option: impl Fn(&str) -> Value) -> Value {
    let group = |names: [&str; 2]| {
        let properties: Map<String, Value> = names
            .iter()
            .map(|name| ((*name).to_owned(), option(name)["schema"].clone()))
            .collect();
        json!({ "type": "object", "properties": properties, "additionalProperties": false })
    };
    json!({
        "type": "object",
        "anyOf": [group(["_limit", "_offset"]), group(["_page", "_per_page"])]
    })
}

/// What an operator's value is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Number,
    List,
    Text,
}

impl Kind {
    fn of(op: Operator) -> Kind {
        match op {
            Operator::Lt | Operator::Lte | Operator::Gt | Operator::Gte | Operator::Covers => {
                Kind::Number
            }
            Operator::In | Operator::Nin => Kind::List,
            Operator::Eq | Operator::Ne | Operator::Contains | Operator::Regex => Kind::Text,
        }
    }

    fn operators(self) -> Vec<&'static str> {
        Operator::ALL
            .into_iter()
            .filter(|op| Kind::of(*op) == self)
            .map(Operator::name)
            .collect()
    }
}

/// White space as Rust's `char::is_whitespace` (and so `str::trim`) sees it, as a regex
/// class body: `\s` differs between regex dialects.
fn white_space() -> String {
    (0..=0x3000u32)
        .filter_map(char::from_u32)
        .filter(|c| c.is_whitespace())
        .map(|c| format!("\\u{:04X}", u32::from(c)))
        .collect()
}

/// A number the comparing operators read (a finite `f64`, surrounding white space
/// trimmed). The exponent has at most two digits and the whole part at most 200, so that
/// every match is finite.
fn number_pattern() -> String {
    let w = white_space();
    format!(
        "^[{w}]*[+-]?([0-9]{{1,200}}(\\.[0-9]*)?|\\.[0-9]{{1,200}})([eE][+-]?[0-9]{{1,2}})?[{w}]*$"
    )
}

/// A comma-separated `in`/`nin` list: an item in double quotes may hold commas (`""` is a
/// quote) and only white space may follow it; an item without quotes holds no comma.
fn list_pattern() -> String {
    let w = white_space();
    let item = format!("([{w}]*(\"([^\"]|\"\")*\"[{w}]*|[^\",{w}][^,]*)?)");
    format!("^{item}(,{item})*$")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The patterns agree with the parser on values at their edges.
    #[test]
    fn patterns_say_what_the_parser_accepts() {
        let full = |pattern: String| regex::Regex::new(&pattern).unwrap();
        let number = full(number_pattern());
        for ok in ["3", " 3 ", "-1.5", "+.5", "1.", "1e5", "2E-07", "\u{a0}7\n"] {
            assert!(number.is_match(ok), "{ok:?}");
            assert!(ok.trim().parse::<f64>().is_ok_and(f64::is_finite), "{ok:?}");
        }
        for bad in ["", ".", "three", "1e", "inf", "NaN", "1,5", "٣"] {
            assert!(!number.is_match(bad), "{bad:?}");
            assert!(
                !bad.trim().parse::<f64>().is_ok_and(f64::is_finite),
                "{bad:?}"
            );
        }
        let list = full(list_pattern());
        for ok in [
            "",
            "a",
            "a,b",
            " \"x, y\" , z",
            "\"a\"\"b\"",
            "a\"b",
            ",,",
            "\"\"",
        ] {
            assert!(list.is_match(ok), "{ok:?}");
            assert!(crate::filter::split_list(ok).is_ok(), "{ok:?}");
        }
        for bad in ["\"a", "\"a\"b", " \"a\" x", "a,\"b"] {
            assert!(!list.is_match(bad), "{bad:?}");
            assert!(crate::filter::split_list(bad).is_err(), "{bad:?}");
        }
    }
}
