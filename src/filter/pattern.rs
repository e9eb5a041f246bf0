//! Compiling a filter value into a regular expression: the lab's regex semantics (with the
//! values Python before 3.11 refused as patterns matched literally) and literal
//! case-insensitive text.

use regex::{Regex, RegexBuilder};
use regex_syntax::ast::{self, Ast};

use super::{MAX_COMPILED_PATTERN_BYTES, MAX_PATTERN_BYTES};

/// Compiles a regex-mode value the way the lab's numbers were made: a pattern when the
/// Python of the lab's time (before 3.11) would accept it, otherwise the literal text.
pub(super) fn lab_pattern(value: &str) -> Result<Regex, String> {
    check_length(value)?;
    if !python_accepts(value) {
        return literal(value, false);
    }
    match RegexBuilder::new(value)
        .size_limit(MAX_COMPILED_PATTERN_BYTES)
        .build()
    {
        Ok(re) => Ok(re),
        Err(regex::Error::CompiledTooBig(limit)) => {
            Err(format!("it compiles to more than {limit} bytes"))
        }
        // A syntax Rust refuses but Python might take: match it literally.
        Err(_) => literal(value, false),
    }
}

/// Whether a value parses as a pattern without a quantifier applied directly to another
/// quantifier (`C++`, `a**`), which Rust accepts and Python before 3.11 refused. (From
/// 3.11, `C++` is a possessive `C+`; the lab's `C++` count is the literal one, which is what
/// this keeps.)
fn python_accepts(value: &str) -> bool {
    struct StackedRepetition;
    impl ast::Visitor for StackedRepetition {
        type Output = ();
        type Err = ();
        fn finish(self) -> Result<(), ()> {
            Ok(())
        }
        fn visit_pre(&mut self, ast: &Ast) -> Result<(), ()> {
            match ast {
                Ast::Repetition(r) if matches!(*r.ast, Ast::Repetition(_)) => Err(()),
                _ => Ok(()),
            }
        }
    }
    match ast::parse::Parser::new().parse(value) {
        Ok(ast) => ast::visit(&ast, StackedRepetition).is_ok(),
        Err(_) => false,
    }
}

/// Compiles a literal match of `value`; `case_insensitive` compares characters by Unicode's
/// simple case folding, so it matches `text` exactly when
/// `fold_case(text)` contains `fold_case(value)` ([`crate::dataset::fold_case`], which token
/// matching and `eq` use): `Développeur` = `DÉVELOPPEUR` everywhere.
pub(super) fn literal(value: &str, case_insensitive: bool) -> Result<Regex, String> {
    check_length(value)?;
    RegexBuilder::new(&regex::escape(value))
        .case_insensitive(case_insensitive)
        .size_limit(MAX_COMPILED_PATTERN_BYTES)
        .build()
        .map_err(|e| e.to_string())
}

/// Refuses values longer than [`MAX_PATTERN_BYTES`].
fn check_length(value: &str) -> Result<(), String> {
    if value.len() > MAX_PATTERN_BYTES {
        return Err(format!(
            "{} bytes, the limit is {MAX_PATTERN_BYTES}",
            value.len()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::dataset::fold_case;

    /// Characters of the synthetic data's non-ASCII values (dashes, no-break spaces and the
    /// mojibake `Ã¢â‚¬â„¢`), accented Latin, Greek sigmas and the characters whose folding
    /// differs from lowercasing.
    const CHARS: &str = "aAcCeEsSkK Ã¢â‚¬„™ãÂ–—\u{a0}éÉèÈÜüßẞſ\u{212A}ΣσςİıiIǄǅǆ";

    fn agree(needle: &str, text: &str) {
        let matched = literal(needle, true).unwrap().is_match(text);
        let folded = fold_case(text).contains(&*fold_case(needle));
        assert_eq!(matched, folded, "{needle:?} in {text:?}");
    }

    #[test]
    fn case_insensitive_literals_agree_with_folding_on_the_datas_values() {
        let mojibake = "QA – tester\u{a0}Ã¢â‚¬â„¢";
        for (needle, text) in [
            ("DÉVELOPPEUR", "Développeur senior"),
            ("développeur", "DÉVELOPPEUR"),
            ("ã¢â‚¬â„¢", mojibake),
            ("Ã¢Â", mojibake),
            ("– TESTER", mojibake),
            ("\u{212A}", "kelvin"),
            ("İ", "istanbul"),
            ("ss", "Straße"),
        ] {
            agree(needle, text);
        }
    }

    proptest! {
        #[test]
        fn case_insensitive_literals_agree_with_folding(
            text in proptest::collection::vec(proptest::sample::select(CHARS.chars().collect::<Vec<_>>()), 0..12),
            start in 0usize..12,
            len in 0usize..4,
            upper in any::<bool>(),
        ) {
            let text: String = text.into_iter().collect();
            let chars: Vec<char> = text.chars().collect();
            let start = start.min(chars.len());
            let needle: String = chars[start..(start + len).min(chars.len())].iter().collect();
            let needle = if upper { needle.to_uppercase() } else { needle };
            agree(&needle, &text);
        }
    }

    #[test]
    fn python_pattern_detection() {
        let cases = [
            ("C", true),
            ("C++", false),
            ("a**", false),
            ("a+?", true),
            ("(C+)+", true),
            ("C#", true),
            ("[", false),
            ("a{2}{3}", false),
            ("Java|Scala", true),
        ];
        for (value, accepted) in cases {
            assert_eq!(python_accepts(value), accepted, "{value:?}");
        }
    }
}
