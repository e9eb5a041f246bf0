//! Long `description` text (`--descriptions`): about 450 words a record from a Zipf-like
//! vocabulary of a few thousand words, with phrases that recur across postings.
//!
//! The vocabulary is common English words and job-posting words written out here, ranked
//! first, then made-up words built from syllables (the long tail). A word's chance falls as
//! 1 / (rank + 2.7), as word frequencies do in real text. Sampling is one table lookup per
//! word, so 100,000 descriptions take a few seconds.

use std::collections::HashSet;

use crate::rng::Rng;

/// The field that holds the description, for shapes that have none of their own.
pub const FIELD: &str = "description";

/// Mixed into the seed for the descriptions' own random stream, so that adding
/// `--descriptions` leaves every other value of a file as it was.
pub const STREAM: u64 = 0x6465_7363_7269_7074;

/// Common English words, roughly most frequent first.
const COMMON: &str = "the and to of a in you for with our we is are on as will be or \
    your an that this at by from have who all can work team new help us their it more about \
    other what not they has strong can across make also into each every within through well \
    including such both key high based while best using able over years year day people time \
    part full must may plus one two three first well where when how out up any its which \
    building support growing company role join looking want great good need way world global \
    clients customers business products services experience skills knowledge ability \
    working develop development design data systems technical solutions teams management \
    requirements responsibilities opportunity environment process processes projects \
    project quality performance growth culture mission values impact career benefits \
    health insurance paid leave flexible hybrid remote office location travel schedule \
    salary bonus equity stock training learning excellent communication written verbal \
    problem solving analytical detail oriented independently collaborate collaborative \
    stakeholders partners cross functional deliver delivery ownership drive driven \
    improve improvement build scalable reliable secure platform infrastructure cloud \
    software engineering engineers product analytics insights reporting dashboards \
    models modeling pipelines automation testing tools tooling standards practices \
    preferred required qualifications degree bachelor master related field equivalent \
    minimum familiarity proficiency understanding hands ideal candidate apply today \
    position responsible ensure maintain manage lead mentor review provide identify \
    implement define communicate prioritize execute operate monitor optimize analyze \
    diverse inclusive inclusion diversity equal employer applicants regard race color \
    religion gender sexual orientation national origin disability veteran status \
    accommodation applicable law fast paced dynamic innovative passionate motivated";

/// Phrases that recur across postings, most common first.
const PHRASES: [&str; 16] = [
    "machine learning",
    "equal opportunity employer",
    "cross-functional teams",
    "competitive salary",
    "fast-paced environment",
    "years of experience",
    "written and verbal communication",
    "health, dental and vision insurance",
    "paid time off",
    "data-driven decisions",
    "best practices",
    "work closely with",
    "a plus",
    "without regard to race, color, religion, sex or national origin",
    "continuous integration and delivery",
    "natural language processing",
];

/// Syllables the made-up words of the long tail are built from.
const SYLLABLES: [&str; 40] = [
    "ar", "ben", "cor", "da", "el", "fin", "gra", "hol", "in", "jus", "ka", "lum", "mer", "nal",
    "or", "pra", "quin", "ros", "sen", "tal", "ur", "ven", "wil", "xa", "yor", "zen", "ti", "ca",
    "mo", "re", "lo", "sa", "ne", "vi", "tro", "plex", "tion", "ment", "ure", "ity",
];

/// How many made-up words the vocabulary holds beyond the written ones.
const MADE_UP: usize = 3_000;

/// Log2 of the lookup table's size: 2^20 slots, so the rarest word still has a few.
const TABLE_BITS: u32 = 20;

/// The vocabulary and the table that samples it.
pub struct Words {
    words: Vec<String>,
    /// Slot `i` holds the word whose cumulative chance covers `i / 2^TABLE_BITS`.
    table: Vec<u16>,
}

impl Words {
    /// Builds the vocabulary (the same every run: it does not depend on `--seed`).
    pub fn new() -> Words {
        let mut seen = HashSet::new();
        let mut words: Vec<String> = Vec::new();
        for word in COMMON.split_whitespace() {
            if seen.insert(word.to_owned()) {
                words.push(word.to_owned());
            }
        }
        let mut rng = Rng(0x005E_ED0F_5A11_AB1E);
        let written = words.len();
        while words.len() < written + MADE_UP {
            let parts = rng.range(2, 4);
            let word: String = (0..parts).map(|_| rng.pick(&SYLLABLES[..])).collect();
            if seen.insert(word.clone()) {
                words.push(word);
            }
        }
        let weights: Vec<f64> = (0..words.len()).map(|r| 1.0 / (r as f64 + 2.7)).collect();
        let total: f64 = weights.iter().sum();
        let slots = 1usize << TABLE_BITS;
        let mut table = Vec::with_capacity(slots);
        let mut upto = 0.0;
        for (rank, weight) in weights.iter().enumerate() {
            upto += weight / total;
            let end = ((upto * slots as f64).round() as usize).min(slots);
            while table.len() < end {
                table.push(rank as u16);
            }
        }
        while table.len() < slots {
            table.push((words.len() - 1) as u16);
        }
        Words { words, table }
    }

    fn word(&self, rng: &mut Rng) -> &str {
        let slot = (rng.next() >> (64 - TABLE_BITS)) as usize;
        &self.words[self.table[slot] as usize]
    }

    /// One posting's description: 300 to 600 words (about 450), in sentences and paragraphs,
    /// with a recurring phrase now and then, a comma or a `;` here and there.
    pub fn description(&self, rng: &mut Rng) -> String {
        let target = 300 + rng.range(0, 150) + rng.range(0, 150);
        let mut text = String::with_capacity(target * 7);
        let mut count = 0;
        let mut sentences = 0;
        while count < target {
            if sentences > 0 {
                text.push_str(if rng.chance(0.2) { "\n\n" } else { " " });
            }
            sentences += 1;
            let length = rng.range(6, 22).min(target - count).max(1);
            for n in 0..length {
                if n > 0 {
                    text.push(' ');
                }
                if n > 0 && rng.chance(0.012) {
                    let last = PHRASES.len() - 1;
                    let phrase = PHRASES[rng.range(0, last).min(rng.range(0, last))];
                    text.push_str(phrase);
                    text.push(' ');
                    count += phrase.split(' ').count();
                }
                let word = self.word(rng);
                if n == 0 {
                    let mut chars = word.chars();
                    if let Some(first) = chars.next() {
                        text.extend(first.to_uppercase());
                        text.push_str(chars.as_str());
                    }
                } else {
                    text.push_str(word);
                }
                if n + 1 < length && rng.chance(0.05) {
                    text.push(if rng.chance(0.1) { ';' } else { ',' });
                }
            }
            text.push('.');
            count += length;
        }
        text
    }
}
