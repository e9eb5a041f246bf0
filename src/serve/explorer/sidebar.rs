//! What surrounds the table: the active filters as chips, the facets with their counts, the
//! bar charts of the top skills and locations, and the skill × city heat-map.

use super::chart::{BarChart, bar_chart, cross_counts, shade};
use super::commands::TOP;
use super::number::Grouped;
use super::reading::Reading;
use super::url::{Href, Pairs};
use crate::dataset::{Dataset, LAB_FACETS, LOCATION_FIELD, Role, SKILLS_FIELD, normalize_token};
use crate::filter::{FacetValue, MatchMode, facet};

/// The roles whose fields are facets of any data, first.
const FACET_ROLES: [Role; 4] = [
    Role::Location,
    Role::Skills,
    Role::Company,
    Role::Experience,
];
/// The most facets shown unless `_field` says otherwise.
const MOST_FACETS: usize = 6;
/// A field is suggested as a facet when it has at least 2 and at most this many distinct
/// values (items, for a list), as Datasette suggests facets.
const SUGGEST_MOST_VALUES: usize = 50;
/// Values a facet lists at once; the rest fold away.
const FACET_TOP: usize = 8;
/// The most values a facet lists in all.
const FACET_MOST: usize = 40;
/// Values longer than this are left out of a facet's list (free text, not a category).
pub const LONG_VALUE_CHARS: usize = 80;
/// Locations across the heat-map.
const HEAT_COLUMNS: usize = 8;

/// An active filter, removable.
#[derive(Debug, Clone)]
pub struct Chip {
    /// What it filters, in words.
    pub label: String,
    /// The page without it.
    pub remove: Href,
    /// Whether the query contract refused it (it is not applied).
    pub refused: bool,
}

/// One value of a facet.
#[derive(Debug, Clone)]
pub struct FacetLink {
    /// The value.
    pub value: String,
    /// How many matching postings have it.
    pub count: Grouped,
    /// The page with it added as a filter, or removed when already there.
    pub href: Href,
    /// Whether it is a filter now.
    pub selected: bool,
}

/// A facet: a field's values among the matching postings.
#[derive(Debug, Clone)]
pub struct Facet {
    /// The field.
    pub field: String,
    /// Its heading.
    pub heading: String,
    /// The most common values.
    pub top: Vec<FacetLink>,
    /// The values after those, folded away.
    pub more: Vec<FacetLink>,
    /// How many values were left out for being longer than [`LONG_VALUE_CHARS`].
    pub long: usize,
}

/// The skill × city counts.
#[derive(Debug, Clone)]
pub struct HeatMap {
    /// The locations, across.
    pub columns: Vec<String>,
    /// The skills, down, each with its cells.
    pub rows: Vec<(String, Vec<HeatCell>)>,
}

/// One heat-map cell.
#[derive(Debug, Clone)]
pub struct HeatCell {
    /// How many postings list the skill in the location.
    pub count: Grouped,
    /// Its shade, 0 to 5.
    pub shade: u64,
    /// The page filtered to both.
    pub href: Href,
}

/// The chips of every filter in the URL, and of every refused pair.
pub fn chips(reading: &Reading, mode: MatchMode, dataset: &Dataset) -> Vec<Chip> {
    reading
        .pairs
        .iter()
        .enumerate()
        .filter_map(|(i, (name, value))| {
            let refused = reading.refused(i);
            let label = if refused {
                format!("{name}={value}")
            } else {
                describe(name, value, mode, dataset)?
            };
            Some(Chip {
                label,
                remove: reading.pairs.without_index(i).page(),
                refused,
            })
        })
        .collect()
}

