//! XML escaping of every string taken from the model, for text content and
//! attribute values alike.

/// Escapes `& < > " '` so the text is safe in element content and in
/// single- or double-quoted attributes. Characters XML 1.0 forbids (control
/// characters other than tab, newline and carriage return) are dropped.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::xml;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            xml(r#"<script>alert("x" & 'y')</script>]]>"#),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &apos;y&apos;)&lt;/script&gt;]]&gt;"
        );
    }

    #[test]
    fn drops_forbidden_controls() {
        assert_eq!(xml("a\u{0}b\u{1b}c\td"), "abc\td");
    }
}
