//! Parsing a JSON array of flat records straight into columns: one pass with serde, no
//! intermediate `serde_json::Value`, values interned as they arrive, and errors that name
//! the record, the key, the line and the column.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use super::Dataset;
use super::builder::{Builder, Scalar, scalar};
use super::error::ParseError;
use super::value::JsonType;

impl Dataset {
    /// Parses a data set from JSON bytes (used for the embedded data set and by tests).
    pub fn from_json(bytes: &[u8]) -> Result<Dataset, ParseError> {
        Ok(read_json(bytes)?.finish())
    }
}

/// Reads a JSON array of records into a builder, which no longer needs `bytes`.
pub(super) fn read_json(bytes: &[u8]) -> Result<Builder, ParseError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ParseError::Empty);
    }
    let mut builder = Builder::default();
    let mut de = serde_json::Deserializer::from_slice(bytes);
    RecordsSeed(&mut builder)
        .deserialize(&mut de)
        .and_then(|()| de.end())
        .map_err(|e| ParseError::Invalid(describe(&e)))?;
    Ok(builder)
}

/// Checks that a prefix of a file could start a valid data file.
pub(super) fn probe(prefix: &[u8]) -> Result<(), String> {
    let mut sink = Builder::default();
    let mut de = serde_json::Deserializer::from_slice(prefix);
    match RecordsSeed(&mut sink).deserialize(&mut de) {
        // Running out of bytes is expected: only the prefix was read.
        Err(e) if !e.is_eof() => Err(describe(&e)),
        _ => Ok(()),
    }
}

/// Turns a serde_json error into a one-line message with its line and column.
pub(super) fn describe(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let what = match e.classify() {
        Category::Syntax => "invalid JSON: ",
        Category::Eof => "invalid JSON (the file ends too early, perhaps truncated): ",
        Category::Data | Category::Io => "",
    };
    format!("{what}{e}")
}

/// Deserializes the top-level array, feeding each record to the builder.
pub(super) struct RecordsSeed<'a>(&'a mut Builder);

impl<'de> DeserializeSeed<'de> for RecordsSeed<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RecordsSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the top level to be a JSON array of records, like [{\"Id\": 1, ...}]")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq
            .next_element_seed(RecordSeed { builder: self.0 })?
            .is_some()
        {}
        Ok(())
    }
}

/// Deserializes one record (a flat object) into the builder.
pub(super) struct RecordSeed<'a> {
    /// Where the record goes.
    pub(super) builder: &'a mut Builder,
}

impl<'de> DeserializeSeed<'de> for RecordSeed<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RecordSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "record {} to be a JSON object of field names and values",
            self.builder.records()
        )
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let b = self.builder;
        b.begin_record();
        while let Some(key) = map.next_key::<CowStr<'de>>()? {
            let key = key.0;
            let field = b.field_for(&key).map_err(de::Error::custom)?;
            let index = b.records();
            let value = map.next_value_seed(ScalarSeed { index, key: &key })?;
            b.push_value(field, value);
        }
        b.end_record().map_err(de::Error::custom)
    }
}

/// A map key, borrowed from the input where possible.
struct CowStr<'de>(Cow<'de, str>);

impl<'de> de::Deserialize<'de> for CowStr<'de> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = CowStr<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(CowStr(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(CowStr(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
                Ok(CowStr(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// Deserializes one scalar value, refusing nested arrays and objects with the record and
/// key they were found at.
struct ScalarSeed<'k> {
    index: u32,
    key: &'k str,
}

impl ScalarSeed<'_> {
    fn nested<E: de::Error>(&self, what: &str) -> E {
        E::custom(format_args!(
            "record {} has a nested {what} under key {:?}; values must be strings, numbers, \
             booleans or null",
            self.index, self.key
        ))
    }
}

impl<'de> DeserializeSeed<'de> for ScalarSeed<'_> {
    type Value = Scalar<'de>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Scalar<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ScalarSeed<'_> {
    type Value = Scalar<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "a string, number, boolean or null for key {:?} of record {}",
            self.key, self.index
        )
    }
    fn visit_unit<E>(self) -> Result<Scalar<'de>, E> {
        Ok(scalar(JsonType::Null, Cow::Borrowed(""), None))
    }
    fn visit_bool<E>(self, v: bool) -> Result<Scalar<'de>, E> {
        let text = if v { "true" } else { "false" };
        Ok(scalar(JsonType::Bool, Cow::Borrowed(text), None))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Scalar<'de>, E> {
        Ok(scalar(
            JsonType::Number,
            Cow::Owned(v.to_string()),
            Some(v as f64),
        ))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Scalar<'de>, E> {
        Ok(scalar(
            JsonType::Number,
            Cow::Owned(v.to_string()),
            Some(v as f64),
        ))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Scalar<'de>, E> {
        // serde_json prints floats so that they read back to the same value.
        let text = serde_json::Number::from_f64(v).map_or_else(|| "null".into(), |n| n.to_string());
        Ok(scalar(JsonType::Number, Cow::Owned(text), Some(v)))
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Scalar<'de>, E> {
        Ok(scalar(JsonType::String, Cow::Borrowed(v), None))
    }
    fn visit_str<E>(self, v: &str) -> Result<Scalar<'de>, E> {
        Ok(scalar(JsonType::String, Cow::Owned(v.to_owned()), None))
    }
    fn visit_string<E>(self, v: String) -> Result<Scalar<'de>, E> {
        Ok(scalar(JsonType::String, Cow::Owned(v), None))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Scalar<'de>, A::Error> {
        Err(self.nested("array"))
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Scalar<'de>, A::Error> {
        Err(self.nested("object"))
    }
}
