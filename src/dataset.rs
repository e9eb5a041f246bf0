//! The data set: loads and validates a JSON array of flat records, keeps each record's JSON
//! bytes for responses, and indexes every field for the filter engine.
//!
//! [`Dataset::load`] is the only code that reads a data file. Records are stored column by
//! column: each field keeps its distinct values once and, per record, the index of its
//! value. Matching a regex therefore costs one test per distinct value, not per record, and
//! each field's token index (lowercased, trimmed items → sorted record numbers) answers
//! token-mode queries and facets without a scan.

use std::borrow::Cow;
use std::fmt;
use std::io::Read;
use std::path::Path;

use bytes::Bytes;
use hashbrown::{DefaultHashBuilder, HashMap, HashTable};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use std::hash::BuildHasher;

use crate::error::LoadError;

/// The field whose values are `|`-separated lists of items.
pub const LIST_FIELD: &str = "Key Skills";
/// The separator between the items of [`LIST_FIELD`].
pub const LIST_SEPARATOR: char = '|';
/// Per-record value index meaning "this record has no such key".
pub const MISSING: u32 = u32::MAX;
/// How much of a file is checked before the rest is read, so that garbage fails fast.
const PROBE_BYTES: usize = 1 << 20;

/// The synthetic jobs.json bundled into the binary (made by `examples/generate_jobs.rs`).
const EMBEDDED_JSON: &[u8] = include_bytes!("../jobs.json");

/// Where a data set comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataSource {
    /// The synthetic jobs.json bundled into the binary.
    Embedded,
    /// A JSON file on disk.
    File(std::path::PathBuf),
}

impl DataSource {
    /// Loads the data set.
    pub fn load(&self) -> Result<Dataset, LoadError> {
        match self {
            DataSource::Embedded => Dataset::from_json(EMBEDDED_JSON)
                .map_err(|e| e.at(Path::new("(bundled jobs.json)"))),
            DataSource::File(path) => Dataset::load(path),
        }
    }

    /// How the source is named in messages and document properties.
    pub fn describe(&self) -> String {
        match self {
            DataSource::Embedded => "bundled synthetic jobs.json".to_owned(),
            DataSource::File(path) => path.display().to_string(),
        }
    }
}

/// The JSON type of a loaded value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `null`: never matches a filter.
    Null,
    /// `true` or `false`, matched as that text.
    Bool,
    /// A number, matched against its decimal text.
    Number,
    /// A string.
    String,
}

/// One distinct value of a field.
#[derive(Debug, Clone)]
pub struct Value {
    /// The JSON type the value was loaded as.
    pub kind: Kind,
    /// The text filters match against: the string itself, or the decimal text of a number.
    pub text: Box<str>,
    /// The numeric value, for numbers (used to sort numbers as numbers).
    pub number: Option<f64>,
}

impl Value {
    /// Appends this value as JSON to `out`.
    pub fn write_json(&self, out: &mut Vec<u8>) {
        write_value(self.kind, &self.text, out);
    }
}

/// Appends a value of `kind` whose text is `text` as JSON to `out`.
fn write_value(kind: Kind, text: &str, out: &mut Vec<u8>) {
    match kind {
        Kind::Null => out.extend_from_slice(b"null"),
        Kind::Bool | Kind::Number => out.extend_from_slice(text.as_bytes()),
        Kind::String => write_json_string(text, out),
    }
}

/// One field (column) of the data set with its values and token index.
///
/// Lists are stored flat (compressed sparse rows): a token's records are
/// `posting_records[posting_starts[t]..posting_starts[t + 1]]`, and a value's tokens are
/// `value_token_ids[value_token_starts[v]..value_token_starts[v + 1]]`. At a million
/// records this saves millions of small allocations.
#[derive(Debug)]
pub struct Field {
    /// The field's name, as it appears in the data.
    pub name: String,
    /// Whether the field holds `|`-separated lists (see [`LIST_FIELD`]).
    pub list: bool,
    /// The distinct values of the field.
    pub values: Vec<Value>,
    /// For each record, the index into `values`, or [`MISSING`].
    pub per_record: Vec<u32>,
    /// Token text (trimmed, lowercased item or whole value) → token number.
    token_ids: HashMap<Box<str>, u32>,
    posting_starts: Vec<u32>,
    posting_records: Vec<u32>,
    value_token_starts: Vec<u32>,
    value_token_ids: Vec<u32>,
    /// For each token, where its most common spelling is: (value, byte start, byte length).
    token_display: Vec<(u32, u32, u32)>,
}

