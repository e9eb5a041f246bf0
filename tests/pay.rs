//! Pay and experience as real postings write them, on generated data through the API: a pay
//! string answers range operators under its own name, `@salary` joins it to LinkedIn's
//! min/max pair and its period, experience reads a Chinese board's `1-3年` and `不限`, `_sort`
//! orders by the lower end, `/fields` tells the coverage, and on the lab's data
//! `@experience` is the lab's field.

use actix_web::web;
use jobsctl::dataset::{Dataset, LoadOptions};
use jobsctl::serve::State;
use serde_json::Value;

use crate::common::bin::{assert_success, run};
use crate::common::inproc::Api;
use crate::common::xlsx::custom_properties;
use crate::common::{arg, scratch, write_file};
use crate::generator::shape;

/// The API over `records` records of shape `name` written to `file`, with the text.
fn served(name: &str, records: usize, file: &str) -> (Api, String) {
    let text = shape(name, records);
    let dir = scratch();
    let path = write_file(dir.path(), file, &text);
    let dataset = Dataset::load(&path, &LoadOptions::default()).expect("loads");
    (Api::new(web::Data::new(State::new(dataset)), true), text)
}

fn count(api: &Api, pairs: &[(&str, &str)]) -> u64 {
    let answer = api.get_query("/data/count", pairs);
    assert_eq!(answer.status, 200, "{pairs:?}: {}", answer.text());
    answer.json()["count"].as_u64().expect("a count")
}

/// `/fields`' entry for `name`.
fn field(api: &Api, name: &str) -> Value {
    let fields = api.get("/fields").json();
    fields["fields"]
        .as_array()
        .and_then(|all| all.iter().find(|f| f["name"] == name).cloned())
        .unwrap_or_else(|| panic!("no field {name} in {fields}"))
}

/// How many of a period make a year, as LinkedIn's `pay_period` names it.
fn per_year(period: &str) -> f64 {
    match period {
        "HOURLY" => 2080.0,
        "DAILY" => 260.0,
        "WEEKLY" => 52.0,
        "BIWEEKLY" => 26.0,
        "MONTHLY" => 12.0,
        "YEARLY" => 1.0,
        other => panic!("a period the test does not know: {other}"),
    }
}

/// The records' yearly pay from LinkedIn's pair, for those that have one: the truth a
/// pay string beside it must read as. A lower end alone is open above.
fn pairs(records: &[Value]) -> Vec<(usize, f64, f64)> {
    records
        .iter()
        .enumerate()
        .filter_map(|(n, r)| {
            let low = r["min_salary"].as_f64()?;
            let factor = per_year(r["pay_period"].as_str()?);
            let high = r["max_salary"].as_f64().unwrap_or(f64::INFINITY);
            Some((n, low * factor, high * factor))
        })
        .collect()
}

#[test]
fn a_pay_string_reads_as_the_yearly_range_its_pair_says() {
    let (api, text) = served("pay-strings", 3000, "pay.json");
    let records: Vec<Value> = serde_json::from_str(&text).expect("JSON");
    let truth = pairs(&records);
    let with_text: Vec<_> = truth
        .iter()
        .filter(|(n, ..)| {
            records[*n]["salary"]
                .as_str()
                .is_some_and(|s| !s.is_empty())
        })
        .collect();
    assert!(with_text.len() > 300, "{}", with_text.len());
    for x in [
        0.0, 45_000.0, 99_999.0, 100_000.0, 120_000.0, 160_000.0, 250_000.0,
    ] {
        let x_text = x.to_string();
        let covers = with_text
            .iter()
            .filter(|(_, low, high)| *low - 1e-6 <= x && x <= *high + 1e-6)
            .count() as u64;
        let at_least = with_text
            .iter()
            .filter(|(_, low, _)| *low >= x - 1e-6)
            .count() as u64;
        // Among the records with a pair, the string's reading under its own name.
        let among_pairs = ("min_salary:gte", "0");
        assert_eq!(
            count(&api, &[("salary:covers", &x_text), among_pairs]),
            covers,
            "salary:covers={x}"
        );
        assert_eq!(
            count(&api, &[("salary:gte", &x_text), among_pairs]),
            at_least,
            "salary:gte={x}"
        );
    }
    // What could not be read stays text, and no range operator matches it.
    for unread in ["Competitive", "", "面议"] {
        let n = count(
            &api,
            &[("salary", &format!("^{unread}$")), ("salary:gte", "0")],
        );
        assert_eq!(n, 0, "{unread:?}");
    }
    assert!(count(&api, &[("salary", "^Competitive$")]) > 0);
}

