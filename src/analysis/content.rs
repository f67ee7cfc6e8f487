//! Where users' input is kept and shown again, for the facts of the
//! stored cross-site scripting rule (`reads-user-content`,
//! `serves-users`) and the count of unauthenticated clients of a store
//! (`unauthenticated-clients`). Computed once per build on first use
//! ([`Content::new`]) and kept in the [`Context`].

use super::context::Context;
use crate::model::*;
use std::collections::BTreeSet;

/// The content facts of every element and flow of a model.
#[derive(Debug, Default)]
pub struct Content {
    /// Per element: a process that people reach (see [`serves_users`]).
    pub serves_users: IdVec<ElementId, bool>,
    /// Per element: a store some flow writes users' input into (a flow into
    /// it that does not only `returns`, from a user or internet actor or an
    /// element a path of flows from one reaches).
    pub stores_user_input: IdVec<ElementId, bool>,
    /// Per flow: the first flow by which a process reads a store of
    /// users' input, of its store and process pair.
    pub reads_user_content: IdVec<FlowId, bool>,
}

impl Content {
    pub fn new(cx: &Context<'_>) -> Content {
        let m = cx.model;
        let people: IdVec<ElementId, bool> = m
            .elements
            .ids()
            .map(|e| is_person_or_outsider(cx, e))
            .collect();
        let reached = cx.graph.reached_from(people.ids().filter(|&e| people[e]));
        let user_input = |e: ElementId| {
            people.get(e).copied().unwrap_or(false) || reached.get(e).copied().unwrap_or(false)
        };
        let mut stores_user_input = IdVec::filled(false, m.elements.len());
        // A flow into a store writes to it, unless it only lists `returns`
        // (a query that reads).
        for f in &m.flows {
            let only_reads = f.carries.is_empty() && !f.returns.is_empty();
            if is_store(m, f.target) && !only_reads && user_input(f.source) {
                stores_user_input[f.target] = true;
            }
        }
        let mut reads_user_content = IdVec::filled(false, m.flows.len());
        let mut pairs: BTreeSet<(ElementId, ElementId)> = BTreeSet::new();
        for (i, f) in m.flows.iter_enumerated() {
            let (store, reader) = if is_store(m, f.source) && !is_store(m, f.target) {
                (f.source, f.target)
            } else if is_store(m, f.target) && !is_store(m, f.source) && !f.returns.is_empty() {
                (f.target, f.source)
            } else {
                continue;
            };
            if m.elements[reader].ty != ElementType::Process || !stores_user_input[store] {
                continue;
            }
            if pairs.insert((store, reader)) {
                reads_user_content[i] = true;
            }
        }
        Content {
            serves_users: serves_users(cx),
            stores_user_input,
            reads_user_content,
        }
    }
}

fn is_store(m: &Model, e: ElementId) -> bool {
    m.elements[e].ty == ElementType::Store
}

/// An actor of kind user, or any actor inside an internet boundary: where
/// input nobody in the system vouches for comes from.
fn is_person_or_outsider(cx: &Context<'_>, e: ElementId) -> bool {
    let el = &cx.model.elements[e];
    el.ty == ElementType::Actor
        && (el.kind == ElementKind::User || cx.inside(e, BoundaryKind::Internet))
}

/// Processes with a flow to or from an actor of kind user or admin or an
/// actor inside an internet boundary, directly or through ingress
/// controllers and service-mesh proxies (which pass pages on as they are).
fn serves_users(cx: &Context<'_>) -> IdVec<ElementId, bool> {
    let m = cx.model;
    let n = m.elements.len();
    let person = |e: ElementId| {
        let el = &m.elements[e];
        el.ty == ElementType::Actor
            && (matches!(el.kind, ElementKind::User | ElementKind::Admin)
                || cx.inside(e, BoundaryKind::Internet))
    };
    let proxy = |e: ElementId| {
        matches!(
            m.elements[e].kind,
            ElementKind::K8sIngressController | ElementKind::ServiceMeshProxy
        )
    };
    let mut faces = IdVec::filled(false, n);
    let mut queue: Vec<ElementId> = Vec::new();
    for f in &m.flows {
        for (a, b) in [(f.source, f.target), (f.target, f.source)] {
            if person(a) && !faces[b] && m.elements[b].ty == ElementType::Process {
                faces[b] = true;
                queue.push(b);
            }
        }
    }
    // A proxy that faces people passes that on to the processes behind it.
    while let Some(p) = queue.pop() {
        if !proxy(p) {
            continue;
        }
        for &f in cx.graph.outbound(p).iter().chain(cx.graph.inbound(p)) {
            let flow = &m.flows[f];
            let other = if flow.source == p {
                flow.target
            } else {
                flow.source
            };
            if !faces[other] && m.elements[other].ty == ElementType::Process {
                faces[other] = true;
                queue.push(other);
            }
        }
    }
    faces
}

