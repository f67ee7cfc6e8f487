//! The threats of the project's models (`models/`): the findings a security
//! reviewer expects of the clinic model, the risk decisions on them, and the
//! threats that must not appear.

use std::path::Path;
use vastc::analysis::{Analysis, Severity, Status, Threat, analyze};
use vastc::model::Model;
use vastc::resolve::resolve_path;
use vastc::syntax::ast::Date;

const TODAY: Date = Date {
    year: 2026,
    month: 11,
    day: 26,
};

fn build(name: &str, today: Date) -> (Model, Analysis) {
    let r = resolve_path(Path::new(&format!("models/{name}.vast")));
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
fn clinic_findings() {
    let (_, a) = build("clinic", TODAY);
    for id in [
        // The privileged backup agent with the kubelet directory and the host network.
        "K8S-CMP-01@backup-agent",
        "K8S-CMP-02@backup-agent",
        "K8S-CMP-04@backup-agent",
        "K8S-CMP-10@backup-agent->metadata",
        "K8S-CMP-11@booking",
        // The release pipeline's long-lived wildcard token.
        "K8S-PRIV-02@release-token",
        "K8S-CRED-06@release-token",
        // The booking account reads Secrets cluster-wide and creates pods.
        "K8S-PRIV-03@booking-sa",
        "K8S-PRIV-04@booking-sa",
        "K8S-CRED-03@scheduler",
        "K8S-EXT-12@scheduler",
        "K8S-CRED-04@etcd",
        // Medical records in clear text inside the namespace.
        "GEN-005@portal->scheduler",
        "CLINIC-001@scheduler->claims",
        "slot-hoarding",
    ] {
        find(&a, id);
    }
    assert_eq!(
        find(&a, "K8S-PRIV-03@booking-sa").scores.severity,
        Severity::Critical
    );
    for absent in [
        // booking enforces baseline, edge restricted Pod Security.
        "K8S-PRIV-09@booking",
        "K8S-PRIV-09@edge",
        // edge has a default-deny NetworkPolicy.
        "K8S-CMP-11@edge",
        // The partner flow to the claims API is the only one the team rule names.
        "CLINIC-001@scheduler->records-db",
        "CLINIC-001@patient->gateway",
        // The portal's image comes from the trusted registry with a version tag.
        "K8S-EXT-12@portal",
    ] {
        assert!(
            a.threats.iter().all(|t| t.id != absent),
            "{absent} must not fire"
        );
    }
}

#[test]
fn clinic_risk_decisions() {
    let (_, a) = build("clinic", TODAY);
    let t = find(&a, "K8S-CMP-01@backup-agent");
    assert_eq!(t.status, Status::Accepted);
    assert_eq!(
        t.until.map(|d| d.to_string()).as_deref(),
        Some("2027-03-31")
    );
    assert_eq!(find(&a, "K8S-CMP-11@booking").status, Status::Mitigated);
    // The scheduler's acceptance ran out on 2026-10-31: open again, and the
    // only warning of the build.
    let lapsed = find(&a, "K8S-EXT-12@scheduler");
    assert_eq!(lapsed.status, Status::Open);
    assert!(lapsed.expired);
    let codes: Vec<&str> = a.warnings.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        ["vast::analysis::expired_acceptance"],
        "{:?}",
        a.warnings
    );
    // Before its date the same acceptance holds.
    let (_, earlier) = build(
        "clinic",
        Date {
            year: 2026,
            month: 10,
            day: 31,
        },
    );
    let t = find(&earlier, "K8S-EXT-12@scheduler");
    assert_eq!(t.status, Status::Accepted);
    assert!(!t.expired);
    assert!(earlier.warnings.is_empty(), "{:?}", earlier.warnings);

    let (_, later) = build(
        "clinic",
        Date {
            year: 2027,
            month: 4,
            day: 1,
        },
    );
    let t = find(&later, "K8S-CMP-01@backup-agent");
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
        "clinic",
        Date {
            year: 2027,
            month: 3,
            day: 31,
        },
    );
    assert_eq!(
        find(&last, "K8S-CMP-01@backup-agent").status,
        Status::Accepted
    );
}

#[test]
fn evidence_and_scores() {
    let (_, a) = build("clinic", TODAY);
    let t = find(&a, "K8S-CMP-01@backup-agent");
    assert_eq!(t.evidence, "privileged");
    assert_eq!(t.scores.base, 8.8);
    assert_eq!(&*t.category, "compromised-container-or-node");
    // The team rule's flow leaves the namespace, the cluster and the cloud
    // account and enters the partner's boundary.
    let s = find(&a, "CLINIC-001@scheduler->claims");
    assert_eq!(s.crossings, ["booking", "cluster", "cloud", "insurer"]);
    assert_eq!(&*s.category, "compromised-credentials");
    // A flow inside the namespace crosses nothing.
    assert!(find(&a, "GEN-005@portal->scheduler").crossings.is_empty());
    // The manual threat: base score of AV:N/AC:L/PR:L/UI:N/S:U/C:N/I:L/A:H
    // is 7.1 by the CVSS 3.1 formula.
    let manual = find(&a, "slot-hoarding");
    assert_eq!(manual.scores.base, 7.1);
    assert!(manual.manual);
}

#[test]
fn sorted_by_severity_then_id() {
    let (_, a) = build("clinic", TODAY);
    for w in a.threats.windows(2) {
        let (x, y) = (&w[0], &w[1]);
        assert!(
            x.scores.severity > y.scores.severity
                || (x.scores.severity == y.scores.severity && x.id < y.id)
        );
    }
}

/// `grants(*, *)` in a rule matches any grant at all, so its evidence
/// reads "holds a permission" / "holds no permission", never "may do
/// anything to every resource" for an account that can only read pods.
#[test]
fn wildcard_grant_queries_read_as_any_permission() {
    let (_, a) = build("starter", TODAY);
    let why = &find(&a, "K8S-CRED-01@web").why;
    assert!(why.contains("; holds no permission;"), "{why}");
    assert!(!why.contains("every permission"), "{why}");
    // An account nothing uses that may only read pods.
    let text = std::fs::read_to_string("models/starter.vast").unwrap()
        + "\nidentity idle-sa \"idle account\" {\n  kind k8s-service-account\n  scope status\n  allow get, list on pods\n}\n";
    let c = vastc::compile_str("starter.vast", &text, &vastc::Options::new(TODAY));
    let a = c.analysis.as_ref().expect("compiles");
    let unused = find(a, "GEN-027@idle-sa");
    assert!(unused.why.contains("holds a permission"), "{}", unused.why);
    assert!(!unused.why.contains("anything"), "{}", unused.why);
}
