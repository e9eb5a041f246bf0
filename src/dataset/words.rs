//! The word index behind `_search`: each field's tokens split into words at Unicode word
//! boundaries (UAX #29, by unicode-segmentation), case-folded as token matching folds, and
//! each distinct word kept once per field with the tokens that hold it and how often. A
//! search finds a term among a field's words (a few hundred kilobytes) instead of scanning
//! every value, and ranks what it finds by how often and how wholly the words match.
//!
//! Built once per data set, on first use or by the server right after it starts
//! ([`Dataset::words`]).

use hashbrown::HashMap;
use memchr::memmem;
use unicode_segmentation::UnicodeSegmentation;

use super::index::Field;
use super::value::fold_case;

/// Separates the words in [`FieldWords::text`]: never part of a word.
const SEPARATOR: u8 = b'\n';

/// One field's words.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct FieldWords {
    /// Every distinct folded word, each followed by [`SEPARATOR`]: one text a term is found
    /// in with one pass.
    text: String,
    /// Where each word starts in `text`, and one final offset past the end.
    starts: Vec<u32>,
    /// Word `w`'s tokens are `tokens[holders[w]..holders[w + 1]]`, ascending, each with how
    /// often it holds the word in `counts` (at most 65,535).
    holders: Vec<u32>,
    tokens: Vec<u32>,
    counts: Vec<u16>,
    /// How many words each token has.
    lengths: Vec<u32>,
}

/// A word of a field that holds a search piece: its number, and whether it is the piece
/// itself rather than a longer word containing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordMatch {
    /// The word's number.
    pub word: u32,
    /// Whether the word is the whole piece.
    pub whole: bool,
}

/// Fields with more tokens than this are split into words on every CPU, a share each.
const PARALLEL_TOKENS: usize = 20_000;

/// A token's count of one word: (word, token, count).
type Held = (u32, u32, u16);

/// A part's entries, with its word numbers as the first part numbers them (empty: the
/// same).
type Share<'a> = (&'a [Held], &'a [u32]);

/// The words of some of a field's tokens, numbered in the order first met.
#[derive(Default)]
struct Part {
    ids: HashMap<String, u32>,
    words: Vec<String>,
    /// (word, token, count), tokens ascending.
    held: Vec<Held>,
    /// How many words each token has.
    lengths: Vec<u32>,
}

impl Part {
    /// The words of `field`'s tokens in `tokens`.
    fn of(field: &Field, tokens: std::ops::Range<u32>) -> Part {
        let mut part = Part::default();
        let mut in_token: Vec<u32> = Vec::new();
        for token in tokens {
            in_token.clear();
            // Folded first, then split, as a term is (see [`pieces`]).
            for word in fold_case(field.token_display(token)).unicode_words() {
                in_token.push(part.id(std::borrow::Cow::Borrowed(word)));
            }
            part.lengths.push(in_token.len() as u32);
            in_token.sort_unstable();
            for run in in_token.chunk_by(|a, b| a == b) {
                let count = u16::try_from(run.len()).unwrap_or(u16::MAX);
                part.held.push((run[0], token, count));
            }
        }
        part
    }

    /// The number of `word`, given one if it is new.
    fn id(&mut self, word: std::borrow::Cow<'_, str>) -> u32 {
        if let Some(&id) = self.ids.get(word.as_ref()) {
            return id;
        }
        let id = self.words.len() as u32;
        self.words.push(word.clone().into_owned());
        self.ids.insert(word.into_owned(), id);
        id
    }
}

impl FieldWords {
    /// The words of `field`'s tokens: split on every CPU, a share of the tokens each, for a
    /// field of many (one after the other if no thread can be started).
    pub(super) fn build(field: &Field) -> FieldWords {
        let tokens = field.token_count() as u32;
        let threads = if tokens as usize >= PARALLEL_TOKENS {
            std::thread::available_parallelism().map_or(1, |n| n.get().min(8)) as u32
        } else {
            1
        };
        let share = tokens.div_ceil(threads.max(1));
        let ranges: Vec<std::ops::Range<u32>> = (0..threads)
            .map(|i| (i * share).min(tokens)..((i + 1) * share).min(tokens))
            .collect();
        let parts: Vec<Part> = std::thread::scope(|scope| {
            let running: Vec<_> = ranges
                .iter()
                .skip(1)
                .map(|range| {
                    let range = range.clone();
                    std::thread::Builder::new()
                        .name("jobsctl-words".into())
                        .spawn_scoped(scope, move || Part::of(field, range))
                })
                .collect();
            let mut parts = vec![Part::of(field, ranges.first().cloned().unwrap_or(0..0))];
            for (thread, range) in running.into_iter().zip(ranges.iter().skip(1)) {
                parts.push(match thread {
                    Ok(thread) => thread
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                    Err(_) => Part::of(field, range.clone()),
                });
            }
            parts
        });
        FieldWords::from_parts(parts)
    }

