//! Answers as workbooks (`_format=xlsx`): a page of records, or a facet's counts, as one
//! sheet for the workbook layer to build. CPU work: the handlers run it off the async
//! workers, with `web::block`.

use crate::dataset::{Dataset, DistinctValue, JsonType};
use crate::filter::FacetValue;
use crate::workbook::{self, Cell, CustomValue, MAX_ROWS, Properties, Table, WorkbookError};

use super::error::ApiError;

/// The Content-Type of a workbook.
pub const CONTENT_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// The file name offered for a list of records.
pub(super) const RECORDS_FILE: &str = "jobs.xlsx";
/// The file name offered for a facet's counts.
pub(super) const FACETS_FILE: &str = "facets.xlsx";
/// The most data rows a sheet holds: Excel's row limit, less the header row.
pub(super) const MAX_DATA_ROWS: usize = MAX_ROWS - 1;

/// The sheet of records.
const RECORDS_SHEET: &str = "jobs";
/// The sheet of facet counts.
const FACETS_SHEET: &str = "facets";

/// What a workbook answers, for its document properties.
#[derive(Debug, Clone)]
pub(super) struct About {
    /// The request's path and query, as sent.
    pub request: String,
    /// How many records matched.
    pub total: usize,
}

/// The most cells a workbook is built with unless `--max-workbook-cells` says otherwise:
/// about 480 MB while it is built.
pub const DEFAULT_MAX_CELLS: usize = 1_000_000;

/// Refuses, before any work, an answer of `rows` rows of `columns` cells when a sheet
/// holds fewer rows than that (`max_rows`), or the workbook would have more than
/// `max_cells` cells: a workbook is built whole in memory, about 480 bytes a cell. The
/// client is told to page, to ask for fewer fields or for CSV, rather than sent a cut-short
/// workbook.
pub(super) fn check_size(
    rows: usize,
    columns: usize,
    max_rows: usize,
    max_cells: usize,
) -> Result<(), ApiError> {
    if rows > max_rows {
        return Err(ApiError::TooManyRows {
            rows,
            max: max_rows,
        });
    }
    let cells = rows.saturating_mul(columns);
    if cells > max_cells {
        return Err(ApiError::TooManyCells {
            rows,
            columns,
            max: max_cells,
        });
    }
    Ok(())
}

/// The `Content-Disposition` header value that saves the body as `file`.
pub(super) fn attachment(file: &str) -> String {
    format!("attachment; filename=\"{file}\"")
}

/// `records` of `dataset` as a workbook: sheet `jobs`, a header of the field names (only
/// `fields`, in that order, when given), one row per record. Strings and booleans are text
/// cells, numbers are numbers, null and missing values are empty.
pub(super) fn records(
    dataset: &Dataset,
    records: &[u32],
    fields: Option<&[usize]>,
    about: &About,
) -> Result<Vec<u8>, WorkbookError> {
    let all: Vec<usize>;
    let fields = match fields {
        Some(fields) => fields,
        None => {
            all = (0..dataset.columns().len()).collect();
            &all
        }
    };
    let columns: Vec<_> = fields.iter().map(|&f| &dataset.fields()[f]).collect();
    let mut table = Table::new(RECORDS_SHEET, columns.iter().map(|f| f.name.as_str()));
    table.rows = records
        .iter()
        .map(|&record| columns.iter().map(|f| cell(f.value_of(record))).collect())
        .collect();
    let properties = properties(
        "Job postings",
        format!("{} records of {} matching", records.len(), about.total),
        about,
        Vec::new(),
    );
    workbook::to_bytes(&[table], &properties)
}

/// The facets workbook: one sheet `facets`. One field gives the columns `<Field>` and
/// `count`; several give `field`, `value` and `count`, the fields in the order asked.
pub(super) fn facets(
    facets: &[(String, Vec<FacetValue>)],
    about: &About,
) -> Result<Vec<u8>, WorkbookError> {
    let table = match facets {
        [(field, values)] => {
            let mut table = Table::new(FACETS_SHEET, [field.as_str(), "count"]);
            table.rows = values
                .iter()
                .map(|v| vec![Cell::from(v.value.as_str()), Cell::from(v.count)])
                .collect();
            table
        }
        _ => {
            let mut table = Table::new(FACETS_SHEET, ["field", "value", "count"]);
            table.rows = facets
                .iter()
                .flat_map(|(field, values)| {
                    values.iter().map(move |v| {
                        vec![
                            Cell::from(field.as_str()),
                            Cell::from(v.value.as_str()),
                            Cell::from(v.count),
                        ]
                    })
                })
                .collect();
            table
        }
    };
    let names: Vec<&str> = facets.iter().map(|(field, _)| field.as_str()).collect();
    let names = names.join(", ");
    let properties = properties(
        &format!("Job postings by {names}"),
        format!(
            "{} values of {names} among {} matching records",
            table.rows.len(),
            about.total
        ),
        about,
        vec![("Field".to_owned(), CustomValue::Text(names.clone()))],
    );
    workbook::to_bytes(&[table], &properties)
}

