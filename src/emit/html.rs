//! `report.html`: one self-contained page — the summary, the diagrams, the
//! threats, the scenarios and the attack paths. No network fetch is
//! possible: a Content-Security-Policy forbids every source but the page
//! itself, and nothing external is referenced. Every model string is
//! escaped.
//!
//! The threats are embedded once, as compact JSON ([`super::html_data`]),
//! and the script draws only the rows on screen (a virtual list), grouped by
//! rule, element or category, filtered and searched; so a model of 10,000
//! elements opens in seconds. Models of at most [`STATIC_ROWS`] threats also
//! get a plain table, shown without script and when printed; larger ones
//! print a note pointing at `threats.md` and `threats.csv`. The operational
//! diagram is inline up to [`INLINE_ELEMENTS`] elements; above, an overview
//! of the top-level boundaries (boxes with counts), each opening its
//! boundaries inside (boxes again) and the list of its elements and their
//! threats.

use super::escape::{xml as esc, xml_into as esc_into};
use super::report::{HopOut, PathOut, Report};
use super::scenario_out::{MAX_LISTED, short_chain};
use std::fmt::Write;

/// STRIDE letters separated by spaces, `-` when there are none.
fn stride_into(out: &mut String, stride: &[String]) {
    if stride.is_empty() {
        out.push('-');
    }
    for (i, letter) in stride.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        esc_into(out, letter);
    }
}

