//! `vastc import k8s` on NetworkPolicies beyond default-deny
//! (`tests/fixtures/k8s/attacker/policies.yaml`): a workload a policy
//! selects for ingress is reached over the pod network only by what the
//! policies admit (`ingress-from`, `ingress-isolated`), in scenarios and in
//! attack paths; what admits every address stays open.

#[path = "common/k8s.rs"]
mod support;

use support::*;
use vastc::model::Val;

const POLICIES: &str = "tests/fixtures/k8s/attacker/policies.yaml";

fn ids(v: &Val) -> Vec<String> {
    match v {
        Val::List(l) => l.iter().map(Val::display).collect(),
        other => vec![other.display()],
    }
}

#[test]
fn policies_become_ingress_settings() {
    let i = import_path(POLICIES);
    let m = resolve(&i.vast);
    assert_eq!(ids(&setting(&m, "db", "ingress-from")), ["api"]);
    assert_eq!(ids(&setting(&m, "api", "ingress-from")), ["gateway"]);
    // Policies add up: two select reports.
    assert_eq!(
        ids(&setting(&m, "reports", "ingress-from")),
        ["frontend", "gateway"]
    );
    assert_eq!(setting(&m, "batch", "ingress-isolated"), Val::Bool(true));
    // An ipBlock cannot be mapped to pods; nothing selects the frontend
    // for ingress.
    for open in ["metrics", "frontend", "gateway"] {
        let el = element(&m, open);
        assert!(
            !el.settings.contains(key("ingress-from"))
                && !el.settings.contains(key("ingress-isolated")),
            "{open}: {:?}",
            el.settings
        );
    }
    assert!(
        i.vast.contains(
            "// ingress limited by NetworkPolicy backend-from-edge, reports-from-frontend\n    process reports"
        ),
        "{}",
        i.vast
    );
    assert!(
        i.vast
            .contains("// egress rules not modelled: NetworkPolicy frontend-egress")
    );
}

#[test]
fn scenarios_follow_the_policies() {
    // The frontend reaches metrics (open) and reports (admitted), not the
    // api, the database or batch.
    let r = reach_of(POLICIES, "frontend");
    assert!(has(&r, "metrics", "reach"), "{r:?}");
    assert!(has(&r, "reports", "reach"), "{r:?}");
    for closed in ["api", "db", "batch"] {
        assert!(!r.iter().any(|(i, _)| i == closed), "{closed}: {r:?}");
    }
    // The gateway, in another namespace, is admitted to both backends.
    let r = reach_of(POLICIES, "gateway");
    for open in ["api", "reports", "metrics"] {
        assert!(has(&r, open, "reach"), "{open}: {r:?}");
    }
    assert!(!r.iter().any(|(i, _)| i == "db"), "{r:?}");
    // The api, once controlled, is admitted to the database.
    let r = reach_of(POLICIES, "api");
    assert!(has(&r, "db", "reach"), "{r:?}");
}