/// Inbound flows of `e` that do not authenticate (`authn none`), come from
/// the same or a higher trust level and use a network protocol (not file,
/// ipc or kubernetes-api).
pub fn unauthenticated_clients(cx: &Context<'_>, e: ElementId) -> Vec<FlowId> {
    let m = cx.model;
    cx.graph
        .inbound(e)
        .iter()
        .copied()
        .filter(|&f| {
            let flow = &m.flows[f];
            flow.authn() == "none"
                && super::crossings::trust_delta(m, f) <= 0
                && !matches!(
                    flow.settings.word(Key::Protocol),
                    Some("file" | "ipc" | "kubernetes-api")
                )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(text: &str) -> (Model, Content) {
        let r = crate::resolve::resolve_str("content.vast", text);
        assert!(!r.has_errors(), "{:#?}", r.diags);
        let cx = Context::new(&r.model);
        let c = Content::new(&cx);
        drop(cx);
        (r.model, c)
    }

    const SITE: &str = r#"
boundary internet "Internet" { kind internet; actor visitor "Visitor" { kind user } }
boundary dc "Data centre" {
  kind network
  process ingress "ingress" { kind k8s-ingress-controller }
  process web "web" { kind web-app }
  process report "report job" { kind service }
  store db "comments" { kind database }
  store config "settings" { kind database }
}
flow visitor -> ingress { protocol https }
flow ingress -> web { protocol http }
flow web -> db { protocol postgres; authn password }
flow db -> web { protocol postgres; authn password }
flow report -> db { protocol postgres; authn password }
flow report -> config { protocol postgres }
flow config -> web { protocol postgres }
"#;

    #[test]
    fn a_store_written_from_user_input_and_read_back() {
        let (m, c) = content(SITE);
        let e = |id: &str| m.element(id).expect("declared");
        assert!(c.stores_user_input[e("db")]);
        // Only the report job writes the settings, and no user reaches it.
        assert!(!c.stores_user_input[e("config")]);
        // The web app faces visitors through the ingress; the job does not.
        assert!(c.serves_users[e("web")]);
        assert!(!c.serves_users[e("report")]);
        let reads: Vec<String> = m
            .flows
            .iter()
            .zip(&c.reads_user_content)
            .filter(|(_, r)| **r)
            .map(|(f, _)| f.id.clone())
            .collect();
        assert_eq!(reads, ["db->web"]);
    }

    #[test]
    fn a_pair_is_read_once_and_a_read_needs_returns_or_direction() {
        let text = SITE.replace(
            "flow web -> db { protocol postgres; authn password }",
            "flow web -> db { protocol postgres; authn password; carries x; returns x }\ndata x \"x\" {}",
        );
        let (m, c) = content(&text);
        let reads: Vec<&str> = m
            .flows
            .iter()
            .zip(&c.reads_user_content)
            .filter(|(_, r)| **r)
            .map(|(f, _)| f.id.as_str())
            .collect();
        // The write that returns comes first; the flow back is the same pair.
        assert_eq!(reads, ["web->db"]);
    }

    #[test]
    fn unauthenticated_clients_count_network_flows_from_equal_or_higher_trust() {
        let (m, _) = content(SITE);
        let cx = Context::new(&m);
        let config = m.element("config").expect("declared");
        let db = m.element("db").expect("declared");
        assert_eq!(unauthenticated_clients(&cx, config).len(), 1);
        assert!(unauthenticated_clients(&cx, db).is_empty());
    }
}
