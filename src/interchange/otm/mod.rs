//! Open Threat Model (JSON, or its YAML form) → a [`Draft`]. Trust zones
//! become boundaries (nested by `parent`, their 0-100 trust rating as the
//! nearest trust word), components elements in their zone, data flows
//! flows carrying their assets, assets data with CIA ratings, and each
//! threat instance on a component or data flow a `threat` with its state
//! as the status and its mitigations' names as the mitigation. A file
//! `vastc build --format otm` wrote gives back its kinds, statuses, CVSS
//! vectors and the targets OTM has no place for.

mod schema;
mod threats;

use super::draft::{self, Boundary, Data, Draft, Element, Flow, Shape, shown};
use super::read::Text;
use crate::diagnostic::Diag;
use crate::resolve::vocab;
use schema::{Component, File};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The trust zone vastc's export puts elements outside every boundary in.
const OUTSIDE: &str = crate::emit::otm::OUTSIDE;

/// Whether an ID is a UUID (then the name makes a better vastc ID).
fn opaque(id: &str) -> bool {
    id.len() >= 32 && id.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
        || id.chars().all(|c| c.is_ascii_digit())
}

/// ID candidates: the foreign ID, unless it is opaque, then the name.
pub(super) fn names(id: &Text, name: &Text) -> Vec<String> {
    if opaque(id.trimmed()) {
        vec![name.0.clone(), id.0.clone()]
    } else {
        vec![id.0.clone(), name.0.clone()]
    }
}

