//! Building a workbook in memory from tables: each sheet with a bold, frozen header row,
//! fitted column widths, an autofilter and, when asked, a bar chart whose labels and values
//! are linked to the cells; plus the document properties.

use umya_spreadsheet::custom_properties::CustomDocumentProperty;
use umya_spreadsheet::drawing::charts::{
    CategoryAxisData, ChartText, GroupingValues, StringReference,
};
use umya_spreadsheet::drawing::spreadsheet::MarkerType;
use umya_spreadsheet::{
    Chart, ChartType, Coordinate, DefinedName, Pane, PaneStateValues, PaneValues, Selection,
    SheetView, SheetViews, Workbook, Worksheet,
};

use super::model::{BarChart, Cell, CustomValue, Properties, Table};

/// Where a chart sits: from one column past the table's last (zero-based, as drawing
/// anchors count: column D for a two-column table) across this many columns, and from
/// row 2 (index 1) to row 20 (index 19).
const CHART_COLUMNS: u32 = 8;
const CHART_ROWS: (u32, u32) = (1, 19);
/// Column widths, in characters, are kept within these bounds.
const MIN_WIDTH: f64 = 8.0;
const MAX_WIDTH: f64 = 60.0;
/// The creator and last editor named in the core properties.
const CREATOR: &str = "jobsctl";

/// Builds the whole workbook in memory. Errors are umya's, as text.
pub(super) fn build(tables: &[Table], properties: &Properties) -> Result<Workbook, String> {
    super::unwind::inject::point("build");
    let mut book = umya_spreadsheet::new_file_empty_worksheet();
    for (index, table) in tables.iter().enumerate() {
        let sheet = book.new_sheet(&table.name).map_err(|e| e.to_string())?;
        fill_sheet(sheet, table, index == 0);
        add_filter_name(
            &mut book,
            &table.name,
            index,
            table.header.len(),
            table.rows.len(),
        );
    }
    book.set_active_sheet(0);
    set_properties(&mut book, properties);
    Ok(book)
}

/// Writes one table: header, rows, widths, panes, autofilter and chart.
fn fill_sheet(sheet: &mut Worksheet, table: &Table, selected: bool) {
    write_header(sheet, &table.header);
    for (row, cells) in (2u32..).zip(&table.rows) {
        for (column, cell) in (1u32..).zip(cells) {
            match cell {
                // Always a string: text such as `=1+1` is never read as a formula.
                Cell::Text(text) => {
                    sheet
                        .cell_mut((column, row))
                        .set_value_string(xml_safe(text));
                }
                Cell::Number(n) => {
                    sheet.cell_mut((column, row)).set_value_number(*n);
                }
                Cell::Empty => {}
            }
        }
    }
    for (index, label) in table.header.iter().enumerate() {
        let values = table
            .rows
            .iter()
            .filter_map(|cells| cells.get(index))
            .map(Cell::display);
        set_width(sheet, index, values, label);
    }
    freeze_header(sheet, table.freeze_first_column, selected);
    sheet.set_auto_filter(format!(
        "A1:{}{}",
        column_letters(table.header.len()),
        last_row(table.rows.len())
    ));
    if let Some(chart) = &table.chart
        && !table.rows.is_empty()
    {
        sheet.add_chart(bar_chart(table, chart));
    }
}

/// Writes bold text headers in row 1.
fn write_header(sheet: &mut Worksheet, labels: &[String]) {
    for (column, label) in (1u32..).zip(labels) {
        sheet
            .cell_mut((column, 1))
            .set_value_string(xml_safe(label));
        sheet.style_mut((column, 1)).font_mut().set_bold(true);
    }
}

/// Makes column `index` (0-based) as wide as its longest value or header, within bounds.
fn set_width<I, S>(sheet: &mut Worksheet, index: usize, values: I, header: &str)
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let longest = values
        .into_iter()
        .map(|v| v.as_ref().chars().count())
        .chain(std::iter::once(header.chars().count() + 1)) // bold is wider
        .max()
        .unwrap_or(0);
    let width = ((longest as f64 * 1.1 + 2.0).clamp(MIN_WIDTH, MAX_WIDTH) * 10.0).round() / 10.0;
    sheet
        .column_dimension_mut(&column_letters(index + 1))
        .set_width(width);
}

