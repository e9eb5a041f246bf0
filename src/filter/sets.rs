//! Sets of record numbers: sorted, without repeats. A [`Selection`] borrows a posting list,
//! shares a cached list, owns a computed one, or stands for every record without listing
//! them, so that the common cases copy nothing.

use std::sync::Arc;

/// The records a filter selected.
#[derive(Debug, Clone)]
pub enum Selection<'d> {
    /// Every record of the data set.
    Everything,
    /// A posting list of the index.
    Borrowed(&'d [u32]),
    /// A selection kept in the cache.
    Shared(Arc<[u32]>),
    /// A selection computed for this query.
    Owned(Vec<u32>),
}

impl Selection<'_> {
    /// The record numbers, unless the selection is every record.
    fn listed(&self) -> Option<&[u32]> {
        match self {
            Selection::Everything => None,
            Selection::Borrowed(records) => Some(records),
            Selection::Shared(records) => Some(records),
            Selection::Owned(records) => Some(records),
        }
    }

    /// How many records there are, of `total`.
    pub fn len(&self, total: usize) -> usize {
        self.listed().map_or(total, <[u32]>::len)
    }

    /// Whether no record is selected (every record counts as some, even of none).
    pub fn is_empty(&self) -> bool {
        self.listed().is_some_and(<[u32]>::is_empty)
    }

    /// The record numbers, ascending, of `total` records.
    pub fn into_vec(self, total: usize) -> Vec<u32> {
        match self {
            Selection::Everything => (0..total as u32).collect(),
            Selection::Owned(records) => records,
            other => other.listed().map(<[u32]>::to_vec).unwrap_or_default(),
        }
    }
}

/// The records in both.
pub fn intersect<'d>(a: Selection<'d>, b: &Selection<'d>) -> Selection<'d> {
    match (a.listed(), b.listed()) {
        (None, _) => b.clone(),
        (_, None) => a,
        (Some(x), Some(y)) => Selection::Owned(intersect_sorted(x, y)),
    }
}

/// The records in either.
pub fn union<'d>(a: Selection<'d>, b: &Selection<'d>) -> Selection<'d> {
    match (a.listed(), b.listed()) {
        (None, _) | (_, None) => Selection::Everything,
        (Some([]), Some(_)) => b.clone(),
        (Some(_), Some([])) => a,
        (Some(x), Some(y)) => Selection::Owned(union_sorted(x, y)),
    }
}

/// The records of `a` that are not in `b`, of `total` records.
pub fn difference<'d>(a: Selection<'d>, b: &Selection<'d>, total: usize) -> Selection<'d> {
    match (a.listed(), b.listed()) {
        (_, None) => Selection::Owned(Vec::new()),
        (_, Some([])) => a,
        (None, Some(y)) => Selection::Owned(complement(y, total)),
        (Some(x), Some(y)) => Selection::Owned(difference_sorted(x, y)),
    }
}

/// The records in both sorted lists: each of the shorter list's numbers is looked up in
/// the rest of the longer one, so a short list against a long one costs little.
fn intersect_sorted(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let mut out = Vec::with_capacity(small.len());
    let mut rest = large;
    for &x in small {
        match rest.binary_search(&x) {
            Ok(i) => {
                out.push(x);
                rest = &rest[i + 1..];
            }
            Err(i) => rest = &rest[i..],
        }
    }
    out
}

/// The records in either sorted list.
fn union_sorted(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while let (Some(&x), Some(&y)) = (a.get(i), b.get(j)) {
        out.push(x.min(y));
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// The records of sorted `a` not in sorted `b`.
fn difference_sorted(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len());
    let mut rest = b;
    for &x in a {
        match rest.binary_search(&x) {
            Ok(i) => rest = &rest[i + 1..],
            Err(i) => {
                out.push(x);
                rest = &rest[i..];
            }
        }
    }
    out
}

/// The records of `0..total` not in sorted `b`.
fn complement(b: &[u32], total: usize) -> Vec<u32> {
    let mut out = Vec::with_capacity(total.saturating_sub(b.len()));
    let mut next = 0u32;
    for &x in b {
        out.extend(next..x);
        next = x + 1;
    }
    out.extend(next..total as u32);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(v: &[u32]) -> Selection<'static> {
        Selection::Owned(v.to_vec())
    }

    #[test]
    fn set_operations_on_sorted_lists() {
        assert_eq!(intersect_sorted(&[1, 3, 5, 7], &[3, 4, 5, 8]), [3, 5]);
        assert_eq!(intersect_sorted(&[], &[1]), [] as [u32; 0]);
        assert_eq!(union_sorted(&[1, 3, 5], &[2, 3, 9]), [1, 2, 3, 5, 9]);
        assert_eq!(difference_sorted(&[1, 3, 5, 7], &[3, 4, 7]), [1, 5]);
        assert_eq!(complement(&[0, 2, 3], 6), [1, 4, 5]);
        assert_eq!(complement(&[], 2), [0, 1]);
    }

    #[test]
    fn everything_is_the_identity_it_should_be() {
        let e = || Selection::Everything;
        assert_eq!(intersect(e(), &owned(&[2])).into_vec(5), [2]);
        assert_eq!(intersect(owned(&[2]), &e()).into_vec(5), [2]);
        assert!(matches!(union(owned(&[2]), &e()), Selection::Everything));
        assert_eq!(difference(e(), &owned(&[1, 3]), 5).into_vec(5), [0, 2, 4]);
        assert!(difference(owned(&[1]), &e(), 5).is_empty());
        assert_eq!(e().len(7), 7);
        assert!(!e().is_empty());
        assert!(owned(&[]).is_empty());
    }
}
