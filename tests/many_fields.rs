//! A data set of many sparse fields (about 21,000 keys over 3,000 records, each record
//! holding 24): every field is one few records have, and filters, facets, sorts, `_fields`
//! and `/data/all` on them answer exactly as a plain reading of the records says.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde_json::{Value, json};

use crate::common::inproc::Api;
use crate::common::{Record, token_count};

/// The records: `Id`, 8 keys of 100 common ones (in about 8% of the records each), 16 of
/// 24,000 rare ones, and a `Key Skills` list in one record of 20.
fn many_fields() -> &'static (String, Vec<Record>) {
    static DATA: OnceLock<(String, Vec<Record>)> = OnceLock::new();
    DATA.get_or_init(|| {
        // SplitMix64, so that the data is the same on every run.
        let mut state = 7u64;
        let mut next = move || {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        let pool = [
            json!("a"),
            json!("A"),
            json!("b"),
            json!(1),
            json!(2.5),
            json!(-3),
            json!(null),
            json!(true),
            json!("x y"),
        ];
        let mut records = Vec::new();
        for id in 0..3000u64 {
            let mut record = Record::new();
            record.insert("Id".into(), json!(id));
            while record.len() < 25 {
                let key = match record.len() {
                    1..=8 => format!("c{}", next() % 100),
                    _ => format!("r{}", next() % 24_000),
                };
                let value = pool[(next() % pool.len() as u64) as usize].clone();
                record.entry(key).or_insert(value);
            }
            if id % 20 == 3 {
                let skills = ["Go| SQL", "sql|Rust", "go"][(id % 3) as usize];
                record.insert("Key Skills".into(), json!(skills));
            }
            records.push(record);
        }
        (serde_json::to_string(&records).expect("JSON"), records)
    })
}

fn api() -> Api {
    Api::from_json(&many_fields().0)
}

#[test]
fn the_data_has_many_fields_few_records_have() {
    let records = &many_fields().1;
    let mut keys = BTreeMap::<&str, usize>::new();
    for record in records {
        for key in record.keys() {
            *keys.entry(key).or_default() += 1;
        }
    }
    assert!(keys.len() > 20_000, "{} keys", keys.len());
    let common = keys.get("c0").copied().unwrap_or(0);
    assert!((100..750).contains(&common), "c0 in {common} records");
}

#[test]
fn filters_on_sparse_fields_count_what_the_records_hold() {
    let (_, records) = many_fields();
    let server = api();
    // A rare field: one of the first record's, in a record or two.
    let rare = records[0]
        .keys()
        .find(|k| k.starts_with('r'))
        .expect("a rare key");
    for field in ["c0", "c57", rare.as_str(), "Key Skills"] {
        for name in ["a", "x y", "1", "2.5", "true", "sql"] {
            let got = server
                .get_query("/data/count", &[(field, name), ("_match", "token")])
                .json();
            assert_eq!(
                got["count"],
                token_count(records, field, name),
                "{field}={name}"
            );
        }
        // Regex mode looks at each distinct value, then at the records that hold one.
        let want = records
            .iter()
            .filter(|r| matches!(r.get(field), Some(Value::String(s)) if s.starts_with('a')))
            .count();
        let got = server.get_query("/data/count", &[(field, "^a")]).json();
        assert_eq!(got["count"], want, "{field}=^a");
    }
    // Two sparse fields at once: their records intersect.
    let want = records
        .iter()
        .filter(|r| r.get("c1") == Some(&json!("b")) && r.get("c2") == Some(&json!(1)))
        .count();
    let got = server
        .get_query(
            "/data/count",
            &[("c1", "b"), ("c2", "1"), ("_match", "token")],
        )
        .json();
    assert_eq!(got["count"], want);
}

#[test]
fn facets_of_sparse_fields_count_each_record_that_has_one() {
    let (_, records) = many_fields();
    let server = api();
    for field in ["c3", "Key Skills"] {
        let mut want = BTreeMap::<String, u64>::new();
        for record in records {
            let Some(value) = record.get(field).filter(|v| !v.is_null()) else {
                continue;
            };
            let text = value
                .as_str()
                .map_or_else(|| value.to_string(), str::to_owned);
            let mut items: Vec<String> = text
                .split(if field == "Key Skills" { '|' } else { '\u{0}' })
                .map(|i| i.trim().to_lowercase())
                .collect();
            items.sort();
            items.dedup();
            for item in items {
                *want.entry(item).or_default() += 1;
            }
        }
        let body = server
            .get_query("/data/facets", &[("_field", field), ("_limit", "100")])
            .json();
        let got: BTreeMap<String, u64> = body["values"]
            .as_array()
            .expect("values")
            .iter()
            .map(|v| {
                let value = v["value"].as_str().expect("value").to_lowercase();
                (value, v["count"].as_u64().expect("count"))
            })
            .collect();
        assert_eq!(got, want, "{field}");
    }
}

/// Where a value sorts: numbers as numbers, then text by its bytes, then `true`/`false`
/// as text; `None` for null or no value (always last).
fn sort_key(value: Option<&Value>) -> Option<(u8, f64, String)> {
    match value? {
        Value::Null => None,
        Value::Number(n) => Some((0, n.as_f64().expect("f64"), String::new())),
        Value::String(s) => Some((1, 0.0, s.clone())),
        other => Some((1, 0.0, other.to_string())),
    }
}

#[test]
fn sorting_by_sparse_fields_puts_numbers_first_and_the_missing_last() {
    let (_, records) = many_fields();
    let server = api();
    let rare = records[1]
        .keys()
        .find(|k| k.starts_with('r'))
        .expect("a rare key");
    let descending_rare = format!("-{rare}");
    let keys = [
        ("c4", "c4", false),
        ("-c4", "c4", true),
        (rare.as_str(), rare.as_str(), false),
        (descending_rare.as_str(), rare.as_str(), true),
    ];
    for (sort, field, descending) in keys {
        let mut want: Vec<&Record> = records.iter().collect();
        want.sort_by(
            |a, b| match (sort_key(a.get(field)), sort_key(b.get(field))) {
                (Some(x), Some(y)) => {
                    let order = x.0.cmp(&y.0).then(x.1.total_cmp(&y.1)).then(x.2.cmp(&y.2));
                    if descending { order.reverse() } else { order }
                }
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            },
        );
        let fields = format!("Id,{field}");
        let body = server
            .get_query(
                "/data",
                &[("_sort", sort), ("_fields", &fields), ("_limit", "3000")],
            )
            .json();
        let got = body.as_array().expect("records");
        assert_eq!(got.len(), records.len());
        for (got, want) in got.iter().zip(&want) {
            // `_fields` keeps the named fields a record has, and leaves out the others.
            let mut kept = serde_json::Map::new();
            kept.insert("Id".into(), want["Id"].clone());
            if let Some(value) = want.get(field) {
                kept.insert(field.into(), value.clone());
            }
            assert_eq!(got, &Value::Object(kept), "_sort={sort}");
        }
    }
}

#[test]
fn every_record_comes_back_as_it_was() {
    let (_, records) = many_fields();
    let body = api().get("/data/all").json();
    let got = body.as_array().expect("records");
    assert_eq!(got.len(), records.len());
    for (got, want) in got.iter().zip(records) {
        assert_eq!(got.as_object(), Some(want));
    }
}
