//! The pay and experience spreads: histograms of the matching postings' yearly pay and of
//! the years of experience they ask for (each range's midpoint), drawn as bars, and the
//! pay filter's form ("at least N a year", written as `@salary:gte=N`).

use super::chart::{BarChart, bar_chart};
use super::url::{Href, Pairs};
use crate::dataset::{Dataset, Field, Role, Span};

/// About how many bins a spread has between its 5th and 95th percentiles.
const BINS: f64 = 8.0;
/// The query parameter the pay filter writes.
pub const PAY_AT_LEAST: &str = "@salary:gte";

/// The pay filter: the form's value and the pairs it carries along.
#[derive(Debug, Clone)]
pub struct PayFilter {
    /// The parameter it writes.
    pub name: &'static str,
    /// The amount already asked for, if any.
    pub value: String,
    /// The other pairs of the page, kept as they are.
    pub hidden: Vec<(String, String)>,
    /// The currency the amounts are in, when the data states one.
    pub currency: String,
}

/// The pay filter's form, when a field plays the salary role as numbers or ranges.
pub fn pay_filter(dataset: &Dataset, pairs: &Pairs) -> Option<PayFilter> {
    let field = ranged(dataset, Role::Salary)?;
    Some(PayFilter {
        name: PAY_AT_LEAST,
        value: pairs.get(PAY_AT_LEAST).unwrap_or_default().to_owned(),
        hidden: pairs
            .first_page()
            .without(&[PAY_AT_LEAST])
            .iter()
            .map(|(n, v)| (n.to_owned(), v.to_owned()))
            .collect(),
        currency: single_currency(field).unwrap_or_default().to_owned(),
    })
}

/// The spreads of pay and experience among `records`, for the roles played by a field of
/// numbers or ranges; none when no matching record has a value.
pub fn spreads(dataset: &Dataset, records: &[u32], pairs: &Pairs) -> Vec<BarChart> {
    [Role::Salary, Role::Experience]
        .into_iter()
        .filter_map(|role| {
            let field = ranged(dataset, role)?;
            let mut mids = midpoints(field, records);
            let bins = bins(&mut mids)?;
            let (id, title) = match role {
                Role::Salary => ("pay", pay_title(field)),
                _ => (
                    "experience",
                    "Years of experience asked (midpoints)".to_owned(),
                ),
            };
            let name = format!("@{}:gte", role.name());
            let bars = bins
                .into_iter()
                .map(|bin| {
                    let label = bin.label(role);
                    let href: Href = pairs
                        .first_page()
                        .set(&name, Some(&number(bin.low.max(0.0))))
                        .page();
                    (label, bin.count, href)
                })
                .collect();
            Some(bar_chart(id, title, bars))
        })
        .collect()
}

/// The field playing `role`, if it holds numbers or ranges.
fn ranged(dataset: &Dataset, role: Role) -> Option<&Field> {
    let field = dataset.role_field(role)?;
    let kind = field.kind();
    matches!(
        kind,
        crate::dataset::Kind::Range | crate::dataset::Kind::Number
    )
    .then_some(field)
}

/// The chart's title for pay in `field`, with its currency.
fn pay_title(field: &Field) -> String {
    let currencies = field
        .ranges()
        .map(|r| r.currencies.as_slice())
        .unwrap_or(&[]);
    match currencies {
        [] => "Pay per year (midpoints)".to_owned(),
        [(one, _)] => format!("Pay per year in {one} (midpoints)"),
        several => {
            let codes: Vec<&str> = several.iter().take(3).map(|(c, _)| c.as_str()).collect();
            let more = if several.len() > 3 { ", …" } else { "" };
            format!(
                "Pay per year (midpoints; the data's currencies, not converted: {}{more})",
                codes.join(", ")
            )
        }
    }
}

/// The one currency `field`'s pay is stated in, if only one is.
fn single_currency(field: &Field) -> Option<&str> {
    match field.ranges()?.currencies.as_slice() {
        [(one, _)] => Some(one),
        _ => None,
    }
}

/// Each record's range midpoint (its lower end when open above).
fn midpoints(field: &Field, records: &[u32]) -> Vec<f64> {
    records
        .iter()
        .filter_map(|&r| field.span_of(field.value_id(r)?))
        .map(|Span { lower, upper }| {
            if upper.is_finite() {
                (lower + upper) / 2.0
            } else {
                lower
            }
        })
        .collect()
}

/// One bar of a spread: the values from `low` up to `high` (the first and last bins take
/// everything below and above).
#[derive(Debug, Clone, PartialEq)]
struct Bin {
    low: f64,
    high: f64,
    count: u64,
    below: bool,
    above: bool,
}

impl Bin {
    fn label(&self, role: Role) -> String {
        let show = |n: f64| match role {
            Role::Salary => compact(n),
            _ => number(n),
        };
        let unit = if role == Role::Salary { "" } else { " yrs" };
        match (self.below, self.above) {
            (true, _) => format!("under {}{unit}", show(self.high)),
            (_, true) => format!("{} and more{unit}", show(self.low)),
            _ => format!("{}–{}{unit}", show(self.low), show(self.high)),
        }
    }
}

