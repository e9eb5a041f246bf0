//! `python-lists`: a Kaggle-style CSV (`,`) whose list columns hold a Python list's repr:
//! `"['SQL', 'Excel']"`, `[]`, and `"Employee's discount"` in double quotes as Python writes
//! an item holding `'`. Free text with commas sits beside them and is not a list:
//! `job_location` (`New York, NY`), `company_name` (`Acme Insurance, Acme Insurance`, as
//! scrapes repeat it), `job_title` (`Data Analyst, Marketing`).

use crate::rng::Rng;
use crate::shapes::pools::{self, COMPANIES, TECH_SKILLS};
use crate::value::{Record, Value, text};

/// The header.
pub const COLUMNS: &[&str] = &[
    "job_id",
    "job_title",
    "company_name",
    "job_location",
    "job_via",
    "job_schedule_type",
    "job_posted_date",
    "salary",
    "salary_in_usd",
    "job_skills",
    "job_benefits",
];

const BENEFITS: [(&str, f64); 7] = [
    ("Health insurance", 6.0),
    ("Dental insurance", 4.0),
    ("Paid time off", 5.0),
    ("401(k)", 3.0),
    ("Employee's discount", 1.0),
    ("Tuition reimbursement", 1.0),
    ("Parental leave", 1.5),
];

/// A list as Python's `repr` writes it: `['a', "b's"]`, or `[]`.
pub fn python_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items
        .iter()
        .map(|item| {
            if item.contains('\'') && !item.contains('"') {
                format!("\"{item}\"")
            } else {
                format!("'{}'", item.replace('\'', "\\'"))
            }
        })
        .collect();
    format!("[{}]", quoted.join(", "))
}

/// Row number `n`.
pub fn record(rng: &mut Rng, n: usize) -> Record {
    let (city, code, _) = pools::us_place(rng);
    let location = match rng.range(0, 19) {
        0 => "Anywhere".to_owned(),
        1 => "United States".to_owned(),
        2 | 3 => format!("{city}, {code}, United States"),
        _ => format!("{city}, {code}"),
    };
    let company = rng.pick(&COMPANIES[..]);
    let company = if rng.chance(0.08) {
        format!("{company}, {company}")
    } else {
        company.to_owned()
    };
    let (year, month, day) = pools::date(rng);
    let hourly = rng.chance(0.15);
    let (salary, usd) = if rng.chance(0.35) {
        if hourly {
            let rate = pools::amount(rng, 1800, 9500, 25) as f64 / 100.0;
            (
                Value::Float(rate),
                Value::Int((rate * 2080.0).round() as i64),
            )
        } else {
            let pay = pools::amount(rng, 55_000, 240_000, 250);
            (Value::Int(pay), Value::Int(pay))
        }
    } else {
        (Value::Null, Value::Null)
    };
    let skills = match rng.range(0, 29) {
        0 => String::new(),
        1 | 2 => "[]".to_owned(),
        _ => python_list(&pools::some(rng, &TECH_SKILLS, 1, 7)),
    };
    let benefits = python_list(&pools::some(rng, &BENEFITS, 0, 4));
    vec![
        ("job_id", Value::Int(700_000 + n as i64)),
        ("job_title", text(pools::title(rng))),
        ("company_name", text(company)),
        ("job_location", text(location)),
        (
            "job_via",
            text(rng.pick(&["via LinkedIn", "via Indeed", "via ZipRecruiter"][..])),
        ),
        (
            "job_schedule_type",
            text(rng.weighted(&[("Full-time", 9.0), ("Contractor", 1.0), ("Part-time", 0.5)])),
        ),
        (
            "job_posted_date",
            text(format!(
                "{year}-{month:02}-{day:02} 0{}:00:00",
                rng.range(0, 9)
            )),
        ),
        ("salary", salary),
        ("salary_in_usd", usd),
        ("job_skills", text(skills)),
        ("job_benefits", text(benefits)),
    ]
}
