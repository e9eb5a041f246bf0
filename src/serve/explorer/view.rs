//! The whole page as the template sees it: built from a reading of the URL and the current
//! snapshot, then rendered by the compile-time checked template `explorer.html`.

use askama::Template;

use super::assets::AssetLinks;
use super::chart::{BAR_START, BAR_THICKNESS, BarChart, LABEL_END, WIDTH};
use super::commands;
use super::nothing::{self, Unmatched};
use super::number::Grouped;
use super::reading::{Problem, Reading};
use super::sidebar::{self, Chip, Facet, HeatMap};
use super::spread::{self, PayFilter};
use super::table::{self, Cell, Column, ColumnSwitch, MAX_ROWS, Pager, Window};
use super::url::{Href, Pairs};
use crate::filter::{self, MatchMode, QueryOption};
use crate::serve::state::Snapshot;

/// The options the API's list routes do not take from the page's URL.
const PAGE_ONLY: [QueryOption; 7] = [
    QueryOption::Field,
    QueryOption::Page,
    QueryOption::PerPage,
    QueryOption::Offset,
    QueryOption::Limit,
    QueryOption::Fields,
    QueryOption::Format,
];

/// A match mode as the page offers it.
#[derive(Debug, Clone)]
pub struct ModeChoice {
    /// Its `_match` name.
    pub name: &'static str,
    /// What it means, in one line.
    pub meaning: &'static str,
    /// Whether it is the mode now.
    pub checked: bool,
}

