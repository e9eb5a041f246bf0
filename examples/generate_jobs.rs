//! Generates a synthetic `jobs.json` with the schema and the quirks of the jobs lab's file.
//!
//! We cannot ship the lab's data, so this makes look-alike data instead: real job titles,
//! skill lists that mix languages, databases and business skills, experience ranges (spelled
//! `2 - 5 yrs`, `3 - 8 Years`, `2-5 yrs`, `0 Years`, `30 years and above`), and the
//! lab's 13 US cities with the same skewed spread (including the misspelled "New Orleons").
//! It reproduces the quirks the loader and matcher must handle: `Key Skills` joined by
//! `"| "` and sometimes `"|"`, single-skill records, empty and padded items, casing variants
//! (`Javascript`, `javascript`, `JavaScript`), paragraph-long `Role` values, non-ASCII text
//! (en dashes, no-break spaces, mojibake) and values with quotes, backslashes and commas.
//!
//! The output is a pure function of `--records` and `--seed`:
//!
//!     cargo run --release --example generate_jobs -- --records 27005 --seed 42 > jobs.json
//!     cargo run --release --example generate_jobs -- --records 1000000 --seed 7 > big.json
//!     cargo run --release --example generate_jobs -- --format ndjson > jobs.ndjson   # or csv

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

/// SplitMix64: a small, well-known generator, written out here so that a seed gives the same
/// file forever, whatever crate versions come and go.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A float in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A whole number in `low..=high`.
    fn range(&mut self, low: usize, high: usize) -> usize {
        low + (self.next() % (high - low + 1) as u64) as usize
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.range(0, items.len() - 1)]
    }

    /// An item chosen with probability proportional to its weight.
    fn weighted<T: Copy>(&mut self, items: &[(T, f64)]) -> T {
        let total: f64 = items.iter().map(|(_, w)| w).sum();
        let mut x = self.unit() * total;
        for (item, weight) in items {
            if x < *weight {
                return *item;
            }
            x -= weight;
        }
        items[items.len() - 1].0
    }
}

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

/// One family of jobs: its titles, the chance of each skill, and the other columns.
struct Family {
    weight: f64,
    titles: &'static [&'static str],
    skills: &'static [(&'static str, f64)],
    role_categories: &'static [&'static str],
    functional_areas: &'static [&'static str],
    industries: &'static [&'static str],
    roles: &'static [&'static str],
}