/// Freezes row 1 (and column A when `first_column`), as Excel's "Freeze Panes" does.
fn freeze_header(sheet: &mut Worksheet, first_column: bool, selected: bool) {
    let (columns, active) = if first_column {
        (1, PaneValues::BottomRight)
    } else {
        (0, PaneValues::BottomLeft)
    };
    let mut top_left = Coordinate::default();
    top_left.set_col_num(columns + 1).set_row_num(2);

    let mut pane = Pane::default();
    if columns > 0 {
        pane.set_horizontal_split(f64::from(columns));
    }
    pane.set_vertical_split(1.0)
        .set_top_left_cell(top_left.clone())
        .set_active_pane(active.clone())
        .set_state(PaneStateValues::Frozen);

    let mut selection = Selection::default();
    selection.set_pane(active).set_active_cell(top_left.clone());
    selection
        .sequence_of_references_mut()
        .set_sqref(top_left.to_string());

    let mut view = SheetView::default();
    view.set_workbook_view_id(0)
        .set_tab_selected(selected)
        .set_pane(pane)
        .set_selection(selection);
    let mut views = SheetViews::default();
    views.add_sheet_view_list_mut(view);
    sheet.set_sheets_views(views);
}

/// Adds the hidden `_xlnm._FilterDatabase` name that Excel writes for a sheet's autofilter.
fn add_filter_name(book: &mut Workbook, sheet: &str, index: usize, columns: usize, rows: usize) {
    let Ok(local_id) = u32::try_from(index) else {
        return;
    };
    let mut name = DefinedName::default();
    name.set_name("_xlnm._FilterDatabase");
    name.set_address(format!(
        "{}!$A$1:${}${}",
        quoted(sheet),
        column_letters(columns),
        last_row(rows)
    ));
    name.set_local_sheet_id(local_id);
    name.set_hidden(true);
    book.add_defined_names(name);
}

/// A clustered column chart of `table`'s rows, categories, values and series name linked to
/// the cells.
fn bar_chart(table: &Table, spec: &BarChart) -> Chart {
    let last = last_row(table.rows.len());
    let sheet = quoted(&table.name);
    let categories = column_letters(spec.categories + 1);
    let values = column_letters(spec.values + 1);
    let names = format!("{sheet}!${categories}$2:${categories}${last}");
    let numbers = format!("{sheet}!${values}$2:${values}${last}");
    let series_name = format!("{sheet}!${values}$1");
    let label = |column: usize| table.header.get(column).map_or("", String::as_str);

    let right = u32::try_from(table.header.len())
        .unwrap_or(u32::MAX)
        .saturating_add(1);
    let mut from = MarkerType::default();
    from.set_col(right).set_row(CHART_ROWS.0);
    let mut to = MarkerType::default();
    to.set_col(right.saturating_add(CHART_COLUMNS))
        .set_row(CHART_ROWS.1);

    let mut chart = Chart::default();
    chart.new_chart(&ChartType::BarChart, from, to, vec![numbers.as_str()]);
    chart
        .set_grouping(GroupingValues::Standard)
        .set_title(spec.title.as_str())
        .set_horizontal_title(label(spec.categories))
        .set_vertical_title(label(spec.values));
    if let Some(bars) = chart.plot_area_mut().bar_chart_mut() {
        // umya has no `clustered` grouping: `standard` with no overlap draws the bars side by
        // side (umya's default overlap of 100 is for stacked bars).
        bars.overlap_mut().set_val(0);
    }
    for series in chart.area_chart_series_list_mut().area_chart_series_mut() {
        let mut reference = StringReference::default();
        reference.formula_mut().set_address_str(names.as_str());
        let mut axis_data = CategoryAxisData::default();
        axis_data.set_string_reference(reference);
        series.set_category_axis_data(axis_data);

        let mut title = StringReference::default();
        title.formula_mut().set_address_str(series_name.as_str());
        let mut text = ChartText::default();
        text.set_string_reference(title);
        series.set_chart_text(text);
    }
    if let Some(frame) = chart.two_cell_anchor_mut().graphic_frame_mut() {
        // umya writes `<xdr:cNvPr id="0" name="">`; give the frame a real id and name as Excel
        // does (an empty name shows as a blank object in the program's navigator).
        frame
            .non_visual_graphic_frame_properties_mut()
            .non_visual_drawing_properties_mut()
            .set_id(2)
            .set_name(spec.title.as_str());
    }
    // One series: a legend would only repeat the axis title.
    chart
        .chart_space_mut()
        .chart_mut()
        .set_legend_present(false);
    chart
}

