//! Values the shapes share: places, companies, titles and skills (all invented or generic).

use crate::families::FAMILIES;
use crate::rng::Rng;

/// US places: city, state code, state name, and how common each is.
pub const US_PLACES: [(&str, &str, &str, f64); 14] = [
    ("New York", "NY", "New York", 14.0),
    ("San Francisco", "CA", "California", 9.0),
    ("Seattle", "WA", "Washington", 8.0),
    ("Austin", "TX", "Texas", 7.0),
    ("Boston", "MA", "Massachusetts", 6.0),
    ("Chicago", "IL", "Illinois", 6.0),
    ("Los Angeles", "CA", "California", 6.0),
    ("Washington", "DC", "District of Columbia", 5.0),
    ("Atlanta", "GA", "Georgia", 4.0),
    ("Denver", "CO", "Colorado", 3.0),
    ("Dallas", "TX", "Texas", 3.0),
    ("Raleigh", "NC", "North Carolina", 2.0),
    ("Pittsburgh", "PA", "Pennsylvania", 1.5),
    ("Salt Lake City", "UT", "Utah", 1.0),
];

/// Invented employers.
pub const COMPANIES: [&str; 24] = [
    "Northwind Analytics",
    "Bluefin Data",
    "Harbor Health",
    "Cobalt Systems",
    "Lattice Labs",
    "Meridian Bank",
    "Quarry Logistics",
    "Juniper Retail",
    "Acme Insurance",
    "Tessellate AI",
    "Redwood Energy",
    "Sable Security",
    "Orbital Media",
    "Kestrel Software",
    "Pinecone Foods",
    "Summit Consulting",
    "Vantage Telecom",
    "Granite Capital",
    "Willow Education",
    "Beacon Robotics",
    "Cascade Pharma",
    "Ironclad Manufacturing",
    "Lumen Travel",
    "Atlas Public Sector",
];

/// Data and software skills, most common first, as the Kaggle and API sets list them.
pub const TECH_SKILLS: [(&str, f64); 24] = [
    ("SQL", 30.0),
    ("Python", 28.0),
    ("Excel", 18.0),
    ("Tableau", 12.0),
    ("Power BI", 11.0),
    ("R", 9.0),
    ("AWS", 9.0),
    ("Spark", 7.0),
    ("Java", 7.0),
    ("Azure", 6.0),
    ("Snowflake", 5.0),
    ("Machine Learning", 6.0),
    ("Statistics", 6.0),
    ("Communication", 8.0),
    ("Git", 4.0),
    ("Docker", 4.0),
    ("Kubernetes", 3.0),
    ("Airflow", 3.0),
    ("dbt", 2.0),
    ("Looker", 2.0),
    ("Scala", 2.0),
    ("Go", 1.5),
    ("C++", 1.5),
    ("SAS", 2.0),
];

/// Titles of data and software jobs.
pub const TECH_TITLES: [&str; 16] = [
    "Data Analyst",
    "Senior Data Analyst",
    "Data Scientist",
    "Senior Data Scientist",
    "Data Engineer",
    "Senior Data Engineer",
    "Machine Learning Engineer",
    "Analytics Engineer",
    "Business Intelligence Analyst",
    "Software Engineer",
    "Backend Engineer",
    "Data Architect",
    "Research Scientist",
    "Product Analyst",
    "Data Analyst, Marketing",
    "Lead Data Engineer - Platform",
];

/// A title: a data job mostly, else one of the lab's (so titles vary widely).
pub fn title(rng: &mut Rng) -> &'static str {
    if rng.chance(0.8) {
        rng.pick(&TECH_TITLES[..])
    } else {
        let family = &FAMILIES[rng.range(0, FAMILIES.len() - 1)];
        rng.pick(family.titles)
    }
}

/// A US place: `(city, state code, state name)`.
pub fn us_place(rng: &mut Rng) -> (&'static str, &'static str, &'static str) {
    let places: Vec<((&str, &str, &str), f64)> = US_PLACES
        .iter()
        .map(|(c, s, n, w)| ((*c, *s, *n), *w))
        .collect();
    rng.weighted(&places)
}

/// `low..=high` distinct items of `pool`, each drawn in proportion to its weight.
pub fn some<T: Copy + PartialEq>(
    rng: &mut Rng,
    pool: &[(T, f64)],
    low: usize,
    high: usize,
) -> Vec<T> {
    let want = rng.range(low, high).min(pool.len());
    let mut items = Vec::with_capacity(want);
    while items.len() < want {
        let item = rng.weighted(pool);
        if !items.contains(&item) {
            items.push(item);
        }
    }
    items
}

/// A date in 2023–2024 as `(year, month, day)`.
pub fn date(rng: &mut Rng) -> (u32, u32, u32) {
    (
        2023 + rng.range(0, 1) as u32,
        1 + rng.range(0, 11) as u32,
        1 + rng.range(0, 27) as u32,
    )
}

/// A rounded amount in `low..=high`, in steps of `step`.
pub fn amount(rng: &mut Rng, low: usize, high: usize, step: usize) -> i64 {
    (rng.range(low / step, high / step) * step) as i64
}
