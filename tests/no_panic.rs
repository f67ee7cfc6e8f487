//! No input makes the front end panic: every prefix of every project
//! model and a few thousand deterministic byte mutations go through the
//! parser and resolver, and each gives a model or diagnostics. The fuzzers'
//! finds in `tests/fixtures/fuzz/` go through the whole build when valid.
//! Files that are not UTF-8 are read and located.

use vastc::generate::Lcg;
use vastc::resolve::resolve_str;

/// The project's models as one in-memory text each (clinic with platform
/// inlined, since in-memory models cannot include files).
fn examples() -> Vec<(String, String)> {
    let read = |n: &str| std::fs::read_to_string(format!("models/{n}.vast")).unwrap();
    let platform = read("platform");
    let clinic = read("clinic").replace("include \"platform.vast\"", &platform);
    assert!(!clinic.contains("include \""));
    vec![
        ("starter".into(), read("starter")),
        ("platform".into(), platform),
        ("clinic".into(), clinic),
    ]
}

fn check(name: &str, text: &str) {
    let r = resolve_str(name, text);
    // Rendering must not panic either, whatever the spans.
    let _ = vastc::diagnostic::render(&r.diags, r.sources(), Default::default());
}

#[test]
fn every_prefix_of_every_example() {
    for (name, text) in examples() {
        let mut cut = 0;
        while cut <= text.len() {
            if text.is_char_boundary(cut) {
                check(&name, &text[..cut]);
            }
            cut += 1;
        }
    }
}

const INTERESTING: &[&str] = &[
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    "\"",
    "\"\"\"",
    "\\",
    "->",
    "-",
    ",",
    ";",
    "*",
    "/*",
    "*/",
    "//",
    "///",
    " ",
    "\n",
    "in",
    "on",
    "when",
    "allow",
    "not",
    "and",
    "or",
    "==",
    "<",
    "9999999999999999999999",
    "2027-13-45",
    "\u{1F600}",
    "é",
    "\u{0}",
    "\\u{110000}",
    "flow",
    "boundary",
    "process",
    "include",
];

fn mutate(text: &str, rng: &mut Lcg) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..1 + rng.below(3) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(5) {
            0 if at < bytes.len() => {
                let len = 1 + rng.below(8).min(bytes.len() - at - 1);
                bytes.drain(at..at + len);
            }
            1 => {
                let s = INTERESTING[rng.below(INTERESTING.len())];
                bytes.splice(at..at, s.bytes());
            }
            2 if at < bytes.len() => bytes[at] = (rng.below(95) + 32) as u8,
            3 if at < bytes.len() => {
                let end = (at + rng.below(64)).min(bytes.len());
                let copy = bytes[at..end].to_vec();
                let to = rng.below(bytes.len() + 1);
                bytes.splice(to..to, copy);
            }
            _ => {
                let a = rng.below(bytes.len().max(1));
                let b = rng.below(bytes.len().max(1));
                if a < bytes.len() && b < bytes.len() {
                    bytes.swap(a, b);
                }
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn thousands_of_mutations() {
    let mut rng = Lcg::new(2026);
    let examples = examples();
    for i in 0..3000 {
        let (name, text) = &examples[i % examples.len()];
        let mutated = mutate(text, &mut rng);
        check(name, &mutated);
    }
}

#[test]
fn hostile_inputs() {
    for text in [
        "",
        "\u{FEFF}",
        "{{{{",
        "}}}}",
        "\"",
        "\"\"\"",
        "/*",
        "process",
        "flow",
        "flow a ->",
        "risk X on",
        "rule R \"t\" { applies-to flow when ((((crosses(",
        "boundary a in a { kind network }",
        "process p { runs-as p }",
        "identity i { allow * on * in i }",
        "include \"../../../../etc/passwd\"",
        &"process p { kind service }\n".repeat(3),
        &format!("process {} \"x\"", "a".repeat(100_000)),
        &format!("data d \"{}\"", "\\u{41}".repeat(10_000)),
        // Diagnostics on lines wider than miette can pad to (65,535 columns).
        &format!("process p \"{}\" {{ kind bogus }}", "x".repeat(70_000)),
        &format!("process p \"{}\" {{ kind bogus }}", "\t".repeat(20_000)),
        &format!("data a \"{}\" data a\ndata a", "x".repeat(70_000)),
    ] {
        check("hostile.vast", text);
    }
}

/// Inputs the fuzzers found (kept as regressions), read the way the
/// `build_all` fuzz target reads them: a first byte 0xFF shapes a generated
/// model, anything else is model text. Models with errors get their
/// diagnostics; valid ones go through the whole build (analysis, layout,
/// every emitter), so crashers of any stage stay fixed.
/// `slow-unclosed-comment.vast` took 22 s under the fuzzer before unclosed
/// block comments and text blocks were caught before parsing.
#[test]
fn fuzz_regressions() {
    let mut paths: Vec<_> = std::fs::read_dir("tests/fixtures/fuzz")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for path in paths {
        let bytes = std::fs::read(&path).unwrap();
        let text = match bytes.split_first() {
            Some((0xFF, rest)) => vastc::generate::random_model_from_bytes(rest),
            _ => String::from_utf8_lossy(&bytes).into_owned(),
        };
        let today = vastc::syntax::ast::Date {
            year: 2026,
            month: 11,
            day: 26,
        };
        let c = vastc::compile_str("fuzz.vast", &text, &vastc::Options::new(today));
        let r = &c.resolved;
        let _ = vastc::diagnostic::render(&r.diags, r.sources(), Default::default());
        if path.to_string_lossy().contains("unclosed-comment") {
            assert_eq!(r.diags[0].code, "vast::syntax::unclosed_comment");
        }
        if c.has_errors() {
            continue;
        }
        let outputs = vastc::emit::render(&c, &[]);
        assert!(
            outputs.iter().any(|(name, _)| name == "threats.json"),
            "{}",
            path.display()
        );
    }
}

/// Bytes that are not UTF-8, put into a real model at deterministic
/// places (lone continuation bytes, truncated sequences, 0xFF): the file is
/// still read, and the error names the line and column of the first
/// invalid byte.
#[test]
fn invalid_utf8_is_located() {
    let model = std::fs::read("models/payments.vast").unwrap();
    let dir = std::env::temp_dir().join(format!("vastc-utf8-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.vast");
    let bad: [&[u8]; 4] = [b"\xff", b"\x80", b"\xe2\x82", b"\xc3("];
    let mut rng = Lcg::new(7);
    for round in 0..40 {
        // Insert between characters (ASCII bytes only, so never inside one).
        let mut at = rng.below(model.len());
        while at > 0 && !model[at].is_ascii() {
            at -= 1;
        }
        let mut bytes = model[..at].to_vec();
        bytes.extend_from_slice(bad[round % bad.len()]);
        bytes.extend_from_slice(&model[at..]);
        std::fs::write(&path, &bytes).unwrap();
        let r = vastc::resolve::resolve_path(&path);
        let d = r
            .diags
            .iter()
            .find(|d| d.code == "vast::io::not_utf8")
            .unwrap_or_else(|| panic!("round {round}: {:?}", r.diags));
        let prefix = std::str::from_utf8(&model[..at]).unwrap();
        let line = prefix.matches('\n').count() + 1;
        let column = prefix.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        let (_, l, c) = r.sources().location(d.span.unwrap());
        assert_eq!((l, c), (line, column), "round {round}");
    }
    let _ = std::fs::remove_dir_all(dir);
}
