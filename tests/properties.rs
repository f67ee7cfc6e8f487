//! Property test over random valid models (`vastc::generate::random`): each
//! one resolves without errors; `vastc build` run twice writes
//! byte-identical files; nothing panics; every operational and scenario
//! SVG passes the geometry checks of `common/geometry.rs`; every output
//! parses (SVG as XML, JSON, SARIF against its schema, CSV with the
//! header's column count and no cell a spreadsheet would run, HTML with
//! balanced tags, DOT with balanced braces and quotes, Markdown tables with
//! one column count); hostile labels stay inert (no `<script` but the
//! report's own, no `on…` attribute); `vastc fmt` is idempotent on it and
//! keeps its meaning.
//!
//! `VASTC_PROPTEST_CASES` (default [`DEFAULT_CASES`]) and
//! `VASTC_PROPTEST_SEED` (default [`DEFAULT_SEED`]) choose how many models,
//! from which seed: case `i` uses seed `SEED + i`. A failing case prints the
//! variables that replay it alone and saves its model. Models that once
//! failed are kept in `tests/fixtures/properties/` and checked first.

mod common;

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::path::{Path, PathBuf};
use std::process::Command;

use common::geometry::check_svg;
use common::projection::projection;
use vastc::generate::random_model;
use vastc::model::Model;

/// Cases in CI: about 35 s in the dev profile on two shared cores.
const DEFAULT_CASES: u64 = 120;
const DEFAULT_SEED: u64 = 8_2026;
/// The date `until` expiries are judged against: outputs depend on the input alone.
const TODAY: &str = "2026-11-26";

fn env_or(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(v) => v
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v} is not a number")),
        Err(_) => default,
    }
}

/// The size of the model of a seed: small and large ones alternate.
fn size_of(seed: u64) -> usize {
    (seed % 37) as usize
}

fn scratch() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("properties")
}

#[test]
fn random_models_build_cleanly() {
    let validator = sarif_validator();
    let base = env_or("VASTC_PROPTEST_SEED", DEFAULT_SEED);
    let cases = env_or("VASTC_PROPTEST_CASES", DEFAULT_CASES);
    for seed in base..base.saturating_add(cases) {
        let text = random_model(seed, size_of(seed));
        let name = format!("seed-{seed}");
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            check_model(&name, &text, &validator);
        }));
        if let Err(panic) = outcome {
            let saved = scratch().join(format!("failing-{seed}.vast"));
            let _ = std::fs::write(&saved, &text);
            eprintln!(
                "\nproperty failed for seed {seed}; replay it alone with\n  \
                 VASTC_PROPTEST_SEED={seed} VASTC_PROPTEST_CASES=1 cargo test --test properties\n\
                 model saved to {}",
                saved.display()
            );
            resume_unwind(panic);
        }
    }
}

/// Models that once failed the property test: each a regression test.
#[test]
fn kept_failures_build_cleanly() {
    let validator = sarif_validator();
    let mut files: Vec<PathBuf> = std::fs::read_dir("tests/fixtures/properties")
        .expect("tests/fixtures/properties")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "vast"))
        .collect();
    files.sort();
    for f in files {
        let text = std::fs::read_to_string(&f).expect("fixture");
        let name = f.file_stem().map(|s| s.to_string_lossy().into_owned());
        check_model(&name.unwrap_or_default(), &text, &validator);
    }
}