impl Field {
    /// The value of this field in record `record`, if it has one.
    pub fn value_of(&self, record: u32) -> Option<&Value> {
        match self.per_record.get(record as usize) {
            Some(&id) if id != MISSING => self.values.get(id as usize),
            _ => None,
        }
    }

    /// The sorted record numbers whose token equals `token` (already normalised).
    pub fn posting(&self, token: &str) -> &[u32] {
        self.token_ids
            .get(token)
            .map_or(&[], |&id| self.posting_of(id))
    }

    /// The number of distinct tokens.
    pub fn token_count(&self) -> usize {
        self.token_display.len()
    }

    /// The sorted record numbers holding token number `token`.
    pub fn posting_of(&self, token: u32) -> &[u32] {
        let t = token as usize;
        match (self.posting_starts.get(t), self.posting_starts.get(t + 1)) {
            (Some(&start), Some(&end)) => &self.posting_records[start as usize..end as usize],
            _ => &[],
        }
    }

    /// The token numbers of distinct value number `value`.
    pub fn tokens_of(&self, value: u32) -> &[u32] {
        let v = value as usize;
        match (
            self.value_token_starts.get(v),
            self.value_token_starts.get(v + 1),
        ) {
            (Some(&start), Some(&end)) => &self.value_token_ids[start as usize..end as usize],
            _ => &[],
        }
    }

    /// The most common spelling of token number `token` in the data.
    pub fn token_display(&self, token: u32) -> &str {
        self.token_display
            .get(token as usize)
            .and_then(|&(value, start, len)| {
                let text = &self.values.get(value as usize)?.text;
                text.get(start as usize..(start + len) as usize)
            })
            .unwrap_or("")
    }
}

/// Splits a value into its tokens: the trimmed, lowercased items of a list field, or the
/// whole trimmed, lowercased value. Empty items are skipped.
pub fn tokens(text: &str, list: bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items(text, list) {
        let item = item.trim();
        if !item.is_empty() {
            let token = item.to_lowercase();
            if !out.contains(&token) {
                out.push(token);
            }
        }
    }
    out
}

/// Normalises a query value the way [`tokens`] normalises an item.
pub fn normalize_token(text: &str) -> String {
    text.trim().to_lowercase()
}

/// The items of a value: `|`-separated parts of a list field, or the whole value.
fn items(text: &str, list: bool) -> std::str::SplitN<'_, char> {
    text.splitn(if list { usize::MAX } else { 1 }, LIST_SEPARATOR)
}

/// The lowercase form of `item`, borrowed when it is already lowercase ASCII.
fn lowercase(item: &str) -> Cow<'_, str> {
    if item
        .bytes()
        .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
    {
        Cow::Owned(item.to_lowercase())
    } else {
        Cow::Borrowed(item)
    }
}

/// A loaded, indexed data set.
#[derive(Debug)]
pub struct Dataset {
    fields: Vec<Field>,
    /// `[rec0,rec1,…]`: every record's compact JSON, in load order.
    all_json: Bytes,
    /// Byte offset of each record within `all_json`, plus one final offset past the last.
    offsets: Vec<usize>,
}

impl Dataset {
    /// Loads a data file: a JSON array of flat objects.
    pub fn load(path: &Path) -> Result<Dataset, LoadError> {
        let io = |source| LoadError::Io {
            path: path.to_path_buf(),
            source,
        };
        if path.is_dir() {
            return Err(LoadError::IsDirectory {
                path: path.to_path_buf(),
            });
        }
        let mut file = std::fs::File::open(path).map_err(io)?;
        // Check the start of the file before reading it all, so that a large file of garbage
        // is refused without being read into memory.
        let mut bytes = Vec::new();
        (&mut file)
            .take(PROBE_BYTES as u64)
            .read_to_end(&mut bytes)
            .map_err(io)?;
        if bytes.len() == PROBE_BYTES {
            if let Err(message) = probe(&bytes) {
                return Err(LoadError::Invalid {
                    path: path.to_path_buf(),
                    message,
                });
            }
            file.read_to_end(&mut bytes).map_err(io)?;
        }
        Self::from_json(&bytes).map_err(|e| e.at(path))
    }

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

    /// The fields, in the order they first appear in the data.
    pub fn fields(&self) -> &[Field] {
        &self.fields
    }

    /// The field called `name`, if there is one.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The number of the field called `name`, if there is one.
    pub fn field_index(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }

    /// The number of records.
    pub fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// Whether the data set has no records.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every record as one JSON array, exactly as loaded (compact).
    pub fn all_json(&self) -> Bytes {
        self.all_json.clone()
    }

