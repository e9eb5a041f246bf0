//! How a sheet prints and reads: landscape, scaled to one page wide (and one page tall when
//! it is short enough to read that way), a print area holding the table and its chart, whole
//! numbers with a thousands separator, and the three-colour scale that finds hot cells.

use umya_spreadsheet::{
    Break, Color, ColorScale, ConditionalFormatValueObject, ConditionalFormatValueObjectValues,
    ConditionalFormatValues, ConditionalFormatting, ConditionalFormattingRule, DefinedName,
    OrientationValues, Workbook, Worksheet,
};

use super::address::{column_letters, last_row, quoted};
pub(super) use super::chart::COUNT_FORMAT;
use super::chart::{below, chart_bottom, chart_columns, chart_left, chart_top};
use super::model::Table;

/// Tables with at most this many rows print on one page; longer ones one page wide.
const ONE_PAGE_ROWS: usize = 60;
/// The colour scale: lowest white, middle (50th percentile) yellow, highest red.
const SCALE: [(ConditionalFormatValueObjectValues, &str, &str); 3] = [
    (ConditionalFormatValueObjectValues::Min, "", "FFFCFCFF"),
    (
        ConditionalFormatValueObjectValues::Percentile,
        "50",
        "FFFFEB84",
    ),
    (ConditionalFormatValueObjectValues::Max, "", "FFF8696B"),
];

/// Landscape, one page wide, and one page tall too for a table short enough. A table with
/// its chart below runs on: the table on the first page at a size to read, the chart from
/// the next (a page break before it), rather than both shrunk onto one.
pub(super) fn set_page(sheet: &mut Worksheet, table: &Table) {
    let chart_below = table.chart.as_ref().filter(|spec| below(spec));
    if let Some(spec) = chart_below {
        let mut before_chart = Break::default();
        // A break after the 1-based row `id`: the row before the chart's first.
        before_chart
            .set_id(chart_top(table, spec))
            .set_max(16_383)
            .set_manual_page_break(true);
        sheet.row_breaks_mut().add_break_list(before_chart);
    }
    let tall = if table.rows.len() <= ONE_PAGE_ROWS && chart_below.is_none() {
        1
    } else {
        0
    };
    sheet
        .page_setup_mut()
        .set_orientation(OrientationValues::Landscape)
        .set_fit_to_page(true)
        .set_fit_to_width(1)
        .set_fit_to_height(tall);
}

/// The range a sheet prints: the table and, beside it, its chart.
pub(super) fn print_range(table: &Table) -> (usize, usize) {
    let mut columns = table.header.len().max(1);
    let mut rows = last_row(table.rows.len());
    if let Some(chart) = &table.chart
        && !table.rows.is_empty()
    {
        let right = chart_left(table, chart).saturating_add(chart_columns(table, chart));
        columns = columns.max(right as usize);
        rows = rows.max(chart_bottom(table, chart) as usize + 1);
    }
    (columns, rows)
}

/// Adds the sheet's `_xlnm.Print_Area` name: the table and its chart.
pub(super) fn add_print_area(book: &mut Workbook, table: &Table, index: usize) {
    let Ok(local_id) = u32::try_from(index) else {
        return;
    };
    let (columns, rows) = print_range(table);
    let mut name = DefinedName::default();
    name.set_name("_xlnm.Print_Area");
    name.set_address(format!(
        "{}!$A$1:${}${rows}",
        quoted(&table.name),
        column_letters(columns)
    ));
    name.set_local_sheet_id(local_id);
    book.add_defined_names(name);
}

/// Shades the table's cells from column B on with the three-colour scale.
pub(super) fn add_color_scale(sheet: &mut Worksheet, table: &Table) {
    if table.rows.is_empty() || table.header.len() < 2 {
        return;
    }
    let mut scale = ColorScale::default();
    for (kind, value, argb) in SCALE {
        let mut point = ConditionalFormatValueObject::default();
        point.set_type(kind);
        if !value.is_empty() {
            point.set_val(value);
        }
        scale.add_cfvo_collection(point);
        let mut color = Color::default();
        color.set_argb_str(argb);
        scale.add_color_collection(color);
    }
    let mut rule = ConditionalFormattingRule::default();
    rule.set_type(ConditionalFormatValues::ColorScale)
        .set_priority(1)
        .set_color_scale(scale);
    let mut formatting = ConditionalFormatting::default();
    formatting.sequence_of_references_mut().set_sqref(format!(
        "B2:{}{}",
        column_letters(table.header.len()),
        last_row(table.rows.len())
    ));
    formatting.add_conditional_collection(rule);
    sheet.add_conditional_formatting_collection(formatting);
}
