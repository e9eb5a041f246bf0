//! Prints collected counts on stdout: an aligned table for people (with a bar beside each
//! count when asked), or CSV / JSON for scripts. Only results go here; messages for people
//! go to stderr. Names come from the user or the server, so control characters in them are
//! shown escaped in the table and the CSV, and as JSON escapes in the JSON
//! (see [`super::printable`]).

use std::borrow::Cow;
use std::io::{self, Write};

use super::counts::{Counts, RunInfo};
use super::printable::{json_printable, printable};

/// How counts are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// Aligned columns, one block per sheet.
    Table,
    /// `kind,name,count` rows with a header (RFC 4180 quoting).
    Csv,
    /// One JSON document.
    Json,
}

/// The widest bar, in character cells, drawn beside the largest count.
const BAR_WIDTH: usize = 30;
/// Bars are drawn in eighths of a cell: a part cell with 1 to 7 eighths, then full ones.
const EIGHTHS: [char; 8] = ['▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'];

/// Writes the counts in `format`; `bars` draws a bar beside each count of the table.
pub fn print(
    counts: &Counts,
    info: &RunInfo,
    format: OutputFormat,
    bars: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        OutputFormat::Table => table(counts, bars, out),
        OutputFormat::Csv => csv(counts, out),
        OutputFormat::Json => json(counts, info, out),
    }
}

/// A bar for `count` out of `largest`, at most [`BAR_WIDTH`] cells, in eighths; a count
/// above zero always shows at least an eighth.
fn bar(count: u64, largest: u64) -> String {
    if count == 0 || largest == 0 {
        return String::new();
    }
    let eighths = (u128::from(count) * (BAR_WIDTH as u128 * 8) / u128::from(largest)).max(1);
    let eighths = usize::try_from(eighths).unwrap_or(BAR_WIDTH * 8);
    let mut bar = "█".repeat(eighths / 8);
    if eighths % 8 > 0 {
        bar.push(EIGHTHS[eighths % 8 - 1]);
    }
    bar
}

fn table(counts: &Counts, bars: bool, out: &mut dyn Write) -> io::Result<()> {
    let (location_heading, skills_heading) = counts.fields.headings();
    // A count the data has no field for is left out, not shown empty.
    let blocks = [
        (
            location_heading.as_str(),
            &counts.locations,
            &counts.fields.location,
        ),
        (
            skills_heading.as_str(),
            &counts.skills,
            &counts.fields.skills,
        ),
    ];
    let blocks = blocks
        .into_iter()
        .filter(|(_, rows, field)| field.is_some() || !rows.is_empty())
        .map(|(title, rows, _)| (title, rows));
    for (n, (title, rows)) in blocks.enumerate() {
        if n > 0 {
            writeln!(out)?;
        }
        let rows: Vec<(Cow<'_, str>, &u64)> = rows
            .iter()
            .map(|(name, count)| (printable(name), count))
            .collect();
        let width = rows
            .iter()
            .map(|(name, _)| name.chars().count())
            .chain([title.len()])
            .max()
            .unwrap_or(0);
        writeln!(out, "{title:<width$}  Number of Jobs")?;
        let largest = rows.iter().map(|(_, count)| **count).max().unwrap_or(0);
        for (name, count) in &rows {
            if bars {
                let bar = bar(**count, largest);
                writeln!(out, "{name:<width$}  {count:>14}  {bar}")?;
            } else {
                writeln!(out, "{name:<width$}  {count:>14}")?;
            }
        }
    }
    if let Some(matrix) = &counts.matrix {
        writeln!(out)?;
        let skills: Vec<Cow<'_, str>> = matrix.skills.iter().map(|s| printable(s)).collect();
        let locations: Vec<Cow<'_, str>> = matrix.locations.iter().map(|l| printable(l)).collect();
        let width = skills
            .iter()
            .map(|s| s.chars().count())
            .chain([skills_heading.chars().count()])
            .max()
            .unwrap_or(0);
        write!(out, "{skills_heading:<width$}")?;
        for location in &locations {
            write!(out, "  {location}")?;
        }
        writeln!(out)?;
        for (skill, row) in skills.iter().zip(&matrix.counts) {
            write!(out, "{skill:<width$}")?;
            for (location, count) in locations.iter().zip(row) {
                let w = location.chars().count();
                write!(out, "  {count:>w$}")?;
            }
            writeln!(out)?;
        }
    }
    out.flush()
}

fn csv(counts: &Counts, out: &mut dyn Write) -> io::Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    w.write_record(["kind", "name", "count"])?;
    for (kind, rows) in [("location", &counts.locations), ("skill", &counts.skills)] {
        for (name, count) in rows.iter() {
            w.write_record([kind, &printable(name), &count.to_string()])?;
        }
    }
    if let Some(matrix) = &counts.matrix {
        for (skill, row) in matrix.skills.iter().zip(&matrix.counts) {
            for (location, count) in matrix.locations.iter().zip(row) {
                let name = format!("{skill} @ {location}");
                w.write_record(["skill@location", &printable(&name), &count.to_string()])?;
            }
        }
    }
    w.flush()
}

