//! What a workbook is made of, knowing nothing of where the numbers came from: tables (one
//! sheet each: a header row, rows of cells, an optional bar chart) and document properties.

/// The most rows one sheet holds, header included (Excel's limit, 2^20).
pub const MAX_ROWS: usize = 1_048_576;

/// One sheet: a bold, frozen header row, then one row per entry of `rows`.
///
/// Every sheet gets columns as wide as their longest value (within bounds), an autofilter
/// over the header and the rows, whole numbers shown with a thousands separator, and a page
/// setup that prints it landscape, one page wide (one page in all when it has at most 60
/// rows), its chart beside it inside the print area; the first table is the selected sheet.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// The sheet's name, as shown on its tab (at most 31 characters, no `[]:*?/\`).
    pub name: String,
    /// The header row's labels, one per column; the autofilter spans this many columns.
    pub header: Vec<String>,
    /// The data rows, from row 2 on. A row shorter than the header leaves its last cells
    /// empty; cells beyond the header are written but not filtered.
    pub rows: Vec<Vec<Cell>>,
    /// A bar chart beside the table, when wanted; left out when there are no rows.
    pub chart: Option<BarChart>,
    /// Whether column A stays in view too (the header row always does).
    pub freeze_first_column: bool,
    /// Whether the cells from column B on are shaded by a three-colour scale (lowest white,
    /// middle yellow, highest red), so that the eye finds the largest values.
    pub color_scale: bool,
}

impl Table {
    /// A table named `name` with these header labels and no rows.
    pub fn new<I, S>(name: impl Into<String>, header: I) -> Table
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Table {
            name: name.into(),
            header: header.into_iter().map(Into::into).collect(),
            ..Table::default()
        }
    }

    /// How many rows the sheet has, header included.
    pub fn sheet_rows(&self) -> usize {
        self.rows.len().saturating_add(1)
    }
}

/// One cell's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text, always stored as a string: `=1+1` stays text, never a formula.
    Text(String),
    /// A number.
    Number(f64),
    /// No value: nothing is written.
    Empty,
}

impl Cell {
    /// The cell as it reads on screen, for fitting column widths: integers with a thousands
    /// separator, other numbers as Rust prints them.
    pub(super) fn display(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => {
                let digits = format!("{:.0}", n.abs());
                let mut grouped = String::with_capacity(digits.len() + digits.len() / 3 + 1);
                if *n < 0.0 {
                    grouped.push('-');
                }
                for (index, digit) in digits.chars().enumerate() {
                    if index > 0 && (digits.len() - index) % 3 == 0 {
                        grouped.push(',');
                    }
                    grouped.push(digit);
                }
                grouped
            }
            Cell::Number(n) => n.to_string(),
            Cell::Empty => String::new(),
        }
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell::Text(text.to_owned())
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell::Text(text)
    }
}

impl From<u64> for Cell {
    fn from(n: u64) -> Cell {
        // Counts up to 2^53 are exact; spreadsheets keep 15 digits anyway.
        Cell::Number(n as f64)
    }
}

/// A clustered bar chart of one or more columns against another, placed right of the table
/// (from one column past its last, rows 2 to 20). Its categories, values and series names
/// are references to the cells, so every program labels the bars with the names; the axis
/// titles are the columns' header labels. One series has no legend; several have one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BarChart {
    /// The chart's title, also the name of its frame.
    pub title: String,
    /// The column (0-based) holding the bars' labels.
    pub categories: usize,
    /// The columns (0-based) holding the bars' values: one series each.
    pub values: Vec<usize>,
}

/// The document properties: core ones (title, subject, ...) and custom ones, which
/// spreadsheet programs show under File → Properties. The creator is always `jobsctl`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Properties {
    /// The document's title.
    pub title: String,
    /// What it is about.
    pub subject: String,
    /// A longer description.
    pub description: String,
    /// Keywords, comma-separated.
    pub keywords: String,
    /// When it was made (RFC 3339, e.g. `2026-11-28T17:48:56Z`), also its modified time;
    /// `None` leaves the library's default.
    pub created: Option<String>,
    /// Custom properties, in order.
    pub custom: Vec<(String, CustomValue)>,
}

/// The value of a custom document property.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomValue {
    /// Text.
    Text(String),
    /// A whole number; custom number properties are 32-bit, so a larger one is kept as text.
    Integer(i64),
    /// A date and time (RFC 3339).
    Date(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_display_as_a_spreadsheet_shows_them() {
        assert_eq!(Cell::from(27005u64).display(), "27,005");
        assert_eq!(Cell::from(1_234_567u64).display(), "1,234,567");
        assert_eq!(Cell::from(999u64).display(), "999");
        assert_eq!(Cell::Number(-3.0).display(), "-3");
        assert_eq!(Cell::Number(1.5).display(), "1.5");
        assert_eq!(Cell::from("Zürich").display(), "Zürich");
        assert_eq!(Cell::Empty.display(), "");
    }

    #[test]
    fn a_new_table_has_a_header_and_no_rows() {
        let table = Table::new("t", ["a", "b"]);
        assert_eq!(table.header, ["a", "b"]);
        assert!(table.rows.is_empty() && table.chart.is_none() && !table.freeze_first_column);
        assert!(!table.color_scale);
        assert_eq!(table.sheet_rows(), 1);
    }
}
