//! Text people type, as it is stored: without control characters. No one
//! types them, a paste from another program can carry them, and
//! PostgreSQL cannot store NUL at all (the save failed with a server error
//! where SQLite took it).

/// A field of one line (a headline, a name, a caption): every run of
/// whitespace and control characters becomes one space, and the ends are
/// trimmed.
pub fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Text of several lines (a body, a note): control characters other than
/// line breaks and tabs removed.
pub fn without_controls(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'))
        .collect()
}

/// `text` cut to at most `most` characters at the end of a word, with
/// "…" where it was cut (a whole pasted passage echoed in a heading
/// pushed a phone's results below the first screen).
pub fn shortened(text: &str, most: usize) -> String {
    let Some((end, _)) = text.char_indices().nth(most) else {
        return text.to_owned();
    };
    let cut = text[..end]
        .rfind(char::is_whitespace)
        .filter(|&space| space > 0)
        .unwrap_or(end);
    format!("{}…", text[..cut].trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_text_is_cut_at_a_word_and_says_so() {
        assert_eq!(shortened("Banjir Jakarta", 14), "Banjir Jakarta");
        assert_eq!(shortened("Banjir Jakarta Timur", 17), "Banjir Jakarta…");
        assert_eq!(shortened("Banjir Jakarta Timur", 6), "Banjir…");
        // One word longer than the room is cut inside it.
        assert_eq!(shortened("Pemberantasan", 5), "Pembe…");
        assert_eq!(shortened("«Gempa» di Cianjur", 7), "«Gempa»…");
    }

    #[test]
    fn control_characters_never_reach_the_store() {
        assert_eq!(
            one_line("  Gempa\u{0}Cianjur \t\n M5,6\u{1b} "),
            "Gempa Cianjur M5,6"
        );
        assert_eq!(one_line("\u{0}\u{7}"), "");
        assert_eq!(
            without_controls("Baris satu\u{0}\n\tBaris dua\u{8}"),
            "Baris satu\n\tBaris dua"
        );
    }
}
