//! The AI rules (catalogue/ai.vast) on a support chat written as a user
//! would (tests/fixtures/ai/support-chat.vast): each finding lands on the
//! component that can fix it — the agent users reach, not the vendor's
//! model behind it — and the generic rules that say the same thing about a
//! model (input validation, rate limits, data leaving for a third-party
//! model) step aside, so each problem is said once.

use vastc::compile::{Options, compile};
use vastc::syntax::ast::Date;

const TODAY: Date = Date {
    year: 2026,
    month: 11,
    day: 26,
};

fn threats() -> Vec<String> {
    let c = compile(
        std::path::Path::new("tests/fixtures/ai/support-chat.vast"),
        &Options::new(TODAY),
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
    assert!(ids.iter().any(|t| t == "GEN-011@db"), "{ids:?}");
}

/// A prompt-injected agent runs the refund tool it calls (no person
/// approves refunds) and so holds the tool's key; with approval it only
/// reaches the tool.
#[test]
fn an_injected_agent_takes_over_its_tools() {
    let text = std::fs::read_to_string("tests/fixtures/ai/support-chat.vast").unwrap();
    let reach = |text: &str| -> Vec<(String, String)> {
        let c = vastc::compile::compile_str(
            "support-chat.vast",
            &format!("{text}\nscenario injected {{ compromise agent }}\n"),
            &Options::new(TODAY),
        );
        let a = c.analysis.as_ref().expect("no errors");
        let rep = vastc::emit::report::report(c.model(), a);
        rep.scenarios[0]
            .findings
            .iter()
            .map(|f| (f.id.clone(), f.access.to_string()))
            .collect()
    };
    let has = |r: &[(String, String)], id: &str, access: &str| {
        r.iter().any(|(i, a)| i == id && a == access)
    };
    let r = reach(&text);
    assert!(has(&r, "refund", "control"), "{r:?}");
    assert!(has(&r, "refund-key", "hold"), "{r:?}");
    let approved = text.replace(
        "    runs-as refund-key",
        "    runs-as refund-key\n    human-approval true",
    );
    let r = reach(&approved);
    assert!(
        !has(&r, "refund", "control") && has(&r, "refund", "reach"),
        "{r:?}"
    );
    assert!(!has(&r, "refund-key", "hold"), "{r:?}");
}

/// A model without Kubernetes is not told about containers and nodes: its
/// threat tables use the generic headings; a Kubernetes model keeps them.
/// The category IDs in JSON and SARIF are the same either way.
#[test]
fn headings_fit_a_model_without_kubernetes() {
    let md = |path: &str| -> String {
        let c = compile(std::path::Path::new(path), &Options::new(TODAY));
        let out = vastc::emit::render(&c, &[vastc::emit::Format::Md]);
        let (_, bytes) = out
            .into_iter()
            .find(|(n, _)| n == "threats.md")
            .expect("threats.md");
        String::from_utf8(bytes).unwrap()
    };
    let chat = md("tests/fixtures/ai/support-chat.vast");
    assert!(
        chat.contains("\n## Compromised host or component\n"),
        "{chat}"
    );
    assert!(!chat.contains("container or node"), "{chat}");
    let payments = md("models/payments.vast");
    assert!(payments.contains("\n## Compromised container or node\n"));
    assert!(!payments.contains("host or component"));
}