const STYLE: &str = r#"
body{font-family:-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;margin:2rem;color:#1b1f24;max-width:1400px}
h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.3rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}.sev{font-weight:600;text-transform:uppercase;font-size:.75rem}
.critical{color:#8b0000}.high{color:#cf222e}.medium{color:#bc4c00}.low{color:#9a6700}.none{color:#57606a}
.filters{display:flex;gap:2rem;flex-wrap:wrap;background:#f6f8fa;padding:.8rem;border:1px solid #d0d7de;border-radius:6px}
.filters fieldset{border:none;margin:0;padding:0}.filters legend{font-weight:600}
.diagram{overflow:auto;border:1px solid #d0d7de;border-radius:6px;padding:.5rem;margin:1rem 0}
.diagram svg{max-width:100%;height:auto}
#count{margin:.5rem 0;color:#57606a}
.hl-control{filter:drop-shadow(0 0 4px #cf222e)}.hl-reach{filter:drop-shadow(0 0 4px #bc4c00)}.hl-none{opacity:.3}
#operational svg{cursor:grab;touch-action:none}.zoom-controls{margin-top:.5rem}
.tools{display:flex;gap:1rem;flex-wrap:wrap;align-items:center;margin:.5rem 0}
.vlist{position:relative;height:70vh;overflow:auto;border:1px solid #d0d7de;border-radius:6px;font-size:.9rem;display:none}
.js .vlist{display:block}.js table.static,.print-note{display:none}
[hidden]{display:none!important}.vinner{position:relative}.vrow{position:absolute;left:0;right:0;height:30px;display:flex;gap:.6rem;align-items:center;padding:0 .5rem;border-bottom:1px solid #eaeef2;white-space:nowrap}
.vrow span,.vrow a{overflow:hidden;text-overflow:ellipsis}.c-id{flex:0 0 14rem}.c-title{flex:1 1 20rem}.c-target{flex:0 1 16rem}.c-cat{flex:0 1 12rem}.vrow .sev{flex:0 0 5rem}.c-score{flex:0 0 2.5rem}.c-status{flex:0 1 10rem}
.vrow.group{background:#f6f8fa;font-weight:600}.vrow.group .toggle{flex:1 1 20rem;text-align:left;background:none;border:none;font:inherit;cursor:pointer;overflow:hidden;text-overflow:ellipsis}.c-count{flex:0 0 7rem}.vrow .c-range{flex:0 0 9rem}.c-targets{flex:1 1 20rem;font-weight:400}
.vrow.current{background:#fff8c5}
#panel{position:fixed;top:0;right:0;bottom:0;width:min(30rem,90vw);overflow:auto;background:#fff;border-left:1px solid #d0d7de;box-shadow:-4px 0 12px rgba(0,0,0,.1);padding:1rem;z-index:10}
#panel .close{float:right;font-size:1.2rem}.plist{padding-left:1.2rem}.plist li{margin:.2rem 0}
#overview,.boxes{display:flex;flex-wrap:wrap;gap:.6rem}.box{display:flex;flex-direction:column;align-items:flex-start;gap:.2rem;padding:.6rem .8rem;border:2px dashed #57606a;border-radius:8px;background:#fff;cursor:pointer;min-width:12rem;font:inherit}
.sevb-critical{border-color:#8b0000}.sevb-high{border-color:#cf222e}.sevb-medium{border-color:#bc4c00}.sevb-low{border-color:#9a6700}
@media print{.filters,.tools,#count,.zoom-controls,#panel,.js .vlist{display:none}.js table.static{display:table}.print-note{display:block}.diagram{overflow:visible;page-break-inside:avoid}}
"#;

/// The operational diagram's zoom buttons (the script wires them up).
const ZOOM_CONTROLS: &str = "<div class=\"zoom-controls\"><button type=\"button\" class=\"zoom\" data-act=\"zoom-in\" aria-label=\"Zoom in\">+</button> <button type=\"button\" class=\"zoom\" data-act=\"zoom-out\" aria-label=\"Zoom out\">\u{2212}</button> <button type=\"button\" class=\"zoom\" data-act=\"zoom-reset\" aria-label=\"Fit to view\">Reset</button></div>\n";

/// The base64 SHA-256 of [`SCRIPT`], which the CSP allows by hash.
const SCRIPT_HASH: [u8; 44] = super::csp::base64_digest(&super::csp::sha256(SCRIPT.as_bytes()));

/// The page's one inline script: filters, scenario highlights, and pan and
/// zoom of the operational diagram.
const SCRIPT: &str = concat!(
    "(function(){\n",
    include_str!("report_list.js"),
    include_str!("report_panel.js"),
    include_str!("report.js"),
    "})();\n"
);

/// Most elements for which the operational diagram is drawn inline; a
/// larger model shows the overview of its top-level boundaries instead
/// (the full diagram is still `operational.svg`).
pub const INLINE_ELEMENTS: usize = 300;

/// Most threats for which the page also carries a plain table (for
/// printing and reading without script).
pub const STATIC_ROWS: usize = 1000;

/// A scenario's elements as two bit sets over the elements in diagram
/// order (bit `i` is bit `i % 8` of byte `i / 8`), base64: controlled, and
/// reached only. A few bytes per element of the model, whatever the IDs.
fn highlight_bits(
    position: &std::collections::HashMap<&str, usize>,
    sc: &super::scenario_out::ScenarioOut,
) -> (String, String) {
    let n = position.len().div_ceil(8);
    let (mut control, mut reach) = (vec![0u8; n], vec![0u8; n]);
    for f in sc.findings.iter().filter(|f| f.kind == "element") {
        if let Some(&i) = position.get(f.id.as_str()) {
            let set = if f.access == "control" {
                &mut control
            } else {
                &mut reach
            };
            set[i / 8] |= 1 << (i % 8);
        }
    }
    // Control wins over reach.
    for (r, c) in reach.iter_mut().zip(&control) {
        *r &= !c;
    }
    (base64(&control), base64(&reach))
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for c in bytes.chunks(3) {
        let b = |i: usize| u32::from(c.get(i).copied().unwrap_or(0));
        let n = (b(0) << 16) | (b(1) << 8) | b(2);
        for k in 0..4 {
            if k <= c.len() {
                out.push(char::from(ABC[(n >> (18 - 6 * k)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn checkboxes(out: &mut String, name: &str, legend: &str, values: &[(String, String)]) {
    let _ = write!(out, "<fieldset><legend>{legend}</legend>");
    for (value, label) in values {
        let _ = write!(
            out,
            "<label><input type=\"checkbox\" name=\"{name}\" value=\"{}\" checked> {}</label> ",
            esc(value),
            esc(label)
        );
    }
    out.push_str("</fieldset>");
}

/// Whether the page draws the operational diagram inline (else the
/// overview of its top-level boundaries).
fn inline(report: &Report) -> bool {
    report.elements.len() <= INLINE_ELEMENTS
}

/// Whether the page embeds the diagram of file `name` (a build keeps only
/// those diagrams' bytes once they are written).
pub fn embeds(report: &Report, name: &str) -> bool {
    !name.starts_with("scenario-")
        && !name.starts_with("focus-")
        && (inline(report) || name != "operational.svg")
}

/// The report page, with the diagrams the build drew (`(file name, SVG)`).
pub fn html(report: &Report, diagrams: &[(String, Vec<u8>)]) -> String {
    let mut out = String::with_capacity(1 << 16);
    let title = esc(report.model.title);
    let hash = std::str::from_utf8(&SCRIPT_HASH).unwrap_or_default();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{hash}'; img-src data:\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Threat model: {title}</title><style>{STYLE}</style></head><body>\n<h1>Threat model: {title}</h1>\n"
    );
    if !report.model.version.is_empty() {
        let _ = writeln!(
            out,
            "<p>Version {} — files: {}</p>",
            esc(&report.model.version),
            esc(&report.model.files.join(", "))
        );
    }
    // Summary
    let s = &report.summary;
    out.push_str(
        "<h2 id=\"summary\">Summary</h2><table><tr><th>Severity</th><th>All</th><th>Open</th></tr>",
    );
    let o = &s.open_by_severity;
    for (name, all, open) in [
        ("critical", s.critical, o.critical),
        ("high", s.high, o.high),
        ("medium", s.medium, o.medium),
        ("low", s.low, o.low),
        ("none", s.none, o.none),
    ] {
        let _ = write!(
            out,
            "<tr><td class=\"sev {name}\">{name}</td><td>{all}</td><td>{open}</td></tr>"
        );
    }
    let _ = writeln!(
        out,
        "</table><p>{} threats: {} open, {} in progress, {} mitigated, {} accepted, {} false positive{}.</p>",
        s.total,
        s.open,
        s.in_progress,
        s.mitigated,
        s.accepted,
        s.false_positive,
        match s.expired {
            0 => String::new(),
            1 => "; 1 acceptance expired (counted as open)".to_string(),
            n => format!("; {n} acceptances expired (counted as open)"),
        }
    );
    // Diagrams
    out.push_str("<h2 id=\"diagrams\">Diagrams</h2>\n");
    // Scenarios are highlights over the operational diagram (their
    // sections below), not a copy of the whole diagram each.
    let inline = inline(report);
    if !inline {
        let _ = writeln!(
            out,
            "<h3>Overview</h3><p>{} elements: too many to draw legibly here (<code>operational.svg</code> has the whole diagram). Each box is a top-level trust boundary; open one for the boundaries inside it, its elements and their threats.</p><div id=\"overview\"></div><div id=\"boundary-view\" hidden></div>",
            report.elements.len()
        );
    }
    for (name, svg) in diagrams.iter().filter(|(n, _)| embeds(report, n)) {
        let text = String::from_utf8_lossy(svg);
        // The SVGs are our own output: every model string in them is escaped already.
        let body = text.trim_start_matches(|c| c != '<');
        let body = body
            .strip_prefix("<?xml")
            .map(|r| r.split_once("?>").map(|x| x.1).unwrap_or(r))
            .unwrap_or(body);
        let id = if name == "operational.svg" {
            out.push_str(ZOOM_CONTROLS);
            " id=\"operational\" tabindex=\"0\" aria-label=\"Operational diagram: drag to pan, wheel or +/- to zoom, arrows to move, 0 to reset\""
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "<h3>{}</h3><div class=\"diagram\"{id}>{}</div>",
            esc(name),
            body.trim()
        );
    }
    // Filters and threat table
    out.push_str("<h2 id=\"threats\">Threats</h2>\n<div class=\"filters\">");
    let sev: Vec<(String, String)> = ["critical", "high", "medium", "low", "none"]
        .iter()
        .map(|x| (x.to_string(), x.to_string()))
        .collect();
    checkboxes(&mut out, "severity", "Severity", &sev);
    let cats: Vec<(String, String)> = report
        .categories
        .iter()
        .map(|(id, t)| (id.to_string(), t.to_string()))
        .collect();
    checkboxes(&mut out, "category", "Category", &cats);
    let stride: Vec<(String, String)> = ["S", "T", "R", "I", "D", "E", "-"]
        .iter()
        .map(|x| (x.to_string(), x.to_string()))
        .collect();
    checkboxes(&mut out, "stride", "STRIDE", &stride);
    let status: Vec<(String, String)> = [
        "open",
        "in-progress",
        "mitigated",
        "accepted",
        "false-positive",
    ]
    .iter()
    .map(|x| (x.to_string(), x.to_string()))
    .collect();
    checkboxes(&mut out, "status", "Status", &status);
    out.push_str("<fieldset><legend>Boundary</legend><select id=\"f-boundary\"><option value=\"\">all</option><option value=\"0\">(outside any boundary)</option></select></fieldset></div>\n\
<div class=\"tools\"><label>Search <input type=\"search\" id=\"f-search\" placeholder=\"ID, title, target, rule\"></label> \
<label>Group by <select id=\"f-group\"><option value=\"none\">nothing (one row a threat)</option><option value=\"rule\">rule</option><option value=\"element\">element</option><option value=\"category\">category</option></select></label> \
<a id=\"export\" href=\"#threats\" download=\"threats-filtered.csv\">Export the shown threats as CSV</a></div>\n\
<p id=\"count\"></p><div id=\"list\" class=\"vlist\" role=\"list\" aria-label=\"Threats\"></div>\n");
    if report.threats.len() > STATIC_ROWS {
        let _ = writeln!(
            out,
            "<p class=\"print-note\">{} threats are too many to print here: <code>threats.md</code> and <code>threats.csv</code> list them all.</p>",
            report.threats.len()
        );
    } else {
        static_table(&mut out, report);
    }

    // Scenarios and attack paths
    let position: std::collections::HashMap<&str, usize> = report
        .elements
        .iter()
        .enumerate()
        .map(|(i, id)| (*id, i))
        .collect();
    for (k, sc) in report.scenarios.iter().enumerate() {
        let _ = writeln!(
            out,
            "<h2 id=\"scenario-{k}\">Scenario: {}</h2><p>Compromised: {}.</p><table><tr><th>What</th><th>Access</th><th>How</th></tr>",
            esc(&sc.title),
            esc(&sc.compromise.join(", "))
        );
        if inline {
            let (control, reach) = highlight_bits(&position, sc);
            let _ = writeln!(
                out,
                "<p><button type=\"button\" class=\"hl\" data-control=\"{control}\" data-reach=\"{reach}\">Highlight on the operational diagram</button></p>"
            );
        }
        let mut rows = 0;
        for (i, f) in sc.rows() {
            rows += 1;
            if rows > MAX_LISTED {
                continue;
            }
            let _ = writeln!(
                out,
                "<tr><td>{} {}</td><td>{}</td><td>{}</td></tr>",
                f.kind,
                esc(&f.id),
                f.access,
                esc(&short_chain(&sc.chain(i)))
            );
        }
        if rows > MAX_LISTED {
            let _ = writeln!(
                out,
                "<tr><td colspan=\"3\">The first {MAX_LISTED} findings of {rows}; <code>threats.json</code> lists every finding with its chain.</td></tr>"
            );
        }
        out.push_str("</table>\n");
    }
    out.push_str("<h2>Attack paths</h2>");
    if report.attack_paths.is_empty() {
        out.push_str("<p>No path of flows leads from an untrusted actor to restricted data.</p>");
    } else {
        let ranked = super::report::ranked_paths(&report.attack_paths);
        if ranked.len() < report.attack_paths.len() {
            let _ = write!(
                out,
                "<p>The {} paths with the most weak hops of {}; <code>threats.json</code> lists every path.</p>",
                ranked.len(),
                report.attack_paths.len()
            );
        }
        out.push_str("<table><tr><th>From</th><th>To</th><th>Path</th><th>Weak hops</th><th>Open threats</th><th>Also reached from</th></tr>");
        let network = ranked
            .iter()
            .any(|p| p.hops.iter().any(|h| matches!(h, HopOut::Network(_))));
        for p in &ranked {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(p.from),
                esc(p.to),
                route(p),
                p.weaknesses,
                esc(&p.threats.join(", ")),
                esc(&super::report::others(p).join(", "))
            );
        }
        out.push_str("</table>");
        if network {
            let _ = write!(out, "<p>{}</p>", esc(super::report::NETWORK_HOP));
        }
    }
    out.push_str("\n<aside id=\"panel\" hidden aria-label=\"Threats of the selected element\"></aside>\n<script type=\"application/json\" id=\"report-data\">");
    // Boundaries with a focus view among the diagrams: their view links it.
    let focus: Vec<(usize, String)> = report
        .boundaries
        .iter()
        .enumerate()
        .map(|(i, b)| (i, super::diagrams::file_name("focus", b.0)))
        .filter(|(_, name)| diagrams.iter().any(|(n, _)| n == name))
        .collect();
    out.push_str(&super::html_data::data(report, &focus));
    let _ = write!(
        out,
        "</script>\n<script>{SCRIPT}</script>\n</body></html>\n"
    );
    out
}

/// The plain table of every threat (small models: printing, no script).
fn static_table(out: &mut String, report: &Report) {
    out.push_str("<table class=\"static\" id=\"threat-table\"><thead><tr><th>ID</th><th>Threat</th><th>Target</th><th>Category</th><th>STRIDE</th><th>Severity</th><th>Score</th><th>Status</th><th>Why</th><th>Mitigation</th></tr></thead><tbody>\n");
    for t in &report.threats {
        let sev = t.cvss.severity_str();
        let _ = write!(
            out,
            "<tr class=\"row\" data-severity=\"{sev}\" data-category=\""
        );
        esc_into(out, t.category);
        out.push_str("\" data-stride=\"");
        stride_into(out, t.stride);
        out.push_str("\" data-status=\"");
        out.push_str(t.status);
        out.push_str("\"><td>");
        esc_into(out, t.id);
        out.push_str("</td><td>");
        esc_into(out, t.title);
        out.push_str("</td><td>");
        out.push_str(t.target.kind);
        out.push(' ');
        esc_into(out, t.target.id);
        out.push_str("</td><td>");
        esc_into(out, t.category);
        out.push_str("</td><td>");
        stride_into(out, t.stride);
        let _ = write!(
            out,
            "</td><td class=\"sev {sev}\">{sev}</td><td>{:.1}</td><td>{}",
            t.cvss.environmental, t.status
        );
        // An expired acceptance is open again: never "open until".
        match (&t.until, t.expired) {
            (Some(u), true) => {
                out.push_str(" (acceptance expired ");
                esc_into(out, u);
                out.push(')');
            }
            (Some(u), false) => {
                out.push_str(" until ");
                esc_into(out, u);
            }
            (None, _) => {}
        }
        out.push_str("</td><td>");
        esc_into(out, t.why);
        out.push_str("</td><td>");
        esc_into(out, t.mitigation);
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody></table>\n");
}

/// A path's elements, escaped, with the arrow of each hop between them.
fn route(p: &PathOut<'_>) -> String {
    let mut out = String::new();
    for (i, e) in p.path.iter().enumerate() {
        if i > 0 {
            out.push_str(p.hops.get(i - 1).map_or(" → ", |h| h.arrow()));
        }
        out.push_str(&esc(e));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_vectors() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), coded, "{plain}");
        }
        assert_eq!(base64(&[0xFF, 0xEF]), "/+8=");
    }
}
