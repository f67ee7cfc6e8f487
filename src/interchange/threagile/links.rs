//! Threagile technical assets → elements, communication links → flows.

use super::super::draft::{self, Boundary, Draft, Element, Flow, Shape, shown};
use super::schema::File;
use std::collections::BTreeMap;

/// A Threagile protocol: the protocol word and whether the link says it is
/// encrypted where the word alone would not.
pub(super) fn protocol(p: &str) -> Option<(&'static str, bool)> {
    let p = p.trim().to_lowercase();
    let (base, encrypted) = match p.strip_suffix("-encrypted") {
        Some(b) => (b, true),
        None => (p.as_str(), false),
    };
    let tls = match base {
        "http" | "reverse-proxy-web-protocol" => Some("https"),
        "ldap" => Some("ldaps"),
        "smtp" => Some("smtps"),
        "imap" => Some("imaps"),
        "mqtt" => Some("mqtts"),
        "ftp" => Some("ftps"),
        "ws" => Some("wss"),
        _ => None,
    };
    if encrypted && let Some(t) = tls {
        return Some((t, false));
    }
    let word = match base {
        "reverse-proxy-web-protocol" => Some("http"),
        "text" | "pop3" | "jms" | "iiop" | "jrmp" | "nrpe" | "xmpp" => Some("tcp"),
        "container-spawning" => Some("ipc"),
        _ => draft::protocol(base),
    }?;
    let by_word = crate::resolve::vocab::ENCRYPTED_PROTOCOLS.contains(&word);
    Some((word, encrypted && !by_word))
}

pub(super) fn assets(
    d: &mut Draft,
    f: &File,
    data_ix: &BTreeMap<String, usize>,
    b_ix: &BTreeMap<String, usize>,
) {
    let mut inside: BTreeMap<&str, usize> = BTreeMap::new();
    for (title, b) in &f.trust_boundaries.0 {
        let id = if b.id.is_empty() { title } else { &b.id.0 };
        let Some(&bi) = b_ix.get(id) else { continue };
        for a in &b.technical_assets_inside {
            if let Some(&old) = inside.get(a.as_str()) {
                if old != bi {
                    d.note(format!(
                        "technical asset {} is inside both {} and {}: kept in the first",
                        shown(&a.0),
                        shown(&d.boundaries[old].label),
                        shown(title)
                    ));
                }
                continue;
            }
            inside.insert(a.as_str(), bi);
        }
    }
    let mut internet = None;
    let mut el_ix: BTreeMap<String, usize> = BTreeMap::new();
    let (mut processed, mut rated) = (0, 0);
    for (title, a) in &f.technical_assets.0 {
        let id = if a.id.is_empty() {
            title.clone()
        } else {
            a.id.0.clone()
        };
        let tech = a.technology.trimmed();
        let words = format!("{tech} {title}");
        let (shape, kind) = match a.ty.trimmed() {
            "external-entity" => (
                Shape::Actor,
                if a.used_as_client_by_human.0 {
                    if tech.contains("devops") || tech.contains("admin") {
                        "admin"
                    } else {
                        "user"
                    }
                } else {
                    draft::actor_kind(&words)
                },
            ),
            "datastore" => (
                Shape::Store,
                match tech {
                    "database" | "identity-store-database" | "identity-store-ldap" => "database",
                    "file-server" | "local-file-system" => "file-system",
                    "block-storage" => "volume",
                    "message-queue" | "stream-processing" => "queue",
                    "data-lake" => "object-storage",
                    _ => draft::store_kind(&words),
                },
            ),
            other => {
                if other != "process" {
                    d.note(format!(
                        "technical asset {} has type {}: imported as a process",
                        shown(title),
                        shown(other)
                    ));
                }
                (
                    Shape::Process,
                    match tech {
                        "web-server" | "web-application" | "cms" | "wiki" | "reverse-proxy" => {
                            "web-app"
                        }
                        "function" | "serverless" => "function",
                        "monitoring" | "web-service-rest" | "web-service-soap" => "service",
                        _ => draft::process_kind(&words),
                    },
                )
            }
        };
        if el_ix.contains_key(&id) {
            d.note(format!(
                "technical asset ID {} is used twice; links go to the first",
                shown(&id)
            ));
        }
        let mut settings = Vec::new();
        let encrypted = !matches!(a.encryption.trimmed(), "" | "none");
        if shape == Shape::Store && encrypted {
            settings.push(("encrypted-at-rest", "true".to_string()));
        } else if encrypted {
            d.note(format!(
                "technical asset {}: encryption {} is not kept (only stores are encrypted at rest)",
                shown(title),
                shown(a.encryption.trimmed())
            ));
        }
        let mut boundary = inside.get(id.as_str()).copied();
        if a.internet.0 {
            if shape == Shape::Actor {
                if boundary.is_none() {
                    let b = *internet.get_or_insert_with(|| {
                        d.boundaries.push(Boundary {
                            names: vec!["internet".into()],
                            label: "Internet".into(),
                            description: "Technical assets Threagile marks `internet: true` outside every trust boundary".into(),
                            kind: "internet",
                            trust: None,
                            parent: None,
                        });
                        d.boundaries.len() - 1
                    });
                    boundary = Some(b);
                }
            } else {
                settings.push(("exposure", "public".to_string()));
            }
        }
        if a.out_of_scope.0 {
            let why = a.justification_out_of_scope.trimmed();
            d.note(format!(
                "technical asset {} is out of scope ({}): imported in scope",
                shown(title),
                shown(why)
            ));
        }
        let stores = if shape == Shape::Store {
            d.data_refs(&a.data_assets_stored, data_ix, title, "data asset")
        } else {
            if !a.data_assets_stored.is_empty() {
                d.note(format!(
                    "technical asset {} is not a datastore: the data it stores is not kept",
                    shown(title)
                ));
            }
            Vec::new()
        };
        processed += a.data_assets_processed.len();
        if !a.confidentiality.is_empty() {
            rated += 1;
        }
        el_ix.entry(id.clone()).or_insert(d.elements.len());
        d.elements.push(Element {
            names: vec![id, title.clone()],
            label: title.clone(),
            description: a.description.0.trim().to_string(),
            shape,
            kind,
            boundary,
            stores,
            settings,
        });
    }
    if processed > 0 {
        d.note(format!("{processed} `data_assets_processed` reference(s) are not kept: in vastc, flows carry data"));
    }
    if rated > 0 {
        d.note(format!(
            "the CIA ratings of {rated} technical asset(s) are not kept: vastc rates data assets"
        ));
    }
    for (title, r) in &f.shared_runtimes.0 {
        d.note(format!(
            "shared runtime {} ({} technical assets) is not kept: vastc has no shared runtimes",
            shown(title),
            r.technical_assets_running.len()
        ));
    }
    let link_ix = links(d, f, &el_ix, data_ix);
    super::risks::risks(d, f, &el_ix, &link_ix, b_ix, data_ix);
}

