//! `ndjson-nan`: a MongoDB/pandas export meant to be saved as `.json`: one object a line,
//! `_id: {"$oid": "..."}`, a `{"$date": ...}`, a nested `company` (`company.name`), skills as
//! a JSON array, French field names (`intitulé`, `lieu`, `salaire_min`), and bare `NaN` (a
//! missing number, as Python's `json.dump` writes it) and now and then `Infinity` tokens,
//! which are not valid JSON.

use crate::rng::Rng;
use crate::shapes::pools::{self, COMPANIES, TECH_SKILLS};
use crate::value::{Record, Value, strings, text};

const CITIES: [(&str, f64); 8] = [
    ("Paris", 10.0),
    ("Lyon", 4.0),
    ("Toulouse", 3.0),
    ("Nantes", 2.0),
    ("Bordeaux", 2.0),
    ("Lille", 2.0),
    ("Montréal", 1.5),
    ("Bruxelles", 1.5),
];

const TITLES: [&str; 7] = [
    "Data Analyst",
    "Data Scientist",
    "Ingénieur Data",
    "Ingénieur·e logiciel",
    "Chef de projet BI",
    "Consultant décisionnel",
    "Développeur Python",
];

const SECTORS: [&str; 5] = ["Banque", "Assurance", "Santé", "Industrie", "Conseil"];

/// A number, or `NaN` as pandas leaves a missing one (`Infinity` once in a while).
fn maybe(rng: &mut Rng, value: i64, missing: f64) -> Value {
    if rng.chance(0.01) {
        Value::Infinity
    } else if rng.chance(missing) {
        Value::NaN
    } else {
        Value::Int(value)
    }
}

/// Line number `n`.
pub fn record(rng: &mut Rng, n: usize) -> Record {
    let oid = format!("65f{:09x}{:012x}", n, rng.next() & 0xFFFF_FFFF_FFFF);
    let (year, month, day) = pools::date(rng);
    let low = pools::amount(rng, 32_000, 70_000, 1_000);
    let high = low + pools::amount(rng, 0, 25_000, 1_000);
    let size = rng.range(10, 5_000) as i64;
    let mut company = vec![("name", text(rng.pick(&COMPANIES[..])))];
    company.push(("secteur", text(rng.pick(&SECTORS[..]))));
    company.push(("effectif", maybe(rng, size, 0.2)));
    let mut record: Record = vec![
        ("_id", Value::Object(vec![("$oid", text(oid))])),
        ("intitulé", text(rng.pick(&TITLES[..]))),
        ("lieu", text(rng.weighted(&CITIES))),
        ("company", Value::Object(company)),
        ("skills", strings(&pools::some(rng, &TECH_SKILLS, 0, 6))),
        ("salaire_min", maybe(rng, low, 0.4)),
        ("salaire_max", maybe(rng, high, 0.4)),
        ("télétravail", Value::Bool(rng.chance(0.4))),
        (
            "date_publication",
            Value::Object(vec![(
                "$date",
                text(format!("{year}-{month:02}-{day:02}T00:00:00Z")),
            )]),
        ),
    ];
    if rng.chance(0.3) {
        record.push((
            "note_glassdoor",
            Value::Float((30 + rng.range(0, 20)) as f64 / 10.0),
        ));
    }
    record
}
