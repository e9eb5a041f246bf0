//! `_search` results best first: each record scored with BM25 over the fields, from the word
//! index (`dataset/words.rs`). A term's weight in a field grows with how often the field's
//! words hold it, less than linearly, and shrinks with how many records hold it and with
//! how long the field is against its average; a word that is the term itself counts fully,
//! a longer word holding it (`database` for `data`) counts [`PART_OF_A_WORD`]. A phrase
//! counts as often as its rarest word. The scores of every term and field are added up.
//! Records that score the same stay in file order.

use crate::dataset::{Dataset, Field, FieldWords, pieces};

/// BM25's `k1`: how soon more occurrences stop adding weight.
const K1: f64 = 1.2;

/// BM25's `b`: how much a field longer than average is discounted.
const B: f64 = 0.75;

/// What a word counts for when the term is only part of it.
pub const PART_OF_A_WORD: f32 = 0.5;

/// Sorts `records` (ascending, as selected) best first for the search `terms`.
pub fn rank(dataset: &Dataset, terms: &[String], records: &mut [u32]) {
    if records.len() < 2 || terms.is_empty() {
        return;
    }
    let scores = scores(dataset, terms);
    // Stable: records that score the same keep their order, the file's.
    records.sort_by(|&a, &b| {
        let score = |r: u32| scores.get(r as usize).copied().unwrap_or(0.0);
        score(b).total_cmp(&score(a))
    });
}

/// Every record's score for `terms` (0 for a record that holds none of them).
fn scores(dataset: &Dataset, terms: &[String]) -> Vec<f64> {
    let mut scores = vec![0.0f64; dataset.len()];
    let records = dataset.len() as f64;
    for term in terms {
        let pieces = pieces(term);
        if pieces.is_empty() {
            continue;
        }
        for (field, words) in dataset.fields().iter().zip(dataset.words()) {
            let weights = words.occurrences(&pieces, field.token_count(), PART_OF_A_WORD);
            let holders: Vec<(u32, f32)> = weights
                .iter()
                .enumerate()
                .filter(|(_, tf)| **tf > 0.0)
                .map(|(token, tf)| (token as u32, *tf))
                .collect();
            if holders.is_empty() {
                continue;
            }
            let df = holders
                .iter()
                .map(|&(token, _)| field.posting_of(token).len())
                .sum::<usize>() as f64;
            let df = df.min(records);
            let idf = (1.0 + (records - df + 0.5) / (df + 0.5)).ln();
            let average = average_length(field, words);
            for (token, tf) in holders {
                let tf = f64::from(tf);
                let length = f64::from(words.length(token));
                let norm = 1.0 - B + B * length / average;
                let weight = idf * tf * (K1 + 1.0) / (tf + K1 * norm);
                for &record in field.posting_of(token) {
                    if let Some(score) = scores.get_mut(record as usize) {
                        *score += weight;
                    }
                }
            }
        }
    }
    scores
}

/// The average number of words of `field` in the records that hold it (at least 1).
fn average_length(field: &Field, words: &FieldWords) -> f64 {
    let (mut total, mut records) = (0.0f64, 0.0f64);
    for token in 0..field.token_count() as u32 {
        let holding = field.posting_of(token).len() as f64;
        total += f64::from(words.length(token)) * holding;
        records += holding;
    }
    if records == 0.0 {
        1.0
    } else {
        (total / records).max(1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranked(json: &str, terms: &[&str]) -> Vec<u32> {
        let dataset = Dataset::from_json(json.as_bytes()).unwrap();
        let mut records: Vec<u32> = (0..dataset.len() as u32).collect();
        let terms: Vec<String> = terms.iter().map(|t| (*t).to_owned()).collect();
        rank(&dataset, &terms, &mut records);
        records
    }

    #[test]
    fn more_occurrences_in_a_shorter_field_rank_first_and_ties_keep_file_order() {
        let json = r#"[
            {"Title": "Sales lead", "Text": "sales and more sales, nothing about the term"},
            {"Title": "Python developer", "Text": "python python python"},
            {"Title": "Analyst", "Text": "we use python among many other tools every single day"},
            {"Title": "Developer", "Text": "python python python"},
            {"Title": "Engineer", "Text": "nothing here"}
        ]"#;
        assert_eq!(ranked(json, &["python"]), [1, 3, 2, 0, 4]);
        // A term no record holds changes nothing.
        assert_eq!(ranked(json, &["zzz"]), [0, 1, 2, 3, 4]);
    }

    #[test]
    fn a_whole_word_counts_more_than_part_of_one_and_rare_terms_weigh_more() {
        let json = r#"[
            {"Text": "database admin"},
            {"Text": "data admin"},
            {"Text": "admin"}
        ]"#;
        assert_eq!(ranked(json, &["data"]), [1, 0, 2]);
        // "admin" is everywhere, "data" in two: "data" decides.
        let json = r#"[
            {"Text": "admin admin admin data"},
            {"Text": "admin data data data"},
            {"Text": "admin"}
        ]"#;
        assert_eq!(ranked(json, &["admin", "data"]), [1, 0, 2]);
    }

    #[test]
    fn a_phrase_counts_as_often_as_its_rarest_word() {
        let json = r#"[
            {"Text": "machine machine machine learning"},
            {"Text": "machine learning, learning machine"}
        ]"#;
        assert_eq!(ranked(json, &["machine learning"]), [1, 0]);
    }
}