    /// The compact JSON object of record `record`.
    pub fn record_json(&self, record: u32) -> &[u8] {
        let i = record as usize;
        match (self.offsets.get(i), self.offsets.get(i + 1)) {
            // Each record but the last is followed by a comma inside `all_json`.
            (Some(&start), Some(&end)) => &self.all_json[start..end - 1],
            _ => &[],
        }
    }

    /// Writes a JSON array of the given records to `out`.
    pub fn write_records(&self, records: &[u32], out: &mut Vec<u8>) {
        out.push(b'[');
        for (n, &r) in records.iter().enumerate() {
            if n > 0 {
                out.push(b',');
            }
            out.extend_from_slice(self.record_json(r));
        }
        out.push(b']');
    }
}

/// A data set could not be parsed from bytes; [`ParseError::at`] names the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// No bytes but white space.
    Empty,
    /// Not valid JSON, or not an array of flat records.
    Invalid(String),
}

impl ParseError {
    /// Attaches the file's path.
    pub fn at(self, path: &Path) -> LoadError {
        let path = path.to_path_buf();
        match self {
            ParseError::Empty => LoadError::Empty { path },
            ParseError::Invalid(message) => LoadError::Invalid { path, message },
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::Empty => f.write_str("the data is empty; expected a JSON array of records"),
            ParseError::Invalid(message) => f.write_str(message),
        }
    }
}

/// Checks that a prefix of a file could start a valid data file.
fn probe(prefix: &[u8]) -> Result<(), String> {
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
    name: String,
    values: Vec<Value>,
    /// Per [`Kind`], value text → value number.
    value_ids: HashTable<u32>,
    per_record: Vec<u32>,
}

