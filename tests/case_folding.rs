//! Case folding is Unicode-aware and the same in every way of matching: token mode, `eq`,
//! `contains`, substring mode and `_search` all take `Développeur` for `DÉVELOPPEUR`, on
//! made-up accented values and on the synthetic data's own non-ASCII and mojibake values.

use serde_json::json;

use crate::common::inproc::Api;
use crate::common::{Record, sample_records, text_of};

/// `/data/count` for these query pairs.
fn count(api: &Api, pairs: &[(&str, &str)]) -> u64 {
    let response = api.get_query("/data/count", pairs);
    assert_eq!(response.status, 200, "{pairs:?}: {}", response.text());
    response.json()["count"].as_u64().expect("count")
}

#[test]
fn every_way_of_matching_folds_accented_capitals() {
    let api = Api::from_json(
        &json!([
            {"Id": 1, "Job Title": "Développeur", "Key Skills": "Éclipse| SQL", "Location": "Zürich"},
            {"Id": 2, "Job Title": "DÉVELOPPEUR ", "Key Skills": "éclipse", "Location": "ZÜRICH"},
            {"Id": 3, "Job Title": "Développeur senior", "Key Skills": "Java", "Location": "Genève"},
            {"Id": 4, "Job Title": "Developpeur", "Key Skills": "ECLIPSE", "Location": "Geneve"},
        ])
        .to_string(),
    );
    for title in ["DÉVELOPPEUR", "développeur", "DéVeLoPpEuR"] {
        assert_eq!(count(&api, &[("Job Title:eq", title)]), 2, "eq {title}");
        let token = [("Job Title", title), ("_match", "token")];
        assert_eq!(count(&api, &token), 2, "token {title}");
        assert_eq!(
            count(&api, &[("Job Title:contains", title)]),
            3,
            "contains {title}"
        );
        let substring = [("Job Title", title), ("_match", "substring")];
        assert_eq!(count(&api, &substring), 3, "substring {title}");
        assert_eq!(count(&api, &[("_search", title)]), 3, "_search {title}");
    }
    assert_eq!(count(&api, &[("Key Skills:eq", "ÉCLIPSE")]), 2);
    assert_eq!(count(&api, &[("Location:in", "zürich,GENÈVE")]), 3);
    let facets = api.get("/data/facets?_field=Location").json();
    let zurich: Vec<_> = facets["values"]
        .as_array()
        .expect("values")
        .iter()
        .filter(|v| v["value"].as_str().is_some_and(|s| s.starts_with('Z')))
        .collect();
    assert_eq!(zurich.len(), 1, "one facet for both spellings: {facets}");
    assert_eq!(zurich[0]["count"], 2);
}

#[test]
fn letters_whose_lowercase_differs_from_their_folding_match_alike() {
    // `Σ` lowercases to `ς` at the end of a word and `σ` elsewhere; the Kelvin sign
    // lowercases to `k`; `ſ` stays `ſ`. Matching folds them all as regex does.
    let api = Api::from_json(
        &json!([
            {"Id": 1, "Job Title": "ΟΔΟΣ"},
            {"Id": 2, "Job Title": "οδοσ"},
            {"Id": 3, "Job Title": "\u{212A}elvin"},
            {"Id": 4, "Job Title": "kelvin"},
            {"Id": 5, "Job Title": "ſoftware"},
            {"Id": 6, "Job Title": "Software"},
        ])
        .to_string(),
    );
    for (title, n) in [("οδος", 2), ("KELVIN", 2), ("SOFTWARE", 2)] {
        assert_eq!(count(&api, &[("Job Title:eq", title)]), n, "eq {title}");
        let token = [("Job Title", title), ("_match", "token")];
        assert_eq!(count(&api, &token), n, "token {title}");
        assert_eq!(
            count(&api, &[("Job Title:contains", title)]),
            n,
            "contains {title}"
        );
        assert_eq!(count(&api, &[("_search", title)]), n, "_search {title}");
    }
}

/// Records whose `field` holds `value` as `regex`'s own case-insensitive literal search
/// says: the whole value (trimmed) when `whole`, else anywhere.
fn expected(records: &[Record], field: &str, value: &str, whole: bool) -> u64 {
    let escaped = regex::escape(if whole { value.trim() } else { value });
    let pattern = if whole {
        format!("(?i)^{escaped}$")
    } else {
        format!("(?i){escaped}")
    };
    let re = regex::Regex::new(&pattern).expect("pattern");
    records
        .iter()
        .filter(|r| {
            text_of(r, field).is_some_and(|t| re.is_match(if whole { t.trim() } else { &t }))
        })
        .count() as u64
}

#[test]
fn the_datas_non_ascii_values_match_alike_in_any_case() {
    let api = Api::sample();
    let records = sample_records();
    let mut values: Vec<(String, String)> = Vec::new();
    for record in records {
        for (field, value) in record {
            if let Some(text) = value.as_str()
                && field != "Key Skills"
                && !text.is_ascii()
                && !text.contains('"')
                && !values.iter().any(|(f, v)| f == field && v == text)
            {
                values.push((field.clone(), text.to_owned()));
            }
        }
    }
    assert!(
        values.len() >= 10,
        "the sample has non-ASCII values: {values:?}"
    );
    assert!(
        values.iter().any(|(_, v)| v.contains("â‚¬")),
        "and mojibake"
    );
    for (field, value) in &values {
        let whole = expected(records, field, value, true);
        let anywhere = expected(records, field, value, false);
        assert!(whole >= 1);
        for variant in [value.clone(), value.to_uppercase(), value.to_lowercase()] {
            let eq = format!("{field}:eq");
            let contains = format!("{field}:contains");
            assert_eq!(count(&api, &[(&eq, &variant)]), whole, "{eq}={variant}");
            let token = [(field.as_str(), variant.as_str()), ("_match", "token")];
            assert_eq!(count(&api, &token), whole, "token {field}={variant}");
            assert_eq!(
                count(&api, &[(&contains, &variant)]),
                anywhere,
                "{contains}={variant}"
            );
            let substring = [(field.as_str(), variant.as_str()), ("_match", "substring")];
            assert_eq!(
                count(&api, &substring),
                anywhere,
                "substring {field}={variant}"
            );
            // The same phrase in any field: at least the records that hold it in this one.
            let phrase = format!("\"{variant}\"");
            assert!(
                count(&api, &[("_search", &phrase)]) >= anywhere,
                "_search {phrase}"
            );
        }
    }
}