const FAMILIES: [Family; 6] = [
    Family {
        weight: 45.0,
        titles: &[
            "Software Engineer",
            "Senior Software Engineer",
            "Java Developer",
            "Senior Java Developer",
            "Python Developer",
            "Full Stack Developer",
            "Front End Developer",
            "Web Developer",
            "PHP Developer",
            ".NET Developer",
            "Android Developer",
            "iOS Developer",
            "Data Scientist",
            "Data Analyst",
            "Business Analyst",
            "QA Engineer",
            "Test Engineer",
            "Automation Test Engineer",
            "DevOps Engineer",
            "Database Administrator",
            "Oracle DBA",
            "Technical Lead",
            "Project Manager - IT",
            "Solution Architect",
            "System Administrator",
            "Network Engineer",
            "UI Developer",
            "Machine Learning Engineer",
            "Embedded Software Engineer",
            "Big Data Engineer",
            "Salesforce Developer",
            "SAP ABAP Consultant",
            "Technical Architect",
            "Scrum Master",
        ],
        skills: &[
            ("Java", 0.150),
            ("JavaScript", 0.185),
            ("Python", 0.097),
            ("C", 0.067),
            ("C++", 0.025),
            ("C#", 0.060),
            ("SQL", 0.180),
            ("HTML", 0.100),
            ("CSS", 0.080),
            ("PHP", 0.070),
            (".NET", 0.080),
            ("Angular", 0.050),
            ("React", 0.040),
            ("Node.js", 0.030),
            ("AWS", 0.050),
            ("Linux", 0.060),
            ("Oracle", 0.060),
            ("MySQL", 0.070),
            ("SQL Server", 0.040),
            ("MySQL Server", 0.008),
            ("PostgreSQL", 0.020),
            ("MongoDB", 0.025),
            ("Scala", 0.010),
            ("Spring", 0.050),
            ("Hibernate", 0.040),
            ("Selenium", 0.040),
            ("Testing", 0.080),
            ("Go", 0.005),
            ("R", 0.010),
            ("Objective C", 0.010),
            ("Android", 0.040),
            ("iOS", 0.020),
            ("Software Development", 0.100),
            ("Web Technologies", 0.050),
            ("jQuery", 0.050),
            ("Data Structures", 0.030),
            ("Machine Learning", 0.030),
            ("Hadoop", 0.020),
            ("Spark", 0.015),
            ("Tableau", 0.015),
            ("Agile", 0.040),
            ("SAP", 0.020),
            ("Unix", 0.030),
            ("Shell Scripting", 0.020),
            ("Docker", 0.015),
            ("Git", 0.020),
            ("REST", 0.020),
            ("Microservices", 0.015),
        ],
        role_categories: &[
            "Programming & Design",
            "System Design/Implementation/ERP/CRM",
            "Project Management",
            "Quality Assurance & Testing",
            "Admin/Maintenance/Security/Datawarehousing",
        ],
        functional_areas: &[
            "IT Software - Application Programming, Maintenance",
            "IT Software - QA & Testing",
            "IT Software - DBA, Datawarehousing",
            "IT Software - System Programming",
            "IT Software - Network Administration, Security",
            "Analytics & Business Intelligence",
        ],
        industries: &[
            "IT-Software, Software Services",
            "Internet, Ecommerce",
            "Banking, Financial Services, Broking",
            "KPO, Research, Analytics",
        ],
        roles: &[
            "Software Developer",
            "Team Lead/Technical Lead",
            "Testing Engineer",
            "Database Architect/Designer",
            "System Analyst",
            "Project Manager-IT/Software",
            "Data Analyst",
            "Technical Architect",
        ],
    },
    Family {
        weight: 20.0,
        titles: &[
            "Sales Executive",
            "Business Development Executive",
            "Business Development Manager",
            "Sales Manager",
            "Area Sales Manager",
            "Marketing Executive",
            "Marketing Manager",
            "Key Account Manager",
            "Inside Sales Executive",
            "Relationship Manager",
            "Territory Sales Manager",
            "Channel Sales Manager",
            "Corporate Sales Executive",
        ],
        skills: &[
            ("Sales", 0.55),
            ("Business Development", 0.35),
            ("Marketing", 0.30),
            ("Lead Generation", 0.20),
            ("Client Relationship", 0.15),
            ("B2B Sales", 0.12),
            ("Cold Calling", 0.12),
            ("Negotiation", 0.15),
            ("Channel Sales", 0.10),
            ("Corporate Sales", 0.10),
            ("Key Account Management", 0.10),
            ("Communication Skills", 0.25),
            ("Field Sales", 0.12),
            ("Retail Sales", 0.08),
            ("Customer Acquisition", 0.10),
            ("Excel", 0.06),
            ("CRM", 0.05),
        ],
        role_categories: &[
            "Retail Sales",
            "Corporate Sales",
            "Institutional Sales",
            "Marketing",
            "Channel Sales",
        ],
        functional_areas: &[
            "Sales, Retail, Business Development",
            "Marketing, Advertising, MR, PR, Media Planning",
        ],
        industries: &[
            "Retail, Wholesale",
            "FMCG, Foods, Beverage",
            "Real Estate, Property",
            "Education, Teaching, Training",
            "Insurance",
            "Automobile, Auto Ancillary, Auto Components",
        ],
        roles: &[
            "Sales Executive/Officer",
            "Business Development Manager",
            "Sales/Business Development Manager",
            "Marketing Manager",
            "Area Sales Manager",
        ],
    },
    Family {
        weight: 15.0,
        titles: &[
            "Customer Support Executive",
            "Customer Service Executive",
            "Customer Care Executive",
            "Tele Caller",
            "Voice Process Executive",
            "Technical Support Executive",
            "Team Leader - Voice",
            "Process Associate",
            "Chat Support Executive",
        ],
        skills: &[
            ("Customer Service", 0.45),
            ("Customer Care", 0.30),
            ("Voice Process", 0.30),
            ("International BPO", 0.20),
            ("Communication Skills", 0.40),
            ("Calling", 0.15),
            ("Inbound", 0.15),
            ("Outbound", 0.15),
            ("CRM", 0.08),
            ("Technical Support", 0.15),
            ("Customer Support", 0.25),
            ("BPO", 0.25),
            ("Call Center", 0.20),
            ("Non Voice", 0.08),
            ("English", 0.10),
        ],
        role_categories: &["Voice", "Non Voice", "Operations"],
        functional_areas: &["ITES, BPO, KPO, LPO, Customer Service, Operations"],
        industries: &["BPO, Call Centre, ITES", "Telecom/ISP"],
        roles: &[
            "Associate/Senior Associate -(NonTechnical)",
            "Team Leader -(NonTechnical)",
            "Associate/Senior Associate -(Technical)",
        ],
    },
    Family {
        weight: 8.0,
        titles: &[
            "Accountant",
            "Senior Accountant",
            "Accounts Executive",
            "Finance Manager",
            "Financial Analyst",
            "Chartered Accountant",
            "Audit Associate",
            "Tax Consultant",
        ],
        skills: &[
            ("Accounting", 0.45),
            ("Tally", 0.30),
            ("Taxation", 0.25),
            ("GST", 0.20),
            ("Excel", 0.25),
            ("Finance", 0.30),
            ("Audit", 0.20),
            ("Accounts Payable", 0.12),
            ("SAP FICO", 0.08),
            ("Financial Analysis", 0.15),
            ("Balance Sheet", 0.12),
            ("TDS", 0.10),
            ("Costing", 0.06),
        ],
        role_categories: &["Accounts", "Finance", "Audit"],
        functional_areas: &["Accounts, Finance, Tax, Company Secretary, Audit"],
        industries: &[
            "Accounting, Finance",
            "Banking, Financial Services, Broking",
            "Industrial Products, Heavy Machinery",
        ],
        roles: &[
            "Accounts Executive/Accountant",
            "Finance Executive",
            "Financial Analyst",
            "Chartered Accountant",
        ],
    },
    Family {
        weight: 5.0,
        titles: &[
            "HR Executive",
            "HR Manager",
            "Recruiter",
            "Technical Recruiter",
            "Talent Acquisition Specialist",
            "HR Generalist",
            "Payroll Executive",
        ],
        skills: &[
            ("Recruitment", 0.50),
            ("HR", 0.30),
            ("Talent Acquisition", 0.30),
            ("Payroll", 0.15),
            ("Onboarding", 0.15),
            ("Employee Relations", 0.12),
            ("Sourcing", 0.20),
            ("Screening", 0.15),
            ("IT Recruitment", 0.15),
            ("Communication Skills", 0.20),
            ("HRMS", 0.05),
        ],
        role_categories: &["HR/ Recruitment / IR"],
        functional_areas: &["HR, Recruitment, Administration, IR"],
        industries: &["Recruitment, Staffing", "IT-Software, Software Services"],
        roles: &[
            "Recruitment Executive",
            "HR Executive",
            "HR Manager",
            "Payroll Executive",
        ],
    },
    Family {
        weight: 7.0,
        titles: &[
            "Digital Marketing Executive",
            "SEO Executive",
            "Content Writer",
            "Graphic Designer",
            "Social Media Manager",
            "Operations Executive",
            "Logistics Coordinator",
            "Teacher",
            "Staff Nurse",
            "Office Administrator",
            "Civil Engineer",
            "Mechanical Engineer",
        ],
        skills: &[
            ("Digital Marketing", 0.20),
            ("SEO", 0.15),
            ("Content Writing", 0.12),
            ("Graphic Designing", 0.10),
            ("Photoshop", 0.10),
            ("Social Media Marketing", 0.12),
            ("Teaching", 0.08),
            ("Nursing", 0.05),
            ("Logistics", 0.08),
            ("Operations", 0.15),
            ("AutoCAD", 0.08),
            ("Administration", 0.10),
            ("MS Office", 0.15),
            ("Communication Skills", 0.20),
            ("Project Management", 0.08),
        ],
        role_categories: &[
            "Online/Digital Marketing",
            "Operations",
            "Creative",
            "Teachers",
            "Admin",
        ],
        functional_areas: &[
            "Marketing, Advertising, MR, PR, Media Planning",
            "Production, Manufacturing, Maintenance",
            "Teaching, Education, Training, Counselling",
            "Design, Creative, User Experience",
        ],
        industries: &[
            "Advertising, PR, MR, Event Management",
            "Education, Teaching, Training",
            "Medical, Healthcare, Hospitals",
            "Construction, Engineering, Cement, Metals",
            "Courier, Transportation, Freight, Warehousing",
        ],
        roles: &[
            "Online Marketing Manager",
            "Operations Executive",
            "Graphic Designer",
            "Teacher/Private Tutor",
            "Content Developer",
        ],
    },
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

struct Options {
    records: usize,
    seed: u64,
    format: Format,
}

/// How the records are written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    /// A JSON array, one record a line.
    Json,
    /// One JSON object a line, nothing around them.
    Ndjson,
    /// A header row of field names, then one row per record.
    Csv,
}

