//! The capability table in `docs/scenarios.md` is generated from the
//! scenario capabilities' own table (`vastc::analysis::attack::catalogue`):
//! this test fails when it is stale, and `UPDATE_DOCS=1 cargo test --test
//! scenario_capabilities` rewrites it.

use vastc::analysis::attack::catalogue::CAPABILITIES;

const START: &str = "<!-- capabilities:start -->\n";
const END: &str = "<!-- capabilities:end -->";

fn table() -> String {
    let mut out = String::from("| capability | family | step in a chain |\n|---|---|---|\n");
    for c in CAPABILITIES {
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            c.name,
            c.family.as_str(),
            c.reason.replace('|', "\\|")
        ));
    }
    out
}

#[test]
fn scenarios_doc_lists_every_capability() {
    let path = "docs/scenarios.md";
    let doc = std::fs::read_to_string(path).unwrap();
    let start = doc.find(START).expect("start marker") + START.len();
    let end = doc.find(END).expect("end marker");
    let want = table();
    if doc[start..end] != want {
        if std::env::var_os("UPDATE_DOCS").is_some() {
            let updated = format!("{}{want}{}", &doc[..start], &doc[end..]);
            std::fs::write(path, updated).unwrap();
        } else {
            panic!(
                "the capability table in {path} is stale: run UPDATE_DOCS=1 cargo test --test scenario_capabilities"
            );
        }
    }
}
