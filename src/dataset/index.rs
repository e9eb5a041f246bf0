//! The per-field index: each field's distinct values, the value of every record, and the
//! token postings (trimmed, case-folded item → sorted record numbers) that token matching
//! and facets read instead of scanning records.

use super::kind::{Kind, kind_of};
use super::lists::{Items, ListEncoding, items};
use super::options::ReadOptions;
use super::rank::{rank_spans, rank_values};
use super::records::RecordValues;
use super::schema::list_encoding;
use super::span::{Ranges, Span, spans_of};
use super::spelling::{DECODED, Spellings};
use super::strings::Interner;
use super::tokens::{TokenLists, Tokens};
use super::value::{DistinctValue, JsonType, Values};

/// One field's values as parsed, before indexing.
#[derive(Debug, Default)]
pub(super) struct Column {
    /// The field's name.
    pub name: String,
    /// The distinct values, in first-seen order.
    pub values: Values,
    /// Each record's index into `values`, for the records that have the field.
    pub records: RecordValues,
}

/// One field (column) of the data set with its values and token index.
///
/// Lists are stored flat (compressed sparse rows): a token's records are
/// `posting_records[posting_starts[t]..posting_starts[t + 1]]`, and a list field's record
/// tokens are laid out the same way (see `TokenLists` in `dataset/tokens.rs`). At a million records this saves
/// millions of small allocations.
#[derive(Debug)]
pub struct Field {
    /// The field's name, as it appears in the data.
    pub name: String,
    /// The distinct values of the field.
    pub values: Values,
    /// Each record's index into `values`, for the records that have the field: read it
    /// through [`Self::value_id`] and [`Self::present`].
    records: RecordValues,
    /// Its tokens: postings, each value's and record's tokens, and how each is spelled.
    index: TokenIndex,
    /// Whether every value of the field is a JSON number (or null): text that is not a
    /// number cannot be found in it.
    pub numbers_only: bool,
    /// What the field holds.
    kind: Kind,
    /// The tokens, most records first (ties by spelling), sorted on first use.
    by_count: std::sync::OnceLock<Vec<u32>>,
    /// Each distinct value's sort rank, ranked on first sort.
    ranks: std::sync::OnceLock<Vec<u32>>,
    /// For a field read as ranges (pay, experience): how many records read as one, and
    /// their currencies.
    ranges: Option<Ranges>,
}

impl Field {
    /// Whether the field holds lists, whose items are matched and counted one by one.
    pub fn is_list(&self) -> bool {
        self.index.encoding.is_some()
    }

    /// How the field's lists are written, for a list field.
    pub fn list_encoding(&self) -> Option<&ListEncoding> {
        self.index.encoding.as_ref()
    }

    /// What the field holds, resolved at load.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// The items of `text`, a value of this field: its list items, trimmed, or the whole
    /// trimmed value for a field that is not a list.
    pub fn items<'a>(&'a self, text: &'a str) -> Items<'a> {
        items(text, self.list_encoding())
    }

    /// The case-folded tokens of `text`, a value of this field, each once.
    pub fn tokens(&self, text: &str) -> Vec<String> {
        super::value::tokens(text, self.list_encoding())
    }

    /// How many records lack the field (or hold `null` in it), counted at load.
    pub fn missing_count(&self, records: usize) -> usize {
        records.saturating_sub(self.present_count()) + self.index.null_records
    }

