//! `no-roles`: readings from a fleet of sensors, with opaque keys (`a1`, `b2`): no field is a
//! location, skills, title, company, salary, experience, description, date or id, yet the
//! explorer must still show it (`unit` and `ok` make good facets).

use crate::rng::Rng;
use crate::value::{Record, Value, text};

/// The header.
pub const COLUMNS: &[&str] = &[
    "sensor", "reading", "unit", "battery", "fw", "ok", "a1", "b2", "seq",
];

const UNITS: [(&str, f64); 5] = [
    ("°C", 5.0),
    ("kPa", 3.0),
    ("%RH", 3.0),
    ("lx", 1.0),
    ("ppm", 1.0),
];

/// Reading number `n`.
pub fn record(rng: &mut Rng, n: usize) -> Record {
    let unit = rng.weighted(&UNITS);
    let reading = match unit {
        "°C" => (rng.range(0, 4_000) as f64 - 500.0) / 100.0,
        "kPa" => (9_500 + rng.range(0, 1_000)) as f64 / 100.0,
        "%RH" => rng.range(100, 990) as f64 / 10.0,
        "lx" => rng.range(0, 20_000) as f64,
        _ => 400.0 + rng.range(0, 1600) as f64,
    };
    vec![
        ("sensor", text(format!("TX-{:04}", rng.range(1, 40)))),
        ("reading", Value::Float(reading)),
        ("unit", text(unit)),
        ("battery", Value::Int(rng.range(3, 100) as i64)),
        (
            "fw",
            text(rng.pick(&["v2.3.1", "v2.4.0", "v3.0.0-rc1"][..])),
        ),
        ("ok", Value::Bool(rng.chance(0.97))),
        ("a1", Value::Int(rng.range(0, 9) as i64)),
        ("b2", text(rng.pick(&["QX", "QY", "RZ", "ST"][..]))),
        ("seq", Value::Int(n as i64)),
    ]
}