/// Flows of the communication links; returns Threagile's link IDs
/// (`source>title`) → flow.
pub(super) fn links(
    d: &mut Draft,
    f: &File,
    el_ix: &BTreeMap<String, usize>,
    data_ix: &BTreeMap<String, usize>,
) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    let mut lost: BTreeMap<&str, usize> = BTreeMap::new();
    for (title, a) in &f.technical_assets.0 {
        let id = if a.id.is_empty() {
            title.clone()
        } else {
            a.id.0.clone()
        };
        let Some(&src) = el_ix.get(&id) else { continue };
        for (ltitle, l) in &a.communication_links.0 {
            let Some(&dst) = el_ix.get(&l.target.0) else {
                d.note(format!(
                    "link {} of {} goes to {}, which is not a technical asset: not imported",
                    shown(ltitle),
                    shown(title),
                    shown(&l.target.0)
                ));
                continue;
            };
            let mut description = l.description.0.trim().to_string();
            let (protocol, encrypted) = match l.protocol.trimmed() {
                "" | "unknown-protocol" => (None, false),
                p => {
                    match protocol(p) {
                        Some((w, e)) => (Some(w), e),
                        None => {
                            d.note(format!("link {}: protocol {} has no vastc word; written into its description", shown(ltitle), shown(p)));
                            description.push_str(&format!("\nprotocol: {p}"));
                            (None, false)
                        }
                    }
                }
            };
            let authn = match l.authentication.trimmed() {
                "credentials" => Some("password"),
                "session-id" | "token" => Some("token"),
                "client-certificate" => Some("client-cert"),
                "two-factor" => {
                    lost.entry("two-factor authentication (written as password)")
                        .and_modify(|n| *n += 1)
                        .or_insert(1);
                    Some("password")
                }
                "externalized" => Some("oidc"),
                _ => None,
            };
            for (on, what) in [
                (
                    !matches!(l.authorization.trimmed(), "" | "none"),
                    "authorization",
                ),
                (l.vpn.0, "vpn"),
                (l.ip_filtered.0, "ip_filtered"),
                (l.readonly.0, "readonly"),
            ] {
                if on {
                    *lost.entry(what).or_insert(0) += 1;
                }
            }
            let normal: String = ltitle
                .to_lowercase()
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("-");
            out.entry(format!("{id}>{normal}")).or_insert(d.flows.len());
            let carries = d.data_refs(&l.data_assets_sent, data_ix, ltitle, "data asset");
            let returns = d.data_refs(&l.data_assets_received, data_ix, ltitle, "data asset");
            d.flows.push(Flow {
                id: None,
                label: ltitle.clone(),
                description: description.trim().to_string(),
                source: src,
                target: dst,
                protocol,
                authn,
                encrypted: encrypted.then_some(true),
                carries,
                returns,
                ..Flow::default()
            });
        }
    }
    for (what, n) in lost {
        d.note(format!(
            "{what} of {n} link(s) is not kept: vastc flows have no such setting"
        ));
    }
    out
}