/// `values` counted into bins of a round width between their 5th and 95th percentiles (or
/// Tukey's fences, if nearer), with one bin each for the values below and above; `None`
/// for no values.
fn bins(values: &mut [f64]) -> Option<Vec<Bin>> {
    if values.is_empty() {
        return None;
    }
    let at = |values: &mut [f64], q: f64| {
        let i = ((values.len() - 1) as f64 * q).round() as usize;
        *values.select_nth_unstable_by(i, f64::total_cmp).1
    };
    // The bins span the 5th to 95th percentiles, within Tukey's fences (1.5 times the
    // interquartile range beyond the quartiles), so that a few outliers (`$1000k/year`, a
    // currency with many more units) do not squeeze the rest into one bar.
    let (q1, q3) = (at(values, 0.25), at(values, 0.75));
    let fence = 1.5 * (q3 - q1);
    let p5 = at(values, 0.05).max(q1 - fence);
    let p95 = at(values, 0.95).min(q3 + fence);
    let width = round_width(((p95 - p5) / BINS).max(p95.abs() / 100.0).max(1.0));
    let first = (p5 / width).floor() * width;
    let steps = (((p95 - first) / width).floor() as usize + 1).max(1);
    let mut bins: Vec<Bin> = (0..steps)
        .map(|i| Bin {
            low: first + i as f64 * width,
            high: first + (i + 1) as f64 * width,
            count: 0,
            below: false,
            above: false,
        })
        .collect();
    let (mut below, mut above) = (0u64, 0u64);
    let end = first + steps as f64 * width;
    for &v in values.iter() {
        if v < first {
            below += 1;
        } else if v >= end {
            above += 1;
        } else {
            let i = (((v - first) / width) as usize).min(steps - 1);
            bins[i].count += 1;
        }
    }
    if below > 0 {
        bins.insert(
            0,
            Bin {
                low: f64::NEG_INFINITY,
                high: first,
                count: below,
                below: true,
                above: false,
            },
        );
    }
    if above > 0 {
        bins.push(Bin {
            low: end,
            high: f64::INFINITY,
            count: above,
            below: false,
            above: true,
        });
    }
    Some(bins)
}

/// The smallest round width (1, 2, 2.5 or 5 times a power of ten) of at least `raw`.
fn round_width(raw: f64) -> f64 {
    let magnitude = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|w| *w >= raw)
        .unwrap_or(10.0 * magnitude)
}

/// `n` as digits, without a fraction when it has none.
fn number(n: f64) -> String {
    let rounded = (n * 100.0).round() / 100.0;
    format!("{rounded}")
}

/// `n` short: `85k`, `1.2M`, `500`.
fn compact(n: f64) -> String {
    let (value, unit) = match n.abs() {
        a if a >= 1e6 => (n / 1e6, "M"),
        a if a >= 1e3 => (n / 1e3, "k"),
        _ => (n, ""),
    };
    let rounded = (value * 10.0).round() / 10.0;
    format!("{rounded}{unit}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_have_round_widths_and_catch_the_tails() {
        let mut pay: Vec<f64> = (0..100)
            .map(|i| 40_000.0 + f64::from(i) * 1_000.0)
            .collect();
        pay.push(72_000_000.0);
        pay.push(10.0);
        let bins = bins(&mut pay).expect("bins");
        assert_eq!(bins.iter().map(|b| b.count).sum::<u64>(), 102);
        assert!(bins[0].below && bins.last().is_some_and(|b| b.above));
        let width = bins[1].high - bins[1].low;
        assert_eq!(width, 20_000.0);
        assert_eq!(bins[1].label(Role::Salary), "40k–60k");
        assert_eq!(bins[0].label(Role::Salary), "under 40k");
        assert_eq!(
            bins.last().map(|b| b.label(Role::Salary)),
            Some("140k and more".to_owned())
        );
        assert!(bins.len() <= 14, "{}", bins.len());
        let mut years = vec![2.0, 3.5, 3.5, 7.5, 12.5];
        let bins = super::bins(&mut years).expect("bins");
        assert_eq!(bins.iter().map(|b| b.count).sum::<u64>(), 5);
        assert!(
            bins.iter()
                .all(|b| b.label(Role::Experience).ends_with(" yrs"))
        );
        assert_eq!(super::bins(&mut []), None);
        let mut one = vec![50_000.0; 3];
        assert_eq!(super::bins(&mut one).map(|b| b.len()), Some(1));
    }

    #[test]
    fn widths_are_round() {
        assert_eq!(round_width(8_300.0), 10_000.0);
        assert_eq!(round_width(1_700.0), 2_000.0);
        assert_eq!(round_width(2_100.0), 2_500.0);
        assert_eq!(round_width(1.0), 1.0);
        assert_eq!(compact(1_250_000.0), "1.3M");
        assert_eq!(compact(85_000.0), "85k");
    }
}
