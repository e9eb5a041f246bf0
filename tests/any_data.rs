//! Job data as people bring it, through the HTTP API: a job board's nested JSON answer, a
//! Kaggle-style CSV with Python lists, a `;`-separated CSV with a BOM, NDJSON saved as
//! `.json` with `NaN`, and a file that is no data at all. Expected answers are worked out
//! here from the records as written, not from the loader.

use actix_web::web;
use jobsctl::dataset::{Dataset, Format, ReadOptions};
use jobsctl::serve::State;

use crate::common::bin::{Server, assert_bad_data_file, run};
use crate::common::inproc::Api;
use crate::common::{scratch, write_file};

const SKILLS: [&str; 8] = [
    "SQL", "Excel", "Python", "Tableau", "Power BI", "R", "Spark", "AWS",
];
const CITIES: [(&str, &str); 4] = [
    ("Seattle", "WA"),
    ("Austin", "TX"),
    ("New York", "NY"),
    ("Boston", "MA"),
];

/// Record `i`'s skills: two to four of [`SKILLS`].
fn skills_of(i: usize) -> Vec<&'static str> {
    let n = 2 + i % 3;
    (0..n)
        .map(|k| SKILLS[(i * 3 + k * 5) % SKILLS.len()])
        .collect()
}

fn api_over(bytes: &[u8], format: Format) -> Api {
    let dataset = Dataset::parse_with(bytes, format, &ReadOptions::default()).expect("loads");
    Api::new(web::Data::new(State::new(dataset)), true)
}

/// An Adzuna-like answer: an object holding the records, each nested.
fn api_json(n: usize) -> serde_json::Value {
    let results: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let (city, state) = CITIES[i % CITIES.len()];
            let title = ["Data Analyst", "Data Engineer, Platform"][i % 2];
            let company = ["Blackbaud, Blackbaud", "Acme"][i % 2];
            let mut record = serde_json::json!({
                "id": format!("{}", 1000 + i),
                "title": title,
                "location": {
                    "display_name": format!("{city}, {state}"),
                    "area": ["US", state, city],
                },
                "company": { "display_name": company },
                "skills": skills_of(i),
                "locations": [{ "name": city }, { "name": "Remote" }],
            });
            if i % 3 == 0 {
                record["salary_min"] = serde_json::json!(50_000 + i * 1000);
            }
            record
        })
        .collect();
    serde_json::json!({ "count": n, "results": results, "mean": 71000.5 })
}

#[test]
fn a_nested_api_answer_is_served_by_dotted_names_and_answered_as_it_came() {
    let n = 60;
    let given = api_json(n);
    let api = api_over(given.to_string().as_bytes(), Format::Json);
    let fields = api.get("/fields").json();
    let field = |name: &str| {
        fields["fields"]
            .as_array()
            .and_then(|all| all.iter().find(|f| f["name"] == name))
            .cloned()
            .unwrap_or_else(|| panic!("no field {name} in {fields}"))
    };
    assert_eq!(fields["records"], n);
    assert_eq!(field("location.display_name")["kind"], "text");
    assert_eq!(field("location.area")["kind"], "list");
    assert_eq!(field("location.area")["list_encoding"], "json array");
    assert_eq!(field("skills")["kind"], "list");
    assert_eq!(field("locations.name")["distinct"], 5);
    assert_eq!(field("company.display_name")["list"], false);
    assert_eq!(field("salary_min")["kind"], "number");
    assert_eq!(field("salary_min")["missing"], n - n.div_ceil(3));
    // The container keys themselves are not fields.
    let names: Vec<&str> = fields["fields"]
        .as_array()
        .map(|a| a.iter().filter_map(|f| f["name"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        !names.contains(&"location") && !names.contains(&"locations"),
        "{names:?}"
    );

    // Counts per item of a list, and on a nested place.
    let python = (0..n).filter(|&i| skills_of(i).contains(&"Python")).count();
    let count = |query: &str| api.get(&format!("/data/count?{query}")).json()["count"].clone();
    assert_eq!(count("skills:eq=python"), python);
    assert_eq!(count("skills=Python"), python);
    assert_eq!(count("location.display_name=New%20York,%20NY"), n / 4);
    assert_eq!(count("locations.name=Remote"), n);
    assert_eq!(count("location.area=TX"), n / 4);
    assert_eq!(count("company.display_name=Blackbaud,%20Blackbaud"), n / 2);

    // Records come back as they were; `_fields` uses the dotted names.
    let all = api.get("/data/all").json();
    assert_eq!(all, given["results"]);
    let some = api
        .get("/data?_fields=title,location.display_name,skills&_limit=1")
        .json();
    assert_eq!(
        some,
        serde_json::json!([{
            "title": "Data Analyst",
            "location.display_name": "Seattle, WA",
            "skills": skills_of(0),
        }])
    );
    let facets = api.get("/data/facets?_field=skills&_limit=3").json();
    let top = &facets["values"][0];
    let most = SKILLS
        .iter()
        .map(|s| (0..n).filter(|&i| skills_of(i).contains(s)).count())
        .max();
    assert_eq!(top["count"].as_u64().map(|c| c as usize), most, "{facets}");
    // A field that is not there is still refused, naming the dotted ones.
    let refused = api.get("/data?location.city=Austin");
    assert_eq!(refused.status, 400, "{}", refused.text());
}

/// A Kaggle-style CSV: lists written as Python lists, places and companies with commas.
fn python_lists_csv(n: usize) -> String {
    let mut csv = String::from("job_title,company_name,job_location,job_skills,salary_in_usd\n");
    for i in 0..n {
        let (city, state) = CITIES[i % CITIES.len()];
        let skills: Vec<String> = skills_of(i).iter().map(|s| format!("'{s}'")).collect();
        let salary = [99_750, 450_000, 120_000, 8_000][i % 4];
        csv.push_str(&format!(
            "Analyst {i},\"Blackbaud, Blackbaud\",\"{city}, {state}\",\"[{}]\",{salary}\n",
            skills.join(", ")
        ));
    }
    csv
}

#[test]
fn python_lists_in_a_csv_are_counted_per_item_and_numbers_sort_as_numbers() {
    let n = 80;
    let api = api_over(python_lists_csv(n).as_bytes(), Format::Csv);
    let fields = api.get("/fields").json();
    let kinds: Vec<(String, String)> = fields["fields"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| (f["name"].to_string(), f["kind"].to_string()))
                .collect()
        })
        .unwrap_or_default();
    let kind = |name: &str| {
        kinds
            .iter()
            .find(|(n, _)| n.trim_matches('"') == name)
            .map(|(_, k)| k.trim_matches('"').to_owned())
    };
    assert_eq!(kind("job_skills").as_deref(), Some("list"));
    // Free text with commas stays whole.
    assert_eq!(kind("job_location").as_deref(), Some("text"));
    assert_eq!(kind("company_name").as_deref(), Some("text"));
    assert_eq!(kind("salary_in_usd").as_deref(), Some("number"));
    let python = (0..n).filter(|&i| skills_of(i).contains(&"Python")).count();
    let count = api.get("/data/count?job_skills:eq=Python").json();
    assert_eq!(count["count"], python);
    let count = api.get("/data/count?job_location=Austin,%20TX").json();
    assert_eq!(count["count"], n / 4);
    // Numbers sort as numbers, and are answered as numbers.
    let top = api
        .get("/data?_sort=-salary_in_usd&_limit=2&_fields=salary_in_usd")
        .json();
    assert_eq!(
        top,
        serde_json::json!([{"salary_in_usd": 450000}, {"salary_in_usd": 450000}])
    );
    let count = api.get("/data/count?salary_in_usd:gt=100000").json();
    assert_eq!(count["count"], n / 2);
}

