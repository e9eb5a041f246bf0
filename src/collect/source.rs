//! Where the counts come from, decided once from the server's first answer, so that every
//! kind of server gives true numbers or a clear error, never zeros it did not send:
//!
//! - a server with `/data/count` (jobsctl) counts each query itself, in the run's match mode;
//! - a lab-style server without it, in regex mode, is asked `/data` per query, so its own
//!   regex semantics apply, and `_match` (which it would take for a field) is never sent;
//! - a lab-style server in token or substring mode is asked for `/data/all` once, and the
//!   records are counted here with the shared filter engine: one request, exact counts.
//!
//! Each route's answer is read up to its own size ([`Limit`]), and a count is never larger
//! than the records it counts from: the server's total, which must agree with `/health`.

use super::answers::{parse_array_len, parse_count, parse_facet, parse_records, parse_roles};
use super::client::{Answer, Client, Limit, excerpt};
use super::error::CollectError;
use super::fields::Counted;
use crate::dataset::{Dataset, Role};
use crate::filter::{Filter, MatchMode, Query, SelectionCache, facet};

/// A count answer is `{"count": N}`: a few bytes.
const COUNT_LIMIT: Limit = Limit {
    bytes: 64 << 10,
    advice: "a count answer is a few bytes, so this is not a jobs API's answer; check --url",
};
/// `/health` is a status and a number.
const HEALTH_LIMIT: Limit = Limit {
    bytes: 64 << 10,
    advice: "a /health answer is a few bytes, so this is not a jobs API's answer; check --url",
};
/// `/fields` is a line per field.
const FIELDS_LIMIT: Limit = Limit {
    bytes: 1 << 20,
    advice: "a /fields answer is a line per field, so this is not a jobs API's answer; check --url",
};
/// A facet of at most 1,000 values (`--top`).
const FACETS_LIMIT: Limit = Limit {
    bytes: 1 << 20,
    advice: "ask for fewer with --top or --top-locations, or name them with --skills and \
             --locations",
};
/// The most records a jobs API holds: record numbers are 32 bits, one of them kept for
/// none (see `dataset::builder`).
const MOST_RECORDS: u64 = u32::MAX as u64 - 1;

/// The limit of an answer of records (`/data`, `/data/all`): read whole and counted here,
/// like a data file, so it is `--max-data-size`.
fn records_limit(max_data_bytes: u64) -> Limit {
    Limit {
        bytes: max_data_bytes,
        advice: "its records are read whole, like a data file: raise --max-data-size if they \
                 are meant to be read",
    }
}

/// How one run's counts are obtained.
#[derive(Debug)]
pub enum Source<'a> {
    /// The server counts: `/data/count`, with `_match` when it is not the default.
    CountRoute {
        /// The client.
        client: &'a Client,
        /// The run's match mode.
        mode: MatchMode,
        /// How many records the server holds: no count may be larger.
        records: u64,
    },
    /// A lab-style server in regex mode: the length of the `/data` array for each query.
    ListRoute {
        /// The client.
        client: &'a Client,
        /// The most bytes of one answer.
        limit: Limit,
    },
    /// Every record, fetched once from `/data/all` and counted here.
    Local {
        /// The records, as the server sent them (boxed: far bigger than the other ways).
        dataset: Box<Dataset>,
        /// Selections remembered between queries.
        cache: SelectionCache,
        /// The run's match mode.
        mode: MatchMode,
        /// Where the records came from, for messages.
        url: String,
    },
}

