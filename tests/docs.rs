//! The language reference lists every setting, vocabulary, fact and
//! predicate the compiler knows: the tables in `docs/language.md` are
//! generated from the compiler's own tables and this test fails when they
//! are stale (`UPDATE_DOCS=1 cargo test --test docs` rewrites them).

use vastc::resolve::{facts, schema, vocab};

fn settings_table() -> String {
    let mut out = String::from("| setting | on | type | meaning |\n|---|---|---|---|\n");
    for s in schema::SETTINGS {
        let on: Vec<&str> = s.subjects.iter().map(|x| x.as_str()).collect();
        let on = if on.len() > 10 {
            "every declaration".to_string()
        } else {
            on.join(", ")
        };
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            s.name,
            on,
            s.ty.describe(),
            s.doc.replace('|', "\\|")
        ));
    }
    out
}

fn vocab_table() -> String {
    let mut out = String::from("| vocabulary | words (lowest first where ordered) |\n|---|---|\n");
    for v in vocab::all() {
        let order = if v.ordered { " (ordered)" } else { "" };
        out.push_str(&format!("| {}{order} | {} |\n", v.name, v.words.join(", ")));
    }
    out.push_str(&format!(
        "| protocol | {} |\n",
        vocab::PROTOCOL.words.join(", ")
    ));
    out.push_str(&format!(
        "| capability | {} |\n",
        vocab::CAPABILITY.words.join(", ")
    ));
    out
}

fn facts_table() -> String {
    let mut out =
        String::from("Derived facts (bare names):\n\n| fact | on | meaning |\n|---|---|---|\n");
    for f in facts::FACTS {
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            f.name,
            f.on.join(", "),
            f.doc
        ));
    }
    out.push_str("\nGraph predicates:\n\n| predicate | on | meaning |\n|---|---|---|\n");
    for p in facts::PREDICATES {
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            p.name,
            p.on.join(", "),
            p.doc
        ));
    }
    out
}

fn splice(doc: &str, marker: &str, body: &str) -> String {
    let begin = format!("<!-- {marker}:begin");
    let end = format!("<!-- {marker}:end -->");
    let b = doc.find(&begin).expect("begin marker");
    let b_end = b + doc[b..].find("-->").expect("marker end") + 3;
    let e = doc.find(&end).expect("end marker");
    format!("{}\n{}{}", &doc[..b_end], body, &doc[e..])
}

#[test]
fn language_reference_is_current() {
    let path = "docs/language.md";
    let doc = std::fs::read_to_string(path).unwrap();
    let mut fresh = splice(&doc, "settings", &settings_table());
    fresh = splice(&fresh, "vocabularies", &vocab_table());
    fresh = splice(&fresh, "facts", &facts_table());
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(path, &fresh).unwrap();
    } else {
        assert!(
            doc == fresh,
            "docs/language.md is stale: run `UPDATE_DOCS=1 cargo test --test docs`"
        );
    }
}
