//! `_search`: every term (a word, or a "quoted phrase") must appear, case-insensitively,
//! inside some field of the record. Each term is looked up once per token and marks the
//! postings of the tokens holding it in a bitset.

use regex::Regex;

use super::deadline::Budget;
use super::error::QueryError;
use super::pattern::literal;
use crate::dataset::{Dataset, DistinctValue, JsonType};

/// One `_search` term: its pattern, whether it could match a number's text at all, and
/// the term itself (a list field looks at whole values for a term that may run across
/// its items).
#[derive(Debug)]
pub(super) struct SearchTerm {
    pattern: Regex,
    numeric: bool,
    term: String,
}

impl SearchTerm {
    pub(super) fn new(term: &str) -> Result<SearchTerm, QueryError> {
        Ok(SearchTerm {
            pattern: literal(term, true)
                .map_err(|reason| QueryError::pattern_too_large("_search", reason))?,
            numeric: term
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E')),
            term: term.to_owned(),
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
    let mut all: Option<Vec<u64>> = None;
    for term in terms {
        let mut bits = vec![0u64; words];
        let mut mark = |record: usize| bits[record / 64] |= 1 << (record % 64);
        for field in dataset.fields() {
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
            // enough to look at each token once and mark its posting list.
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
        all = Some(match all {
            None => bits,
            Some(mut all) => {
                all.iter_mut().zip(&bits).for_each(|(a, b)| *a &= b);
                all
            }
        });
    }
    let Some(bits) = all else {
        return Ok((0..dataset.len() as u32).collect());
    };
    let mut records = Vec::new();
    for (word, &set) in bits.iter().enumerate() {
        let mut set = set;
        while set != 0 {
            records.push((word * 64) as u32 + set.trailing_zeros());
            set &= set - 1;
        }
    }
    Ok(records)
}
