//! The complete API in-process over a small awkward data set: facets, paging, projection,
//! sorting, formats, self-description, CORS and compression.

use std::io::Read;

use crate::common::http::ids;
use crate::common::inproc::Api;

#[test]
fn facets_count_list_items_across_case_variants() {
    let server = Api::fixture();
    let body = server
        .get_query("/data/facets", &[("_field", "Key Skills")])
        .json();
    assert_eq!(body["field"], "Key Skills");
    assert_eq!(body["total"], 5);
    let values: Vec<(String, u64)> = body["values"]
        .as_array()
        .expect("values")
        .iter()
        .map(|v| {
            (
                v["value"].as_str().expect("value").into(),
                v["count"].as_u64().expect("n"),
            )
        })
        .collect();
    let want = [
        ("Javascript", 4),
        ("Python", 2),
        ("Excel", 1),
        ("SQL", 1),
        ("Sales", 1),
    ];
    let want: Vec<(String, u64)> = want.iter().map(|(v, n)| (v.to_string(), *n)).collect();
    assert_eq!(values, want);
    let seattle = server
        .get_query(
            "/data/facets",
            &[
                ("_field", "Key Skills"),
                ("Location", "Seattle"),
                ("_limit", "1"),
            ],
        )
        .json();
    assert_eq!(seattle["total"], 2);
    assert_eq!(
        seattle["values"],
        serde_json::json!([{ "value": "Javascript", "count": 2 }])
    );
    let missing = server.get("/data/facets?Location=Austin");
    assert_eq!(missing.status, 400);
    assert!(
        missing.json()["error"]
            .as_str()
            .is_some_and(|e| e.contains("_field"))
    );
    assert_eq!(server.get("/data/facets?_field=Nope").status, 400);
}

#[test]
fn paging_at_and_past_the_end() {
    let server = Api::fixture();
    let first = server.get("/data?_limit=2");
    assert_eq!(first.header("x-total-count"), Some("5"));
    assert_eq!(ids(&first.json()), [5, 3]);
    assert_eq!(
        first.header("link"),
        Some("</data?_limit=2&_offset=2>; rel=\"next\"")
    );
    let last = server.get("/data?_limit=2&_offset=4");
    assert_eq!(ids(&last.json()), [7]);
    assert_eq!(
        last.header("link"),
        Some("</data?_limit=2&_offset=2>; rel=\"prev\"")
    );
    let exact = server.get("/data?_offset=3&_limit=2");
    assert_eq!(ids(&exact.json()), [1, 7]);
    assert!(!exact.header("link").unwrap_or("").contains("next"));
    let encoded = server.get("/data?_limit=2&%5Foffset=2");
    assert_eq!(
        encoded.header("link"),
        Some("</data?_limit=2&_offset=4>; rel=\"next\", </data?_limit=2&_offset=0>; rel=\"prev\"")
    );
    let past = server.get("/data?_limit=2&_offset=50");
    assert_eq!(past.status, 200);
    assert_eq!(ids(&past.json()), [] as [i64; 0]);
    assert_eq!(past.header("x-total-count"), Some("5"));
    let filtered = server.get("/data?Location=Seattle&_limit=1");
    assert_eq!(filtered.header("x-total-count"), Some("2"));
    assert_eq!(
        filtered.header("link"),
        Some("</data?Location=Seattle&_limit=1&_offset=1>; rel=\"next\"")
    );
    // Pages put back together are the unpaged result.
    let mut pieces = Vec::new();
    for offset in (0..5).step_by(2) {
        pieces.extend(ids(&server
            .get(&format!("/data?_limit=2&_offset={offset}"))
            .json()));
    }
    assert_eq!(pieces, ids(&server.get("/data").json()));
    assert_eq!(server.get("/data?_limit=-1").status, 400);
}

