//! The app in-process over the shipped jobs.json: the lab's routes, the query contract,
//! limits and hostile paths; and data files of other shapes.

use crate::common::inproc::Api;
use crate::common::{bundled_records, lab_count, token_count};

#[test]
fn lab_notebook_query_works_unchanged() {
    let server = Api::bundled();
    let data = bundled_records();
    // requests.get(".../data", params={"Key Skills": "Python"}); len(response.json())
    let response = server.get_query("/data", &[("Key Skills", "Python")]);
    assert_eq!(response.status, 200);
    assert_eq!(response.header("content-type"), Some("application/json"));
    let body = response.json();
    let rows = body.as_array().expect("array");
    assert_eq!(rows.len() as u64, lab_count(data, "Key Skills", "Python"));
    assert!(rows.iter().all(|r| r["Id"].is_number()));
    assert!(rows.iter().all(|r| {
        r["Key Skills"]
            .as_str()
            .is_some_and(|s| s.contains("Python"))
    }));
}

#[test]
fn counts_match_an_independent_reading_of_the_data() {
    let server = Api::bundled();
    let data = bundled_records();
    for name in [
        "C",
        "C++",
        "C#",
        "Java",
        "JavaScript",
        "Python",
        "SQL Server",
    ] {
        let regex = server
            .get_query("/data/count", &[("Key Skills", name)])
            .json();
        assert_eq!(
            regex["count"],
            lab_count(data, "Key Skills", name),
            "regex {name}"
        );
        let token = server
            .get_query("/data/count", &[("Key Skills", name), ("_match", "token")])
            .json();
        assert_eq!(
            token["count"],
            token_count(data, "Key Skills", name),
            "token {name}"
        );
    }
    // The lab's miscount, reproduced in regex mode and fixed in token mode.
    let c_regex = lab_count(data, "Key Skills", "C");
    let c_token = token_count(data, "Key Skills", "C");
    assert!(c_regex > 5 * c_token, "C: regex {c_regex}, token {c_token}");
    let java = token_count(data, "Key Skills", "Java");
    let java_regex = lab_count(data, "Key Skills", "Java");
    assert!(
        java_regex > java,
        "Java must not count JavaScript in token mode"
    );
}

#[test]
fn data_returns_records_exactly_as_loaded() {
    let server = Api::bundled();
    let data = bundled_records();
    let all = server.get("/data/all");
    assert_eq!(all.status, 200);
    let all = all.json();
    let all = all.as_array().expect("array");
    assert_eq!(all.len(), data.len());
    for (got, want) in all.iter().zip(data) {
        assert_eq!(got.as_object(), Some(want));
    }
    // No filter: every record (the lab answers null). This answer is streamed in pieces;
    // it must be the same JSON as the prebuilt /data/all, in every format.
    let unfiltered = server.get("/data").json();
    assert_eq!(unfiltered.as_array(), Some(all));
    let lines = crate::common::http::ndjson(&server.get("/data?_format=ndjson").text());
    assert_eq!(&lines, all);
    let csv = server.get("/data?_format=csv&_sort=-Id");
    let mut reader = csv::Reader::from_reader(csv.body.as_slice());
    let ids: Vec<u64> = reader
        .records()
        .map(|r| r.expect("csv row")[0].parse().expect("Id"))
        .collect();
    assert_eq!(ids.len(), data.len());
    assert!(ids.windows(2).all(|w| w[0] > w[1]));
    assert_eq!(server.get("/data/count").json()["count"], data.len() as u64);
}

#[test]
fn filters_are_anded() {
    let server = Api::bundled();
    let data = bundled_records();
    let expected = data
        .iter()
        .filter(|r| {
            let skills = r["Key Skills"].as_str().unwrap_or("").to_lowercase();
            let items: Vec<_> = skills.split('|').map(str::trim).collect();
            items.contains(&"python")
                && items.contains(&"sql")
                && r["Location"]
                    .as_str()
                    .is_some_and(|l| l.trim().eq_ignore_ascii_case("seattle"))
        })
        .count();
    let got = server.get_query(
        "/data",
        &[
            ("Key Skills", "python"),
            ("Location", "Seattle"),
            ("Key Skills", "SQL"),
            ("_match", "token"),
        ],
    );
    assert_eq!(got.json().as_array().map(Vec::len), Some(expected));
}