impl Builder {
    fn field_id(&mut self, name: &str) -> usize {
        if let Some(&id) = self.field_ids.get(name) {
            return id;
        }
        let id = self.fields.len();
        self.fields.push(FieldBuilder {
            name: name.to_owned(),
            ..FieldBuilder::default()
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
            .map(|mut f| {
                f.per_record.resize(n, MISSING);
                index_field(f)
            })
            .collect();
        Dataset {
            fields,
            all_json: Bytes::from(self.all_json),
            offsets: self.offsets,
        }
    }
}

/// How a token has been spelled so far, with how many records used each spelling.
enum Spellings<'a> {
    One(&'a str, u32),
    Many(HashMap<&'a str, u32>),
}

impl<'a> Spellings<'a> {
    fn add(&mut self, spelling: &'a str, uses: u32) {
        match self {
            Spellings::One(first, count) if *first == spelling => *count += uses,
            Spellings::One(first, count) => {
                let mut map = HashMap::new();
                map.insert(*first, *count);
                map.insert(spelling, uses);
                *self = Spellings::Many(map);
            }
            Spellings::Many(map) => *map.entry(spelling).or_insert(0) += uses,
        }
    }

    /// The most used spelling; ties go to the smallest text, so the choice is stable.
    fn best(&self) -> &'a str {
        match self {
            Spellings::One(first, _) => first,
            Spellings::Many(map) => map
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map_or("", |(text, _)| text),
        }
    }
}

/// Builds a field's token index from its values.
fn index_field(f: FieldBuilder) -> Field {
    let list = f.name == LIST_FIELD;
    // How many records use each distinct value.
    let mut value_use = vec![0u32; f.values.len()];
    for &value in &f.per_record {
        if value != MISSING {
            value_use[value as usize] += 1;
        }
    }
    let mut token_ids: HashMap<Box<str>, u32> = HashMap::new();
    let mut spellings: Vec<Spellings> = Vec::new();
    let mut token_uses: Vec<u32> = Vec::new();
    let mut value_token_starts = Vec::with_capacity(f.values.len() + 1);
    let mut value_token_ids = Vec::new();
    value_token_starts.push(0u32);
    for (value, &uses) in f.values.iter().zip(&value_use) {
        let start = value_token_ids.len();
        if value.kind != Kind::Null {
            for item in items(&value.text, list) {
                let item = item.trim();
                if item.is_empty() {
                    continue;
                }
                let token = lowercase(item);
                let id = match token_ids.get(token.as_ref()) {
                    Some(&id) => id,
                    None => {
                        let id = token_ids.len() as u32;
                        token_ids.insert(token.into_owned().into_boxed_str(), id);
                        spellings.push(Spellings::One(item, 0));
                        token_uses.push(0);
                        id
                    }
                };
                // A record counts once per token, however often its list repeats it.
                if !value_token_ids[start..].contains(&id) {
                    value_token_ids.push(id);
                    token_uses[id as usize] += uses;
                }
                spellings[id as usize].add(item, uses);
            }
        }
        value_token_starts.push(value_token_ids.len() as u32);
    }
    // Postings, flat: each token's records in record order.
    let mut posting_starts = Vec::with_capacity(token_uses.len() + 1);
    let mut total = 0u32;
    posting_starts.push(0);
    for uses in &token_uses {
        total += uses;
        posting_starts.push(total);
    }
    let mut cursor: Vec<u32> = posting_starts[..posting_starts.len() - 1].to_vec();
    let mut posting_records = vec![0u32; total as usize];
    for (record, &value) in f.per_record.iter().enumerate() {
        if value == MISSING {
            continue;
        }
        let (start, end) = (
            value_token_starts[value as usize] as usize,
            value_token_starts[value as usize + 1] as usize,
        );
        for &token in &value_token_ids[start..end] {
            let at = &mut cursor[token as usize];
            posting_records[*at as usize] = record as u32;
            *at += 1;
        }
    }
    // Where each token's display spelling lies inside a value's text.
    let mut token_display = vec![(0u32, 0u32, 0u32); spellings.len()];
    let best: Vec<&str> = spellings.iter().map(Spellings::best).collect();
    let mut found = vec![false; spellings.len()];
    for (v, value) in f.values.iter().enumerate() {
        let tokens =
            &value_token_ids[value_token_starts[v] as usize..value_token_starts[v + 1] as usize];
        if tokens.iter().all(|&t| found[t as usize]) {
            continue;
        }
        for item in items(&value.text, list) {
            let item = item.trim();
            let Some(&id) = token_ids.get(lowercase(item).as_ref()) else {
                continue;
            };
            if !found[id as usize] && item == best[id as usize] {
                let start = item.as_ptr() as usize - value.text.as_ptr() as usize;
                token_display[id as usize] = (v as u32, start as u32, item.len() as u32);
                found[id as usize] = true;
            }
        }
    }
    drop(best);
    drop(spellings);
    Field {
        name: f.name,
        list,
        values: f.values,
        per_record: f.per_record,
        token_ids,
        posting_starts,
        posting_records,
        value_token_starts,
        value_token_ids,
        token_display,
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
            write_value(value.kind, &value.text, &mut b.all_json);
            // Most values repeat: intern them, allocating only for one not seen before. The
            // table holds value numbers and hashes the texts in `values`, so no text is kept
            // twice.
            let column = &mut b.fields[field];
            let hasher = &b.hasher;
            let hash = hasher.hash_one((value.kind, &*value.text));
            let values = &mut column.values;
            let found = column.value_ids.find(hash, |&id| {
                let known = &values[id as usize];
                known.kind == value.kind && *known.text == *value.text
            });
            let id = match found {
                Some(&id) => id,
                None => {
                    let id = values.len() as u32;
                    values.push(Value {
                        kind: value.kind,
                        text: value.text.into(),
                        number: value.number,
                    });
                    column.value_ids.insert_unique(hash, id, |&id| {
                        let v = &values[id as usize];
                        hasher.hash_one((v.kind, &*v.text))
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
    kind: Kind,
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
        Ok(scalar(Kind::Null, Cow::Borrowed(""), None))
    }
    fn visit_bool<E>(self, v: bool) -> Result<Scalar<'de>, E> {
        let text = if v { "true" } else { "false" };
        Ok(scalar(Kind::Bool, Cow::Borrowed(text), None))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Scalar<'de>, E> {
        Ok(scalar(
            Kind::Number,
            Cow::Owned(v.to_string()),
            Some(v as f64),
        ))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Scalar<'de>, E> {
        Ok(scalar(
            Kind::Number,
            Cow::Owned(v.to_string()),
            Some(v as f64),
        ))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Scalar<'de>, E> {
        // serde_json prints floats so that they read back to the same value.
        let text = serde_json::Number::from_f64(v).map_or_else(|| "null".into(), |n| n.to_string());
        Ok(scalar(Kind::Number, Cow::Owned(text), Some(v)))
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Scalar<'de>, E> {
        Ok(scalar(Kind::String, Cow::Borrowed(v), None))
    }
    fn visit_str<E>(self, v: &str) -> Result<Scalar<'de>, E> {
        Ok(scalar(Kind::String, Cow::Owned(v.to_owned()), None))
    }
    fn visit_string<E>(self, v: String) -> Result<Scalar<'de>, E> {
        Ok(scalar(Kind::String, Cow::Owned(v), None))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Scalar<'de>, A::Error> {
        Err(self.nested("array"))
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Scalar<'de>, A::Error> {
        Err(self.nested("object"))
    }
}

fn scalar(kind: Kind, text: Cow<'_, str>, number: Option<f64>) -> Scalar<'_> {
    Scalar { kind, text, number }
}

/// Appends `s` as a JSON string literal.
pub fn write_json_string(s: &str, out: &mut Vec<u8>) {
    // Writing into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, s);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(json: &str) -> Result<Dataset, String> {
        Dataset::from_json(json.as_bytes()).map_err(|e| e.to_string())
    }

    #[test]
    fn loads_records_and_keeps_their_json() {
        let d = load(
            r#"[{"Id": 7, "Key Skills": "C++| Java|python", "Location": "Seattle"},
                         {"Location": "Austin", "Id": 9, "Extra": null, "Ok": true}]"#,
        )
        .unwrap();
        assert_eq!(d.len(), 2);
        let names: Vec<_> = d.fields().iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["Id", "Key Skills", "Location", "Extra", "Ok"]);
        assert_eq!(
            d.record_json(0),
            br#"{"Id":7,"Key Skills":"C++| Java|python","Location":"Seattle"}"#
        );
        assert_eq!(
            d.record_json(1),
            br#"{"Location":"Austin","Id":9,"Extra":null,"Ok":true}"#
        );
        let all: serde_json::Value = serde_json::from_slice(&d.all_json()).unwrap();
        assert_eq!(all.as_array().map(Vec::len), Some(2));
        let mut out = Vec::new();
        d.write_records(&[1, 0], &mut out);
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v[0]["Id"], 9);
        assert_eq!(v[1]["Id"], 7);
    }

