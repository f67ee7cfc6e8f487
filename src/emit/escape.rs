//! Escaping of model strings for every output format, so a label such as
//! `<script>` or `=cmd|' /C calc'!A0` stays inert wherever it lands.
//!
//! The `*_into` forms append to a buffer; they copy runs of plain text as
//! whole slices, since outputs of large models are tens of megabytes.

/// Copies `text` to `out`, replacing what `special` picks: at a byte
/// index, `Some((replacement, bytes replaced))`. Runs between specials are
/// copied as whole slices.
fn scan(
    out: &mut String,
    text: &str,
    special: impl Fn(&[u8], usize) -> Option<(&'static str, usize)>,
) {
    let bytes = text.as_bytes();
    let mut plain = 0;
    let mut i = 0;
    while i < bytes.len() {
        match special(bytes, i) {
            Some((replacement, len)) => {
                out.push_str(&text[plain..i]);
                out.push_str(replacement);
                i += len;
                plain = i;
            }
            None => i += 1,
        }
    }
    out.push_str(&text[plain..]);
}

/// Appends `text` escaped for XML/HTML/SVG content and attribute values:
/// `& < > " '` escaped; characters XML 1.0 forbids (controls other than tab,
/// newline and carriage return, U+FFFE, U+FFFF) dropped.
pub fn xml_into(out: &mut String, text: &str) {
    scan(out, text, |bytes, i| match bytes[i] {
        b'&' => Some(("&amp;", 1)),
        b'<' => Some(("&lt;", 1)),
        b'>' => Some(("&gt;", 1)),
        b'"' => Some(("&quot;", 1)),
        b'\'' => Some(("&apos;", 1)),
        b'\t' | b'\n' | b'\r' => None,
        0..=0x1F => Some(("", 1)),
        // U+FFFE and U+FFFF are EF BF BE and EF BF BF.
        0xEF if matches!(bytes.get(i + 1..i + 3), Some([0xBF, 0xBE | 0xBF])) => Some(("", 3)),
        _ => None,
    });
}

/// [`xml_into`] as a new string.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    xml_into(&mut out, text);
    out
}

/// Appends `s` escaped for a Markdown table cell or line: HTML and
/// Markdown punctuation are backslash-escaped (so they read the same in a
/// terminal as rendered, with no HTML entities), line breaks and pipes
/// cannot break the table, control characters become spaces.
pub fn markdown_into(out: &mut String, s: &str) {
    scan(out, s, |bytes, i| match bytes[i] {
        b'&' => Some(("\\&", 1)),
        b'<' => Some(("\\<", 1)),
        b'>' => Some(("\\>", 1)),
        b'|' => Some(("\\|", 1)),
        b'\\' => Some(("\\\\", 1)),
        b'`' => Some(("\\`", 1)),
        b'*' => Some(("\\*", 1)),
        b'_' => Some(("\\_", 1)),
        b'[' => Some(("\\[", 1)),
        b']' => Some(("\\]", 1)),
        b'#' => Some(("\\#", 1)),
        b'~' => Some(("\\~", 1)),
        b'!' => Some(("\\!", 1)),
        b'\r' => Some(("", 1)),
        b'\n' => Some(("<br>", 1)),
        0..=0x1F | 0x7F => Some((" ", 1)),
        // C1 controls U+0080–U+009F are C2 80 … C2 9F.
        0xC2 if matches!(bytes.get(i + 1), Some(0x80..=0x9F)) => Some((" ", 2)),
        _ => None,
    });
}

/// [`markdown_into`] as a new string.
pub fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    markdown_into(&mut out, s);
    out
}

