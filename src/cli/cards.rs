//! `vastc cards [TARGET] [--seed N] [--model FILE]`: a Security Cards
//! brainstorm worksheet in Markdown on stdout.

use crate::cards::{self, Focus};
use crate::diagnostic::{self, RenderOptions};
use crate::model::Model;
use crate::resolve;
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct CardsArgs {
    /// The element, flow (`a->b` or its ID), boundary, identity or data to
    /// brainstorm about (default: the whole model).
    pub target: Option<String>,
    /// Seed of the deal: the same seed deals the same cards.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Cards dealt from each suit.
    #[arg(long, default_value_t = 2)]
    pub per_suit: usize,
    /// The model TARGET is looked up in (and described from).
    #[arg(long)]
    pub model: Option<PathBuf>,
}

/// Runs `cards`; returns the exit status.
pub fn run(args: &CardsArgs) -> i32 {
    let target = args
        .target
        .as_deref()
        .map(|t| t.split_whitespace().collect::<String>());
    let mut focus = Focus {
        target: target.clone(),
        phrase: target
            .as_deref()
            .map(|t| format!("`{t}`"))
            .unwrap_or_default(),
        model: None,
        args: String::new(),
    };
    if let Some(t) = &target {
        let shown = if t.contains('>') {
            format!(" '{t}'")
        } else {
            format!(" {t}")
        };
        focus.args.push_str(&shown);
    }
    if let Some(path) = &args.model {
        focus
            .args
            .push_str(&format!(" --model {}", super::shown(path)));
        let r = resolve::resolve_path(path);
        if r.has_errors() {
            let options = RenderOptions {
                color: super::stderr_color(),
                width: 100,
            };
            eprint!("{}", diagnostic::render(&r.diags, r.sources(), options));
            eprintln!("{}: model errors; fix them first", super::shown(path));
            return super::EXIT_ERRORS;
        }
        focus.model = Some(r.model.title.clone()).filter(|t| !t.is_empty());
        if let Some(t) = &target {
            match describe(&r.model, t) {
                Ok((written, phrase)) => {
                    focus.target = Some(written);
                    focus.phrase = phrase;
                }
                Err(help) => {
                    eprintln!(
                        "error: `{t}` is not an element, flow, boundary, identity or data of {}",
                        super::shown(path)
                    );
                    eprintln!("  help: {help}");
                    return super::EXIT_ERRORS;
                }
            }
        }
    }
    if args.per_suit == 0 {
        eprintln!("error: --per-suit must be at least 1");
        return super::EXIT_ERRORS;
    }
    let hand = cards::deal(args.seed, args.per_suit);
    super::out(&cards::worksheet(&hand, &focus, args.seed));
    super::EXIT_OK
}

/// The target as a threat writes it and as prompts name it, or a help line.
fn describe(model: &Model, id: &str) -> Result<(String, String), String> {
    let labelled = |kind: &str, id: &str, label: &str| {
        let label = crate::emit::escape::markdown(label);
        if label.is_empty() || label == id {
            format!("the {kind} `{id}`")
        } else {
            format!("the {kind} `{id}` (“{label}”)")
        }
    };
    if let Some(e) = model.elements.iter().find(|e| e.id == id) {
        let kind = format!("{} {}", e.kind, e.ty.as_str());
        return Ok((id.to_string(), labelled(kind.trim(), id, &e.label)));
    }
    if let Some(f) = model.flows.iter().find(|f| f.id == id) {
        let (a, b) = (&model.elements[f.source].id, &model.elements[f.target].id);
        let written = if f.id == format!("{a}->{b}") {
            format!("{a} -> {b}")
        } else {
            f.id.clone()
        };
        let phrase = if f.label.is_empty() {
            format!("the flow `{a}` → `{b}`")
        } else {
            format!(
                "the flow `{a}` → `{b}` (“{}”)",
                crate::emit::escape::markdown(&f.label)
            )
        };
        return Ok((written, phrase));
    }
    if let Some(b) = model.boundaries.iter().find(|b| b.id == id) {
        let kind = format!("{} boundary", b.kind);
        return Ok((id.to_string(), labelled(&kind, id, &b.label)));
    }
    if let Some(i) = model.identities.iter().find(|i| i.id == id && !i.implicit) {
        let kind = format!("{} identity", i.kind);
        return Ok((id.to_string(), labelled(&kind, id, &i.label)));
    }
    if let Some(d) = model.data.iter().find(|d| d.id == id) {
        return Ok((id.to_string(), labelled("data asset", id, &d.label)));
    }
    let ids = model
        .elements
        .iter()
        .map(|e| e.id.as_str())
        .chain(model.flows.iter().map(|f| f.id.as_str()))
        .chain(model.boundaries.iter().map(|b| b.id.as_str()))
        .chain(
            model
                .identities
                .iter()
                .filter(|i| !i.implicit)
                .map(|i| i.id.as_str()),
        )
        .chain(model.data.iter().map(|d| d.id.as_str()));
    Err(resolve::suggest::did_you_mean(id, ids)
        .unwrap_or_else(|| "`vastc cards` without a target brainstorms the whole model".into()))
}
