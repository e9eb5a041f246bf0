//! What each field is, resolved once at load from its content (and what the user said):
//! its [`Kind`], and for a list, how its items are written ([`ListEncoding`]). `filter`,
//! `search` and the explorer read these from the field, never from a constant.
//!
//! A list is recognised by evidence, field by field, on a sample of its distinct values
//! (each weighed by the records holding it):
//! - JSON arrays in the file are lists;
//! - strings that hold a JSON array or a Python list (`"['SQL', 'Excel']"`) are, when most
//!   values are written so;
//! - text joined by a separator (`|`, `;`, ` / `, `,`) is, when most values split into
//!   several short items and the items recur across records far more than whole values
//!   do. So `New York, NY`, `Blackbaud, Blackbaud`, titles and descriptions stay whole.
//!
//! A field named like a list of skills or tags (`Key Skills`, `skills`, `tags`) needs less
//! evidence: a few values that split are enough. `--list` and `--no-list` settle the rest.

use hashbrown::HashSet;

use super::lists::{ListEncoding, items, json_items, python_items};
use super::options::{ListHint, ReadOptions};
use super::role_hints::is_list_name;
use super::value::{JsonType, Values, fold_case};

/// The separators a list written as joined text is looked for with, best first.
const SEPARATORS: [&str; 4] = ["|", ";", " / ", ","];

/// How many distinct values are looked at to recognise a list.
const SAMPLE: usize = 2000;

/// The list encoding of a field called `name` with these distinct `values`, each held by
/// `uses[v]` records, or `None` when it is not a list.
pub(super) fn list_encoding(
    name: &str,
    values: &Values,
    uses: &[u32],
    options: &ReadOptions,
) -> Option<ListEncoding> {
    match options.hint(name) {
        Some(ListHint::NotList) => return None,
        Some(ListHint::List(Some(sep))) => return Some(ListEncoding::Separator(sep.clone())),
        Some(ListHint::List(None)) => {
            return Some(detect(values, uses, 0.0).unwrap_or(ListEncoding::Separator("|".into())));
        }
        None => {}
    }
    if values.has_type(JsonType::Array) {
        return Some(ListEncoding::Json);
    }
    // A field named like skills or tags is a list more often than not.
    let named = is_list_name(name);
    detect(values, uses, if named { 0.0 } else { 1.0 })
}

/// The best-supported encoding of these values, or `None` without strong evidence;
/// `strictness` 0 asks only that some values split, 1 the full evidence.
fn detect(values: &Values, uses: &[u32], strictness: f64) -> Option<ListEncoding> {
    let step = values.len().div_ceil(SAMPLE).max(1);
    let sample: Vec<(&str, u64)> = (0..values.len())
        .step_by(step)
        .filter_map(|v| {
            let value = values.get(v)?;
            let text = value.text.trim();
            (value.json_type == JsonType::String && !text.is_empty())
                .then(|| (text, u64::from(uses.get(v).copied().unwrap_or(0).max(1))))
        })
        .collect();
    let weight: u64 = sample.iter().map(|(_, w)| w).sum();
    if weight == 0 {
        return None;
    }
    // Lists written as JSON or Python: most values are.
    let bracketed = |read: fn(&str) -> Option<Vec<std::borrow::Cow<'_, str>>>| -> u64 {
        sample
            .iter()
            .filter(|(t, _)| t.starts_with('[') && read(t).is_some())
            .map(|(_, w)| w)
            .sum()
    };
    let share = |part: u64| part as f64 / weight as f64;
    if share(bracketed(json_items)) >= 0.8 {
        return Some(ListEncoding::Json);
    }
    if share(bracketed(python_items)) >= 0.8 {
        return Some(ListEncoding::Python);
    }
    let mut best: Option<(f64, &str)> = None;
    for sep in SEPARATORS {
        if let Some(score) = separator_score(&sample, weight, sep, strictness)
            && best.is_none_or(|(s, _)| score > s)
        {
            best = Some((score, sep));
        }
    }
    best.map(|(_, sep)| ListEncoding::Separator(sep.to_owned()))
}

