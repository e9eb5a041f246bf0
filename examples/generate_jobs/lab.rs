//! The `lab` shape: a synthetic `jobs.json` with the schema and the quirks of the jobs lab's file.
//!
//! We cannot ship the lab's data, so this makes look-alike data instead: real job titles,
//! skill lists that mix languages, databases and business skills, experience ranges (spelled
//! `2 - 5 yrs`, `3 - 8 Years`, `2-5 yrs`, `0 Years`, `30 years and above`), and the
//! lab's 13 US cities with the same skewed spread (including the misspelled "New Orleons").
//! It reproduces the quirks the loader and matcher must handle: `Key Skills` joined by
//! `"| "` and sometimes `"|"`, single-skill records, empty and padded items, casing variants
//! (`Javascript`, `javascript`, `JavaScript`), paragraph-long `Role` values, non-ASCII text
//! (en dashes, no-break spaces, mojibake) and values with quotes, backslashes and commas.
//! `--records 27005 --seed 42` gives the committed `jobs.json`, byte for byte.

use std::io::{self, Write};

use crate::families::{FAMILIES, Family};
use crate::rng::Rng;
use crate::words::Words;
use crate::{Format, Options};

/// The 13 cities and roughly how many of the lab's 27,005 postings each has.
const CITIES: [(&str, f64); 13] = [
    ("Washington DC", 5300.0),
    ("New York", 4150.0),
    ("Los Angeles", 3550.0),
    ("San Francisco", 3100.0),
    ("Seattle", 2500.0),
    ("Austin", 2100.0),
    ("Boston", 1700.0),
    ("Chicago", 1400.0),
    ("Dallas", 1100.0),
    ("Houston", 880.0),
    ("Detroit", 690.0),
    ("New Orleons", 494.0),
    ("Philadelphia", 41.0),
];

const EXPERIENCE: [(&str, f64); 12] = [
    ("0 - 1 yrs", 4.0),
    ("0 - 5 yrs", 6.0),
    ("1 - 3 yrs", 8.0),
    ("1 - 6 yrs", 6.0),
    ("2 - 5 yrs", 14.0),
    ("2 - 7 yrs", 10.0),
    ("3 - 8 yrs", 12.0),
    ("4 - 9 yrs", 8.0),
    ("5 - 10 yrs", 14.0),
    ("7 - 12 yrs", 7.0),
    ("10 - 15 yrs", 7.0),
    ("15 - 20 yrs", 4.0),
];

/// Generic skills used to fill a list that came out too short.
const FILLERS: [&str; 8] = [
    "Communication Skills",
    "Team Management",
    "Problem Solving",
    "MS Office",
    "Presentation Skills",
    "Leadership",
    "Time Management",
    "Analytical Skills",
];

/// Sentences that paragraph-long `Role` values are built from.
const SENTENCES: [&str; 12] = [
    "You will own the design, development and delivery of features from start to finish.",
    "Work closely with product managers, designers and other engineers in an agile team.",
    "Write clean, well-tested code and review the code of your peers with care.",
    "Take part in planning, estimation and the continuous improvement of our processes.",
    "Engage with customers to understand their requirements and translate them into solutions.",
    "Prepare weekly reports on targets, pipeline and performance for the management team.",
    "Mentor junior members of the team and help them grow their skills and careers.",
    "Ensure compliance with company policies, quality standards and regulatory requirements.",
    "Identify opportunities for automation and lead their implementation across teams.",
    "Maintain accurate records in the CRM and follow up on every open item in time.",
    "Travel to client sites across the region as needed, up to 30% of the time.",
    "Candidates with strong communication skills and a positive attitude are preferred.",
];

/// Odd text found in the real file: en dashes, no-break spaces and mojibake.
const ODDITIES: [&str; 4] = [" \u{2013} ", "\u{a0}", "Ã¢â‚¬â„¢", " \u{2014} "];

