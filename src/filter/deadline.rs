//! The time a query's evaluation may take: a [`Deadline`] checked between patterns, fields
//! and search terms, and every few thousand values inside a scan, so that a costly query is
//! stopped soon after its time is up rather than running on unseen.

use std::convert::Infallible;
use std::time::{Duration, Instant};

use super::error::QueryError;

/// How long evaluating one query may take on a server, unless told otherwise
/// (`serve --query-time-limit`).
pub const DEFAULT_QUERY_TIME_LIMIT: Duration = Duration::from_secs(1);

/// How many values (or tokens) a scan looks at between two looks at the clock.
const VALUES_BETWEEN_CHECKS: usize = 4096;

/// When a query's evaluation must stop: `limit` after it started, or never.
#[derive(Debug, Clone, Copy)]
pub struct Deadline {
    /// The moment past which evaluation stops; `None` for no limit.
    at: Option<Instant>,
    /// The limit it was started with, for the message.
    limit: Duration,
}

impl Deadline {
    /// A deadline `limit` from now; `None` never passes.
    pub fn after(limit: Option<Duration>) -> Deadline {
        Deadline {
            // A limit too far off to be a moment is no limit.
            at: limit.and_then(|limit| Instant::now().checked_add(limit)),
            limit: limit.unwrap_or(Duration::MAX),
        }
    }

    /// A deadline that never passes.
    pub fn never() -> Deadline {
        Deadline::after(None)
    }
}

/// Whether evaluation may go on: a [`Deadline`], or [`Unlimited`] for the paths that have
/// no limit at all (whose checks cannot fail, which the type says).
pub(super) trait Budget {
    /// Why evaluation stopped.
    type Exceeded;

    /// `Ok` while there is time left.
    fn check(&self) -> Result<(), Self::Exceeded>;

    /// [`Budget::check`] at every few thousandth `item` of a scan (the first included).
    fn check_at(&self, item: usize) -> Result<(), Self::Exceeded> {
        if item.is_multiple_of(VALUES_BETWEEN_CHECKS) {
            self.check()
        } else {
            Ok(())
        }
    }
}

impl Budget for Deadline {
    type Exceeded = QueryError;

    fn check(&self) -> Result<(), QueryError> {
        match self.at {
            Some(at) if Instant::now() >= at => Err(QueryError::TooSlow { limit: self.limit }),
            _ => Ok(()),
        }
    }
}

/// No limit: what `Filter::compile`'s evaluation runs with.
pub(super) struct Unlimited;

impl Budget for Unlimited {
    type Exceeded = Infallible;

    fn check(&self) -> Result<(), Infallible> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_budget_of_zero_fails_at_the_first_check() {
        let deadline = Deadline::after(Some(Duration::ZERO));
        let err = deadline.check().unwrap_err();
        assert_eq!(
            err,
            QueryError::TooSlow {
                limit: Duration::ZERO
            }
        );
        // Inside a scan the first value is checked too.
        assert!(deadline.check_at(0).is_err());
        assert!(
            deadline.check_at(1).is_ok(),
            "checked every few thousand only"
        );
        assert!(deadline.check_at(VALUES_BETWEEN_CHECKS).is_err());
    }

    #[test]
    fn a_generous_budget_and_no_budget_never_fail() {
        for deadline in [
            Deadline::after(Some(Duration::from_secs(3600))),
            Deadline::never(),
            Deadline::after(Some(Duration::MAX)),
        ] {
            for item in 0..3 * VALUES_BETWEEN_CHECKS {
                assert!(deadline.check_at(item).is_ok(), "{deadline:?}");
            }
        }
    }

    #[test]
    fn the_message_says_what_happened_the_limit_and_how_to_narrow_the_query() {
        let message = QueryError::TooSlow {
            limit: Duration::from_millis(250),
        }
        .to_string();
        for part in [
            "took longer than",
            "250ms",
            "--query-time-limit",
            "Field:eq",
        ] {
            assert!(message.contains(part), "{part:?} in {message:?}");
        }
    }
}

#[cfg(test)]
mod through_prepare {
    //! The deadline as `Filter::prepare` sees it.

    use super::*;
    use crate::dataset::Dataset;
    use crate::filter::{Filter, Query, SelectionCache};

    fn data() -> Dataset {
        Dataset::from_json(
            br#"[{"Id": 1, "Location": "Seattle", "Key Skills": "Go| SQL"},
                 {"Id": 2, "Location": "Austin", "Key Skills": "Python"}]"#,
        )
        .unwrap()
    }

    #[test]
    fn out_of_time_stops_the_query_and_remembers_nothing() {
        let d = data();
        let cache = SelectionCache::default();
        for pairs in [
            vec![("Key Skills", "Go")],
            vec![("Key Skills:contains", "o"), ("Location", "S")],
            vec![("_search", "go python")],
            vec![("Id:gt", "1")],
            vec![(
                "_where",
                r#"{"or":[{"Location":{"regex":"^S"}},{"Id":{"lt":2}}]}"#,
            )],
        ] {
            let query = Query::parse(pairs.iter().copied(), &d).unwrap();
            let late = Filter::prepare(&query, &d, &cache, &Deadline::after(Some(Duration::ZERO)));
            assert!(
                matches!(late, Err(QueryError::TooSlow { .. })),
                "{pairs:?}: {late:?}"
            );
            assert!(Filter::costly(&query, &cache), "{pairs:?} was remembered");
            let generous = Deadline::after(Some(Duration::from_secs(3600)));
            let filter = Filter::prepare(&query, &d, &cache, &generous).unwrap();
            let unlimited = Filter::compile(&query, &d, &SelectionCache::default()).unwrap();
            assert_eq!(
                filter.select(&d, &cache),
                unlimited.select(&d, &SelectionCache::default()),
                "{pairs:?}"
            );
        }
    }

    #[test]
    fn exact_values_need_no_time_at_all() {
        let d = data();
        let cache = SelectionCache::default();
        let query = Query::parse([("Location:eq", "austin"), ("_match", "token")], &d).unwrap();
        let late = Deadline::after(Some(Duration::ZERO));
        let filter = Filter::prepare(&query, &d, &cache, &late).unwrap();
        assert_eq!(filter.select(&d, &cache), [1]);
    }
}
