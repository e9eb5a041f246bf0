//! `_search` through the public doors: results best first (BM25 over the fields, a whole
//! word above part of one, ties in file order), `_sort` over the ranking, the explorer in
//! the same order, and counts and facets the same as an unranked selection's.

use serde_json::json;

use crate::common::http::ids;
use crate::common::inproc::Api;

fn postings() -> Api {
    let records = json!([
        {"Id": 1, "Title": "Sales Manager", "Description": "Manage the sales team and its budget."},
        {"Id": 2, "Title": "Backend Engineer", "Description": "Our services are Python: Python scripts, Python jobs, a Python API and a lot of SQL."},
        {"Id": 3, "Title": "Python Developer", "Description": "Build and run our APIs."},
        {"Id": 4, "Title": "Data Analyst", "Description": "Pythonic notebooks now and then, SQL most days."},
        {"Id": 5, "Title": "Office Clerk", "Description": "Filing, phones and post."},
        {"Id": 6, "Title": "Python Developer", "Description": "Build and run our APIs."},
        {"Id": 7, "Title": "Data Engineer", "Description": "Pipelines in SQL."}
    ]);
    Api::from_json(&records.to_string())
}

fn ids_of(api: &Api, query: &str) -> Vec<i64> {
    let answer = api.get(&format!("/data?{query}"));
    assert_eq!(answer.status, 200, "{query}: {}", answer.text());
    ids(&answer.json())
}

#[test]
fn search_results_come_best_first_and_sort_overrides_them() {
    let api = postings();
    let ranked = ids_of(&api, "_search=python");
    // The description that says it four times first, then the two titles that are the
    // word itself (equal, so in file order), the one where it is part of a word last.
    assert_eq!(ranked, [2, 3, 6, 4]);
    // `_sort` wins; paging pages the ranked list.
    assert_eq!(ids_of(&api, "_search=python&_sort=Id"), [2, 3, 4, 6]);
    assert_eq!(ids_of(&api, "_search=python&_sort=-Id"), [6, 4, 3, 2]);
    assert_eq!(ids_of(&api, "_search=python&_limit=2&_offset=1"), [3, 6]);
    // Every term counts: SQL is rare in titles and found in 2, 4 and 7.
    assert_eq!(ids_of(&api, "_search=python%20sql"), [2, 4]);
    // A whole word weighs more than part of one, whatever the file order.
    assert_eq!(ids_of(&api, "_search=data"), [4, 7]);
    assert_eq!(ids_of(&api, "_search=sql"), [7, 4, 2]);
    // CSV and NDJSON come in the same order.
    let ndjson = api.get("/data?_search=python&_format=ndjson&_fields=Id");
    assert_eq!(
        ndjson.text(),
        "{\"Id\":2}\n{\"Id\":3}\n{\"Id\":6}\n{\"Id\":4}\n"
    );
}

#[test]
fn counts_and_facets_over_a_search_are_those_of_its_records() {
    let api = postings();
    let count = api.get("/data/count?_search=python").json();
    assert_eq!(count["count"], 4);
    let facets = api.get("/data/facets?_search=python&_field=Title").json();
    assert_eq!(facets["total"], 4);
    let values = &facets["values"];
    assert_eq!(values[0], json!({"value": "Python Developer", "count": 2}));
    assert_eq!(values.as_array().map(Vec::len), Some(3));
}

#[test]
fn the_explorer_shows_search_results_in_the_same_order() {
    let api = postings();
    let page = api.get("/?_search=sql");
    assert_eq!(page.status, 200);
    let html = page.text();
    let body = html.split("<tbody>").nth(1).expect("a table body");
    let at = |title: &str| body.find(title).unwrap_or_else(|| panic!("{title} shown"));
    assert!(at("Data Engineer") < at("Data Analyst"), "ranked");
    assert!(at("Data Analyst") < at("Backend Engineer"), "ranked");
    assert!(html.contains("best matches first"), "the page says so");
    let sorted = api.get("/?_search=sql&_sort=Id").text();
    assert!(
        !sorted.contains("best matches first"),
        "a sorted page does not"
    );
    let body = sorted.split("<tbody>").nth(1).expect("a table body");
    assert!(
        body.find("Backend Engineer") < body.find("Data Engineer"),
        "sorted by Id"
    );
}

#[test]
fn a_search_waits_for_the_word_index_outside_its_time_limit() {
    // Building the index of 40,000 texts of 40 words takes far longer than the 25 ms a
    // query may take here; finding a word once it is built takes far less.
    let records: Vec<serde_json::Value> = (0..40_000)
        .map(|i| {
            let words: Vec<String> = (0..40)
                .map(|w| format!("w{}x{}", (i * 7 + w) % 5000, w))
                .collect();
            json!({ "Id": i, "Text": words.join(" ") })
        })
        .collect();
    let dataset =
        jobsctl::dataset::Dataset::from_json(json!(records).to_string().as_bytes()).expect("data");
    let state = jobsctl::serve::State::new(dataset)
        .with_query_time_limit(Some(std::time::Duration::from_millis(25)));
    let api = Api::new(actix_web::web::Data::new(state), true);
    let answer = api.get("/data/count?_search=w42x0");
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(answer.json()["count"], 8);
}
