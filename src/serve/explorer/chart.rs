//! The charts, drawn by the server: bars of the most common values as SVG geometry, and
//! the skill × city heat-map counted over the matching records.

use super::number::Grouped;
use super::url::Href;
use crate::dataset::{Dataset, normalize_token};

/// The drawing's width, in SVG units.
pub const WIDTH: u32 = 360;
/// Where bars start; labels end just left of it.
const BARS_X: u32 = 132;
/// The longest bar, leaving room for its count.
const LONGEST: u32 = 170;
/// One row: a bar and the gap below it.
const ROW: u32 = 20;
/// A bar's thickness.
const THICKNESS: u32 = 14;
/// The most characters of a label drawn; longer ones are cut with an ellipsis.
const LABEL_CHARS: usize = 20;
/// No row or column.
const NONE: usize = usize::MAX;
/// About how many items a record's list holds, to weigh walking postings against records.
const ITEMS_PER_RECORD: usize = 4;
/// The number of shades in the heat-map, besides none.
const SHADES: u64 = 5;

/// One value drawn as a bar.
#[derive(Debug, Clone)]
pub struct Bar {
    /// The value, cut to fit.
    pub label: String,
    /// The value in full (its tooltip).
    pub value: String,
    /// How many matching postings have it.
    pub count: Grouped,
    /// The top of the bar.
    pub y: u32,
    /// Where the label's baseline is.
    pub text_y: u32,
    /// The bar's length.
    pub width: u32,
    /// Where the count label starts.
    pub count_x: u32,
    /// The page with this value added as a filter.
    pub href: Href,
}

/// A bar chart of the most common values of one field.
#[derive(Debug, Clone)]
pub struct BarChart {
    /// A unique id for the figure's caption.
    pub id: String,
    /// What it shows.
    pub title: String,
    /// The drawing's height.
    pub height: u32,
    /// The bars, largest first.
    pub bars: Vec<Bar>,
}

/// Where label text ends, right-aligned before the bars.
pub const LABEL_END: u32 = BARS_X - 6;
/// Where bars start.
pub const BAR_START: u32 = BARS_X;
/// How thick a bar is.
pub const BAR_THICKNESS: u32 = THICKNESS;

/// Draws `values` (value, count, link), largest first, as bars.
pub fn bar_chart(id: &str, title: String, values: Vec<(String, u64, Href)>) -> BarChart {
    let most = values.iter().map(|(_, count, _)| *count).max().unwrap_or(0);
    let bars = values
        .into_iter()
        .enumerate()
        .map(|(row, (value, count, href))| {
            let y = row as u32 * ROW;
            let width = scaled(count, most, u64::from(LONGEST)).max(1) as u32;
            Bar {
                label: cut(&value, LABEL_CHARS),
                value,
                count: Grouped(count),
                y,
                text_y: y + THICKNESS - 3,
                width,
                count_x: BARS_X + width + 4,
                href,
            }
        })
        .collect::<Vec<_>>();
    BarChart {
        id: id.to_owned(),
        title,
        height: (bars.len() as u32 * ROW).max(ROW),
        bars,
    }
}

/// `count / most` of `span`, rounded up so that a count above zero is always seen.
fn scaled(count: u64, most: u64, span: u64) -> u64 {
    if most == 0 {
        0
    } else {
        (count * span).div_ceil(most)
    }
}

/// `text` cut to at most `chars` characters, with an ellipsis when cut.
fn cut(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        text.to_owned()
    } else {
        let mut out: String = text.chars().take(chars - 1).collect();
        out.push('…');
        out
    }
}