fn json(counts: &Counts, info: &RunInfo, out: &mut dyn Write) -> io::Result<()> {
    let rows = |rows: &[(String, u64)]| -> Vec<serde_json::Value> {
        rows.iter()
            .map(|(name, count)| serde_json::json!({ "name": name, "count": count }))
            .collect()
    };
    let mut doc = serde_json::json!({
        "source": info.source,
        "match": info.match_mode,
        "records": info.records,
        "generated_at": info.generated_at,
        "filter": info.filter,
        "locations": rows(&counts.locations),
        "skills": rows(&counts.skills),
    });
    if let Some(matrix) = &counts.matrix {
        doc["matrix"] = serde_json::json!({
            "skills": matrix.skills,
            "locations": matrix.locations,
            "counts": matrix.counts,
        });
    }
    let text = serde_json::to_string_pretty(&doc)?;
    writeln!(out, "{}", json_printable(&text))?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collect::Matrix;

    fn counts(matrix: bool) -> Counts {
        Counts {
            fields: crate::collect::fields::Counted::lab(),
            locations: vec![("Washington, DC".into(), 5346), ("Austin".into(), 7)],
            skills: vec![("C#".into(), 747)],
            matrix: matrix.then(|| Matrix {
                skills: vec!["C#".into()],
                locations: vec!["Washington, DC".into(), "Austin".into()],
                counts: vec![vec![120, 3]],
            }),
        }
    }

    fn info() -> RunInfo {
        RunInfo {
            source: "http://127.0.0.1:5000".into(),
            match_mode: "token".into(),
            records: Some(27_005),
            generated_at: "2026-11-28T17:48:56Z".into(),
            filter: "Job Experience Required:covers=3".into(),
        }
    }

    fn printed(counts: &Counts, format: OutputFormat) -> String {
        let mut out = Vec::new();
        print(counts, &info(), format, false, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn table_aligns_names_and_counts() {
        assert_eq!(
            printed(&counts(false), OutputFormat::Table),
            "Location        Number of Jobs\n\
             Washington, DC            5346\n\
             Austin                       7\n\
             \n\
             Technology  Number of Jobs\n\
             C#                     747\n"
        );
        let with_matrix = printed(&counts(true), OutputFormat::Table);
        assert!(
            with_matrix.ends_with(
                "Technology  Washington, DC  Austin\nC#                     120       3\n"
            ),
            "{with_matrix}"
        );
    }

    #[test]
    fn bars_are_scaled_to_the_largest_count_in_eighths() {
        assert_eq!(bar(5346, 5346), "█".repeat(BAR_WIDTH));
        assert_eq!(bar(0, 5346), "");
        assert_eq!(bar(1, 5346), "▏");
        assert_eq!(bar(1000, 2000), "█".repeat(15));
        assert_eq!(bar(1050, 3000), "█".repeat(10) + "▌");
        assert_eq!(bar(u64::MAX, u64::MAX), "█".repeat(BAR_WIDTH));
        let mut out = Vec::new();
        print(&counts(false), &info(), OutputFormat::Table, true, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "Location        Number of Jobs");
        assert_eq!(
            lines[1],
            format!("Washington, DC            5346  {}", "█".repeat(BAR_WIDTH))
        );
        assert_eq!(lines[2], "Austin                       7  ▏");
        assert_eq!(
            lines[5],
            format!("C#                     747  {}", "█".repeat(BAR_WIDTH))
        );
        // Without bars the table is exactly as before.
        assert_eq!(
            printed(&counts(false), OutputFormat::Table),
            text.lines()
                .map(|l| l.trim_end_matches(['█', '▏']).trim_end())
                .collect::<Vec<_>>()
                .join("\n")
                + "\n"
        );
    }

    #[test]
    fn csv_quotes_names_and_lists_the_matrix() {
        assert_eq!(
            printed(&counts(true), OutputFormat::Csv),
            "kind,name,count\nlocation,\"Washington, DC\",5346\nlocation,Austin,7\n\
             skill,C#,747\nskill@location,\"C# @ Washington, DC\",120\n\
             skill@location,C# @ Austin,3\n"
        );
    }

    #[test]
    fn json_carries_the_run_and_the_counts() {
        let doc: serde_json::Value =
            serde_json::from_str(&printed(&counts(true), OutputFormat::Json)).unwrap();
        assert_eq!(doc["source"], "http://127.0.0.1:5000");
        assert_eq!(doc["match"], "token");
        assert_eq!(doc["records"], 27_005);
        assert_eq!(doc["filter"], "Job Experience Required:covers=3");
        assert_eq!(doc["locations"][0]["name"], "Washington, DC");
        assert_eq!(doc["locations"][0]["count"], 5346);
        assert_eq!(doc["skills"][0]["count"], 747);
        assert_eq!(doc["matrix"]["counts"][0][1], 3);
    }
}
