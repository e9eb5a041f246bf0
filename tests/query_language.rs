//! The query language through the public doors: operators, `_where`, `_search`, several
//! facets, `_page` and multi-key `_sort` on the in-process app; `--filter`, `--where` and
//! `--top` through the real binary. Expected answers are worked out here, independently.

use serde_json::{Value, json};

use crate::common::bin::{assert_success, run};
use crate::common::inproc::Api;
use crate::common::{bundled_records, text_of, token_count};

/// Postings whose experience is written every way real data writes it.
fn fixture() -> Vec<Value> {
    vec![
        json!({"Id": 1, "Job Experience Required": "2 - 5 yrs", "Key Skills": "Go| Rust", "Location": "Detroit", "Job Title": "Backend Developer"}),
        json!({"Id": 2, "Job Experience Required": "3 - 8 Years", "Key Skills": "go|Java", "Location": "Austin", "Job Title": "Java Developer"}),
        json!({"Id": 3, "Job Experience Required": "0 Years", "Key Skills": "Python", "Location": "Washington, DC", "Job Title": "Data Analyst"}),
        json!({"Id": 4, "Job Experience Required": "30 years and above", "Key Skills": "Rust", "Location": "Austin", "Job Title": "Principal Engineer"}),
        json!({"Id": 5, "Job Experience Required": "2-5 YRS", "Key Skills": "Machine Learning| Python", "Location": "Seattle", "Job Title": "ML Engineer"}),
        json!({"Id": 6, "Location": "Seattle", "Job Title": "Machine Learning Lead"}),
    ]
}

/// The in-process app over `data`.
fn api(data: &[Value]) -> Api {
    Api::from_json(&serde_json::to_string(data).expect("json"))
}

fn json_of(api: &Api, uri: &str) -> Value {
    let response = api.get(uri);
    assert_eq!(response.status, 200, "{uri}: {}", response.text());
    response.json()
}

fn ids(api: &Api, query: &str) -> Vec<i64> {
    json_of(api, &format!("/data?{query}&_fields=Id"))
        .as_array()
        .expect("array")
        .iter()
        .map(|r| r["Id"].as_i64().expect("Id"))
        .collect()
}

#[test]
fn operators_and_where_select_what_analysts_ask_for() {
    let data = api(&fixture());
    let cases: [(&str, &[i64]); 13] = [
        ("Job%20Experience%20Required:covers=3", &[1, 2, 5]),
        ("Job%20Experience%20Required:covers=0", &[3]),
        ("Job%20Experience%20Required:covers=40", &[4]),
        ("Job%20Experience%20Required:gte=3", &[2, 4]),
        ("Id:gte=2&Id:lt=5", &[2, 3, 4]),
        ("Key%20Skills:eq=GO", &[1, 2]),
        ("Key%20Skills:ne=go", &[3, 4, 5, 6]),
        ("Location:in=Austin,%22Washington,%20DC%22", &[2, 3, 4]),
        ("Location:nin=Austin,%22Washington,%20DC%22", &[1, 5, 6]),
        ("Job%20Title:contains=ENGINEER", &[4, 5]),
        // Best first: 6 holds both words in a title of three words; 5 in a skill and
        // a title that holds neither.
        ("_search=machine%20learning", &[6, 5]),
        ("_search=%22machine%20learning%22%20lead", &[6]),
        // Python or Go, but not in Detroit.
        (
            "_where=%7B%22or%22%3A%5B%7B%22Key%20Skills%22%3A%7B%22eq%22%3A%22Go%22%7D%7D%2C%7B%22Key%20Skills%22%3A%7B%22eq%22%3A%22Python%22%7D%7D%5D%2C%22not%22%3A%7B%22Location%22%3A%7B%22eq%22%3A%22Detroit%22%7D%7D%7D",
            &[2, 3, 5],
        ),
    ];
    for (query, expected) in cases {
        assert_eq!(ids(&data, query), expected, "{query}");
        let count = json_of(&data, &format!("/data/count?{query}"));
        assert_eq!(count["count"], expected.len(), "{query}");
    }
}

#[test]
fn several_facets_pages_and_sort_keys() {
    let data = api(&fixture());
    let one = json_of(&data, "/data/facets?_field=Location");
    assert_eq!(one["field"], "Location");
    let both = json_of(
        &data,
        "/data/facets?_field=Location&_field=Key%20Skills&Job%20Experience%20Required:covers=3",
    );
    assert_eq!(both["total"], 3);
    assert_eq!(both["facets"][0]["field"], "Location");
    assert_eq!(both["facets"][1]["field"], "Key Skills");
    assert_eq!(
        both["facets"][1]["values"][0],
        json!({"value": "Go", "count": 2})
    );
    let page = data.get("/data?_sort=Location,-Id&_page=2&_per_page=2&_fields=Id");
    assert_eq!(page.status, 200);
    assert_eq!(page.json(), json!([{"Id": 1}, {"Id": 6}]));
    let link = page.header("link").unwrap_or_default();
    assert!(link.contains("_page=3>; rel=\"next\""), "{link}");
    assert!(link.contains("_page=1>; rel=\"prev\""), "{link}");
}

