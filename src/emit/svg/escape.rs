//! XML escaping of every string taken from the model, for text content and
//! attribute values alike.

pub use crate::emit::escape::xml;

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