/// Appends `s` as a Markdown code span (for IDs, paths and values, which
/// read as written: `frontend->orders`). The fence is one backtick longer
/// than the longest run inside; control characters and line breaks become
/// spaces; in a table cell (`cell`) a pipe is escaped, which GitHub's
/// tables undo inside code spans. Nothing is written for an empty `s`.
pub fn code_into(out: &mut String, s: &str, cell: bool) {
    if s.is_empty() {
        return;
    }
    let mut longest = 0;
    let mut run = 0;
    for b in s.bytes() {
        run = if b == b'`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    // CommonMark strips one space from each end when both ends have one.
    let pad = s.starts_with('`')
        || s.ends_with('`')
        || (s.starts_with(' ') && s.ends_with(' ') && s.bytes().any(|b| b != b' '));
    out.push_str(&fence);
    if pad {
        out.push(' ');
    }
    scan(out, s, |bytes, i| match bytes[i] {
        b'|' if cell => Some(("\\|", 1)),
        0..=0x1F | 0x7F => Some((" ", 1)),
        0xC2 if matches!(bytes.get(i + 1), Some(0x80..=0x9F)) => Some((" ", 2)),
        _ => None,
    });
    if pad {
        out.push(' ');
    }
    out.push_str(&fence);
}

/// [`code_into`] for a table cell, as a new string.
pub fn code(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    code_into(&mut out, s, true);
    out
}

/// Appends one CSV field (RFC 4180). Text that a spreadsheet would run as a
/// formula (starting with `= + - @`, tab or carriage return) gets a leading `'`.
pub fn csv_into(out: &mut String, s: &str) {
    let formula = matches!(
        s.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    );
    let quote = s.contains([',', '"', '\n', '\r']);
    if quote {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    if quote {
        for (i, part) in s.split('"').enumerate() {
            if i > 0 {
                out.push_str("\"\"");
            }
            out.push_str(part);
        }
        out.push('"');
    } else {
        out.push_str(s);
    }
}

/// [`csv_into`] as a new string.
pub fn csv(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    csv_into(&mut out, s);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_strings_stay_inert() {
        assert_eq!(xml("<script>\"&'"), "&lt;script&gt;&quot;&amp;&apos;");
        assert_eq!(
            markdown("a|b\n<script>&amp;"),
            "a\\|b<br>\\<script\\>\\&amp;"
        );
        assert_eq!(code("frontend->orders"), "`frontend->orders`");
        assert_eq!(code("a`b|c\n"), "``a`b\\|c ``");
        assert_eq!(code("`x"), "`` `x ``");
        assert_eq!(code(" x "), "`  x  `");
        assert_eq!(code(""), "");
        let mut line = String::new();
        code_into(&mut line, "a|b", false);
        assert_eq!(line, "`a|b`");
        assert_eq!(csv("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(csv("a,\"b\""), "\"a,\"\"b\"\"\"");
        assert_eq!(csv("=a,b"), "\"'=a,b\"");
        assert_eq!(csv("@SUM(1)"), "'@SUM(1)");
        assert_eq!(csv("plain"), "plain");
    }

    #[test]
    fn forbidden_characters_are_dropped_or_blanked() {
        assert_eq!(
            xml("a\u{1}b\u{FFFE}c\u{FFFF}d\u{FFFD}\te"),
            "abcd\u{FFFD}\te"
        );
        assert_eq!(markdown("a\u{7}b\u{85}c\u{7F}d é\r"), "a b c d é");
        assert_eq!(
            markdown("*_[x]_*#~!`\\"),
            "\\*\\_\\[x\\]\\_\\*\\#\\~\\!\\`\\\\"
        );
    }

    /// The byte scanners agree with a plain per-character definition on
    /// every character class, including multi-byte neighbours.
    #[test]
    fn scanners_match_the_per_character_definition() {
        fn xml_chars(text: &str) -> String {
            let mut out = String::new();
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
        fn md_chars(s: &str) -> String {
            let mut out = String::new();
            for c in s.chars() {
                match c {
                    '&' | '<' | '>' => {
                        out.push('\\');
                        out.push(c);
                    }
                    '|' => out.push_str("\\|"),
                    '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '~' | '!' => {
                        out.push('\\');
                        out.push(c);
                    }
                    '\r' => {}
                    '\n' => out.push_str("<br>"),
                    c if c.is_control() => out.push(' '),
                    c => out.push(c),
                }
            }
            out
        }
        let samples: Vec<char> = (0u32..0x200)
            .chain([0x2028, 0xFEFF, 0xFFFD, 0xFFFE, 0xFFFF, 0x1F600, 0xEFBF])
            .filter_map(char::from_u32)
            .collect();
        for &a in &samples {
            for b in ['x', 'é', '\u{FFFF}', '<'] {
                let s: String = [b, a, b].iter().collect();
                assert_eq!(xml(&s), xml_chars(&s), "{:?}", s);
                assert_eq!(markdown(&s), md_chars(&s), "{:?}", s);
            }
        }
    }
}
