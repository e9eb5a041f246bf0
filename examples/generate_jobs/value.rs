//! The values a shape's record holds, and how each is written as JSON (with pandas' bare
//! `NaN` and `Infinity` tokens when asked) or as one CSV cell.

use std::io::{self, Write};

/// One value of a record.
#[derive(Clone, Debug)]
pub enum Value {
    /// A string.
    Str(String),
    /// A whole number.
    Int(i64),
    /// A number with a fraction, written the shortest way that reads back the same.
    Float(f64),
    /// `true` or `false`.
    Bool(bool),
    /// `null` in JSON, an empty cell in CSV.
    Null,
    /// The bare token `NaN`, as Python's `json.dump` writes a missing float (not valid JSON).
    NaN,
    /// The bare token `Infinity` (not valid JSON either).
    Infinity,
    /// A JSON array.
    List(Vec<Value>),
    /// A JSON object, its keys in order.
    Object(Vec<(&'static str, Value)>),
}

/// A record: its fields in order.
pub type Record = Vec<(&'static str, Value)>;

/// A string value.
pub fn text(s: impl Into<String>) -> Value {
    Value::Str(s.into())
}

/// An array of strings.
pub fn strings<S: AsRef<str>>(items: &[S]) -> Value {
    Value::List(items.iter().map(|s| text(s.as_ref())).collect())
}

/// An object with one `name` key per item: The Muse's `[{"name": "..."}, ...]`.
pub fn named<S: AsRef<str>>(items: &[S]) -> Value {
    Value::List(
        items
            .iter()
            .map(|s| Value::Object(vec![("name", text(s.as_ref()))]))
            .collect(),
    )
}

/// Writes a JSON string, escaped as serde_json escapes it.
fn write_string(out: &mut impl Write, s: &str) -> io::Result<()> {
    serde_json::to_writer(&mut *out, s).map_err(io::Error::other)
}

/// Writes `value` as JSON (`", "` and `": "` between items, as the lab's file has).
pub fn write_json(out: &mut impl Write, value: &Value) -> io::Result<()> {
    match value {
        Value::Str(s) => write_string(out, s),
        Value::Int(n) => write!(out, "{n}"),
        Value::Float(x) if x.is_finite() => write!(out, "{x}"),
        Value::Float(_) | Value::Null => out.write_all(b"null"),
        Value::Bool(b) => write!(out, "{b}"),
        Value::NaN => out.write_all(b"NaN"),
        Value::Infinity => out.write_all(b"Infinity"),
        Value::List(items) => {
            out.write_all(b"[")?;
            for (n, item) in items.iter().enumerate() {
                if n > 0 {
                    out.write_all(b", ")?;
                }
                write_json(out, item)?;
            }
            out.write_all(b"]")
        }
        Value::Object(fields) => write_object(out, fields),
    }
}

/// Writes a record or a nested object as one JSON object.
pub fn write_object(out: &mut impl Write, fields: &[(&str, Value)]) -> io::Result<()> {
    out.write_all(b"{")?;
    for (n, (key, value)) in fields.iter().enumerate() {
        if n > 0 {
            out.write_all(b", ")?;
        }
        write_string(out, key)?;
        out.write_all(b": ")?;
        write_json(out, value)?;
    }
    out.write_all(b"}")
}

/// The text of one CSV cell: scalars as written, `null` as an empty cell. Lists and objects
/// never reach a CSV (their shapes refuse it); they would be written as JSON text.
pub fn cell(value: &Value) -> String {
    match value {
        Value::Str(s) => s.clone(),
        Value::Int(n) => n.to_string(),
        Value::Float(x) if x.is_finite() => x.to_string(),
        Value::Float(_) | Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::NaN => "NaN".to_owned(),
        Value::Infinity => "Infinity".to_owned(),
        Value::List(_) | Value::Object(_) => {
            let mut bytes = Vec::new();
            match write_json(&mut bytes, value) {
                Ok(()) => String::from_utf8_lossy(&bytes).into_owned(),
                Err(_) => String::new(),
            }
        }
    }
}