/// Sets the core and custom document properties.
fn set_properties(book: &mut Workbook, properties: &Properties) {
    let props = book.properties_mut();
    props
        .set_title(xml_safe(&properties.title))
        .set_subject(xml_safe(&properties.subject))
        .set_creator(CREATOR)
        .set_last_modified_by(CREATOR)
        .set_keywords(xml_safe(&properties.keywords))
        .set_description(xml_safe(&properties.description));
    if let Some(created) = &properties.created {
        props
            .set_created(created.as_str())
            .set_modified(created.as_str());
    }
    let custom = props.custom_properties_mut();
    for (name, value) in &properties.custom {
        let mut property = CustomDocumentProperty::default();
        property.set_name(xml_safe(name));
        match value {
            CustomValue::Text(text) => property.set_value_string(xml_safe(text)),
            CustomValue::Integer(n) => match i32::try_from(*n) {
                Ok(n) => property.set_value_number(n),
                // Custom number properties are 32-bit; a larger number is kept as text.
                Err(_) => property.set_value_string(n.to_string()),
            },
            CustomValue::Date(date) => property.set_value_date_manual(date.as_str()),
        };
        custom.add_custom_document_property_list(property);
    }
}

/// `text` without the control characters XML cannot hold: each is written as Excel writes
/// it, `_xHHHH_`, which Excel and LibreOffice read back as the character. (The library
/// writes text as it is, and a control character would make the file unreadable.)
fn xml_safe(text: &str) -> String {
    let illegal =
        |c: char| c < ' ' && !matches!(c, '\t' | '\n' | '\r') || c == '\u{FFFE}' || c == '\u{FFFF}';
    if !text.contains(illegal) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 12);
    for c in text.chars() {
        if illegal(c) {
            out.push_str(&format!("_x{:04X}_", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// A sheet name as formulas write it: in single quotes, any quote in it doubled.
fn quoted(sheet: &str) -> String {
    format!("'{}'", sheet.replace('\'', "''"))
}

/// The last row of a table with a header and `rows` data rows (1 when there are none).
fn last_row(rows: usize) -> usize {
    rows + 1
}

/// Spreadsheet column letters for a 1-based column number: 1 → A, 27 → AA.
fn column_letters(mut column: usize) -> String {
    let mut letters = Vec::new();
    while column > 0 {
        let rem = (column - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        column = (column - 1) / 26;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::{column_letters, quoted, xml_safe};

    #[test]
    fn column_letters_count_like_a_spreadsheet() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(2), "B");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(52), "AZ");
        assert_eq!(column_letters(703), "AAA");
    }

    #[test]
    fn control_characters_are_escaped_as_excel_does() {
        assert_eq!(xml_safe("plain\ttext\n"), "plain\ttext\n");
        assert_eq!(xml_safe("a\u{1}b\u{1b}"), "a_x0001_b_x001B_");
        assert_eq!(xml_safe("\u{FFFF}"), "_xFFFF_");
    }

    #[test]
    fn sheet_names_are_quoted_for_formulas() {
        assert_eq!(quoted("jobs locations"), "'jobs locations'");
        assert_eq!(quoted("Bob's"), "'Bob''s'");
    }
}
