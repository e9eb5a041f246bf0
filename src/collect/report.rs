//! Prints collected counts on stdout: an aligned table for people, or CSV / JSON for
//! scripts. Only results go here; messages for people go to stderr.

use std::io::{self, Write};

use super::counts::{Counts, RunInfo};

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

/// Writes the counts in `format`.
pub fn print(
    counts: &Counts,
    info: &RunInfo,
    format: OutputFormat,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        OutputFormat::Table => table(counts, out),
        OutputFormat::Csv => csv(counts, out),
        OutputFormat::Json => json(counts, info, out),
    }
}

fn table(counts: &Counts, out: &mut dyn Write) -> io::Result<()> {
    let blocks = [
        ("Location", &counts.locations),
        ("Technology", &counts.skills),
    ];
    for (n, (title, rows)) in blocks.into_iter().enumerate() {
        if n > 0 {
            writeln!(out)?;
        }
        let width = rows
            .iter()
            .map(|(name, _)| name.chars().count())
            .chain([title.len()])
            .max()
            .unwrap_or(0);
        writeln!(out, "{title:<width$}  Number of Jobs")?;
        for (name, count) in rows.iter() {
            writeln!(out, "{name:<width$}  {count:>14}")?;
        }
    }
    if let Some(matrix) = &counts.matrix {
        writeln!(out)?;
        let width = matrix
            .skills
            .iter()
            .map(|s| s.chars().count())
            .chain(["Technology".len()])
            .max()
            .unwrap_or(0);
        write!(out, "{:<width$}", "Technology")?;
        for location in &matrix.locations {
            write!(out, "  {location}")?;
        }
        writeln!(out)?;
        for (skill, row) in matrix.skills.iter().zip(&matrix.counts) {
            write!(out, "{skill:<width$}")?;
            for (location, count) in matrix.locations.iter().zip(row) {
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
            w.write_record([kind, name.as_str(), &count.to_string()])?;
        }
    }
    if let Some(matrix) = &counts.matrix {
        for (skill, row) in matrix.skills.iter().zip(&matrix.counts) {
            for (location, count) in matrix.locations.iter().zip(row) {
                let name = format!("{skill} @ {location}");
                w.write_record(["skill@location", name.as_str(), &count.to_string()])?;
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
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collect::Matrix;

    fn counts(matrix: bool) -> Counts {
        Counts {
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
        print(counts, &info(), format, &mut out).unwrap();
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
