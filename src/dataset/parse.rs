//! Parsing a JSON array of flat records straight into columns: one pass with serde, no
//! intermediate `serde_json::Value`, values interned as they arrive, and errors that name
//! the record, the key, the line and the column.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use super::Dataset;
use super::builder::{Builder, Scalar, boolean, float, integer, scalar};
use super::error::ParseError;
use super::nested::{CowStr, Walk, Walked};
use super::options::ReadOptions;
use super::value::JsonType;

impl Dataset {
    /// Parses a data set from JSON bytes (used for the embedded data set and by tests).
    pub fn from_json(bytes: &[u8]) -> Result<Dataset, ParseError> {
        Ok(read_json(bytes)?.finish(&ReadOptions::default()))
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
        f.write_str(
            "the top level to be a JSON array of records, like [{\"Id\": 1, ...}], or an \
             object holding one, like {\"results\": [...]}",
        )
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq
            .next_element_seed(RecordSeed { builder: self.0 })?
            .is_some()
        {}
        Ok(())
    }
    /// An object, as APIs answer: the records are its one array of objects.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut found: Option<String> = None;
        let mut keys: Vec<String> = Vec::new();
        while let Some(CowStr(key)) = map.next_key::<CowStr<'de>>()? {
            let records = map.next_value_seed(MaybeRecords {
                builder: found.is_none().then_some(&mut *self.0),
            })?;
            if records {
                if let Some(first) = &found {
                    return Err(de::Error::custom(format_args!(
                        "the top-level object holds two arrays of records, under {first:?} \
                         and {key:?}; keep only the records' array (for example with jq \
                         '.{first}')"
                    )));
                }
                found = Some(key.into_owned());
            } else if keys.len() < 8 {
                keys.push(format!("{key:?}"));
            }
        }
        match found {
            Some(key) => {
                self.0.records_key = Some(key);
                Ok(())
            }
            None => Err(de::Error::custom(format_args!(
                "the top level is an object with no array of records (its keys: {}); give a \
                 JSON array of records, or an object with one, like {{\"results\": [...]}}",
                if keys.is_empty() {
                    "none".to_owned()
                } else {
                    keys.join(", ")
                }
            ))),
        }
    }
}

/// The visitor methods of a value that is not a record (a scalar): `false`, nothing read.
macro_rules! scalars_are_not_records {
    () => {
        fn visit_bool<E>(self, _: bool) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_i64<E>(self, _: i64) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_u64<E>(self, _: u64) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_f64<E>(self, _: f64) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_str<E>(self, _: &str) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_unit<E>(self) -> Result<bool, E> {
            Ok(false)
        }
    };
}

/// The value of a key of a top-level object: an array of objects is read as the records
/// (into `builder`, when there is one; else only told), anything else is skipped. Says
/// whether it was an array of records (an empty array counts).
struct MaybeRecords<'a> {
    builder: Option<&'a mut Builder>,
}

impl<'de> DeserializeSeed<'de> for MaybeRecords<'_> {
    type Value = bool;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for MaybeRecords<'_> {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        let Some(builder) = self.builder else {
            let first = seq.next_element::<FirstIsObject>()?;
            while seq.next_element::<de::IgnoredAny>()?.is_some() {}
            return Ok(first.is_none_or(|f| f.0));
        };
        let first = seq.next_element_seed(FirstRecord {
            builder: &mut *builder,
        })?;
        match first {
            None => Ok(true),
            Some(false) => {
                while seq.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok(false)
            }
            Some(true) => {
                while seq
                    .next_element_seed(RecordSeed {
                        builder: &mut *builder,
                    })?
                    .is_some()
                {}
                Ok(true)
            }
        }
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        while map
            .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
            .is_some()
        {}
        Ok(false)
    }
    scalars_are_not_records!();
}

/// The first element of an array in a top-level object: read as a record when it is an
/// object (then the array is the records), else skipped.
struct FirstRecord<'a> {
    builder: &'a mut Builder,
}

impl<'de> DeserializeSeed<'de> for FirstRecord<'_> {
    type Value = bool;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for FirstRecord<'_> {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<bool, A::Error> {
        RecordSeed {
            builder: self.builder,
        }
        .visit_map(map)
        .map(|()| true)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Ok(false)
    }
    scalars_are_not_records!();
}

/// Whether a value is an object, the rest of it skipped.
struct FirstIsObject(bool);

impl<'de> de::Deserialize<'de> for FirstIsObject {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = <serde_json::Value as de::Deserialize>::deserialize(d)?;
        Ok(FirstIsObject(value.is_object()))
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
            let value = map.next_value_seed(ScalarSeed {
                builder: &mut *b,
                field,
            })?;
            b.push_value(field, value);
        }
        b.end_record().map_err(de::Error::custom)
    }
}

/// Deserializes the value of one key of a record: a scalar as it is, a nested object or
/// array read into its fields (see `nested`) and kept as its compact JSON.
struct ScalarSeed<'b> {
    builder: &'b mut Builder,
    field: usize,
}

impl ScalarSeed<'_> {
    /// The value of a nested object or array, walked into its fields.
    fn nested<'de, E>(
        self,
        walk: impl FnOnce(Walk<'_>) -> Result<Walked<'de>, E>,
    ) -> Result<Scalar<'de>, E> {
        // Room for a typical nested value at once, rather than growing it byte by byte.
        let mut json = Vec::with_capacity(256);
        let walked = walk(Walk::top(self.builder, self.field, &mut json));
        // The walk writes JSON text from valid UTF-8 only.
        let text = String::from_utf8(json).unwrap_or_default();
        let Walked(json_type, _) = walked?;
        Ok(scalar(json_type, Cow::Owned(text), None))
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
            "a JSON value for key {:?} of record {}",
            self.builder.field_name(self.field),
            self.builder.records()
        )
    }
    fn visit_unit<E>(self) -> Result<Scalar<'de>, E> {
        Ok(scalar(JsonType::Null, Cow::Borrowed(""), None))
    }
    fn visit_bool<E>(self, v: bool) -> Result<Scalar<'de>, E> {
        Ok(boolean(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Scalar<'de>, E> {
        Ok(integer(v, v as f64))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Scalar<'de>, E> {
        Ok(integer(v, v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Scalar<'de>, E> {
        Ok(float(v))
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
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Scalar<'de>, A::Error> {
        self.nested(|walk| walk.visit_seq(seq))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Scalar<'de>, A::Error> {
        self.nested(|walk| walk.visit_map(map))
    }
}