    /// The index of `parts` (shares of the tokens, in order): their words numbered as one
    /// pass would number them and laid out in one text, and each word's tokens found by a
    /// counting sort (which keeps them ascending), without the parts' entries copied first.
    fn from_parts(mut parts: Vec<Part>) -> FieldWords {
        let mut first = if parts.is_empty() {
            Part::default()
        } else {
            parts.remove(0)
        };
        // Each later part's word numbers, as the first part numbers them.
        let renumbered: Vec<Vec<u32>> = parts
            .iter_mut()
            .map(|part| {
                std::mem::take(&mut part.words)
                    .into_iter()
                    .map(|word| first.id(std::borrow::Cow::Owned(word)))
                    .collect()
            })
            .collect();
        let words = first.words;
        drop(first.ids);
        let mut text = String::with_capacity(words.iter().map(|w| w.len() + 1).sum());
        let mut starts = Vec::with_capacity(words.len() + 1);
        for word in &words {
            starts.push(text.len() as u32);
            text.push_str(word);
            text.push(char::from(SEPARATOR));
        }
        starts.push(text.len() as u32);
        drop(words);
        let identity: Vec<u32> = Vec::new();
        let shares: Vec<Share<'_>> = std::iter::once((&first.held[..], &identity[..]))
            .chain(
                parts
                    .iter()
                    .zip(&renumbered)
                    .map(|(p, r)| (&p.held[..], &r[..])),
            )
            .collect();
        let number = |renumber: &[u32], word: u32| {
            if renumber.is_empty() {
                word
            } else {
                renumber[word as usize]
            }
        };
        let mut holders = vec![0u32; starts.len()];
        for &(held, renumber) in &shares {
            for &(word, _, _) in held {
                holders[number(renumber, word) as usize + 1] += 1;
            }
        }
        for w in 1..holders.len() {
            holders[w] += holders[w - 1];
        }
        let entries = holders.last().copied().unwrap_or(0) as usize;
        let mut next = holders.clone();
        let mut tokens = vec![0u32; entries];
        let mut counts = vec![0u16; entries];
        for &(held, renumber) in &shares {
            for &(word, token, count) in held {
                let slot = &mut next[number(renumber, word) as usize];
                tokens[*slot as usize] = token;
                counts[*slot as usize] = count;
                *slot += 1;
            }
        }
        let mut lengths = first.lengths;
        for part in &parts {
            lengths.extend_from_slice(&part.lengths);
        }
        FieldWords {
            text,
            starts,
            holders,
            tokens,
            counts,
            lengths,
        }
    }

    /// The words containing `piece` (already folded, and not empty), each once, in word
    /// order.
    pub fn containing(&self, piece: &str) -> Vec<WordMatch> {
        let mut found: Vec<WordMatch> = Vec::new();
        for at in memmem::find_iter(self.text.as_bytes(), piece.as_bytes()) {
            let word = self.starts.partition_point(|&s| s as usize <= at) - 1;
            if found.last().is_some_and(|m| m.word as usize == word) {
                continue;
            }
            let whole =
                self.starts[word + 1] as usize - self.starts[word] as usize == piece.len() + 1;
            found.push(WordMatch {
                word: word as u32,
                whole,
            });
        }
        found
    }

    /// How often each of `tokens` tokens holds the term made of `pieces` (not empty): a
    /// word that is a piece counts 1 for each time it appears, a longer word holding it
    /// `part`; for several pieces, as often as the token holds its rarest one. A token
    /// that lacks a piece gets 0, so the tokens above 0 are all the term can be in.
    pub fn occurrences(&self, pieces: &[String], tokens: usize, part: f32) -> Vec<f32> {
        let mut all: Option<Vec<f32>> = None;
        for piece in pieces {
            let mut tf = vec![0.0f32; tokens];
            for found in self.containing(piece) {
                let weight = if found.whole { 1.0 } else { part };
                for (token, count) in self.holders(found.word) {
                    if let Some(tf) = tf.get_mut(token as usize) {
                        *tf += weight * f32::from(count);
                    }
                }
            }
            all = Some(match all {
                None => tf,
                Some(mut all) => {
                    all.iter_mut().zip(&tf).for_each(|(a, b)| *a = a.min(*b));
                    all
                }
            });
        }
        all.unwrap_or_else(|| vec![0.0; tokens])
    }

