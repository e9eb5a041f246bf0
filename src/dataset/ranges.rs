//! Pay and experience read as ranges, once at load and after the roles are known: the
//! experience role's field reads each value as a range of years, the salary role's field
//! as a range per year, and a pair of columns (`min_salary`, `max_salary`, with a period
//! column such as `pay_period`) makes a field of its own, `@salary`, that only queries see.

use std::collections::HashMap;

use super::experience::parse_experience;
use super::index::{Column, Field, index_tokens};
use super::options::ReadOptions;
use super::pay::{Period, parse_pay};
use super::records::RecordValues;
use super::role_hints::normalize;
use super::roles::{Role, RoleFrom, Roles};
use super::span::{Span, parse_span};
use super::value::{JsonType, Values};

/// The name of the field a pair of pay columns makes.
pub const DERIVED_SALARY: &str = "@salary";

/// Names (normalized) of a pay range's lower column.
const MIN_NAMES: [&str; 12] = [
    "min salary",
    "salary min",
    "minimum salary",
    "salary minimum",
    "salary from",
    "min pay",
    "pay min",
    "min amount",
    "min compensation",
    "compensation min",
    "salary low",
    "low salary",
];
/// Names (normalized) of a pay range's upper column.
const MAX_NAMES: [&str; 12] = [
    "max salary",
    "salary max",
    "maximum salary",
    "salary maximum",
    "salary to",
    "max pay",
    "pay max",
    "max amount",
    "max compensation",
    "compensation max",
    "salary high",
    "high salary",
];
/// Names (normalized) of the column saying what period a pay pair is for.
const PERIOD_NAMES: [&str; 8] = [
    "pay period",
    "salary period",
    "period",
    "salary unit",
    "salary interval",
    "interval",
    "pay frequency",
    "salary frequency",
];
/// Names (normalized) of a pay's currency column.
const CURRENCY_NAMES: [&str; 5] = [
    "currency",
    "salary currency",
    "pay currency",
    "currency code",
    "salary currency code",
];

/// Reads the experience and salary roles' fields as ranges, and makes `@salary` from a
/// pair of pay columns (unless `--role salary=…` named a field); `n` is the number of
/// records.
pub(super) fn read_role_ranges(fields: &mut Vec<Field>, roles: &mut Roles, n: usize) {
    if let Some(f) = roles.field(Role::Experience) {
        fields[f].read_ranges(parse_experience, Vec::new());
    }
    let currency = find(fields, &CURRENCY_NAMES);
    let salary = roles.field(Role::Salary);
    if let Some(f) = salary {
        let pays: Vec<Option<Currency<'_>>> = fields[f]
            .values
            .iter()
            .map(|v| parse_pay(v.text).map(|p| p.currency))
            .collect();
        let mut counts = HashMap::new();
        for (record, value) in fields[f].present() {
            if let Some(Some(stated)) = pays.get(value as usize) {
                let code = currency_of(fields, currency, record).or(*stated);
                *counts.entry(code).or_insert(0) += 1;
            }
        }
        let currencies = most_first(counts);
        fields[f].read_ranges(|t| parse_pay(t).map(|p| p.yearly), currencies);
    }
    let declared =
        salary.is_some_and(|f| roles.of_field(f).map(|(_, from)| from) == Some(RoleFrom::Option));
    let (Some(min), Some(max)) = (find(fields, &MIN_NAMES), find(fields, &MAX_NAMES)) else {
        return;
    };
    if declared || fields.iter().any(|f| f.name == DERIVED_SALARY) {
        return;
    }
    let period = find(fields, &PERIOD_NAMES);
    let Some(derived) = pair_field(fields, [min, max], period, salary, currency, n) else {
        return;
    };
    fields.push(derived);
    roles.replace(Role::Salary, fields.len() - 1, RoleFrom::Fields);
}

/// A currency's ISO code, or a currency column's value.
type Currency<'a> = Option<&'a str>;

