//! The workbook printed: converted to PDF by LibreOffice (`soffice --headless --convert-to
//! pdf`), the lab's two sheets are one landscape page each holding its table and its chart;
//! `skills by location` is one page wide, its table printed at the size of the others and
//! its chart on the next page; the axes read 6,000; and the page setup, print areas,
//! number formats and colour scale that make it so are in the file.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::bin::{assert_success, run_ok};
use crate::common::tools::{LIBREOFFICE, POPPLER, require_tool, require_tool_answering};
use crate::common::xlsx::must_part;
use crate::common::{arg, scratch};

/// The sheets of a `--matrix` workbook, in order, with their charts' titles.
const SHEETS: [(&str, &str); 3] = [
    ("jobs locations", "Job postings by location"),
    ("langages jobs", "Job postings by technology"),
    (
        "skills by location",
        "Job postings by technology and location",
    ),
];

/// Converts `workbook` to PDF beside it with a LibreOffice profile of its own.
fn to_pdf(workbook: &Path) -> std::path::PathBuf {
    let dir = workbook.parent().expect("a directory");
    let profile = dir.join("lo-profile");
    let out = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(workbook)
        .stdin(Stdio::null())
        .output()
        .expect("run soffice");
    assert_success(&out, "soffice --convert-to pdf");
    workbook.with_extension("pdf")
}