/// A filter pair in words; `None` for options that do not filter.
fn describe(name: &str, value: &str, mode: MatchMode, dataset: &Dataset) -> Option<String> {
    if dataset.field_index(name).is_some() {
        return Some(format!("{name} matches {value} ({mode})"));
    }
    match name {
        "_search" if !value.trim().is_empty() => return Some(format!("search: {value}")),
        "_where" => return Some(format!("where {value}")),
        _ if name.starts_with('_') => return None,
        _ => {}
    }
    let (field, op) = name.rsplit_once(':').unwrap_or((name, ""));
    let op = match op {
        "eq" => "=",
        "ne" => "≠",
        "lt" => "<",
        "lte" => "≤",
        "gt" => ">",
        "gte" => "≥",
        "nin" => "not in",
        other => other,
    };
    Some(format!("{field} {op} {value}"))
}

/// The facet fields: `_field` if given, else those of the defaults the data has.
pub fn facet_fields(reading: &Reading, dataset: &Dataset) -> Vec<(usize, String)> {
    let asked = &reading.query.options.facets;
    if !asked.is_empty() {
        return asked
            .iter()
            .map(|&f| (f, dataset.fields()[f].name.clone()))
            .collect();
    }
    default_facets(dataset)
}

/// The facets shown when `_field` names none: on the lab's data (its place and skills are
/// the lab's own fields) the lab's five; on any other, the fields playing the place, skills,
/// company and experience roles, then suggested ones: fields most records have, with 2 to
/// [`SUGGEST_MOST_VALUES`] distinct short values (a list counted per item), as Datasette
/// suggests facets.
fn default_facets(dataset: &Dataset) -> Vec<(usize, String)> {
    let role_name = |role| dataset.role_field(role).map(|f| f.name.as_str());
    if role_name(Role::Location) == Some(LOCATION_FIELD)
        && role_name(Role::Skills) == Some(SKILLS_FIELD)
    {
        return LAB_FACETS
            .iter()
            .filter_map(|(name, heading)| Some((dataset.field_index(name)?, (*heading).to_owned())))
            .collect();
    }
    let mut chosen: Vec<usize> = FACET_ROLES
        .iter()
        .filter_map(|&role| dataset.roles().field(role))
        .collect();
    let records = dataset.len();
    for (n, field) in dataset.columns().iter().enumerate() {
        if chosen.len() >= MOST_FACETS {
            break;
        }
        let distinct = if field.is_list() {
            field.token_count()
        } else {
            field.values.len()
        };
        let plays_other_role = dataset.roles().of_field(n).is_some();
        let short = field
            .values
            .iter()
            .take(SUGGEST_MOST_VALUES)
            .all(|v| v.text.chars().count() <= LONG_VALUE_CHARS);
        if !chosen.contains(&n)
            && !plays_other_role
            && (2..=SUGGEST_MOST_VALUES).contains(&distinct)
            && field.present_count() * 2 >= records
            && short
        {
            chosen.push(n);
        }
    }
    chosen
        .into_iter()
        .map(|n| (n, dataset.fields()[n].name.clone()))
        .collect()
}

/// The name of the field playing `role`, if one does.
fn role_field_name(dataset: &Dataset, role: Role) -> Option<&str> {
    dataset.role_field(role).map(|f| f.name.as_str())
}

/// The pair a click on `value` of `field` adds.
fn eq_name(field: &str) -> String {
    format!("{field}:eq")
}

/// The page with `field` = `value` added, or removed if it is there (in any case).
fn toggled(pairs: &Pairs, field: &str, value: &str) -> (Href, bool) {
    let name = eq_name(field);
    let wanted = normalize_token(value);
    let found = pairs
        .iter()
        .position(|(n, v)| n == name && normalize_token(v) == wanted);
    match found {
        Some(i) => (pairs.without_index(i).page(), true),
        None => (pairs.toggle(&name, value).page(), false),
    }
}

