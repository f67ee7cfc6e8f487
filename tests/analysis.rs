//! The threats of the normative examples: the findings the issue names,
//! the risk decisions on them, and the threats that must not appear.

use std::path::Path;
use vastc::analysis::{Analysis, Status, Threat, analyze};
use vastc::model::Model;
use vastc::resolve::resolve_path;
use vastc::syntax::ast::Date;

const TODAY: Date = Date {
    year: 2026,
    month: 11,
    day: 26,
};

fn build(name: &str, today: Date) -> (Model, Analysis) {
    let r = resolve_path(Path::new(&format!("../shared/examples/{name}.vast")));
    assert!(!r.has_errors(), "{:?}", r.diags);
    let a = analyze(&r.model, today);
    (r.model, a)
}

fn find<'a>(a: &'a Analysis, id: &str) -> &'a Threat {
    a.threats.iter().find(|t| t.id == id).unwrap_or_else(|| {
        let ids: Vec<&str> = a.threats.iter().map(|t| t.id.as_str()).collect();
        panic!("no threat {id}; have {ids:?}")
    })
}

#[test]
fn shop_findings() {
    let (_, a) = build("shop", TODAY);
    for id in [
        "K8S-CMP-01@debug-tools",
        "K8S-CMP-02@debug-tools",
        "K8S-CMP-04@debug-tools",
        "K8S-CMP-11@shop",
        "K8S-PRIV-02@ci-deployer",
        "K8S-CRED-06@ci-deployer",
        "K8S-PRIV-03@shop-sa",
        "K8S-PRIV-04@shop-sa",
        "K8S-CRED-03@checkout",
        "K8S-EXT-12@checkout",
        "K8S-CRED-04@etcd",
        "SHOP-001@frontend->cart",
        "refund-fraud",
    ] {
        find(&a, id);
    }
    for absent in [
        "K8S-PRIV-09@shop",
        "K8S-PRIV-09@ingress-ns",
        "K8S-CMP-11@ingress-ns",
    ] {
        assert!(
            a.threats.iter().all(|t| t.id != absent),
            "{absent} must not fire"
        );
    }
}

#[test]
fn shop_risk_decisions() {
    let (_, a) = build("shop", TODAY);
    let t = find(&a, "K8S-CMP-01@debug-tools");
    assert_eq!(t.status, Status::Accepted);
    assert_eq!(
        t.until.map(|d| d.to_string()).as_deref(),
        Some("2027-03-31")
    );
    assert_eq!(find(&a, "K8S-CMP-11@shop").status, Status::Mitigated);
    assert!(a.warnings.is_empty(), "{:?}", a.warnings);

    let (_, later) = build(
        "shop",
        Date {
            year: 2027,
            month: 4,
            day: 1,
        },
    );
    let t = find(&later, "K8S-CMP-01@debug-tools");
    assert_eq!(t.status, Status::Open);
    assert!(t.expired);
    assert!(
        later
            .warnings
            .iter()
            .any(|d| d.code == "vast::analysis::expired_acceptance")
    );
    // The last day of an acceptance still counts.
    let (_, last) = build(
        "shop",
        Date {
            year: 2027,
            month: 3,
            day: 31,
        },
    );
    assert_eq!(
        find(&last, "K8S-CMP-01@debug-tools").status,
        Status::Accepted
    );
}

#[test]
fn evidence_and_scores() {
    let (_, a) = build("shop", TODAY);
    let t = find(&a, "K8S-CMP-01@debug-tools");
    assert_eq!(t.evidence, "privileged");
    assert_eq!(t.scores.base, 8.8);
    assert_eq!(t.category, "compromised-container-or-node");
    // The flow carries restricted card data: CR high raises the score.
    let s = find(&a, "SHOP-001@frontend->cart");
    assert_eq!(s.crossings, Vec::<String>::new());
    let manual = find(&a, "refund-fraud");
    assert_eq!(manual.scores.base, 5.3);
    assert!(manual.manual);
}

#[test]
fn sorted_by_severity_then_id() {
    let (_, a) = build("shop", TODAY);
    for w in a.threats.windows(2) {
        let (x, y) = (&w[0], &w[1]);
        assert!(
            x.scores.severity > y.scores.severity
                || (x.scores.severity == y.scores.severity && x.id < y.id)
        );
    }
}