/// Every property for one model text.
fn check_model(name: &str, text: &str, validator: &jsonschema::Validator) {
    let r = vastc::resolve::resolve_str("model.vast", text);
    assert!(
        !r.has_errors(),
        "{name}: the generated model has errors:\n{}",
        vastc::diagnostic::render(&r.diags, r.sources(), Default::default())
    );
    let formatted =
        vastc::fmt::format(text).unwrap_or_else(|d| panic!("{name}: fmt failed: {d:?}"));
    assert_eq!(
        vastc::fmt::format(&formatted).ok().as_deref(),
        Some(formatted.as_str()),
        "{name}: fmt is not idempotent"
    );
    let again = vastc::resolve::resolve_str("model.vast", &formatted);
    assert!(
        projection(&again.model) == projection(&r.model),
        "{name}: fmt changed the model"
    );
    let dir = scratch().join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    std::fs::write(dir.join("model.vast"), text).expect("write model");
    let first = build(&dir, "a");
    let second = build(&dir, "b");
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>(),
        "{name}: two builds wrote different files"
    );
    for (file, bytes) in &first {
        assert!(
            second.get(file) == Some(bytes),
            "{name}: {file} differs between two builds"
        );
    }
    let mut expected = vec![
        "operational.dot".to_string(),
        "operational.svg".to_string(),
        "report.html".to_string(),
        "threats.csv".to_string(),
        "threats.json".to_string(),
        "threats.md".to_string(),
        "threats.sarif".to_string(),
        "threat-dragon.json".to_string(),
        "otm.json".to_string(),
        "summary.md".to_string(),
    ];
    let file = vastc::emit::diagrams::file_name;
    expected.extend(r.model.apps.iter().map(|a| file("app", &a.id)));
    expected.extend(r.model.scenarios.iter().map(|s| file("scenario", &s.id)));
    expected.sort();
    expected.dedup();
    assert_eq!(
        first.len(),
        expected.len(),
        "{name}: files {:?}",
        first.keys().collect::<Vec<_>>()
    );
    for (file, bytes) in &first {
        let text = std::str::from_utf8(bytes)
            .unwrap_or_else(|e| panic!("{name}: {file} is not UTF-8: {e}"));
        let what = format!("{name}/{file}");
        check_output(&what, file, text, &r.model, validator);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Runs `vastc build` on `dir/model.vast` into `dir/OUT`; the files written.
fn build(dir: &Path, out: &str) -> BTreeMap<String, Vec<u8>> {
    let output = Command::new(env!("CARGO_BIN_EXE_vastc"))
        .arg("build")
        .arg(dir.join("model.vast"))
        .arg("-o")
        .arg(dir.join(out))
        .args(["--today", TODAY])
        .output()
        .expect("run vastc");
    assert!(
        output.status.success(),
        "{}: vastc build failed ({}):\n{}",
        dir.display(),
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(dir.join(out).join("model")).expect("output directory") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        files.insert(name, std::fs::read(&path).expect("read output"));
    }
    files
}

fn check_output(
    what: &str,
    file: &str,
    text: &str,
    model: &Model,
    validator: &jsonschema::Validator,
) {
    match file.rsplit_once('.').map_or("", |(_, ext)| ext) {
        "svg" => {
            svg_inert(what, text);
            if file == "operational.svg" {
                check_svg(what, model, text);
            } else if file.starts_with("scenario-") {
                // A scenario diagram draws the region the scenario reaches.
                check_svg(what, &scenario_region(model, file), text);
            }
        }
        "json" if file == "threat-dragon.json" => {
            let v: serde_json::Value =
                serde_json::from_str(text).unwrap_or_else(|e| panic!("{what}: {e}"));
            assert!(v["detail"]["diagrams"].is_array(), "{what}: no diagrams");
        }
        "json" if file == "otm.json" => {
            let v: serde_json::Value =
                serde_json::from_str(text).unwrap_or_else(|e| panic!("{what}: {e}"));
            assert!(v["otmVersion"].is_string(), "{what}: no otmVersion");
        }
        "json" => {
            let v: serde_json::Value =
                serde_json::from_str(text).unwrap_or_else(|e| panic!("{what}: {e}"));
            assert!(v["threats"].is_array(), "{what}: no threats array");
        }
        "sarif" => {
            let v: serde_json::Value =
                serde_json::from_str(text).unwrap_or_else(|e| panic!("{what}: {e}"));
            let errors: Vec<String> = validator
                .iter_errors(&v)
                .map(|e| format!("{e} at {}", e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{what}: {errors:?}");
        }
        "csv" => csv_sound(what, text),
        "md" => markdown_sound(what, text),
        "html" => html_sound(what, text),
        "dot" => dot_sound(what, text),
        other => panic!("{what}: unexpected output type {other}"),
    }
}

/// The region model the scenario diagram `file` draws.
fn scenario_region(model: &Model, file: &str) -> Model {
    let date = vastc::syntax::ast::Date {
        year: 2026,
        month: 11,
        day: 26,
    };
    let analysis = vastc::analysis::analyze(model, date);
    let i = model
        .scenarios
        .iter()
        .position(|s| vastc::emit::diagrams::file_name("scenario", &s.id) == file)
        .unwrap_or_else(|| panic!("{file}: no such scenario"));
    vastc::emit::scenario_region::region(model, &analysis.scenarios[i]).model
}

fn sarif_validator() -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("tests/sarif-2.1.0-rtm.5.json").unwrap())
            .unwrap();
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .build(&schema)
        .unwrap()
}

/// Well-formed XML with no script, no event handler and no foreign object.
fn svg_inert(what: &str, svg: &str) {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(!svg.contains("<script"), "{what}: raw <script");
    for n in doc.descendants().filter(|n| n.is_element()) {
        let tag = n.tag_name().name();
        assert!(
            tag != "script" && tag != "foreignObject",
            "{what}: <{tag}> element"
        );
        for a in n.attributes() {
            assert!(
                !a.name().to_ascii_lowercase().starts_with("on"),
                "{what}: attribute {} on <{tag}>",
                a.name()
            );
            assert!(
                !a.value()
                    .trim_start()
                    .to_ascii_lowercase()
                    .starts_with("javascript:"),
                "{what}: javascript: URL in {}",
                a.name()
            );
        }
    }
}

/// Every row has the header's columns; no cell starts as a formula.
fn csv_sound(what: &str, text: &str) {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let columns = reader.headers().expect("header").len();
    for (i, record) in reader.records().enumerate() {
        let record = record.unwrap_or_else(|e| panic!("{what}: row {}: {e}", i + 1));
        assert_eq!(record.len(), columns, "{what}: row {}", i + 1);
        for cell in record.iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{what}: row {}: cell {cell:?} would run as a formula",
                i + 1
            );
        }
    }
}

