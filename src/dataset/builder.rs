//! The column builder every format feeds: records arrive one value at a time, values are
//! interned per field as they arrive (each distinct value kept once), every record's compact
//! JSON is kept for responses, and [`Builder::finish`] indexes the columns into a
//! [`Dataset`]. JSON, NDJSON and CSV all go through it, so they follow the same rules.

use std::borrow::Cow;
use std::hash::BuildHasher;

use bytes::Bytes;
use hashbrown::{DefaultHashBuilder, HashMap, HashTable};

use super::index::{Column, index_field};
use super::value::{DistinctValue, JsonType, write_json_string, write_value};
use super::{Dataset, MISSING};

/// A value as parsed, borrowed from the input where possible.
pub(super) struct Scalar<'de> {
    /// Its JSON type (always a string for CSV).
    pub(super) json_type: JsonType,
    /// Its text.
    pub(super) text: Cow<'de, str>,
    /// Its number, for numbers.
    pub(super) number: Option<f64>,
}

/// A [`Scalar`].
pub(super) fn scalar(json_type: JsonType, text: Cow<'_, str>, number: Option<f64>) -> Scalar<'_> {
    Scalar {
        json_type,
        text,
        number,
    }
}

/// Collects records into columns while a parser walks the file.
#[derive(Default)]
pub(super) struct Builder {
    hasher: DefaultHashBuilder,
    fields: Vec<FieldBuilder>,
    field_ids: HashMap<String, usize>,
    records: u32,
    all_json: Vec<u8>,
    offsets: Vec<usize>,
    /// Field numbers seen in the current record, to refuse duplicate keys.
    seen: Vec<usize>,
    /// Where the current record's JSON starts in `all_json`.
    record_start: usize,
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

    /// How many records are complete: the number of the record being read.
    pub(super) fn records(&self) -> u32 {
        self.records
    }

    /// Starts a record.
    pub(super) fn begin_record(&mut self) {
        if self.all_json.is_empty() {
            // The array opens before the first record, so offsets are final as they come
            // (inserting it at the end would move every byte once more).
            self.all_json.push(b'[');
        }
        self.record_start = self.all_json.len();
        self.all_json.push(b'{');
        self.seen.clear();
    }

    /// The field number for `key` in the current record; a key given twice is refused.
    pub(super) fn field_for(&mut self, key: &str) -> Result<usize, String> {
        let field = self.field_id(key);
        if self.seen.contains(&field) {
            return Err(format!(
                "record {} has the key {key:?} more than once",
                self.records
            ));
        }
        self.seen.push(field);
        Ok(field)
    }

    /// Adds the current record's `value` for `field` (named `key`, from [`Self::field_for`]).
    pub(super) fn push_value(&mut self, field: usize, key: &str, value: Scalar<'_>) {
        let index = self.records;
        if self.seen.len() > 1 {
            self.all_json.push(b',');
        }
        write_json_string(key, &mut self.all_json);
        self.all_json.push(b':');
        write_value(value.json_type, &value.text, &mut self.all_json);
        // Most values repeat: intern them, allocating only for one not seen before. The
        // table holds value numbers and hashes the texts in `values`, so no text is kept
        // twice.
        let FieldBuilder { column, value_ids } = &mut self.fields[field];
        let hasher = &self.hasher;
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

    /// Ends the current record.
    pub(super) fn end_record(&mut self) -> Result<(), String> {
        self.all_json.extend_from_slice(b"},");
        self.offsets.push(self.record_start);
        self.records = self
            .records
            .checked_add(1)
            .ok_or("too many records: at most 4,294,967,294 are supported")?;
        Ok(())
    }

    /// The data set: every column indexed.
    pub(super) fn finish(mut self) -> Dataset {
        let n = self.records as usize;
        if n == 0 {
            self.all_json = b"[]".to_vec();
            self.offsets = vec![1];
        } else {
            if let Some(last) = self.all_json.last_mut() {
                // The comma after the last record becomes the closing bracket.
                *last = b']';
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