/// A set of download links: what it holds, then (format, link) pairs.
#[derive(Debug, Clone)]
pub struct Downloads {
    /// What the links give.
    pub label: String,
    /// Format names and links.
    pub links: Vec<(&'static str, Href)>,
}

/// The explorer page.
#[derive(Debug, Template)]
#[template(path = "explorer.html")]
pub struct ExplorerPage {
    /// Links to the style sheet, script and icon.
    pub assets: AssetLinks,
    /// The number of matching postings.
    pub total: Grouped,
    /// The same, as digits only (for scripts and tests).
    pub total_digits: usize,
    /// The number of postings in all.
    pub records: Grouped,
    /// Whether the rows come best first for the search (no column sorted).
    pub ranked: bool,
    /// The `_search` text.
    pub search: String,
    /// The match modes.
    pub modes: Vec<ModeChoice>,
    /// The pairs the search form carries along unchanged.
    pub hidden: Vec<(String, String)>,
    /// Every field, for the one-field filter.
    pub field_names: Vec<String>,
    /// What was wrong with the URL.
    pub problems: Vec<String>,
    /// The active filters.
    pub chips: Vec<Chip>,
    /// The page with no filter, when any is active.
    pub clear: Option<Href>,
    /// The facets.
    pub facets: Vec<Facet>,
    /// The bar charts.
    pub charts: Vec<BarChart>,
    /// The pay filter, when a field plays the salary role as numbers or ranges.
    pub pay_filter: Option<PayFilter>,
    /// The heat-map, when skills and locations are both faceted.
    pub heat_map: Option<HeatMap>,
    /// The table's headers.
    pub columns: Vec<Column>,
    /// Every field's column switch.
    pub switches: Vec<ColumnSwitch>,
    /// The table's rows.
    pub rows: Vec<Vec<Cell>>,
    /// Moving between pages.
    pub pager: Pager,
    /// Download links.
    pub downloads: Vec<Downloads>,
    /// The `curl` line for this page's rows.
    pub curl: String,
    /// Chart geometry, for the template.
    pub chart_width: u32,
    /// Where bar labels end.
    pub label_end: u32,
    /// Where bars start.
    pub bar_start: u32,
    /// How thick bars are.
    pub bar_thickness: u32,
    /// Facet values longer than this are not listed.
    pub long_value_chars: usize,
    /// When nothing matches: each filter value no posting has, with the closest.
    pub unmatched: Vec<Unmatched>,
    /// The collect line, one argument a piece, so that it breaks only between them.
    pub collect_args: Vec<String>,
}

/// Builds the page for `reading` on `snapshot`; `base` is the server's URL as the browser
/// reached it (for the command lines).
pub fn build(reading: &Reading, snapshot: &Snapshot, base: &str) -> ExplorerPage {
    let dataset = &snapshot.dataset;
    let options = &reading.query.options;
    let pairs = &reading.pairs;
    let mut problems: Vec<String> = reading
        .problems
        .iter()
        .map(|Problem { message, .. }| message.clone())
        .collect();
    let mut records = reading.select(snapshot);
    let total = records.len();
    let (window, cut) = Window::of(options);
    if cut {
        problems.push(format!(
            "a page here shows at most {MAX_ROWS} rows; the download links below give them all"
        ));
    }
    let facet_fields = sidebar::facet_fields(reading, dataset);
    let counted = sidebar::facets(dataset, &records, &facet_fields, pairs);
    let mut charts = sidebar::charts(dataset, &records, &counted, pairs);
    charts.extend(spread::spreads(dataset, &records, pairs));
    let heat_map = sidebar::heat_map(dataset, &records, &counted, pairs);
    filter::order(dataset, &reading.query, &mut records);
    let start = window.offset.min(total);
    let shown = &records[start..(start + window.rows).min(total)];
    let columns = table::columns_shown(dataset, options);
    let mode = options.mode;
    let column_names: Vec<&str> = columns
        .iter()
        .map(|&f| dataset.fields()[f].name.as_str())
        .collect();
    let api = reading
        .used
        .without(&PAGE_ONLY.map(QueryOption::name))
        .with("_fields", &column_names.join(","));
    let this_page = window.at(&api, window.offset);
    let facet_query = reading
        .used
        .without(&[
            "_page",
            "_per_page",
            "_offset",
            "_limit",
            "_fields",
            "_format",
            "_sort",
        ])
        .without(&["_field"]);
    let facet_query = facet_fields.iter().fold(facet_query, |q, &(f, _)| {
        q.with("_field", &dataset.fields()[f].name)
    });
    let formats = |pairs: &Pairs, path: &str, formats: &[&'static str]| {
        formats
            .iter()
            .map(|&format| (format, pairs.clone().with("_format", format).link(path)))
            .collect::<Vec<_>>()
    };
    let list_formats = ["csv", "json", "ndjson", "xlsx"];
    let downloads = vec![
        Downloads {
            label: "These rows".to_owned(),
            links: formats(&this_page, "/data", &list_formats),
        },
        Downloads {
            label: format!("All {} matches", Grouped::from(total)),
            links: formats(&api, "/data", &list_formats),
        },
        Downloads {
            label: "Facet counts".to_owned(),
            links: formats(&facet_query, "/data/facets", &["json", "xlsx"]),
        },
    ];
    let curl = commands::curl(
        base,
        &this_page.clone().with("_format", "csv").link("/data"),
    );
    let collect = commands::collect(base, &reading.used, mode, dataset);
    let unmatched = if total == 0 {
        nothing::unmatched(pairs, dataset)
    } else {
        Vec::new()
    };
    // Nothing to chart when nothing matches: the page says so instead of empty boxes.
    let (charts, heat_map) = if total == 0 {
        (Vec::new(), None)
    } else {
        (charts, heat_map)
    };
    let has_filters = pairs.iter().enumerate().any(|(i, (name, value))| {
        reading.refused(i)
            || !name.starts_with('_')
            || name == "_where"
            || (name == "_search" && !value.trim().is_empty())
    });
    ExplorerPage {
        assets: AssetLinks::new(),
        total: Grouped::from(total),
        total_digits: total,
        records: Grouped::from(dataset.len()),
        ranked: reading.query.is_ranked(),
        search: pairs.get("_search").unwrap_or_default().to_owned(),
        modes: MatchMode::ALL
            .into_iter()
            .map(|m| ModeChoice {
                name: m.name(),
                meaning: meaning(m),
                checked: m == mode,
            })
            .collect(),
        hidden: pairs
            .without(&["_search", "_match", "_page", "_offset"])
            .iter()
            .map(|(n, v)| (n.to_owned(), v.to_owned()))
            .collect(),
        field_names: dataset.fields().iter().map(|f| f.name.clone()).collect(),
        problems,
        chips: sidebar::chips(reading, mode, dataset),
        clear: has_filters.then(|| without_filters(reading).page()),
        facets: counted.into_iter().map(|(facet, _)| facet).collect(),
        charts,
        pay_filter: spread::pay_filter(dataset, pairs),
        heat_map,
        columns: table::headers(dataset, &columns, &options.sort, pairs),
        switches: table::switches(dataset, &columns, pairs),
        rows: table::rows(dataset, shown, &columns),
        pager: table::pager(window, total, pairs),
        downloads,
        curl,
        collect_args: commands::arguments(&collect),
        unmatched,
        chart_width: WIDTH,
        label_end: LABEL_END,
        bar_start: BAR_START,
        bar_thickness: BAR_THICKNESS,
        long_value_chars: sidebar::LONG_VALUE_CHARS,
    }
}

/// The URL's pairs without any filter or refused pair, back on the first page.
fn without_filters(reading: &Reading) -> Pairs {
    Pairs::new(
        reading
            .pairs
            .iter()
            .enumerate()
            .filter(|&(i, (name, _))| {
                !reading.refused(i)
                    && name.starts_with('_')
                    && name != "_where"
                    && name != "_search"
            })
            .map(|(_, (n, v))| (n.to_owned(), v.to_owned()))
            .collect(),
    )
    .first_page()
}

/// One line on what a match mode means.
fn meaning(mode: MatchMode) -> &'static str {
    match mode {
        MatchMode::Regex => {
            "the lab's: a case-sensitive regular expression found anywhere (C matches every capital C)"
        }
        MatchMode::Token => "whole items, any case: C is the skill C, not C++ or C#",
        MatchMode::Substring => "literal text anywhere, any case: java also finds JavaScript",
    }
}
