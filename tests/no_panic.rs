//! No input makes the front end panic: every prefix of every normative
//! example and a few thousand deterministic byte mutations go through the
//! parser and resolver, and each gives a model or diagnostics.

use vastc::generate::Lcg;
use vastc::resolve::resolve_str;

/// The three examples as one in-memory text each (shop with platform
/// inlined, since in-memory models cannot include files).
fn examples() -> Vec<(String, String)> {
    let read = |n: &str| std::fs::read_to_string(format!("../shared/examples/{n}.vast")).unwrap();
    let platform = read("platform");
    let shop = read("shop").replace("include \"platform.vast\"", &platform);
    vec![
        ("quickstart".into(), read("quickstart")),
        ("platform".into(), platform),
        ("shop".into(), shop),
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
    ] {
        check("hostile.vast", text);
    }
}

/// Inputs the fuzzer found (kept as regressions): each gets its diagnostic.
/// `slow-unclosed-comment.vast` took 22 s under the fuzzer before unclosed
/// block comments and text blocks were caught before parsing.
#[test]
fn fuzz_regressions() {
    for entry in std::fs::read_dir("tests/fixtures/fuzz").unwrap() {
        let path = entry.unwrap().path();
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        let r = resolve_str("fuzz.vast", &text);
        assert!(r.has_errors(), "{}", path.display());
        if path.to_string_lossy().contains("unclosed-comment") {
            assert_eq!(r.diags[0].code, "vast::syntax::unclosed_comment");
        }
    }
}