/// One of several spellings, in proportion to their weights.
fn variant(rng: &mut Rng, spellings: &[(&'static str, f64)]) -> &'static str {
    rng.weighted(spellings)
}

/// Spells JavaScript and a few other skills the inconsistent ways the real file does.
fn spelling(rng: &mut Rng, skill: &'static str) -> &'static str {
    match skill {
        "JavaScript" => variant(
            rng,
            &[
                ("Javascript", 1434.0),
                ("javascript", 461.0),
                ("JavaScript", 353.0),
            ],
        ),
        "Python" => variant(rng, &[("Python", 0.9), ("python", 0.1)]),
        "SQL" => variant(rng, &[("SQL", 0.85), ("sql", 0.15)]),
        "Java" => variant(rng, &[("Java", 0.95), ("java", 0.05)]),
        "MySQL" => variant(rng, &[("MySQL", 0.8), ("mysql", 0.2)]),
        other => other,
    }
}

fn key_skills(rng: &mut Rng, family: &Family) -> String {
    let mut skills: Vec<&str> = Vec::new();
    for (skill, p) in family.skills {
        if rng.chance(*p) {
            skills.push(spelling(rng, skill));
        }
    }
    // About 1,100 of 27,005 postings list a single skill.
    let single = rng.chance(0.041);
    if single {
        if skills.is_empty() {
            let skill = rng_pick_skill(rng, family);
            skills.push(spelling(rng, skill));
        }
        skills.truncate(1);
    } else {
        let want = rng.range(3, 8);
        while skills.len() < want {
            let filler = if rng.chance(0.5) {
                rng_pick_skill(rng, family)
            } else {
                rng.pick(&FILLERS[..])
            };
            let filler = spelling(rng, filler);
            if !skills.contains(&filler) {
                skills.push(filler);
            }
        }
        skills.truncate(8);
        // Shuffle (Fisher–Yates), so that lists do not follow the pool's order.
        for i in (1..skills.len()).rev() {
            let j = rng.range(0, i);
            skills.swap(i, j);
        }
    }
    let mut items: Vec<String> = skills.into_iter().map(String::from).collect();
    if rng.chance(0.004) && items.len() > 1 {
        let at = rng.range(1, items.len() - 1);
        items.insert(at, String::new());
    }
    if rng.chance(0.006) {
        let at = rng.range(0, items.len() - 1);
        items[at] = format!("  {} ", items[at]);
    }
    let mut out = String::new();
    for (n, item) in items.iter().enumerate() {
        if n > 0 {
            out.push_str(if rng.chance(0.07) { "|" } else { "| " });
        }
        out.push_str(item);
    }
    out
}

/// The lab's twelve technologies: their frequencies are set by their own chances only.
const COUNTED: [&str; 12] = jobsctl::collect::DEFAULT_SKILLS;

/// A skill from the family's pool, in proportion to its chance, but never one of the lab's
/// technologies (so that filling short lists does not skew their counts).
fn rng_pick_skill(rng: &mut Rng, family: &Family) -> &'static str {
    let pool: Vec<(&'static str, f64)> = family
        .skills
        .iter()
        .filter(|(s, _)| !COUNTED.contains(s))
        .copied()
        .collect();
    rng.weighted(&pool)
}

fn paragraph(rng: &mut Rng) -> String {
    let target = rng.range(400, 3900);
    let mut text = String::new();
    while text.len() + 100 < target {
        if !text.is_empty() {
            text.push(' ');
        }
        let sentence: &str = rng.pick(&SENTENCES[..]);
        text.push_str(sentence);
    }
    text
}

/// Adds odd characters to a value now and then (about 240 values in 27,005 records).
fn oddly(rng: &mut Rng, value: String) -> String {
    if !rng.chance(0.003) {
        return value;
    }
    let oddity = rng.pick(&ODDITIES[..]);
    match value.split_once(' ') {
        Some((head, tail)) => format!("{head}{oddity}{tail}"),
        None => format!("{value}{oddity}"),
    }
}

/// How a posting writes its experience range: mostly `2 - 5 yrs`, sometimes `2 - 5 Years`,
/// `2-5 yrs`, `2 - 5 YRS`, `0 Years` for a range from 0, or `30 years and above`, as real
/// postings do. The spelling is decided by a hash of the record's id, not by the random
/// stream, so that every other value of a file stays what it was before spellings varied.
fn experience(range: &str, id: u64) -> String {
    let roll = Rng(id ^ 0x00E5_9E21_E4CE).next() % 1000;
    let (low, high) = range
        .trim_end_matches(" yrs")
        .split_once(" - ")
        .unwrap_or((range, range));
    match roll {
        0..=2 => "30 years and above".to_owned(),
        3..=62 if low == "0" => "0 Years".to_owned(),
        63..=92 => format!("{low} - {high} Years"),
        93..=107 => format!("{low}-{high} yrs"),
        108..=114 => format!("{low} - {high} YRS"),
        _ => range.to_owned(),
    }
}

fn write_record(out: &mut impl Write, fields: &[(&str, String)], id: u64) -> io::Result<()> {
    write!(out, "{{\"Id\": {id}")?;
    for (name, value) in fields {
        let value = serde_json::to_string(value).map_err(io::Error::other)?;
        write!(out, ", \"{name}\": {value}")?;
    }
    out.write_all(b"}")
}

/// The fields of every record, in order, for the CSV header.
const FIELD_NAMES: [&str; 9] = [
    "Id",
    "Job Title",
    "Job Experience Required",
    "Key Skills",
    "Role Category",
    "Location",
    "Functional Area",
    "Industry",
    "Role",
];

/// Writes one record as a CSV row (RFC 4180 quoting).
fn write_csv_row(out: &mut impl Write, cells: &[&str]) -> io::Result<()> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    writer.write_record(cells).map_err(io::Error::other)?;
    let row = writer
        .into_inner()
        .map_err(|e| io::Error::other(e.to_string()))?;
    out.write_all(&row)
}

/// Writes the lab's records in `format`; with `words`, each record ends with a `description`
/// drawn from its own random stream, so every other value stays what it is without it.
pub fn generate(
    options: &Options,
    format: Format,
    words: Option<&Words>,
    out: &mut impl Write,
) -> io::Result<()> {
    let mut rng = Rng(options.seed);
    let mut described = Rng(options.seed ^ crate::words::STREAM);
    let families: Vec<(&Family, f64)> = FAMILIES.iter().map(|f| (f, f.weight)).collect();
    let mut id: u64 = 100_000;
    match format {
        Format::Json => out.write_all(b"[\n")?,
        Format::Ndjson => {}
        Format::Csv => {
            let mut names = FIELD_NAMES.to_vec();
            if words.is_some() {
                names.push(crate::words::FIELD);
            }
            write_csv_row(out, &names)?;
        }
    }
    for n in 0..options.records {
        let family = rng.weighted(&families);
        id += rng.range(1, 4) as u64;
        let mut title = (rng.pick(family.titles)).to_owned();
        if rng.chance(0.002) {
            title = format!("{title} \"Urgent\"");
        }
        let mut functional_area = (rng.pick(family.functional_areas)).to_owned();
        if rng.chance(0.002) {
            functional_area = functional_area.replacen(", ", "\\", 1);
        }
        let long_role = rng.chance(0.005);
        let mut role_category = (rng.pick(family.role_categories)).to_owned();
        let mut role = (rng.pick(family.roles)).to_owned();
        if long_role {
            if rng.chance(0.5) {
                role = paragraph(&mut rng);
            } else {
                role_category = paragraph(&mut rng);
            }
        }
        let industry = (rng.pick(family.industries)).to_owned();
        let mut fields = vec![
            ("Job Title", oddly(&mut rng, title)),
            (
                "Job Experience Required",
                experience(rng.weighted(&EXPERIENCE), id),
            ),
            ("Key Skills", key_skills(&mut rng, family)),
            ("Role Category", role_category),
            ("Location", (rng.weighted(&CITIES)).to_owned()),
            ("Functional Area", functional_area),
            ("Industry", oddly(&mut rng, industry)),
            ("Role", oddly(&mut rng, role)),
        ];
        if let Some(words) = words {
            fields.push((crate::words::FIELD, words.description(&mut described)));
        }
        match format {
            Format::Json => {
                if n > 0 {
                    out.write_all(b",\n")?;
                }
                write_record(out, &fields, id)?;
            }
            Format::Ndjson => {
                write_record(out, &fields, id)?;
                out.write_all(b"\n")?;
            }
            Format::Csv => {
                let id = id.to_string();
                let cells: Vec<&str> = std::iter::once(id.as_str())
                    .chain(fields.iter().map(|(_, value)| value.as_str()))
                    .collect();
                write_csv_row(out, &cells)?;
            }
        }
    }
    if format == Format::Json {
        out.write_all(b"\n]\n")?;
    }
    out.flush()
}
