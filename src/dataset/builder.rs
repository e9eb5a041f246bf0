//! The column builder every format feeds: records arrive one value at a time, values are
//! interned per field as they arrive (each distinct value kept once) with the order of each
//! record's keys, and [`Builder::finish`] writes every record's compact JSON back from the
//! columns and indexes them into a [`Dataset`]. JSON, NDJSON and CSV all go through it, so
//! they follow the same rules.

use std::borrow::Cow;
use std::hash::BuildHasher;

use bytes::Bytes;
use hashbrown::{DefaultHashBuilder, HashMap, HashTable};

use super::Dataset;
use super::index::{Column, Field, TokenIndex, index_tokens};
use super::options::ReadOptions;
use super::ranges::read_role_ranges;
use super::roles::{Role, find_roles};
use super::shapes::{Shapes, records_json};
use super::value::JsonType;

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

/// A JSON number given as an integer.
pub(super) fn integer<'a>(v: impl ToString + Copy, value: f64) -> Scalar<'a> {
    scalar(JsonType::Number, Cow::Owned(v.to_string()), Some(value))
}

/// A JSON number given as a float, written as serde_json writes it (so that it reads back
/// to the same value).
pub(super) fn float<'a>(v: f64) -> Scalar<'a> {
    let text = serde_json::Number::from_f64(v).map_or_else(|| "null".into(), |n| n.to_string());
    scalar(JsonType::Number, Cow::Owned(text), Some(v))
}

/// A JSON boolean.
pub(super) fn boolean<'a>(v: bool) -> Scalar<'a> {
    let text = if v { "true" } else { "false" };
    scalar(JsonType::Bool, Cow::Borrowed(text), None)
}

/// Collects records into columns while a parser walks the file.
#[derive(Default)]
pub(super) struct Builder {
    hasher: DefaultHashBuilder,
    fields: Vec<FieldBuilder>,
    field_ids: HashMap<String, usize>,
    records: u32,
    /// Field numbers of the current record so far, in order: its shape, and how a key
    /// given twice is found.
    seen: Vec<u32>,
    /// Fields reached through a nested object that the current record has given a value.
    seen_nested: Vec<u32>,
    /// The items of nested list fields the current record has so far: (field, the items'
    /// JSON, comma-separated), written as one array when the record ends.
    pending: Vec<(u32, Vec<u8>)>,
    /// (parent field, child field) of each nested key seen, hashed by (parent, key).
    children: HashTable<(u32, u32)>,
    shapes: Shapes,
    /// Whether the values came from CSV cells (strings that may be numbers).
    pub(super) from_text: bool,
    /// The key of the top-level object whose array held the records, if they came so.
    pub(super) records_key: Option<String>,
}

#[derive(Default)]
struct FieldBuilder {
    column: Column,
    /// Value text → the numbers of the values with that text (one per JSON type).
    value_ids: HashTable<ValueEntry>,
    /// The keys that lead to the field from the record, joined by NUL: its name for a key
    /// of the record, so that two paths sharing a dotted name are told apart.
    path: Box<str>,
    /// The last key of its path (for a field reached through a nested object).
    key: Box<str>,
    /// How many values were not objects read into dotted fields (see [`JsonType::Object`]).
    plain: u32,
}

impl FieldBuilder {
    /// Whether the field only ever held objects read into dotted fields: it is kept for
    /// writing the records back, and not offered as a field.
    fn hidden(&self) -> bool {
        self.plain == 0
    }
}

/// A value's number in [`FieldBuilder::value_ids`], with 32 bits of its text's hash: the
/// table grows without reading the texts again, and a probe skips most other texts
/// unread.
#[derive(Clone, Copy)]
struct ValueEntry {
    value: u32,
    hash: u32,
}