/// The text of page `page` (from 1) of `pdf`.
fn page_text(pdf: &Path, page: usize) -> String {
    let page = page.to_string();
    let out = Command::new("pdftotext")
        .args(["-f", &page, "-l", &page, "-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert_success(&out, "pdftotext");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// How many pages `pdf` has: its page objects (LibreOffice writes them uncompressed).
fn page_count(pdf: &Path) -> usize {
    let bytes = std::fs::read(pdf).expect("read pdf");
    let text = String::from_utf8_lossy(&bytes);
    let re = regex::Regex::new(r"/Type\s*/Page[^s]").expect("pattern");
    re.find_iter(&text).count()
}

#[test]
fn the_workbook_prints_one_landscape_page_per_sheet_with_its_chart() {
    let dir = scratch();
    let workbook = dir.path().join("job-postings.xlsx");
    run_ok(&["collect", "--matrix", "--quiet", "--output", arg(&workbook)]);

    // What makes it print that way, in the file itself.
    for n in 1..=3 {
        let sheet = must_part(&workbook, &format!("xl/worksheets/sheet{n}.xml"));
        // The matrix runs to a second page rather than shrinking onto one.
        let tall = if n == 3 { "0" } else { "1" };
        for needle in [
            r#"<pageSetUpPr fitToPage="1"/>"#,
            r#"orientation="landscape""#,
            r#"fitToWidth="1""#,
            &format!(r#"fitToHeight="{tall}""#),
        ] {
            assert!(sheet.contains(needle), "sheet{n}: no {needle}");
        }
    }
    let matrix = must_part(&workbook, "xl/worksheets/sheet3.xml");
    assert!(
        matrix.contains(r#"<brk id="14" max="16383" man="1"/>"#),
        "a page break between the table (rows 1-13) and the chart: {matrix}"
    );
    let names = must_part(&workbook, "xl/workbook.xml");
    for area in [
        "'jobs locations'!$A$1:$K$20",
        "'langages jobs'!$A$1:$K$20",
        "'skills by location'!$A$1:$H$43",
    ] {
        assert!(names.contains(area), "no print area {area} in {names}");
    }
    // `#,##0` is Excel's built-in number format 3.
    let styles = must_part(&workbook, "xl/styles.xml");
    assert!(styles.contains(r#"numFmtId="3""#), "{styles}");
    let matrix = must_part(&workbook, "xl/worksheets/sheet3.xml");
    assert!(matrix.contains("<colorScale>"), "{matrix}");
    assert!(matrix.contains(r#"sqref="B2:H13""#), "{matrix}");
    let chart = crate::common::xlsx::chart_for(&workbook, "skills by location");
    assert_eq!(
        chart.matches("<c:ser>").count(),
        7,
        "one series per location"
    );
    assert!(chart.contains(r#"<c:grouping val="standard"/>"#) || chart.contains("clustered"));

    if !require_tool("soffice", LIBREOFFICE) || !require_tool_answering("pdftotext", "-v", POPPLER)
    {
        return;
    }
    let pdf = to_pdf(&workbook);
    assert_eq!(
        page_count(&pdf),
        4,
        "one page per sheet, the matrix's chart on a fourth"
    );
    for (page, (sheet, title)) in [1, 2, 4].into_iter().zip(SHEETS) {
        let text = page_text(&pdf, page);
        assert!(
            text.contains(title),
            "page {page} ({sheet}) lacks its chart: {text}"
        );
        assert!(text.contains("Number of Jobs"), "page {page}: {text}");
    }
    let first = page_text(&pdf, 1);
    assert!(
        first.contains("5,346"),
        "counts with a thousands separator: {first}"
    );
    // The axes use the thousands separator too: 6,000, not 6000.
    assert!(first.contains("6,000"), "axis labels: {first}");
    assert!(!first.contains("6000"), "axis labels: {first}");
    let third = page_text(&pdf, 3);
    for location in ["Los Angeles", "Detroit"] {
        assert!(third.contains(location), "page 3 lacks {location}: {third}");
    }
    // The matrix's text prints at the size of the lab's sheets', not shrunk to fit.
    let first_size = word_height(&pdf, 1, "Detroit");
    let matrix_size = word_height(&pdf, 3, "Detroit");
    assert!(
        matrix_size >= first_size * 0.9,
        "skills by location printed at {matrix_size:.1} pt, jobs locations at {first_size:.1} pt"
    );
}

/// The height, in points, of the first `word` on `page`, from `pdftotext -bbox`.
fn word_height(pdf: &Path, page: usize, word: &str) -> f64 {
    let page = page.to_string();
    let out = Command::new("pdftotext")
        .args(["-f", &page, "-l", &page, "-bbox"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext -bbox");
    assert_success(&out, "pdftotext -bbox");
    let html = String::from_utf8_lossy(&out.stdout);
    let re = regex::Regex::new(&format!(
        r#"yMin="([0-9.]+)" xMax="[0-9.]+" yMax="([0-9.]+)">{word}<"#
    ))
    .expect("pattern");
    let caps = re
        .captures(&html)
        .unwrap_or_else(|| panic!("no {word:?} on page {page}: {html}"));
    let number = |i: usize| caps[i].parse::<f64>().expect("a number");
    number(2) - number(1)
}

#[test]
fn number_headings_are_right_aligned() {
    let dir = scratch();
    let workbook = dir.path().join("job-postings.xlsx");
    run_ok(&["collect", "--matrix", "--quiet", "--output", arg(&workbook)]);
    let styles = must_part(&workbook, "xl/styles.xml");
    let sheet = must_part(&workbook, "xl/worksheets/sheet1.xml");
    // The style of B1 ("Number of Jobs") aligns right; A1 ("Location") does not.
    let style_of = |cell: &str| -> usize {
        let re = regex::Regex::new(&format!(r#"<c r="{cell}"[^>]* s="([0-9]+)""#)).expect("re");
        re.captures(&sheet)
            .map_or(0, |c| c[1].parse().expect("a style number"))
    };
    let xfs = styles
        .split("<cellXfs")
        .nth(1)
        .expect("cellXfs")
        .split("</cellXfs>")
        .next()
        .expect("cellXfs end");
    let xf: Vec<&str> = xfs.split("<xf ").skip(1).collect();
    assert!(
        xf[style_of("B1")].contains(r#"horizontal="right""#),
        "B1: {}",
        xf[style_of("B1")]
    );
    assert!(
        !xf[style_of("A1")].contains(r#"horizontal="right""#),
        "A1: {}",
        xf[style_of("A1")]
    );
}
