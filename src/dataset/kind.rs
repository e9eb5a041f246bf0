//! What a field holds, as `/fields` reports it: told once at load from its values' JSON
//! types and whether it is a list.

use super::value::{JsonType, Values};

/// What a field holds, as `/fields` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text (and anything mixed).
    Text,
    /// Numbers only: compared and sorted as numbers.
    Number,
    /// `true` and `false` only.
    Bool,
    /// Lists: each item is matched and counted on its own.
    List,
    /// Nothing but `null`.
    Empty,
    /// Ranges of numbers read from text: the pay or the experience a posting states
    /// (`105K–160K a year`, `3+ years`), compared by their lower end.
    Range,
}

impl Kind {
    /// Every kind, in the order `/openapi.json` lists their names.
    pub const ALL: [Kind; 6] = [
        Kind::Text,
        Kind::Number,
        Kind::Bool,
        Kind::List,
        Kind::Empty,
        Kind::Range,
    ];

    /// How the kind is named in `/fields`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Number => "number",
            Kind::Bool => "bool",
            Kind::List => "list",
            Kind::Empty => "empty",
            Kind::Range => "range",
        }
    }
}

/// The kind of a field with these values, read as a list or not.
pub(super) fn kind_of(values: &Values, list: bool) -> Kind {
    if list {
        return Kind::List;
    }
    let mut kinds = values
        .iter()
        .map(|v| v.json_type)
        .filter(|t| *t != JsonType::Null);
    let Some(first) = kinds.next() else {
        return Kind::Empty;
    };
    let same = kinds.all(|t| t == first);
    match first {
        JsonType::Number if same => Kind::Number,
        JsonType::Bool if same => Kind::Bool,
        _ => Kind::Text,
    }
}
