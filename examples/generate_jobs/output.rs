//! Writes a shape's records as JSON (an array, or the shape's own wrapper), NDJSON or CSV
//! (in the shape's dialect), adding the long descriptions when asked.

use std::io::{self, Write};

use crate::rng::Rng;
use crate::shapes::Shape;
use crate::value::{Record, cell, text, write_object};
use crate::words::{self, Words};
use crate::{Format, Options};

/// Writes `options.records` records of `shape` in `format`.
pub fn generate(
    shape: Shape,
    options: &Options,
    format: Format,
    words: Option<&Words>,
    out: &mut impl Write,
) -> io::Result<()> {
    let mut rng = Rng(options.seed);
    let mut described = Rng(options.seed ^ words::STREAM);
    let key = shape.description_key();
    let mut next = |n: usize| {
        let mut record = shape.record(&mut rng, n);
        if let Some(words) = words {
            let description = text(words.description(&mut described));
            match record.iter_mut().find(|(k, _)| *k == key) {
                Some(slot) => slot.1 = description,
                None => record.push((key, description)),
            }
        }
        record
    };
    match format {
        Format::Json => {
            out.write_all(shape.json_head(options.records).as_bytes())?;
            for n in 0..options.records {
                if n > 0 {
                    out.write_all(b",\n")?;
                }
                write_object(out, &next(n))?;
            }
            out.write_all(shape.json_tail().as_bytes())?;
        }
        Format::Ndjson => {
            for n in 0..options.records {
                write_object(out, &next(n))?;
                out.write_all(b"\n")?;
            }
        }
        Format::Csv => {
            let dialect = shape.dialect();
            if dialect.bom {
                out.write_all("\u{feff}".as_bytes())?;
            }
            let mut header: Vec<&str> = shape.columns().to_vec();
            if words.is_some() && !header.contains(&key) {
                header.push(key);
            }
            let mut writer = csv::WriterBuilder::new()
                .delimiter(dialect.delimiter)
                .terminator(if dialect.crlf {
                    csv::Terminator::CRLF
                } else {
                    csv::Terminator::Any(b'\n')
                })
                .from_writer(&mut *out);
            writer.write_record(&header).map_err(io::Error::other)?;
            for n in 0..options.records {
                let record: Record = next(n);
                writer
                    .write_record(record.iter().map(|(_, value)| cell(value)))
                    .map_err(io::Error::other)?;
            }
            writer.flush()?;
        }
    }
    out.flush()
}
