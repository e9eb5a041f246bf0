//! `_format=xlsx` on `/data`, `/data/all` and `/data/facets`, in-process: the workbook read
//! back with umya holds the same records (or counts) as the JSON answer to the same query.

use std::io::Cursor;

use actix_web::http::header;
use actix_web::{test, web};
use jobsctl::dataset::Dataset;
use jobsctl::serve::{State, app};
use serde_json::Value;
use umya_spreadsheet::{CellRawValue, Workbook, Worksheet};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Awkward values: a formula-like string, numbers, a bool, a null, a missing field, commas,
/// quotes, newlines, a control character and non-ASCII text.
const FIXTURE: &str = r#"[
 {"Id": 5, "Job Title": "=1+1", "Key Skills": "Javascript| SQL", "Location": "Seattle", "Pay": 100.5, "Remote": true},
 {"Id": 3, "Job Title": "QA, \"tester\"\nZürich", "Key Skills": "javascript|Python", "Location": "Austin", "Pay": null},
 {"Id": 9, "Job Title": "@SUM(A1)", "Key Skills": "Python", "Location": "Seattle", "Pay": 3, "Remote": false},
 {"Id": 1, "Job Title": "tab\u0001bell", "Key Skills": "Javascript", "Location": "Austin", "Pay": 1000},
 {"Id": 7, "Job Title": "+44 20", "Key Skills": "Sales|Excel", "Location": "Boston"}
]"#;

/// What a GET answered.
struct Answer {
    status: u16,
    headers: header::HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }

    fn book(&self) -> Workbook {
        assert_eq!(self.status, 200, "{}", String::from_utf8_lossy(&self.body));
        assert_eq!(self.header("content-type"), Some(XLSX));
        umya_spreadsheet::reader::xlsx::read_reader(Cursor::new(self.body.clone()), true)
            .expect("umya reads the workbook")
    }
}

/// GETs `uri` from the app over `json`, with `headers`.
async fn get_with(json: &str, uri: &str, headers: &[(&str, &str)]) -> Answer {
    let dataset = Dataset::from_json(json.as_bytes()).expect("fixture loads");
    get_from(&web::Data::new(State::new(dataset)), uri, headers).await
}

/// GETs `uri` from the app serving `state`, with `headers`.
async fn get_from(state: &web::Data<State>, uri: &str, headers: &[(&str, &str)]) -> Answer {
    let service = test::init_service(app(web::Data::clone(state), true)).await;
    let mut request = test::TestRequest::get().uri(uri);
    for &(name, value) in headers {
        request = request.insert_header((name, value));
    }
    let response = test::call_service(&service, request.to_request()).await;
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = test::read_body(response).await.to_vec();
    Answer {
        status,
        headers,
        body,
    }
}

async fn get(uri: &str) -> Answer {
    get_with(FIXTURE, uri, &[]).await
}

/// The only sheet, which must be named `name`.
fn only_sheet<'a>(book: &'a Workbook, name: &str) -> &'a Worksheet {
    let names: Vec<&str> = book.sheet_collection().iter().map(|s| s.name()).collect();
    assert_eq!(names, [name]);
    book.sheet_by_name(name).expect("the sheet")
}

fn raw(sheet: &Worksheet, column: u32, row: u32) -> CellRawValue {
    sheet
        .cell((column, row))
        .map_or(CellRawValue::Empty, |c| c.cell_value().raw_value().clone())
}

/// Row `row` of `sheet`, `columns` cells wide, as JSON: strings, numbers, and null for an
/// empty cell.
fn row_json(sheet: &Worksheet, row: u32, columns: u32) -> Vec<Value> {
    (1..=columns)
        .map(|column| match raw(sheet, column, row) {
            CellRawValue::String(s) => Value::from(&*s),
            CellRawValue::Numeric(n) => Value::from(n),
            CellRawValue::Empty => Value::Null,
            other => panic!("cell ({column},{row}) is {other:?}"),
        })
        .collect()
}

/// The header row, `columns` wide.
fn header_row(sheet: &Worksheet, columns: u32) -> Vec<String> {
    (1..=columns).map(|c| sheet.value((c, 1))).collect()
}

