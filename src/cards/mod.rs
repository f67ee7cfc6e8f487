//! Security Cards brainstorms (`vastc cards`): the deck, a deterministic
//! deal, and the Markdown worksheet.
//!
//! The deck's suits and titles come from `data/security-cards.tsv`; the
//! prompts are vastc's own ([`prompts`]). Each suit's overview card stays
//! out of the deal: the worksheet says what the suit asks about instead.

pub mod prompts;
mod worksheet;

pub use worksheet::{Focus, worksheet};

use crate::generate::Lcg;

/// The suits and titles of the deck, tab-separated, with a header line.
const DECK: &str = include_str!("../../data/security-cards.tsv");

/// One card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Card {
    pub suit: &'static str,
    pub title: &'static str,
}

/// Every card that can be dealt, in deck order.
pub fn deck() -> Vec<Card> {
    DECK.lines()
        .skip(1)
        .filter_map(|l| l.split_once('\t'))
        .map(|(suit, title)| Card {
            suit: suit.trim(),
            title: title.trim(),
        })
        .filter(|c| !c.title.ends_with("(suit overview card)"))
        .collect()
}

/// Deals `per_suit` cards of each suit (suits in [`prompts::SUITS`] order);
/// the same seed gives the same deal.
pub fn deal(seed: u64, per_suit: usize) -> Vec<Card> {
    let deck = deck();
    let mut rng = Lcg::new(seed);
    let mut hand = Vec::new();
    for guide in prompts::SUITS {
        let mut suit: Vec<&Card> = deck.iter().filter(|c| c.suit == guide.suit).collect();
        // A partial Fisher–Yates shuffle: the first `per_suit` places.
        let n = per_suit.min(suit.len());
        for i in 0..n {
            let j = i + rng.below(suit.len() - i);
            suit.swap(i, j);
        }
        hand.extend(suit.into_iter().take(n).cloned());
    }
    hand
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_card_has_a_suit_guide_and_a_prompt() {
        let deck = deck();
        assert_eq!(deck.len(), 38);
        for c in &deck {
            assert!(prompts::SUITS.iter().any(|s| s.suit == c.suit), "{c:?}");
            assert!(
                prompts::PROMPTS
                    .iter()
                    .any(|(s, t, _)| *s == c.suit && *t == c.title),
                "no prompt for {c:?}"
            );
        }
    }

    #[test]
    fn deals_are_deterministic() {
        assert_eq!(deal(7, 2), deal(7, 2));
        assert_ne!(deal(1, 2), deal(2, 2));
        assert_eq!(deal(1, 2).len(), 8);
        assert_eq!(deal(1, 100).len(), 38);
    }
}
