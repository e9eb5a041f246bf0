//! The tokens of a field as they are spelled in the data: each item (trimmed) is
//! case-folded into its token once per spelling, and each token is shown in its most used
//! spelling, found where that spelling first appears.

use hashbrown::HashMap;

use super::strings::Interner;
use super::value::{Values, fold_case};

/// Marks the end of a token's chain of spellings.
const NONE: u32 = u32::MAX;

/// One spelling of a token, where it is first found, and how many records use it.
struct Spelling<'a> {
    text: &'a str,
    token: u32,
    /// The value it is first found in.
    value: u32,
    uses: u32,
    /// The token's spelling seen before this one, or [`NONE`].
    next: u32,
}

impl Spelling<'_> {
    /// Whether this spelling shows its token better than `other`: more used, or as used
    /// and first in text order, so that the choice is stable.
    fn beats(&self, other: &Spelling) -> bool {
        (self.uses, std::cmp::Reverse(self.text)) > (other.uses, std::cmp::Reverse(other.text))
    }
}

/// The tokens of one field and their spellings, gathered value by value.
pub(super) struct Spellings<'a> {
    /// Token text (case-folded) → token number.
    tokens: Interner,
    /// Each token's latest spelling, the head of its chain.
    latest: Vec<u32>,
    spellings: Vec<Spelling<'a>>,
    /// For a list field, which repeats a few spellings millions of times: spelling → its
    /// number, so that an item is case-folded only the first time it is seen.
    seen: Option<HashMap<&'a str, u32>>,
}

impl<'a> Spellings<'a> {
    /// Spellings for a field of `values` distinct values, a list field or not.
    pub(super) fn new(list: bool, values: usize) -> Spellings<'a> {
        Spellings {
            // A field of plain values has at most one token per value.
            tokens: Interner::with_capacity(if list { 0 } else { values }),
            latest: Vec::new(),
            spellings: Vec::new(),
            seen: list.then(HashMap::new),
        }
    }

    /// The token of `item` (trimmed, not empty), found in value number `value`, which
    /// `uses` records hold.
    pub(super) fn add(&mut self, item: &'a str, value: u32, uses: u32) -> u32 {
        let spelling = match self.seen.as_mut().map(|seen| seen.get(item).copied()) {
            Some(Some(known)) => known,
            Some(None) => {
                let spelling = self.find_or_add(item, value);
                if let Some(seen) = self.seen.as_mut() {
                    seen.insert(item, spelling);
                }
                spelling
            }
            None => self.find_or_add(item, value),
        };
        let spelling = &mut self.spellings[spelling as usize];
        spelling.uses += uses;
        spelling.token
    }

    /// The number of spelling `item`, added (first found in `value`) if it is new.
    fn find_or_add(&mut self, item: &'a str, value: u32) -> u32 {
        let token = self.tokens.intern(&fold_case(item));
        if token as usize == self.latest.len() {
            self.latest.push(NONE);
        }
        let mut at = self.latest[token as usize];
        while at != NONE {
            let spelling = &self.spellings[at as usize];
            if spelling.text == item {
                return at;
            }
            at = spelling.next;
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

    /// The token table, and where each token's best spelling is: (value, byte start, byte
    /// length) within `values`, the values the spellings were found in.
    pub(super) fn finish(self, values: &Values) -> (Interner, Vec<(u32, u32, u32)>) {
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
                best.map_or((0, 0, 0), |s| {
                    let text = values.text(s.value as usize);
                    let start = s.text.as_ptr() as usize - text.as_ptr() as usize;
                    (s.value, start as u32, s.text.len() as u32)
                })
            })
            .collect();
        (tokens, display)
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
