//! Building the workbook in memory: the lab's two sheets (and the matrix sheet), each with
//! a bold, frozen header row, fitted column widths, an autofilter and a bar chart whose
//! labels and values are linked to the cells, plus the document properties.

use umya_spreadsheet::custom_properties::CustomDocumentProperty;
use umya_spreadsheet::drawing::charts::{
    CategoryAxisData, ChartText, GroupingValues, StringReference,
};
use umya_spreadsheet::drawing::spreadsheet::MarkerType;
use umya_spreadsheet::{
    Chart, ChartType, Coordinate, DefinedName, Pane, PaneStateValues, PaneValues, Selection,
    SheetView, SheetViews, Workbook, Worksheet,
};

use super::{COUNT_HEADER, LOCATIONS_SHEET, MATRIX_SHEET, SKILLS_SHEET, TITLE};
use crate::collect::{Counts, Matrix, RunInfo};

/// Where the charts sit: columns D (index 3) to L (index 11), rows 2 (index 1) to 20 (index 19),
/// zero-based as drawing anchors count.
const CHART_FROM: (u32, u32) = (3, 1);
const CHART_TO: (u32, u32) = (11, 19);
/// Column widths, in characters, are kept within these bounds.
const MIN_WIDTH: f64 = 8.0;
const MAX_WIDTH: f64 = 60.0;

/// What differs between the locations sheet and the technologies sheet.
struct CountSheet {
    name: &'static str,
    label: &'static str,
    chart_title: &'static str,
}

/// Builds the whole workbook in memory. Errors are umya's, as text.
pub(super) fn build(counts: &Counts, info: &RunInfo) -> Result<Workbook, String> {
    let mut book = umya_spreadsheet::new_file_empty_worksheet();
    let sheets = [
        (
            CountSheet {
                name: LOCATIONS_SHEET,
                label: "Location",
                chart_title: "Job postings by location",
            },
            &counts.locations,
        ),
        (
            CountSheet {
                name: SKILLS_SHEET,
                label: "Technology",
                chart_title: "Job postings by technology",
            },
            &counts.skills,
        ),
    ];
    for (index, (spec, rows)) in sheets.iter().enumerate() {
        let sheet = book.new_sheet(spec.name).map_err(|e| e.to_string())?;
        fill_count_sheet(sheet, spec, rows, index == 0);
        add_filter_name(&mut book, spec.name, index, 2, rows.len());
    }
    if let Some(matrix) = &counts.matrix {
        let sheet = book.new_sheet(MATRIX_SHEET).map_err(|e| e.to_string())?;
        let columns = fill_matrix_sheet(sheet, matrix);
        add_filter_name(
            &mut book,
            MATRIX_SHEET,
            sheets.len(),
            columns,
            matrix.skills.len(),
        );
    }
    book.set_active_sheet(0);
    set_properties(&mut book, info);
    Ok(book)
}

/// Writes a `name | Number of Jobs` sheet with its chart.
fn fill_count_sheet(sheet: &mut Worksheet, spec: &CountSheet, rows: &[(String, u64)], first: bool) {
    write_header(sheet, &[spec.label, COUNT_HEADER]);
    for (row, (name, count)) in (2u32..).zip(rows) {
        sheet.cell_mut((1, row)).set_value_string(name.as_str());
        sheet.cell_mut((2, row)).set_value_number(*count as f64);
    }
    set_width(
        sheet,
        1,
        rows.iter().map(|(name, _)| name.as_str()),
        spec.label,
    );
    set_width(
        sheet,
        2,
        rows.iter().map(|(_, count)| count.to_string()),
        COUNT_HEADER,
    );
    freeze_header(sheet, false, first);
    sheet.set_auto_filter(format!("A1:B{}", last_row(rows.len())));
    if !rows.is_empty() {
        sheet.add_chart(bar_chart(spec, rows.len()));
    }
}

/// Writes the skill × location cross-tab; returns its number of columns.
fn fill_matrix_sheet(sheet: &mut Worksheet, matrix: &Matrix) -> usize {
    let corner = "Technology";
    let mut header: Vec<&str> = vec![corner];
    header.extend(matrix.locations.iter().map(String::as_str));
    write_header(sheet, &header);
    for (index, (row, skill)) in (2u32..).zip(&matrix.skills).enumerate() {
        sheet.cell_mut((1, row)).set_value_string(skill.as_str());
        let counts = matrix.counts.get(index).map_or(&[][..], Vec::as_slice);
        for (column, count) in (2u32..).zip(counts.iter().take(matrix.locations.len())) {
            sheet
                .cell_mut((column, row))
                .set_value_number(*count as f64);
        }
    }
    set_width(sheet, 1, matrix.skills.iter().map(String::as_str), corner);
    for (column, location) in (2u32..).zip(&matrix.locations) {
        let index = column as usize - 2;
        let values = matrix
            .counts
            .iter()
            .filter_map(|row| row.get(index))
            .map(u64::to_string);
        set_width(sheet, column, values, location);
    }
    freeze_header(sheet, true, false);
    let columns = header.len();
    sheet.set_auto_filter(format!(
        "A1:{}{}",
        column_letters(columns),
        last_row(matrix.skills.len())
    ));
    columns
}

