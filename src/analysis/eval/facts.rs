//! Derived facts: the value of each fact of the registry
//! ([`crate::model::facts`]) on a subject. The `match` is exhaustive, so
//! a registered fact cannot go unevaluated; a fact asked of a subject it
//! does not apply to is unset.

use super::path::identity_of;
use super::{Subject, V};
use crate::analysis::context::{Context, image_mutable, image_trusted};
use crate::model::facts::Fact;
use crate::model::*;

/// The value of `fact` on `s`; `None` when it does not apply (or, for the
/// image facts, when the process states no image).
pub(super) fn value<'a>(cx: &'a Context<'_>, s: Subject, fact: Fact) -> Option<V<'a>> {
    let m = cx.model;
    let b = |x: bool| Some(V::Bool(x));
    match fact {
        Fact::ClusterAuditLog => b(cx.cluster_audit_log),
        Fact::RegistriesDeclared => b(!m.trusted_registries.is_empty()),
        Fact::CrossesBoundary => match s {
            Subject::Flow(f) => b(cx.crossings[f].crosses()),
            _ => None,
        },
        Fact::Crossings => match s {
            Subject::Flow(f) => Some(V::Num(cx.crossings[f].count() as f64)),
            _ => None,
        },
        Fact::TrustChange => match s {
            Subject::Flow(f) => Some(V::Num(crate::analysis::crossings::trust_delta(m, f) as f64)),
            _ => None,
        },
        Fact::Sensitive => match s {
            Subject::Flow(f) => b(cx
                .flow_classification(f, true, true)
                .is_some_and(|c| c >= 2)),
            Subject::Element(e) => b(cx.element_classification(e, false).is_some_and(|c| c >= 2)),
            _ => None,
        },
        Fact::UnauthenticatedClients => element(s)
            .map(|e| V::Num(crate::analysis::content::unauthenticated_clients(cx, e).len() as f64)),
        Fact::ServesUsers => element(s).and_then(|e| b(cx.content().serves_users[e])),
        Fact::ReadsUserContent => match s {
            Subject::Flow(f) => b(cx.content().reads_user_content[f]),
            _ => None,
        },
        Fact::SendsPii => match s {
            Subject::Flow(f) => b(m.flows[f]
                .carries
                .iter()
                .any(|&d| m.data[d].settings.flag(Key::Pii))),
            _ => None,
        },
        Fact::StoresPii => element(s).and_then(|e| {
            b(m.elements[e]
                .stores
                .iter()
                .any(|&d| m.data[d].settings.flag(Key::Pii)))
        }),
        Fact::EntryPoint => element(s).and_then(|e| b(cx.entry_point(e))),
        Fact::Exposed => element(s).and_then(|e| b(cx.exposed(e))),
        Fact::DataStore => element(s).and_then(|e| b(m.elements[e].ty == ElementType::Store)),
        Fact::Workload => element(s).and_then(|e| {
            let el = &m.elements[e];
            b(el.ty == ElementType::Process && el.kind.is_workload())
        }),
        Fact::OnControlPlane => element(s).and_then(|e| b(cx.on_control_plane(e))),
        Fact::CallsApiServer => element(s).and_then(|e| {
            b(cx.graph
                .outbound(e)
                .iter()
                .any(|&f| m.elements[m.flows[f].target].kind == ElementKind::K8sApiServer))
        }),
        Fact::ImageTrusted | Fact::ImageMutable | Fact::ImagePinned => {
            let image = m.elements[element(s)?].settings.word(Key::Image)?;
            b(match fact {
                Fact::ImageTrusted => image_trusted(image, &m.trusted_registries),
                Fact::ImageMutable => image_mutable(image),
                _ => image.contains("@sha256:"),
            })
        }
        Fact::WildcardGrant => {
            let i = identity_of(cx, s)?;
            b(m.identities[i]
                .grants
                .iter()
                .any(|g| g.verbs.iter().chain(&g.resources).any(|x| x == "*")))
        }
        Fact::DefaultAccount => identity(s).and_then(|i| b(m.identities[i].implicit)),
        Fact::Used => identity(s).and_then(|i| b(cx.identity_used(i))),
        Fact::Human => identity(s).and_then(|i| b(cx.human(i))),
    }
}

