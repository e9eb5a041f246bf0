//! The OpenAPI 3.1 document served at `/openapi.json`, built from the loaded data so that
//! each field appears as a filter parameter with its real type.

mod grammar;
mod params;

pub(super) use params::Examples;
mod shared;

use serde_json::{Value, json};

use super::query::LIST_OPTIONS;
use super::{explorer, xlsx};
use crate::dataset::{Dataset, Kind, Role, RoleFrom};
use crate::filter::{
    DEFAULT_FACET_VALUES, MAX_FACET_VALUES, MAX_FACETS, MAX_FILTERS, MAX_QUERY_BYTES, QueryOption,
};
use grammar::{paging_schema, where_schemas};
use params::{filter_params, option};
use shared::{record_schema, with_caching, with_header_limit, with_workbook};

/// The document for `dataset`.
pub fn document(dataset: &Dataset) -> Value {
    let mut doc = describe(dataset);
    with_caching(&mut doc);
    with_header_limit(&mut doc);
    doc
}

/// The document, before the caching headers are added to the data routes.
fn describe(dataset: &Dataset) -> Value {
    let filters = filter_params(dataset);
    let field_names: Vec<&str> = dataset.fields().iter().map(|f| f.name.as_str()).collect();
    let option = |name: &str| option(name, &field_names);
    let with = |names: &[QueryOption]| -> Vec<Value> {
        let mut params = filters.clone();
        params.extend(options(names, &option));
        params
    };
    let mut list_options = vec![QueryOption::Match];
    list_options.extend_from_slice(LIST_OPTIONS);
    let all_params: Vec<Value> = options(LIST_OPTIONS, &option);
    let (where_schema, tests_schema) = where_schemas(&field_names);
    let kinds: Vec<&str> = Kind::ALL.map(Kind::name).into();
    let roles: Vec<&str> = Role::ALL.map(Role::name).into();
    let role_sources: Vec<&str> = RoleFrom::ALL.map(RoleFrom::name).into();
    let error = json!({ "$ref": "#/components/responses/Error" });
    let too_long = json!({ "$ref": "#/components/responses/TooLong" });
    let workbook =
        json!({ "schema": { "type": "string", "contentMediaType": xlsx::CONTENT_TYPE } });
    let mut facet_params = with(&[
        QueryOption::Match,
        QueryOption::Field,
        QueryOption::Limit,
        QueryOption::Format,
    ]);
    for param in &mut facet_params {
        if param["name"] == "_format" {
            param["description"] = json!(
                "Response format: json (the default) or xlsx (sheet facets: <Field> | count; \
                 the Total property holds the number of matching records), or from the \
                 Accept header"
            );
            param["schema"] = json!({ "type": "string", "enum": ["json", "xlsx"] });
        }
        if param["name"] == "_limit" {
            param["description"] = json!(format!(
                "The most values each facet lists (default {DEFAULT_FACET_VALUES}, at most \
                 {MAX_FACET_VALUES}); truncated says whether more exist"
            ));
            param["schema"]["maximum"] = json!(MAX_FACET_VALUES);
            param["schema"]["default"] = json!(DEFAULT_FACET_VALUES);
        }
        if param["name"] == "_field" {
            param["description"] = json!(format!(
                "The field to count values of; give it once per field, for at most \
                 {MAX_FACETS} facets"
            ));
            param["schema"]["uniqueItems"] = json!(true);
            param["schema"]["maxItems"] = json!(MAX_FACETS);
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
                "summary": "Every field: its kind, number of distinct values, how many records \
                            lack it, and how a list's items are written",
                "responses": { "200": json_response("Fields", json!({
                    "type": "object",
                    "required": ["records", "fields"],
                    "properties": {
                        "records": { "type": "integer", "minimum": 0 },
                        "fields": { "type": "array", "items": {
                            "type": "object",
                            "required": ["name", "kind", "distinct", "missing", "list"],
                            "properties": {
                                "name": { "type": "string" },
                                "kind": { "type": "string", "enum": kinds },
                                "distinct": { "type": "integer", "minimum": 0 },
                                "missing": { "type": "integer", "minimum": 0 },
                                "list": { "type": "boolean" },
                                "list_encoding": {
                                    "type": "string",
                                    "enum": ["separator", "json array", "python list"]
                                },
                                "separator": { "type": "string" },
                                "role": { "type": "string", "enum": roles },
                                "role_from": { "type": "string", "enum": role_sources },
                                "ranges": {
                                    "type": "integer",
                                    "minimum": 0,
                                    "description": "For a field of kind range: how many \
                                                    records' values read as a range"
                                },
                                "currencies": {
                                    "type": "object",
                                    "additionalProperties": { "type": "integer", "minimum": 0 },
                                    "description": "For pay: how many values name each \
                                                    currency (ISO 4217 codes)"
                                },
                                "read_from": {
                                    "type": "array",
                                    "items": { "type": "string" },
                                    "description": "For a field made at load (@salary): \
                                                    the fields it is read from"
                                }
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
                "parameters": with(&[QueryOption::Match]),
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
                "Where": where_schema,
                "Tests": tests_schema,
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
                    &format!(
                        "URI Too Long: the query string is over {MAX_QUERY_BYTES} bytes"
                    ),
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

/// The parameters for the options `names`, in documentation order. The four paging options
/// are one exploded object, `paging`, when a route takes them all: its schema says that
/// `_limit`/`_offset` and `_page`/`_per_page` do not mix.
fn options(names: &[QueryOption], option: &impl Fn(&str) -> Value) -> Vec<Value> {
    const PAGING: [QueryOption; 4] = [
        QueryOption::Limit,
        QueryOption::Offset,
        QueryOption::Page,
        QueryOption::PerPage,
    ];
    let paged = PAGING.iter().all(|n| names.contains(n));
    let mut params: Vec<Value> = QueryOption::ALL
        .iter()
        .filter(|n| names.contains(n) && !(paged && PAGING.contains(n)))
        .map(|n| option(n.name()))
        .collect();
    if paged {
        params.push(json!({
            "name": "paging",
            "in": "query",
            "required": false,
            "style": "form",
            "explode": true,
            "description": "_limit (the most records to return) and _offset (how many to \
                            skip), or _page (from 1) and _per_page (records a page holds, \
                            default 10), json-server's way; the two ways do not mix",
            "schema": paging_schema(option),
        }));
    }
    params
}
