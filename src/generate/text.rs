//! Text for generated models: identifiers in several scripts, labels that
//! are plain, foreign, enormous or hostile, and their `.vast` string
//! literals with every escape the language has.

use super::entropy::Entropy;

/// Label fragments no output may interpret: markup, formulas, template and
/// format syntax, DOT and Markdown punctuation, line breaks.
pub const HOSTILE: &[&str] = &[
    "<script>alert(1)</script>",
    "</text><script>alert(1)</script>",
    "\"/><svg onload=alert(1)>",
    "<img src=x onerror=alert(1)>",
    "]]>",
    "<![CDATA[x]]>",
    "<!-- x -->",
    "-->",
    "\"",
    "'",
    "&",
    "&amp;",
    "&#x3C;script&#x3E;",
    "=cmd|' /C calc'!A0",
    "+SUM(1+1)",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "javascript:alert(1)",
    "{{7*7}}",
    "${jndi:ldap://x/a}",
    "%s%n%x",
    "| a | b |",
    "`code`",
    "*bold* _it_",
    "# heading",
    "[link](javascript:alert(1))",
    "\\",
    "\\n",
    "\"]; evil [label=\"",
    "}} digraph x {",
    "a\nb",
    "line one\r\nline two",
    ",,,",
    "\"a\",\"b\"",
    "{",
    "}",
    "->",
    "/* not a comment */",
    "// nor this",
];

/// Label fragments in other scripts and in the corners of Unicode.
pub const UNICODE: &[&str] = &[
    "支付服务",
    "注文データベース",
    "데이터베이스",
    "خدمة الدفع",
    "שירות תשלומים",
    "API خدمة v2",
    "\u{202E}gnp.exe",
    "\u{200F}rtl\u{200E}",
    "🔒",
    "👩\u{200D}💻",
    "🇩🇪🇯🇵",
    "👍🏽",
    "e\u{301}\u{302}\u{303}\u{304}",
    "Z\u{334}\u{321}a\u{337}l\u{336}g\u{338}o\u{35C}\u{35D}",
    "क्\u{200D}ष",
    "ภาษาไทย",
    "\u{200B}zero\u{200B}width\u{FEFF}",
    "soft\u{AD}hyphen",
    "ＡＢＣ全角",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "\u{E000}\u{F8FF}",
    "\u{10FFFD}",
    "\u{1}\u{7}\u{1B}[31m\u{7F}",
    "\u{85}\u{2028}\u{2029}",
    "\u{FFFD}",
    "Ωmega ß ﬁ",
];

/// Letters an identifier may start with and contain besides ASCII.
const ID_SCRIPTS: &[&str] = &[
    "服务",
    "データ",
    "서비스",
    "خدمة",
    "שרת",
    "Ωμέγα",
    "сервис",
    "ñandú",
    "ß",
    "ฐาน",
];

/// A new identifier, unique through `n`, in one of several shapes: short
/// ASCII, with `_` and `-`, in another script, or very long.
pub fn ident<E: Entropy>(e: &mut E, prefix: &str, n: usize) -> String {
    match e.below(12) {
        0 => format!("_{prefix}{n}"),
        1 => {
            let script = ID_SCRIPTS[e.below(ID_SCRIPTS.len())];
            format!("{script}-{n}")
        }
        2 => {
            let script = ID_SCRIPTS[e.below(ID_SCRIPTS.len())];
            format!("{prefix}_{script}{n}")
        }
        3 => {
            let max = if e.below(8) == 0 { 2000 } else { 200 };
            let len = 40 + e.below(max);
            let mut s = String::from(prefix);
            while s.len() < len {
                s.push_str("-very_long");
            }
            format!("{s}-{n}")
        }
        4 => format!("{}-{n}", prefix.to_uppercase()),
        5 => format!("{prefix}-x{n}-y"),
        _ => format!("{prefix}{n}"),
    }
}

/// A label's text (unescaped): plain, foreign, hostile, empty, huge, or a mix.
pub fn label<E: Entropy>(e: &mut E, base: &str) -> String {
    match e.below(16) {
        0 => String::new(),
        1 | 2 => HOSTILE[e.below(HOSTILE.len())].to_string(),
        3 | 4 => UNICODE[e.below(UNICODE.len())].to_string(),
        5 => {
            let piece = pick_piece(e);
            let max = if e.below(6) == 0 { 3000 } else { 60 };
            let times = 1 + e.below(max);
            piece.repeat(times)
        }
        6 | 7 => {
            let mut s = String::new();
            for _ in 0..1 + e.below(5) {
                s.push_str(pick_piece(e));
                s.push(' ');
            }
            s.push_str(base);
            s
        }
        8 => format!("{base} \u{1F512} {}", HOSTILE[e.below(HOSTILE.len())]),
        _ => base.to_string(),
    }
}

fn pick_piece<E: Entropy>(e: &mut E) -> &'static str {
    if e.below(2) == 0 {
        HOSTILE[e.below(HOSTILE.len())]
    } else {
        UNICODE[e.below(UNICODE.len())]
    }
}

/// `text` as a `.vast` string literal: `"` and `\` escaped, line breaks as
/// `\n`, and now and then any character as `\u{…}` or a tab as `\t`.
pub fn quoted<E: Entropy>(e: &mut E, text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    let unicode_escapes = e.below(4) == 0;
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' if e.below(2) == 0 => out.push_str("\\t"),
            c if unicode_escapes && e.below(3) == 0 => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A multi-line `"""…"""` text block, indented, holding no `"`.
pub fn text_block<E: Entropy>(e: &mut E, indent: &str) -> String {
    let mut out = String::from("\"\"\"\n");
    for _ in 0..1 + e.below(4) {
        let line = label(e, "description line").replace(['"', '\n', '\r'], " ");
        out.push_str(indent);
        out.push_str("  ");
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str(indent);
    out.push_str("\"\"\"");
    out
}