impl<'a> Source<'a> {
    /// Asks the server what it offers: `/data/count` with no filter (and `/health`, to
    /// check its total), then, on a server without it, `/data/all` when the mode is counted
    /// locally. Answers of records are read up to `max_data_bytes`.
    pub fn probe(
        client: &'a Client,
        mode: MatchMode,
        max_data_bytes: u64,
    ) -> Result<Source<'a>, CollectError> {
        let pairs = mode_pair(mode);
        match client.get("/data/count", pairs.as_slice(), COUNT_LIMIT)? {
            Answer::Body(url, body) => {
                let records = parse_count(&body)
                    .ok_or_else(|| bad_response(&url, &body, "{\"count\": N}"))?;
                check_total(client, &url, records)?;
                return Ok(Source::CountRoute {
                    client,
                    mode,
                    records,
                });
            }
            Answer::NotFound if mode == MatchMode::Regex => {
                return Ok(Source::ListRoute {
                    client,
                    limit: records_limit(max_data_bytes),
                });
            }
            Answer::NotFound => {}
        }
        match client.get("/data/all", &[], records_limit(max_data_bytes))? {
            Answer::Body(url, body) => {
                let dataset = Dataset::from_json(&body).map_err(|e| CollectError::BadResponse {
                    url: url.clone(),
                    reason: format!("expected a JSON array of flat records: {e}"),
                })?;
                Ok(Source::Local {
                    dataset: Box::new(dataset),
                    cache: SelectionCache::default(),
                    mode,
                    url,
                })
            }
            Answer::NotFound => Err(CollectError::Http {
                url: format!("{}/data/all", client.base()),
                status: 404,
                message: format!(
                    "the server has neither /data/count nor /data/all, so {mode} counts cannot \
                     be made; use --match regex to count through /data, or serve the data \
                     with `jobsctl serve`"
                ),
            }),
        }
    }

    /// How many records the server holds, when it said.
    pub fn records(&self) -> Option<u64> {
        match self {
            Source::CountRoute { records, .. } => Some(*records),
            Source::ListRoute { .. } => None,
            Source::Local { dataset, .. } => Some(dataset.len() as u64),
        }
    }

    /// The number of records matching all `pairs` (field or `Field:op` or `_where`, value).
    pub fn count(&self, pairs: &[(String, String)]) -> Result<u64, CollectError> {
        let borrowed: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        match self {
            Source::CountRoute {
                client,
                mode,
                records,
            } => {
                let mut pairs = borrowed;
                pairs.extend(mode_pair(*mode));
                let (url, body) = body_of(client, "/data/count", &pairs, COUNT_LIMIT)?;
                let count = parse_count(&body)
                    .ok_or_else(|| bad_response(&url, &body, "{\"count\": N}"))?;
                if count > *records {
                    return Err(CollectError::Implausible {
                        url,
                        count,
                        records: *records,
                        said: "it holds (/data/count without a filter)".into(),
                    });
                }
                Ok(count)
            }
            Source::ListRoute { client, limit } => {
                let (url, body) = body_of(client, "/data", &borrowed, *limit)?;
                parse_array_len(&body)
                    .ok_or_else(|| bad_response(&url, &body, "a JSON array of records"))
            }
            Source::Local { dataset, cache, .. } => {
                Ok(self.local_filter(&borrowed)?.count(dataset, cache) as u64)
            }
        }
    }

    /// Checks that the server accepts the run's own filters, and how many records they
    /// leave: a filter it refuses is the user's to fix (exit 2), not a failure of the run.
    pub fn check_filters(&self, filters: &[(String, String)]) -> Result<u64, CollectError> {
        if let Source::ListRoute { .. } = self {
            return Err(CollectError::Refused {
                message: "this server has no /data/count, so --filter and --where cannot be \
                          sent to it; use --match token or substring (counted here from \
                          /data/all), or serve the data with `jobsctl serve`"
                    .into(),
            });
        }
        // The server names its parameter (`_where: ...`); the user wrote `--where`.
        let flag = |message: String| match message.strip_prefix("_where:") {
            Some(rest) => format!("--where:{rest}"),
            None => message,
        };
        self.count(filters).map_err(|e| match e {
            CollectError::Http {
                status: 400,
                message,
                ..
            } => CollectError::Refused {
                message: flag(message),
            },
            CollectError::Refused { message } => CollectError::Refused {
                message: flag(message),
            },
            other => other,
        })
    }

    /// The fields to count: those the server's `/fields` says play the location and
    /// skills roles (a jobsctl server), or the lab's `Location` and `Key Skills` for a
    /// server that says nothing of roles (the lab's Flask has no `/fields`). Records
    /// fetched to count here are asked directly.
    pub fn counted_fields(&self) -> Counted {
        let client = match self {
            Source::Local { dataset, .. } => {
                let name = |role| dataset.role_field(role).map(|f| f.name.clone());
                return Counted {
                    location: name(Role::Location),
                    skills: name(Role::Skills),
                };
            }
            Source::CountRoute { client, .. } | Source::ListRoute { client, .. } => client,
        };
        match client.get("/fields", &[], FIELDS_LIMIT) {
            Ok(Answer::Body(_, body)) => parse_roles(&body).unwrap_or_else(Counted::lab),
            _ => Counted::lab(),
        }
    }

    /// The `n` most common values of `field` among the records `filters` select, most
    /// common first, from the server's facets (or counted here).
    pub fn top(
        &self,
        field: &str,
        n: usize,
        filters: &[(String, String)],
    ) -> Result<Vec<String>, CollectError> {
        let limit = n.to_string();
        let mut pairs: Vec<(&str, &str)> = vec![("_field", field), ("_limit", &limit)];
        pairs.extend(filters.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        match self {
            Source::CountRoute { client, mode, .. } => {
                pairs.extend(mode_pair(*mode));
                let (url, body) = body_of(client, "/data/facets", &pairs, FACETS_LIMIT)?;
                parse_facet(&body).ok_or_else(|| {
                    bad_response(
                        &url,
                        &body,
                        "{\"values\": [{\"value\": ..., \"count\": N}]}",
                    )
                })
            }
            Source::ListRoute { .. } => Err(CollectError::Refused {
                message: format!(
                    "this server has no /data/count or /data/facets, so the top {field} cannot \
                     be asked; use --match token or substring (counted here from /data/all), or \
                     name them"
                ),
            }),
            Source::Local { dataset, cache, .. } => {
                let filter = self.local_filter(&pairs)?;
                let records = filter.select(dataset, cache);
                let Some(index) = dataset.field_index(field) else {
                    return Err(self.refused(format!("its records have no field {field:?}")));
                };
                Ok(facet(dataset, index, &records, Some(n))
                    .into_iter()
                    .map(|v| v.value)
                    .collect())
            }
        }
    }

    /// Compiles `pairs` against the records fetched from `/data/all`.
    fn local_filter(&self, pairs: &[(&str, &str)]) -> Result<Filter, CollectError> {
        let Source::Local {
            dataset,
            cache,
            mode,
            ..
        } = self
        else {
            return Err(CollectError::Incomplete);
        };
        let mut pairs = pairs.to_vec();
        pairs.push(("_match", mode.name()));
        Query::parse(pairs, dataset)
            .and_then(|query| Filter::compile(&query, dataset, cache))
            .map_err(|e| self.refused(e.to_string()))
    }

    fn refused(&self, message: String) -> CollectError {
        match self {
            Source::Local { url, .. } => CollectError::Refused {
                message: format!("{message} (counting the records from {url})"),
            },
            _ => CollectError::Refused { message },
        }
    }
}

