//! `GET /data/facets`: value counts among the matching records. Each facet lists at most
//! `_limit` values (100 unless asked, at most 10,000), a request counts at most 16 fields,
//! once each, and the answer's size is known, and bounded, before a byte of it is built; it
//! is then written straight from the data set's texts. HEAD counts nothing.

use std::sync::Arc;

use actix_web::body;
use actix_web::http::{Method, header};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;

use super::asked::Asked;
use super::error::ApiError;
use super::offload::{blocking, evaluate};
use super::query::{facets_format_of, parse};
use super::state::{Snapshot, State};
use super::xlsx;
use crate::filter::{Counted, Format, QueryError, QueryOption, count_facet, count_facet_of_all};

/// The options `/data/facets` takes besides `_match`.
pub(super) const FACET_OPTIONS: &[QueryOption] =
    &[QueryOption::Field, QueryOption::Limit, QueryOption::Format];

const JSON: &str = "application/json";

/// The most bytes a facets answer may have: past that it is refused before it is built.
pub const MAX_FACETS_BYTES: usize = 16 << 20;

/// Records × fields counted on an async worker; more are counted in the pool.
const COUNT_HERE: usize = 1 << 18;

/// `GET /data/facets?_field=<Field>&<filters>`: value counts among the matching records.
/// One `_field` answers `{"field", "total", "truncated", "values"}`; several answer
/// `{"total", "facets": [{"field", "truncated", "values"}, ...]}` in the order asked.
pub(super) async fn facets(
    req: HttpRequest,
    asked: Asked,
    state: web::Data<State>,
) -> Result<HttpResponse, ApiError> {
    let current = Arc::clone(asked.snapshot());
    let query = parse(&req, &asked, FACET_OPTIONS)?;
    let fields = query.options.facets.clone();
    if fields.is_empty() {
        return Err(QueryError::MissingOption {
            name: "_field".into(),
            example: "/data/facets?_field=Key Skills&Location=Seattle".into(),
        }
        .into());
    }
    let format = facets_format_of(&asked, &query)?;
    // Unfiltered, each facet is read off the field's values kept in count order.
    let records = if query.has_filters() {
        let records = evaluate(&req, &state, &current, &query, |filter, snapshot| {
            filter.select(&snapshot.dataset, &snapshot.cache)
        });
        Some(records.await?)
    } else {
        None
    };
    let mut response = HttpResponse::Ok();
    if format == Format::Xlsx {
        response
            .content_type(xlsx::CONTENT_TYPE)
            .insert_header((
                header::CONTENT_DISPOSITION,
                xlsx::attachment(xlsx::FACETS_FILE),
            ))
            // Already a zip: compressing it again would cost time and save nothing.
            .insert_header(header::ContentEncoding::Identity);
    } else {
        response.content_type(JSON);
    }
    // The headers GET would send, and no counting: its length is not known.
    if req.method() == Method::HEAD {
        return Ok(response.body(body::None::new()));
    }
    let limit = query.options.facet_limit();
    let counting = records.as_ref().map_or(0, Vec::len) * fields.len();
    let answer = move |snapshot: &Snapshot| -> Result<Answer, ApiError> {
        let dataset = &snapshot.dataset;
        let total = records.as_ref().map_or(dataset.len(), Vec::len);
        let counted: Vec<Counted<'_>> = fields
            .iter()
            .filter_map(|&field| match &records {
                Some(records) => count_facet(dataset, field, records, Some(limit)),
                None => count_facet_of_all(dataset, field, Some(limit)),
            })
            .collect();
        let bytes: usize = counted.iter().map(|c| c.json_bytes() + 100).sum();
        if bytes > MAX_FACETS_BYTES {
            return Err(ApiError::AnswerTooLarge {
                bytes,
                max: MAX_FACETS_BYTES,
            });
        }
        if format == Format::Xlsx {
            let owned = counted
                .iter()
                .map(|c| (c.field().name.clone(), c.values()))
                .collect();
            return Ok(Answer::Workbook {
                counted: owned,
                total,
            });
        }
        Ok(Answer::Json(json(&counted, total)?))
    };
    let answered = if counting <= COUNT_HERE {
        answer(&current)?
    } else {
        let what = || format!("{} {}", req.method(), req.uri());
        state.pool().run(what, move || answer(&current)).await??
    };
    match answered {
        Answer::Json(bytes) => Ok(response.body(bytes)),
        Answer::Workbook { counted, total } => {
            let rows = counted.iter().map(|(_, values)| values.len()).sum();
            // One field's sheet has its values and counts; several add the field's name.
            let columns = if counted.len() == 1 { 2 } else { 3 };
            xlsx::check_size(
                rows,
                columns,
                xlsx::MAX_DATA_ROWS,
                state.max_workbook_cells(),
            )?;
            let about = xlsx::about(&req, total);
            let bytes = blocking(&req, &state, move || xlsx::facets(&counted, &about)).await?;
            Ok(response.body(bytes))
        }
    }
}

/// A facets answer, ready to send or to build a workbook from.
enum Answer {
    Json(Vec<u8>),
    Workbook {
        counted: Vec<(String, Vec<crate::filter::FacetValue>)>,
        total: usize,
    },
}

/// One facet as the answer lists it.
#[derive(Serialize)]
struct Facet<'c, 'd> {
    field: &'d str,
    truncated: bool,
    values: &'c Counted<'d>,
}

/// The JSON answer, written straight from the counted facets.
fn json(counted: &[Counted<'_>], total: usize) -> Result<Vec<u8>, ApiError> {
    fn facet<'d>(c: &Counted<'d>) -> (&'d str, bool) {
        (c.field().name.as_str(), c.truncated())
    }
    let written = match counted {
        [one] => {
            #[derive(Serialize)]
            struct One<'c, 'd> {
                field: &'d str,
                total: usize,
                truncated: bool,
                values: &'c Counted<'d>,
            }
            let (field, truncated) = facet(one);
            serde_json::to_vec(&One {
                field,
                total,
                truncated,
                values: one,
            })
        }
        many => {
            #[derive(Serialize)]
            struct Many<'c, 'd> {
                total: usize,
                facets: Vec<Facet<'c, 'd>>,
            }
            let facets = many
                .iter()
                .map(|c| {
                    let (field, truncated) = facet(c);
                    Facet {
                        field,
                        truncated,
                        values: c,
                    }
                })
                .collect();
            serde_json::to_vec(&Many { total, facets })
        }
    };
    written.map_err(|e| {
        tracing::error!("writing a facets answer failed: {e}");
        ApiError::Internal {
            what: "GET /data/facets".into(),
        }
    })
}
