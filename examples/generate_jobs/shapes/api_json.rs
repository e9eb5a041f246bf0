//! `api-json`: a job board API answer, as Adzuna gives it, with The Muse's arrays of objects.
//!
//! `{"__CLASS__": ..., "count": N, "results": [...]}`; each result nests `location`
//! (`display_name`, `area` an array), `company`, `category` (each with its `__CLASS__`),
//! has `salary_min`/`salary_max` (absent now and then, a float now and then), an ISO
//! `created`, an `id` of digits as a string, `locations`/`tags`/`levels` as arrays of
//! objects, `skills` as an array of strings (sometimes empty), and keys that some records lack.

use crate::rng::Rng;
use crate::shapes::pools::{self, COMPANIES, TECH_SKILLS};
use crate::value::{Record, Value, named, strings, text};

/// Adzuna's category labels and tags.
const CATEGORIES: [(&str, &str); 6] = [
    ("IT Jobs", "it-jobs"),
    ("Scientific & QA Jobs", "scientific-qa-jobs"),
    ("Consultancy Jobs", "consultancy-jobs"),
    ("Accounting & Finance Jobs", "accounting-finance-jobs"),
    ("Healthcare & Nursing Jobs", "healthcare-nursing-jobs"),
    ("Engineering Jobs", "engineering-jobs"),
];

/// The Muse's levels.
const LEVELS: [(&str, &str); 4] = [
    ("Entry Level", "entry"),
    ("Mid Level", "mid"),
    ("Senior Level", "senior"),
    ("management", "management"),
];

/// Sentences a short description is made of.
const SENTENCES: [&str; 6] = [
    "We are looking for a curious analyst to join our growing team.",
    "You will build dashboards, pipelines and models that the business relies on.",
    "Experience with SQL, Python and a BI tool is expected; cloud experience is a plus.",
    "This is a hybrid role, three days a week in the office.",
    "We offer a competitive salary, equity and generous paid time off.",
    "We are an equal opportunity employer and value diversity at our company.",
];

/// The opening of the answer, before the records.
pub fn head(records: usize) -> String {
    format!(
        "{{\"__CLASS__\": \"Adzuna::API::Response::JobSearchResults\", \"count\": {records}, \"results\": [\n"
    )
}

fn class(name: &str) -> (&'static str, Value) {
    ("__CLASS__", text(format!("Adzuna::API::Response::{name}")))
}

/// Result number `n`.
pub fn record(rng: &mut Rng, n: usize) -> Record {
    let (city, code, state) = pools::us_place(rng);
    let display = format!("{city}, {code}");
    let (label, tag) = rng.pick(&CATEGORIES[..]);
    let (year, month, day) = pools::date(rng);
    let id = 4_000_000_000u64 + n as u64 * 7 + rng.range(0, 6) as u64;
    let mut record: Record = vec![
        class("Job"),
        ("id", text(id.to_string())),
        (
            "adref",
            text(format!("eyJhbGciOiJIUzI1NiJ9.{:016x}", rng.next())),
        ),
        ("title", text(pools::title(rng))),
    ];
    let sentences = rng.range(2, 4);
    let description: Vec<&str> = (0..sentences).map(|_| rng.pick(&SENTENCES[..])).collect();
    record.push(("description", text(description.join(" "))));
    record.push((
        "created",
        text(format!(
            "{year}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
            rng.range(0, 23),
            rng.range(0, 59),
            rng.range(0, 59)
        )),
    ));
    record.push((
        "location",
        Value::Object(vec![
            class("Location"),
            ("display_name", text(&display)),
            ("area", strings(&["US", state, city])),
        ]),
    ));
    if rng.chance(0.93) {
        record.push((
            "company",
            Value::Object(vec![
                class("Company"),
                ("display_name", text(rng.pick(&COMPANIES[..]))),
            ]),
        ));
    }
    record.push((
        "category",
        Value::Object(vec![
            class("Category"),
            ("label", text(label)),
            ("tag", text(tag)),
        ]),
    ));
    if rng.chance(0.7) {
        let low = pools::amount(rng, 45_000, 160_000, 500);
        let high = low + pools::amount(rng, 0, 60_000, 500);
        let predicted = rng.chance(0.3);
        // A predicted salary is a float, as Adzuna's estimates are.
        let (low, high) = if predicted {
            (
                Value::Float(low as f64 + 0.38),
                Value::Float(high as f64 + 0.62),
            )
        } else {
            (Value::Int(low), Value::Int(high))
        };
        record.push(("salary_min", low));
        record.push(("salary_max", high));
        record.push((
            "salary_is_predicted",
            text(if predicted { "1" } else { "0" }),
        ));
    }
    if rng.chance(0.6) {
        record.push((
            "contract_time",
            text(if rng.chance(0.9) {
                "full_time"
            } else {
                "part_time"
            }),
        ));
    }
    if rng.chance(0.5) {
        record.push((
            "latitude",
            Value::Float((3_000 + rng.range(0, 1_800)) as f64 / 100.0),
        ));
        record.push((
            "longitude",
            Value::Float(-((7_000 + rng.range(0, 5_200)) as f64) / 100.0),
        ));
    }
    // The Muse: every place the job may be done from, an array of objects.
    let mut places = vec![display];
    if rng.chance(0.3) {
        places.push("Flexible / Remote".to_owned());
    }
    if rng.chance(0.1) {
        let (city, code, _) = pools::us_place(rng);
        let other = format!("{city}, {code}");
        if !places.contains(&other) {
            places.push(other);
        }
    }
    let mut locations = named(&places);
    if rng.chance(0.05) {
        // Deeper than one level inside an array: kept as JSON text by the loader.
        if let Value::List(items) = &mut locations
            && let Some(Value::Object(first)) = items.first_mut()
        {
            first.push((
                "geo",
                Value::Object(vec![
                    ("lat", Value::Float(47.61)),
                    ("lon", Value::Float(-122.33)),
                ]),
            ));
        }
    }
    record.push(("locations", locations));
    let skills = pools::some(rng, &TECH_SKILLS, 0, 6);
    if rng.chance(0.8) {
        let tags: Vec<Value> = skills
            .iter()
            .take(3)
            .map(|s| {
                Value::Object(vec![
                    ("name", text(*s)),
                    ("short_name", text(s.to_lowercase().replace(' ', "-"))),
                ])
            })
            .collect();
        record.push(("tags", Value::List(tags)));
    }
    if rng.chance(0.75) {
        let (name, short) = rng.pick(&LEVELS[..]);
        record.push((
            "levels",
            Value::List(vec![Value::Object(vec![
                ("name", text(name)),
                ("short_name", text(short)),
            ])]),
        ));
    }
    record.push(("skills", strings(&skills)));
    record
}