#[test]
fn at_salary_joins_the_pair_and_the_string_and_says_what_it_read() {
    let (api, text) = served("pay-strings", 3000, "pay.json");
    let records: Vec<Value> = serde_json::from_str(&text).expect("JSON");
    let truth = pairs(&records);
    for x in ["50000", "100000", "150000"] {
        let xf: f64 = x.parse().expect("number");
        let from_pairs = truth.iter().filter(|(_, low, _)| *low >= xf - 1e-6).count() as u64;
        // Records without a pair get their string's reading.
        let no_pair = r#"{"not": {"min_salary": {"gte": 0}}}"#;
        let from_text = count(&api, &[("salary:gte", x), ("_where", no_pair)]);
        assert_eq!(
            count(&api, &[("@salary:gte", x)]),
            from_pairs + from_text,
            "{x}"
        );
        // The same by role inside `_where`.
        let by_where = format!(r#"{{"@salary": {{"gte": {x}}}}}"#);
        assert_eq!(
            count(&api, &[("_where", &by_where)]),
            from_pairs + from_text,
            "_where {x}"
        );
    }
    let salary = field(&api, "@salary");
    assert_eq!(salary["kind"], "range", "{salary}");
    assert_eq!(salary["role"], "salary", "{salary}");
    assert_eq!(salary["role_from"], "fields", "{salary}");
    for from in [
        "min_salary",
        "max_salary",
        "pay_period",
        "currency",
        "salary",
    ] {
        assert!(
            salary["read_from"]
                .as_array()
                .expect("read_from")
                .contains(&from.into()),
            "{from}: {salary}"
        );
    }
    let read = salary["ranges"].as_u64().expect("ranges");
    assert_eq!(read, count(&api, &[("@salary:gte", "0")]));
    assert!(
        salary["currencies"]["USD"].as_u64().expect("USD")
            > salary["currencies"]["EUR"].as_u64().expect("EUR")
    );
    let string = field(&api, "salary");
    assert_eq!(string["kind"], "range", "{string}");
    assert_eq!(
        string["ranges"],
        count(&api, &[("salary:gte", "0")]),
        "{string}"
    );
    assert!(
        string.get("role").is_none(),
        "@salary plays the role: {string}"
    );
    // Records keep their own fields: `@salary` is in no record and no CSV column.
    let all = api.get("/data/all?_format=csv");
    let header = all.text().lines().next().unwrap_or_default().to_owned();
    assert!(!header.contains("@salary"), "{header}");
    let first = api.get("/data?_limit=1").json();
    assert_eq!(first[0], records[0]);
}

#[test]
fn sorting_by_pay_orders_by_the_lower_end_and_unread_pay_comes_last_both_ways() {
    let (api, _) = served("pay-strings", 1500, "pay.json");
    let sorted = api
        .get_query(
            "/data",
            &[
                ("_sort", "@salary"),
                ("_fields", "@salary,salary"),
                ("_limit", "2000"),
            ],
        )
        .json();
    let rows = sorted.as_array().expect("rows");
    let lows: Vec<Option<f64>> = rows
        .iter()
        .map(|r| {
            let text = r["@salary"].as_str()?;
            let low = text.split([' ', '+']).next()?;
            low.parse().ok()
        })
        .collect();
    let read: Vec<f64> = lows.iter().map_while(|l| *l).collect();
    assert!(read.len() > 1000, "{}", read.len());
    assert!(
        read.windows(2).all(|w| w[0] <= w[1]),
        "ascending lower ends"
    );
    assert!(
        lows[read.len()..].iter().all(Option::is_none),
        "the unread come last"
    );
    let down = api
        .get_query(
            "/data",
            &[("_sort", "-salary"), ("_fields", "salary"), ("_limit", "1")],
        )
        .json();
    // The largest lower end: Korean won a month (월 600만원 = 72,000,000 a year).
    assert!(
        down[0]["salary"]
            .as_str()
            .is_some_and(|s| s.contains("만원")),
        "{down}"
    );
}

#[test]
fn a_chinese_boards_pay_and_experience_read_as_ranges() {
    let (api, text) = served("cn-board", 2000, "jobs.csv");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().expect("header").clone();
    let at = |name: &str| header.iter().position(|h| h == name).expect(name);
    let (pay_at, experience_at) = (at("薪资"), at("经验"));
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    // The board's experience, read here from the five ways it writes it.
    let years = |e: &str| -> Option<(f64, f64)> {
        match e {
            "不限" => Some((0.0, f64::INFINITY)),
            "无经验" => Some((0.0, 0.0)),
            _ => {
                if let Some(n) = e.strip_suffix("年以上") {
                    return Some((n.parse().ok()?, f64::INFINITY));
                }
                if let Some(n) = e.strip_suffix("年以下") {
                    return Some((0.0, n.parse().ok()?));
                }
                let (a, b) = e.strip_suffix('年')?.split_once('-')?;
                Some((a.parse().ok()?, b.parse().ok()?))
            }
        }
    };
    for x in ["0", "1", "3", "5", "10", "12"] {
        let xf: f64 = x.parse().expect("number");
        let want = rows
            .iter()
            .filter(|r| years(&r[experience_at]).is_some_and(|(a, b)| a <= xf && xf <= b))
            .count() as u64;
        assert_eq!(
            count(&api, &[("@experience:covers", x)]),
            want,
            "covers {x}"
        );
    }
    assert_eq!(field(&api, "经验")["ranges"], rows.len() as u64);
    // `1-1.5万/月` is 120,000 to 180,000 a year; `7K-14K` states no period and stays 7,000.
    let monthly_ten_thousands = rows.iter().filter(|r| r[pay_at].ends_with("万/月")).count() as u64;
    assert!(monthly_ten_thousands > 0);
    assert_eq!(
        count(&api, &[("@salary:gte", "100000")]),
        monthly_ten_thousands
    );
    let unread = rows.iter().filter(|r| &r[pay_at] == "面议").count() as u64;
    assert_eq!(field(&api, "薪资")["ranges"], rows.len() as u64 - unread);
}

#[test]
fn on_the_labs_data_at_experience_is_the_labs_field() {
    let api = Api::bundled();
    for x in ["0", "3", "7", "15"] {
        assert_eq!(
            count(&api, &[("@experience:covers", x)]),
            count(&api, &[("Job Experience Required:covers", x)]),
            "{x}"
        );
    }
    let experience = field(&api, "Job Experience Required");
    assert_eq!(experience["kind"], "range", "{experience}");
    assert_eq!(
        experience["ranges"],
        count(&api, &[("Job Experience Required:gte", "0")]),
        "{experience}"
    );
}

#[test]
fn collect_counts_only_the_postings_paying_enough_and_says_so_in_the_workbook() {
    let dir = scratch();
    let data = write_file(dir.path(), "pay.json", &shape("pay-strings", 2000));
    let book = dir.path().join("pay.xlsx");
    let counted = |filter: Option<&str>, book: Option<&std::path::Path>| {
        let mut args = vec!["collect", "--data", arg(&data), "--format", "csv"];
        if let Some(filter) = filter {
            args.extend(["--filter", filter]);
        }
        match book {
            Some(book) => args.extend(["--output", arg(book)]),
            None => args.push("--no-workbook"),
        }
        let out = run(&args);
        assert_success(&out, "collect");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let all = counted(None, None);
    let paid = counted(Some("@salary:gte=100000"), Some(&book));
    let total = |csv: &str| -> u64 {
        csv.lines()
            .filter(|l| l.starts_with("location,"))
            .filter_map(|l| l.rsplit(',').next()?.parse::<u64>().ok())
            .sum()
    };
    let (api, _) = served("pay-strings", 2000, "pay.json");
    assert_eq!(total(&all), 2000, "{all}");
    assert_eq!(
        total(&paid),
        count(&api, &[("@salary:gte", "100000")]),
        "{paid}"
    );
    let custom = custom_properties(&book);
    assert!(custom.contains("@salary:gte=100000"), "{custom}");
}