/// The table hash of a text whose 32-bit hash is `hash`: spread over 64 bits, as the
/// table takes its bucket from the low bits and a tag from the top ones.
fn table_hash(hash: u32) -> u64 {
    u64::from(hash).wrapping_mul(0x9e37_79b9_7f4a_7c15)
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
            path: name.into(),
            key: Box::default(),
            plain: 0,
        });
        self.field_ids.insert(name.to_owned(), id);
        id
    }

    /// The field that key `key` of a nested object under field `parent` goes to, named by
    /// the keys from the record down joined with dots; a dotted name that a key of the
    /// record or another path of keys already gives is refused, naming both.
    pub(super) fn nested_field(&mut self, parent: usize, key: &str) -> Result<usize, String> {
        // Known (parent, key) pairs are found without building the dotted name: most
        // records repeat the keys of the one before.
        let hash = self.hasher.hash_one((parent, key));
        let fields = &self.fields;
        if let Some(&(_, child)) = self.children.find(hash, |&(p, c)| {
            p == parent as u32 && fields[c as usize].key.as_ref() == key
        }) {
            return Ok(child as usize);
        }
        let id = self.new_nested_field(parent, key)?;
        let (hasher, fields) = (&self.hasher, &self.fields);
        self.children
            .insert_unique(hash, (parent as u32, id as u32), |&(p, c)| {
                hasher.hash_one((p as usize, fields[c as usize].key.as_ref()))
            });
        Ok(id)
    }

    /// [`Self::nested_field`] for a (parent, key) pair not seen before.
    fn new_nested_field(&mut self, parent: usize, key: &str) -> Result<usize, String> {
        let parent_field = &self.fields[parent];
        let name = format!("{}.{key}", parent_field.column.name);
        let path = format!("{}\0{key}", parent_field.path);
        let id = match self.field_ids.get(&name) {
            Some(&id) => id,
            None => {
                let id = self.field_id(&name);
                self.fields[id].path = path.clone().into();
                self.fields[id].key = key.into();
                id
            }
        };
        let other = &self.fields[id].path;
        if **other != *path {
            let theirs = if other.contains('\0') {
                format!("the keys {}", describe_path(other))
            } else {
                format!("the key {other:?}")
            };
            return Err(format!(
                "record {}: the keys {} and {theirs} would both be the field {name:?}; rename \
                 one of them",
                self.records,
                describe_path(&path),
            ));
        }
        Ok(id)
    }

    /// Adds a value reached through nested objects (not inside an array) to `field`.
    pub(super) fn push_nested(&mut self, field: usize, value: Scalar<'_>) -> Result<(), String> {
        if self.seen_nested.contains(&(field as u32)) {
            return Err(format!(
                "record {} has the key {:?} more than once",
                self.records, self.fields[field].column.name
            ));
        }
        self.seen_nested.push(field as u32);
        self.push_value(field, value);
        Ok(())
    }

    /// Adds one item (its JSON) to the current record's list in `field`, reached through an
    /// array of objects.
    pub(super) fn push_item(&mut self, field: usize, json: &[u8]) {
        let field = field as u32;
        let at = match self.pending.iter().position(|(f, _)| *f == field) {
            Some(at) => at,
            None => {
                self.pending.push((field, Vec::new()));
                self.pending.len() - 1
            }
        };
        let items = &mut self.pending[at].1;
        if !items.is_empty() {
            items.push(b',');
        }
        items.extend_from_slice(json);
    }

    /// The name of field number `field`.
    pub(super) fn field_name(&self, field: usize) -> &str {
        self.fields
            .get(field)
            .map_or("", |f| f.column.name.as_str())
    }

    /// How many records are complete: the number of the record being read.
    pub(super) fn records(&self) -> u32 {
        self.records
    }

    /// Starts a record.
    pub(super) fn begin_record(&mut self) {
        self.seen.clear();
    }

    /// The field number for `key` in the current record; a key given twice is refused.
    pub(super) fn field_for(&mut self, key: &str) -> Result<usize, String> {
        // Records nearly always repeat the previous one's keys in its order: check that
        // guess before hashing the key.
        let field = match self.shapes.previous(self.seen.len()) {
            Some(guess) if self.fields[guess as usize].column.name == key => guess as usize,
            _ => self.field_id(key),
        };
        let path = &self.fields[field].path;
        if path.contains('\0') {
            return Err(format!(
                "record {}: the key {key:?} and the keys {} would both be the field {key:?}; \
                 rename one of them",
                self.records,
                describe_path(path)
            ));
        }
        if self.seen.contains(&(field as u32)) {
            return Err(format!(
                "record {} has the key {key:?} more than once",
                self.records
            ));
        }
        self.seen.push(field as u32);
        Ok(field)
    }

    /// Adds the current record's `value` for `field` (from [`Self::field_for`]).
    pub(super) fn push_value(&mut self, field: usize, value: Scalar<'_>) {
        let index = self.records;
        // Objects read into dotted fields, and empty arrays, do not make a field worth
        // offering on their own (an array of objects leaves its key nothing else).
        let empty_array = value.json_type == JsonType::Array && value.text == "[]";
        if value.json_type != JsonType::Object && !empty_array {
            self.fields[field].plain += 1;
        }
        // Most values repeat: intern them, keeping only one not seen before. The table
        // holds value numbers and hashes the texts in `values`, so no text is kept twice.
        let FieldBuilder {
            column, value_ids, ..
        } = &mut self.fields[field];
        let hasher = &self.hasher;
        let text: &str = &value.text;
        // The low half of the hash: enough to tell texts apart in a table of 2^32.
        let hash = hasher.hash_one(text) as u32;
        let values = &mut column.values;
        let found = value_ids.find(table_hash(hash), |e| {
            e.hash == hash && values.is(e.value as usize, value.json_type, text)
        });
        let id = match found {
            Some(e) => e.value,
            None => {
                let id = values.push(value.json_type, text, value.number);
                let entry = ValueEntry { value: id, hash };
                value_ids.insert_unique(table_hash(hash), entry, |e| table_hash(e.hash));
                id
            }
        };
        column.records.push(index, id);
    }

    /// Ends the current record.
    pub(super) fn end_record(&mut self) -> Result<(), String> {
        let mut pending = std::mem::take(&mut self.pending);
        for (field, items) in pending.drain(..) {
            let mut json = Vec::with_capacity(items.len() + 2);
            json.push(b'[');
            json.extend_from_slice(&items);
            json.push(b']');
            let text = String::from_utf8(json).map_err(|e| e.to_string())?;
            self.push_nested(
                field as usize,
                scalar(JsonType::Array, Cow::Owned(text), None),
            )?;
        }
        self.pending = pending;
        self.seen_nested.clear();
        self.shapes.push(&self.seen);
        self.records = self
            .records
            .checked_add(1)
            .ok_or("too many records: at most 4,294,967,294 are supported")?;
        Ok(())
    }

    /// The data set: every record's JSON written back from the columns, and every column
    /// indexed. Called once the input is gone, so that the peak of memory holds the
    /// columns and the records' JSON, never the input as well.
    pub(super) fn finish(self, options: &ReadOptions) -> Dataset {
        let n = self.records as usize;
        let hidden: Vec<bool> = self.fields.iter().map(FieldBuilder::hidden).collect();
        let from_text = self.from_text;
        let columns: Vec<Column> = self
            .fields
            .into_iter()
            .map(|f| {
                let mut column = f.column;
                column.records = column.records.finish(n);
                if from_text {
                    column.values.numbers_from_text();
                }
                column.values.shrink_to_fit();
                column
            })
            .collect();
        // Writing the records' JSON and indexing the columns both only read the columns:
        // they run side by side (one after the other when no thread can be started).
        let write = || records_json(&columns, &self.shapes);
        let ((all_json, offsets), indexes) = std::thread::scope(|scope| {
            let json = std::thread::Builder::new()
                .name("jobsctl-records".into())
                .spawn_scoped(scope, write);
            let indexes: Vec<Option<TokenIndex>> = columns
                .iter()
                .zip(&hidden)
                .map(|(c, &hidden)| (!hidden).then(|| index_tokens(c, n, options)))
                .collect();
            let json = match json {
                Ok(thread) => thread
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                Err(_) => write(),
            };
            (json, indexes)
        });
        drop(self.shapes);
        // Fixed seeds: the same bytes hash the same in every process and on every run.
        let content_hash =
            foldhash::quality::FixedState::with_seed(0x6a6f_6273).hash_one(&all_json);
        // Columns only kept to write the records back are dropped here.
        let mut fields: Vec<Field> = columns
            .into_iter()
            .zip(indexes)
            .filter_map(|(c, i)| Some(Field::new(c, i?)))
            .collect();
        let declared: Vec<(Role, usize)> = options
            .roles
            .iter()
            .filter_map(|(role, name)| Some((*role, fields.iter().position(|f| f.name == *name)?)))
            .collect();
        let mut roles = find_roles(&fields, n, &declared);
        read_role_ranges(&mut fields, &mut roles, n);
        Dataset {
            fields,
            all_json: Bytes::from(all_json),
            offsets,
            content_hash,
            records_key: self.records_key,
            roles,
            words: std::sync::OnceLock::new(),
        }
    }
}

/// A path of keys (joined by NUL) as messages name it: `"a" → "b"`.
fn describe_path(origin: &str) -> String {
    let keys: Vec<String> = origin.split('\0').map(|k| format!("{k:?}")).collect();
    keys.join(" → ")
}
