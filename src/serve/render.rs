//! Response bodies for record lists: a JSON array, NDJSON or CSV, with optional projection.
//! Whole records are copied from their JSON bytes kept at load time, not serialized again.

use crate::dataset::{Dataset, Kind};
use crate::filter::Format;

impl Format {
    /// The Content-Type of a body in this format.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Ndjson => "application/x-ndjson",
            Format::Csv => "text/csv; charset=utf-8",
        }
    }
}

/// Renders `records` in `format`, keeping only `fields` (in that order) when given.
pub fn records(
    dataset: &Dataset,
    records: &[u32],
    fields: Option<&[usize]>,
    format: Format,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(records.len().saturating_mul(256) + 2);
    match format {
        Format::Json => {
            out.push(b'[');
            for (n, &r) in records.iter().enumerate() {
                if n > 0 {
                    out.push(b',');
                }
                object(dataset, r, fields, &mut out);
            }
            out.push(b']');
        }
        Format::Ndjson => {
            for &r in records {
                object(dataset, r, fields, &mut out);
                out.push(b'\n');
            }
        }
        Format::Csv => csv(dataset, records, fields, &mut out),
    }
    out
}

/// One record as a JSON object: the bytes kept at load time, or the projected fields.
fn object(dataset: &Dataset, record: u32, fields: Option<&[usize]>, out: &mut Vec<u8>) {
    let Some(fields) = fields else {
        out.extend_from_slice(dataset.record_json(record));
        return;
    };
    out.push(b'{');
    let mut first = true;
    for &f in fields {
        let field = &dataset.fields()[f];
        let Some(value) = field.value_of(record) else {
            continue;
        };
        if !first {
            out.push(b',');
        }
        first = false;
        crate::dataset::write_json_string(&field.name, out);
        out.push(b':');
        value.write_json(out);
    }
    out.push(b'}');
}

/// RFC 4180 CSV: a header row of field names, then one row per record; missing and null
/// values are empty cells.
fn csv(dataset: &Dataset, records: &[u32], fields: Option<&[usize]>, out: &mut Vec<u8>) {
    let all: Vec<usize> = (0..dataset.fields().len()).collect();
    let fields = fields.unwrap_or(&all);
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out);
    // Writing into a Vec cannot fail; the results are ignored for that reason.
    let _ = writer.write_record(fields.iter().map(|&f| dataset.fields()[f].name.as_bytes()));
    for &r in records {
        let row = fields.iter().map(|&f| {
            dataset.fields()[f]
                .value_of(r)
                .filter(|v| v.kind != Kind::Null)
                .map_or(&b""[..], |v| v.text.as_bytes())
        });
        let _ = writer.write_record(row);
    }
    let _ = writer.flush();
}
