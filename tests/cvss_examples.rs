//! The CVSS v3.1 examples published by FIRST ("CVSS v3.1 Examples"), scored
//! through manual threats of a model: the base scores must match.

use vastc::analysis::analyze;
use vastc::resolve::resolve_str;
use vastc::syntax::ast::Date;

const EXAMPLES: &[(&str, &str, f64)] = &[
    (
        "phpmyadmin-xss",
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N",
        6.1,
    ),
    (
        "mysql-stored-sqli",
        "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N",
        6.4,
    ),
    (
        "sslv3-poodle",
        "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N",
        3.1,
    ),
    (
        "vmware-guest-escape",
        "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H",
        9.9,
    ),
    (
        "tomcat-xml-parser",
        "CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:L",
        4.2,
    ),
    (
        "cisco-ios-command",
        "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H",
        8.8,
    ),
    (
        "apple-iwork-dos",
        "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H",
        7.8,
    ),
    (
        "heartbleed",
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N",
        7.5,
    ),
    (
        "shellshock",
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        9.8,
    ),
    (
        "dns-kaminsky",
        "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:N/I:H/A:N",
        6.8,
    ),
    (
        "sophos-login-bypass",
        "CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        6.8,
    ),
];

#[test]
fn first_examples_score_as_published() {
    let mut text = String::from("process target \"Target\"\n");
    for (id, vector, _) in EXAMPLES {
        text.push_str(&format!(
            "threat {id} \"{id}\" on target {{ cvss \"{vector}\" }}\n"
        ));
    }
    let r = resolve_str("cvss.vast", &text);
    assert!(!r.has_errors(), "{:?}", r.diags);
    let a = analyze(
        &r.model,
        Date {
            year: 2026,
            month: 1,
            day: 1,
        },
    );
    for (id, _, published) in EXAMPLES {
        let t = a.threats.iter().find(|t| t.id == *id).unwrap();
        assert_eq!(t.scores.base, *published, "{id}");
        assert_eq!(
            t.scores.temporal, *published,
            "{id}: no temporal metrics, temporal equals base"
        );
    }
}

/// A scope-changing threat (a container escape) is scored with the
/// confidentiality and integrity requirements of its cluster's data: a
/// privileged pod that handles nothing still hands over the node, which
/// may run the pod holding restricted data. Availability stays the pod's.
#[test]
fn escapes_take_their_clusters_requirements() {
    let text = r#"
data records { classification CLASS integrity INTEGRITY availability critical }
boundary cluster { kind k8s-cluster
  boundary a { kind k8s-namespace; network-policy default-deny; pod-security restricted
    process tool { kind k8s-deployment; privileged true; automount false }
  }
  boundary b { kind k8s-namespace; network-policy default-deny; pod-security restricted
    process db-api { kind k8s-deployment; automount false; limits true }
    store db { kind database; stores records }
  }
}
flow db-api -> db { protocol postgres; authn mtls; carries records }
"#;
    let scores = |class: &str, id: &str| {
        let (c, i) = class.split_once('/').unwrap();
        let text = text.replace("CLASS", c).replace("INTEGRITY", i);
        let r = resolve_str("escape.vast", &text);
        assert!(!r.has_errors(), "{:?}", r.diags);
        let today = Date {
            year: 2026,
            month: 1,
            day: 1,
        };
        let a = analyze(&r.model, today);
        let t = a.threats.iter().find(|t| t.id == id);
        let t = t.unwrap_or_else(|| panic!("no {id}"));
        (t.scores.base, t.scores.environmental)
    };
    // CR:H and IR:H from the cluster's restricted, critical records: the
    // environmental score keeps the base's 8.8 (own data: none, CR:L, 7.1).
    assert_eq!(scores("restricted/critical", "K8S-CMP-01@tool"), (8.8, 8.8));
    // A cluster with nothing of value: the pod's own requirements (L).
    assert_eq!(scores("public/low", "K8S-CMP-01@tool"), (8.8, 7.1));
    // No limits: S:C but availability only, and availability is the pod's
    // own (L), so it stays below its base.
    let (base, env) = scores("restricted/critical", "K8S-CMP-09@tool");
    assert!(env < base, "{base} {env}");
}
