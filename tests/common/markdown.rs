//! Markdown read as a renderer reads it (CommonMark with GitHub's tables):
//! model text in an output must stay text, never becoming HTML, an image
//! or a link to another scheme.

#![allow(dead_code)]

use pulldown_cmark::{Event, Options, Parser, Tag};

/// Panics with `what` if `text` renders any HTML but `<br>`, any image, or a link
/// whose destination has a scheme (`javascript:`, `http:`); relative links
/// (`report.html`) are the outputs' own.
pub fn inert(what: &str, text: &str) {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(text, options) {
        match event {
            // A line break inside a table cell is written as `<br>`.
            Event::InlineHtml(h) if &*h == "<br>" => {}
            Event::Html(h) | Event::InlineHtml(h) => panic!("{what}: raw HTML {h:?}"),
            Event::Start(Tag::Image { dest_url, .. }) => {
                panic!("{what}: an image {dest_url:?}")
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                assert!(!dest_url.contains(':'), "{what}: a link to {dest_url:?}")
            }
            _ => {}
        }
    }
}

/// The text a renderer shows for `text`: inline code and plain text, with
/// the escapes undone.
pub fn rendered(text: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut out = String::new();
    for event in Parser::new_ext(text, options) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push('\n'),
            _ => {}
        }
    }
    out
}
