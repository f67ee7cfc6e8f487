//! Escaping of model strings for every output format, so a label such as
//! `<script>` or `=cmd|' /C calc'!A0` stays inert wherever it lands.

/// Text for XML/HTML/SVG content and attribute values: `& < > " '`
/// escaped; characters XML 1.0 forbids (controls other than tab, newline
/// and carriage return) dropped.
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

/// Text for a Markdown table cell or line: HTML is entity-escaped, Markdown
/// punctuation backslash-escaped, line breaks and pipes cannot break the table.
pub fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
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

/// One CSV field (RFC 4180). Text that a spreadsheet would run as a formula
/// (starting with `= + - @`, tab or carriage return) gets a leading `'`.
pub fn csv(s: &str) -> String {
    let neutral = match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    };
    if neutral.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_strings_stay_inert() {
        assert_eq!(xml("<script>\"&'"), "&lt;script&gt;&quot;&amp;&apos;");
        assert_eq!(markdown("a|b\n<script>"), "a\\|b<br>&lt;script&gt;");
        assert_eq!(csv("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(csv("a,\"b\""), "\"a,\"\"b\"\"\"");
        assert_eq!(csv("@SUM(1)"), "'@SUM(1)");
        assert_eq!(csv("plain"), "plain");
    }
}