/// A JSON value as the workbook holds it: numbers as floats, booleans as text, and control
/// characters as Excel stores them, `_xHHHH_` (Excel and LibreOffice read the character
/// back; umya and openpyxl show the escape).
fn as_cell(value: Option<&Value>) -> Value {
    match value {
        None | Some(Value::Null) => Value::Null,
        Some(Value::Number(n)) => Value::from(n.as_f64().expect("finite")),
        Some(Value::Bool(b)) => Value::from(b.to_string()),
        Some(Value::String(s)) => Value::from(
            s.chars()
                .map(|c| match c {
                    '\t' | '\n' | '\r' => c.to_string(),
                    c if c < ' ' => format!("_x{:04X}_", u32::from(c)),
                    c => c.to_string(),
                })
                .collect::<String>(),
        ),
        Some(other) => other.clone(),
    }
}

/// Checks that `sheet` holds exactly the records of the JSON answer, in `fields` order.
fn assert_same_records(sheet: &Worksheet, json: &Value, fields: &[&str]) {
    let records = json.as_array().expect("an array");
    let columns = u32::try_from(fields.len()).expect("few fields");
    assert_eq!(header_row(sheet, columns + 1), [fields, &[""]].concat());
    for (row, record) in (2u32..).zip(records) {
        let want: Vec<Value> = fields.iter().map(|f| as_cell(record.get(*f))).collect();
        assert_eq!(row_json(sheet, row, columns), want, "row {row}");
    }
    let after = u32::try_from(records.len()).expect("few rows") + 2;
    assert_eq!(
        row_json(sheet, after, columns),
        vec![Value::Null; fields.len()]
    );
}

fn custom_property(book: &Workbook, name: &str) -> Option<String> {
    book.properties()
        .custom_properties()
        .custom_document_property_list()
        .iter()
        .find(|p| p.name() == name)
        .map(|p| p.value().into_owned())
}

const ALL_FIELDS: [&str; 6] = ["Id", "Job Title", "Key Skills", "Location", "Pay", "Remote"];

#[actix_web::test]
async fn data_as_a_workbook_holds_the_same_records_as_json() {
    let answer = get("/data?Location=Seattle%7CAustin&_format=xlsx").await;
    assert_eq!(
        answer.header("content-disposition"),
        Some("attachment; filename=\"jobs.xlsx\"")
    );
    assert_eq!(answer.header("x-total-count"), Some("4"));
    let book = answer.book();
    let sheet = only_sheet(&book, "jobs");
    let json = get("/data?Location=Seattle%7CAustin").await.json();
    assert_same_records(sheet, &json, &ALL_FIELDS);
    assert!(sheet.style((1, 1)).font().is_some_and(|f| f.bold()));
    assert_eq!(custom_property(&book, "Total").as_deref(), Some("4"));
    assert_eq!(
        custom_property(&book, "Query").as_deref(),
        Some("/data?Location=Seattle%7CAustin&_format=xlsx")
    );
}

#[actix_web::test]
async fn text_is_text_numbers_are_numbers_and_nothing_is_a_formula() {
    let book = get("/data/all?_format=xlsx").await.book();
    let sheet = only_sheet(&book, "jobs");
    assert!(matches!(raw(sheet, 2, 2), CellRawValue::String(s) if &*s == "=1+1"));
    assert!(matches!(raw(sheet, 2, 4), CellRawValue::String(s) if &*s == "@SUM(A1)"));
    assert!(matches!(raw(sheet, 2, 6), CellRawValue::String(s) if &*s == "+44 20"));
    for row in 2..=6 {
        for column in 1..=6 {
            let cell = sheet.cell((column, row));
            assert!(!cell.is_some_and(|c| c.is_formula()), "({column},{row})");
        }
    }
    assert!(matches!(raw(sheet, 1, 2), CellRawValue::Numeric(n) if n == 5.0));
    assert!(matches!(raw(sheet, 5, 2), CellRawValue::Numeric(n) if n == 100.5));
    assert!(
        matches!(raw(sheet, 5, 3), CellRawValue::Empty),
        "null is empty"
    );
    assert!(
        matches!(raw(sheet, 6, 3), CellRawValue::Empty),
        "missing is empty"
    );
    assert!(matches!(raw(sheet, 6, 2), CellRawValue::String(s) if &*s == "true"));
    assert_eq!(sheet.value((2, 3)), "QA, \"tester\"\nZürich");
}