    #[test]
    fn keeps_awkward_strings_exactly() {
        let text = "Sales \"Hunter\" \\ Finance – Ã¢â‚¬â„¢\u{a0}, done";
        let json = serde_json::json!([{ "Role": text }]).to_string();
        let d = load(&json).unwrap();
        let back: serde_json::Value = serde_json::from_slice(d.record_json(0)).unwrap();
        assert_eq!(back["Role"], text);
    }

    #[test]
    fn token_index_splits_trims_and_folds_case() {
        let d = load(
            r#"[{"Key Skills": "Javascript| SQL"}, {"Key Skills": "javascript|  | Java "},
                {"Key Skills": "JavaScript"}, {"Key Skills": "Javascript"}, {"Location": "X"}]"#,
        )
        .unwrap();
        let skills = d.field(LIST_FIELD).unwrap();
        assert!(skills.list);
        assert_eq!(skills.posting("javascript"), [0, 1, 2, 3]);
        assert_eq!(skills.posting("java"), [1]);
        assert_eq!(skills.posting("sql"), [0]);
        assert_eq!(skills.posting(""), [] as [u32; 0]);
        let id = skills.token_ids["javascript"];
        assert_eq!(skills.token_display(id), "Javascript");
        assert_eq!(skills.token_count(), 3);
        // Value 1 ("javascript|  | Java ") holds two tokens; the empty item is skipped.
        assert_eq!(skills.tokens_of(1).len(), 2);
        assert_eq!(skills.value_of(4).map(|v| &*v.text), None);
    }

    #[test]
    fn empty_array_is_valid() {
        let d = load(" [ ] ").unwrap();
        assert_eq!(d.len(), 0);
        assert!(d.fields().is_empty());
        assert_eq!(&d.all_json()[..], b"[]");
    }

    #[test]
    fn bad_input_is_described() {
        let cases = [
            ("", "empty"),
            ("   \n", "empty"),
            ("{\"a\": 1}", "top level to be a JSON array"),
            ("[1]", "record 0 to be a JSON object"),
            ("[{\"a\": 1}, \"x\"]", "record 1 to be a JSON object"),
            (
                "[{\"a\": 1}, {\"b\": [1]}]",
                "record 1 has a nested array under key \"b\"",
            ),
            (
                "[{\"a\": {\"c\": 2}}]",
                "record 0 has a nested object under key \"a\"",
            ),
            ("[{\"a\": 1,}]", "line 1 column"),
            ("[{\"a\": 1}\n,{\"a\": 2", "truncated"),
            ("[{\"a\": 1, \"a\": 2}]", "key \"a\" more than once"),
            ("[] []", "trailing characters"),
        ];
        for (json, expected) in cases {
            let err = load(json).err().unwrap_or_default();
            assert!(
                err.contains(expected),
                "{json:?}: {err:?} lacks {expected:?}"
            );
        }
    }

    #[test]
    fn probe_accepts_prefixes_and_refuses_garbage() {
        assert!(probe(b"[{\"Id\": 1}, {\"Id\": 2, \"Lo").is_ok());
        assert!(probe(b"\x00\x01garbage").is_err());
        assert!(probe(b"[{\"Id\": 1}, 7").is_err());
    }
}