    /// The value of this field in record `record`, if it has one.
    pub fn value_of(&self, record: u32) -> Option<DistinctValue<'_>> {
        self.values.get(self.value_id(record)? as usize)
    }

    /// The distinct value number of record `record`, if it has the field.
    pub fn value_id(&self, record: u32) -> Option<u32> {
        self.records.get(record)
    }

    /// Every (record, distinct value number) of the records that have the field, records
    /// ascending: what a scan over the field reads, costing the records present only.
    pub fn present(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.records.iter()
    }

    /// How many records have the field.
    pub fn present_count(&self) -> usize {
        self.records.present()
    }

    /// Whether the field keeps only the records that have it (few do), rather than a value
    /// number for every record.
    pub fn is_sparse(&self) -> bool {
        self.records.is_sparse()
    }

    /// Each distinct value's sort rank: numbers as numbers before text, text by bytes,
    /// `null` [`UNRANKED`](crate::dataset::UNRANKED). Ranked once, on the first sort by this field.
    pub fn sort_ranks(&self) -> &[u32] {
        self.ranks.get_or_init(|| match self.kind {
            Kind::Range => rank_spans(&self.values, |v| self.span_of(v)),
            _ => rank_values(&self.values),
        })
    }

    /// For a field read as ranges, how many records read as one and their currencies.
    pub fn ranges(&self) -> Option<&Ranges> {
        self.ranges.as_ref()
    }

    /// Reads the field's string values as ranges with `read` (pay, experience), in place of
    /// the plain numbers and ranges read at load; the field becomes [`Kind::Range`] when
    /// some record's value reads as one.
    pub(super) fn read_ranges(
        &mut self,
        read: impl Fn(&str) -> Option<Span>,
        currencies: Vec<(String, usize)>,
    ) {
        self.index.string_spans = self
            .values
            .iter()
            .map(|v| match v.json_type {
                JsonType::String => read(v.text),
                _ => None,
            })
            .collect();
        let records = self
            .records
            .iter()
            .filter(|&(_, value)| self.span_of(value).is_some())
            .count();
        if records > 0 && !self.is_list() && self.kind != Kind::Number {
            self.kind = Kind::Range;
            self.ranks = std::sync::OnceLock::new();
        }
        self.ranges = Some(Ranges {
            records,
            currencies,
            read_from: Vec::new(),
        });
    }

    /// Marks a field made at load from others (`@salary` from `min_salary` and
    /// `max_salary`): it answers queries but is no column of the records.
    pub(super) fn mark_read_from(&mut self, fields: Vec<String>) {
        if let Some(ranges) = &mut self.ranges {
            ranges.read_from = fields;
        }
    }

    /// Whether the field was made at load from others rather than read from the data.
    pub fn is_derived(&self) -> bool {
        self.ranges
            .as_ref()
            .is_some_and(|r| !r.read_from.is_empty())
    }

    /// The number or range distinct value number `value` stands for: a JSON number, a
    /// numeric string or an experience range, read once at load.
    pub fn span_of(&self, value: u32) -> Option<Span> {
        match self.values.get(value as usize)?.number {
            Some(n) => Some(Span::point(n)),
            None => self
                .index
                .string_spans
                .get(value as usize)
                .copied()
                .flatten(),
        }
    }

    /// The token numbers, those held by the most records first, ties in spelling order:
    /// the facet of every record. Sorted once, on first use.
    pub fn tokens_by_count(&self) -> &[u32] {
        self.by_count.get_or_init(|| {
            let mut order: Vec<u32> = (0..self.token_count() as u32).collect();
            order.sort_unstable_by(|&a, &b| {
                self.posting_of(b)
                    .len()
                    .cmp(&self.posting_of(a).len())
                    .then_with(|| self.token_display(a).cmp(self.token_display(b)))
            });
            order
        })
    }

    /// The sorted record numbers whose token equals `token` (already normalised).
    pub fn posting(&self, token: &str) -> &[u32] {
        self.token_id(token).map_or(&[], |id| self.posting_of(id))
    }

    /// The number of token `token` (already normalised), if any value holds it.
    pub fn token_id(&self, token: &str) -> Option<u32> {
        self.index.token_ids.find(token)
    }

    /// The number of distinct tokens.
    pub fn token_count(&self) -> usize {
        self.index.token_display.len()
    }

    /// The sorted record numbers holding token number `token`.
    pub fn posting_of(&self, token: u32) -> &[u32] {
        let t = token as usize;
        match (
            self.index.posting_starts.get(t),
            self.index.posting_starts.get(t + 1),
        ) {
            (Some(&start), Some(&end)) => &self.index.posting_records[start as usize..end as usize],
            _ => &[],
        }
    }

    /// The token numbers of distinct value number `value`.
    pub fn tokens_of(&self, value: u32) -> Tokens<'_> {
        self.index.tokens.of_value(value)
    }

    /// Adds one to `counts[token]` for every token of every record in `records` (each
    /// token once per record): the heart of a facet. `counts` has [`Self::token_count`]
    /// entries.
    pub fn count_tokens(&self, records: &[u32], counts: &mut [u32]) {
        self.index.tokens.count(&self.records, records, counts);
    }

    /// The most common spelling of token number `token` in the data.
    pub fn token_display(&self, token: u32) -> &str {
        self.index
            .token_display
            .get(token as usize)
            .and_then(|&(value, start, len)| {
                if value == DECODED {
                    return Some(self.index.decoded.get(start as usize));
                }
                let text = self.values.text(value as usize);
                text.get(start as usize..(start + len) as usize)
            })
            .unwrap_or("")
    }
}

