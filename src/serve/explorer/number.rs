//! Numbers as people read them on the page: digits grouped in threes (27,005).

use std::fmt;

use askama::filters::HtmlSafe;

/// A count shown with thousands separators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Grouped(pub u64);

impl fmt::Display for Grouped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.0.to_string();
        let first = digits.len() % 3;
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (i + 3 - first).is_multiple_of(3) {
                f.write_str(",")?;
            }
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

// Digits and commas only.
impl HtmlSafe for Grouped {}

impl From<usize> for Grouped {
    fn from(n: usize) -> Grouped {
        Grouped(n as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_digits_in_threes() {
        let shown = |n| Grouped(n).to_string();
        assert_eq!(shown(0), "0");
        assert_eq!(shown(999), "999");
        assert_eq!(shown(1000), "1,000");
        assert_eq!(shown(27_005), "27,005");
        assert_eq!(shown(123_456), "123,456");
        assert_eq!(shown(1_234_567), "1,234,567");
    }
}
