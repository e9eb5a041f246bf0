//! The tokens of a field as they are spelled in the data: each item (trimmed) is
//! case-folded into its token once per spelling, and each token is shown in its most used
//! spelling, found where that spelling first appears.

use std::borrow::Cow;
use std::hash::BuildHasher;

use hashbrown::{DefaultHashBuilder, HashTable};

use super::strings::{Interner, Strings};
use super::value::{Values, fold_case};

/// Marks a token spelling decoded from its value rather than found in its text (see
/// [`Spellings::finish`]).
pub(super) const DECODED: u32 = u32::MAX;

/// Marks the end of a token's chain of spellings.
const NONE: u32 = u32::MAX;

/// One spelling of a token, where it is first found, and how many records use it.
struct Spelling<'a> {
    /// Borrowed from the value's text, or decoded from it.
    text: Cow<'a, str>,
    token: u32,
    /// The value it is first found in.
    value: u32,
    uses: u32,
    /// The token's spelling seen before this one, or [`NONE`]: the chain that
    /// [`Spellings::finish`] reads to choose the best.
    next: u32,
}

impl Spelling<'_> {
    /// Whether this spelling shows its token better than `other`: more used, or as used
    /// and first in text order, so that the choice is stable.
    fn beats(&self, other: &Spelling) -> bool {
        (self.uses, std::cmp::Reverse(&self.text)) > (other.uses, std::cmp::Reverse(&other.text))
    }
}

/// The tokens of one field and their spellings, gathered value by value.
pub(super) struct Spellings<'a> {
    /// Token text (case-folded) → token number.
    tokens: Interner,
    /// Each token's latest spelling, the head of its chain.
    latest: Vec<u32>,
    spellings: Vec<Spelling<'a>>,
    /// Spelling text → its number (hashing the texts in `spellings`): a list repeats a few
    /// spellings millions of times, so an item is case-folded only the first time it is
    /// seen, and a token spelled many ways costs no more than one spelled once.
    numbers: HashTable<u32>,
    hasher: DefaultHashBuilder,
}

impl<'a> Spellings<'a> {
    /// Spellings for a field of `values` distinct values, a list field or not.
    pub(super) fn new(list: bool, values: usize) -> Spellings<'a> {
        // A field of plain values has at most one spelling and one token per value.
        let room = if list { 0 } else { values };
        Spellings {
            tokens: Interner::with_capacity(room),
            latest: Vec::new(),
            spellings: Vec::with_capacity(room),
            numbers: HashTable::with_capacity(room),
            hasher: DefaultHashBuilder::default(),
        }
    }

    /// The token of `item` (trimmed, not empty), found in value number `value`, which
    /// `uses` records hold.
    pub(super) fn add(&mut self, item: Cow<'a, str>, value: u32, uses: u32) -> u32 {
        let hash = self.hasher.hash_one(item.as_ref());
        let spellings = &self.spellings;
        let found = self
            .numbers
            .find(hash, |&n| spellings[n as usize].text == item)
            .copied();
        let spelling = match found {
            Some(known) => known,
            None => {
                let number = self.push(item, value);
                let (spellings, hasher) = (&self.spellings, &self.hasher);
                self.numbers.insert_unique(hash, number, |&n| {
                    hasher.hash_one(spellings[n as usize].text.as_ref())
                });
                number
            }
        };
        let spelling = &mut self.spellings[spelling as usize];
        spelling.uses += uses;
        spelling.token
    }

    /// Adds `item`, a spelling not seen before (first found in `value`), returning its
    /// number.
    fn push(&mut self, item: Cow<'a, str>, value: u32) -> u32 {
        let token = self.tokens.intern(&fold_case(&item));
        if token as usize == self.latest.len() {
            self.latest.push(NONE);
        }
        let number = self.spellings.len() as u32;
        self.spellings.push(Spelling {
            text: item,
            token,
            value,
            uses: 0,
            next: self.latest[token as usize],
        });
        self.latest[token as usize] = number;
        number
    }

    /// How many tokens there are so far.
    pub(super) fn token_count(&self) -> usize {
        self.latest.len()
    }

    /// The token table, where each token's best spelling is: (value, byte start, byte
    /// length) within `values`, the values the spellings were found in, or ([`DECODED`],
    /// its number, 0) in the decoded spellings, returned last.
    pub(super) fn finish(self, values: &Values) -> (Interner, Vec<(u32, u32, u32)>, Strings) {
        let mut decoded = Strings::default();
        let mut tokens = self.tokens;
        tokens.shrink_to_fit();
        let display = self
            .latest
            .iter()
            .map(|&head| {
                let mut best: Option<&Spelling> = None;
                let mut at = head;
                while let Some(spelling) = self.spellings.get(at as usize) {
                    if best.is_none_or(|b| spelling.beats(b)) {
                        best = Some(spelling);
                    }
                    at = spelling.next;
                }
                best.map_or((0, 0, 0), |s| match &s.text {
                    Cow::Borrowed(item) => {
                        let text = values.text(s.value as usize);
                        let start = item.as_ptr() as usize - text.as_ptr() as usize;
                        (s.value, start as u32, item.len() as u32)
                    }
                    Cow::Owned(item) => (DECODED, decoded.push(item), 0),
                })
            })
            .collect();
        decoded.shrink_to_fit();
        (tokens, display, decoded)
    }
}

#[cfg(test)]
mod tests {
    use crate::dataset::Dataset;

    /// The display spelling of `token` in field `field` of `json`.
    fn shown(json: &str, field: &str, token: &str) -> String {
        let d = Dataset::from_json(json.as_bytes()).unwrap();
        let field = d.field(field).unwrap();
        field
            .token_display(field.token_id(token).unwrap())
            .to_owned()
    }

    #[test]
    fn a_token_is_shown_in_its_most_used_spelling_ties_going_to_the_first_in_text_order() {
        // Spellings of one value count once per record holding it.
        let json = r#"[{"Key Skills": "JAVA|sql"}, {"Key Skills": "Java| SQL"},
                       {"Key Skills": " Java "}, {"Key Skills": "JAVA|sql"}, {"Key Skills": "sql"}]"#;
        assert_eq!(shown(json, "Key Skills", "sql"), "sql");
        // JAVA and Java are used twice each: the first in text order wins.
        assert_eq!(shown(json, "Key Skills", "java"), "JAVA");
        // In a field of plain values, " Java " and "Java" are one spelling once trimmed,
        // and they outnumber "JAVA".
        let json = r#"[{"Role": " Java "}, {"Role": "JAVA"}, {"Role": "JAVA"}, {"Role": "Java"},
                       {"Role": "Java"}]"#;
        assert_eq!(shown(json, "Role", "java"), "Java");
        // A number and a string of the same text are one token.
        let json = r#"[{"Id": 7}, {"Id": "7"}, {"Id": " 7"}]"#;
        let d = Dataset::from_json(json.as_bytes()).unwrap();
        let id = d.field("Id").unwrap();
        assert_eq!((id.token_count(), id.values.len()), (1, 3));
        assert_eq!(id.posting("7"), [0, 1, 2]);
    }
}
