//! The OpenAPI 3.1 document served at `/openapi.json`, built from the loaded data so that
//! each field appears as a filter parameter with its real type.

use serde_json::{Value, json};

use super::{explorer, xlsx};
use crate::dataset::{Dataset, JsonType};
use crate::filter::{
    DEFAULT_PER_PAGE, MAX_FILTERS, MAX_PATTERN_BYTES, MAX_QUERY_BYTES, MAX_WHERE_BYTES,
    MAX_WHERE_DEPTH, MAX_WHERE_LEAVES, OPTION_NAMES, Operator,
};

/// The document for `dataset`.
pub fn document(dataset: &Dataset) -> Value {
    let filters: Vec<Value> = dataset
        .fields()
        .iter()
        .map(|f| {
            json!({
                "name": f.name,
                "in": "query",
                "required": false,
                "description": if f.list {
                    format!("Filter on {} (a |-separated list; token mode compares items)", f.name)
                } else {
                    format!("Filter on {}", f.name)
                },
                "schema": { "type": "string", "maxLength": MAX_PATTERN_BYTES },
            })
        })
        .collect();
    let field_names: Vec<&str> = dataset.fields().iter().map(|f| f.name.as_str()).collect();
    let operators = Operator::ALL.map(Operator::name);
    let filters = {
        let mut filters = filters;
        filters.push(json!({
            "name": "operators",
            "in": "query",
            "required": false,
            "style": "form",
            "explode": true,
            "description": format!(
                "Field:op=value filters, e.g. `Job Experience Required:covers=3` or \
                 `Location:in=Seattle,Austin`. Operators: {}. `in`/`nin` take a comma-separated \
                 list (double-quote a value that holds a comma); lt, lte, gt, gte and covers take \
                 a number. Several on one field must all hold.",
                operators.join(", ")
            ),
            "schema": {
                "type": "object",
                "propertyNames": {
                    "pattern": format!(
                        "^({}):({})$",
                        field_names.iter().map(|f| regex::escape(f)).collect::<Vec<_>>().join("|"),
                        operators.join("|")
                    )
                },
                "additionalProperties": { "type": "string", "maxLength": MAX_PATTERN_BYTES }
            }
        }));
        filters.push(json!({
            "name": "_where",
            "in": "query",
            "required": false,
            "description": format!(
                "A boolean query as JSON: a leaf is {{\"Field\": {{\"op\": value}}}}, combined \
                 with {{\"and\": [...]}}, {{\"or\": [...]}} and {{\"not\": {{...}}}}; ANDed \
                 with the other filters. At most {MAX_WHERE_BYTES} bytes, {MAX_WHERE_DEPTH} \
                 levels and {MAX_WHERE_LEAVES} tests."
            ),
            "schema": { "type": "string", "maxLength": MAX_WHERE_BYTES },
            "example": r#"{"or":[{"Key Skills":{"eq":"Go"}},{"Key Skills":{"eq":"Rust"}}],"not":{"Location":{"eq":"Detroit"}}}"#,
        }));
        filters.push(json!({
            "name": "_search",
            "in": "query",
            "required": false,
            "description": "Every word must appear, case-insensitively, inside some field; \
                            \"a phrase\" in double quotes is one term",
            "schema": { "type": "string", "maxLength": MAX_PATTERN_BYTES },
        }));
        filters
    };
    let option = |name: &str| -> Value {
        let (description, schema) = match name {
            "_match" => (
                "How values match: regex (default, the lab's semantics), token, substring",
                json!({ "type": "string", "enum": ["regex", "token", "substring"] }),
            ),
            "_limit" => (
                "The most items to return",
                json!({ "type": "integer", "minimum": 0 }),
            ),
            "_offset" => (
                "How many matching records to skip",
                json!({ "type": "integer", "minimum": 0 }),
            ),
            "_page" => (
                "The page to return, from 1, of _per_page records (instead of _offset/_limit)",
                json!({ "type": "integer", "minimum": 1 }),
            ),
            "_per_page" => (
                "How many records a page holds (default 10)",
                json!({ "type": "integer", "minimum": 0, "default": DEFAULT_PER_PAGE }),
            ),
            "_fields" => (
                "Comma-separated fields to return, in order",
                json!({ "type": "string" }),
            ),
            "_sort" => (
                "Comma-separated fields to sort by, most significant first; prefix a field \
                 with - for descending (e.g. Location,-Id)",
                json!({ "type": "string" }),
            ),
            "_format" => (
                "Response format (default json, or from the Accept header); xlsx is a \
                 workbook of one sheet, at most 1048575 rows",
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
            "explode": true,
            "schema": schema,
        })
    };
    let with = |names: &[&str]| -> Vec<Value> {
        let mut params = filters.clone();
        params.extend(
            OPTION_NAMES
                .iter()
                .filter(|n| names.contains(n))
                .map(|n| option(n)),
        );
        params
    };
    let list_options = [
        "_match",
        "_limit",
        "_offset",
        "_page",
        "_per_page",
        "_fields",
        "_sort",
        "_format",
    ];
    let all_params: Vec<Value> = list_options[1..].iter().map(|n| option(n)).collect();
    let error = json!({ "$ref": "#/components/responses/Error" });
    let too_long = json!({ "$ref": "#/components/responses/TooLong" });
    let workbook =
        json!({ "schema": { "type": "string", "contentMediaType": xlsx::CONTENT_TYPE } });
    let mut facet_params = with(&["_match", "_field", "_limit", "_format"]);
    for param in &mut facet_params {
        if param["name"] == "_format" {
            param["description"] = json!(
                "Response format: json (the default) or xlsx (sheet facets: <Field> | count; \
                 the Total property holds the number of matching records), or from the \
                 Accept header"
            );
            param["schema"] = json!({ "type": "string", "enum": ["json", "xlsx"] });
        }
    }
    let list_response = json!({
        "description": "The matching records",
        "headers": {
            "X-Total-Count": {
                "description": "The number of matching records, before paging",
                "schema": { "type": "integer" }
            },
            "Link": {
                "description": "next and prev pages, when _limit pages the result",
                "schema": { "type": "string" }
            },
            "Content-Disposition": {
                "description": format!("{} for a workbook", xlsx::attachment(xlsx::RECORDS_FILE)),
                "schema": { "type": "string" }
            }
        },
        "content": {
            "application/json": {
                "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Record" } }
            },
            "application/x-ndjson": { "schema": { "type": "string" } },
            "text/csv": { "schema": { "type": "string" } },
            (xlsx::CONTENT_TYPE): workbook.clone()
        }
    });
    let json_response = |description: &str, schema: Value| {
        json!({
            "description": description,
            "content": { "application/json": { "schema": schema } }
        })
    };
    let mut document = json!({
        "openapi": "3.1.0",
        "info": {
            "title": "jobsctl jobs API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": format!(
                "Job postings, filtered by query parameters named after fields (all must \
                 match; at most {MAX_FILTERS}). Options start with _. The explorer is at /."
            ),
        },
        "externalDocs": { "description": "The API reference page", "url": "/api" },
        "paths": {
            "/api": { "get": {
                "summary": "A page documenting the API",
                "responses": { "200": {
                    "description": "HTML",
                    "content": { "text/html": { "schema": { "type": "string" } } }
                } }
            } },
            "/health": { "get": {
                "summary": "Liveness and the number of records",
                "responses": { "200": json_response("Status", json!({
                    "type": "object",
                    "required": ["status", "records"],
                    "properties": {
                        "status": { "type": "string", "const": "ok" },
                        "records": { "type": "integer", "minimum": 0 }
                    }
                })) }
            } },
            "/fields": { "get": {
                "summary": "Every field, its number of distinct values, whether it is a list",
                "responses": { "200": json_response("Fields", json!({
                    "type": "object",
                    "required": ["records", "fields"],
                    "properties": {
                        "records": { "type": "integer", "minimum": 0 },
                        "fields": { "type": "array", "items": {
                            "type": "object",
                            "required": ["name", "distinct", "list"],
                            "properties": {
                                "name": { "type": "string" },
                                "distinct": { "type": "integer", "minimum": 0 },
                                "list": { "type": "boolean" }
                            }
                        } }
                    }
                })) }
            } },
            "/openapi.json": { "get": {
                "summary": "This document",
                "responses": { "200": json_response("OpenAPI 3.1", json!({ "type": "object" })) }
            } },
            "/data": { "get": {
                "summary": "Records matching every filter",
                "parameters": with(&list_options),
                "responses": {
                    "200": list_response.clone(), "400": error.clone(), "414": too_long.clone()
                }
            } },
            "/data/all": { "get": {
                "summary": "Every record (no filters; paging, projection, sorting, formats apply)",
                "parameters": all_params,
                "responses": {
                    "200": list_response, "400": error.clone(), "414": too_long.clone()
                }
            } },
            "/data/count": { "get": {
                "summary": "How many records match every filter",
                "parameters": with(&["_match"]),
                "responses": {
                    "200": json_response("The count", json!({
                        "type": "object",
                        "required": ["count"],
                        "properties": { "count": { "type": "integer", "minimum": 0 } }
                    })),
                    "400": error.clone(),
                    "414": too_long.clone()
                }
            } },
            "/data/facets": { "get": {
                "summary": "How many matching records have each value of a field",
                "parameters": facet_params,
                "responses": {
                    "200": with_workbook(json_response(
                        "Value counts, most common first: one facet for one _field, a list \
                         of facets in the order asked for several",
                        json!({ "oneOf": [
                            {
                                "type": "object",
                                "required": ["field", "total", "values"],
                                "properties": {
                                    "field": { "type": "string" },
                                    "total": { "type": "integer", "minimum": 0 },
                                    "values": { "$ref": "#/components/schemas/FacetValues" }
                                }
                            },
                            {
                                "type": "object",
                                "required": ["total", "facets"],
                                "properties": {
                                    "total": { "type": "integer", "minimum": 0 },
                                    "facets": { "type": "array", "items": {
                                        "type": "object",
                                        "required": ["field", "values"],
                                        "properties": {
                                            "field": { "type": "string" },
                                            "values": {
                                                "$ref": "#/components/schemas/FacetValues"
                                            }
                                        }
                                    } }
                                }
                            }
                        ] })
                    ), &workbook, xlsx::FACETS_FILE),
                    "400": error,
                    "414": too_long
                }
            } }
        },
        "components": {
            "schemas": {
                "Record": record_schema(dataset),
                "FacetValues": { "type": "array", "items": {
                    "type": "object",
                    "required": ["value", "count"],
                    "properties": {
                        "value": { "type": "string" },
                        "count": { "type": "integer", "minimum": 1 }
                    }
                } },
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": { "error": { "type": "string" } }
                }
            },
            "responses": {
                "TooLong": json_response(
                    &format!("The query string is over {MAX_QUERY_BYTES} bytes"),
                    json!({ "$ref": "#/components/schemas/Error" })
                ),
                "Error": json_response(
                    "The query is not valid; the message says what to fix",
                    json!({ "$ref": "#/components/schemas/Error" })
                )
            }
        }
    });
    if let Some(paths) = document["paths"].as_object_mut() {
        paths.extend(explorer::openapi_paths());
    }
    document
}

/// `response` with a workbook as another content type, saved as `file`.
fn with_workbook(mut response: Value, workbook: &Value, file: &str) -> Value {
    response["content"][xlsx::CONTENT_TYPE] = workbook.clone();
    response["headers"]["Content-Disposition"] = json!({
        "description": format!("{} for a workbook", xlsx::attachment(file)),
        "schema": { "type": "string" }
    });
    response
}

/// A record's schema: each field with the JSON types its values have in the data.
fn record_schema(dataset: &Dataset) -> Value {
    let mut properties = serde_json::Map::new();
    for field in dataset.fields() {
        let mut types: Vec<&str> = Vec::new();
        for value in &field.values {
            let t = match value.json_type {
                JsonType::Null => "null",
                JsonType::Bool => "boolean",
                JsonType::Number if value.text.contains(['.', 'e', 'E']) => "number",
                JsonType::Number => "integer",
                JsonType::String => "string",
            };
            if !types.contains(&t) {
                types.push(t);
            }
        }
        if types.contains(&"number") {
            types.retain(|t| *t != "integer");
        }
        properties.insert(field.name.clone(), json!({ "type": types }));
    }
    json!({ "type": "object", "properties": properties })
}