#[test]
fn a_semicolon_csv_with_a_bom_and_newlines_in_cells_loads_with_its_own_names() {
    let csv = "\u{feff}titulo;empresa;cidade;habilidades;descricao\n\
               Analista de Dados;Acme;São Paulo;SQL, Excel, Python;\"Vaga; com\nduas linhas\"\n\
               Engenheiro;Beta;Rio de Janeiro;Python, Spark;curta\n";
    let mut text = String::from(csv);
    // Enough records for the lists to show.
    for i in 0..30 {
        let skills = skills_of(i).join(", ");
        text.push_str(&format!("Cargo {i};Empresa {i};Curitiba;{skills};texto\n"));
    }
    let api = api_over(text.as_bytes(), Format::Csv);
    let fields = api.get("/fields").json();
    assert_eq!(
        fields["fields"][0]["name"], "titulo",
        "the BOM is not part of a name"
    );
    assert_eq!(fields["records"], 32);
    let skills = &fields["fields"][3];
    assert_eq!(skills["name"], "habilidades");
    assert_eq!(skills["kind"], "list");
    assert_eq!(skills["separator"], ",");
    let first = api.get("/data?_limit=1").json();
    assert_eq!(first[0]["descricao"], "Vaga; com\nduas linhas");
    assert_eq!(first[0]["cidade"], "São Paulo");
}

#[test]
fn ndjson_saved_as_json_with_nan_loads_and_nan_is_no_value() {
    let ndjson = "{\"_id\": {\"$oid\": \"a1\"}, \"title\": \"Analyst\", \"salary\": NaN}\n\
                  {\"_id\": {\"$oid\": \"a2\"}, \"title\": \"Engineer\", \"salary\": 90000}\n\
                  {\"_id\": {\"$oid\": \"a3\"}, \"title\": \"NaN\", \"salary\": -Infinity}\n";
    let (_dir, server) = Server::over(ndjson, &[]);
    let count = server.get("/data/count?salary:gt=0").json();
    assert_eq!(count["count"], 1);
    let all = server.get("/data/all").json();
    assert_eq!(all[0]["salary"], serde_json::Value::Null);
    assert_eq!(all[2]["title"], "NaN", "a string NaN stays a string");
    let ids = server.get("/data/count?_id.$oid=a2").json();
    assert_eq!(ids["count"], 1);
}

#[test]
fn a_file_that_is_no_data_is_named_as_such() {
    let dir = scratch();
    let readme = write_file(
        dir.path(),
        "README.md",
        "# jobsctl\n\nOne fast binary for job data.\nIt serves and counts.\n",
    );
    assert_bad_data_file(&readme, "is none of JSON");
}

#[test]
fn list_and_no_list_settle_a_field_and_a_wrong_name_is_refused() {
    let dir = scratch();
    let data = write_file(dir.path(), "jobs.csv", "title,tags\nA,x; y\nB,y\nC,SQL\n");
    let path = crate::common::arg(&data);
    // Three records are too few for `tags` to show as a list on their own.
    let (_d, server) = {
        let mut command = crate::common::bin::jobsctl();
        command.args(["serve", "--data", path, "--list", "tags=;"]);
        (dir, Server::spawn(command))
    };
    let count = server.get("/data/count?tags:eq=y").json();
    assert_eq!(count["count"], 2);
    let out = run(&["serve", "--port", "0", "--data", path, "--list", "nosuch"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "a usage error: {stderr}");
    assert!(
        stderr.contains("\"nosuch\", which the data does not have"),
        "{stderr}"
    );
    assert!(stderr.contains("\"title\", \"tags\""), "{stderr}");
}
