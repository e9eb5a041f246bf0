//! The parameters the data routes take: filters on fields, operators, `_where`, `_search`
//! and the `_` options.

use serde_json::{Value, json};

use super::grammar::{field_list, operator_schema};
use crate::dataset::{Dataset, Role};
use crate::filter::{DEFAULT_PER_PAGE, MAX_WHERE_DEPTH, MAX_WHERE_LEAVES, Operator, facet_of_all};

/// Example field names and a `_where` made from the data itself: the place (the location
/// role, else the first field) and the skills (the skills role, else the first list), with
/// their most common values.
pub(in crate::serve) struct Examples {
    /// The place's field name.
    pub(in crate::serve) place: String,
    /// A `_where` on the data's own fields and values.
    pub(in crate::serve) where_json: String,
}

impl Examples {
    /// The examples of `dataset`.
    pub(in crate::serve) fn of(dataset: &Dataset) -> Examples {
        let fields = dataset.fields();
        let place = dataset
            .roles()
            .field(Role::Location)
            .or_else(|| fields.iter().position(|f| !f.is_list()));
        let list = dataset
            .roles()
            .field(Role::Skills)
            .or_else(|| fields.iter().position(|f| f.is_list()));
        let top = |field: usize, n: usize| -> Vec<String> {
            facet_of_all(dataset, field, Some(n))
                .into_iter()
                .map(|v| v.value)
                .collect()
        };
        let eq = |field: usize, value: &str| json!({ fields[field].name.clone(): { "eq": value } });
        let mut query = serde_json::Map::new();
        if let Some(list) = list {
            let any: Vec<Value> = top(list, 2).iter().map(|v| eq(list, v)).collect();
            query.insert("or".into(), Value::Array(any));
        }
        if let Some(place) = place
            && let Some(value) = top(place, 1).first()
        {
            query.insert("not".into(), eq(place, value));
        }
        Examples {
            place: place.map_or_else(|| "Field".to_owned(), |f| fields[f].name.clone()),
            where_json: Value::Object(query).to_string(),
        }
    }
}

/// The filter parameters: one per field (`Field=value`), the `Field:op=value` family,
/// `_where` and `_search`.
pub(super) fn filter_params(dataset: &Dataset) -> Vec<Value> {
    let mut filters: Vec<Value> = dataset
        .fields()
        .iter()
        .map(|f| {
            json!({
                "name": f.name,
                "in": "query",
                "required": false,
                "description": if f.is_list() {
                    format!("Filter on {} (a list; token mode compares items)", f.name)
                } else {
                    format!("Filter on {}", f.name)
                },
                "schema": { "type": "string" },
            })
        })
        .collect();
    let field_names: Vec<&str> = dataset.fields().iter().map(|f| f.name.as_str()).collect();
    let operators = Operator::ALL.map(Operator::name);
    let examples = Examples::of(dataset);
    filters.push(json!({
        "name": "operators",
        "in": "query",
        "required": false,
        "style": "form",
        "explode": true,
        "description": format!(
            "Field:op=value filters, e.g. `{place}:in=a,b` or `Id:gte=100`. Operators: {}. \
             `in`/`nin` take a comma-separated list (double-quote a value that holds a \
             comma); lt, lte, gt, gte and covers take a number. Several on one field must \
             all hold.",
            operators.join(", "),
            place = examples.place,
        ),
        "schema": operator_schema(&field_names),
    }));
    filters.push(json!({
        "name": "_where",
        "in": "query",
        "required": false,
        "description": format!(
            "A boolean query as JSON: a leaf is {{\"Field\": {{\"op\": value}}}}, combined \
             with {{\"and\": [...]}}, {{\"or\": [...]}} and {{\"not\": {{...}}}}; ANDed \
             with the other filters. At most {MAX_WHERE_DEPTH} levels and {MAX_WHERE_LEAVES} \
             tests; a query that takes longer than the server's time limit to evaluate \
             (`--query-time-limit`, 1 s by default) is stopped and answered 400."
        ),
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Where" } } },
        "example": examples.where_json,
    }));
    filters.push(json!({
        "name": "_search",
        "in": "query",
        "required": false,
        "description": "Every word must appear, case-insensitively, inside some field; \
                        \"a phrase\" in double quotes is one term. Without _sort, the \
                        records come best first (BM25 over the fields)",
        "schema": { "type": "string" },
    }));
    filters
}

/// The parameter for option `name` (`field_names` are the values `_field` takes).
pub(super) fn option(name: &str, field_names: &[&str]) -> Value {
    let (description, schema) = match name {
        "_match" => (
            "How values match: regex (default, the lab's semantics), token, substring",
            json!({ "type": "string", "enum": ["regex", "token", "substring"] }),
        ),
        "_limit" => ("The most items to return", count(0)),
        "_offset" => ("How many matching records to skip", count(0)),
        "_page" => (
            "The page to return, from 1, of _per_page records (instead of _offset/_limit)",
            count(1),
        ),
        "_download" => (
            "1: the answer is a file to save (Content-Disposition: attachment; filename \
             jobs.<format>); in CSV every cell is quoted, and a cell that starts with a tab, \
             CR or NUL, or with =, +, -, @ after any white space, ; or |, gets a leading ' \
             so that a spreadsheet shows it as text instead of running it",
            json!({ "type": "string", "enum": ["0", "1", "true", "false"] }),
        ),
        "_per_page" => ("How many records a page holds (default 10)", {
            let mut schema = count(0);
            schema["default"] = json!(DEFAULT_PER_PAGE);
            schema
        }),
        "_fields" => (
            "Comma-separated fields to return, in order, each at most once",
            field_list(field_names, false),
        ),
        "_sort" => (
            "Comma-separated fields to sort by, most significant first; prefix a field \
             with - for descending (e.g. a,-b: by a, then by b from the largest)",
            field_list(field_names, true),
        ),
        "_format" => (
            "Response format (default json, or from the Accept header); xlsx is a \
             workbook of one sheet, at most 1048575 rows and as many cells as the server's \
             --max-workbook-cells (default 1000000)",
            json!({ "type": "string", "enum": ["json", "ndjson", "csv", "xlsx"] }),
        ),
        _ => (
            "The field to count values of; give it more than once for several facets",
            json!({ "type": "array", "items": { "type": "string", "enum": field_names } }),
        ),
    };
    json!({
        "name": name,
        "in": "query",
        "required": name == "_field",
        "description": description,
        "style": "form",
        // A list in one parameter is comma-separated; `_field` is given once per field.
        "explode": !matches!(name, "_fields" | "_sort"),
        "schema": schema,
    })
}

/// A whole number from `minimum` up to the largest the server reads.
fn count(minimum: usize) -> Value {
    json!({ "type": "integer", "minimum": minimum, "maximum": usize::MAX })
}