/// One value as a cell.
fn cell(value: Option<DistinctValue<'_>>) -> Cell {
    let Some(value) = value else {
        return Cell::Empty;
    };
    match (value.json_type, value.number) {
        (JsonType::Null, _) => Cell::Empty,
        (JsonType::Number, Some(n)) if n.is_finite() => Cell::Number(n),
        _ => Cell::Text(value.text.to_string()),
    }
}

/// The document properties: what was asked, how many records matched, and when.
fn properties(
    title: &str,
    subject: String,
    about: &About,
    mut custom: Vec<(String, CustomValue)>,
) -> Properties {
    let now = jiff::Timestamp::now();
    let now = now.round(jiff::Unit::Second).unwrap_or(now).to_string();
    let total = i64::try_from(about.total).unwrap_or(i64::MAX);
    custom.extend([
        ("Query".to_owned(), CustomValue::Text(about.request.clone())),
        ("Total".to_owned(), CustomValue::Integer(total)),
        ("Generated at".to_owned(), CustomValue::Date(now.clone())),
    ]);
    Properties {
        title: title.to_owned(),
        description: format!(
            "Query: {}; Total: {}; Generated at: {now}",
            about.request, about.total
        ),
        subject,
        keywords: "jobs, job postings".to_owned(),
        created: Some(now),
        custom,
    }
}

/// What a workbook answering `req` is about, for its document properties.
pub(super) fn about(req: &actix_web::HttpRequest, total: usize) -> About {
    About {
        request: req
            .uri()
            .path_and_query()
            .map_or_else(|| req.path().to_owned(), ToString::to_string),
        total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_rows_than_a_sheet_holds_or_cells_than_the_server_builds_are_refused_with_a_way_out() {
        assert!(check_size(3, 2, 3, 6).is_ok());
        assert!(check_size(0, 2, 3, 6).is_ok());
        // Too many rows is said first, even when the cells are too many as well.
        let rows = check_size(4, 2, 3, 6).unwrap_err();
        assert!(matches!(rows, ApiError::TooManyRows { rows: 4, max: 3 }));
        let cells = check_size(3, 3, 3, 6).unwrap_err();
        assert!(matches!(
            cells,
            ApiError::TooManyCells {
                rows: 3,
                columns: 3,
                max: 6
            }
        ));
        for (err, needles) in [
            (rows, &["4 rows", "3", "_limit", "_format=csv"][..]),
            (
                cells,
                &["3 rows of 3 columns", "6 cells", "_fields", "_format=csv"],
            ),
        ] {
            let message = err.to_string();
            for needle in needles {
                assert!(message.contains(needle), "no {needle} in {message}");
            }
            assert_eq!(
                actix_web::ResponseError::status_code(&err),
                actix_web::http::StatusCode::BAD_REQUEST
            );
        }
        assert_eq!(MAX_DATA_ROWS, 1_048_575);
    }

    #[test]
    fn values_become_cells_of_their_type() {
        let dataset =
            Dataset::from_json(br#"[{"S": "=1+1", "N": 2.5, "B": true, "Z": null}, {"S": "x"}]"#)
                .unwrap();
        let value =
            |field: &str, record: u32| cell(dataset.field(field).and_then(|f| f.value_of(record)));
        assert_eq!(value("S", 0), Cell::Text("=1+1".to_owned()));
        assert_eq!(value("N", 0), Cell::Number(2.5));
        assert_eq!(value("B", 0), Cell::Text("true".to_owned()));
        assert_eq!(value("Z", 0), Cell::Empty);
        assert_eq!(value("N", 1), Cell::Empty);
    }
}
