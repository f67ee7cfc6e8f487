//! The comment cursor of `fmt`: every comment of the file in source order,
//! each handed out exactly once as the printer walks the tree.

use crate::syntax::ast::Comment;

pub struct Comments<'a> {
    list: Vec<&'a Comment>,
    next: usize,
}

impl<'a> Comments<'a> {
    pub fn new(comments: &'a [Comment]) -> Self {
        let mut list: Vec<&Comment> = comments.iter().collect();
        list.sort_by_key(|c| c.span.start);
        Comments { list, next: 0 }
    }

    /// Takes the next comment if it starts before `pos`.
    pub fn take_before(&mut self, pos: usize) -> Option<&'a Comment> {
        let c = *self.list.get(self.next)?;
        (c.span.start < pos).then(|| {
            self.next += 1;
            c
        })
    }

    /// The next comment if it starts before `pos`, left in place.
    pub fn peek_before(&self, pos: usize) -> Option<&'a Comment> {
        self.list
            .get(self.next)
            .copied()
            .filter(|c| c.span.start < pos)
    }

    /// Is there a comment left that starts before `pos`?
    pub fn any_before(&self, pos: usize) -> bool {
        self.list.get(self.next).is_some_and(|c| c.span.start < pos)
    }

    /// Is there a comment left that starts inside `start..end`?
    pub fn any_in(&self, start: usize, end: usize) -> bool {
        self.list[self.next.min(self.list.len())..]
            .iter()
            .take_while(|c| c.span.start < end)
            .any(|c| c.span.start >= start)
    }

    /// Skips the comments before `pos` (they are part of text printed verbatim).
    pub fn skip_before(&mut self, pos: usize) {
        while self.take_before(pos).is_some() {}
    }

    /// Where the item at `start..end` really ends: the parser's spans may
    /// include the white space, separators and comments after the last token.
    /// A comment ending here is skipped whole before any more white space
    /// is trimmed, so a comment ending in a separator character (such as
    /// U+FEFF) keeps it.
    pub fn trim_end(&self, text: &str, start: usize, end: usize) -> usize {
        let mut pos = end.min(text.len());
        loop {
            if let Ok(i) = self.list.binary_search_by_key(&pos, |c| c.span.end)
                && self.list[i].span.start >= start
                && self.list[i].span.start < pos
            {
                pos = self.list[i].span.start;
                continue;
            }
            match text.get(start..pos).and_then(|s| s.chars().next_back()) {
                Some(c @ (' ' | '\t' | '\n' | '\r' | ';' | '\u{FEFF}')) => pos -= c.len_utf8(),
                _ => return pos,
            }
        }
    }
}
