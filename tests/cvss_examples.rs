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
