//! The explorer's routes as the OpenAPI document describes them: the page and its files.

use serde_json::{Map, Value, json};

use super::assets::ASSETS;

/// The OpenAPI path items of `/` and of each file under `/assets/`.
pub fn openapi_paths() -> Map<String, Value> {
    let html = json!({ "text/html": { "schema": { "type": "string" } } });
    let mut paths = Map::new();
    paths.insert(
        "/".to_owned(),
        json!({ "get": {
            "summary": "The explorer: matching postings, facets and charts as an HTML page",
            "description": "Takes the query of /data (filters, _match, _where, _search, _sort, \
                            _fields, _page, _per_page) and _field for its facets. A query with \
                            errors is still shown, answered 400, the errors beside the search \
                            box. The API reference is at /api.",
            "responses": {
                "200": { "description": "The page", "content": html },
                "303": { "description": "A submitted search form, sent on to its plain URL" },
                "400": { "description": "The page, showing what could not be used", "content": html }
            }
        } }),
    );
    for asset in &ASSETS {
        paths.insert(
            format!("/assets/{}", asset.name),
            json!({ "get": {
                "summary": format!("The explorer's {}, embedded in the binary", asset.name),
                "responses": { "200": {
                    "description": "The file; asked with ?v=<the version the page links to>, \
                                    cacheable for a year",
                    "content": { asset.content_type: { "schema": { "type": "string" } } }
                } }
            } }),
        );
    }
    paths
}