#[test]
fn projection_and_sorting() {
    let server = Api::fixture();
    let body = server.get_query("/data", &[("_fields", "Location,Id"), ("_limit", "1")]);
    assert_eq!(body.text(), r#"[{"Location":"Seattle","Id":5}]"#);
    let unknown = server.get_query("/data", &[("_fields", "Id,Salary")]);
    assert_eq!(unknown.status, 400);
    assert!(
        unknown.json()["error"]
            .as_str()
            .is_some_and(|e| e.contains("\"Salary\""))
    );
    // Numbers sort as numbers; records without the field come last; the sort is stable.
    assert_eq!(ids(&server.get("/data?_sort=Pay").json()), [9, 3, 5, 1, 7]);
    assert_eq!(ids(&server.get("/data?_sort=-Pay").json()), [1, 5, 3, 9, 7]);
    assert_eq!(
        ids(&server.get("/data?_sort=Location").json()),
        [3, 1, 7, 5, 9]
    );
    assert_eq!(
        ids(&server.get("/data?_sort=-Id&_limit=2&_offset=1").json()),
        [7, 5]
    );
}

#[test]
fn formats_give_the_same_answer() {
    let server = Api::fixture();
    let json = server.get("/data?Location=Seattle&_sort=Id").json();
    let ndjson = server.get("/data?Location=Seattle&_sort=Id&_format=ndjson");
    assert_eq!(ndjson.header("content-type"), Some("application/x-ndjson"));
    assert_eq!(
        serde_json::Value::Array(crate::common::http::ndjson(&ndjson.text())),
        json
    );

    // CSV round trip of awkward values: commas, quotes, newlines, backslashes, non-ASCII.
    let csv = server.get("/data?_format=csv");
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    let mut reader = csv::Reader::from_reader(csv.body.as_slice());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(header, ["Id", "Job Title", "Key Skills", "Location", "Pay"]);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let all = server.get("/data").json();
    assert_eq!(rows.len(), 5);
    for (row, record) in rows.iter().zip(all.as_array().expect("array")) {
        assert_eq!(&row[1], record["Job Title"].as_str().expect("title"));
        assert_eq!(&row[2], record["Key Skills"].as_str().expect("skills"));
        assert_eq!(row[0].parse::<i64>().ok(), record["Id"].as_i64());
    }
    assert_eq!(&rows[4][4], "");

    // The Accept header chooses the format when _format is absent.
    let by_accept = server.get_with("/data?_fields=Id&_limit=2", ("Accept", "text/csv"));
    assert_eq!(by_accept.text(), "Id\r\n5\r\n3\r\n");
    let projected = server.get("/data?_fields=Id,Location&_format=csv&_limit=1");
    assert_eq!(projected.text(), "Id,Location\r\n5,Seattle\r\n");
}

#[test]
fn self_description() {
    let server = Api::fixture();
    assert_eq!(
        server.get("/health").json(),
        serde_json::json!({"status": "ok", "records": 5})
    );
    let fields = server.get("/fields").json();
    let skills = &fields["fields"][2];
    assert_eq!(skills["name"], "Key Skills");
    assert_eq!(skills["list"], true);
    assert_eq!(skills["distinct"], 5);
    assert_eq!(fields["fields"][3]["distinct"], 3);
    let page = server.get("/");
    assert!(
        page.header("content-type")
            .is_some_and(|t| t.starts_with("text/html"))
    );
    let html = page.text();
    // Every example link on the page works against the loaded data.
    let links: Vec<&str> = html
        .split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    assert!(links.len() >= 5, "{links:?}");
    for link in links {
        // A place on this page (`#filters`): its target is on the page.
        if let Some(id) = link.strip_prefix('#') {
            assert!(html.contains(&format!("id=\"{id}\"")), "{link}");
            continue;
        }
        let link = link.replace("&amp;", "&");
        let response = server.get(&link);
        assert_eq!(response.status, 200, "{link}");
    }
}

#[test]
fn openapi_documents_every_route() {
    use jobsctl::serve::ROUTES;
    let server = Api::fixture();
    let doc = server.get("/openapi.json").json();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().expect("paths");
    for route in ROUTES {
        assert!(paths.contains_key(route), "{route} is not documented");
        assert_ne!(server.get(route).status, 404, "{route} is not a route");
    }
    for (path, item) in paths {
        assert!(ROUTES.contains(&path.as_str()), "{path} is not a route");
        let required: Vec<String> = item["get"]["parameters"]
            .as_array()
            .map(|ps| {
                ps.iter()
                    .filter(|p| p["required"] == true)
                    .map(|p| format!("{}=Id", p["name"].as_str().expect("name")))
                    .collect()
            })
            .unwrap_or_default();
        let response = server.get(&format!("{path}?{}", required.join("&")));
        assert_eq!(response.status, 200, "{path}");
        assert!(item["get"]["responses"]["200"].is_object(), "{path}");
    }
    // Each field is a documented filter of /data, and the paging options are one exploded
    // object whose schema keeps _limit/_offset and _page/_per_page apart.
    let parameters = doc["paths"]["/data"]["get"]["parameters"]
        .as_array()
        .expect("parameters");
    let params: Vec<&str> = parameters
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    for name in [
        "Id",
        "Key Skills",
        "Location",
        "_match",
        "paging",
        "_format",
    ] {
        assert!(params.contains(&name), "{name}");
    }
    let paging = parameters
        .iter()
        .find(|p| p["name"] == "paging")
        .expect("paging");
    assert_eq!(paging["explode"], true);
    let groups = paging["schema"]["anyOf"].as_array().expect("anyOf");
    assert!(groups[0]["properties"]["_limit"].is_object(), "{paging}");
    assert!(groups[1]["properties"]["_page"].is_object(), "{paging}");
    assert_eq!(groups[0]["additionalProperties"], false);
}

#[test]
fn cors_compression_and_preflight() {
    let server = Api::fixture();
    let response = server.get("/data/count");
    assert_eq!(response.header("access-control-allow-origin"), Some("*"));
    assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
    let preflight = server.request("OPTIONS", "/data");
    assert_eq!(preflight.status, 204);
    assert!(
        preflight
            .header("access-control-allow-methods")
            .is_some_and(|m| m.contains("GET"))
    );

    let gzipped = server.get_with("/data/all", ("Accept-Encoding", "gzip"));
    assert_eq!(gzipped.header("content-encoding"), Some("gzip"));
    let mut text = String::new();
    flate2::read::GzDecoder::new(gzipped.body.as_slice())
        .read_to_string(&mut text)
        .expect("gunzip");
    let plain = server.get("/data/all");
    assert_eq!(text.as_bytes(), plain.body.as_slice());

    let quiet = Api::fixture_without_cors();
    assert_eq!(
        quiet.get("/data").header("access-control-allow-origin"),
        None
    );
}
