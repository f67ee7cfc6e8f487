//! OWASP pytm's JSON (`python tm.py --json FILE`, pytm 1.4) → a [`Draft`].
//! Boundaries become boundaries (nested by `inBoundary`, their kind
//! guessed from the name), elements elements by their pytm class (`Actor`
//! and `ExternalEntity` actors; `Server`, `Process`, `SetOfProcesses` and
//! `Lambda` processes; `Datastore` stores with a kind and engine from their
//! type; `LLM` and `Agent` the AI kinds), data data with pytm's five
//! classifications mapped onto vastc's four, dataflows flows (a response
//! folded into its request as `returns`), and controls settings
//! ([`controls`]). What pytm's model excludes or answers becomes a `risk`
//! ([`decisions`]). pytm's own findings are not imported: vastc's rules
//! find their own. Everything else that is set is a note.

mod controls;
mod decisions;
mod schema;

pub use decisions::classes;

use super::draft::{self, Boundary, Data, Draft, Element, Flow, Shape, shown};
use crate::diagnostic::Diag;
use controls::Unmapped;
use schema::File;
use std::collections::BTreeMap;

/// pytm's classification as vastc's: SECRET and TOP_SECRET are both
/// `restricted`, RESTRICTED (pytm's second level of five) is `internal`.
fn classification(s: &str) -> Option<Option<&'static str>> {
    let word = s.trim().trim_start_matches("Classification.");
    Some(match word.to_ascii_uppercase().as_str() {
        "" | "UNKNOWN" => None,
        "PUBLIC" => Some("public"),
        "RESTRICTED" => Some("internal"),
        "SENSITIVE" => Some("confidential"),
        "SECRET" | "TOP_SECRET" => Some("restricted"),
        _ => return None,
    })
}

/// A boundary kind guessed from its name.
fn boundary_kind(name: &str) -> &'static str {
    let n = name.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| n.contains(w));
    if has(&["internet", "public network", "world"]) {
        "internet"
    } else if has(&[
        "third party",
        "third-party",
        "3rd party",
        "vendor",
        "partner",
        "saas",
    ]) {
        "third-party"
    } else if has(&["corporate", "corp ", "office", "intranet"]) {
        "corporate-network"
    } else if has(&["vpc", "vnet", "network", "subnet", "dmz", "lan"]) {
        "network"
    } else if has(&["cloud", "aws", "azure", "gcp", "account"]) {
        "cloud-account"
    } else {
        "generic"
    }
}

/// A store kind and engine from a datastore's attributes and name.
fn store_kind(e: &schema::Element) -> (&'static str, Option<&'static str>) {
    let attr = |k: &str| e.rest.get(k).is_some_and(schema::is_set);
    let ty = e
        .rest
        .get("type")
        .map(schema::text_of)
        .unwrap_or_default()
        .trim_start_matches("DatastoreType.")
        .to_ascii_uppercase();
    let name = e.name.as_str();
    let engine = engine_of(name);
    match ty.as_str() {
        "AWS_S3" => ("object-storage", Some("s3")),
        "FILE_SYSTEM" => ("file-system", engine),
        "LDAP" => ("database", Some("ldap")),
        "SQL" => ("database", engine),
        _ if attr("storesLogData") => ("log-store", engine),
        _ if attr("isSQL") => ("database", engine),
        _ => (draft::store_kind(name), engine),
    }
}

/// A database product named in a store's name.
fn engine_of(name: &str) -> Option<&'static str> {
    let n = name.to_lowercase();
    [
        ("postgres", "postgres"),
        ("mysql", "mysql"),
        ("mariadb", "mariadb"),
        ("oracle", "oracle"),
        ("sql server", "mssql"),
        ("mssql", "mssql"),
        ("mongo", "mongodb"),
        ("redis", "redis"),
        ("dynamo", "dynamodb"),
        ("cassandra", "cassandra"),
        ("elastic", "elasticsearch"),
        ("sqlite", "sqlite"),
    ]
    .iter()
    .find(|(w, _)| n.contains(w))
    .map(|(_, e)| *e)
}

