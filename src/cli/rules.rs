//! `vastc rules` and `vastc explain RULE`: the built-in catalogue.

use crate::analysis::explain;
use crate::model::{Key, RuleDef};
use crate::resolve::{self, suggest};
use clap::Args;

#[derive(Args, Debug)]
pub struct RulesArgs {
    /// Print the catalogue as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// A rule ID such as K8S-CMP-01.
    pub rule: String,
}

fn text(r: &RuleDef, key: Key) -> String {
    explain::setting(r, key)
}

fn base(r: &RuleDef) -> String {
    explain::base(r)
}

pub fn list(args: &RulesArgs) -> i32 {
    let rules = &resolve::catalogue().rules;
    if args.json {
        let items: Vec<serde_json::Value> = rules
            .iter()
            .map(|r| {
                serde_json::json!({
                    "id": r.id, "title": r.title, "applies_to": r.applies_to.as_str(),
                    "category": text(r, Key::Category), "stride": text(r, Key::Stride),
                    "cvss": text(r, Key::Cvss), "base": base(r),
                    "when": r.when.as_ref().map(|w| w.to_string()),
                    "references": text(r, Key::References), "mitigation": text(r, Key::Mitigation),
                })
            })
            .collect();
        super::outln(&serde_json::to_string_pretty(&items).unwrap_or_default());
        return super::EXIT_OK;
    }
    super::outln(&format!(
        "{:<12} {:<9} {:<31} {:<7} {:>4}  title",
        "rule", "on", "category", "stride", "base"
    ));
    for r in rules {
        super::outln(&format!(
            "{:<12} {:<9} {:<31} {:<7} {:>4}  {}",
            r.id,
            r.applies_to,
            text(r, Key::Category),
            text(r, Key::Stride).replace(", ", ""),
            base(r),
            r.title
        ));
    }
    super::outln(&format!(
        "{} rules; `vastc explain RULE` shows one in full",
        rules.len()
    ));
    super::EXIT_OK
}

pub fn explain(args: &ExplainArgs) -> i32 {
    let c = resolve::catalogue();
    let Some(r) = c.rules.iter().find(|r| r.id == args.rule) else {
        let help = suggest::did_you_mean(&args.rule, c.rules.iter().map(|r| r.id.as_str()))
            .unwrap_or_else(|| "`vastc rules` lists them".into());
        eprintln!("error: no built-in rule `{}`; {help}", args.rule);
        return super::EXIT_ERRORS;
    };
    let (file, line, _) = c.sources.location(r.span);
    super::out(&explain::explain(r, &format!("{file}:{line}")));
    super::EXIT_OK
}
