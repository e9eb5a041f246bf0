//! The data set: loads and validates records (a JSON array or an object holding one,
//! NDJSON or CSV, all through one column builder; nested objects read into dotted fields),
//! keeps each record's JSON bytes for responses, tells each field's kind and lists once
//! (`schema`), and indexes every field for the filter engine.
//!
//! Records are stored column by column: each field keeps its distinct values once and the
//! index of each record's value: per record when most records have the field, and only for
//! the records that have it when few do (see `records`), so memory grows with the values
//! present, never with fields × records (but for a list field, whose per-record token lists
//! keep 4 bytes a record: see `tokens`). Matching a regex therefore costs one test per distinct
//! value, not per record, and each field's token index (case-folded, trimmed items → sorted
//! record numbers) answers token-mode queries and facets without a scan. This is the
//! bottom layer: it names nothing above it.

mod builder;
mod error;
mod experience;
mod formats;
mod index;
mod kind;
mod lists;
mod load;
mod nested;
mod nonfinite;
mod options;
mod parse;
mod pay;
mod pay_words;
mod ranges;
mod rank;
mod records;
mod role_hints;
mod roles;
mod schema;
mod shapes;
mod span;
mod spelling;
mod strings;
mod tokens;
mod value;
mod words;

use bytes::Bytes;

pub use error::{LoadError, ParseError};
pub use experience::parse_experience;
pub use formats::Format;
pub use index::Field;
pub use kind::Kind;
pub use lists::{Items, ListEncoding};
pub use load::{DEFAULT_MAX_DATA_BYTES, DataSource, LoadOptions};
pub use options::{ListHint, ReadOptions};
pub use pay::{Pay, Period, parse_pay};
pub use ranges::DERIVED_SALARY;
pub use rank::UNRANKED;
pub use role_hints::{LAB_COLUMNS, LAB_FACETS, LOCATION_FIELD, SKILLS_FIELD};
pub use roles::{Role, RoleFrom, Roles};
pub use span::{Ranges, Span, parse_span};
pub use value::{
    DistinctValue, JsonType, Values, fold_case, normalize_token, tokens, write_json_string,
};
pub use words::{FieldWords, WordMatch, pieces};

/// Per-record value index meaning "this record has no such key".
pub const MISSING: u32 = u32::MAX;

/// A loaded, indexed data set.
#[derive(Debug)]
pub struct Dataset {
    fields: Vec<Field>,
    /// `[rec0,rec1,…]`: every record's compact JSON, in load order.
    all_json: Bytes,
    /// Byte offset of each record within `all_json`, plus one final offset past the last.
    offsets: Vec<usize>,
    /// A hash of every record's content, the same in every process that loads the same data.
    content_hash: u64,
    /// The key of the top-level object whose array held the records, if they came so.
    records_key: Option<String>,
    /// Which field plays which role.
    roles: Roles,
    /// Each field's words, for `_search`: built on first use (see [`Self::words`]).
    words: std::sync::OnceLock<Vec<FieldWords>>,
}

impl Dataset {
    /// The fields, in the order they first appear in the data, then those made at load
    /// from others (`@salary`), which queries see but records do not hold.
    pub fn fields(&self) -> &[Field] {
        &self.fields
    }

    /// The records' own fields: [`Self::fields`] without those made at load from others.
    /// Their numbers are the same in both.
    pub fn columns(&self) -> &[Field] {
        let own = self
            .fields
            .iter()
            .position(Field::is_derived)
            .unwrap_or(self.fields.len());
        &self.fields[..own]
    }

    /// The field called `name`, if there is one.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The number of the field called `name`, if there is one.
    pub fn field_index(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }

    /// The key of the top-level object whose array held the records (`results` in
    /// `{"results": [...]}`), if the file was such an object.
    pub fn records_key(&self) -> Option<&str> {
        self.records_key.as_deref()
    }

    /// Which field plays which role (the place, the skills, the title, …), found at load.
    pub fn roles(&self) -> &Roles {
        &self.roles
    }

    /// The field playing `role`, if one does.
    pub fn role_field(&self, role: Role) -> Option<&Field> {
        self.fields.get(self.roles.field(role)?)
    }

    /// Each field's words, in field order: built on the first call (the server makes that
    /// call right after it starts, off the request path), waited for by calls meanwhile.
    pub fn words(&self) -> &[FieldWords] {
        self.words
            .get_or_init(|| self.fields.iter().map(FieldWords::build).collect())
    }

    /// Whether [`Self::words`] answers at once.
    pub fn words_ready(&self) -> bool {
        self.words.get().is_some()
    }

    /// The number of records.
    pub fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// Whether the data set has no records.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A hash of the records' content: the same for the same data in any process (so
    /// replicas agree on ETags), different after a reload that changed anything.
    pub fn content_hash(&self) -> u64 {
        self.content_hash
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

    /// Records `first` to `first + count - 1` as they stand in the JSON kept at load, with
    /// the comma before the first (what follows an earlier record in a JSON array), or, from
    /// record 0, the array's opening bracket (what starts one). Shares the bytes rather than
    /// copying them. Empty for records past the end.
    pub fn json_run(&self, first: u32, count: usize) -> Bytes {
        let first = first as usize;
        match (
            self.offsets.get(first),
            first
                .checked_add(count)
                .and_then(|end| self.offsets.get(end)),
        ) {
            (Some(&start), Some(&end)) if count > 0 => self.all_json.slice(start - 1..end - 1),
            _ => Bytes::new(),
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

#[cfg(test)]
mod tests {
    use super::parse::probe;
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
        let skills = d.field(SKILLS_FIELD).unwrap();
        assert!(skills.is_list());
        assert_eq!(skills.posting("javascript"), [0, 1, 2, 3]);
        assert_eq!(skills.posting("java"), [1]);
        assert_eq!(skills.posting("sql"), [0]);
        assert_eq!(skills.posting(""), [] as [u32; 0]);
        let id = skills.token_id("javascript").unwrap();
        assert_eq!(skills.token_display(id), "Javascript");
        assert_eq!(skills.token_count(), 3);
        // Value 1 ("javascript|  | Java ") holds two tokens; the empty item is skipped.
        assert_eq!(skills.tokens_of(1).count(), 2);
        assert_eq!(skills.value_of(4).map(|v| v.text), None);
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
            (
                "{\"a\": 1}",
                "the top level is an object with no array of records",
            ),
            (
                "{\"a\": [{\"b\": 1}], \"c\": [{\"d\": 2}]}",
                "two arrays of records, under \"a\" and \"c\"",
            ),
            ("7", "top level to be a JSON array of records"),
            ("[1]", "record 0 to be a JSON object"),
            ("[{\"a\": 1}, \"x\"]", "record 1 to be a JSON object"),
            (
                "[{\"a.b\": 1, \"a\": {\"b\": 2}}]",
                "the keys \"a\" → \"b\" and the key \"a.b\" would both be the field \"a.b\"",
            ),
            (
                "[{\"a\": {\"b\": 2}, \"a.b\": 1}]",
                "the key \"a.b\" and the keys \"a\" → \"b\" would both be the field \"a.b\"",
            ),
            (
                "[{\"a\": {\"b.c\": 1}}, {\"a\": {\"b\": {\"c\": 2}}}]",
                "record 1: the keys \"a\" → \"b\" → \"c\" and the keys \"a\" → \"b.c\"",
            ),
            (
                "[{\"a\": {\"b\": 1, \"b\": 2}}]",
                "record 0 has the key \"a.b\" more than once",
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
