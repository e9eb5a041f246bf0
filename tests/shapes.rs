//! Every shape the generator writes, loaded from a file as a user would give it (`--data`
//! with the file's own extension) and asked through the API: each loads, its lists and
//! numbers are told, its roles are found under their names, and its counts agree with the
//! records read here with serde_json and the csv crate.

use actix_web::web;
use jobsctl::dataset::{Dataset, LoadOptions};
use jobsctl::serve::State;

use crate::common::inproc::Api;
use crate::common::{scratch, write_file};
use crate::generator::shape;

/// The API over `records` records of `name`, loaded from a file called `file`.
fn served(name: &str, records: usize, file: &str) -> (Api, String) {
    let text = shape(name, records);
    let dir = scratch();
    let path = write_file(dir.path(), file, &text);
    let dataset = Dataset::load(&path, &LoadOptions::default())
        .unwrap_or_else(|e| panic!("{name} does not load: {e}"));
    (Api::new(web::Data::new(State::new(dataset)), true), text)
}

/// `/fields` as (name → field).
fn fields(api: &Api) -> serde_json::Map<String, serde_json::Value> {
    let fields = api.get("/fields").json();
    fields["fields"]
        .as_array()
        .map(|all| {
            all.iter()
                .map(|f| (f["name"].as_str().unwrap_or_default().to_owned(), f.clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// Asserts that field `name` has `key` = `want` in `fields`.
fn has(fields: &serde_json::Map<String, serde_json::Value>, name: &str, key: &str, want: &str) {
    let field = fields
        .get(name)
        .unwrap_or_else(|| panic!("no field {name}: {:?}", fields.keys().collect::<Vec<_>>()));
    assert_eq!(field[key], want, "{name}.{key}: {field}");
}

fn count(api: &Api, query: &str) -> u64 {
    let answer = api.get(&format!("/data/count?{query}"));
    assert_eq!(answer.status, 200, "{query}: {}", answer.text());
    answer.json()["count"].as_u64().unwrap_or(u64::MAX)
}

/// The rows of a CSV text as maps of header → cell.
fn csv_rows(text: &str, delimiter: u8) -> Vec<std::collections::HashMap<String, String>> {
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    reader
        .records()
        .map(|row| {
            let row = row.expect("row");
            header
                .iter()
                .cloned()
                .zip(row.iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

#[test]
fn a_job_boards_nested_answer() {
    let (api, text) = served("api-json", 300, "adzuna.json");
    let f = fields(&api);
    has(&f, "location.display_name", "role", "location");
    has(&f, "company.display_name", "role", "company");
    has(&f, "title", "role", "title");
    has(&f, "created", "role", "posted");
    has(&f, "description", "role", "description");
    has(&f, "id", "role", "id");
    has(&f, "skills", "kind", "list");
    has(&f, "location.area", "kind", "list");
    has(&f, "locations.name", "kind", "list");
    has(&f, "salary_min", "kind", "number");
    assert!(!f.contains_key("location") && !f.contains_key("locations"));
    let given: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let results = given["results"].as_array().cloned().unwrap_or_default();
    assert_eq!(
        api.get("/data/all").json(),
        serde_json::Value::Array(results.clone())
    );
    let with_sql = results
        .iter()
        .filter(|r| {
            r["skills"]
                .as_array()
                .is_some_and(|s| s.iter().any(|x| x == "SQL"))
        })
        .count() as u64;
    assert!(with_sql > 0);
    assert_eq!(count(&api, "skills:eq=sql"), with_sql);
    assert_eq!(count(&api, "@skills:eq=SQL"), with_sql);
    let remote = results
        .iter()
        .filter(|r| {
            r["locations"]
                .as_array()
                .is_some_and(|l| l.iter().any(|x| x["name"] == "Flexible / Remote"))
        })
        .count() as u64;
    assert_eq!(count(&api, "locations.name=Flexible%20/%20Remote"), remote);
}

#[test]
fn a_kaggle_csv_with_python_lists() {
    let (api, text) = served("python-lists", 400, "kaggle.csv");
    let f = fields(&api);
    has(&f, "job_skills", "list_encoding", "python list");
    has(&f, "job_skills", "role", "skills");
    has(&f, "job_location", "kind", "text");
    has(&f, "job_location", "role", "location");
    has(&f, "company_name", "kind", "text");
    has(&f, "job_title", "role", "title");
    has(&f, "salary_in_usd", "kind", "number");
    let rows = csv_rows(&text, b',');
    let with_python = rows
        .iter()
        .filter(|r| r["job_skills"].contains("'python'") || r["job_skills"].contains("'Python'"))
        .count() as u64;
    assert!(with_python > 0);
    assert_eq!(count(&api, "job_skills:eq=python"), with_python);
    let max = rows
        .iter()
        .filter_map(|r| r["salary_in_usd"].parse::<f64>().ok())
        .fold(f64::MIN, f64::max);
    let top = api
        .get("/data?_sort=-salary_in_usd&_limit=1&_fields=salary_in_usd")
        .json();
    assert_eq!(top[0]["salary_in_usd"].as_f64(), Some(max), "{top}");
}

#[test]
fn a_semicolon_csv_scrape_in_portuguese() {
    let (api, text) = served("semicolon-csv", 300, "vagas.csv");
    let f = fields(&api);
    has(&f, "habilidades", "separator", ",");
    has(&f, "beneficios", "separator", " / ");
    has(&f, "cidade", "kind", "text");
    has(&f, "cidade", "role", "location");
    let rows = csv_rows(&text, b';');
    assert_eq!(api.get("/fields").json()["records"], rows.len());
    let first_city = rows[0]["cidade"].clone();
    let same = rows.iter().filter(|r| r["cidade"] == first_city).count() as u64;
    let query = format!("@location:eq={}", percent(&first_city));
    assert_eq!(count(&api, &query), same);
}

#[test]
fn a_mongodb_export_saved_as_json_with_nan() {
    let (api, text) = served("ndjson-nan", 200, "export.json");
    let f = fields(&api);
    has(&f, "skills", "kind", "list");
    has(&f, "lieu", "role", "location");
    has(&f, "intitulé", "role", "title");
    let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
    assert_eq!(api.get("/fields").json()["records"], lines);
    let nan = text
        .lines()
        .filter(|l| l.contains("\"salaire_min\": NaN"))
        .count();
    let missing = f["salaire_min"]["missing"].as_u64().unwrap_or(0) as usize;
    assert!(nan > 0 && missing >= nan, "{nan} NaN, {missing} missing");
}

#[test]
fn a_salary_survey_sorts_pay_as_numbers() {
    let (api, text) = served("salary-survey", 200, "survey.csv");
    has(&fields(&api), "salary_in_usd", "kind", "number");
    let rows = csv_rows(&text, b',');
    let over = rows
        .iter()
        .filter(|r| {
            r["salary_in_usd"]
                .parse::<f64>()
                .is_ok_and(|n| n > 100_000.0)
        })
        .count() as u64;
    assert_eq!(count(&api, "salary_in_usd:gt=100000"), over);
    let sorted = api
        .get("/data?_sort=-salary_in_usd&_limit=3&_fields=salary_in_usd")
        .json();
    let pay: Vec<f64> = sorted
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|r| r["salary_in_usd"].as_f64())
                .collect()
        })
        .unwrap_or_default();
    assert!(
        pay.windows(2).all(|w| w[0] >= w[1]) && pay.len() == 3,
        "{sorted}"
    );
}

#[test]
fn a_chinese_job_board_and_spanish_pay_strings_and_no_roles() {
    let (api, _) = served("cn-board", 200, "zhaopin.csv");
    let f = fields(&api);
    has(&f, "技能", "separator", "|");
    for (field, role) in [
        ("城市", "location"),
        ("职位名称", "title"),
        ("公司名称", "company"),
        ("薪资", "salary"),
        ("经验", "experience"),
    ] {
        has(&f, field, "role", role);
    }
    let (api, _) = served("pay-strings", 200, "pay.json");
    let f = fields(&api);
    for (field, role) in [
        ("puesto", "title"),
        ("empresa", "company"),
        ("ciudad", "location"),
    ] {
        has(&f, field, "role", role);
    }
    let (api, _) = served("no-roles", 100, "sensors.json");
    let f = fields(&api);
    assert!(f.values().all(|field| field.get("role").is_none()), "{f:?}");
    assert_eq!(api.get("/").status, 200);
}

/// `text` percent-encoded for a query value.
fn percent(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
