//! `_search`: every term (a word, or a "quoted phrase") must appear, case-insensitively,
//! inside some field of the record. Each term is looked up among each field's words (the
//! word index, `dataset/words.rs`): the tokens whose words hold every piece of the term are
//! the only ones it can be in, and are confirmed with the term's pattern unless the term is
//! one whole word. The postings of the tokens holding it are marked in a bitset.

use regex::Regex;

use super::deadline::Budget;
use super::error::QueryError;
use super::pattern::literal;
use crate::dataset::{Dataset, DistinctValue, JsonType, pieces};

/// One `_search` term: its pattern, whether it could match a number's text at all, and
/// the term itself (a list field looks at whole values for a term that may run across
/// its items).
#[derive(Debug)]
pub(super) struct SearchTerm {
    pattern: Regex,
    numeric: bool,
    term: String,
    /// Its words, folded as the word index folds (see [`pieces`]); none for a term of
    /// punctuation only, which is looked for in every token.
    pieces: Vec<String>,
    /// Whether the term is exactly one word: a token whose words hold it holds the term,
    /// with nothing to confirm.
    one_word: bool,
}

impl SearchTerm {
    pub(super) fn new(term: &str) -> Result<SearchTerm, QueryError> {
        let pieces = pieces(term);
        Ok(SearchTerm {
            pattern: literal(term, true)
                .map_err(|reason| QueryError::pattern_too_large("_search", reason))?,
            numeric: term
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E')),
            term: term.to_owned(),
            one_word: pieces.len() == 1 && pieces[0] == crate::dataset::fold_case(term),
            pieces,
        })
    }

    /// Whether the term appears in `value` (a number's text only when it could).
    pub(super) fn found_in(&self, value: DistinctValue<'_>) -> bool {
        match value.json_type {
            JsonType::Null => false,
            JsonType::Number if !self.numeric => false,
            _ => self.pattern.is_match(value.text),
        }
    }
}

/// The records in which every term appears in some field. Each term marks its records in
/// a bitset; the bitsets are ANDed, and the records read off once. `budget` is looked at
/// before each term and each field, and every few thousand values or tokens.
pub(super) fn search<B: Budget>(
    dataset: &Dataset,
    terms: &[SearchTerm],
    budget: &B,
) -> Result<Vec<u32>, B::Exceeded> {
    let words = dataset.len().div_ceil(64);
    let index = dataset.words();
    let mut all: Option<Vec<u64>> = None;
    for term in terms {
        let mut bits = vec![0u64; words];
        let mut mark = |record: usize| bits[record / 64] |= 1 << (record % 64);
        for (field, field_words) in dataset.fields().iter().zip(index) {
            budget.check()?;
            if field.numbers_only && !term.numeric {
                continue;
            }
            let crosses_items = field
                .list_encoding()
                .is_some_and(|encoding| encoding.may_cross_items(&term.term));
            if crosses_items {
                // The term may run across items: look at whole values.
                let mut hits = Vec::with_capacity(field.values.len());
                for (n, value) in field.values.iter().enumerate() {
                    budget.check_at(n)?;
                    hits.push(term.found_in(value));
                }
                if hits.contains(&true) {
                    for (record, value) in field.present() {
                        if hits.get(value as usize).copied().unwrap_or(false) {
                            mark(record as usize);
                        }
                    }
                }
                continue;
            }
            // Otherwise the term lies within one item (or the whole trimmed value), so it is
            // enough to look at each token that may hold it once and mark its posting list.
            if !term.pieces.is_empty() {
                // Whole words and parts alike: any token holding every piece.
                let held = field_words.occurrences(&term.pieces, field.token_count(), 1.0);
                let candidates = held.iter().enumerate().filter(|(_, tf)| **tf > 0.0);
                for (n, (token, _)) in candidates.enumerate() {
                    let token = token as u32;
                    budget.check_at(n)?;
                    if term.one_word || term.pattern.is_match(field.token_display(token)) {
                        field
                            .posting_of(token)
                            .iter()
                            .for_each(|&r| mark(r as usize));
                    }
                }
                continue;
            }
            for token in 0..field.token_count() as u32 {
                budget.check_at(token as usize)?;
                if term.pattern.is_match(field.token_display(token)) {
                    field
                        .posting_of(token)
                        .iter()
                        .for_each(|&r| mark(r as usize));
                }
            }
        }
        all = Some(and_into(all, bits));
    }
    let Some(bits) = all else {
        return Ok((0..dataset.len() as u32).collect());
    };
    Ok(ones(&bits))
}

