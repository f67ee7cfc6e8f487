//! The Markdown worksheet of a deal.

use super::Card;
use super::prompts::{self, SUITS};
use crate::emit::escape;
use std::fmt::Write;

/// What the brainstorm is about.
#[derive(Clone, Debug, Default)]
pub struct Focus {
    /// The target as threats write it (`web`, `a -> b`); `None` for the whole model.
    pub target: Option<String>,
    /// How prompts name it: "the process `web` (\"web\")"; "the system" by default.
    pub phrase: String,
    /// The model's title, when a model was given.
    pub model: Option<String>,
    /// The command's arguments before `--seed`, to deal again (` web --model m.vast`).
    pub args: String,
}

/// The worksheet: one section per card with its prompt, blanks to fill in
/// and a `threat` stub to paste into the model.
pub fn worksheet(cards: &[Card], focus: &Focus, seed: u64) -> String {
    let mut s = String::new();
    let about = match (&focus.target, &focus.model) {
        (Some(_), _) => focus.phrase.clone(),
        (None, Some(m)) => format!("the model “{}”", escape::markdown(m)),
        (None, None) => "the whole system".to_string(),
    };
    let phrase = if focus.target.is_some() {
        focus.phrase.clone()
    } else {
        about.clone()
    };
    let _ = writeln!(s, "# Security Cards brainstorm: {about}\n");
    let _ = writeln!(
        s,
        "Seed {seed}: {} cards. Another deal: `vastc cards{} --seed {}`.\n",
        cards.len(),
        focus.args,
        seed.wrapping_add(1)
    );
    let _ = writeln!(
        s,
        "For each card, take a few minutes: answer the prompt for {phrase}, fill in the \
         blanks, and when a threat comes out of it, paste the stub into the model and \
         edit it. The suits ask:\n"
    );
    for g in SUITS {
        let _ = writeln!(s, "- **{}**: {}", g.suit, g.question);
    }
    for (n, card) in cards.iter().enumerate() {
        let guide = SUITS.iter().find(|g| g.suit == card.suit);
        let _ = writeln!(s, "\n## {}. {}: {}\n", n + 1, card.suit, card.title);
        let _ = writeln!(s, "> {}\n", prompts::prompt(card.suit, card.title, &phrase));
        for blank in guide.map(|g| g.blanks).unwrap_or(&[]) {
            let _ = writeln!(s, "- {blank}: ______");
        }
        let _ = writeln!(s, "- Threat: ______");
        let _ = writeln!(s, "- Mitigation: ______\n");
        let short = guide.map(|g| g.short).unwrap_or("card");
        let _ = writeln!(s, "```vast\n{}```", stub(card, short, focus));
    }
    s
}

/// A `threat` declaration ready to edit.
fn stub(card: &Card, short: &str, focus: &Focus) -> String {
    let prefix = focus
        .target
        .as_deref()
        .map(|t| slug(&t.replace("->", " to ")))
        .unwrap_or_else(|| "threat".into());
    let id = format!("{prefix}-{short}-{}", slug(card.title));
    let on = focus.target.as_deref().unwrap_or("TARGET");
    let mut s = format!("threat {id} \"TODO: the threat in one line\" on {on} {{\n");
    if focus.target.is_none() {
        s.push_str("  // replace TARGET with an element, flow, boundary, identity or data ID\n");
    }
    s.push_str("  stride S // the STRIDE letters that fit: S, T, R, I, D, E\n");
    s.push_str(
        "  category other // or external-attack, compromised-container-or-node, \
         compromised-credentials, misuse-of-privileges\n",
    );
    s.push_str(
        "  severity medium // placeholder until scored: replace with `cvss \"CVSS:3.1/…\"`, \
         or state low, high or critical\n",
    );
    s.push_str("  mitigation \"TODO\"\n");
    let _ = writeln!(
        s,
        "  card {}",
        crate::syntax::ast::quote(&format!("{}: {}", card.suit, card.title))
    );
    s.push_str("}\n");
    s
}

/// Lower-case words joined by `-`, usable in an identifier.
fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out
    } else {
        format!("t-{out}")
    }
}
