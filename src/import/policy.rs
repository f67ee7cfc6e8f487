//! NetworkPolicies → who reaches a workload over the pod network.
//!
//! A pod that some NetworkPolicy selects for ingress is isolated: only
//! what one of those policies' ingress rules admits reaches it (the
//! Kubernetes semantics: policies are additive allow-lists). A policy that
//! selects every pod and admits nothing is a namespace's `network-policy
//! default-deny` ([`default_deny`]). Any other policy becomes settings of the
//! workloads it selects: `ingress-from` lists the workloads its peers
//! (pod and namespace selectors) match, and `ingress-isolated true` marks a
//! workload admitted from nowhere in a namespace without default-deny. A
//! rule that admits every source (no `from`, an empty peer, every pod of
//! every namespace, or an `ipBlock`, which cannot be mapped to pods) leaves
//! the workload open, whatever ports it names: reach is reach. Egress rules
//! are not modelled: the namespace's comment lists the policies that have
//! them.

use super::objects::{Manifests, name, namespace};
use super::workloads::Element;
use k8s_openapi::api::networking::v1::{NetworkPolicy, NetworkPolicyPeer};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use std::collections::{BTreeMap, BTreeSet};

/// The label every namespace carries with its own name (Kubernetes 1.21+).
const NAME_LABEL: &str = "kubernetes.io/metadata.name";

/// A policy that selects every pod, applies to ingress and allows none.
pub fn default_deny(p: &NetworkPolicy) -> bool {
    let spec = p.spec.clone().unwrap_or_default();
    let no_rules = spec.ingress.as_ref().is_none_or(|r| r.is_empty());
    selects_all(spec.pod_selector.as_ref()) && ingress(p) && no_rules
}

/// Does the policy apply to ingress? (`policyTypes` defaults to Ingress.)
fn ingress(p: &NetworkPolicy) -> bool {
    p.spec
        .as_ref()
        .and_then(|s| s.policy_types.as_ref())
        .is_none_or(|t| t.iter().any(|t| t == "Ingress"))
}

/// Does the policy restrict egress?
pub fn egress(p: &NetworkPolicy) -> bool {
    p.spec.as_ref().is_some_and(|s| {
        s.policy_types
            .as_ref()
            .map_or(s.egress.is_some(), |t| t.iter().any(|t| t == "Egress"))
    })
}

fn selects_all(s: Option<&LabelSelector>) -> bool {
    s.is_none_or(|s| {
        s.match_labels.as_ref().is_none_or(|m| m.is_empty())
            && s.match_expressions.as_ref().is_none_or(|m| m.is_empty())
    })
}

/// Does `selector` match `labels`? (An absent or empty selector matches
/// everything.)
pub fn matches(selector: Option<&LabelSelector>, labels: &BTreeMap<String, String>) -> bool {
    let Some(s) = selector else {
        return true;
    };
    let by_label = s
        .match_labels
        .iter()
        .flatten()
        .all(|(k, v)| labels.get(k) == Some(v));
    let by_expression = s.match_expressions.iter().flatten().all(|e| {
        let values = e.values.as_deref().unwrap_or(&[]);
        let value = labels.get(&e.key);
        match e.operator.as_str() {
            "In" => value.is_some_and(|v| values.contains(v)),
            "NotIn" => value.is_none_or(|v| !values.contains(v)),
            "Exists" => value.is_some(),
            "DoesNotExist" => value.is_none(),
            // An operator the API server would refuse selects nothing.
            _ => false,
        }
    });
    by_label && by_expression
}

/// Who a workload's ingress policies admit.
enum Admits {
    /// Every source: the workload stays on the flat network.
    Everyone,
    /// These workloads only (indices into the elements).
    Only(BTreeSet<usize>),
}

