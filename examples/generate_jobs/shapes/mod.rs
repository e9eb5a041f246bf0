//! The real-world shapes `--shape` names: which formats each can be written in, its CSV
//! dialect and header, and its records. docs/TEST-DATA.md describes each one.

mod api_json;
mod cn_board;
mod ndjson_nan;
mod no_roles;
mod pay_strings;
pub mod pools;
mod python_lists;
mod salary_survey;
mod semicolon_csv;

use crate::Format;
use crate::rng::Rng;
use crate::value::Record;

/// One kind of data set.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Shape {
    /// The jobs lab's `jobs.json` (today's output, byte for byte).
    Lab,
    /// A job board API answer (Adzuna-like, with The Muse's arrays of objects).
    ApiJson,
    /// A Kaggle CSV whose list cells are Python lists.
    PythonLists,
    /// A Brazilian LinkedIn scrape: `;`, BOM, CRLF, Portuguese headers.
    SemicolonCsv,
    /// A MongoDB/pandas export: NDJSON with bare `NaN` and `Infinity`.
    NdjsonNan,
    /// A salary survey (ai-jobs.net-like).
    SalarySurvey,
    /// A Chinese job board.
    CnBoard,
    /// Pay written as strings in many formats, plus LinkedIn's min/max/period columns.
    PayStrings,
    /// Sensor readings: no field has a role.
    NoRoles,
}

/// Every shape and its `--shape` name.
const NAMES: [(Shape, &str); 9] = [
    (Shape::Lab, "lab"),
    (Shape::ApiJson, "api-json"),
    (Shape::PythonLists, "python-lists"),
    (Shape::SemicolonCsv, "semicolon-csv"),
    (Shape::NdjsonNan, "ndjson-nan"),
    (Shape::SalarySurvey, "salary-survey"),
    (Shape::CnBoard, "cn-board"),
    (Shape::PayStrings, "pay-strings"),
    (Shape::NoRoles, "no-roles"),
];

/// How a shape writes its CSV.
pub struct Dialect {
    /// The cell delimiter.
    pub delimiter: u8,
    /// Whether the file starts with a UTF-8 byte-order mark.
    pub bom: bool,
    /// Whether rows end with `\r\n` (else `\n`).
    pub crlf: bool,
}

impl Shape {
    /// The shape `--shape` names, if any.
    pub fn parse(name: &str) -> Option<Shape> {
        NAMES.iter().find(|(_, n)| *n == name).map(|(s, _)| *s)
    }

    /// Every name, for messages.
    pub fn names() -> String {
        let names: Vec<&str> = NAMES.iter().map(|(_, n)| *n).collect();
        names.join(", ")
    }

    /// The shape's `--shape` name.
    pub fn name(self) -> &'static str {
        NAMES
            .iter()
            .find(|(s, _)| *s == self)
            .map_or("lab", |(_, n)| *n)
    }

    /// The format to write: the one asked for if the shape can be written in it, else the
    /// shape's own; or why the combination makes no sense.
    pub fn format(self, asked: Option<Format>) -> Result<Format, String> {
        let (native, refused): (Format, &[(Format, &str)]) = match self {
            Shape::Lab => (Format::Json, &[]),
            Shape::ApiJson => (
                Format::Json,
                &[(
                    Format::Csv,
                    "its records nest objects and arrays, which CSV cannot hold",
                )],
            ),
            Shape::NdjsonNan => (
                Format::Ndjson,
                &[(
                    Format::Csv,
                    "its records nest objects and arrays, and NaN/Infinity are JSON tokens",
                )],
            ),
            Shape::SemicolonCsv => (
                Format::Csv,
                &[
                    (
                        Format::Json,
                        "its quirks (`;`, BOM, CRLF) are those of a CSV file",
                    ),
                    (
                        Format::Ndjson,
                        "its quirks (`;`, BOM, CRLF) are those of a CSV file",
                    ),
                ],
            ),
            Shape::PythonLists | Shape::SalarySurvey | Shape::CnBoard => (Format::Csv, &[]),
            Shape::PayStrings | Shape::NoRoles => (Format::Json, &[]),
        };
        let Some(asked) = asked else {
            return Ok(native);
        };
        match refused.iter().find(|(f, _)| *f == asked) {
            Some((_, why)) => Err(format!(
                "--shape {} cannot be written as --format {}: {why}; leave --format out \
                 (it is {} by default) or pick another format",
                self.name(),
                asked.name(),
                native.name()
            )),
            None => Ok(asked),
        }
    }

    /// The CSV header (the keys of every record, in order), for the flat shapes.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Shape::PythonLists => python_lists::COLUMNS,
            Shape::SemicolonCsv => semicolon_csv::COLUMNS,
            Shape::SalarySurvey => salary_survey::COLUMNS,
            Shape::CnBoard => cn_board::COLUMNS,
            Shape::PayStrings => pay_strings::COLUMNS,
            Shape::NoRoles => no_roles::COLUMNS,
            Shape::Lab | Shape::ApiJson | Shape::NdjsonNan => &[],
        }
    }

    /// How the shape writes CSV.
    pub fn dialect(self) -> Dialect {
        match self {
            Shape::SemicolonCsv => Dialect {
                delimiter: b';',
                bom: true,
                crlf: true,
            },
            _ => Dialect {
                delimiter: b',',
                bom: false,
                crlf: false,
            },
        }
    }

    /// The field `--descriptions` fills: the shape's own description field, if it has one.
    pub fn description_key(self) -> &'static str {
        match self {
            Shape::SemicolonCsv => "descricao",
            Shape::CnBoard => "职位描述",
            _ => crate::words::FIELD,
        }
    }

    /// What a JSON file of this shape starts with, before its records (`[` for most).
    pub fn json_head(self, records: usize) -> String {
        match self {
            Shape::ApiJson => api_json::head(records),
            _ => "[\n".to_owned(),
        }
    }

    /// What a JSON file of this shape ends with, after its records.
    pub fn json_tail(self) -> &'static str {
        match self {
            Shape::ApiJson => "\n]}\n",
            _ => "\n]\n",
        }
    }

    /// Record number `n`.
    pub fn record(self, rng: &mut Rng, n: usize) -> Record {
        match self {
            Shape::ApiJson => api_json::record(rng, n),
            Shape::PythonLists => python_lists::record(rng, n),
            Shape::SemicolonCsv => semicolon_csv::record(rng, n),
            Shape::NdjsonNan => ndjson_nan::record(rng, n),
            Shape::SalarySurvey => salary_survey::record(rng, n),
            Shape::CnBoard => cn_board::record(rng, n),
            Shape::PayStrings => pay_strings::record(rng, n),
            Shape::NoRoles | Shape::Lab => no_roles::record(rng, n),
        }
    }
}
