//! The table of postings: which rows (sorting and the page window), which columns, the
//! header links that sort, the column switches, and the pager.

use super::number::Grouped;
use super::url::{Href, Pairs};
use crate::dataset::{Dataset, Kind, LAB_COLUMNS, LOCATION_FIELD, Role, SKILLS_FIELD};
use crate::filter::{Options, Sort};

/// Rows a page holds unless the URL says otherwise.
pub const DEFAULT_ROWS: usize = 25;
/// The most rows one page shows; more are a download away.
pub const MAX_ROWS: usize = 500;
/// Page sizes offered.
const SIZES: [usize; 3] = [25, 50, 100];

/// Which rows the page shows, and how its links move between pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Rows skipped.
    pub offset: usize,
    /// Rows shown at most.
    pub rows: usize,
    /// Whether the URL pages with `_offset`/`_limit` rather than `_page`/`_per_page`.
    pub by_offset: bool,
}

impl Window {
    /// The window the options ask for, within `MAX_ROWS`; the second value says whether
    /// the rows asked for were cut down.
    pub fn of(options: &Options) -> (Window, bool) {
        let by_offset = options.limit.is_some() || options.offset.is_some();
        let asked = if by_offset {
            options.limit.unwrap_or(DEFAULT_ROWS)
        } else {
            options.per_page.unwrap_or(DEFAULT_ROWS)
        };
        let rows = asked.clamp(1, MAX_ROWS);
        let offset = if by_offset {
            options.offset.unwrap_or(0)
        } else {
            (options.page.unwrap_or(1) - 1).saturating_mul(rows)
        };
        let window = Window {
            offset,
            rows,
            by_offset,
        };
        (window, asked > MAX_ROWS)
    }

    /// `pairs` with the paging options that show this window's rows starting at `offset`.
    pub fn at(&self, pairs: &Pairs, offset: usize) -> Pairs {
        let pairs = pairs.without(&["_page", "_per_page", "_offset", "_limit"]);
        if self.by_offset {
            pairs
                .with("_offset", &offset.to_string())
                .with("_limit", &self.rows.to_string())
        } else {
            pairs
                .with("_page", &(offset / self.rows + 1).to_string())
                .with("_per_page", &self.rows.to_string())
        }
    }
}

/// A column header.
#[derive(Debug, Clone)]
pub struct Column {
    /// The field's name.
    pub name: String,
    /// The link that sorts by it (or reverses the sort).
    pub sort: Href,
    /// `ascending`, `descending` or `none`, for `aria-sort`.
    pub aria_sort: &'static str,
    /// Whether its values are numbers (aligned right).
    pub numeric: bool,
}

/// One cell: plain text, or the items of a list.
#[derive(Debug, Clone)]
pub struct Cell {
    /// The text, for plain values.
    pub text: String,
    /// The items, for list values.
    pub items: Vec<String>,
    /// Whether the value is a number.
    pub numeric: bool,
    /// Whether the text is short enough (an experience range, a city) to keep on one line.
    pub short: bool,
    /// For long text (a description): its first words, shown with the rest folded away.
    pub head: Option<String>,
}

/// The most characters of a value kept on one line in the table.
const SHORT_CHARS: usize = 16;
/// Text longer than this shows its first [`HEAD_CHARS`] and folds the rest away, so that no
/// row grows taller than a few lines.
const LONG_CHARS: usize = 240;
/// How much of long text a cell shows before the rest is asked for.
const HEAD_CHARS: usize = 160;

/// The first words of `text`, at most [`HEAD_CHARS`] characters, cut between words.
fn head_of(text: &str) -> String {
    let cut = text
        .char_indices()
        .nth(HEAD_CHARS)
        .map_or(text.len(), |(at, _)| at);
    let head = &text[..cut];
    let head = head
        .rsplit_once(char::is_whitespace)
        .map_or(head, |(words, _)| words);
    head.trim_end().to_owned()
}