/// The facets of `fields` among `records`, with the values counted once each.
pub fn facets(
    dataset: &Dataset,
    records: &[u32],
    fields: &[(usize, String)],
    pairs: &Pairs,
) -> Vec<(Facet, Vec<FacetValue>)> {
    fields
        .iter()
        .map(|(f, heading)| {
            let name = &dataset.fields()[*f].name;
            let values = facet(dataset, *f, records, Some(FACET_MOST));
            let long = values
                .iter()
                .filter(|v| v.value.chars().count() > LONG_VALUE_CHARS)
                .count();
            let links: Vec<FacetLink> = values
                .iter()
                .filter(|v| v.value.chars().count() <= LONG_VALUE_CHARS)
                .map(|v| {
                    let (href, selected) = toggled(pairs, name, &v.value);
                    FacetLink {
                        value: v.value.clone(),
                        count: Grouped(v.count),
                        href,
                        selected,
                    }
                })
                .collect();
            let mut top = links;
            let more = top.split_off(top.len().min(FACET_TOP));
            let shown = Facet {
                field: name.clone(),
                heading: heading.clone(),
                top,
                more,
                long,
            };
            (shown, values)
        })
        .collect()
}

/// The top values of `field`: from the facets already counted, else counted now.
fn top_values(
    dataset: &Dataset,
    records: &[u32],
    field: &str,
    counted: &[(Facet, Vec<FacetValue>)],
) -> Option<Vec<FacetValue>> {
    if let Some((_, values)) = counted.iter().find(|(f, _)| f.field == field) {
        return Some(values.iter().take(TOP).cloned().collect());
    }
    Some(facet(
        dataset,
        dataset.field_index(field)?,
        records,
        Some(TOP),
    ))
}

/// Bar charts of the top skills and the top locations.
pub fn charts(
    dataset: &Dataset,
    records: &[u32],
    counted: &[(Facet, Vec<FacetValue>)],
    pairs: &Pairs,
) -> Vec<BarChart> {
    [
        (Role::Skills, "skills", "Top skills"),
        (Role::Location, "locations", "Top locations"),
    ]
    .into_iter()
    .filter_map(|(role, id, title)| {
        let field = role_field_name(dataset, role)?;
        let values = top_values(dataset, records, field, counted)?;
        let bars = values
            .into_iter()
            .map(|v| {
                let (href, _) = toggled(pairs, field, &v.value);
                (v.value, v.count, href)
            })
            .collect();
        Some(bar_chart(id, title.to_owned(), bars))
    })
    .collect()
}

/// The skill × city heat-map, when both are among the facets and something matches.
pub fn heat_map(
    dataset: &Dataset,
    records: &[u32],
    counted: &[(Facet, Vec<FacetValue>)],
    pairs: &Pairs,
) -> Option<HeatMap> {
    let values_of = |field: &str, n: usize| -> Option<Vec<String>> {
        let (_, values) = counted.iter().find(|(f, _)| f.field == field)?;
        Some(values.iter().take(n).map(|v| v.value.clone()).collect())
    };
    let skills_field = role_field_name(dataset, Role::Skills)?;
    let location_field = role_field_name(dataset, Role::Location)?;
    let skills = values_of(skills_field, TOP)?;
    let places = values_of(location_field, HEAT_COLUMNS)?;
    if skills.is_empty() || places.is_empty() {
        return None;
    }
    let counts = cross_counts(
        dataset,
        records,
        (skills_field, &skills),
        (location_field, &places),
    )?;
    let most = counts.iter().flatten().copied().max().unwrap_or(0);
    let rows = skills
        .iter()
        .zip(counts)
        .map(|(skill, row)| {
            let cells = places
                .iter()
                .zip(row)
                .map(|(place, count)| {
                    let with = |p: &Pairs, field: &str, value: &str| {
                        let name = eq_name(field);
                        if p.contains(&name, value) {
                            p.clone()
                        } else {
                            p.clone().with(&name, value)
                        }
                    };
                    let both = with(
                        &with(&pairs.first_page(), skills_field, skill),
                        location_field,
                        place,
                    );
                    HeatCell {
                        count: Grouped(count),
                        shade: shade(count, most),
                        href: both.page(),
                    }
                })
                .collect();
            (skill.clone(), cells)
        })
        .collect();
    Some(HeatMap {
        columns: places,
        rows,
    })
}