/// `_match` for a mode the server does not use by default; nothing for the default.
fn mode_pair(mode: MatchMode) -> Option<(&'static str, &'static str)> {
    (mode != MatchMode::default()).then_some(("_match", mode.name()))
}

/// Checks the server's total of records (`total`, from `url`) against the most a jobs
/// API holds and against what `/health` (or, without it, `/fields`) says it holds, so that
/// a server cannot vouch for counts of any size by claiming a total as large.
fn check_total(client: &Client, url: &str, total: u64) -> Result<(), CollectError> {
    // A route that is missing or refused (4xx) says nothing; one that fails is an error.
    let said = |path: &str, limit: Limit| match client.get(path, &[], limit) {
        Ok(Answer::Body(route, body)) => Ok(Some(parse_records(&body).map(|n| (route, n)))),
        Ok(Answer::NotFound) => Ok(None),
        Err(CollectError::Http { .. }) => Ok(Some(None)),
        Err(e) => Err(e),
    };
    let said = match said("/health", HEALTH_LIMIT)? {
        Some(said) => said,
        None => said("/fields", FIELDS_LIMIT)?.flatten(),
    };
    match said {
        Some((route, records)) if total > records => Err(CollectError::Implausible {
            url: url.to_owned(),
            count: total,
            records,
            said: format!("{route} says it holds"),
        }),
        Some((route, records)) if total < records => Err(CollectError::BadResponse {
            url: url.to_owned(),
            reason: format!(
                "it counted {total} records without a filter, but {route} says it holds \
                 {records}; if its data was reloaded just then, run again"
            ),
        }),
        _ if total > MOST_RECORDS => Err(CollectError::Implausible {
            url: url.to_owned(),
            count: total,
            records: MOST_RECORDS,
            said: "a jobs API can hold".into(),
        }),
        _ => Ok(()),
    }
}

