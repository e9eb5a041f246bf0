//! Parsing a JSON array of flat records straight into columns: one pass with serde, no
//! intermediate `serde_json::Value`, values interned as they arrive, and errors that name
//! the record, the key, the line and the column.

use std::borrow::Cow;
use std::fmt;
use std::hash::BuildHasher;

use bytes::Bytes;
use hashbrown::{DefaultHashBuilder, HashMap, HashTable};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use super::error::ParseError;
use super::index::{Column, index_field};
use super::value::{DistinctValue, JsonType, write_json_string, write_value};
use super::{Dataset, MISSING};

impl Dataset {
    /// Parses a data set from JSON bytes (used for the embedded data set and by tests).
    pub fn from_json(bytes: &[u8]) -> Result<Dataset, ParseError> {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(ParseError::Empty);
        }
        let mut builder = Builder::default();
        let mut de = serde_json::Deserializer::from_slice(bytes);
        RecordsSeed(&mut builder)
            .deserialize(&mut de)
            .and_then(|()| de.end())
            .map_err(|e| ParseError::Invalid(describe(&e)))?;
        Ok(builder.finish())
    }
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
fn describe(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let what = match e.classify() {
        Category::Syntax => "invalid JSON: ",
        Category::Eof => "invalid JSON (the file ends too early, perhaps truncated): ",
        Category::Data | Category::Io => "",
    };
    format!("{what}{e}")
}

/// Collects records into columns while the parser walks the file.
#[derive(Default)]
struct Builder {
    hasher: DefaultHashBuilder,
    fields: Vec<FieldBuilder>,
    field_ids: HashMap<String, usize>,
    records: u32,
    all_json: Vec<u8>,
    offsets: Vec<usize>,
    /// Field numbers seen in the current record, to refuse duplicate keys.
    seen: Vec<usize>,
}

#[derive(Default)]
struct FieldBuilder {
    column: Column,
    /// (JSON type, value text) → value number.
    value_ids: HashTable<u32>,
}

impl Builder {
    fn field_id(&mut self, name: &str) -> usize {
        if let Some(&id) = self.field_ids.get(name) {
            return id;
        }
        let id = self.fields.len();
        self.fields.push(FieldBuilder {
            column: Column {
                name: name.to_owned(),
                ..Column::default()
            },
            value_ids: HashTable::new(),
        });
        self.field_ids.insert(name.to_owned(), id);
        id
    }

    fn finish(mut self) -> Dataset {
        let n = self.records as usize;
        if let Some(last) = self.all_json.last_mut() {
            // The comma after the last record becomes the closing bracket.
            *last = b']';
        }
        if n == 0 {
            self.all_json = b"[]".to_vec();
            self.offsets = vec![1];
        } else {
            self.all_json.insert(0, b'[');
            for offset in &mut self.offsets {
                *offset += 1;
            }
            self.offsets.push(self.all_json.len());
        }
        let fields = self
            .fields
            .into_iter()
            .map(|f| {
                let mut column = f.column;
                column.per_record.resize(n, MISSING);
                index_field(column)
            })
            .collect();
        // Fixed seeds: the same bytes hash the same in every process and on every run.
        let content_hash =
            foldhash::quality::FixedState::with_seed(0x6a6f_6273).hash_one(&self.all_json);
        Dataset {
            fields,
            all_json: Bytes::from(self.all_json),
            offsets: self.offsets,
            content_hash,
        }
    }
}

/// Deserializes the top-level array, feeding each record to the builder.
struct RecordsSeed<'a>(&'a mut Builder);

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
struct RecordSeed<'a> {
    builder: &'a mut Builder,
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
            self.builder.records
        )
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let b = self.builder;
        let index = b.records;
        let start = b.all_json.len();
        b.all_json.push(b'{');
        b.seen.clear();
        while let Some(key) = map.next_key::<CowStr<'de>>()? {
            let key = key.0;
            let field = b.field_id(&key);
            if b.seen.contains(&field) {
                return Err(de::Error::custom(format_args!(
                    "record {index} has the key {key:?} more than once"
                )));
            }
            b.seen.push(field);
            let value = map.next_value_seed(ScalarSeed { index, key: &key })?;
            if b.seen.len() > 1 {
                b.all_json.push(b',');
            }
            write_json_string(&key, &mut b.all_json);
            b.all_json.push(b':');
            write_value(value.json_type, &value.text, &mut b.all_json);
            // Most values repeat: intern them, allocating only for one not seen before. The
            // table holds value numbers and hashes the texts in `values`, so no text is kept
            // twice.
            let FieldBuilder { column, value_ids } = &mut b.fields[field];
            let hasher = &b.hasher;
            let hash = hasher.hash_one((value.json_type, &*value.text));
            let values = &mut column.values;
            let found = value_ids.find(hash, |&id| {
                let known = &values[id as usize];
                known.json_type == value.json_type && *known.text == *value.text
            });
            let id = match found {
                Some(&id) => id,
                None => {
                    let id = values.len() as u32;
                    values.push(DistinctValue {
                        json_type: value.json_type,
                        text: value.text.into(),
                        number: value.number,
                    });
                    value_ids.insert_unique(hash, id, |&id| {
                        let v = &values[id as usize];
                        hasher.hash_one((v.json_type, &*v.text))
                    });
                    id
                }
            };
            column.per_record.resize(index as usize, MISSING);
            column.per_record.push(id);
        }
        b.all_json.extend_from_slice(b"},");
        b.offsets.push(start);
        b.records = index.checked_add(1).ok_or_else(|| {
            de::Error::custom("too many records: at most 4,294,967,294 are supported")
        })?;
        Ok(())
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

/// A value as parsed, borrowed from the input where possible.
struct Scalar<'de> {
    json_type: JsonType,
    text: Cow<'de, str>,
    number: Option<f64>,
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

fn scalar(json_type: JsonType, text: Cow<'_, str>, number: Option<f64>) -> Scalar<'_> {
    Scalar {
        json_type,
        text,
        number,
    }
}