    /// The tokens holding word `word`, each with how often it does.
    pub fn holders(&self, word: u32) -> impl Iterator<Item = (u32, u16)> + '_ {
        let w = word as usize;
        let range = match (self.holders.get(w), self.holders.get(w + 1)) {
            (Some(&start), Some(&end)) => start as usize..end as usize,
            _ => 0..0,
        };
        self.tokens[range.clone()]
            .iter()
            .copied()
            .zip(self.counts[range].iter().copied())
    }

    /// How many words token `token` has.
    pub fn length(&self, token: u32) -> u32 {
        self.lengths.get(token as usize).copied().unwrap_or(0)
    }

    /// The bytes this index holds.
    pub fn heap_bytes(&self) -> usize {
        self.text.capacity()
            + 4 * (self.starts.capacity()
                + self.holders.capacity()
                + self.tokens.capacity()
                + self.lengths.capacity())
            + 2 * self.counts.capacity()
    }
}

/// The search pieces of `term`: its words, folded then split as the index folds and splits
/// a value's. A value holding the term (case-insensitively, as the regex crate matches)
/// holds its folded text, and so each piece inside one of its words: word boundaries
/// within a piece depend only on the piece's own characters. So the tokens whose words hold
/// every piece are all the term can be in (and, for a term that is one word and nothing
/// else, exactly those). The one rule that reads further back, the pairing of regional
/// indicators (flags), is not relied on: a term holding one has no pieces, and is looked
/// for in every value.
pub fn pieces(term: &str) -> Vec<String> {
    let folded = fold_case(term);
    if folded
        .chars()
        .any(|c| ('\u{1F1E6}'..='\u{1F1FF}').contains(&c))
    {
        return Vec::new();
    }
    folded.unicode_words().map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Dataset;

    fn words_of(json: &str, field: &str) -> (Dataset, usize) {
        let dataset = Dataset::from_json(json.as_bytes()).unwrap();
        let index = dataset.field_index(field).unwrap();
        (dataset, index)
    }

    #[test]
    fn words_are_folded_once_each_with_their_tokens_and_counts() {
        let (dataset, f) = words_of(
            r#"[{"T": "Data engineer, data PLATFORM"}, {"T": "Platform lead"}, {"T": "Engineers"}]"#,
            "T",
        );
        let words = &dataset.words()[f];
        let field = &dataset.fields()[f];
        let token = |text: &str| field.token_id(text).unwrap();
        let data = words.containing("data");
        assert_eq!(data.len(), 1);
        assert!(data[0].whole);
        assert_eq!(
            words.holders(data[0].word).collect::<Vec<_>>(),
            [(token("data engineer, data platform"), 2)]
        );
        let engineer = words.containing("engineer");
        assert_eq!(
            engineer.iter().map(|m| m.whole).collect::<Vec<_>>(),
            [true, false]
        );
        let platform = words.containing("platform");
        let holders: Vec<u32> = words.holders(platform[0].word).map(|(t, _)| t).collect();
        assert_eq!(
            holders,
            [
                token("data engineer, data platform"),
                token("platform lead")
            ]
        );
        // A part of a word finds the words it is part of; no word spans two.
        assert_eq!(words.containing("gine").len(), 2);
        assert!(words.containing("a e").is_empty());
        assert_eq!(words.length(token("data engineer, data platform")), 4);
    }

    #[test]
    fn a_field_split_on_every_cpu_gives_the_index_built_in_one_pass() {
        let records: Vec<String> = (0..PARALLEL_TOKENS + 500)
            .map(|i| format!(r#"{{"T": "word{} shared Word{} x{i}"}}"#, i % 7, i % 300))
            .collect();
        let json = format!("[{}]", records.join(","));
        let (dataset, f) = words_of(&json, "T");
        let field = &dataset.fields()[f];
        let whole = FieldWords::from_parts(vec![Part::of(field, 0..field.token_count() as u32)]);
        assert_eq!(FieldWords::build(field), whole);
        assert_eq!(whole.containing("shared").len(), 1);
    }

    #[test]
    fn a_term_splits_into_the_pieces_a_value_would_hold() {
        assert_eq!(pieces("Machine Learning"), ["machine", "learning"]);
        assert_eq!(pieces("node.js"), ["node.js"]);
        assert_eq!(pieces("C++"), ["c"]);
        assert!(pieces("++").is_empty());
        assert_eq!(pieces("数据"), ["数", "据"]);
        // Folded before it is split: ι folds to U+0345, which starts a word of its own.
        assert_eq!(pieces("ιa"), ["\u{345}", "a"]);
        assert!(pieces("🇺🇸a").is_empty());
    }
}