/// How many matching records hold each (row value, column value) pair: `rows` are values
/// of a list field (each item counted once per record), `columns` values of another field,
/// as facets show them. `None` when either field is missing.
///
/// The rows' postings are walked when that is less work than the records' items (always
/// for every record: about a third of the work, and no unpredictable branch per item).
pub fn cross_counts(
    dataset: &Dataset,
    records: &[u32],
    (row_field, rows): (&str, &[String]),
    (column_field, columns): (&str, &[String]),
) -> Option<Vec<Vec<u64>>> {
    let row_field = dataset.field(row_field)?;
    let column_field = dataset.field(column_field)?;
    let row_tokens: Vec<Option<u32>> = rows
        .iter()
        .map(|value| row_field.token_id(&normalize_token(value)))
        .collect();
    let column_tokens: Vec<Option<u32>> = columns
        .iter()
        .map(|value| column_field.token_id(&normalize_token(value)))
        .collect();
    // Distinct value of the column field → its column, or NONE.
    let column_of_value: Vec<usize> = (0..column_field.values.len() as u32)
        .map(|value| {
            column_field
                .tokens_of(value)
                .find_map(|token| column_tokens.iter().position(|t| *t == Some(token)))
                .unwrap_or(NONE)
        })
        .collect();
    let column_of_record = |record: u32| match column_field.value_id(record) {
        None => NONE,
        Some(value) => column_of_value[value as usize],
    };
    let mut counts = vec![vec![0u64; columns.len()]; rows.len()];
    let every_record = records.len() == dataset.len();
    let through_postings: usize = row_tokens
        .iter()
        .flatten()
        .map(|&token| row_field.posting_of(token).len())
        .sum();
    if every_record || through_postings < records.len() * ITEMS_PER_RECORD {
        let mut member = Vec::new();
        if !every_record {
            member = vec![0u64; dataset.len().div_ceil(64)];
            for &record in records {
                member[record as usize / 64] |= 1 << (record % 64);
            }
        }
        let matches =
            |record: u32| every_record || member[record as usize / 64] & (1 << (record % 64)) != 0;
        for (row, token) in row_tokens.iter().enumerate() {
            let Some(token) = *token else { continue };
            for &record in row_field.posting_of(token) {
                let column = column_of_record(record);
                if column != NONE && matches(record) {
                    counts[row][column] += 1;
                }
            }
        }
    } else {
        let mut row_of_token = vec![NONE; row_field.token_count()];
        for (row, token) in row_tokens.iter().enumerate() {
            if let Some(token) = token {
                row_of_token[*token as usize] = row;
            }
        }
        for &record in records {
            let column = column_of_record(record);
            let Some(row_value) = row_field.value_id(record) else {
                continue;
            };
            if column == NONE {
                continue;
            }
            for token in row_field.tokens_of(row_value) {
                let row = row_of_token[token as usize];
                if row != NONE {
                    counts[row][column] += 1;
                }
            }
        }
    }
    Some(counts)
}

/// The shade of a heat-map cell, 0 (none) to 5, for `count` out of the largest `most`.
pub fn shade(count: u64, most: u64) -> u64 {
    scaled(count, most, SHADES)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_and_cut_long_labels() {
        let href = || super::super::url::Pairs::default().page();
        let chart = bar_chart(
            "skills",
            "Top skills".into(),
            vec![
                ("Python".into(), 200, href()),
                ("A very long skill name indeed".into(), 1, href()),
            ],
        );
        assert_eq!(chart.height, 2 * ROW);
        assert_eq!(chart.bars[0].width, LONGEST);
        assert_eq!(chart.bars[1].width, 1);
        assert_eq!(chart.bars[1].label, "A very long skill n…");
        assert_eq!(chart.bars[1].label.chars().count(), LABEL_CHARS);
        assert_eq!(chart.bars[1].y, ROW);
        assert_eq!(bar_chart("x", "t".into(), Vec::new()).height, ROW);
        assert_eq!((shade(0, 9), shade(1, 9), shade(9, 9)), (0, 1, 5));
    }

    #[test]
    fn crosses_list_items_with_places_once_per_record() {
        let d = Dataset::from_json(
            br#"[{"Key Skills": "Go| SQL|go", "Location": "Seattle"},
                 {"Key Skills": "go", "Location": "Austin"},
                 {"Key Skills": "SQL", "Location": "seattle "},
                 {"Location": "Seattle"},
                 {"Key Skills": "Rust", "Location": "Boston"}]"#,
        )
        .unwrap();
        let rows = ["Go".to_owned(), "SQL".to_owned()];
        let columns = ["Seattle".to_owned(), "Austin".to_owned()];
        let all: Vec<u32> = (0..5).collect();
        let counts = cross_counts(&d, &all, ("Key Skills", &rows), ("Location", &columns));
        assert_eq!(counts, Some(vec![vec![1, 1], vec![2, 0]]));
        // Through the postings (with a membership test), and through the records.
        let some = cross_counts(&d, &[0, 1], ("Key Skills", &rows), ("Location", &columns));
        assert_eq!(some, Some(vec![vec![1, 1], vec![1, 0]]));
        let one = cross_counts(&d, &[2], ("Key Skills", &rows), ("Location", &columns));
        assert_eq!(one, Some(vec![vec![0, 0], vec![1, 0]]));
        assert_eq!(
            cross_counts(&d, &all, ("Nope", &rows), ("Location", &columns)),
            None
        );
    }
}
