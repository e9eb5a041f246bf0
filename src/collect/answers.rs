//! Reading the bodies a jobs server answers: a count, a total of records, a facet's
//! values, a list's length, and the roles of `/fields`. `None` for a body that is not such
//! an answer: the caller says what it expected.

use super::fields::Counted;
use crate::dataset::Role;

/// The `records` of a `/health` or `/fields` answer, if it says.
pub(super) fn parse_records(body: &[u8]) -> Option<u64> {
    #[derive(serde::Deserialize)]
    struct RecordsBody {
        records: u64,
    }
    serde_json::from_slice::<RecordsBody>(body)
        .ok()
        .map(|r| r.records)
}

pub(super) fn parse_count(body: &[u8]) -> Option<u64> {
    #[derive(serde::Deserialize)]
    struct CountBody {
        count: u64,
    }
    serde_json::from_slice::<CountBody>(body)
        .ok()
        .map(|c| c.count)
}

/// The values of a facet answer, most common first.
pub(super) fn parse_facet(body: &[u8]) -> Option<Vec<String>> {
    #[derive(serde::Deserialize)]
    struct FacetBody {
        values: Vec<FacetValue>,
    }
    #[derive(serde::Deserialize)]
    struct FacetValue {
        value: String,
    }
    let facet: FacetBody = serde_json::from_slice(body).ok()?;
    Some(facet.values.into_iter().map(|v| v.value).collect())
}

/// The length of a JSON array without building its elements. Anything else, `null`
/// included, is not an answer to a filtered query.
pub(super) fn parse_array_len(body: &[u8]) -> Option<u64> {
    let items: Vec<serde::de::IgnoredAny> = serde_json::from_slice(body).ok()?;
    Some(items.len() as u64)
}

/// The location and skills fields of a `/fields` answer that describes fields' kinds (a
/// jobsctl server that knows roles); `None` for any other answer.
pub(super) fn parse_roles(body: &[u8]) -> Option<Counted> {
    #[derive(serde::Deserialize)]
    struct FieldsBody {
        fields: Vec<FieldBody>,
    }
    #[derive(serde::Deserialize)]
    struct FieldBody {
        name: String,
        kind: Option<String>,
        role: Option<String>,
    }
    let fields: FieldsBody = serde_json::from_slice(body).ok()?;
    if !fields.fields.iter().any(|f| f.kind.is_some()) {
        return None;
    }
    let playing = |role: Role| {
        fields
            .fields
            .iter()
            .find(|f| f.role.as_deref() == Some(role.name()))
            .map(|f| f.name.clone())
    };
    Some(Counted {
        location: playing(Role::Location),
        skills: playing(Role::Skills),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_answers() {
        assert_eq!(parse_count(br#"{"count": 42}"#), Some(42));
        assert_eq!(parse_count(br#"{"count": -1}"#), None);
        assert_eq!(parse_count(b"<html>"), None);
        assert_eq!(parse_array_len(br#"[{"a":1},{"b":[1,2]}]"#), Some(2));
        assert_eq!(parse_array_len(b"null"), None);
        assert_eq!(parse_array_len(b"{}"), None);
        assert_eq!(
            parse_facet(br#"{"field":"L","values":[{"value":"A","count":2}]}"#),
            Some(vec!["A".to_owned()])
        );
        assert_eq!(parse_facet(b"[]"), None);
    }

    #[test]
    fn roles_are_read_from_a_fields_answer_that_knows_kinds() {
        let body =
            br#"{"records": 2, "fields": [{"name": "city", "kind": "text", "role": "location"},
            {"name": "tags", "kind": "list"}]}"#;
        let counted = parse_roles(body).unwrap();
        assert_eq!(counted.location.as_deref(), Some("city"));
        assert_eq!(counted.skills, None);
        // An older answer without kinds says nothing of roles.
        assert_eq!(
            parse_roles(br#"{"fields": [{"name": "Location", "list": false}]}"#),
            None
        );
        assert_eq!(parse_roles(b"<html>"), None);
    }
}
