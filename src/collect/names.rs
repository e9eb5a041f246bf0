//! The names to count: the lab's lists by default, or a comma list or a names file.

/// The lab's locations, in the lab's order.
pub const DEFAULT_LOCATIONS: [&str; 7] = [
    "Los Angeles",
    "New York",
    "San Francisco",
    "Washington DC",
    "Seattle",
    "Austin",
    "Detroit",
];

/// The lab's technologies, in the lab's order.
pub const DEFAULT_SKILLS: [&str; 12] = [
    "C",
    "C#",
    "C++",
    "Java",
    "JavaScript",
    "Python",
    "Scala",
    "Oracle",
    "SQL Server",
    "MySQL Server",
    "PostgreSQL",
    "MongoDB",
];

/// Splits a comma-separated list, trimming names and dropping empty ones.
pub fn split_list(list: &str) -> Vec<String> {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Parses a names file: one name per line; blank lines and lines starting with `#` are
/// skipped (a `#` inside a name, as in `C#`, is kept).
pub fn parse_names(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_files_are_split_trimmed_and_commented() {
        assert_eq!(split_list(" C, C++ ,,C# "), ["C", "C++", "C#"]);
        assert_eq!(
            parse_names("# skills\nC#\n\n  SQL Server  \n#C\nGo, Rust\n"),
            ["C#", "SQL Server", "Go, Rust"]
        );
        assert_eq!(DEFAULT_LOCATIONS.len(), 7);
        assert_eq!(DEFAULT_SKILLS.len(), 12);
    }
}