/// What a counting fact counted, for its evidence sentence: the sources
/// of a store's unauthenticated flows (`from app, worker`). `None` for the
/// other facts.
pub(super) fn detail(cx: &Context<'_>, s: Subject, fact: Fact) -> Option<String> {
    match (fact, s) {
        (Fact::UnauthenticatedClients, Subject::Element(e)) => {
            let m = cx.model;
            let mut sources: Vec<&str> = crate::analysis::content::unauthenticated_clients(cx, e)
                .into_iter()
                .map(|f| m.elements[m.flows[f].source].id.as_str())
                .collect();
            sources.sort_unstable();
            sources.dedup();
            (!sources.is_empty()).then(|| format!("from {}", sources.join(", ")))
        }
        _ => None,
    }
}

fn element(s: Subject) -> Option<ElementId> {
    match s {
        Subject::Element(e) => Some(e),
        _ => None,
    }
}

fn identity(s: Subject) -> Option<IdentityId> {
    match s {
        Subject::Identity(i) => Some(i),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::facts::{FACTS, On};

    /// `sends-pii` reads a flow's `carries` (not its `returns`), and
    /// `stores-pii` a store's `stores`, for data marked `pii`.
    #[test]
    fn personal_data_facts() {
        let text = r#"
data names "Names" { pii true }
data stock "Stock levels" { classification confidential }
process app "app" {}
process crm "CRM" {}
store people "people db" { stores names }
store inventory "stock db" { stores stock }
flow app -> crm { carries names }
flow crm -> app { carries stock; returns names }
"#;
        let r = crate::resolve::resolve_str("pii.vast", text);
        assert!(!r.has_errors(), "{:#?}", r.diags);
        let m = &r.model;
        let cx = Context::new(m);
        let flows: Vec<FlowId> = m.flows.ids().collect();
        let flow = |i: usize| value(&cx, Subject::Flow(flows[i]), Fact::SendsPii);
        assert_eq!(flow(0), Some(V::Bool(true)));
        assert_eq!(flow(1), Some(V::Bool(false)));
        let store = |id: &str| {
            let e = m.element(id).expect("declared");
            value(&cx, Subject::Element(e), Fact::StoresPii)
        };
        assert_eq!(store("people"), Some(V::Bool(true)));
        assert_eq!(store("inventory"), Some(V::Bool(false)));
    }

    /// Every registered fact has a value on a subject of each kind it is
    /// registered for.
    #[test]
    fn every_registered_fact_is_evaluated() {
        let text = r#"
model "Facts" { trusted-registries "registry.example.com" }
boundary internet "Internet" { kind internet; actor visitor "Visitor" { kind user } }
boundary ns "Namespace" {
  kind k8s-namespace
  process api "API" { kind k8s-deployment; image "registry.example.com/api:1"; runs-as sa }
}
identity sa "Account" { kind k8s-service-account; scope ns; allow get on secrets in ns }
flow visitor -> api "browse" { protocol https }
"#;
        let r = crate::resolve::resolve_str("facts.vast", text);
        assert!(!r.has_errors(), "{:#?}", r.diags);
        let m = &r.model;
        let cx = Context::new(m);
        let (Some(api), Some(ns), Some(sa), Some(flow)) = (
            m.element("api"),
            m.boundary("ns"),
            m.identity("sa"),
            m.flows.ids().next(),
        ) else {
            panic!("the model lacks a subject");
        };
        let subjects = |on: On| match on {
            On::Flow => vec![Subject::Flow(flow)],
            On::Element | On::Process => vec![Subject::Element(api)],
            On::Boundary => vec![Subject::Boundary(ns)],
            On::Identity => vec![Subject::Identity(sa)],
            On::Any => vec![
                Subject::Flow(flow),
                Subject::Element(api),
                Subject::Boundary(ns),
                Subject::Identity(sa),
            ],
        };
        for def in FACTS {
            for &on in def.on {
                for s in subjects(on) {
                    assert!(
                        value(&cx, s, def.fact).is_some(),
                        "`{}` has no value on {s:?}",
                        def.name
                    );
                }
            }
        }
    }
}