#[test]
fn every_mistake_is_a_400_that_says_what_to_write() {
    let data = api(&fixture());
    let deep = format!(
        "{}{{\"Id\":{{\"eq\":1}}}}{}",
        "{\"not\":".repeat(33),
        "}".repeat(33)
    );
    let deep = percent_encoding::utf8_percent_encode(&deep, percent_encoding::NON_ALPHANUMERIC);
    let cases = [
        ("/data?Id:near=3".to_owned(), "unknown operator \"near\""),
        ("/data/count?Id:gt=ten".to_owned(), "needs a number"),
        (
            "/data?_where=%7B%22Id%22%3A".to_owned(),
            "not valid JSON at byte",
        ),
        (
            "/data?_where=%7B%22Salary%22%3A%7B%22gt%22%3A1%7D%7D".to_owned(),
            "unknown field \"Salary\"",
        ),
        (
            "/data/facets?_field=Location&_where=%7B%22Locaton%22%3A%7B%22eq%22%3A1%7D%7D"
                .to_owned(),
            "did you mean \"Location\"",
        ),
        (format!("/data/count?_where={deep}"), "deeper than 32"),
        ("/data?_page=0".to_owned(), "1 or more"),
        ("/data?_page=1&_offset=2".to_owned(), "not both"),
        ("/data/all?Id:gt=1".to_owned(), "takes no filters"),
        ("/data/count?_page=1".to_owned(), "does not apply"),
    ];
    for (uri, message) in cases {
        let response = data.get(&uri);
        assert_eq!(response.status, 400, "{uri}: {}", response.text());
        assert_eq!(
            response.header("content-type"),
            Some("application/json"),
            "{uri}"
        );
        let error = response.json();
        let error = error["error"].as_str().unwrap_or_default();
        assert!(error.contains(message), "{uri}: {error}");
    }
}

/// The years an experience value requires and allows, read here with a regex of our own
/// (independent of jobsctl's reader).
fn years(text: &str) -> Option<(f64, f64)> {
    let re =
        regex::Regex::new(r"(?i)^\s*(\d+)\s*(?:-\s*(\d+))?\s*(?:yrs?|years?)?\s*(and above)?\s*$")
            .expect("regex");
    let c = re.captures(text)?;
    let low: f64 = c[1].parse().ok()?;
    let high = match (c.get(2), c.get(3)) {
        (Some(high), _) => high.as_str().parse().ok()?,
        (None, Some(_)) => f64::INFINITY,
        (None, None) => low,
    };
    Some((low, high))
}

#[test]
fn collect_counts_per_city_among_postings_open_to_three_years() {
    let all = bundled_records();
    let open: Vec<_> = all
        .iter()
        .filter(|r| {
            text_of(r, "Job Experience Required")
                .and_then(|t| years(&t))
                .is_some_and(|(low, high)| low <= 3.0 && 3.0 <= high)
        })
        .cloned()
        .collect();
    assert!(
        open.len() > 1000 && open.len() < all.len(),
        "{}",
        open.len()
    );
    let out = run(&[
        "collect",
        "--filter",
        "Job Experience Required:covers=3",
        "--locations",
        "Seattle,Austin",
        "--skills",
        "Python",
        "--format",
        "csv",
        "--no-workbook",
    ]);
    assert_success(&out, "collect");
    let expected = format!(
        "kind,name,count\nlocation,Seattle,{}\nlocation,Austin,{}\nskill,Python,{}\n",
        token_count(&open, "Location", "Seattle"),
        token_count(&open, "Location", "Austin"),
        token_count(&open, "Key Skills", "Python"),
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), expected);
}

#[test]
fn collect_top_takes_the_most_common_skills_among_the_filtered_postings() {
    let all = bundled_records();
    let kept: Vec<_> = all
        .iter()
        .filter(|r| text_of(r, "Location").as_deref() != Some("Detroit"))
        .cloned()
        .collect();
    let mut counts: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
    for r in &kept {
        let mut seen = std::collections::HashSet::new();
        for item in text_of(r, "Key Skills").unwrap_or_default().split('|') {
            let item = item.trim().to_lowercase();
            if !item.is_empty() && seen.insert(item.clone()) {
                *counts.entry(item).or_default() += 1;
            }
        }
    }
    let mut top: Vec<(String, u64)> = counts.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let out = run(&[
        "collect",
        "--top",
        "3",
        "--locations",
        "Austin",
        "--where",
        r#"{"not": {"Location": {"eq": "Detroit"}}}"#,
        "--format",
        "json",
        "--no-workbook",
    ]);
    assert_success(&out, "collect");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("json");
    let got: Vec<(String, u64)> = doc["skills"]
        .as_array()
        .expect("skills")
        .iter()
        .map(|s| {
            (
                s["name"].as_str().expect("name").to_lowercase(),
                s["count"].as_u64().expect("count"),
            )
        })
        .collect();
    assert_eq!(got, top[..3].to_vec());
    assert!(
        doc["filter"]
            .as_str()
            .unwrap_or_default()
            .contains("Detroit")
    );
}

#[test]
fn collect_refuses_a_filter_the_data_cannot_apply_with_exit_2() {
    let cases: [(&[&str], &str); 4] = [
        (&["--filter", "Location=Seattle"], "write Field:op=value"),
        (
            &["--filter", "Location:near=x"],
            "unknown operator \"near\"",
        ),
        (&["--filter", "Salary:gt=3"], "unknown field \"Salary\""),
        // Blamed on the flag given, not on the server's `_where`.
        (&["--where", "{\"or\": ["], "--where: it is not valid JSON"),
    ];
    for (args, message) in cases {
        let mut full = vec!["collect", "--no-workbook"];
        full.extend_from_slice(args);
        let out = run(&full);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}