/// Sets `ingress-from` / `ingress-isolated` on every workload a
/// NetworkPolicy selects for ingress. `denied` says whether a namespace has
/// a default-deny policy (every pod there is isolated already).
pub fn isolate(m: &Manifests, elements: &mut [Element], denied: &dyn Fn(&str) -> bool) {
    let labels = namespace_labels(m);
    // Per workload: the policies selecting it (default-deny aside) and what
    // they admit.
    let found: Vec<(Vec<String>, Option<Admits>)> = elements
        .iter()
        .map(|t| {
            let policies = selecting(m, t);
            let names = policies
                .iter()
                .map(|p| name(&p.metadata).to_string())
                .collect();
            (names, admitted(&policies, elements, t, &labels))
        })
        .collect();
    let ids: Vec<String> = elements.iter().map(|e| e.id.clone()).collect();
    for (t, (policies, admits)) in elements.iter_mut().zip(found) {
        let Some(Admits::Only(from)) = admits else {
            continue;
        };
        t.comments.push(format!(
            "ingress limited by NetworkPolicy {}",
            policies.join(", ")
        ));
        if from.is_empty() {
            if !denied(&t.ns) {
                t.tail.push(("ingress-isolated", "true".into()));
            }
        } else {
            let mut list: Vec<&str> = from.iter().map(|&i| ids[i].as_str()).collect();
            list.sort_unstable();
            t.tail.push(("ingress-from", list.join(", ")));
        }
    }
}

/// The labels of each namespace, with the name label Kubernetes adds.
fn namespace_labels(m: &Manifests) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut out: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for n in &m.namespaces {
        let ns = name(&n.obj.metadata).to_string();
        let mut l = n.obj.metadata.labels.clone().unwrap_or_default();
        l.insert(NAME_LABEL.into(), ns.clone());
        out.insert(ns, l);
    }
    out
}

/// The ingress policies of `t`'s namespace that select it, default-deny
/// policies aside (the namespace setting covers them), by name.
fn selecting<'m>(m: &'m Manifests, t: &Element) -> Vec<&'m NetworkPolicy> {
    let mut v: Vec<&NetworkPolicy> = m
        .network_policies
        .iter()
        .map(|p| &p.obj)
        .filter(|p| namespace(&p.metadata) == t.ns && ingress(p) && !default_deny(p))
        .filter(|p| {
            let sel = p.spec.as_ref().and_then(|s| s.pod_selector.as_ref());
            matches(sel, &t.pod_labels)
        })
        .collect();
    v.sort_by_key(|p| name(&p.metadata).to_string());
    v
}

/// What `policies` (those selecting `t`) admit; `None` when there are none.
fn admitted(
    policies: &[&NetworkPolicy],
    elements: &[Element],
    t: &Element,
    labels: &BTreeMap<String, BTreeMap<String, String>>,
) -> Option<Admits> {
    if policies.is_empty() {
        return None;
    }
    let mut from = BTreeSet::new();
    let rules = policies
        .iter()
        .filter_map(|p| p.spec.as_ref())
        .flat_map(|s| s.ingress.iter().flatten());
    for rule in rules {
        let peers = rule.from.as_deref().unwrap_or(&[]);
        if peers.is_empty() {
            return Some(Admits::Everyone);
        }
        for peer in peers {
            let every_namespace = peer
                .namespace_selector
                .as_ref()
                .is_some_and(|n| selects_all(Some(n)));
            if peer.ip_block.is_some()
                || (peer.pod_selector.is_none() && peer.namespace_selector.is_none())
                || (every_namespace && selects_all(peer.pod_selector.as_ref()))
            {
                return Some(Admits::Everyone);
            }
            for (i, s) in elements.iter().enumerate() {
                if !std::ptr::eq(s, t) && peer_admits(peer, &t.ns, s, labels) {
                    from.insert(i);
                }
            }
        }
    }
    Some(Admits::Only(from))
}

/// Does `peer` (of a policy in namespace `ns`) match workload `s`?
fn peer_admits(
    peer: &NetworkPolicyPeer,
    ns: &str,
    s: &Element,
    labels: &BTreeMap<String, BTreeMap<String, String>>,
) -> bool {
    let in_namespace = match &peer.namespace_selector {
        None => s.ns == ns,
        Some(sel) => {
            let own = BTreeMap::from([(NAME_LABEL.to_string(), s.ns.clone())]);
            matches(Some(sel), labels.get(&s.ns).unwrap_or(&own))
        }
    };
    in_namespace && matches(peer.pod_selector.as_ref(), &s.pod_labels)
}
