//! Which value each record holds in one field. A field most records have keeps a value
//! number per record; a field few records have keeps only the sorted numbers of the records
//! that have it, each with its value. So memory grows with the values present (at most 16
//! bytes a value), never with fields × records: 24,000 fields over 2,000 records take 0.4 MB
//! here, not 190 MB.

use super::MISSING;

/// A field is kept dense (a value number per record) while at least one record in
/// `DENSE_SHARE` has it: then a value costs at most 4 × `DENSE_SHARE` bytes, against 8 sparse.
const DENSE_SHARE: usize = 4;

/// The value number each record holds in one field.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum RecordValues {
    /// Record `r`'s value is `ids[r]`, or [`MISSING`]; records past the end have none.
    Dense {
        /// One value number per record.
        ids: Vec<u32>,
        /// How many of them are not [`MISSING`].
        present: usize,
    },
    /// Record `records[i]` holds value `values[i]`; the records ascend, and no other record
    /// has the field.
    Sparse {
        /// The records that have the field, ascending.
        records: Vec<u32>,
        /// Their values, in the same order.
        values: Vec<u32>,
    },
}

impl Default for RecordValues {
    fn default() -> Self {
        RecordValues::Sparse {
            records: Vec::new(),
            values: Vec::new(),
        }
    }
}

impl RecordValues {
    /// Records that `record`, a later record than any given before, holds `value`. Keeps
    /// the cheaper form for the records read so far: dense once more than half of them have
    /// the field, sparse again once fewer than one in [`DENSE_SHARE`] do (so a form is not
    /// changed back and forth, and each change costs no more than the growth before it).
    pub(super) fn push(&mut self, record: u32, value: u32) {
        let seen = record as usize + 1;
        match self {
            RecordValues::Dense { ids, present } => {
                ids.resize(record as usize, MISSING);
                ids.push(value);
                *present += 1;
                if *present * DENSE_SHARE < seen {
                    *self = self.to_sparse();
                }
            }
            RecordValues::Sparse { records, values } => {
                records.push(record);
                values.push(value);
                if records.len() * 2 > seen {
                    *self = self.to_dense(seen);
                }
            }
        }
    }

    /// The final form for a data set of `n` records: dense when at least one record in
    /// [`DENSE_SHARE`] has the field, sparse otherwise; no spare capacity either way.
    pub(super) fn finish(self, n: usize) -> RecordValues {
        let dense = n > 0 && self.present() * DENSE_SHARE >= n;
        let mut done = match self {
            RecordValues::Dense { mut ids, present } if dense => {
                ids.resize(n, MISSING);
                RecordValues::Dense { ids, present }
            }
            RecordValues::Dense { .. } => self.to_sparse(),
            RecordValues::Sparse { .. } if dense => self.to_dense(n),
            sparse => sparse,
        };
        done.shrink_to_fit();
        done
    }

    fn shrink_to_fit(&mut self) {
        match self {
            RecordValues::Dense { ids, .. } => ids.shrink_to_fit(),
            RecordValues::Sparse { records, values } => {
                records.shrink_to_fit();
                values.shrink_to_fit();
            }
        }
    }

    /// How many records have the field.
    pub(super) fn present(&self) -> usize {
        match self {
            RecordValues::Dense { present, .. } => *present,
            RecordValues::Sparse { records, .. } => records.len(),
        }
    }

    /// Whether only the records that have the field are kept.
    pub(super) fn is_sparse(&self) -> bool {
        matches!(self, RecordValues::Sparse { .. })
    }

    /// The value number of record `record`, if it has the field.
    pub(super) fn get(&self, record: u32) -> Option<u32> {
        match self {
            RecordValues::Dense { ids, .. } => {
                ids.get(record as usize).copied().filter(|&v| v != MISSING)
            }
            RecordValues::Sparse { records, values } => records
                .binary_search(&record)
                .ok()
                .and_then(|i| values.get(i).copied()),
        }
    }

    /// The value number of record `record`, for records asked in ascending order: `cursor`
    /// (0 before the first ask) keeps where the last one was, so that a sparse field is read
    /// straight through rather than searched.
    pub(super) fn get_ascending(&self, record: u32, cursor: &mut usize) -> Option<u32> {
        match self {
            RecordValues::Dense { .. } => self.get(record),
            RecordValues::Sparse { records, values } => {
                while records.get(*cursor).is_some_and(|&r| r < record) {
                    *cursor += 1;
                }
                match records.get(*cursor) {
                    Some(&r) if r == record => values.get(*cursor).copied(),
                    _ => None,
                }
            }
        }
    }