#[actix_web::test]
async fn fields_sort_and_paging_shape_the_sheet_as_they_shape_json() {
    for (query, fields) in [
        ("_fields=Pay,Id&_sort=-Pay", &["Pay", "Id"][..]),
        (
            "_fields=Location,Job%20Title&_sort=Id&_limit=2&_offset=1",
            &["Location", "Job Title"][..],
        ),
        ("_sort=Job%20Title&_offset=3", &ALL_FIELDS[..]),
        ("_limit=0", &ALL_FIELDS[..]),
        ("_offset=99", &ALL_FIELDS[..]),
    ] {
        let answer = get(&format!("/data/all?{query}&_format=xlsx")).await;
        let book = answer.book();
        let json = get(&format!("/data/all?{query}")).await.json();
        assert_same_records(only_sheet(&book, "jobs"), &json, fields);
        assert_eq!(answer.header("x-total-count"), Some("5"), "{query}");
    }
    let paged = get("/data/all?_limit=2&_offset=2&_format=xlsx").await;
    let link = paged.header("link").expect("a Link header");
    assert!(
        link.contains("_format=xlsx&_offset=4>; rel=\"next\""),
        "{link}"
    );
}

#[actix_web::test]
async fn no_matches_give_a_header_row_only() {
    let book = get("/data?Location=Nowhere&_fields=Id,Location&_format=xlsx")
        .await
        .book();
    let sheet = only_sheet(&book, "jobs");
    assert_eq!(header_row(sheet, 3), ["Id", "Location", ""]);
    assert_eq!(row_json(sheet, 2, 2), [Value::Null, Value::Null]);
}

#[actix_web::test]
async fn the_accept_header_chooses_a_workbook_and_it_is_not_compressed_again() {
    let answer = get_with(
        FIXTURE,
        "/data?Location=Boston",
        &[("accept", XLSX), ("accept-encoding", "gzip")],
    )
    .await;
    assert_eq!(answer.header("content-encoding"), Some("identity"));
    assert!(answer.body.starts_with(b"PK"));
    let book = answer.book();
    assert_eq!(only_sheet(&book, "jobs").value((2, 2)), "+44 20");
    let exposed = answer.header("access-control-expose-headers").unwrap_or("");
    assert!(exposed.contains("Content-Disposition"), "{exposed}");
    // `_format` wins over Accept.
    let json = get_with(FIXTURE, "/data/all?_format=json", &[("accept", XLSX)]).await;
    assert_eq!(json.json().as_array().map(Vec::len), Some(5));
}

#[actix_web::test]
async fn facets_as_a_workbook_hold_the_json_counts() {
    for query in [
        "_field=Key%20Skills",
        "_field=Key%20Skills&_limit=2",
        "_field=Location&Key%20Skills=Python&_match=token",
    ] {
        let answer = get(&format!("/data/facets?{query}&_format=xlsx")).await;
        assert_eq!(
            answer.header("content-disposition"),
            Some("attachment; filename=\"facets.xlsx\""),
        );
        let book = answer.book();
        let sheet = only_sheet(&book, "facets");
        let json = get(&format!("/data/facets?{query}")).await.json();
        let field = json["field"].as_str().expect("field");
        assert_eq!(header_row(sheet, 3), [field, "count", ""]);
        let values = json["values"].as_array().expect("values");
        for (row, value) in (2u32..).zip(values) {
            let want = vec![value["value"].clone(), as_cell(value.get("count"))];
            assert_eq!(row_json(sheet, row, 2), want, "{query} row {row}");
        }
        let after = u32::try_from(values.len()).expect("few") + 2;
        assert_eq!(row_json(sheet, after, 2), [Value::Null, Value::Null]);
        assert_eq!(
            custom_property(&book, "Total"),
            Some(json["total"].to_string()),
            "{query}"
        );
        assert_eq!(custom_property(&book, "Field").as_deref(), Some(field));
    }
    let accepted = get_with(FIXTURE, "/data/facets?_field=Location", &[("accept", XLSX)]).await;
    assert_eq!(
        only_sheet(&accepted.book(), "facets").value((1, 2)),
        "Austin"
    );
}