/// `bits` ANDed into `all`, or `bits` when it is the first set.
fn and_into(all: Option<Vec<u64>>, bits: Vec<u64>) -> Vec<u64> {
    match all {
        None => bits,
        Some(mut all) => {
            all.iter_mut().zip(&bits).for_each(|(a, b)| *a &= b);
            all
        }
    }
}

/// The numbers of the bits set in `bits`, ascending.
fn ones(bits: &[u64]) -> Vec<u32> {
    let mut found = Vec::new();
    for (word, &set) in bits.iter().enumerate() {
        let mut set = set;
        while set != 0 {
            found.push((word * 64) as u32 + set.trailing_zeros());
            set &= set - 1;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use crate::dataset::Dataset;
    use crate::filter::{Filter, Query, SelectionCache};

    /// Words and marks that word boundaries and case folding treat in their own ways.
    const BITS: [&str; 28] = [
        "data", "Data", "DATA", "base", "node", ".", "js", "C", "+", "#", " ", ", ", "-", "'", "_",
        "3", "5", "é", "É", "ß", "ſ", "Σ", "ς", "数据", "ι", "\u{345}", "🇺", "\u{301}",
    ];

    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(0..BITS.len(), 0..6)
            .prop_map(|bits| bits.into_iter().map(|b| BITS[b]).collect())
    }

    fn found(json: &str, term: &str) -> usize {
        let d = Dataset::from_json(json.as_bytes()).unwrap();
        let query = Query::parse([("_search", term)], &d).unwrap();
        let cache = SelectionCache::default();
        Filter::compile(&query, &d, &cache)
            .unwrap()
            .count(&d, &cache)
    }

    #[test]
    fn a_term_is_found_however_folding_moves_its_word_boundaries() {
        // ι and U+0345 fold alike, and U+0345 starts a word of its own: values and terms
        // are both folded before they are split, so they split alike.
        assert_eq!(found(r#"[{"T": "\u0345a"}, {"T": " \u0345a"}]"#, "ιa"), 2);
        assert_eq!(found(r#"[{"T": "xΙa"}]"#, "ιa"), 1);
        // A flag's letters pair from the start of the text: such a term reads every value.
        assert_eq!(found(r#"[{"T": "🇺🇸🇺a"}]"#, "🇺a"), 1);
    }

    proptest! {
        #[test]
        fn the_word_index_finds_what_a_scan_of_every_value_finds(
            rows in proptest::collection::vec((text(), text(), text()), 0..30),
            term in text(),
            second in proptest::option::of(text()),
        ) {
            let records: Vec<serde_json::Value> = rows
                .iter()
                .map(|(a, b, l)| serde_json::json!({ "A": a, "B": b, "L": format!("{l}| {a}| x") }))
                .collect();
            let json = serde_json::Value::Array(records).to_string();
            let d = Dataset::from_json(json.as_bytes()).unwrap();
            let mut asked = format!("\"{}\"", term.replace('"', ""));
            if let Some(second) = second {
                asked.push(' ');
                asked.push_str(&second.replace('"', ""));
            }
            let query = Query::parse([("_search", asked.as_str())], &d).unwrap();
            let cache = SelectionCache::default();
            let filter = Filter::compile(&query, &d, &cache).unwrap();
            let indexed = filter.select(&d, &cache);
            let scanned: Vec<u32> = (0..d.len() as u32).filter(|&r| filter.matches(&d, r)).collect();
            prop_assert_eq!(indexed, scanned, "_search={}", asked);
        }
    }
}