    /// Every (record, value number) of the records that have the field, records ascending.
    pub(super) fn iter(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        let (dense, sparse) = match self {
            RecordValues::Dense { ids, .. } => (ids.as_slice(), None),
            RecordValues::Sparse { records, values } => (&[][..], Some((records, values))),
        };
        let dense = dense
            .iter()
            .enumerate()
            .filter(|(_, v)| **v != MISSING)
            .map(|(r, &v)| (r as u32, v));
        let sparse = sparse
            .into_iter()
            .flat_map(|(records, values)| records.iter().copied().zip(values.iter().copied()));
        dense.chain(sparse)
    }

    /// The sparse form of the same records.
    fn to_sparse(&self) -> RecordValues {
        let (records, values) = self.iter().unzip();
        RecordValues::Sparse { records, values }
    }

    /// The dense form of the same records, `len` long.
    fn to_dense(&self, len: usize) -> RecordValues {
        let mut ids = vec![MISSING; len];
        for (record, value) in self.iter() {
            if let Some(id) = ids.get_mut(record as usize) {
                *id = value;
            }
        }
        RecordValues::Dense {
            ids,
            present: self.present(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds the values of `n` records where record `r` holds `value(r)`, and checks every
    /// accessor against that plain model.
    fn check(n: u32, value: impl Fn(u32) -> Option<u32>) -> RecordValues {
        let mut built = RecordValues::default();
        for r in 0..n {
            if let Some(v) = value(r) {
                built.push(r, v);
            }
        }
        let done = built.finish(n as usize);
        let want: Vec<(u32, u32)> = (0..n).filter_map(|r| Some((r, value(r)?))).collect();
        assert_eq!(done.iter().collect::<Vec<_>>(), want);
        assert_eq!(done.present(), want.len());
        let mut cursor = 0;
        for r in 0..n + 3 {
            let expected = if r < n { value(r) } else { None };
            assert_eq!(done.get(r), expected, "record {r}");
            assert_eq!(done.get_ascending(r, &mut cursor), expected, "record {r}");
        }
        done
    }

    #[test]
    fn a_rare_field_is_sparse_and_a_common_one_dense() {
        // One record in a thousand: sparse, 8 bytes a value present.
        let rare = check(10_000, |r| (r % 1000 == 7).then_some(r / 1000));
        assert!(rare.is_sparse());
        // Every record, or one in three: dense.
        assert!(!check(10_000, Some).is_sparse());
        assert!(!check(10_000, |r| (r % 3 == 0).then_some(1)).is_sparse());
        // The first record alone has it: dense while read, sparse once done.
        assert!(check(10_000, |r| (r == 0).then_some(5)).is_sparse());
        // Only the last ones: sparse while read, dense once done.
        assert!(!check(1000, |r| (r >= 600).then_some(r)).is_sparse());
        assert!(check(0, |_| None).is_sparse());
    }

    #[test]
    fn a_field_that_comes_and_goes_keeps_every_value() {
        // Dense at the start, rare in the middle, common again at the end: the form changes
        // while the records are read, and nothing is lost or moved.
        let done = check(20_000, |r| match r {
            0..1000 => Some(r % 7),
            1000..15_000 => (r % 500 == 0).then_some(r),
            _ => Some(3),
        });
        assert!(!done.is_sparse());
    }

    #[test]
    fn memory_grows_with_the_values_present() {
        // 24,000 fields over 2,000 records, each record holding 24 of them: every field is
        // kept sparse, and all of them hold 8 bytes a value present.
        let (fields, records, per_record) = (24_000u32, 2_000u32, 24u32);
        let mut columns = vec![RecordValues::default(); fields as usize];
        for r in 0..records {
            for k in 0..per_record {
                let field = (r * 7919 + k * 1009) % fields;
                columns[field as usize].push(r, k);
            }
        }
        let mut bytes = 0;
        for column in columns {
            let done = column.finish(records as usize);
            assert!(done.is_sparse());
            bytes += match &done {
                RecordValues::Dense { ids, .. } => ids.capacity() * 4,
                RecordValues::Sparse { records, values } => {
                    (records.capacity() + values.capacity()) * 4
                }
            };
        }
        assert_eq!(bytes, (records * per_record * 8) as usize);
    }
}