/// A switch that shows or hides a column.
#[derive(Debug, Clone)]
pub struct ColumnSwitch {
    /// The field's name.
    pub name: String,
    /// Whether it is shown now.
    pub shown: bool,
    /// The page with it switched.
    pub href: Href,
}

/// Moving between pages.
#[derive(Debug, Clone)]
pub struct Pager {
    /// The first row shown, from 1 (0 when none).
    pub first: Grouped,
    /// The last row shown.
    pub last: Grouped,
    /// This page's number, from 1.
    pub page: Grouped,
    /// How many pages there are.
    pub pages: Grouped,
    /// The page before, if any.
    pub previous: Option<Href>,
    /// The page after, if any.
    pub next: Option<Href>,
    /// Page sizes: rows, link, whether it is the current size.
    pub sizes: Vec<(usize, Href, bool)>,
}

/// The field numbers shown as columns.
pub fn columns_shown(dataset: &Dataset, options: &Options) -> Vec<usize> {
    if let Some(fields) = &options.fields {
        return fields.clone();
    }
    let role_name = |role| dataset.role_field(role).map(|f| f.name.as_str());
    if role_name(Role::Location) == Some(LOCATION_FIELD)
        && role_name(Role::Skills) == Some(SKILLS_FIELD)
    {
        return LAB_COLUMNS
            .iter()
            .filter_map(|name| dataset.field_index(name))
            .collect();
    }
    // Any other data: the title first, then the company and the place, the rest of the
    // roles but the description, then other fields, to six columns.
    let mut chosen: Vec<usize> = COLUMN_ROLES
        .iter()
        .filter_map(|&role| dataset.roles().field(role))
        .collect();
    let description = dataset.roles().field(Role::Description);
    for (n, field) in dataset.columns().iter().enumerate() {
        if chosen.len() >= LAB_COLUMNS.len() {
            break;
        }
        // A field with one value in every record (`__CLASS__`) tells nothing in a column.
        let varies = field.values.len() > 1 || field.present_count() < dataset.len();
        if !chosen.contains(&n) && Some(n) != description && field.kind() != Kind::Empty && varies {
            chosen.push(n);
        }
    }
    chosen.truncate(LAB_COLUMNS.len());
    chosen
}

/// The roles whose fields are the first columns of any data, in order.
const COLUMN_ROLES: [Role; 6] = [
    Role::Title,
    Role::Company,
    Role::Location,
    Role::Skills,
    Role::Experience,
    Role::Salary,
];

/// The headers of `columns`, each linking to the page sorted by it.
pub fn headers(dataset: &Dataset, columns: &[usize], sort: &[Sort], pairs: &Pairs) -> Vec<Column> {
    let pairs = pairs.first_page();
    columns
        .iter()
        .map(|&f| {
            let field = &dataset.fields()[f];
            let current = sort.first().filter(|key| key.field == f);
            let (aria_sort, next) = match current {
                Some(key) if !key.descending => ("ascending", format!("-{}", field.name)),
                Some(_) => ("descending", field.name.clone()),
                None => ("none", field.name.clone()),
            };
            Column {
                name: field.name.clone(),
                sort: pairs.set("_sort", Some(&next)).page(),
                aria_sort,
                numeric: field.numbers_only,
            }
        })
        .collect()
}

/// The switches for every field: shown ones hide, hidden ones show (the last shown column
/// stays).
pub fn switches(dataset: &Dataset, columns: &[usize], pairs: &Pairs) -> Vec<ColumnSwitch> {
    dataset
        .fields()
        .iter()
        .enumerate()
        .map(|(f, field)| {
            let shown = columns.contains(&f);
            let next: Vec<usize> = if shown {
                columns.iter().copied().filter(|&c| c != f).collect()
            } else {
                columns.iter().copied().chain([f]).collect()
            };
            let href = if next.is_empty() {
                pairs.page()
            } else {
                let names: Vec<&str> = next
                    .iter()
                    .map(|&c| dataset.fields()[c].name.as_str())
                    .collect();
                pairs.set("_fields", Some(&names.join(","))).page()
            };
            ColumnSwitch {
                name: field.name.clone(),
                shown,
                href,
            }
        })
        .collect()
}

