//! `pay-strings`: flat postings (a Spanish-speaking aggregator: `puesto`, `empresa`,
//! `ciudad`) whose `salary` is written each way issue 23 lists (`105K–160K a year` with an
//! en dash, `19.52–31.09 an hour`, `87,465–113,190 a year`, `$208k/year`, `$70k–$80k/year`,
//! `$22k+/year`, `7K-14K`, `Competitive`, empty, `€45.000 por año`, `3 000 € par mois`,
//! `월 300만원`) and the near misses (`105K` alone, `$1000k/year`), beside LinkedIn's
//! `min_salary`, `max_salary` and `pay_period` (`YEARLY`, `HOURLY`, `BIWEEKLY`, `MONTHLY`),
//! and `experience` as `5 - 10 Years`, `3+ years`, `at least 2 years`.

use crate::rng::Rng;
use crate::shapes::pools::{self, COMPANIES};
use crate::value::{Record, Value, text};

/// The header.
pub const COLUMNS: &[&str] = &[
    "job_id",
    "puesto",
    "empresa",
    "ciudad",
    "salary",
    "min_salary",
    "max_salary",
    "pay_period",
    "currency",
    "experience",
];

const CITIES: [(&str, f64); 8] = [
    ("Madrid", 6.0),
    ("Barcelona", 5.0),
    ("Ciudad de México", 4.0),
    ("Buenos Aires", 3.0),
    ("Bogotá", 2.0),
    ("Santiago", 2.0),
    ("Austin, TX", 2.0),
    ("Remoto", 2.0),
];

/// What a posting says about its pay: the string, LinkedIn's pair and period, a currency.
struct Pay {
    text: String,
    low: Option<f64>,
    high: Option<f64>,
    period: Option<&'static str>,
    currency: Option<&'static str>,
}

fn pay(rng: &mut Rng) -> Pay {
    let k = rng.range(60, 200);
    let k2 = k + rng.range(10, 80);
    let usd = Some("USD");
    let (text, low, high, period, currency) = match rng.range(0, 19) {
        0 | 1 => (
            format!("{k}K–{k2}K a year"),
            k * 1000,
            Some(k2 * 1000),
            "YEARLY",
            usd,
        ),
        2 | 3 => {
            let (a, b) = (rng.range(1500, 3500), rng.range(3600, 6500));
            let (low, high) = (a as f64 / 100.0, b as f64 / 100.0);
            let text = format!("{low:.2}–{high:.2} an hour");
            let pair = (Some(low), Some(high), Some("HOURLY"), usd);
            return Pay::from(text, pair);
        }
        4 => {
            let (a, b) = (k * 1000 + rng.range(0, 999), k2 * 1000 + rng.range(0, 999));
            (
                format!(
                    "{},{:03}–{},{:03} a year",
                    a / 1000,
                    a % 1000,
                    b / 1000,
                    b % 1000
                ),
                a,
                Some(b),
                "YEARLY",
                usd,
            )
        }
        5 => (
            format!("${k}k/year"),
            k * 1000,
            Some(k * 1000),
            "YEARLY",
            usd,
        ),
        6 | 7 => (
            format!("${k}k–${k2}k/year"),
            k * 1000,
            Some(k2 * 1000),
            "YEARLY",
            usd,
        ),
        8 => (
            format!("${}k+/year", k / 4),
            k / 4 * 1000,
            None,
            "YEARLY",
            usd,
        ),
        9 => {
            let (a, b) = (rng.range(5, 20), rng.range(21, 40));
            // No period stated: LinkedIn's pair is never there for it.
            let text = format!("{a}K-{b}K");
            return Pay::from(text, (None, None, None, Some("CNY")));
        }
        10 => return Pay::from("Competitive".to_owned(), (None, None, None, None)),
        11 => return Pay::from(String::new(), (None, None, None, None)),
        12 => (
            format!("€{}.000 por año", k / 2),
            k / 2 * 1000,
            Some(k / 2 * 1000),
            "YEARLY",
            Some("EUR"),
        ),
        13 => {
            let m = rng.range(2, 6);
            // A narrow no-break space between the thousands, as French typography has it.
            (
                format!("{m}\u{202f}000 € par mois"),
                m * 1000,
                Some(m * 1000),
                "MONTHLY",
                Some("EUR"),
            )
        }
        14 => {
            let m = rng.range(25, 60) * 10;
            (
                format!("월 {m}만원"),
                m * 10_000,
                Some(m * 10_000),
                "MONTHLY",
                Some("KRW"),
            )
        }
        15 => return Pay::from(format!("{k}K"), (None, None, None, None)),
        16 => (
            "$1000k/year".to_owned(),
            1_000_000,
            Some(1_000_000),
            "YEARLY",
            usd,
        ),
        _ => {
            // LinkedIn: no pay string, only the pair and its period.
            let period = rng.pick(&["YEARLY", "HOURLY", "BIWEEKLY", "MONTHLY"][..]);
            let (low, high) = match period {
                "YEARLY" => (k * 1000, k2 * 1000),
                "HOURLY" => (k / 4, k2 / 4),
                "BIWEEKLY" => (k * 40, k2 * 40),
                _ => (k * 80, k2 * 80),
            };
            let pair = (Some(low as f64), Some(high as f64), Some(period), usd);
            return Pay::from(String::new(), pair);
        }
    };
    Pay::from(
        text,
        (
            Some(low as f64),
            high.map(|h| h as f64),
            Some(period),
            currency,
        ),
    )
}

impl Pay {
    fn from(
        text: String,
        (low, high, period, currency): (
            Option<f64>,
            Option<f64>,
            Option<&'static str>,
            Option<&'static str>,
        ),
    ) -> Pay {
        Pay {
            text,
            low,
            high,
            period,
            currency,
        }
    }
}

fn number(x: Option<f64>) -> Value {
    match x {
        Some(x) if x.fract() == 0.0 => Value::Int(x as i64),
        Some(x) => Value::Float(x),
        None => Value::Null,
    }
}

fn experience(rng: &mut Rng) -> Value {
    let n = rng.range(1, 8);
    match rng.range(0, 9) {
        0..=2 => text(format!("{n} - {} Years", n + rng.range(2, 5))),
        3 | 4 => text(format!("{n}+ years")),
        5 => text(format!("at least {n} years")),
        6 => text(format!("{n}-{} years", n + 2)),
        7 => text("Entry level"),
        _ => Value::Null,
    }
}

/// Record number `n`.
pub fn record(rng: &mut Rng, n: usize) -> Record {
    let pay = pay(rng);
    // LinkedIn's pair is there for about half the postings that state a pay string.
    let pair = pay.text.is_empty() || rng.chance(0.5);
    let (low, high, period) = if pair {
        (
            number(pay.low),
            number(pay.high),
            pay.period.map_or(Value::Null, text),
        )
    } else {
        (Value::Null, Value::Null, Value::Null)
    };
    let salary = if pay.text.is_empty() && pay.low.is_some() {
        Value::Null
    } else {
        text(pay.text)
    };
    vec![
        ("job_id", Value::Int(3_900_000_000 + n as i64 * 13)),
        ("puesto", text(pools::title(rng))),
        ("empresa", text(rng.pick(&COMPANIES[..]))),
        ("ciudad", text(rng.weighted(&CITIES))),
        ("salary", salary),
        ("min_salary", low),
        ("max_salary", high),
        ("pay_period", period),
        ("currency", pay.currency.map_or(Value::Null, text)),
        ("experience", experience(rng)),
    ]
}
