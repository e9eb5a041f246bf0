//! The explorer on data whose fields are not the lab's: its facets, charts and heat-map
//! come from the fields' roles and from suggested fields, read from the page's HTML.

use actix_web::web;
use jobsctl::dataset::{Dataset, LoadOptions};
use jobsctl::serve::State;

use crate::common::inproc::Api;
use crate::common::{scratch, write_file};
use crate::generator::shape;

/// The explorer's page over `records` records of shape `name`, loaded from `file`.
fn page(name: &str, records: usize, file: &str, query: &str) -> String {
    let dir = scratch();
    let path = write_file(dir.path(), file, &shape(name, records));
    let dataset = Dataset::load(&path, &LoadOptions::default()).expect("loads");
    let api = Api::new(web::Data::new(State::new(dataset)), true);
    let answer = api.get(&format!("/{query}"));
    assert_eq!(answer.status, 200, "{name}: {}", answer.text());
    answer.text()
}

fn facet(html: &str, field: &str) -> bool {
    html.contains(&format!("data-facet=\"{field}\""))
}

#[test]
fn a_job_boards_answer_gets_facets_charts_and_the_heat_map_from_its_roles() {
    let html = page("api-json", 300, "adzuna.json", "");
    assert!(facet(&html, "location.display_name"), "no place facet");
    assert!(facet(&html, "skills"), "no skills facet");
    assert!(facet(&html, "company.display_name"), "no company facet");
    assert!(html.contains("id=\"chart-skills\"") && html.contains("id=\"chart-locations\""));
    assert!(html.contains("Top skills by location"), "no heat-map");
    // A facet click filters by the role's field.
    assert!(
        html.contains("?location.display_name%3Aeq=") || html.contains("location.display_name:eq=")
    );
}

#[test]
fn data_without_roles_still_gets_suggested_facets() {
    let html = page("no-roles", 200, "sensors.json", "");
    // A field most records have, with a few short values, is suggested.
    assert!(
        facet(&html, "unit"),
        "no suggested facet: {}",
        &html[..html.len().min(3000)]
    );
    assert!(!html.contains("id=\"chart-skills\""));
}

#[test]
fn a_kaggle_csv_gets_its_skills_and_places_as_facets() {
    let html = page("python-lists", 300, "kaggle.csv", "");
    assert!(facet(&html, "job_location") && facet(&html, "job_skills"));
    // Free text with commas is one value in the place facet.
    assert!(html.contains(">New York, NY<"), "the place is split");
}

#[test]
fn the_title_comes_first_then_the_company_and_the_place() {
    let html = page("api-json", 50, "adzuna.json", "");
    let header =
        regex::Regex::new(r#"<th scope="col"[^>]*><a href="[^"]*">([^<]*)<"#).expect("regex");
    let headers: Vec<&str> = header
        .captures_iter(&html)
        .filter_map(|c| Some(c.get(1)?.as_str()))
        .collect();
    assert_eq!(
        headers.get(..3),
        Some(&["title", "company.display_name", "location.display_name"][..]),
        "{headers:?}"
    );
    assert!(!headers.contains(&"description"), "{headers:?}");
    // A field with the same value in every record makes no column.
    assert!(!headers.contains(&"__CLASS__"), "{headers:?}");
}

/// The counts drawn in the chart `id` of `html`.
fn chart_counts(html: &str, id: &str) -> Vec<u64> {
    let start = html
        .find(&format!("id=\"chart-{id}\""))
        .unwrap_or_else(|| panic!("no chart {id}"));
    let figure = &html[start..start + html[start..].find("</figure>").expect("figure ends")];
    figure
        .split("<text class=\"count\"")
        .skip(1)
        .filter_map(|t| {
            let text = &t[t.find('>')? + 1..t.find("</text>")?];
            text.replace(',', "").parse().ok()
        })
        .collect()
}

#[test]
fn pay_and_experience_are_drawn_as_spreads_and_the_pay_filter_writes_at_salary() {
    let dir = scratch();
    let path = write_file(dir.path(), "pay.json", &shape("pay-strings", 600));
    let dataset = Dataset::load(&path, &LoadOptions::default()).expect("loads");
    let api = Api::new(web::Data::new(State::new(dataset)), true);
    let count = |query: &str| -> u64 {
        api.get(&format!("/data/count?{query}")).json()["count"]
            .as_u64()
            .expect("a count")
    };
    let html = api.get("/?currency=USD").text();
    // Every matching posting whose pay was read is in one bar, and so for experience.
    let pay: u64 = chart_counts(&html, "pay").iter().sum();
    assert_eq!(pay, count("currency=USD&@salary:gte=0"));
    let years: u64 = chart_counts(&html, "experience").iter().sum();
    assert_eq!(years, count("currency=USD&@experience:gte=0"));
    assert!(html.contains("Pay per year"), "a labelled pay chart");
    // The pay filter keeps the page's other filters and writes `@salary:gte`.
    let form = &html[html.find("class=\"pay-filter\"").expect("a pay filter")..];
    let form = &form[..form.find("</form>").expect("form ends")];
    assert!(form.contains("name=\"@salary:gte\""), "{form}");
    assert!(form.contains("name=\"currency\" value=\"USD\""), "{form}");
    let paid = api.get("/?@salary:gte=100000").text();
    let total = count("@salary:gte=100000");
    assert!(
        paid.contains(&format!("data-total=\"{total}\"")),
        "total {total}"
    );
    assert!(
        paid.contains("value=\"100000\""),
        "the form shows the amount asked"
    );
    // A bar of the pay chart links to the page of postings paying at least its start.
    assert!(
        html.contains("%40salary:gte=50000"),
        "bars link to a pay filter"
    );
    // The lab's data has experience and no pay.
    let lab = Api::bundled().get("/").text();
    assert!(!lab.contains("id=\"chart-pay\"") && !lab.contains("class=\"pay-filter\""));
    let lab_years: u64 = chart_counts(&lab, "experience").iter().sum();
    assert_eq!(lab_years, 27_005);
}