/// Reads an OTM file: JSON, or YAML when it does not start with `{`.
pub fn read(file: crate::source::FileId, name: &str, text: &str) -> Result<Draft, Diag> {
    let f: File = if super::read::looks_like_json(text) {
        super::read::json(file, name, text)?
    } else {
        super::read::yaml(file, name, text)?
    };
    let mut d = Draft {
        format: "otm",
        tool: "Open Threat Model",
        file: name.to_string(),
        title: f.project.name.0.clone(),
        description: f.project.description.0.clone(),
        owner: f.project.owner.0.clone(),
        ..Draft::default()
    };
    if !f.otm_version.is_empty() && !f.otm_version.trimmed().starts_with("0.") {
        d.note(format!(
            "OTM version {} is newer than 0.2: read as 0.2",
            shown(f.otm_version.trimmed())
        ));
    }
    if !f.representations.is_empty() {
        d.note("representations (diagram positions and sizes) are not kept: vastc lays out its own diagrams");
    }

    let mut data_ix: BTreeMap<String, usize> = BTreeMap::new();
    for a in &f.assets {
        if data_ix.contains_key(&a.id.0) {
            d.note(format!(
                "asset ID {} is used twice; references go to the first",
                shown(&a.id.0)
            ));
        }
        let r = &a.risk;
        let mut description = a.description.0.clone();
        if !r.comment.is_empty() {
            if !description.is_empty() {
                description.push_str("\n\n");
            }
            description.push_str(r.comment.trimmed());
        }
        data_ix.entry(a.id.0.clone()).or_insert(d.data.len());
        d.data.push(Data {
            names: names(&a.id, &a.name),
            label: a.name.0.clone(),
            description,
            classification: r
                .confidentiality
                .0
                .map(|x| draft::level_of_rating(&vocab::CLASSIFICATION, x)),
            integrity: r
                .integrity
                .0
                .map(|x| draft::level_of_rating(&vocab::LEVEL, x)),
            availability: r
                .availability
                .0
                .map(|x| draft::level_of_rating(&vocab::LEVEL, x)),
            settings: Vec::new(),
        });
    }

    let mut zone_ix: BTreeMap<String, usize> = BTreeMap::new();
    for z in f.trust_zones.iter().filter(|z| z.id.0 != OUTSIDE) {
        if zone_ix.contains_key(&z.id.0) {
            d.note(format!(
                "trust zone ID {} is used twice; references go to the first",
                shown(&z.id.0)
            ));
        }
        let ty = z.ty.trimmed();
        let words = format!("{} {}", ty, z.name.trimmed()).to_lowercase();
        let kind = draft::word(&vocab::BOUNDARY_KIND, ty).unwrap_or(
            if words.contains("internet") || words.contains("public") {
                "internet"
            } else if words.contains("third") || words.contains("partner") {
                "third-party"
            } else if words.contains("cloud") {
                "cloud-account"
            } else {
                "generic"
            },
        );
        let trust = z.risk.trust_rating.0.map(draft::trust_of_rating);
        let own = trust.map(|t| format!("trust {t}"));
        zone_ix.entry(z.id.0.clone()).or_insert(d.boundaries.len());
        d.boundaries.push(Boundary {
            names: names(&z.id, &z.name),
            label: z.name.0.clone(),
            description: if own.as_deref() == Some(z.description.trimmed()) {
                String::new()
            } else {
                z.description.0.clone()
            },
            kind,
            trust,
            parent: None,
        });
    }
    // Zone parents: zones only (a zone inside a component has no vastc form).
    for z in f.trust_zones.iter().filter(|z| z.id.0 != OUTSIDE) {
        let (Some(&b), Some(p)) = (zone_ix.get(&z.id.0), &z.parent) else {
            continue;
        };
        if !p.trust_zone.is_empty() {
            match zone_ix.get(&p.trust_zone.0) {
                Some(&pb) => d.boundaries[b].parent = Some(pb),
                None => d.note(format!(
                    "trust zone {} names parent zone {}, which is not in the file: placed at the top",
                    shown(&z.name.0),
                    shown(&p.trust_zone.0)
                )),
            }
        } else if !p.component.is_empty() {
            d.note(format!(
                "trust zone {} is inside component {}: vastc boundaries hold elements, not the other way round; placed at the top",
                shown(&z.name.0),
                shown(&p.component.0)
            ));
        }
    }
    d.break_cycles("trust zone", "parent zones");

    let mut el_ix: BTreeMap<String, usize> = BTreeMap::new();
    let by_id: BTreeMap<&str, &Component> =
        f.components.iter().map(|c| (c.id.as_str(), c)).collect();
    let mut processed = 0usize;
    for c in &f.components {
        if el_ix.contains_key(&c.id.0) {
            d.note(format!(
                "component ID {} is used twice; references go to the first",
                shown(&c.id.0)
            ));
        }
        let el = component(&mut d, c, &by_id, &zone_ix, &data_ix);
        processed += c.assets.processed.len();
        el_ix.entry(c.id.0.clone()).or_insert(el);
    }
    if processed > 0 {
        d.note(format!(
            "{processed} `processed` asset reference(s) of components are not kept: in vastc, flows carry data (`carries`)"
        ));
    }

    let mut flow_ix: BTreeMap<String, usize> = BTreeMap::new();
    for fl in &f.dataflows {
        let (Some(&s), Some(&t)) = (el_ix.get(&fl.source.0), el_ix.get(&fl.destination.0)) else {
            d.note(format!(
                "data flow {} joins {} and {}, which are not both components: not imported",
                shown(&fl.name.0),
                shown(&fl.source.0),
                shown(&fl.destination.0)
            ));
            continue;
        };
        if fl.bidirectional.0 {
            d.note(format!(
                "data flow {} is bidirectional: imported one way, source to destination",
                shown(&fl.name.0)
            ));
        }
        let carries = d.data_refs(&fl.assets, &data_ix, &fl.name.0, "asset");
        let attr = |k: &str| fl.attributes.get(k);
        let protocol = attr("protocol")
            .and_then(Value::as_str)
            .and_then(draft::protocol);
        let authn = attr("authn")
            .and_then(Value::as_str)
            .and_then(|a| draft::word(&vocab::AUTHN, a))
            .filter(|a| *a != "none");
        let by_protocol = protocol.is_some_and(|p| vocab::ENCRYPTED_PROTOCOLS.contains(&p))
            || authn == Some("mtls");
        let encrypted = attr("encrypted")
            .and_then(Value::as_bool)
            .filter(|&e| e != by_protocol);
        let id = (!opaque(fl.id.trimmed()) && !fl.id.0.contains("->")).then(|| fl.id.0.clone());
        flow_ix.entry(fl.id.0.clone()).or_insert(d.flows.len());
        d.flows.push(Flow {
            id,
            label: fl.name.0.clone(),
            description: fl.description.0.clone(),
            source: s,
            target: t,
            protocol,
            authn,
            encrypted,
            carries,
            ..Flow::default()
        });
    }

    threats::threats(&mut d, &f, &el_ix, &flow_ix, &zone_ix, &data_ix);
    Ok(d)
}

