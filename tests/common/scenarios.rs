//! Shared by the scenario tests: the analysis date, the clinic model's
//! report, a scenario of a model given as text, how a scenario holds an ID
//! and the chain of steps to it, and a small cluster model with parts to
//! fill in.

#![allow(dead_code)]

use std::path::Path;
use vastc::analysis::analyze;
use vastc::emit::report::{Report, ScenarioOut, report};
use vastc::resolve::{resolve_path, resolve_str};
use vastc::syntax::ast::Date;

pub const TODAY: Date = Date {
    year: 2026,
    month: 11,
    day: 26,
};

/// The clinic model's report. It borrows the model and analysis, which live for
/// the rest of the test process.
pub fn clinic() -> Report<'static> {
    let r = resolve_path(Path::new("models/clinic.vast"));
    assert!(!r.has_errors());
    let model = Box::leak(Box::new(r.model));
    let analysis = Box::leak(Box::new(analyze(model, TODAY)));
    report(model, analysis)
}

pub fn scenario_of(text: &str) -> ScenarioOut {
    let r = resolve_str("s.vast", text);
    assert!(!r.has_errors(), "{:?}", r.diags);
    let analysis = analyze(&r.model, TODAY);
    let rep = report(&r.model, &analysis);
    rep.scenarios.into_iter().next().expect("one scenario")
}

/// How the scenario holds `id`: control over reach for an element.
pub fn access<'a>(s: &'a ScenarioOut, id: &str) -> Option<&'a str> {
    s.rows().find(|(_, r)| r.id == id).map(|(_, r)| r.access)
}

/// The chain of steps to `id`, recovered from the findings' `from`.
pub fn via<'a>(s: &'a ScenarioOut, id: &str) -> Vec<&'a str> {
    let (i, _) = s
        .rows()
        .find(|(_, r)| r.id == id)
        .unwrap_or_else(|| panic!("{id} not reached: {:?}", s.findings));
    s.chain(i)
}

pub const CLUSTER: &str = r#"
boundary cloud { kind cloud-account
  process imds { kind cloud-metadata }
  boundary cluster { kind k8s-cluster
    boundary nodes { kind k8s-node; process kubelet { kind kubelet } }
    boundary a { kind k8s-namespace; POLICY_A
      process w { kind k8s-deployment; runs-as sa-w; SETTINGS }
    }
    boundary b { kind k8s-namespace; POLICY_B
      store db { kind database; stores secret }
      process other { kind k8s-deployment; runs-as sa-b }
    }
  }
}
data secret { classification restricted }
identity sa-w { scope a; AUTOMOUNT GRANTS }
identity sa-b { scope b }
identity node-role { kind cloud-role }
scenario s { compromise START }
"#;

pub fn model(policy_b: &str, settings: &str, automount: &str, grants: &str, start: &str) -> String {
    CLUSTER
        .replace("POLICY_A", "pod-security privileged")
        .replace("POLICY_B", policy_b)
        .replace("SETTINGS", settings)
        .replace("AUTOMOUNT", automount)
        .replace("GRANTS", grants)
        .replace("START", start)
}
