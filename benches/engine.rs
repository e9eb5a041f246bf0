//! Criterion benchmarks of the engine: loading, filtering in each match mode, counting and
//! facets, over the bundled 27k-record jobs.json and, when `JOBSCTL_BENCH_LARGE` names a
//! file (e.g. 1M records from `examples/generate_jobs.rs`), over that file too.
//!
//!     cargo bench --bench engine
//!     cargo run --release --example generate_jobs -- --records 1000000 --seed 7 > /tmp/1m.json
//!     JOBSCTL_BENCH_LARGE=/tmp/1m.json cargo bench --bench engine
//!     cargo bench --bench engine -- "100k values"   # one token spelled 100k ways
//!
//! `_search` (cold: a first request; cached: asked before; ranked: best first) runs over
//! the bundled file and, when `JOBSCTL_BENCH_LONG` names one, a file of long postings:
//!
//!     cargo run --release --example generate_jobs -- --records 100000 --seed 7 --descriptions > /tmp/long.json
//!     JOBSCTL_BENCH_LONG=/tmp/long.json cargo bench --bench engine -- search/

#![expect(
    clippy::expect_used,
    reason = "a benchmark whose data does not load has nothing to measure"
)]

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use jobsctl::dataset::Dataset;
use jobsctl::filter::{Filter, Query, SelectionCache, facet, order};

/// Parses and compiles `pairs` with a fresh selection cache, so every iteration measures
/// the uncached path (a first request).
fn filter(d: &Dataset, pairs: &[(&str, &str)]) -> (Filter, SelectionCache) {
    let query = Query::parse(pairs.iter().copied(), d).expect("query");
    let cache = SelectionCache::default();
    let filter = Filter::compile(&query, d, &cache).expect("filter");
    (filter, cache)
}

fn select(d: &Dataset, pairs: &[(&str, &str)]) -> Vec<u32> {
    let (filter, cache) = filter(d, pairs);
    filter.select(d, &cache)
}

fn bench_data(c: &mut Criterion, label: &str, path: &Path, load_samples: usize) {
    let bytes = std::fs::read(path).expect("read data");
    let mut group = c.benchmark_group(format!("load/{label}"));
    group.sample_size(load_samples.max(10));
    group.measurement_time(Duration::from_secs(if load_samples > 10 { 10 } else { 30 }));
    group.bench_function("from_json", |b| {
        b.iter(|| Dataset::from_json(black_box(&bytes)).expect("load"))
    });
    group.finish();

    let d = Dataset::from_json(&bytes).expect("load");
    let mut group = c.benchmark_group(format!("query/{label}"));
    let cases: [(&str, &[(&str, &str)]); 10] = [
        ("regex Python", &[("Key Skills", "Python")]),
        ("regex C++ (literal)", &[("Key Skills", "C++")]),
        (
            "token Python",
            &[("Key Skills", "Python"), ("_match", "token")],
        ),
        (
            "substring python",
            &[("Key Skills", "python"), ("_match", "substring")],
        ),
        (
            "token Python AND Seattle",
            &[
                ("Key Skills", "Python"),
                ("Location", "Seattle"),
                ("_match", "token"),
            ],
        ),
        ("regex Location Seattle", &[("Location", "Seattle")]),
        ("covers 3", &[("Job Experience Required:covers", "3")]),
        (
            "where Go OR Rust",
            &[(
                "_where",
                r#"{"or":[{"Key Skills":{"eq":"Go"}},{"Key Skills":{"eq":"Rust"}}]}"#,
            )],
        ),
        ("search two words", &[("_search", "python developer")]),
        (
            "ne Detroit AND in two cities",
            &[
                ("Location:ne", "Detroit"),
                ("Location:in", "Seattle,Austin"),
            ],
        ),
    ];
    for (name, pairs) in cases {
        group.bench_function(format!("count {name}"), |b| {
            b.iter(|| {
                let (filter, cache) = filter(&d, pairs);
                filter.count(&d, &cache)
            })
        });
        group.bench_function(format!("select {name}"), |b| b.iter(|| select(&d, pairs)));
    }
    let skills = d.field_index("Key Skills").expect("Key Skills");
    let seattle = select(&d, &[("Location", "Seattle"), ("_match", "token")]);
    let all: Vec<u32> = (0..d.len() as u32).collect();
    group.bench_function("facet Key Skills, all records", |b| {
        b.iter(|| facet(&d, skills, &all, Some(20)))
    });
    group.bench_function("facet Key Skills, Seattle", |b| {
        b.iter(|| facet(&d, skills, &seattle, Some(20)))
    });
    group.bench_function("render Python records (JSON)", |b| {
        let records = select(&d, &[("Key Skills", "Python")]);
        b.iter(|| {
            let mut out = Vec::new();
            d.write_records(&records, &mut out);
            out
        })
    });
    group.finish();
}

