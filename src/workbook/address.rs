//! Cell addresses as formulas and defined names write them: column letters, the last row
//! of a table, and quoted sheet names.

/// A sheet name as formulas write it: in single quotes, any quote in it doubled.
pub(super) fn quoted(sheet: &str) -> String {
    format!("'{}'", sheet.replace('\'', "''"))
}

/// The last row of a table with a header and `rows` data rows (1 when there are none).
pub(super) fn last_row(rows: usize) -> usize {
    rows + 1
}

/// Spreadsheet column letters for a 1-based column number: 1 → A, 27 → AA.
pub(super) fn column_letters(mut column: usize) -> String {
    let mut letters = Vec::new();
    while column > 0 {
        let rem = (column - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        column = (column - 1) / 26;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::{column_letters, quoted};

    #[test]
    fn column_letters_count_like_a_spreadsheet() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(2), "B");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(52), "AZ");
        assert_eq!(column_letters(703), "AAA");
    }

    #[test]
    fn sheet_names_are_quoted_for_formulas() {
        assert_eq!(quoted("jobs locations"), "'jobs locations'");
        assert_eq!(quoted("Bob's"), "'Bob''s'");
    }
}
