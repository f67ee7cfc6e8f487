//! Shared by the `vastc import k8s` tests: importing a fixture as the CLI
//! does, resolving the result (which must have no diagnostic) and reading
//! elements, settings, flows and identities of the model.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use vastc::diagnostic::{RenderOptions, render};
use vastc::import::{self, Imported, Input};
use vastc::model::{Element, Flow, Key, Model, Val};
use vastc::resolve::resolve_str;

/// The Kubernetes fixtures.
pub const FIXTURES: &str = "tests/fixtures/k8s";

/// The fixtures written the way an attacker would use them.
pub const ATTACKER: &str = "tests/fixtures/k8s/attacker";

/// The imported model of a fixture (with kubectl's `-n` as `namespace`)
/// and the threat IDs it raises.
pub fn threats_in(path: &str, namespace: Option<&str>) -> (Model, Vec<String>) {
    let i = match import::k8s_in(&inputs(path), namespace) {
        Ok(i) => i,
        Err(_) => panic!("import of {path} failed"),
    };
    let m = resolve(&i.vast);
    let today = vastc::syntax::ast::Date {
        year: 2026,
        month: 11,
        day: 26,
    };
    let a = vastc::analysis::analyze(&m, today);
    let ids = a.threats.iter().map(|t| t.id.clone()).collect();
    (m, ids)
}

/// The manifests of the rule fixtures, one per rule.
pub const RULES: &str = "tests/fixtures/k8s/rules";

/// The files of a path (a directory's YAML files, sorted) named as the CLI names them.
pub fn inputs(path: &str) -> Vec<Input> {
    let p = Path::new(path);
    let files: Vec<PathBuf> = if p.is_dir() {
        let mut v: Vec<PathBuf> = std::fs::read_dir(p)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|f| f.extension().is_some_and(|x| x == "yaml" || x == "yml"))
            .collect();
        v.sort();
        v
    } else {
        vec![p.to_path_buf()]
    };
    files
        .into_iter()
        .map(|f| Input {
            name: f.file_name().unwrap().to_string_lossy().into_owned(),
            text: std::fs::read_to_string(&f)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", f.display())),
        })
        .collect()
}

pub fn import_path(path: &str) -> Imported {
    match import::k8s(&inputs(path)) {
        Ok(i) => i,
        Err(f) => panic!(
            "import of {path} failed:\n{}",
            render(&f.diags, &f.sources, RenderOptions::default())
        ),
    }
}

/// Resolves imported text; any diagnostic fails the test.
pub fn resolve(text: &str) -> Model {
    let r = resolve_str("imported.vast", text);
    assert!(
        r.diags.is_empty(),
        "imported model has diagnostics:\n{}\n--- model ---\n{text}",
        render(&r.diags, r.sources(), RenderOptions::default())
    );
    r.model
}

pub fn rule(name: &str) -> (String, Model) {
    let i = import_path(&format!("{RULES}/{name}.yaml"));
    let m = resolve(&i.vast);
    (i.vast, m)
}

pub fn element<'a>(m: &'a Model, id: &str) -> &'a Element {
    let i = m.element(id).unwrap_or_else(|| panic!("no element `{id}`"));
    &m.elements[i]
}

/// The key of a setting's name (a typo fails the test).
pub fn key(name: &str) -> Key {
    Key::from_name(name).unwrap_or_else(|| panic!("`{name}` is not a setting"))
}

pub fn setting(m: &Model, id: &str, name: &str) -> Val {
    element(m, id)
        .settings
        .get(key(name))
        .cloned()
        .unwrap_or_else(|| panic!("`{id}` has no setting `{name}`"))
}

pub fn text(m: &Model, id: &str, name: &str) -> String {
    setting(m, id, name).display()
}

pub fn flows<'a>(m: &'a Model, src: &str, dst: &str) -> Vec<&'a Flow> {
    m.flows
        .iter()
        .filter(|f| m.elements[f.source].id == src && m.elements[f.target].id == dst)
        .collect()
}

pub fn flow<'a>(m: &'a Model, src: &str, dst: &str) -> &'a Flow {
    let f = flows(m, src, dst);
    assert_eq!(
        f.len(),
        1,
        "expected one flow {src} -> {dst}, found {}",
        f.len()
    );
    f[0]
}

pub fn flow_setting(f: &Flow, name: &str) -> String {
    f.settings
        .get(key(name))
        .map(Val::display)
        .unwrap_or_else(|| panic!("flow {} has no `{name}`", f.id))
}

pub fn boundary_setting(m: &Model, id: &str, name: &str) -> Option<String> {
    let b = m
        .boundary(id)
        .unwrap_or_else(|| panic!("no boundary `{id}`"));
    m.boundaries[b].settings.get(key(name)).map(Val::display)
}

pub fn identity<'a>(m: &'a Model, id: &str) -> &'a vastc::model::Identity {
    let i = m
        .identity(id)
        .unwrap_or_else(|| panic!("no identity `{id}`"));
    &m.identities[i]
}

/// The comment right above a flow's declaration.
pub fn commented(text: &str, comment: &str, head: &str) -> bool {
    text.contains(&format!("// {comment}\nflow {head}"))
}

// ---------------------------------------------------------------- the shop

/// What a scenario that compromises `start` reaches in the model imported
/// from `path`: (id, access) pairs, in the order they were gained.
pub fn reach_of(path: &str, start: &str) -> Vec<(String, String)> {
    let i = import_path(path);
    let m = resolve(&format!(
        "{}\nscenario s {{ compromise {start} }}\n",
        i.vast
    ));
    let today = vastc::syntax::ast::Date {
        year: 2026,
        month: 11,
        day: 26,
    };
    let a = vastc::analysis::analyze(&m, today);
    let rep = vastc::emit::report::report(&m, &a);
    rep.scenarios[0]
        .findings
        .iter()
        .map(|f| (f.id.clone(), f.access.to_string()))
        .collect()
}

pub fn has(reach: &[(String, String)], id: &str, access: &str) -> bool {
    reach.iter().any(|(i, a)| i == id && a == access)
}

/// Asserts that a scenario's reach holds every (id, access) pair.
pub fn assert_reaches(reach: &[(String, String)], expected: &[(&str, &str)]) {
    for &(id, access) in expected {
        assert!(has(reach, id, access), "{id}: {reach:?}");
    }
}