/// How well `sep` splits the sampled values into lists (the share of records whose value
/// it splits), or `None` when the evidence is not there.
fn separator_score(sample: &[(&str, u64)], weight: u64, sep: &str, strictness: f64) -> Option<f64> {
    // Most separators split no value, or too few: told without reading any item.
    let holding: u64 = sample
        .iter()
        .filter(|(t, _)| t.contains(sep))
        .map(|(_, w)| w)
        .sum();
    let enough = if strictness > 0.0 { weight / 2 } else { 0 };
    if holding == 0 || holding < enough {
        return None;
    }
    let encoding = ListEncoding::Separator(sep.to_owned());
    let (mut split, mut split_values, mut occurrences, mut item_bytes, mut words) =
        (0u64, 0usize, 0u64, 0u64, 0u64);
    // Distinct items are counted only when the evidence must be strong.
    let strict = strictness > 0.0;
    let mut distinct_items: HashSet<String> = HashSet::new();
    let mut note = |item: &str| {
        if strict {
            let folded = fold_case(item);
            if !distinct_items.contains(folded.as_ref()) {
                distinct_items.insert(folded.into_owned());
            }
        }
    };
    for &(text, w) in sample {
        if !text.contains(sep) {
            occurrences += w;
            item_bytes += w * text.chars().count() as u64;
            words += w * text.split_whitespace().count() as u64;
            note(text);
            continue;
        }
        let mut count = 0;
        for item in items(text, Some(&encoding)) {
            count += 1;
            occurrences += w;
            item_bytes += w * item.chars().count() as u64;
            words += w * item.split_whitespace().count() as u64;
            note(&item);
        }
        if count >= 2 {
            split += w;
            split_values += 1;
        }
    }
    if split == 0 || occurrences == 0 {
        return None;
    }
    let share = split as f64 / weight as f64;
    let mean_chars = item_bytes as f64 / occurrences as f64;
    let mean_words = words as f64 / occurrences as f64;
    // Items are short: a few words, not sentences.
    if mean_chars > 40.0 || mean_words > 5.0 {
        return None;
    }
    if strict {
        let item_recurrence = occurrences as f64 / distinct_items.len().max(1) as f64;
        let value_recurrence = weight as f64 / sample.len().max(1) as f64;
        let strong = share >= 0.5
            && split_values >= 5
            && item_recurrence >= 2.0
            && item_recurrence >= 3.0 * value_recurrence;
        if !strong {
            return None;
        }
    }
    Some(share)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::options::ListHint;

    /// The distinct values of `texts`, each with the number of times it is given, as the
    /// builder interns them.
    fn values(texts: &[&str]) -> (Values, Vec<u32>) {
        let mut values = Values::default();
        let mut uses: Vec<u32> = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        for t in texts {
            match seen.iter().position(|s| s == t) {
                Some(at) => uses[at] += 1,
                None => {
                    values.push(JsonType::String, t, None);
                    seen.push(t);
                    uses.push(1);
                }
            }
        }
        (values, uses)
    }

    fn encoding(name: &str, texts: &[&str]) -> Option<ListEncoding> {
        let (values, uses) = values(texts);
        list_encoding(name, &values, &uses, &ReadOptions::default())
    }

    const SKILLS: [&str; 12] = [
        "SQL", "Excel", "Python", "Tableau", "Power BI", "R", "Java", "Go", "AWS", "Spark",
        "Docker", "Git",
    ];

    /// `n` lists of three of [`SKILLS`] joined by `sep`.
    fn lists(n: usize, sep: &str) -> Vec<String> {
        (0..n)
            .map(|i| {
                let pick = |k: usize| SKILLS[(i * 7 + k * 5) % SKILLS.len()];
                [pick(0), pick(1), pick(2)].join(sep)
            })
            .collect()
    }

    #[test]
    fn joined_lists_are_found_by_content_with_their_separator() {
        for sep in ["|", ";", " / ", ", "] {
            let texts = lists(60, sep);
            let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
            let want = ListEncoding::Separator(if sep == ", " { "," } else { sep }.to_owned());
            assert_eq!(encoding("stack", &texts), Some(want), "{sep:?}");
        }
    }

    #[test]
    fn free_text_with_commas_stays_whole() {
        let places: Vec<String> = (0..200)
            .map(|i| {
                format!(
                    "{}, {}",
                    ["New York", "Austin", "Boston", "Denver"][i % 4],
                    ["NY", "TX", "MA", "CO"][i % 4]
                )
            })
            .collect();
        let places: Vec<&str> = places.iter().map(String::as_str).collect();
        assert_eq!(encoding("job_location", &places), None);
        let companies = ["Blackbaud, Blackbaud", "Acme", "Initech, Inc.", "Globex"];
        assert_eq!(encoding("company_name", &companies.repeat(30)), None);
        let titles = [
            "Data Analyst, Marketing",
            "Senior Engineer",
            "Analyst",
            "Lead, Data",
        ];
        assert_eq!(encoding("title", &titles.repeat(30)), None);
        let prose = "We are hiring, and we care about people, craft, and growth in our team";
        assert_eq!(encoding("description", &[prose; 50]), None);
        // Too little evidence without a telling name: five values are not enough.
        assert_eq!(encoding("stack", &["a|b", "b|c", "a|c"]), None);
    }

    #[test]
    fn a_telling_name_needs_only_a_few_values_that_split() {
        assert_eq!(
            encoding("Key Skills", &["Go| SQL", "Java", "SQL|Rust"]),
            Some(ListEncoding::Separator("|".into()))
        );
        assert_eq!(encoding("skills", &["one", "two"]), None);
    }

    #[test]
    fn bracketed_lists_are_json_or_python() {
        let py = ["['SQL', 'Excel']", "['Python']", "[]", "['R', 'SQL']"];
        assert_eq!(encoding("x", &py.repeat(10)), Some(ListEncoding::Python));
        let json = [r#"["SQL", "Excel"]"#, r#"["Go"]"#];
        assert_eq!(encoding("x", &json.repeat(10)), Some(ListEncoding::Json));
    }

    #[test]
    fn the_user_settles_a_field() {
        let (values, uses) = values(&["a, b", "c"]);
        let mut options = ReadOptions::default();
        options
            .lists
            .push(("f".into(), ListHint::List(Some(", ".into()))));
        assert_eq!(
            list_encoding("f", &values, &uses, &options),
            Some(ListEncoding::Separator(", ".into()))
        );
        options.lists.push(("f".into(), ListHint::NotList));
        assert_eq!(list_encoding("f", &values, &uses, &options), None);
        let unknown: Vec<&str> = options.unknown_fields(&["g"]).iter().map(|u| u.1).collect();
        assert_eq!(unknown, ["f", "f"]);
    }
}
