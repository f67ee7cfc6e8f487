//! A rule in full, as `vastc explain` prints it and an editor's hover shows
//! it: title, description, what it applies to, its condition, category,
//! STRIDE letters, CVSS vector and base score, references, mitigation and
//! where it is defined.

use crate::model::{Key, RuleDef, Val};

/// One setting of a rule as text (empty when unset).
pub fn setting(r: &RuleDef, key: Key) -> String {
    r.settings.get(key).map(Val::display).unwrap_or_default()
}

/// The rule's CVSS base score with one decimal (empty when its vector does
/// not score).
pub fn base(r: &RuleDef) -> String {
    let v = setting(r, Key::Cvss);
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
    let desc = setting(r, Key::Description);
    if !desc.is_empty() {
        out.push_str(&format!("{desc}\n\n"));
    }
    out.push_str(&format!("applies to   {}\n", r.applies_to));
    if let Some(w) = &r.when {
        out.push_str(&format!("when         {w}\n"));
    }
    out.push_str(&format!("category     {}\n", setting(r, Key::Category)));
    out.push_str(&format!("STRIDE       {}\n", setting(r, Key::Stride)));
    out.push_str(&format!(
        "CVSS         {} (base {})\n",
        setting(r, Key::Cvss),
        base(r)
    ));
    out.push_str(&format!("references   {}\n", setting(r, Key::References)));
    out.push_str(&format!("mitigation   {}\n", setting(r, Key::Mitigation)));
    out.push_str(&format!("defined in   {defined}\n"));
    out
}
