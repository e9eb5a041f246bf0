//! Which tokens each value and each record of a field hold. A field of plain values has at
//! most one token a value. A list field keeps each record's tokens in record order (two
//! bytes a token while it has at most 65,535 distinct ones), so that a facet over a
//! selection reads memory in the order it goes; a value's tokens are then those of a record
//! that holds it, rather than a second copy (18 MB at a million records of Key Skills).

use super::records::RecordValues;

/// Marks a value without a token (null, or only spaces).
const NONE: u32 = u32::MAX;

/// The tokens of a field's values, and of its records for a list field.
#[derive(Debug)]
pub(super) enum TokenLists {
    /// Each value's token, or [`NONE`].
    PerValue(Vec<u32>),
    /// Record `r`'s tokens are `ids[starts[r]..starts[r + 1]]`; value `v`'s are those of
    /// record `holder[v]`.
    Narrow {
        starts: Vec<u32>,
        ids: Vec<u16>,
        holder: Vec<u32>,
    },
    /// As `Narrow`, for more than 65,535 distinct tokens.
    Wide {
        starts: Vec<u32>,
        ids: Vec<u32>,
        holder: Vec<u32>,
    },
}

impl TokenLists {
    /// The lists of a field of a data set of `n` records, whose value `v` holds the tokens
    /// `value_ids[value_starts[v]..value_starts[v + 1]]`, and whose records hold the values
    /// `records`.
    pub(super) fn new(
        list: bool,
        value_starts: &[u32],
        value_ids: &[u32],
        records: &RecordValues,
        n: usize,
    ) -> TokenLists {
        let tokens_of = |value: u32| {
            let v = value as usize;
            &value_ids[value_starts[v] as usize..value_starts[v + 1] as usize]
        };
        let values = value_starts.len().saturating_sub(1);
        if !list {
            return TokenLists::PerValue(
                (0..values as u32)
                    .map(|v| tokens_of(v).first().copied().unwrap_or(NONE))
                    .collect(),
            );
        }
        let mut starts = Vec::with_capacity(n + 1);
        let mut ids: Vec<u32> = Vec::new();
        let mut holder = vec![NONE; values];
        starts.push(0);
        for (record, value) in records.iter() {
            // Records before this one without the field hold no tokens.
            starts.resize(record as usize + 1, ids.len() as u32);
            ids.extend_from_slice(tokens_of(value));
            let first = &mut holder[value as usize];
            if *first == NONE {
                *first = record;
            }
            starts.push(ids.len() as u32);
        }
        starts.resize(n + 1, ids.len() as u32);
        match ids
            .iter()
            .map(|&id| u16::try_from(id))
            .collect::<Result<Vec<u16>, _>>()
        {
            Ok(ids) => TokenLists::Narrow {
                starts,
                ids,
                holder,
            },
            Err(_) => TokenLists::Wide {
                starts,
                ids,
                holder,
            },
        }
    }

    /// The tokens of value number `value`.
    pub(super) fn of_value(&self, value: u32) -> Tokens<'_> {
        match self {
            TokenLists::PerValue(tokens) => {
                Tokens::One(tokens.get(value as usize).copied().filter(|&t| t != NONE))
            }
            TokenLists::Narrow { holder, .. } | TokenLists::Wide { holder, .. } => holder
                .get(value as usize)
                .map_or(Tokens::One(None), |&record| self.of_record(record)),
        }
    }

    /// The tokens of record number `record` in a list field (none in a field of plain
    /// values, which reads them from the record's value).
    fn of_record(&self, record: u32) -> Tokens<'_> {
        let r = record as usize;
        match self {
            TokenLists::PerValue(_) => Tokens::One(None),
            TokenLists::Narrow { starts, ids, .. } => Tokens::Narrow(ids[range(starts, r)].iter()),
            TokenLists::Wide { starts, ids, .. } => Tokens::Wide(ids[range(starts, r)].iter()),
        }
    }

    /// Adds one to `counts[token]` for every token of every record in `records`, whose
    /// values are `values`.
    pub(super) fn count(&self, values: &RecordValues, records: &[u32], counts: &mut [u32]) {
        fn add<T: Copy + Into<u32>>(
            starts: &[u32],
            ids: &[T],
            records: &[u32],
            counts: &mut [u32],
        ) {
            for &record in records {
                let r = record as usize;
                if let (Some(&start), Some(&end)) = (starts.get(r), starts.get(r + 1)) {
                    for &token in &ids[start as usize..end as usize] {
                        counts[token.into() as usize] += 1;
                    }
                }
            }
        }
        match self {
            TokenLists::Narrow { starts, ids, .. } => add(starts, ids, records, counts),
            TokenLists::Wide { starts, ids, .. } => add(starts, ids, records, counts),
            TokenLists::PerValue(tokens) => {
                // The records ascend: a sparse field is read straight through, not searched.
                let mut cursor = 0;
                for &record in records {
                    let token = values
                        .get_ascending(record, &mut cursor)
                        .and_then(|v| tokens.get(v as usize));
                    match token {
                        Some(&token) if token != NONE => counts[token as usize] += 1,
                        _ => {}
                    }
                }
            }
        }
    }
}

/// `starts[r]..starts[r + 1]`, or an empty range past the end.
fn range(starts: &[u32], r: usize) -> std::ops::Range<usize> {
    match (starts.get(r), starts.get(r + 1)) {
        (Some(&start), Some(&end)) => start as usize..end as usize,
        _ => 0..0,
    }
}

/// The tokens of one value, in the order its items first name them.
#[derive(Debug, Clone)]
pub enum Tokens<'a> {
    /// At most one, for a field of plain values.
    One(Option<u32>),
    /// A list field's, two bytes each.
    Narrow(std::slice::Iter<'a, u16>),
    /// A list field's, four bytes each.
    Wide(std::slice::Iter<'a, u32>),
}

impl Iterator for Tokens<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        match self {
            Tokens::One(token) => token.take(),
            Tokens::Narrow(ids) => ids.next().map(|&id| u32::from(id)),
            Tokens::Wide(ids) => ids.next().copied(),
        }
    }
}