/// A field's token index, built from its column by [`index_tokens`] and joined to it by
/// [`Field::new`]: built from a borrowed column, so that the records' JSON can be written
/// from the columns at the same time.
#[derive(Debug)]
pub(super) struct TokenIndex {
    /// Token text (trimmed, case-folded item or whole value) → token number.
    token_ids: Interner,
    posting_starts: Vec<u32>,
    posting_records: Vec<u32>,
    /// Each value's tokens, and a list field's records' (twice as fast for a facet at a
    /// million records as going from record to value to tokens).
    tokens: TokenLists,
    /// For each token, where its most common spelling is: (value, byte start, byte length),
    /// or, for an item that had to be decoded, ([`DECODED`], its number in `decoded`, 0).
    token_display: Vec<(u32, u32, u32)>,
    /// The spellings of items decoded from their value's text (JSON or Python escapes).
    decoded: super::strings::Strings,
    /// How the field's lists are written; none for a field of plain values.
    encoding: Option<ListEncoding>,
    /// How many records hold `null` in the field.
    null_records: usize,
    /// For each distinct string value, the number or range it reads as; empty when no
    /// string value of the field reads as one (numbers carry their own).
    string_spans: Vec<Option<Span>>,
}

impl Field {
    /// The field of `column` indexed by `index` (built from that column).
    pub(super) fn new(column: Column, index: TokenIndex) -> Field {
        let numbers_only = column
            .values
            .iter()
            .all(|v| matches!(v.json_type, JsonType::Number | JsonType::Null));
        Field {
            kind: kind_of(&column.values, index.encoding.is_some()),
            name: column.name,
            values: column.values,
            records: column.records,
            index,
            numbers_only,
            by_count: std::sync::OnceLock::new(),
            ranks: std::sync::OnceLock::new(),
            ranges: None,
        }
    }
}