const USAGE: &str =
    "usage: generate_jobs [--records N] [--seed S] [--format json|ndjson|csv] > jobs.json

Writes a synthetic jobs.json (a JSON array of job postings) to stdout.
  --records N      how many records (default 27005)
  --seed S         the random seed; the same N and S give the same file (default 42)
  --format FORMAT  json (default), ndjson (one record a line) or csv (a header row, then
                   one row per record; Id is then text, as every CSV cell is)";

/// The options, or `None` after printing the help.
fn parse_args() -> Result<Option<Options>, String> {
    let mut options = Options {
        records: 27_005,
        seed: 42,
        format: Format::Json,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .ok_or_else(|| format!("{name} needs a value\n\n{USAGE}"))
        };
        match arg.as_str() {
            "--records" => {
                let v = value("--records")?;
                options.records = v
                    .parse()
                    .map_err(|_| format!("--records {v:?}: not a whole number"))?;
            }
            "--seed" => {
                let v = value("--seed")?;
                options.seed = v
                    .parse()
                    .map_err(|_| format!("--seed {v:?}: not a whole number"))?;
            }
            "--format" => {
                options.format = match value("--format")?.as_str() {
                    "json" => Format::Json,
                    "ndjson" => Format::Ndjson,
                    "csv" => Format::Csv,
                    other => {
                        return Err(format!(
                            "--format {other:?}: give json, ndjson or csv\n\n{USAGE}"
                        ));
                    }
                };
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(None);
            }
            other => return Err(format!("unknown argument {other:?}\n\n{USAGE}")),
        }
    }
    Ok(Some(options))
}

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

fn generate(options: &Options, out: &mut impl Write) -> io::Result<()> {
    let mut rng = Rng(options.seed);
    let families: Vec<(&Family, f64)> = FAMILIES.iter().map(|f| (f, f.weight)).collect();
    let mut id: u64 = 100_000;
    match options.format {
        Format::Json => out.write_all(b"[\n")?,
        Format::Ndjson => {}
        Format::Csv => write_csv_row(out, &FIELD_NAMES)?,
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
        let fields = [
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
        match options.format {
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
    if options.format == Format::Json {
        out.write_all(b"\n]\n")?;
    }
    out.flush()
}

fn main() -> ExitCode {
    let options = match parse_args() {
        Ok(Some(options)) => options,
        Ok(None) => return ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let stdout = io::stdout().lock();
    let mut out = BufWriter::with_capacity(1 << 20, stdout);
    match generate(&options, &mut out) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`| head`) is the reader's choice, not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("generate_jobs: cannot write the output: {e}");
            ExitCode::FAILURE
        }
    }
}