#[test]
fn bad_queries_get_json_errors_that_say_what_to_fix() {
    let server = Api::bundled();
    let cases = [
        (
            "/data?Key%20skills=Python",
            400,
            "did you mean \"Key Skills\"",
        ),
        ("/data/count?Salary=1", 400, "known fields: Id, Job Title"),
        (
            "/data?_match=fuzzy&Location=x",
            400,
            "use regex (the default), token or substring",
        ),
        ("/data?_nope=1", 400, "unknown option \"_nope\""),
        ("/data?Location=%zz", 400, "percent"),
        ("/data?Location=%FF", 400, "UTF-8"),
        ("/nope", 404, "no route /nope"),
        ("/data/all/extra", 404, "no route"),
    ];
    for (path, status, message) in cases {
        let response = server.get(path);
        assert_eq!(response.status, status, "{path}");
        let error = response.error();
        assert!(error.contains(message), "{path}: {error}");
    }
    for method in ["POST", "DELETE"] {
        let response = server.request(method, "/data");
        assert_eq!(response.status, 405, "{method}");
        assert_eq!(response.header("allow"), Some("GET, HEAD, OPTIONS"));
        assert!(response.error().contains("use GET"));
    }
    // (That a HEAD answer has no body is the HTTP layer's doing: see tests/server.rs.)
    assert_eq!(server.request("HEAD", "/data/count").status, 200);
}

#[test]
fn limits_give_clear_4xx_json_errors() {
    let server = Api::bundled();
    let long = format!("/data?Location={}", "a".repeat(9000));
    let response = server.get(&long);
    assert_eq!(response.status, 414);
    assert!(response.error().contains("the limit is 8192"));

    let many = vec!["Location=a"; 65].join("&");
    let response = server.get(&format!("/data/count?{many}"));
    assert_eq!(response.status, 400);
    assert!(response.error().contains("at most 64 filters"));

    let response = server.get_query("/data/count", &[("Job Title", "(\\w{500}){500}")]);
    assert_eq!(response.status, 400);
    assert!(
        response.error().contains("too large"),
        "{}",
        response.error()
    );

    for path in [
        "/../jobs.json",
        "/data/%2e%2e/jobs.json",
        "/data/..%2f..%2fjobs.json",
        "/jobs.json",
    ] {
        let response = server.get(path);
        assert_eq!(response.status, 404, "{path}");
        assert!(!response.text().contains("Job Title"), "{path}");
    }
}

#[test]
fn any_flat_records_load_and_keep_their_values() {
    let server = Api::from_json(
        r#"[{"Id": 1, "Name": "a \"quoted\" \\ value", "Score": 2.5, "Ok": true, "Gone": null},
           {"Name": "b", "Id": 2}]"#,
    );
    let all = server.get("/data/all").json();
    assert_eq!(all[0]["Name"], "a \"quoted\" \\ value");
    assert_eq!(all[0]["Score"], 2.5);
    assert_eq!(all[0]["Ok"], true);
    assert!(all[0]["Gone"].is_null());
    assert_eq!(
        server.get("/data/count?Score=2.5&_match=token").json()["count"],
        1
    );
    assert_eq!(server.get("/data/count?Id=2").json()["count"], 1);
    assert_eq!(server.get("/data/count?Ok=true").json()["count"], 1);
}

#[test]
fn empty_array_is_served() {
    let server = Api::from_json("[]");
    assert_eq!(server.get("/data/all").json(), serde_json::json!([]));
    assert_eq!(server.get("/data/count").json()["count"], 0);
}