/// Loading 100,000 values that are one token spelled 100,000 ways (each a different casing
/// of one word), beside 100,000 values that are 100,000 tokens: a token's many spellings
/// must cost what many tokens cost, not the square of their number.
fn bench_spellings(c: &mut Criterion) {
    const WORD: &str = "softwareengineerjavadeveloper";
    let records = |value: &dyn Fn(usize) -> String| {
        let records: Vec<String> = (0..100_000)
            .map(|i| format!(r#"{{"Id":{i},"Role":"{}"}}"#, value(i)))
            .collect();
        format!("[{}]", records.join(","))
    };
    let spellings = records(&|i| {
        WORD.chars()
            .enumerate()
            .map(|(bit, c)| {
                if i >> bit & 1 == 1 {
                    c.to_ascii_uppercase()
                } else {
                    c
                }
            })
            .collect()
    });
    let tokens = records(&|i| format!("{WORD}{i:07}"));
    let mut group = c.benchmark_group("load/100k values of one field");
    group.sample_size(10);
    group.bench_function("one token, 100k spellings", |b| {
        b.iter(|| Dataset::from_json(black_box(spellings.as_bytes())).expect("load"));
    });
    group.bench_function("100k tokens", |b| {
        b.iter(|| Dataset::from_json(black_box(tokens.as_bytes())).expect("load"));
    });
    group.finish();
}

/// Loading 2,000 records that each hold 24 of 24,000 keys (about 21,000 fields, each in a
/// few records): the cost must follow the values present, not fields × records.
fn bench_many_fields(c: &mut Criterion) {
    let mut state = 1u64;
    let mut next = move || {
        // SplitMix64: the same data on every run.
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let records: Vec<String> = (0..2000)
        .map(|i| {
            let mut keys: Vec<u64> = (0..24).map(|_| next() % 24_000).collect();
            keys.sort_unstable();
            keys.dedup();
            let fields: Vec<String> = keys
                .iter()
                .map(|k| format!(r#""k{k}":{}"#, next() % 7))
                .collect();
            format!(r#"{{"Id":{i},{}}}"#, fields.join(","))
        })
        .collect();
    let json = format!("[{}]", records.join(","));
    let mut group = c.benchmark_group("load/many fields");
    group.sample_size(10);
    group.bench_function("2k records, 24 of 24k keys each", |b| {
        b.iter(|| Dataset::from_json(black_box(json.as_bytes())).expect("load"));
    });
    group.finish();
}

/// Loading the same 20,000 postings flat and nested (a job board's answer: objects under
/// `location` and `company`, skills as an array, an array of objects): throughput is per
/// byte, so the two figures compare although the nested file is larger.
fn bench_nested(c: &mut Criterion) {
    let cities = ["Seattle", "Austin", "Boston", "Denver", "Chicago", "Miami"];
    let skills = [
        "SQL", "Excel", "Python", "Tableau", "Spark", "AWS", "Go", "R",
    ];
    let skills_of =
        |i: usize| -> Vec<&str> { (0..3).map(|k| skills[(i * 7 + k * 3) % 8]).collect() };
    let mut flat = Vec::new();
    let mut nested = Vec::new();
    for i in 0..20_000usize {
        let city = cities[i % cities.len()];
        flat.push(format!(
            r#"{{"id":"{i}","title":"Analyst {}","location":"{city}, US","company":"Acme {}","skills":"{}"}}"#,
            i % 97,
            i % 31,
            skills_of(i).join("|")
        ));
        nested.push(format!(
            r#"{{"id":"{i}","title":"Analyst {}","location":{{"display_name":"{city}, US","area":["US","{city}"]}},"company":{{"display_name":"Acme {}"}},"skills":{:?},"locations":[{{"name":"{city}"}}]}}"#,
            i % 97,
            i % 31,
            skills_of(i)
        ));
    }
    let flat = format!("[{}]", flat.join(","));
    let nested = format!("{{\"results\":[{}]}}", nested.join(","));
    let mut group = c.benchmark_group("load/20k postings");
    group.sample_size(10);
    for (name, json) in [("flat", &flat), ("nested", &nested)] {
        group.throughput(criterion::Throughput::Bytes(json.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| Dataset::from_json(black_box(json.as_bytes())).expect("load"));
        });
    }
    group.finish();
}

/// `_search` for words and phrases, common to rare: the first request (a fresh cache), a
/// repeated one (the cache that answered it), and its records put best first.
fn bench_search(c: &mut Criterion, label: &str, path: &Path) {
    let bytes = std::fs::read(path).expect("read data");
    let d = Dataset::from_json(&bytes).expect("load");
    // What the server builds once it listens.
    black_box(d.words());
    let mut group = c.benchmark_group(format!("search/{label}"));
    group.sample_size(20);
    for term in ["python", "data", "the", "\"machine learning\"", "engineer"] {
        let pairs = [("_search", term)];
        group.bench_function(format!("cold {term}"), |b| b.iter(|| select(&d, &pairs)));
        let (filter, cache) = filter(&d, &pairs);
        let selected = filter.select(&d, &cache);
        let query = Query::parse(pairs.iter().copied(), &d).expect("query");
        // As the server answers a repeated request: compiled anew, against the cache.
        group.bench_function(format!("cached {term}"), |b| {
            b.iter(|| {
                let again = Filter::compile(&query, &d, &cache).expect("filter");
                again.count(&d, &cache)
            })
        });
        group.bench_function(format!("ranked {term}"), |b| {
            b.iter(|| {
                let mut records = selected.clone();
                order(&d, &query, &mut records);
                records
            })
        });
    }
    group.finish();
}

fn benches(c: &mut Criterion) {
    bench_spellings(c);
    bench_many_fields(c);
    bench_nested(c);
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("jobs.json");
    bench_data(c, "27k", &bundled, 20);
    bench_search(c, "27k", &bundled);
    if let Some(long) = std::env::var_os("JOBSCTL_BENCH_LONG") {
        bench_search(c, "long", Path::new(&long));
    }
    if let Some(large) = std::env::var_os("JOBSCTL_BENCH_LARGE") {
        bench_data(c, "large", Path::new(&large), 10);
    }
}

criterion_group!(engine, benches);
criterion_main!(engine);
