//! What the data routes' descriptions share: caching headers and the 304, the workbook as
//! another content type, and a record's schema from the data.

use serde_json::{Value, json};

use super::super::caching::CACHED_ROUTES;
use super::super::middleware::MAX_HEADER_BYTES;
use super::super::xlsx;
use crate::dataset::{Dataset, JsonType};

/// Adds what every data route shares: `ETag` and `Cache-Control` on its 200, the
/// `If-None-Match` header it reads, and the 304 it answers when that matches.
pub(super) fn with_caching(doc: &mut Value) {
    for route in CACHED_ROUTES {
        let Some(get) = doc["paths"][route]["get"].as_object_mut() else {
            continue;
        };
        let parameters = get.entry("parameters").or_insert_with(|| json!([]));
        if let Some(parameters) = parameters.as_array_mut() {
            parameters.push(json!({
                "name": "If-None-Match",
                "in": "header",
                "required": false,
                "description": "An ETag from an earlier answer: when it is still current, the \
                                answer is 304 with no body",
                "schema": { "type": "string" }
            }));
        }
        let responses = get.entry("responses").or_insert_with(|| json!({}));
        responses["200"]["headers"]["ETag"] = json!({
            "description": "A strong validator from the data's content and the normalized \
                            query (a compressed answer's tag ends in -gzip or -br)",
            "schema": { "type": "string" }
        });
        responses["200"]["headers"]["Cache-Control"] = json!({
            "description": "public, max-age=N (serve --cache-max-age, default 60), or no-cache",
            "schema": { "type": "string" }
        });
        responses["503"] = json!({
            "description": "Busy: too many expensive queries (regular expressions, ranges, \
                            searches not answered before, workbooks, big lists) are waiting, \
                            or as many large answers as allowed (serve --max-streams) are \
                            being sent; retry after the Retry-After seconds",
            "headers": { "Retry-After": { "schema": { "type": "integer" } } },
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
        });
        responses["304"] = json!({
            "description": "Not Modified: If-None-Match holds the current ETag; no body",
            "headers": {
                "ETag": { "schema": { "type": "string" } },
                "Cache-Control": { "schema": { "type": "string" } }
            }
        });
    }
}

/// Adds the 431 that every route answers to headers over [`MAX_HEADER_BYTES`] in total,
/// and its shared description.
pub(super) fn with_header_limit(doc: &mut Value) {
    if let Some(paths) = doc["paths"].as_object_mut() {
        for path in paths.values_mut() {
            if let Some(operations) = path.as_object_mut() {
                for operation in operations.values_mut() {
                    operation["responses"]["431"] =
                        json!({ "$ref": "#/components/responses/HeadersTooLarge" });
                }
            }
        }
    }
    doc["components"]["responses"]["HeadersTooLarge"] = json!({
        "description": format!(
            "Request Header Fields Too Large: the header fields total over \
             {MAX_HEADER_BYTES} bytes (each counted as `Name: value` and a line break)"
        ),
        "content": { "application/json": {
            "schema": { "$ref": "#/components/schemas/Error" }
        } }
    });
}

/// `response` with a workbook as another content type, saved as `file`.
pub(super) fn with_workbook(mut response: Value, workbook: &Value, file: &str) -> Value {
    response["content"][xlsx::CONTENT_TYPE] = workbook.clone();
    response["headers"]["Content-Disposition"] = json!({
        "description": format!("{} for a workbook", xlsx::attachment(file)),
        "schema": { "type": "string" }
    });
    response
}

/// A record's schema: each field with the JSON types its values have in the data.
pub(super) fn record_schema(dataset: &Dataset) -> Value {
    let mut properties = serde_json::Map::new();
    for field in dataset.columns() {
        let mut types: Vec<&str> = Vec::new();
        for value in field.values.iter() {
            let t = match value.json_type {
                JsonType::Null => "null",
                JsonType::Bool => "boolean",
                JsonType::Number if value.text.contains(['.', 'e', 'E']) => "number",
                JsonType::Number => "integer",
                JsonType::String => "string",
                JsonType::Array => "array",
                JsonType::Object => "object",
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
