//! Where the counts come from, decided once from the server's first answer, so that every
//! kind of server gives true numbers or a clear error, never zeros it did not send:
//!
//! - a server with `/data/count` (jobsctl) counts each query itself, in the run's match mode;
//! - a lab-style server without it, in regex mode, is asked `/data` per query, so its own
//!   regex semantics apply, and `_match` (which it would take for a field) is never sent;
//! - a lab-style server in token or substring mode is asked for `/data/all` once, and the
//!   records are counted here with the shared filter engine: one request, exact counts.

use super::client::{Answer, Client, excerpt};
use super::error::CollectError;
use crate::dataset::Dataset;
use crate::filter::{Filter, MatchMode, Query, SelectionCache};

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
    },
    /// Every record, fetched once from `/data/all` and counted here.
    Local {
        /// The records, as the server sent them.
        dataset: Dataset,
        /// Selections remembered between queries.
        cache: SelectionCache,
        /// The run's match mode.
        mode: MatchMode,
        /// Where the records came from, for messages.
        url: String,
    },
}

impl<'a> Source<'a> {
    /// Asks the server what it offers: `/data/count` with no filter, then, on a server
    /// without it, `/data/all` when the mode is counted locally.
    pub fn probe(client: &'a Client, mode: MatchMode) -> Result<Source<'a>, CollectError> {
        let pairs = mode_pair(mode);
        match client.get("/data/count", pairs.as_slice())? {
            Answer::Body(url, body) => {
                let records = parse_count(&body)
                    .ok_or_else(|| bad_response(&url, &body, "{\"count\": N}"))?;
                return Ok(Source::CountRoute {
                    client,
                    mode,
                    records,
                });
            }
            Answer::NotFound if mode == MatchMode::Regex => {
                return Ok(Source::ListRoute { client });
            }
            Answer::NotFound => {}
        }
        match client.get("/data/all", &[])? {
            Answer::Body(url, body) => {
                let dataset = Dataset::from_json(&body).map_err(|e| CollectError::BadResponse {
                    url: url.clone(),
                    reason: format!("expected a JSON array of flat records: {e}"),
                })?;
                Ok(Source::Local {
                    dataset,
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

    /// The number of records matching all `filters` (field, value).
    pub fn count(&self, filters: &[(&str, &str)]) -> Result<u64, CollectError> {
        match self {
            Source::CountRoute {
                client,
                mode,
                records,
            } => {
                let mut pairs = filters.to_vec();
                pairs.extend(mode_pair(*mode));
                let (url, body) = body_of(client, "/data/count", &pairs)?;
                let count = parse_count(&body)
                    .ok_or_else(|| bad_response(&url, &body, "{\"count\": N}"))?;
                if count > *records {
                    return Err(CollectError::BadResponse {
                        url,
                        reason: format!(
                            "it counted {count} records, more than the {records} it holds"
                        ),
                    });
                }
                Ok(count)
            }
            Source::ListRoute { client } => {
                let (url, body) = body_of(client, "/data", filters)?;
                parse_array_len(&body)
                    .ok_or_else(|| bad_response(&url, &body, "a JSON array of records"))
            }
            Source::Local {
                dataset,
                cache,
                mode,
                url,
            } => {
                let mut pairs = filters.to_vec();
                pairs.push(("_match", mode.name()));
                let filter = Query::parse(pairs, dataset)
                    .and_then(|query| Filter::compile(&query, dataset, cache))
                    .map_err(|e| CollectError::BadResponse {
                        url: url.clone(),
                        reason: format!("its records cannot be counted: {e}"),
                    })?;
                Ok(filter.count(dataset, cache) as u64)
            }
        }
    }
}

/// `_match` for a mode the server does not use by default; nothing for the default.
fn mode_pair(mode: MatchMode) -> Option<(&'static str, &'static str)> {
    (mode != MatchMode::default()).then_some(("_match", mode.name()))
}

/// The body of `path`'s answer; a 404 here, after the probe found the route, is an error.
fn body_of(
    client: &Client,
    path: &str,
    pairs: &[(&str, &str)],
) -> Result<(String, Vec<u8>), CollectError> {
    match client.get(path, pairs)? {
        Answer::Body(url, body) => Ok((url, body)),
        Answer::NotFound => Err(CollectError::Http {
            url: format!("{}{path}", client.base()),
            status: 404,
            message: "the server has no such route; is this a jobs API?".into(),
        }),
    }
}

fn parse_count(body: &[u8]) -> Option<u64> {
    #[derive(serde::Deserialize)]
    struct CountBody {
        count: u64,
    }
    serde_json::from_slice::<CountBody>(body)
        .ok()
        .map(|c| c.count)
}

/// The length of a JSON array without building its elements. Anything else, `null`
/// included, is not an answer to a filtered query.
fn parse_array_len(body: &[u8]) -> Option<u64> {
    let items: Vec<serde::de::IgnoredAny> = serde_json::from_slice(body).ok()?;
    Some(items.len() as u64)
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
    fn parses_answers() {
        assert_eq!(parse_count(br#"{"count": 42}"#), Some(42));
        assert_eq!(parse_count(br#"{"count": -1}"#), None);
        assert_eq!(parse_count(b"<html>"), None);
        assert_eq!(parse_array_len(br#"[{"a":1},{"b":[1,2]}]"#), Some(2));
        assert_eq!(parse_array_len(b"null"), None);
        assert_eq!(parse_array_len(b"{}"), None);
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
            dataset: Dataset::from_json(b"[]").unwrap(),
            cache: SelectionCache::default(),
            mode,
            url: "http://h/data/all".into(),
        };
        let local = Source::Local {
            dataset,
            cache: SelectionCache::default(),
            mode: MatchMode::Token,
            url: "http://h/data/all".into(),
        };
        assert_eq!(local.count(&[("Key Skills", "c")]).unwrap(), 2);
        assert_eq!(local.count(&[("Key Skills", "Java")]).unwrap(), 1);
        assert_eq!(
            local
                .count(&[("Key Skills", "C"), ("Location", "Austin")])
                .unwrap(),
            2
        );
        assert_eq!(local.records(), Some(3));
        // Data without the field asked for is a clear error, not a zero.
        let message = source(MatchMode::Substring)
            .count(&[("Key Skills", "c")])
            .unwrap_err()
            .to_string();
        assert!(message.contains("unknown field"), "{message}");
    }
}
