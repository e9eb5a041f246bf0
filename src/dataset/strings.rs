//! Many texts kept in one allocation: [`Strings`] lays them end to end in one buffer and
//! numbers them, and [`Interner`] adds a hash table over them so that each text is kept once.
//! At a million records a field of distinct values (Id, Key Skills) would otherwise cost a
//! heap allocation, its header and a 16-byte pointer per value, once for the value and
//! again for its case-folded token.

use std::hash::BuildHasher;

use hashbrown::{DefaultHashBuilder, HashTable};

/// Texts laid end to end; text `i` is `text[ends[i - 1]..ends[i]]`.
#[derive(Debug, Default)]
pub(super) struct Strings {
    text: String,
    ends: Vec<usize>,
}

impl Strings {
    /// Appends `s`, returning its number.
    pub(super) fn push(&mut self, s: &str) -> u32 {
        self.text.push_str(s);
        self.ends.push(self.text.len());
        (self.ends.len() - 1) as u32
    }

    /// Text number `i`, or `""` past the end.
    pub(super) fn get(&self, i: usize) -> &str {
        let Some(&end) = self.ends.get(i) else {
            return "";
        };
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..end]
    }

    /// Gives back the room reserved for texts that never came.
    pub(super) fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }
}

/// Distinct texts, numbered in first-seen order, found by their text.
#[derive(Debug, Default)]
pub(super) struct Interner {
    strings: Strings,
    numbers: HashTable<u32>,
    hasher: DefaultHashBuilder,
}

impl Interner {
    /// An interner with room for `n` texts before its table grows.
    pub(super) fn with_capacity(n: usize) -> Interner {
        Interner {
            numbers: HashTable::with_capacity(n),
            ..Interner::default()
        }
    }

    /// The number of `s`, added if it is new.
    pub(super) fn intern(&mut self, s: &str) -> u32 {
        let hash = self.hasher.hash_one(s);
        let strings = &self.strings;
        if let Some(&n) = self.numbers.find(hash, |&n| strings.get(n as usize) == s) {
            return n;
        }
        let n = self.strings.push(s);
        let (strings, hasher) = (&self.strings, &self.hasher);
        self.numbers
            .insert_unique(hash, n, |&n| hasher.hash_one(strings.get(n as usize)));
        n
    }

    /// The number of `s`, if it has been interned.
    pub(super) fn find(&self, s: &str) -> Option<u32> {
        let hash = self.hasher.hash_one(s);
        self.numbers
            .find(hash, |&n| self.strings.get(n as usize) == s)
            .copied()
    }

    /// Gives back the room reserved for texts that never came.
    pub(super) fn shrink_to_fit(&mut self) {
        self.strings.shrink_to_fit();
        let (strings, hasher) = (&self.strings, &self.hasher);
        self.numbers
            .shrink_to_fit(|&n| hasher.hash_one(strings.get(n as usize)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_come_back_as_given_and_once_each() {
        let mut interner = Interner::with_capacity(2);
        let texts = ["java", "", "sql", "java", "é", "", "sql"];
        let numbers: Vec<u32> = texts.iter().map(|t| interner.intern(t)).collect();
        assert_eq!(numbers, [0, 1, 2, 0, 3, 1, 2]);
        assert_eq!(interner.strings.ends.len(), 4);
        interner.shrink_to_fit();
        for (text, &n) in texts.iter().zip(&numbers) {
            assert_eq!(interner.strings.get(n as usize), *text);
            assert_eq!(interner.find(text), Some(n));
        }
        assert_eq!(interner.find("rust"), None);
        assert_eq!(interner.strings.get(4), "");
        assert_eq!(Strings::default().get(0), "");
    }
}
