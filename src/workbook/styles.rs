//! The one part umya-spreadsheet leaves short: it writes no default cell style, so readers
//! such as openpyxl (the lab's own Python flow) warn "Workbook contains no default style".
//! [`with_normal_style`] adds the `Normal` style that Excel writes to `xl/styles.xml`.

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// The styles part inside an xlsx.
const STYLES_PART: &str = "xl/styles.xml";
/// The style formats the cell style points at: one, the default.
const CELL_STYLE_FORMATS: &str = r#"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#;
/// The named cell styles: `Normal`, built in as number 0.
const CELL_STYLES: &str =
    r#"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#;

/// The xlsx `bytes` with a `Normal` cell style in its styles part, when it has none; every
/// other part is copied as it is.
pub(super) fn with_normal_style(bytes: &[u8]) -> zip::result::ZipResult<Vec<u8>> {
    let mut archive = ZipArchive::new(Cursor::new(bytes))?;
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len() + 256)));
    for index in 0..archive.len() {
        let mut part = archive.by_index(index)?;
        if part.name() != STYLES_PART {
            out.raw_copy_file(part)?;
            continue;
        }
        let mut xml = String::new();
        part.read_to_string(&mut xml)?;
        let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        out.start_file(STYLES_PART, options)?;
        out.write_all(add_normal_style(&xml).as_bytes())?;
    }
    Ok(out.finish()?.into_inner())
}

/// Inserts the default style formats before `<cellXfs` and the `Normal` style after
/// `</cellXfs>`, where the schema puts them, unless the part has them already.
fn add_normal_style(xml: &str) -> String {
    let mut xml = xml.to_owned();
    if !xml.contains("<cellStyleXfs")
        && let Some(at) = xml.find("<cellXfs")
    {
        xml.insert_str(at, CELL_STYLE_FORMATS);
    }
    if !xml.contains("<cellStyles")
        && let Some(at) = xml.find("</cellXfs>")
    {
        xml.insert_str(at + "</cellXfs>".len(), CELL_STYLES);
    }
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_the_normal_style_once_in_schema_order() {
        let xml =
            r#"<styleSheet><fonts/><cellXfs count="1"><xf/></cellXfs><tableStyles/></styleSheet>"#;
        let patched = add_normal_style(xml);
        let order: Vec<usize> = [
            "<fonts",
            "<cellStyleXfs",
            "<cellXfs",
            "<cellStyles",
            "<tableStyles",
        ]
        .iter()
        .map(|tag| patched.find(tag).unwrap())
        .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{patched}");
        assert_eq!(add_normal_style(&patched), patched);
    }
}
