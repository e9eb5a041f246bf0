//! A sheet's bar chart: clustered columns beside the table (below it for several series),
//! one series per value column, whose
//! categories, values and series names are references to the cells, so every spreadsheet
//! program labels the bars.

use umya_spreadsheet::drawing::charts::{
    CategoryAxisData, ChartText, GroupingValues, StringReference,
};
use umya_spreadsheet::drawing::spreadsheet::MarkerType;
use umya_spreadsheet::{Chart, ChartType};

use super::address::{column_letters, last_row, quoted};
use super::model::{BarChart, Table};

/// Where a chart sits: from one column past the table's last (zero-based, as drawing
/// anchors count: column D for a two-column table) across [`chart_columns`] columns, and
/// from row 2 (index 1) to row [`chart_bottom`].
const CHART_TOP: u32 = 1;

/// The number format of whole numbers: a thousands separator, no decimals (cells and axes).
pub(super) const COUNT_FORMAT: &str = "#,##0";

/// Whether the chart of `spec` goes below its table rather than beside it: a chart of
/// several series (the skill × location matrix), whose table is already a page wide, so
/// that the page is not shrunk to fit both side by side.
pub(super) fn below(spec: &BarChart) -> bool {
    spec.values.len() > 1
}

/// How many columns a chart spans: 8 beside its table; below it, the table's width (at
/// least 8), so that the page is as wide as the table.
pub(super) fn chart_columns(table: &Table, spec: &BarChart) -> u32 {
    if below(spec) {
        u32::try_from(table.header.len()).unwrap_or(u32::MAX).max(8)
    } else {
        8
    }
}

/// The row (0-based) a chart starts at: row 2 beside its table, or two rows past the
/// table's last when [`below`].
pub(super) fn chart_top(table: &Table, spec: &BarChart) -> u32 {
    if below(spec) {
        u32::try_from(table.rows.len())
            .unwrap_or(u32::MAX)
            .saturating_add(2)
    } else {
        CHART_TOP
    }
}

/// The row (0-based) a chart ends at: 18 rows down for one series, 28 for several, whose
/// clustered bars need the height.
pub(super) fn chart_bottom(table: &Table, spec: &BarChart) -> u32 {
    chart_top(table, spec).saturating_add(if below(spec) { 28 } else { 18 })
}

/// The first column (0-based) of a chart: one column past the table's last, or the first
/// when [`below`].
pub(super) fn chart_left(table: &Table, spec: &BarChart) -> u32 {
    if below(spec) {
        return 0;
    }
    u32::try_from(table.header.len())
        .unwrap_or(u32::MAX)
        .saturating_add(1)
}

/// A clustered column chart of `table`'s rows: categories, values and series names linked
/// to the cells.
pub(super) fn bar_chart(table: &Table, spec: &BarChart) -> Chart {
    let last = last_row(table.rows.len());
    let sheet = quoted(&table.name);
    let categories = column_letters(spec.categories + 1);
    let names = format!("{sheet}!${categories}$2:${categories}${last}");
    let columns: Vec<String> = spec.values.iter().map(|v| column_letters(v + 1)).collect();
    let numbers: Vec<String> = columns
        .iter()
        .map(|c| format!("{sheet}!${c}$2:${c}${last}"))
        .collect();
    let label = |column: usize| table.header.get(column).map_or("", String::as_str);

    let right = chart_left(table, spec);
    let mut from = MarkerType::default();
    from.set_col(right).set_row(chart_top(table, spec));
    let mut to = MarkerType::default();
    to.set_col(right.saturating_add(chart_columns(table, spec)))
        .set_row(chart_bottom(table, spec));

    let mut chart = Chart::default();
    chart.new_chart(
        &ChartType::BarChart,
        from,
        to,
        numbers.iter().map(String::as_str).collect(),
    );
    let value_title = match spec.values.as_slice() {
        [one] => label(*one),
        _ => "Number of Jobs",
    };
    chart
        .set_grouping(GroupingValues::Standard)
        .set_title(spec.title.as_str())
        .set_horizontal_title(label(spec.categories))
        .set_vertical_title(value_title);
    for axis in chart.plot_area_mut().value_axis_mut() {
        // The axis numbers as the cells show theirs: 6,000, not 6000.
        axis.numbering_format_mut()
            .set_format_code(COUNT_FORMAT)
            .set_source_linked(false);
    }
    if let Some(bars) = chart.plot_area_mut().bar_chart_mut() {
        // umya has no `clustered` grouping: `standard` with no overlap draws the bars side by
        // side (umya's default overlap of 100 is for stacked bars).
        bars.overlap_mut().set_val(0);
    }
    let series_list = chart.area_chart_series_list_mut().area_chart_series_mut();
    for (series, column) in series_list.iter_mut().zip(&columns) {
        let mut reference = StringReference::default();
        reference.formula_mut().set_address_str(names.as_str());
        let mut axis_data = CategoryAxisData::default();
        axis_data.set_string_reference(reference);
        series.set_category_axis_data(axis_data);

        let mut title = StringReference::default();
        title
            .formula_mut()
            .set_address_str(format!("{sheet}!${column}$1").as_str());
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
    // One series: a legend would only repeat the axis title. Several: it names them.
    chart
        .chart_space_mut()
        .chart_mut()
        .set_legend_present(spec.values.len() > 1);
    chart
}