/// The cells of `records` in `columns`.
pub fn rows(dataset: &Dataset, records: &[u32], columns: &[usize]) -> Vec<Vec<Cell>> {
    records
        .iter()
        .map(|&record| {
            columns
                .iter()
                .map(|&f| {
                    let field = &dataset.fields()[f];
                    let text = field
                        .value_of(record)
                        .filter(|v| !v.is_null())
                        .map_or("", |v| v.text);
                    let items = if field.is_list() {
                        field.items(text).map(|item| item.into_owned()).collect()
                    } else {
                        Vec::new()
                    };
                    Cell {
                        text: if field.is_list() {
                            String::new()
                        } else {
                            text.to_owned()
                        },
                        short: !field.is_list() && text.chars().count() <= SHORT_CHARS,
                        head: (!field.is_list() && text.chars().count() > LONG_CHARS)
                            .then(|| head_of(text)),
                        items,
                        numeric: field.numbers_only,
                    }
                })
                .collect()
        })
        .collect()
}

/// The pager for `window` over `total` rows.
pub fn pager(window: Window, total: usize, pairs: &Pairs) -> Pager {
    let offset = window.offset.min(total);
    let last = (offset + window.rows).min(total);
    let previous = (window.offset > 0).then(|| {
        window
            .at(pairs, window.offset.saturating_sub(window.rows))
            .page()
    });
    let next = (last < total).then(|| window.at(pairs, offset + window.rows).page());
    let sizes = SIZES
        .iter()
        .map(|&rows| {
            let sized = Window { rows, ..window };
            (rows, sized.at(pairs, 0).page(), rows == window.rows)
        })
        .collect();
    Pager {
        first: Grouped::from(if last > offset { offset + 1 } else { 0 }),
        last: Grouped::from(last),
        page: Grouped::from(window.offset / window.rows + 1),
        pages: Grouped::from(total.div_ceil(window.rows).max(1)),
        previous,
        next,
        sizes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(page: Option<usize>, per_page: Option<usize>, limit: Option<usize>) -> Options {
        Options {
            page,
            per_page,
            limit,
            ..Options::default()
        }
    }

    #[test]
    fn windows_default_cap_and_page() {
        let (w, cut) = Window::of(&Options::default());
        assert_eq!(
            (w.offset, w.rows, w.by_offset, cut),
            (0, DEFAULT_ROWS, false, false)
        );
        let (w, _) = Window::of(&options(Some(3), Some(10), None));
        assert_eq!((w.offset, w.rows), (20, 10));
        let (w, cut) = Window::of(&options(None, None, Some(100_000)));
        assert_eq!((w.rows, w.by_offset, cut), (MAX_ROWS, true, true));
        let at = w.at(&Pairs::default(), 1000);
        assert_eq!(at.query_string(), "_offset=1000&_limit=500");
    }

    #[test]
    fn pager_links_and_numbers() {
        let (w, _) = Window::of(&options(Some(2), Some(10), None));
        let pairs = Pairs::new(vec![
            ("Location".into(), "X".into()),
            ("_page".into(), "2".into()),
        ]);
        let p = pager(w, 35, &pairs);
        assert_eq!((p.first.0, p.last.0, p.page.0, p.pages.0), (11, 20, 2, 4));
        let previous = p.previous.map(|h| h.as_str().to_owned());
        assert_eq!(
            previous.as_deref(),
            Some("/?Location=X&_page=1&_per_page=10")
        );
        let next = p.next.map(|h| h.as_str().to_owned());
        assert_eq!(next.as_deref(), Some("/?Location=X&_page=3&_per_page=10"));
        let empty = pager(Window::of(&Options::default()).0, 0, &Pairs::default());
        assert_eq!((empty.first.0, empty.last.0, empty.pages.0), (0, 0, 1));
        assert!(empty.next.is_none() && empty.previous.is_none());
    }
}
