//! Full-text search over the saved offers, in Chinese and in translation.
//!
//! SQLite's `unicode61` tokenizer splits on spaces and punctuation, which suits English but not
//! Chinese, written without spaces. So the indexed text spaces out every Han character, and a
//! Chinese word in a query becomes a phrase of its characters: "手机" matches "新款手机壳" as the
//! phrase "手 机" in "新 款 手 机 壳". Latin words match as prefixes ("phone" finds "phones").

use crate::catalog::ProductSummary;

/// Whether `c` is a Han character (the CJK ideograph blocks).
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2EBEF}')
}

/// The text an offer is found by: its translated and Chinese titles, Han characters spaced.
pub fn offer_text(offer: &ProductSummary) -> String {
    let titles = match &offer.title_en {
        Some(en) => format!("{en} {}", offer.title),
        None => offer.title.clone(),
    };
    space_han(&titles)
}

fn space_han(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        if is_han(c) {
            out.push(' ');
            out.push(c);
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// The FTS5 query for a shopper's keyword: every word must match (Han runs as phrases of their
/// characters, other words as prefixes). `None` when nothing searchable is left.
pub fn query(keyword: &str) -> Option<String> {
    let mut terms = Vec::new();
    for word in space_han(keyword).split_whitespace() {
        // Keep letters and digits only: FTS5 syntax characters never reach the query.
        let clean: String = word.chars().filter(|c| c.is_alphanumeric()).collect();
        if clean.is_empty() {
            continue;
        }
        if clean.chars().all(is_han) {
            terms.push(clean);
        } else {
            terms.push(format!("\"{clean}\"*"));
        }
    }
    // Adjacent Han characters form one phrase.
    let mut grouped: Vec<String> = Vec::new();
    let mut run: Vec<String> = Vec::new();
    for term in terms {
        if term.chars().all(is_han) {
            run.push(term);
        } else {
            if !run.is_empty() {
                grouped.push(format!("\"{}\"", run.join(" ")));
                run.clear();
            }
            grouped.push(term);
        }
    }
    if !run.is_empty() {
        grouped.push(format!("\"{}\"", run.join(" ")));
    }
    (!grouped.is_empty()).then(|| grouped.join(" AND "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn han_characters_are_spaced_latin_words_kept() {
        assert_eq!(
            space_han("New 手机壳 case")
                .split_whitespace()
                .collect::<Vec<_>>(),
            ["New", "手", "机", "壳", "case"]
        );
    }

    #[test]
    fn queries_are_phrases_of_han_runs_and_prefixes_of_words() {
        assert_eq!(query("手机").as_deref(), Some("\"手 机\""));
        assert_eq!(
            query("phone case").as_deref(),
            Some("\"phone\"* AND \"case\"*")
        );
        assert_eq!(
            query("iPhone 手机壳").as_deref(),
            Some("\"iPhone\"* AND \"手 机 壳\"")
        );
        assert_eq!(
            query("\"OR\" * -^"),
            Some("\"OR\"*".to_string()),
            "syntax is stripped"
        );
        assert_eq!(query("  ** "), None);
    }
}