#[actix_web::test]
async fn facets_refuse_formats_they_do_not_have() {
    for format in ["csv", "ndjson"] {
        let answer = get(&format!("/data/facets?_field=Location&_format={format}")).await;
        assert_eq!(answer.status, 400);
        let message = answer.json()["error"].as_str().expect("error").to_owned();
        assert!(message.contains("json (the default) or xlsx"), "{message}");
    }
    let answer = get("/data?_format=xls").await;
    assert_eq!(answer.status, 400);
    let message = answer.json()["error"].as_str().expect("error").to_owned();
    assert!(message.contains("xlsx"), "{message}");
}

#[actix_web::test]
async fn more_records_than_a_sheet_holds_is_a_400_that_says_what_to_do() {
    // One more record than fits below the header.
    let rows = 1_048_576;
    let mut json = String::with_capacity(rows * 9 + 2);
    json.push('[');
    for i in 0..rows {
        if i > 0 {
            json.push(',');
        }
        json.push_str(&format!("{{\"n\":{i}}}"));
    }
    json.push(']');
    let state = web::Data::new(State::new(
        Dataset::from_json(json.as_bytes()).expect("loads"),
    ));
    // (A facets workbook cannot outgrow a sheet: 16 facets of at most 10,000 values.)
    for uri in ["/data/all?_format=xlsx"] {
        let answer = get_from(&state, uri, &[]).await;
        assert_eq!(answer.status, 400, "{uri}");
        assert_eq!(answer.header("content-type"), Some("application/json"));
        let message = answer.json()["error"].as_str().expect("error").to_owned();
        for needle in ["1048576 rows", "1048575", "_limit", "_format=csv"] {
            assert!(message.contains(needle), "{uri}: no {needle} in {message}");
        }
    }
    let page = get_from(&state, "/data/all?_format=xlsx&_offset=1&_limit=3", &[]).await;
    let book = page.book();
    let sheet = only_sheet(&book, "jobs");
    assert_eq!(row_json(sheet, 2, 1), [Value::from(1.0)]);
    assert_eq!(row_json(sheet, 4, 1), [Value::from(3.0)]);
}

#[actix_web::test]
async fn a_workbook_of_more_cells_than_the_server_builds_is_a_400_that_says_what_to_do() {
    // The fixture's records have 6 fields: all 5 of them are 30 cells.
    let dataset = Dataset::from_json(FIXTURE.as_bytes()).expect("fixture loads");
    let state = web::Data::new(State::new(dataset).with_max_workbook_cells(24));
    for (uri, needles) in [
        (
            "/data/all?_format=xlsx",
            &["5 rows of 6 columns", "24 cells", "--max-workbook-cells"][..],
        ),
        ("/data?Location=.&_format=xlsx", &["5 rows of 6 columns"]),
        // 5 + 3 + 5 values of three fields, each row the field, a value and its count.
        (
            "/data/facets?_field=Key%20Skills&_field=Location&_field=Id&_format=xlsx",
            &["13 rows of 3 columns"],
        ),
    ] {
        let answer = get_from(&state, uri, &[]).await;
        assert_eq!(answer.status, 400, "{uri}");
        assert_eq!(answer.header("content-type"), Some("application/json"));
        let message = answer.json()["error"].as_str().expect("error").to_owned();
        for needle in needles.iter().chain(&["_limit", "_fields", "_format=csv"]) {
            assert!(message.contains(needle), "{uri}: no {needle} in {message}");
        }
    }
    // Up to the limit, and with fewer columns, the workbook is built.
    for (uri, rows, columns) in [
        ("/data?_format=xlsx&_limit=4", 4, 6),
        ("/data/all?_format=xlsx&_fields=Id,Location", 5, 2),
        ("/data/facets?_field=Key%20Skills&_format=xlsx", 5, 2),
    ] {
        let book = get_from(&state, uri, &[]).await.book();
        let sheet = &book.sheet_collection()[0];
        let (last_column, last_row) = sheet.highest_column_and_row();
        assert_eq!((last_row, last_column), (rows + 1, columns), "{uri}");
    }
}