/// The field `@salary` made from the pair `min` and `max` (per `period` when there is a
/// period column): each record's pair as a range per year (a lower end alone leaves it
/// open above, an upper end alone starts it at zero), or, without a pair, what the salary
/// field `text` reads as. `None` when no record has either.
fn pair_field(
    fields: &[Field],
    [min, max]: [usize; 2],
    period: Option<usize>,
    text: Option<usize>,
    currency: Option<usize>,
    n: usize,
) -> Option<Field> {
    let amount = |field: usize, record: u32| fields[field].value_of(record).and_then(|v| v.number);
    let mut values = Values::default();
    // Each distinct range once, keyed by its bounds' bits: a value is written only when new.
    let mut ids: HashMap<(u64, u64), u32> = HashMap::new();
    let mut records = RecordValues::default();
    let mut counts: HashMap<Currency<'_>, usize> = HashMap::new();
    for record in 0..n as u32 {
        let pair = match (amount(min, record), amount(max, record)) {
            (Some(low), Some(high)) => Some((low, high)),
            // A lower end alone is "from", an upper end alone "up to".
            (Some(low), None) => Some((low, f64::INFINITY)),
            (None, Some(high)) => Some((0.0, high)),
            (None, None) => None,
        };
        let read = match pair {
            Some((low, high)) => {
                let factor = period
                    .and_then(|p| fields[p].value_of(record))
                    .and_then(|v| Period::parse(v.text))
                    .map_or(1.0, Period::per_year);
                (low <= high).then_some((
                    Span {
                        lower: low * factor,
                        upper: high * factor,
                    },
                    None,
                ))
            }
            None => text
                .and_then(|t| fields[t].value_of(record))
                .and_then(|v| parse_pay(v.text))
                .map(|pay| (pay.yearly, pay.currency)),
        };
        let Some((span, stated)) = read else {
            continue;
        };
        let code = currency_of(fields, currency, record).or(stated);
        *counts.entry(code).or_insert(0) += 1;
        let id = *ids
            .entry((span.lower.to_bits(), span.upper.to_bits()))
            .or_insert_with(|| values.push(JsonType::String, &write_span(span), None));
        records.push(record, id);
    }
    if ids.is_empty() {
        return None;
    }
    let column = Column {
        name: DERIVED_SALARY.to_owned(),
        values,
        records: records.finish(n),
    };
    let index = index_tokens(&column, n, &ReadOptions::default());
    let mut field = Field::new(column, index);
    field.read_ranges(parse_span, most_first(counts));
    let from = [Some(min), Some(max), period, currency, text];
    field.mark_read_from(
        from.into_iter()
            .flatten()
            .map(|f| fields[f].name.clone())
            .collect(),
    );
    Some(field)
}

/// A range per year as `@salary` writes it: `105000 - 160000`, `22000+` or `52000`.
fn write_span(span: Span) -> String {
    let number = |n: f64| {
        let rounded = (n * 100.0).round() / 100.0;
        format!("{rounded}")
    };
    if span.upper.is_infinite() {
        format!("{}+", number(span.lower))
    } else if span.lower == span.upper {
        number(span.lower)
    } else {
        format!("{} - {}", number(span.lower), number(span.upper))
    }
}

/// The first field (not a list) whose normalized name is one of `names`, in their order.
fn find(fields: &[Field], names: &[&str]) -> Option<usize> {
    names.iter().find_map(|name| {
        fields
            .iter()
            .position(|f| !f.is_list() && !f.is_derived() && normalize(&f.name) == *name)
    })
}

/// Record `record`'s currency from the currency column, if there is one and it holds one.
fn currency_of(fields: &[Field], currency: Option<usize>, record: u32) -> Currency<'_> {
    let value = fields[currency?].value_of(record)?;
    let code = value.text.trim();
    (!value.is_null() && !code.is_empty()).then_some(code)
}

/// The currencies counted, most records first (ties by code); records stating none are
/// left out.
fn most_first(counts: HashMap<Currency<'_>, usize>) -> Vec<(String, usize)> {
    // Owned here: the counts borrow the fields that are changed next.
    let mut list: Vec<(String, usize)> = counts
        .into_iter()
        .filter_map(|(code, count)| Some((code?.to_owned(), count)))
        .collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_written_so_they_read_back() {
        for span in [
            Span {
                lower: 105_000.0,
                upper: 160_000.0,
            },
            Span {
                lower: 22_000.0,
                upper: f64::INFINITY,
            },
            Span::point(40_601.6),
        ] {
            assert_eq!(parse_span(&write_span(span)), Some(span), "{span:?}");
        }
    }
}