fn component(
    d: &mut Draft,
    c: &Component,
    by_id: &BTreeMap<&str, &Component>,
    zone_ix: &BTreeMap<String, usize>,
    data_ix: &BTreeMap<String, usize>,
) -> usize {
    let ty = c.ty.trimmed();
    let tags: Vec<&str> = c.tags.iter().map(Text::trimmed).collect();
    let words = format!("{} {} {}", ty, c.name.trimmed(), tags.join(" ")).to_lowercase();
    let has = |ws: &[&str]| ws.iter().any(|w| words.contains(w));
    let shape = match ty {
        "actor" => Shape::Actor,
        "process" => Shape::Process,
        "store" => Shape::Store,
        _ if has(&[
            "database", "-db", "db-", "sql", "storage", "store", "bucket", "s3", "queue", "cache",
            "redis", "file", "blob", "table",
        ]) =>
        {
            Shape::Store
        }
        _ if has(&[
            "user", "actor", "client", "browser", "human", "person", "customer", "device",
        ]) =>
        {
            Shape::Actor
        }
        _ => Shape::Process,
    };
    let exported = matches!(ty, "actor" | "process" | "store");
    let hinted = tags
        .first()
        .and_then(|t| draft::word(shape.kinds(), t))
        .filter(|_| exported);
    let kind = hinted.unwrap_or_else(|| match shape {
        Shape::Actor => draft::actor_kind(&words),
        Shape::Process => draft::process_kind(&words),
        Shape::Store => draft::store_kind(&words),
    });
    // The zone: its own, or the zone of the component it sits in.
    let mut zone = None;
    let mut parent = c.parent.as_ref();
    let mut seen = BTreeSet::new();
    while let Some(p) = parent {
        if !p.trust_zone.is_empty() {
            zone = zone_ix.get(&p.trust_zone.0).copied();
            if zone.is_none() && p.trust_zone.0 != OUTSIDE {
                d.note(format!(
                    "component {} names trust zone {}, which is not in the file: placed outside every boundary",
                    shown(&c.name.0),
                    shown(&p.trust_zone.0)
                ));
            }
            break;
        }
        let outer = p.component.0.as_str();
        if !seen.insert(outer.to_string()) || outer == c.id.0 {
            d.note(format!(
                "component {} is in a cycle of parent components: placed outside every boundary",
                shown(&c.name.0)
            ));
            break;
        }
        match by_id.get(outer) {
            Some(o) => {
                if seen.len() == 1 {
                    d.note(format!(
                        "component {} is inside component {}: vastc elements do not nest; placed in the outer component's trust zone",
                        shown(&c.name.0),
                        shown(&o.name.0)
                    ));
                }
                parent = o.parent.as_ref();
            }
            None => {
                d.note(format!(
                    "component {} names parent component {}, which is not in the file",
                    shown(&c.name.0),
                    shown(outer)
                ));
                break;
            }
        }
    }
    let mut stores = Vec::new();
    if shape == Shape::Store {
        stores = d.data_refs(&c.assets.stored, data_ix, &c.name.0, "asset");
    } else if !c.assets.stored.is_empty() {
        d.note(format!(
            "component {} is not a store: the assets it stores are not kept",
            shown(&c.name.0)
        ));
    }
    if !exported && !ty.is_empty() {
        d.note(format!(
            "component {} of type {} is imported as {} of kind {kind}",
            shown(&c.name.0),
            shown(ty),
            shape.article()
        ));
    }
    d.elements.push(Element {
        names: names(&c.id, &c.name),
        label: c.name.0.clone(),
        description: if exported && c.description.trimmed() == kind {
            String::new()
        } else {
            c.description.0.clone()
        },
        shape,
        kind,
        boundary: zone,
        stores,
        settings: Vec::new(),
    });
    d.elements.len() - 1
}
