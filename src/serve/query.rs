//! Reading a request's query: strict percent-decoding, the query contract's parse against
//! the request's snapshot, the response format, and paging links.

use actix_web::HttpRequest;
use actix_web::http::header::HeaderValue;

use super::asked::{Asked, decode_component};
use super::error::ApiError;
use crate::filter::{Format, Options, Query, QueryError, QueryOption};

/// The options that list routes take besides `_match`.
pub(super) const LIST_OPTIONS: &[QueryOption] = &[
    QueryOption::Limit,
    QueryOption::Offset,
    QueryOption::Page,
    QueryOption::PerPage,
    QueryOption::Fields,
    QueryOption::Sort,
    QueryOption::Format,
    QueryOption::Download,
];

/// Parses the request's query, as [`Asked`] decoded it, against its snapshot (compiling
/// it is [`super::routes`]' job, in the pool when it is costly); `allowed` lists the options
/// (besides `_match`) that this route takes.
pub(super) fn parse(
    req: &HttpRequest,
    asked: &Asked,
    allowed: &[QueryOption],
) -> Result<Query, ApiError> {
    let pairs = asked.pairs()?;
    let dataset = &asked.snapshot().dataset;
    let query = Query::parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())), dataset)?;
    if let Some(name) = query
        .options
        .given()
        .into_iter()
        .find(|option| *option != QueryOption::Match && !allowed.contains(option))
    {
        return Err(QueryError::OptionNotApplicable {
            name: name.name().into(),
            route: req.path().to_owned(),
        }
        .into());
    }
    Ok(query)
}

/// The response format: `_format` first, then the Accept header, then JSON.
pub(super) fn format_of(asked: &Asked, query: &Query) -> Format {
    query
        .options
        .format
        .or(asked.accepted())
        .unwrap_or(Format::Json)
}

/// The format of a facets answer: JSON, or a workbook when `_format=xlsx` or the Accept
/// header asks for one; `_format=ndjson` or `csv` is an error.
pub(super) fn facets_format_of(asked: &Asked, query: &Query) -> Result<Format, ApiError> {
    let not_here = |value: &str| QueryError::InvalidOption {
        name: "_format".into(),
        value: value.into(),
        expected: "/data/facets answers in json (the default) or xlsx".into(),
    };
    match query.options.format {
        Some(format @ (Format::Json | Format::Xlsx)) => Ok(format),
        Some(Format::Ndjson) => Err(not_here("ndjson").into()),
        Some(Format::Csv) => Err(not_here("csv").into()),
        None if format_of(asked, query) == Format::Xlsx => Ok(Format::Xlsx),
        None => Ok(Format::Json),
    }
}

/// A `Link` header with `next` and `prev` pages, when `_limit` or `_page` pages the
/// result; the links page the way the request did (`_offset`, or `_page`).
pub(super) fn link_header(
    req: &HttpRequest,
    options: &Options,
    offset: usize,
    total: usize,
) -> Option<HeaderValue> {
    let (_, limit) = options.window();
    let limit = limit?;
    let by_page = options.page.is_some() || options.per_page.is_some();
    let moved = if by_page { "_page" } else { "_offset" };
    // Keep the query as the client encoded it, minus the paging parameter (however it was
    // spelled: the query has been decoded once already, so each name decodes).
    let kept: Vec<&str> = req
        .query_string()
        .split('&')
        .filter(|pair| {
            let name = pair.split_once('=').map_or(*pair, |(name, _)| name);
            !pair.is_empty() && decode_component(name).is_ok_and(|n| n != moved)
        })
        .collect();
    let url = |offset: usize| {
        let mut pairs = kept.clone();
        let position = if by_page {
            format!("_page={}", offset / limit.max(1) + 1)
        } else {
            format!("_offset={offset}")
        };
        pairs.push(&position);
        format!("<{}?{}>", req.path(), pairs.join("&"))
    };
    let mut links = Vec::new();
    if limit > 0 && offset.saturating_add(limit) < total {
        links.push(format!("{}; rel=\"next\"", url(offset + limit)));
    }
    if offset > 0 {
        links.push(format!(
            "{}; rel=\"prev\"",
            url(offset.saturating_sub(limit))
        ));
    }
    if links.is_empty() {
        return None;
    }
    HeaderValue::from_str(&links.join(", ")).ok()
}

#[cfg(test)]
mod tests {
    use crate::serve::asked::decode_query;

    #[test]
    fn decodes_queries_strictly() {
        let ok = |q: &str| decode_query(q).ok();
        assert_eq!(
            ok("Key%20Skills=C%2B%2B&Location=New+York"),
            Some(vec![
                ("Key Skills".into(), "C++".into()),
                ("Location".into(), "New York".into())
            ])
        );
        assert_eq!(
            ok("a=&&b"),
            Some(vec![("a".into(), "".into()), ("b".into(), "".into())])
        );
        assert_eq!(ok("x=%C3%A9"), Some(vec![("x".into(), "é".into())]));
        for bad in ["a=%", "a=%2", "a=%zz", "a=%+1", "a=%FF", "%C3=1"] {
            assert!(decode_query(bad).is_err(), "{bad}");
        }
    }
}
