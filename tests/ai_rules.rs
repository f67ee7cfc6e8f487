//! The AI rules (catalogue/ai.vast) on a support chat written as a user
//! would (tests/fixtures/ai/support-chat.vast): each finding lands on the
//! component that can fix it — the agent users reach, not the vendor's
//! model behind it — and the generic rules that say the same thing about a
//! model (input validation, rate limits, data leaving for a third-party
//! model) step aside, so each problem is said once.

use vastc::compile::{Options, compile};
use vastc::syntax::ast::Date;

fn threats() -> Vec<String> {
    let today = Date {
        year: 2026,
        month: 11,
        day: 26,
    };
    let c = compile(
        std::path::Path::new("tests/fixtures/ai/support-chat.vast"),
        &Options::new(today),
    );
    assert!(!c.has_errors(), "{:?}", c.resolved.diags);
    let mut ids: Vec<String> = c
        .analysis
        .map(|a| a.threats.into_iter().map(|t| t.id).collect())
        .unwrap_or_default();
    ids.sort();
    ids
}

#[test]
fn ai_findings_on_a_support_chat() {
    let ids = threats();
    let ai: Vec<&str> = ids
        .iter()
        .filter(|t| t.starts_with("AI-"))
        .map(String::as_str)
        .collect();
    assert_eq!(
        ai,
        [
            "AI-001@agent",
            "AI-002@index->agent",
            "AI-003@agent->gpt",
            "AI-006@agent->refund",
            "AI-007@refund",
            "AI-008@agent",
            "AI-009@index",
            "AI-010@agent",
            "AI-011@agent",
        ],
        "{ids:?}"
    );
    // Said once: not again by the generic rules, not on the vendor's model.
    for noise in [
        "GEN-008@agent->gpt",
        "GEN-014@agent",
        "GEN-015@agent",
        "GEN-015@gpt",
    ] {
        assert!(!ids.iter().any(|t| t == noise), "{noise}: {ids:?}");
    }
    assert!(!ids.iter().any(|t| t.ends_with("@gpt")), "{ids:?}");
    // The generic rules still speak where no AI rule does.
    assert!(ids.iter().any(|t| t == "GEN-015@refund"), "{ids:?}");
    assert!(ids.iter().any(|t| t == "GEN-011@refund->db"), "{ids:?}");
}