/// Writes bold text headers in row 1.
fn write_header(sheet: &mut Worksheet, labels: &[&str]) {
    for (column, label) in (1u32..).zip(labels) {
        sheet.cell_mut((column, 1)).set_value_string(*label);
        sheet.style_mut((column, 1)).font_mut().set_bold(true);
    }
}

/// Makes a column as wide as its longest value or header, within bounds.
fn set_width<I, S>(sheet: &mut Worksheet, column: u32, values: I, header: &str)
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
        .column_dimension_mut(&column_letters(column as usize))
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
        "'{sheet}'!$A$1:${}${}",
        column_letters(columns),
        last_row(rows)
    ));
    name.set_local_sheet_id(local_id);
    name.set_hidden(true);
    book.add_defined_names(name);
}

/// A clustered column chart of `rows` data rows, categories and values linked to the cells.
fn bar_chart(spec: &CountSheet, rows: usize) -> Chart {
    let last = last_row(rows);
    let sheet = format!("'{}'", spec.name);
    let names = format!("{sheet}!$A$2:$A${last}");
    let values = format!("{sheet}!$B$2:$B${last}");
    let series_name = format!("{sheet}!$B$1");

    let mut from = MarkerType::default();
    from.set_col(CHART_FROM.0).set_row(CHART_FROM.1);
    let mut to = MarkerType::default();
    to.set_col(CHART_TO.0).set_row(CHART_TO.1);

    let mut chart = Chart::default();
    chart.new_chart(&ChartType::BarChart, from, to, vec![values.as_str()]);
    chart
        .set_grouping(GroupingValues::Standard)
        .set_title(spec.chart_title)
        .set_horizontal_title(spec.label)
        .set_vertical_title(COUNT_HEADER);
    if let Some(bars) = chart.plot_area_mut().bar_chart_mut() {
        // umya has no `clustered` grouping: `standard` with no overlap draws the bars side by
        // side (umya's default overlap of 100 is for stacked bars).
        bars.overlap_mut().set_val(0);
    }
    for series in chart.area_chart_series_list_mut().area_chart_series_mut() {
        let mut categories = StringReference::default();
        categories.formula_mut().set_address_str(names.as_str());
        let mut axis_data = CategoryAxisData::default();
        axis_data.set_string_reference(categories);
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
            .set_name(spec.chart_title);
    }
    // One series: a legend would only repeat the axis title.
    chart
        .chart_space_mut()
        .chart_mut()
        .set_legend_present(false);
    chart
}

/// Records the run in the core and custom document properties.
fn set_properties(book: &mut Workbook, info: &RunInfo) {
    let records = info
        .records
        .map_or_else(|| "unknown".to_owned(), |n| n.to_string());
    let props = book.properties_mut();
    props
        .set_title(TITLE)
        .set_subject("Job postings by location and technology")
        .set_creator("jobsctl")
        .set_last_modified_by("jobsctl")
        .set_keywords("jobs, job postings, locations, technologies, skills")
        .set_description(format!(
            "Source: {}; Match mode: {}; Records: {records}; Generated at: {}",
            info.source, info.match_mode, info.generated_at
        ))
        .set_created(info.generated_at.as_str())
        .set_modified(info.generated_at.as_str());

    let mut source = CustomDocumentProperty::default();
    source
        .set_name("Source")
        .set_value_string(info.source.as_str());
    let mut mode = CustomDocumentProperty::default();
    mode.set_name("Match mode")
        .set_value_string(info.match_mode.as_str());
    let mut count = CustomDocumentProperty::default();
    count.set_name("Records");
    // Custom number properties are 32-bit; a larger count is kept as text.
    match info.records.map(i32::try_from) {
        Some(Ok(n)) => count.set_value_number(n),
        _ => count.set_value_string(records),
    };
    let mut generated = CustomDocumentProperty::default();
    generated
        .set_name("Generated at")
        .set_value_date_manual(info.generated_at.as_str());

    let custom = props.custom_properties_mut();
    for property in [source, mode, count, generated] {
        custom.add_custom_document_property_list(property);
    }
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
    use super::column_letters;

    #[test]
    fn column_letters_count_like_a_spreadsheet() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(2), "B");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(52), "AZ");
        assert_eq!(column_letters(703), "AAA");
    }
}