/// The body of `path`'s answer; a 404 here, after the probe found the route, is an error.
fn body_of(
    client: &Client,
    path: &str,
    pairs: &[(&str, &str)],
    limit: Limit,
) -> Result<(String, Vec<u8>), CollectError> {
    match client.get(path, pairs, limit)? {
        Answer::Body(url, body) => Ok((url, body)),
        Answer::NotFound => Err(CollectError::Http {
            url: format!("{}{path}", client.base()),
            status: 404,
            message: "the server has no such route; is this a jobs API?".into(),
        }),
    }
}

fn bad_response(url: &str, body: &[u8], expected: &str) -> CollectError {
    CollectError::BadResponse {
        url: url.to_owned(),
        reason: format!("expected {expected}, got {}", excerpt(body)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_servers_default_mode_is_not_sent() {
        assert_eq!(mode_pair(MatchMode::Regex), None);
        assert_eq!(mode_pair(MatchMode::Token), Some(("_match", "token")));
    }

    #[test]
    fn local_counts_use_the_shared_engine() {
        let dataset = Dataset::from_json(
            br#"[{"Key Skills": "C| C++", "Location": "Austin"},
                 {"Key Skills": "Java|c", "Location": "austin "},
                 {"Key Skills": "JavaScript", "Location": "Detroit"}]"#,
        )
        .unwrap();
        let source = |mode| Source::Local {
            dataset: Box::new(Dataset::from_json(b"[]").unwrap()),
            cache: SelectionCache::default(),
            mode,
            url: "http://h/data/all".into(),
        };
        let local = Source::Local {
            dataset: Box::new(dataset),
            cache: SelectionCache::default(),
            mode: MatchMode::Token,
            url: "http://h/data/all".into(),
        };
        let pairs = |p: &[(&str, &str)]| -> Vec<(String, String)> {
            p.iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect()
        };
        assert_eq!(local.count(&pairs(&[("Key Skills", "c")])).unwrap(), 2);
        assert_eq!(local.count(&pairs(&[("Key Skills", "Java")])).unwrap(), 1);
        assert_eq!(
            local
                .count(&pairs(&[("Key Skills", "C"), ("Location", "Austin")]))
                .unwrap(),
            2
        );
        assert_eq!(
            local.count(&pairs(&[("Location:ne", "austin")])).unwrap(),
            1
        );
        assert_eq!(local.records(), Some(3));
        assert_eq!(
            local
                .top("Key Skills", 2, &pairs(&[("Location:eq", "Austin")]))
                .unwrap(),
            ["C", "C++"]
        );
        // Data without the field asked for is a clear error, not a zero.
        let message = source(MatchMode::Substring)
            .count(&pairs(&[("Key Skills", "c")]))
            .unwrap_err()
            .to_string();
        assert!(message.contains("unknown field"), "{message}");
    }
}
