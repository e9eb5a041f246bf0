//! Reading the page's query leniently: whatever the URL says, the page is shown. Pairs that
//! the query contract refuses are set aside, each with its message, and the rest is used;
//! when the pairs only fail together, none is used and the message says why.

use super::url::Pairs;
use crate::dataset::Dataset;
use crate::filter::{Deadline, Filter, Query, QueryError};
use crate::serve::error::ApiError;
use crate::serve::state::Snapshot;

/// Options the page does not take, with what to do instead.
const NOT_ON_THE_PAGE: [(&str, &str); 1] = [(
    "_format",
    "the explorer shows HTML; use the download links below for CSV, JSON, NDJSON or xlsx",
)];

/// Something wrong with the URL, shown beside the search box.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What was wrong and what to do.
    pub message: String,
    /// The pair it is about (an index into [`Reading::pairs`]), when one is to blame.
    pub pair: Option<usize>,
}

/// The page's query as read: what the URL held, what is used, and what was wrong.
#[derive(Debug)]
pub struct Reading {
    /// Every pair of the URL, in order, refused ones included.
    pub pairs: Pairs,
    /// The pairs that are used: all of them, or those left when refused ones are set aside.
    pub used: Pairs,
    /// The query made of the pairs that are used.
    pub query: Query,
    /// That query, compiled; `None` when nothing is used (every record matches).
    filter: Option<Filter>,
    /// What was wrong, if anything.
    pub problems: Vec<Problem>,
}

impl Reading {
    /// The matching records, in data order.
    pub fn select(&self, snapshot: &Snapshot) -> Vec<u32> {
        match &self.filter {
            Some(filter) => filter.select(&snapshot.dataset, &snapshot.cache),
            None => (0..snapshot.dataset.len() as u32).collect(),
        }
    }

    /// Whether pair number `index` was refused.
    pub fn refused(&self, index: usize) -> bool {
        self.problems.iter().any(|p| p.pair == Some(index))
    }
}

/// Reads a page's decoded query against `snapshot`, evaluating it by `deadline` (a query
/// that runs out of time is shown as a problem); never fails. The pairs to blame are found
/// by parsing (and, for a pattern that does not compile, compiling) each alone, never by
/// scanning: only the query that is used is evaluated, once.
pub fn read(
    decoded: Result<&[(String, String)], ApiError>,
    snapshot: &Snapshot,
    deadline: &Deadline,
) -> Reading {
    let mut problems = Vec::new();
    let pairs = match decoded {
        Ok(pairs) => Pairs::new(pairs.to_vec()),
        Err(e) => {
            problems.push(Problem {
                message: e.to_string(),
                pair: None,
            });
            Pairs::default()
        }
    };
    let dataset = &snapshot.dataset;
    let blame = |check: &dyn Fn(&Pairs) -> Result<Query, String>| -> Vec<(usize, String)> {
        pairs
            .iter()
            .enumerate()
            .filter_map(|(i, (name, value))| {
                let alone = Pairs::new(vec![(name.to_owned(), value.to_owned())]);
                check(&alone).err().map(|message| (i, message))
            })
            .collect()
    };
    let prepare = |query: Query| {
        Filter::prepare(&query, dataset, &snapshot.cache, deadline).map(|filter| (query, filter))
    };
    let compiles = |alone: &Pairs| {
        let query = parse(alone, dataset)?;
        Filter::compile(&query, dataset, &snapshot.cache).map_err(|e| e.to_string())?;
        Ok(query)
    };
    // The whole query first; if it fails, the pairs to blame, then what is left, once.
    let (refused, evaluated) = match parse(&pairs, dataset) {
        Ok(query) => match prepare(query) {
            Ok(done) => (Vec::new(), Ok(done)),
            Err(e @ QueryError::TooSlow { .. }) => (Vec::new(), Err(e.to_string())),
            Err(e) => (blame(&compiles), Err(e.to_string())),
        },
        Err(message) => (blame(&|alone| parse(alone, dataset)), Err(message)),
    };
    let kept = Pairs::new(
        pairs
            .iter()
            .enumerate()
            .filter(|(i, _)| !refused.iter().any(|(r, _)| r == i))
            .map(|(_, (n, v))| (n.to_owned(), v.to_owned()))
            .collect(),
    );
    let evaluated = match evaluated {
        Err(_) if !refused.is_empty() => {
            parse(&kept, dataset).and_then(|query| prepare(query).map_err(|e| e.to_string()))
        }
        other => other,
    };
    let (used, query, filter) = match evaluated {
        Ok((query, filter)) => {
            problems.extend(refused.into_iter().map(|(i, message)| Problem {
                message,
                pair: Some(i),
            }));
            (kept, query, Some(filter))
        }
        Err(message) => {
            problems.push(Problem {
                message: format!("{message}; showing every posting until it is fixed"),
                pair: None,
            });
            (Pairs::default(), Query::default(), None)
        }
    };
    Reading {
        pairs,
        used,
        query,
        filter,
        problems,
    }
}

