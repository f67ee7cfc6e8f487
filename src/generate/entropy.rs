//! Sources of choices for the random model generator: a seeded [`Lcg`], or
//! the bytes of a fuzz input.

use super::Lcg;

/// A source of choices: a seeded generator, or the bytes of a fuzz input.
pub trait Entropy {
    /// A number in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize;

    /// True one time in `n`.
    fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }
}

impl Entropy for Lcg {
    fn below(&mut self, n: usize) -> usize {
        Lcg::below(self, n)
    }
}

/// Choices read from a byte string (a fuzz input): one byte per choice
/// (two for choices among more than 256), 0 once the bytes run out, so
/// small mutations of the input make small changes to the model.
pub struct Bytes<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Bytes<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Bytes { data, at: 0 }
    }

    fn byte(&mut self) -> usize {
        let b = self.data.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b as usize
    }
}

impl Entropy for Bytes<'_> {
    fn below(&mut self, n: usize) -> usize {
        if n <= 1 {
            return 0;
        }
        let mut v = self.byte();
        if n > 256 {
            v = v << 8 | self.byte();
        }
        v % n
    }
}
