//! `salary-survey`: a salary survey CSV (ai-jobs.net-like) with coded columns
//! (`experience_level` EN/MI/SE/EX, `company_size` S/M/L, ISO country codes) and numbers that
//! must sort as numbers: row 1 earns 99750 and row 3 earns 450000 in `salary_in_usd`, so
//! sorting as text puts them in the wrong order.

use crate::rng::Rng;
use crate::shapes::pools;
use crate::value::{Record, Value, text};

/// The header.
pub const COLUMNS: &[&str] = &[
    "work_year",
    "experience_level",
    "employment_type",
    "job_title",
    "salary",
    "salary_currency",
    "salary_in_usd",
    "employee_residence",
    "remote_ratio",
    "company_location",
    "company_size",
];

/// Currencies and what one unit is worth in US dollars.
const CURRENCIES: [((&str, f64), f64); 5] = [
    (("USD", 1.0), 70.0),
    (("EUR", 1.08), 12.0),
    (("GBP", 1.27), 8.0),
    (("INR", 0.012), 5.0),
    (("CAD", 0.74), 5.0),
];

const COUNTRIES: [(&str, f64); 8] = [
    ("US", 70.0),
    ("GB", 7.0),
    ("CA", 5.0),
    ("DE", 4.0),
    ("IN", 4.0),
    ("FR", 3.0),
    ("ES", 3.0),
    ("BR", 2.0),
];

/// Row number `n`.
pub fn record(rng: &mut Rng, n: usize) -> Record {
    let level = rng.weighted(&[("EN", 2.0), ("MI", 4.0), ("SE", 6.0), ("EX", 0.6)]);
    let base = match level {
        "EN" => pools::amount(rng, 30_000, 120_000, 250),
        "MI" => pools::amount(rng, 50_000, 180_000, 250),
        "SE" => pools::amount(rng, 80_000, 300_000, 250),
        _ => pools::amount(rng, 120_000, 420_000, 250),
    };
    let ((currency, rate), usd) = match n {
        1 => (("USD", 1.0), 99_750),
        3 => (("USD", 1.0), 450_000),
        _ => {
            let (currency, rate) = rng.weighted(&CURRENCIES);
            ((currency, rate), base)
        }
    };
    let (salary, usd) = if currency == "USD" {
        (usd, usd)
    } else {
        let salary = (usd as f64 / rate / 100.0).round() as i64 * 100;
        (salary, (salary as f64 * rate).round() as i64)
    };
    let residence = rng.weighted(&COUNTRIES);
    let company = if rng.chance(0.85) {
        residence
    } else {
        rng.weighted(&COUNTRIES)
    };
    vec![
        ("work_year", Value::Int(2021 + rng.range(0, 3) as i64)),
        ("experience_level", text(level)),
        (
            "employment_type",
            text(rng.weighted(&[("FT", 95.0), ("CT", 2.0), ("PT", 2.0), ("FL", 1.0)])),
        ),
        ("job_title", text(pools::title(rng))),
        ("salary", Value::Int(salary)),
        ("salary_currency", text(currency)),
        ("salary_in_usd", Value::Int(usd)),
        ("employee_residence", text(residence)),
        ("remote_ratio", Value::Int(rng.pick(&[0, 0, 50, 100][..]))),
        ("company_location", text(company)),
        (
            "company_size",
            text(rng.weighted(&[("S", 1.0), ("M", 6.0), ("L", 3.0)])),
        ),
    ]
}
