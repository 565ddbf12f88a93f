//! Cell values, and defusing text that a spreadsheet would read as a formula.

use std::borrow::Cow;

/// A cell of an export.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Nothing.
    Empty,
    /// Text (neutralised when written).
    Text(String),
    /// A number.
    Number(f64),
}

/// Text as written to a cell: text starting with `=`, `+`, `-`, `@`, a tab, a carriage
/// return or a line feed gets a leading `'`, so that no spreadsheet runs it as a formula
/// (OWASP's advice on CSV injection) — and so does text where one of those follows a `,` or
/// a `;` (a spreadsheet that splits the cell there, as in locales whose separator is `;`,
/// would start a cell with it; the CSV writer also quotes every text cell). Everything else
/// is left as it is.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    let risky = |c: char| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r' | '\n');
    let after_separator = text
        .split([',', ';'])
        .skip(1)
        .any(|part| part.trim_start_matches(' ').starts_with(risky));
    if text.starts_with(risky) || after_separator {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A number as text: the shortest form that reads back as the same value.
pub fn number(n: f64) -> String {
    n.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_other_text_is_kept() {
        for risky in [
            "=HYPERLINK(\"http://x\")",
            "+1",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "\nx",
        ] {
            assert_eq!(neutralise(risky), format!("'{risky}"));
        }
        for risky in [
            "a;=1+1",
            "Lisbon, =cmd|' /C calc'!A0",
            "x;  @SUM(A1)",
            "a,-2",
            "b;\tc",
        ] {
            assert_eq!(neutralise(risky), format!("'{risky}"), "{risky:?}");
        }
        for safe in [
            "Chiado",
            "",
            "1=1",
            "a@b.c",
            "'quoted",
            "Porto, Baixa; 2 doors",
        ] {
            assert_eq!(neutralise(safe), safe);
        }
    }

    #[test]
    fn numbers_print_shortest() {
        assert_eq!(number(2.0), "2");
        assert_eq!(number(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(number(-9.142), "-9.142");
    }
}
