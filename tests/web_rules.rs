//! The web-application rules on a comment site written after pytm's
//! example model (tests/fixtures/web/comment-site.vast): stored
//! cross-site scripting is found where the rendering process does not
//! encode its output and not where it does; a store that accepts
//! unauthenticated access is one finding, not one per flow; an
//! unencrypted, unauthenticated flow of sensitive data is one finding
//! (GEN-004), not two; and the whole model stays well under pytm's count.

use vastc::analysis::analyze;
use vastc::resolve::resolve_str;
use vastc::syntax::ast::Date;

const TODAY: Date = Date {
    year: 2026,
    month: 11,
    day: 26,
};

const MODEL: &str = include_str!("fixtures/web/comment-site.vast");

/// The threat IDs of `text`, sorted.
fn threats(text: &str) -> Vec<String> {
    let r = resolve_str("comment-site.vast", text);
    assert!(!r.has_errors(), "{:?}", r.diags);
    let mut ids: Vec<String> = analyze(&r.model, TODAY)
        .threats
        .into_iter()
        .map(|t| t.id)
        .collect();
    ids.sort();
    ids
}

fn of_rule<'a>(ids: &'a [String], rule: &str) -> Vec<&'a str> {
    ids.iter()
        .filter(|t| t.split('@').next() == Some(rule))
        .map(String::as_str)
        .collect()
}

#[test]
fn comment_site_findings() {
    let ids = threats(MODEL);
    // The web server encodes its output (pytm: encodesOutput), so the
    // comments it shows are no stored cross-site scripting.
    assert!(of_rule(&ids, "GEN-031").is_empty(), "{ids:?}");
    // The SQL database has three clients, none authenticating: one
    // finding; the identity database one more, for its one client.
    assert_eq!(
        of_rule(&ids, "GEN-011"),
        ["GEN-011@db", "GEN-011@secret-db"],
        "{ids:?}"
    );
    // The user's HTTP flow carries a restricted token without encryption
    // or authentication: GEN-004 says it, GEN-009 steps aside.
    assert!(ids.iter().any(|t| t == "GEN-004@user->web"), "{ids:?}");
    assert!(of_rule(&ids, "GEN-009").is_empty(), "{ids:?}");
    // Hardened web server: no hardening finding; the identity token is
    // personal data the assistant never sees.
    assert!(of_rule(&ids, "GEN-032").is_empty(), "{ids:?}");
    assert!(of_rule(&ids, "AI-003").is_empty(), "{ids:?}");
    assert!(ids.len() < 30, "{} findings: {ids:?}", ids.len());
}

#[test]
fn comments_shown_unencoded_are_stored_cross_site_scripting() {
    let text = MODEL.replace("output-encoded true", "output-encoded false");
    let ids = threats(&text);
    assert_eq!(of_rule(&ids, "GEN-031"), ["GEN-031@db->web"], "{ids:?}");
    // The agent reads the comments too, but serves no user: AI-002's.
    assert!(!ids.iter().any(|t| t == "GEN-031@agent->db"), "{ids:?}");
}

#[test]
fn an_unhardened_server_and_personal_data_for_the_assistant() {
    let text = MODEL
        .replace(
            "    hardened true\n    output-encoded",
            "    output-encoded",
        )
        .replace(
            "carries drafts\n  returns drafts",
            "carries drafts, identity-token\n  returns drafts",
        );
    let ids = threats(&text);
    assert_eq!(of_rule(&ids, "GEN-032"), ["GEN-032@web"], "{ids:?}");
    assert_eq!(
        of_rule(&ids, "AI-003"),
        ["AI-003@web->assistant"],
        "{ids:?}"
    );
}
