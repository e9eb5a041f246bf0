//! Random queries against the app (in-process, over a sample of the shipped jobs.json): it
//! never panics, answers 2xx or a 4xx with a JSON error, and its answers agree with each
//! other.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use crate::common::SAMPLE_RECORDS;
use crate::common::inproc::Api;

const NAMES: [&str; 14] = [
    "Key Skills",
    "Location",
    "Id",
    "Job Title",
    "Key skills",
    "_match",
    "_limit",
    "_offset",
    "_fields",
    "_sort",
    "_format",
    "_field",
    "_bogus",
    "",
];
const VALUES: [&str; 16] = [
    "C",
    "C++",
    "Java",
    "python",
    "Seattle",
    "token",
    "substring",
    "regex",
    "5",
    "-1",
    "Location,Id",
    "-Id",
    "csv",
    "(",
    "é – Ã¢",
    "%",
];

/// One query parameter: a name and value, each either from the lists above or random text,
/// and either percent-encoded or sent raw (which may make it invalid).
fn pair() -> impl Strategy<Value = String> {
    let name = prop_oneof![
        (0..NAMES.len()).prop_map(|i| NAMES[i].to_owned()),
        ".{0,12}",
    ];
    let value = prop_oneof![
        3 => (0..VALUES.len()).prop_map(|i| VALUES[i].to_owned()),
        1 => ".{0,40}",
        1 => Just("x".repeat(3000)),
    ];
    (name, value, any::<bool>()).prop_map(|(name, value, encode)| {
        if encode {
            let enc = |s: &str| {
                percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC)
                    .to_string()
            };
            format!("{}={}", enc(&name), enc(&value))
        } else {
            // Raw, but still a valid request target: only what a URI cannot hold is escaped,
            // so `%`, `&`, `=` and `+` reach the server as they are.
            const URI_UNSAFE: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
                .add(b' ')
                .add(b'"')
                .add(b'#')
                .add(b'<')
                .add(b'>')
                .add(b'\\')
                .add(b'^')
                .add(b'`')
                .add(b'{')
                .add(b'|')
                .add(b'}');
            let raw = |s: &str| percent_encoding::utf8_percent_encode(s, URI_UNSAFE).to_string();
            format!("{}={}", raw(&name), raw(&value))
        }
    })
}

/// A runner for `cases` random cases that keeps no failure files in the repository.
fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

#[test]
fn random_queries_never_break_the_server() {
    let server = Api::sample();
    let mut runner = runner(300);
    let query = proptest::collection::vec(pair(), 0..5).prop_map(|pairs| pairs.join("&"));
    let route = prop_oneof![
        Just("/data"),
        Just("/data/count"),
        Just("/data/facets"),
        Just("/data/all")
    ];
    let result = runner.run(&(route, query), |(route, query)| {
        let response = server.get(&format!("{route}?{query}"));
        prop_assert!(
            (200..300).contains(&response.status) || (400..500).contains(&response.status),
            "{route}?{query}: {}",
            response.status
        );
        if response.status >= 400 {
            let body = response.json();
            prop_assert!(
                body["error"].as_str().is_some_and(|e| !e.is_empty()),
                "{route}?{query}"
            );
        }
        if route == "/data/count" && response.status == 200 {
            // A count equals the length of the matching /data result. (A count query takes
            // no list options, so adding _fields, to keep the answer small, is safe.)
            let count = response.json()["count"].as_u64();
            let data = server.get(&format!("/data?{query}&_fields=Id"));
            prop_assert_eq!(data.status, 200);
            prop_assert_eq!(count, data.json().as_array().map(|a| a.len() as u64));
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    assert_eq!(server.get("/health").status, 200);
}

#[test]
fn paging_pieces_equal_the_whole() {
    let server = Api::sample();
    let mut runner = runner(24);
    let filters = prop_oneof![
        Just("Key%20Skills=python&_match=token"),
        Just("Location=Seattle"),
        Just("Key%20Skills=C%2B%2B"),
        Just("_sort=-Id"),
        Just(""),
    ];
    runner
        // Page sizes from 1/180 of the records (many pages) to about 1/7.
        .run(
            &(filters, SAMPLE_RECORDS / 180..SAMPLE_RECORDS / 7),
            |(filters, limit)| {
                let whole = server
                    .get(&format!("/data?{filters}&_fields=Id,Location"))
                    .json();
                let whole = whole.as_array().cloned().unwrap_or_default();
                let mut pieces = Vec::new();
                let mut offset = 0;
                loop {
                    let page = server.get(&format!(
                        "/data?{filters}&_fields=Id,Location&_limit={limit}&_offset={offset}"
                    ));
                    let rows = page.json().as_array().cloned().unwrap_or_default();
                    if rows.is_empty() {
                        break;
                    }
                    offset += rows.len();
                    pieces.extend(rows);
                }
                prop_assert_eq!(pieces.len(), whole.len());
                prop_assert!(pieces == whole);
                Ok(())
            },
        )
        .unwrap_or_else(|e| panic!("{e}"));
}
