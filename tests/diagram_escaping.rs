//! Hostile strings in a model end up as text in the diagrams, never as
//! markup: the SVG still parses as XML and carries no script.

mod common;

use common::diagrams::from_text;
use vastc::emit::{AppOptions, DiagramOptions, Highlight, app, operational, operational_dot};

const HOSTILE: &str = r#"
model "<script>alert(1)</script> & \"quotes\" ]]>" { version "1" }
data d "<b>data</b>" { classification public }
boundary net "<script>alert(1)</script>" {
  kind internet
  actor u "\"quotes\" & 'apostrophes' ]]>" { kind user }
}
boundary b "]]><svg onload=alert(1)>" {
  kind generic
  process p "<script>alert(1)</script>" { kind service }
  store s "a & b <c> \"d\"" { kind database }
}
flow u -> p "<script>alert(1)</script>" { protocol https; port 443 }
flow p -> s "]]> & \"x\"" { protocol tcp }
app a "<script>alert(1)</script>" {
  user u
  feature f "\"quoted\" & <b>" {
    on p
    widget w "<img src=x onerror=alert(1)>" { kind form }
  }
  step u -> f "]]> <script>"
}
"#;

fn assert_safe(svg: &str) {
    let doc = roxmltree::Document::parse(svg).expect("well-formed XML");
    for n in doc.descendants() {
        let name = n.tag_name().name();
        assert_ne!(name, "script");
        assert_ne!(name, "foreignObject");
        for a in n.attributes() {
            assert!(!a.name().starts_with("on"), "event attribute {}", a.name());
        }
    }
    assert!(!svg.to_lowercase().contains("<script"));
    assert!(!svg.contains("]]>"));
    // The text survives, escaped.
    assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn operational_escapes_everything() {
    let m = from_text(HOSTILE);
    let mut opts = DiagramOptions {
        title: m.title.clone(),
        ..Default::default()
    };
    assert_safe(&operational(&m, &opts).unwrap());
    opts.highlight.insert("p".into(), Highlight::Controlled);
    assert_safe(&operational(&m, &opts).unwrap());
}

#[test]
fn app_escapes_everything() {
    let m = from_text(HOSTILE);
    let svg = app(&m, 0, &AppOptions::default());
    assert_safe(&svg);
    assert!(svg.contains("&quot;quoted&quot; &amp; &lt;b&gt;"));
}

#[test]
fn dot_quotes_everything() {
    let m = from_text(HOSTILE);
    let dot = operational_dot(&m);
    // Every quote inside a string is escaped: no line has an odd number of
    // unescaped quotes.
    for line in dot.lines() {
        let unescaped = line
            .char_indices()
            .filter(|&(i, c)| c == '"' && !line[..i].ends_with('\\'))
            .count();
        assert_eq!(unescaped % 2, 0, "{line}");
    }
    assert!(dot.contains(r#"\"quotes\""#));
}