/// Reads pytm's JSON.
pub fn read(file: crate::source::FileId, name: &str, text: &str) -> Result<Draft, Diag> {
    if text.trim_start().starts_with('[') {
        // serde would read a list as the struct's fields in order.
        super::read::json::<BTreeMap<String, serde::de::IgnoredAny>>(file, name, text)?;
    }
    let f: File = super::read::json(file, name, text)?;
    let mut description = f.description.0.trim().to_string();
    let assumptions: Vec<String> = f
        .assumptions
        .iter()
        .map(schema::text_of)
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if !assumptions.is_empty() {
        if !description.is_empty() {
            description.push_str("\n\n");
        }
        description.push_str("Assumptions:\n");
        for a in &assumptions {
            description.push_str(&format!("- {a}\n"));
        }
        description = description.trim_end().to_string();
    }
    let mut d = Draft {
        format: "pytm",
        tool: "OWASP pytm",
        file: name.to_string(),
        title: f.name.0.clone(),
        description,
        ..Draft::default()
    };
    if !f.findings.is_empty() {
        d.note(format!(
            "{} findings of pytm's own threat library are not imported: vastc's rules find their own (docs/pytm.md maps pytm's threat classes to them)",
            f.findings.len()
        ));
    }
    let file_name = f
        .threats_file
        .trimmed()
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("");
    if !f.threats_file.is_empty() && file_name != "threats.json" {
        d.note(format!(
            "threat library {} is not read: only the classes of pytm's own library are mapped to vastc rules",
            shown(file_name)
        ));
    }
    let mut unmapped = Unmapped::default();

    // Boundaries.
    let mut b_ix: BTreeMap<String, usize> = BTreeMap::new();
    for b in &f.boundaries {
        let n = b.name.0.clone();
        if b_ix.contains_key(&n) {
            d.note(format!(
                "boundary name {} is used twice; references go to the first",
                shown(&n)
            ));
        }
        b_ix.entry(n.clone()).or_insert(d.boundaries.len());
        d.boundaries.push(Boundary {
            names: vec![n.clone()],
            label: n.clone(),
            description: b.description.0.trim().to_string(),
            kind: boundary_kind(&n),
            trust: None,
            parent: None,
        });
    }
    for (i, b) in f.boundaries.iter().enumerate() {
        let parent = b.in_boundary.trimmed();
        if parent.is_empty() || b_ix.get(&b.name.0) != Some(&i) {
            continue;
        }
        match b_ix.get(parent) {
            Some(&p) if p == i => d.note(format!(
                "boundary {} is inside itself: placed at the top",
                shown(&b.name.0)
            )),
            Some(&p) => d.boundaries[i].parent = Some(p),
            None => d.note(format!(
                "boundary {} is inside {}, which is not in the file: placed at the top",
                shown(&b.name.0),
                shown(parent)
            )),
        }
    }
    d.break_cycles("boundary", "inBoundary");

    // Elements.
    let mut el_ix: BTreeMap<String, usize> = BTreeMap::new();
    let mut provider: Option<usize> = None;
    for e in &f.elements {
        let n = e.name.0.clone();
        if el_ix.contains_key(&n) {
            d.note(format!(
                "element name {} is used twice; flows go to the first",
                shown(&n)
            ));
        }
        let class = e.class.trimmed();
        let flag = |k: &str| e.rest.get(k).is_some_and(schema::is_set);
        let (shape, kind, engine) = match class {
            "Actor" if flag("isAdmin") => (Shape::Actor, "admin", None),
            "Actor" => (Shape::Actor, draft::actor_kind(&n), None),
            "ExternalEntity" => (Shape::Actor, "external-system", None),
            "Lambda" => (Shape::Process, "function", None),
            "Datastore" => {
                let (k, eng) = store_kind(e);
                (Shape::Store, k, eng)
            }
            "LLM" if flag("hasAgentCapabilities") => (Shape::Process, "agent", None),
            "LLM" if flag("isSelfHosted") => (Shape::Process, "model-server", None),
            "LLM" => (Shape::Process, "llm", None),
            "Agent" => (Shape::Process, "agent", None),
            "Server" | "Process" | "SetOfProcesses" => {
                (Shape::Process, draft::process_kind(&n), None)
            }
            other => {
                d.note(format!(
                    "element {} is of pytm class {}: imported as a process",
                    shown(&n),
                    shown(other)
                ));
                (Shape::Process, draft::process_kind(&n), None)
            }
        };
        let mut boundary = match e.in_boundary.trimmed() {
            "" => None,
            b => match b_ix.get(b) {
                Some(&x) => Some(x),
                None => {
                    d.note(format!(
                        "element {} is inside boundary {}, which is not in the file: placed at the top",
                        shown(&n),
                        shown(b)
                    ));
                    None
                }
            },
        };
        if class == "LLM" && flag("isThirdParty") && !flag("isSelfHosted") {
            let p = *provider.get_or_insert_with(|| {
                d.boundaries.push(Boundary {
                    names: vec!["model-providers".into()],
                    label: "Third-party model providers".into(),
                    description:
                        "Models pytm marks as third-party (isThirdParty), run by their provider."
                            .into(),
                    kind: "third-party",
                    trust: None,
                    parent: None,
                });
                d.boundaries.len() - 1
            });
            let was = boundary.map(|b| d.boundaries[b].label.clone());
            d.note(format!(
                "LLM {} is third-party (isThirdParty): placed in the boundary \"Third-party model providers\"{}",
                shown(&n),
                was.map(|w| format!(", not in {}", shown(&w)))
                    .unwrap_or_default()
            ));
            boundary = Some(p);
        }
        if e.rest
            .get("inScope")
            .is_some_and(|v| v == &serde_json::Value::Bool(false))
        {
            d.note(format!(
                "element {} is out of scope in pytm (inScope false): imported, and vastc's rules apply to it",
                shown(&n)
            ));
        }
        let mut settings: Vec<(&'static str, String)> = Vec::new();
        if let Some(engine) = engine {
            settings.push(("engine", engine.to_string()));
        }
        el_ix.entry(n.clone()).or_insert(d.elements.len());
        d.elements.push(Element {
            names: vec![n.clone()],
            label: n.clone(),
            description: e.description.0.trim().to_string(),
            shape,
            kind,
            boundary,
            stores: Vec::new(),
            settings,
        });
        let i = d.elements.len() - 1;
        controls::element(&mut d, i, e, &mut unmapped);
    }

    // Data.
    let mut data_ix: BTreeMap<String, usize> = BTreeMap::new();
    let mut squeezed = Vec::new();
    for x in &f.data {
        let n = x.name.0.clone();
        if data_ix.contains_key(&n) {
            d.note(format!(
                "data name {} is used twice; references go to the first",
                shown(&n)
            ));
        }
        let class = match classification(x.classification.as_str()) {
            Some(c) => c,
            None => {
                d.note(format!(
                    "data {}: classification {} is not one of pytm's: left to vastc's default (internal)",
                    shown(&n),
                    shown(x.classification.trimmed())
                ));
                None
            }
        };
        if x.classification.trimmed().ends_with("TOP_SECRET") {
            squeezed.push(n.clone());
        }
        let mut item = Data {
            names: vec![n.clone()],
            label: n.clone(),
            description: x.description.0.trim().to_string(),
            classification: class,
            ..Data::default()
        };
        controls::data(&mut item, x, &mut unmapped);
        data_ix.entry(n).or_insert(d.data.len());
        d.data.push(item);
    }
    if !squeezed.is_empty() {
        d.note(format!(
            "TOP_SECRET and SECRET are both `restricted` (vastc has four levels, pytm five): {}",
            squeezed
                .iter()
                .map(|s| shown(s))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    for x in &f.data {
        let Some(&di) = data_ix.get(&x.name.0) else {
            continue;
        };
        for p in &x.processed_by {
            if let Some(&e) = el_ix.get(&p.0)
                && d.elements[e].shape == Shape::Store
                && !d.elements[e].stores.contains(&di)
            {
                d.elements[e].stores.push(di);
            }
        }
    }

    // Flows.
    let mut flow_ix: BTreeMap<String, usize> = BTreeMap::new();
    let mut folded = 0;
    let mut pending = Vec::new();
    for fl in &f.flows {
        let n = fl.name.0.clone();
        let ends = (el_ix.get(&fl.source.0), el_ix.get(&fl.sink.0));
        let (Some(&s), Some(&t)) = ends else {
            d.note(format!(
                "dataflow {} goes from {} to {}, which are not both elements of the file: not imported",
                shown(&n),
                shown(&fl.source.0),
                shown(&fl.sink.0)
            ));
            continue;
        };
        let carries = d.data_refs(&fl.data, &data_ix, &n, "data");
        for &x in &carries {
            for e in [s, t] {
                if d.elements[e].shape == Shape::Store && !d.elements[e].stores.contains(&x) {
                    d.elements[e].stores.push(x);
                }
            }
        }
        if fl.is_response.0 {
            let request = flow_ix.get(fl.response_to.trimmed()).copied();
            if let Some(r) = request.filter(|&r| d.flows[r].source == t && d.flows[r].target == s) {
                for x in carries {
                    if !d.flows[r].returns.contains(&x) {
                        d.flows[r].returns.push(x);
                    }
                }
                folded += 1;
                flow_ix.entry(n).or_insert(r);
                continue;
            }
        }
        let mut description = fl.description.0.trim().to_string();
        if !fl.note.is_empty() {
            if !description.is_empty() {
                description.push_str("\n\n");
            }
            description.push_str(fl.note.trimmed());
        }
        let protocol = match fl.protocol.trimmed() {
            "" => None,
            p => {
                let w = draft::protocol(p);
                if w.is_none() {
                    d.note(format!(
                        "dataflow {}: protocol {} is not one vastc knows: not kept",
                        shown(&n),
                        shown(p)
                    ));
                }
                w
            }
        };
        let port = fl
            .dst_port
            .0
            .filter(|p| (0.0..=65535.0).contains(p) && p.fract() == 0.0)
            .map(|p| p as u16);
        flow_ix.entry(n.clone()).or_insert(d.flows.len());
        d.flows.push(Flow {
            label: n,
            description,
            source: s,
            target: t,
            protocol,
            port,
            carries,
            ..Flow::default()
        });
        pending.push((d.flows.len() - 1, fl));
    }
    for (i, fl) in pending {
        let sink = f
            .elements
            .get(el_ix.get(&fl.sink.0).copied().unwrap_or(usize::MAX));
        controls::flow(&mut d, i, fl, sink, &mut unmapped);
    }
    personal(&mut d, &f);
    if folded > 0 {
        d.note(format!(
            "{folded} response dataflow(s) are written as `returns` of the flow they answer"
        ));
    }
    unmapped.notes(&mut d);

    decisions::decide(&mut d, &f, &el_ix, &flow_ix, &b_ix);
    Ok(d)
}

/// Marks `pii true` the data a model that processes personal data
/// receives (`processesPersonalData`) and the data a store of personal
/// data keeps (`storesPII`), with a note naming them.
fn personal(d: &mut Draft, f: &File) {
    if crate::resolve::schema::setting_named(crate::resolve::schema::Subject::Data, "pii").is_none()
    {
        return;
    }
    for (i, e) in f.elements.iter().enumerate().take(d.elements.len()) {
        let flag = |k: &str| e.rest.get(k).is_some_and(schema::is_set);
        let (data, why): (Vec<usize>, &str) = if flag("processesPersonalData") {
            let into = d.flows.iter().filter(|x| x.target == i);
            (
                into.flat_map(|x| x.carries.clone()).collect(),
                "receives them and processes personal data (processesPersonalData)",
            )
        } else if flag("storesPII") && d.elements[i].shape == Shape::Store {
            (
                d.elements[i].stores.clone(),
                "keeps them and stores personal data (storesPII)",
            )
        } else {
            continue;
        };
        let mut marked = Vec::new();
        for x in data {
            let item = &mut d.data[x];
            if !item.settings.iter().any(|(n, _)| *n == "pii") {
                item.settings.push(("pii", "true".into()));
                marked.push(shown(&item.label));
            }
        }
        if !marked.is_empty() {
            let label = shown(&d.elements[i].label);
            d.note(format!(
                "data {} marked `pii true`: {label} {why}",
                marked.join(", ")
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mappings() {
        assert_eq!(
            classification("Classification.TOP_SECRET"),
            Some(Some("restricted"))
        );
        assert_eq!(classification("RESTRICTED"), Some(Some("internal")));
        assert_eq!(classification("Classification.UNKNOWN"), Some(None));
        assert_eq!(classification("cosmic"), None);
        assert_eq!(boundary_kind("Internet"), "internet");
        assert_eq!(boundary_kind("AWS VPC"), "network");
        assert_eq!(boundary_kind("Server/DB"), "generic");
        assert_eq!(engine_of("Main MySQL database"), Some("mysql"));
        assert_eq!(engine_of("SQL Database"), None);
    }
}
