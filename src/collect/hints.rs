//! Hints for names that count nothing: `no posting has location "Seatle"; did you mean
//! "Seattle"?`, on stderr, with the closest value of that field in the data (the shared
//! [`crate::filter::closest`]), so a typo is not mistaken for a true zero.

use super::printable::printable;
use super::source::Source;
use crate::dataset::normalize_token;
use crate::filter::{MAX_FACET_VALUES, closest};

/// The warnings for the names of `field` that counted 0 and are not a value of `field`
/// at all, each with the closest value when one is close. The values are the server's
/// facet of the field over every record (its [`MAX_FACET_VALUES`] most common); a server
/// that cannot list them (the lab's) gets the warning without a suggestion. A failure
/// here never fails the run: the counts are already true.
pub(super) fn unmatched(
    source: &Source<'_>,
    field: &str,
    counted: &[(String, u64)],
) -> Vec<String> {
    let zeros: Vec<&str> = counted
        .iter()
        .filter(|(_, count)| *count == 0)
        .map(|(name, _)| name.as_str())
        .collect();
    if zeros.is_empty() {
        return Vec::new();
    }
    let values = source.top(field, MAX_FACET_VALUES, &[]).unwrap_or_default();
    // Folded as token matching folds them, once each.
    let present: std::collections::HashSet<String> =
        values.iter().map(|v| normalize_token(v)).collect();
    zeros
        .into_iter()
        .filter(|name| !present.contains(&normalize_token(name)))
        .map(|name| {
            warning(
                field,
                name,
                closest(name, values.iter().map(String::as_str)),
            )
        })
        .collect()
}

/// `no posting has <field> "<name>"`, and `; did you mean "<value>"?` when one is close.
pub(super) fn warning(field: &str, name: &str, suggestion: Option<&str>) -> String {
    let field = field.to_lowercase();
    let mut message = format!("no posting has {field} {:?}", printable(name));
    if let Some(value) = suggestion {
        message.push_str(&format!("; did you mean {:?}?", printable(value)));
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_read_as_a_person_writes() {
        assert_eq!(
            warning("Location", "Seatle", Some("Seattle")),
            r#"no posting has location "Seatle"; did you mean "Seattle"?"#
        );
        assert_eq!(
            warning("Key Skills", "Atlantis", None),
            r#"no posting has key skills "Atlantis""#
        );
    }
}