/// Parses `pairs` as the page takes them.
fn parse(pairs: &Pairs, dataset: &Dataset) -> Result<Query, String> {
    if let Some((name, what)) = NOT_ON_THE_PAGE
        .iter()
        .find(|(name, _)| pairs.get(name).is_some())
    {
        return Err(format!("{name} does not apply here: {what}"));
    }
    Query::parse(pairs.iter(), dataset).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::{MAX_QUERY_BYTES, SelectionCache};
    use crate::serve::decode_query;

    fn snapshot() -> Snapshot {
        Snapshot {
            dataset: Dataset::from_json(
                br#"[{"Id": 1, "Location": "Seattle", "Key Skills": "Go| SQL"},
                     {"Id": 2, "Location": "Austin", "Key Skills": "Python"}]"#,
            )
            .unwrap(),
            cache: SelectionCache::default(),
            precompressed: Default::default(),
        }
    }

    /// The page's reading with no time limit.
    fn read(query_string: &str, s: &Snapshot) -> Reading {
        let decoded = if query_string.len() > MAX_QUERY_BYTES {
            Err(ApiError::QueryTooLong {
                length: query_string.len(),
                max: MAX_QUERY_BYTES,
            })
        } else {
            decode_query(query_string)
        };
        super::read(
            decoded
                .as_deref()
                .map_err(|e| ApiError::Encoding(e.to_string())),
            s,
            &Deadline::never(),
        )
    }

    fn count(reading: &Reading, s: &Snapshot) -> usize {
        reading.select(s).len()
    }

    #[test]
    fn good_queries_are_used_whole() {
        let s = snapshot();
        let r = read("Location:eq=Seattle&_sort=-Id", &s);
        assert!(r.problems.is_empty());
        assert_eq!(count(&r, &s), 1);
        assert_eq!(r.query.options.sort.len(), 1);
    }

    #[test]
    fn bad_pairs_are_set_aside_with_their_message() {
        let s = snapshot();
        let r = read("Locaton=Seattle&Location:eq=Austin&Id:zz=1&_where=%7B", &s);
        let blamed: Vec<Option<usize>> = r.problems.iter().map(|p| p.pair).collect();
        assert_eq!(blamed, [Some(0), Some(2), Some(3)]);
        assert!(r.problems[0].message.contains("did you mean \"Location\""));
        assert!(r.refused(2) && !r.refused(1));
        assert_eq!(count(&r, &s), 1);
        let r = read("_format=csv&Location:eq=Austin", &s);
        assert!(r.problems[0].message.contains("download links"));
        assert_eq!(count(&r, &s), 1);
    }

    #[test]
    fn pairs_that_fail_only_together_show_everything() {
        let s = snapshot();
        for query in ["_page=2&_limit=3", "_sort=Id&_sort=Id", "a=%zz"] {
            let r = read(query, &s);
            assert_eq!(r.problems.len(), 1, "{query}");
            assert_eq!(r.problems[0].pair, None, "{query}");
            assert_eq!(count(&r, &s), 2, "{query}");
        }
        let long = format!("_search={}", "x".repeat(MAX_QUERY_BYTES));
        assert!(read(&long, &s).problems[0].message.contains("limit"));
    }
}
