//! A rule in full, as `vastc explain` prints it and an editor's hover shows
//! it: title, description, what it applies to, its condition, category,
//! STRIDE letters, CVSS vector and base score, references, mitigation and
//! where it is defined.

use crate::model::{RuleDef, Val};

/// One setting of a rule as text (empty when unset).
pub fn setting(r: &RuleDef, name: &str) -> String {
    r.settings.get(name).map(Val::display).unwrap_or_default()
}

/// The rule's CVSS base score with one decimal (empty when its vector does
/// not score).
pub fn base(r: &RuleDef) -> String {
    let v = setting(r, "cvss");
    super::score::score(
        &v,
        super::score::Requirements {
            cr: 'M',
            ir: 'M',
            ar: 'M',
        },
    )
    .map(|s| format!("{:.1}", s.base))
    .unwrap_or_default()
}

/// The rule in full, one line per field; `defined` is where it is written
/// (`file:line`).
pub fn explain(r: &RuleDef, defined: &str) -> String {
    let mut out = format!("{} — {}\n\n", r.id, r.title);
    let desc = setting(r, "description");
    if !desc.is_empty() {
        out.push_str(&format!("{desc}\n\n"));
    }
    out.push_str(&format!("applies to   {}\n", r.applies_to));
    if let Some(w) = &r.when {
        out.push_str(&format!("when         {w}\n"));
    }
    out.push_str(&format!("category     {}\n", setting(r, "category")));
    out.push_str(&format!("STRIDE       {}\n", setting(r, "stride")));
    out.push_str(&format!(
        "CVSS         {} (base {})\n",
        setting(r, "cvss"),
        base(r)
    ));
    out.push_str(&format!("references   {}\n", setting(r, "references")));
    out.push_str(&format!("mitigation   {}\n", setting(r, "mitigation")));
    out.push_str(&format!("defined in   {defined}\n"));
    out
}
