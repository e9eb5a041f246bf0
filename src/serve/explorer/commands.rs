//! The command lines that give what the page shows without a browser: `curl` against the
//! API, and `jobsctl collect` counting the same postings into a workbook.

use super::url::{Href, Pairs};
use crate::dataset::Dataset;
use crate::filter::MatchMode;

/// How many skills and locations the page's charts show, and so the collect line counts.
pub const TOP: usize = 10;

/// `curl -s '<base><href>'`.
pub fn curl(base: &str, href: &Href) -> String {
    format!("curl -s {}", quoted(&format!("{base}{}", href.as_str())))
}

/// `jobsctl collect` counting the top skills and locations, and every skill in every
/// location, among the postings that `pairs` (the used filters) select. A `_search` has no
/// collect flag: the line says so.
pub fn collect(base: &str, pairs: &Pairs, mode: MatchMode, dataset: &Dataset) -> String {
    let mut line = format!("jobsctl collect --url {}", quoted(base));
    let mut searched = false;
    for (name, value) in pairs.iter() {
        let filter = if dataset.field_index(name).is_some() {
            let op = match mode {
                MatchMode::Regex => "regex",
                MatchMode::Token => "eq",
                MatchMode::Substring => "contains",
            };
            format!("{name}:{op}={value}")
        } else if name == "_where" {
            line.push_str(" --where ");
            line.push_str(&quoted(value));
            continue;
        } else if name == "_search" {
            searched |= !value.trim().is_empty();
            continue;
        } else if name.starts_with('_') {
            continue;
        } else {
            format!("{name}={value}")
        };
        line.push_str(" --filter ");
        line.push_str(&quoted(&filter));
    }
    line.push_str(&format!(" --top {TOP} --top-locations {TOP} --matrix"));
    if searched {
        line.push_str("  # collect has no --search: the search words are not applied");
    }
    line
}

/// The words of a command `line`: split at the spaces outside single quotes, so that
/// joining them with one space gives `line` back (two spaces give an empty word).
pub fn arguments(line: &str) -> Vec<String> {
    let mut words = vec![String::new()];
    let (mut quoted, mut escaped) = (false, false);
    for c in line.chars() {
        if c == ' ' && !quoted && !escaped {
            words.push(String::new());
            continue;
        }
        match c {
            _ if escaped => escaped = false,
            // `\'` between quoted parts (`'O'\''Hare'`) is a quote, not the end of one.
            '\\' if !quoted => escaped = true,
            '\'' => quoted = !quoted,
            _ => {}
        }
        if let Some(word) = words.last_mut() {
            word.push(c);
        }
    }
    words
}

/// `text` in single quotes for a POSIX shell.
fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collect_lines_carry_the_filters() {
        let d = Dataset::from_json(br#"[{"Location": "Seattle", "Key Skills": "Go"}]"#).unwrap();
        let pairs = Pairs::new(vec![
            ("Location".into(), "Seattle".into()),
            ("Key Skills:eq".into(), "C++".into()),
            ("_where".into(), r#"{"Location":{"ne":"O'Hare"}}"#.into()),
            ("_sort".into(), "-Id".into()),
        ]);
        assert_eq!(
            collect("http://h:1", &pairs, MatchMode::Token, &d),
            "jobsctl collect --url 'http://h:1' --filter 'Location:eq=Seattle' \
             --filter 'Key Skills:eq=C++' --where '{\"Location\":{\"ne\":\"O'\\''Hare\"}}' \
             --top 10 --top-locations 10 --matrix"
        );
        let searched = Pairs::new(vec![("_search".into(), "go".into())]);
        assert!(collect("http://h:1", &searched, MatchMode::Regex, &d).contains("no --search"));
        let line = collect("http://h:1", &pairs, MatchMode::Token, &d);
        let words = arguments(&line);
        assert_eq!(words.join(" "), line);
        assert!(
            words.contains(&"'Key Skills:eq=C++'".to_owned()),
            "{words:?}"
        );
        assert!(words.contains(&"--matrix".to_owned()), "{words:?}");
        let json = words
            .iter()
            .position(|w| w == "--where")
            .map(|i| &words[i + 1]);
        assert_eq!(
            json.map(String::as_str),
            Some(r#"'{"Location":{"ne":"O'\''Hare"}}'"#),
            "{words:?}"
        );
        let href = Pairs::new(vec![("Location".into(), "New York".into())]).link("/data");
        assert_eq!(
            curl("http://h:1", &href),
            "curl -s 'http://h:1/data?Location=New%20York'"
        );
    }
}
