//! Building a workbook in memory from tables: each sheet with a bold, frozen header row,
//! fitted column widths, whole numbers with a thousands separator, an autofilter, a page
//! setup and print area (`page`) and, when asked, a bar chart whose labels and values are
//! linked to the cells (`chart`) and a colour scale; plus the document properties.

use umya_spreadsheet::custom_properties::CustomDocumentProperty;
use umya_spreadsheet::{
    Coordinate, DefinedName, Pane, PaneStateValues, PaneValues, Selection, SheetView, SheetViews,
    Workbook, Worksheet,
};

use super::address::{column_letters, last_row, quoted};
use super::chart::bar_chart;
use super::model::{Cell, CustomValue, Properties, Table};
use super::page::{COUNT_FORMAT, add_color_scale, add_print_area, set_page};
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
        add_print_area(&mut book, table, index);
    }
    book.set_active_sheet(0);
    set_properties(&mut book, properties);
    Ok(book)
}

/// Writes one table: header, rows, widths, panes, autofilter and chart.
fn fill_sheet(sheet: &mut Worksheet, table: &Table, selected: bool) {
    write_header(sheet, table);
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
                    if n.fract() == 0.0 {
                        // Whole numbers with a thousands separator: 27,005.
                        sheet
                            .style_mut((column, row))
                            .number_format_mut()
                            .set_format_code(COUNT_FORMAT);
                    }
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
    if table.color_scale {
        add_color_scale(sheet, table);
    }
    set_page(sheet, table);
}

/// Writes bold text headers in row 1.
/// A column of numbers (every filled cell a number) has its heading right-aligned, over
/// its numbers.
fn write_header(sheet: &mut Worksheet, table: &Table) {
    for (index, (column, label)) in (1u32..).zip(&table.header).enumerate() {
        sheet
            .cell_mut((column, 1))
            .set_value_string(xml_safe(label));
        let style = sheet.style_mut((column, 1));
        style.font_mut().set_bold(true);
        if is_number_column(table, index) {
            style
                .alignment_mut()
                .set_horizontal(umya_spreadsheet::HorizontalAlignmentValues::Right);
        }
    }
}

/// Whether column `index` holds numbers: at least one, and no text.
fn is_number_column(table: &Table, index: usize) -> bool {
    let cells = || table.rows.iter().filter_map(|row| row.get(index));
    cells().any(|c| matches!(c, Cell::Number(_))) && !cells().any(|c| matches!(c, Cell::Text(_)))
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

#[cfg(test)]
mod tests {
    use super::xml_safe;

    #[test]
    fn control_characters_are_escaped_as_excel_does() {
        assert_eq!(xml_safe("plain\ttext\n"), "plain\ttext\n");
        assert_eq!(xml_safe("a\u{1}b\u{1b}"), "a_x0001_b_x001B_");
        assert_eq!(xml_safe("\u{FFFF}"), "_xFFFF_");
    }
}