/// Tables keep one column count; no raw HTML tag from a label.
fn markdown_sound(what: &str, text: &str) {
    common::markdown::inert(what, text);
    let mut columns: Option<usize> = None;
    for line in text.lines() {
        if !line.starts_with('|') {
            columns = None;
            continue;
        }
        let mut n = 0;
        let mut escaped = false;
        let mut code = false;
        for c in line.chars() {
            match c {
                '\\' if !escaped => {
                    escaped = true;
                    continue;
                }
                '`' if !escaped => code = !code,
                '|' if !escaped && !code => n += 1,
                _ => {}
            }
            escaped = false;
        }
        match columns {
            None => columns = Some(n),
            Some(c) => assert_eq!(c, n, "{what}: table row with other columns: {line}"),
        }
    }
}

/// Tags balanced (void elements and `/>` aside), attribute syntax intact,
/// no event handler, the report's one script only (and its JSON data).
fn html_sound(what: &str, html: &str) {
    const VOID: &[&str] = &["meta", "input", "br", "hr", "img", "link", "col", "wbr"];
    let mut stack: Vec<String> = Vec::new();
    let mut scripts = 0;
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        if let Some(r) = rest.strip_prefix("<!--") {
            let end = r
                .find("-->")
                .unwrap_or_else(|| panic!("{what}: open comment"));
            rest = &r[end + 3..];
            continue;
        }
        if rest.starts_with("<!") {
            let end = rest.find('>').unwrap_or_else(|| panic!("{what}: open <!"));
            rest = &rest[end + 1..];
            continue;
        }
        let end = tag_end(rest).unwrap_or_else(|| panic!("{what}: unterminated tag"));
        let tag = &rest[1..end];
        rest = &rest[end + 1..];
        if let Some(close) = tag.strip_prefix('/') {
            let open = stack.pop();
            assert_eq!(
                open.as_deref(),
                Some(close.trim()),
                "{what}: </{close}> closes {open:?}"
            );
            continue;
        }
        let (name, attrs) = tag
            .split_once(|c: char| c.is_whitespace() || c == '/')
            .unwrap_or((tag, ""));
        assert!(
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric()),
            "{what}: tag name {name:?}"
        );
        for attr in attribute_names(attrs) {
            assert!(
                attr.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | ':' | '_')),
                "{what}: attribute name {attr:?} in <{name}>"
            );
            assert!(
                !attr.to_ascii_lowercase().starts_with("on"),
                "{what}: event handler {attr} on <{name}>"
            );
        }
        // The data block (`type="application/json"`) is not run.
        if name == "script" && !attrs.contains("application/json") {
            scripts += 1;
        }
        if name == "script" || name == "style" {
            let close = format!("</{name}>");
            let end = rest
                .find(&close)
                .unwrap_or_else(|| panic!("{what}: <{name}> never closed"));
            rest = &rest[end + close.len()..];
            continue;
        }
        if !tag.ends_with('/') && !VOID.contains(&name) {
            stack.push(name.to_string());
        }
    }
    assert!(stack.is_empty(), "{what}: unclosed {stack:?}");
    assert_eq!(scripts, 1, "{what}: {scripts} scripts");
}

/// The index of the `>` ending the tag `s` starts with, quotes respected.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(i),
            (None, '<') => return None,
            _ => {}
        }
    }
    None
}

/// Attribute names of the inside of a tag (`a="x" b c='y'`).
fn attribute_names(attrs: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = attrs.trim_start();
    while !rest.is_empty() && rest != "/" {
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        if end == 0 {
            rest = rest[1..].trim_start();
            continue;
        }
        names.push(&rest[..end]);
        rest = rest[end..].trim_start();
        if let Some(v) = rest.strip_prefix('=') {
            let v = v.trim_start();
            rest = match v.chars().next() {
                Some(q @ ('"' | '\'')) => match v[1..].find(q) {
                    Some(close) => &v[close + 2..],
                    None => "",
                },
                _ => v.find(char::is_whitespace).map_or("", |i| &v[i..]),
            };
            rest = rest.trim_start();
        }
    }
    names
}

/// Braces balanced outside strings, strings closed, no raw line break in a
/// string, no `<…>` label outside one.
fn dot_sound(what: &str, dot: &str) {
    assert!(dot.starts_with("digraph"), "{what}: not a digraph");
    let mut depth: i64 = 0;
    let mut in_string = false;
    let mut chars = dot.chars();
    while let Some(c) = chars.next() {
        if in_string {
            match c {
                '\\' => {
                    chars.next();
                }
                '"' => in_string = false,
                '\n' | '\r' => panic!("{what}: line break inside a string"),
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                assert!(depth >= 0, "{what}: unbalanced }}");
            }
            '<' => panic!("{what}: `<` outside a string"),
            _ => {}
        }
    }
    assert!(!in_string, "{what}: unterminated string");
    assert_eq!(depth, 0, "{what}: unbalanced braces");
}