/// Builds the token index of a column of a data set of `n` records, telling its lists
/// from its content and from what the user said (`options`).
pub(super) fn index_tokens(f: &Column, n: usize, options: &ReadOptions) -> TokenIndex {
    // How many records use each distinct value.
    let mut value_use = vec![0u32; f.values.len()];
    for (_, value) in f.records.iter() {
        value_use[value as usize] += 1;
    }
    let encoding = list_encoding(&f.name, &f.values, &value_use, options);
    let null_records = f
        .values
        .iter()
        .zip(&value_use)
        .filter(|(v, _)| v.is_null())
        .map(|(_, &uses)| uses as usize)
        .sum();
    let list = encoding.is_some();
    // A field of plain values has at most one token per value; a list, usually far fewer
    // tokens than values.
    let mut spellings = Spellings::new(list, f.values.len());
    let mut token_uses: Vec<u32> = Vec::new();
    let mut value_token_starts = Vec::with_capacity(f.values.len() + 1);
    let mut value_token_ids = Vec::new();
    value_token_starts.push(0u32);
    for (v, (value, &uses)) in f.values.iter().zip(&value_use).enumerate() {
        let start = value_token_ids.len();
        if !value.is_null() {
            for item in items(value.text, encoding.as_ref()) {
                let id = spellings.add(item, v as u32, uses);
                token_uses.resize(spellings.token_count(), 0);
                // A record counts once per token, however often its list repeats it.
                if !value_token_ids[start..].contains(&id) {
                    value_token_ids.push(id);
                    token_uses[id as usize] += uses;
                }
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
    for (record, value) in f.records.iter() {
        let (start, end) = (
            value_token_starts[value as usize] as usize,
            value_token_starts[value as usize + 1] as usize,
        );
        for &token in &value_token_ids[start..end] {
            let at = &mut cursor[token as usize];
            posting_records[*at as usize] = record;
            *at += 1;
        }
    }
    drop(cursor);
    let tokens = TokenLists::new(list, &value_token_starts, &value_token_ids, &f.records, n);
    drop((value_token_starts, value_token_ids));
    let (token_ids, token_display, decoded) = spellings.finish(&f.values);
    let string_spans = spans_of(&f.values);
    TokenIndex {
        token_ids,
        posting_starts,
        posting_records,
        tokens,
        token_display,
        decoded,
        encoding,
        null_records,
        string_spans,
    }
}

#[cfg(test)]
mod tests {
    use crate::dataset::Dataset;

    #[test]
    fn counting_tokens_per_record_agrees_with_each_records_value() {
        let d = Dataset::from_json(
            br#"[{"Key Skills": "Go| SQL|go", "Location": "Austin"},
                 {"Location": "Boston"},
                 {"Key Skills": "", "Location": null},
                 {"Key Skills": "SQL|Rust", "Id": 4},
                 {"Key Skills": "Go| SQL|go", "Location": "Austin"}]"#,
        )
        .unwrap();
        for field in d.fields() {
            let mut want = vec![0u32; field.token_count()];
            for record in 0..d.len() {
                if let Some(value) = field.value_id(record as u32) {
                    for token in field.tokens_of(value) {
                        want[token as usize] += 1;
                    }
                }
            }
            let mut got = vec![0u32; field.token_count()];
            let records: Vec<u32> = (0..d.len() as u32).collect();
            field.count_tokens(&records, &mut got);
            assert_eq!(got, want, "{}", field.name);
            // A record number past the end counts nothing.
            field.count_tokens(&[d.len() as u32], &mut got);
            assert_eq!(got, want, "{}", field.name);
        }
        let skills = &d.fields()[d.field_index("Key Skills").unwrap()];
        let mut counts = vec![0u32; skills.token_count()];
        skills.count_tokens(&[0], &mut counts);
        assert_eq!(counts.iter().sum::<u32>(), 2, "go counted once");
    }

    #[test]
    fn a_field_few_records_have_keeps_only_those_records() {
        let records: Vec<String> = (0..1000)
            .map(|i| match i % 100 {
                7 => format!(r#"{{"Id": {i}, "Rare": "r{i}", "Key Skills": "Go|SQL"}}"#),
                _ => format!(r#"{{"Id": {i}}}"#),
            })
            .collect();
        let d = Dataset::from_json(format!("[{}]", records.join(",")).as_bytes()).unwrap();
        let field = |name| &d.fields()[d.field_index(name).unwrap()];
        assert!(!field("Id").is_sparse());
        for name in ["Rare", "Key Skills"] {
            let f = field(name);
            assert!(f.is_sparse(), "{name}");
            assert_eq!(f.present_count(), 10);
            let records: Vec<u32> = f.present().map(|(r, _)| r).collect();
            assert_eq!(records, (0..10).map(|k| k * 100 + 7).collect::<Vec<u32>>());
            assert_eq!(f.value_id(6), None);
            let want = if name == "Rare" { "r107" } else { "Go|SQL" };
            assert_eq!(f.value_of(107).map(|v| v.text), Some(want));
        }
        assert_eq!(
            field("Key Skills").posting("sql"),
            [7, 107, 207, 307, 407, 507, 607, 707, 807, 907]
        );
        let mut counts = vec![0u32; field("Key Skills").token_count()];
        field("Key Skills").count_tokens(&[6, 7, 8, 907], &mut counts);
        assert_eq!(counts, [2, 2]);
    }

    #[test]
    fn more_tokens_than_two_bytes_hold_are_counted_too() {
        let n = 70_000u32;
        let records: Vec<String> = (0..n)
            .map(|i| format!(r#"{{"Key Skills": "s{i}|common"}}"#))
            .collect();
        let d = Dataset::from_json(format!("[{}]", records.join(",")).as_bytes()).unwrap();
        let skills = &d.fields()[d.field_index("Key Skills").unwrap()];
        assert!(skills.token_count() > usize::from(u16::MAX));
        let mut counts = vec![0u32; skills.token_count()];
        skills.count_tokens(&[0, 69_999], &mut counts);
        let common = skills.token_id("common").unwrap() as usize;
        let last = skills.token_id("s69999").unwrap() as usize;
        assert_eq!((counts[common], counts[last]), (2, 1));
        assert_eq!(counts.iter().sum::<u32>(), 4);
    }
}
