//! Attack paths: for every element that stores or handles restricted data
//! (a crown jewel), the shortest path along flows from any actor in an
//! untrusted boundary (fewest steps; among those, the one through the
//! weakest controls; then the actor declared first), with the open threats
//! on its elements and flows and every untrusted actor that reaches it.
//!
//! A hop is a declared flow, or a reach over a flat network
//! ([`super::network`]): a workload inside a cluster reaches every workload
//! and store in a namespace of that cluster without a default-deny
//! NetworkPolicy, flow or not. Such a hop counts as one weak hop (the
//! missing NetworkPolicy).
//!
//! One path per jewel rather than one per actor and jewel: the output grows
//! with the model, not with actors × jewels, and the path shown is the one
//! an attacker would take. One search from all starts at once
//! (multi-source Dijkstra) finds them all.

use super::context::Context;
use super::network;
use super::threat::Threat;
use crate::model::*;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

/// One step of a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hop {
    /// Along a declared flow.
    Flow(FlowId),
    /// Over the pod network, with no flow: `from` is a workload of the
    /// cluster, `to` sits in `namespace`, which has no default-deny
    /// NetworkPolicy, or `to`'s own NetworkPolicy admits `from`.
    Network {
        from: ElementId,
        to: ElementId,
        namespace: BoundaryId,
    },
}

impl Hop {
    fn source(self, m: &Model) -> ElementId {
        match self {
            Hop::Flow(f) => m.flows[f].source,
            Hop::Network { from, .. } => from,
        }
    }

    fn target(self, m: &Model) -> ElementId {
        match self {
            Hop::Flow(f) => m.flows[f].target,
            Hop::Network { to, .. } => to,
        }
    }

    fn weakness(self, m: &Model) -> usize {
        match self {
            Hop::Flow(f) => weakness(&m.flows[f]),
            Hop::Network { .. } => 1,
        }
    }
}

/// The hops out of each element: its flows, then (for a workload on a pod
/// network) the flat-network reach of its cluster. `open` is
/// [`network::open_targets`].
struct Hops<'c, 'm> {
    cx: &'c Context<'m>,
    open: BTreeMap<BoundaryId, Vec<(ElementId, BoundaryId)>>,
    /// [`network::admitted`]: reach a NetworkPolicy grants one sender.
    admitted: BTreeMap<ElementId, Vec<(ElementId, BoundaryId)>>,
}

impl Hops<'_, '_> {
    /// Calls `each` on every hop out of `e`; the flat-network hops only when
    /// `network` says the cluster's have not been taken yet (every workload
    /// of a cluster reaches the same set, so a search needs them once, from
    /// the first workload it settles there).
    fn each(&self, e: ElementId, network: &mut IdVec<BoundaryId, bool>, mut each: impl FnMut(Hop)) {
        for &f in self.cx.graph.outbound(e) {
            each(Hop::Flow(f));
        }
        if let Some(cluster) = network::pod_network(self.cx, e)
            && !std::mem::replace(&mut network[cluster], true)
        {
            for &(to, namespace) in self.open.get(&cluster).map(Vec::as_slice).unwrap_or(&[]) {
                if to != e {
                    each(Hop::Network {
                        from: e,
                        to,
                        namespace,
                    });
                }
            }
        }
        for &(to, namespace) in self.admitted.get(&e).map(Vec::as_slice).unwrap_or(&[]) {
            each(Hop::Network {
                from: e,
                to,
                namespace,
            });
        }
    }
}

/// One attack path.
#[derive(Clone, Debug, PartialEq)]
pub struct AttackPath {
    /// The untrusted actor the path starts at.
    pub from: ElementId,
    pub to: ElementId,
    /// Every untrusted actor with some path to `to`, in model order.
    pub reached_from: Vec<ElementId>,
    /// Elements from start to end.
    pub elements: Vec<ElementId>,
    /// The hops between them: `elements.len() - 1` of them.
    pub hops: Vec<Hop>,
    /// Missing controls along the path (unencrypted or unauthenticated hops).
    pub weaknesses: usize,
    /// Open threats on the path's elements and flows: indices into the
    /// analysis' threats (so in their order: severity, then ID).
    pub threats: Vec<usize>,
}

/// Missing controls of one hop: no encryption, no authentication.
fn weakness(flow: &Flow) -> usize {
    usize::from(!flow.encrypted()) + usize::from(flow.authn() == "none")
}

/// Does an element store or handle restricted data?
fn crown_jewel(cx: &Context<'_>, e: ElementId) -> bool {
    let el = &cx.model.elements[e];
    el.ty != ElementType::Actor
        && cx
            .element_classification(e, el.ty == ElementType::Store)
            .is_some_and(|c| c >= 3)
}

/// Every attack path of the model: one per crown jewel that an untrusted
/// actor reaches.
pub fn attack_paths(cx: &Context<'_>, threats: &[Threat]) -> Vec<AttackPath> {
    let m = cx.model;
    let n = m.elements.len();
    let is_jewel: IdVec<ElementId, bool> = m.elements.ids().map(|e| crown_jewel(cx, e)).collect();
    let starts: Vec<ElementId> = m
        .elements
        .ids()
        .filter(|&e| {
            m.elements[e].ty == ElementType::Actor
                && cx
                    .chain(e)
                    .iter()
                    .any(|&b| m.boundaries[b].trust == Trust::Untrusted)
        })
        .collect();
    if starts.is_empty() || !is_jewel.iter().any(|&j| j) {
        return Vec::new();
    }
    // Open threats by element and by flow, indexed once.
    let mut by_element: IdVec<ElementId, Vec<usize>> = IdVec::filled(Vec::new(), n);
    let mut by_flow: IdVec<FlowId, Vec<usize>> = IdVec::filled(Vec::new(), m.flows.len());
    for (i, t) in threats
        .iter()
        .enumerate()
        .filter(|(_, t)| t.status.is_open())
    {
        match t.target {
            TargetRef::Element(e) => by_element[e].push(i),
            TargetRef::Flow(f) => by_flow[f].push(i),
            _ => {}
        }
    }
    let hops = Hops {
        cx,
        open: network::open_targets(cx),
        admitted: network::admitted(cx),
    };
    // Which starts reach each element: one walk per start, in parallel.
    let reach = crate::parallel::map(&starts, |&s| reachable(&hops, s));
    let (best, prev, settled) = search(&hops, &starts);
    let mut on_path = threats_on_paths(cx, &prev, &settled, &by_element, &by_flow);
    let mut out = Vec::new();
    for j in is_jewel.ids().filter(|&j| is_jewel[j]) {
        let Some((_, Reverse(weaknesses), rank)) = best[j] else {
            continue;
        };
        // Jewels are never actors, so never a start.
        let from = starts[rank];
        let mut path = Vec::new();
        let mut cur = j;
        while let Some(h) = prev[cur] {
            path.push(h);
            cur = h.source(m);
            if path.len() > n {
                break;
            }
        }
        path.reverse();
        let mut elements = vec![from];
        elements.extend(path.iter().map(|h| h.target(m)));
        out.push((
            rank,
            AttackPath {
                from,
                to: j,
                reached_from: starts
                    .iter()
                    .zip(&reach)
                    .filter(|(_, r)| r[j])
                    .map(|(&s, _)| s)
                    .collect(),
                weaknesses,
                elements,
                hops: path,
                threats: std::mem::take(&mut on_path[j]),
            },
        ));
    }
    // Grouped by start (in model order), then by jewel.
    out.sort_by_key(|(rank, p)| (*rank, p.to));
    out.into_iter().map(|(_, p)| p).collect()
}

/// The elements a start reaches along hops.
fn reachable(hops: &Hops<'_, '_>, s: ElementId) -> IdVec<ElementId, bool> {
    let m = hops.cx.model;
    let mut seen = IdVec::filled(false, m.elements.len());
    let mut network = IdVec::filled(false, m.boundaries.len());
    seen[s] = true;
    let mut stack = vec![s];
    while let Some(e) = stack.pop() {
        hops.each(e, &mut network, |h| {
            let t = h.target(m);
            if !seen[t] {
                seen[t] = true;
                stack.push(t);
            }
        });
    }
    seen
}

/// A path's cost: steps, then weak hops (more is worse for the defender, so
/// it ranks first), then the start's place in `starts`.
type Cost = (usize, Reverse<usize>, usize);

/// One entry per element of the model.
type PerElement<T> = IdVec<ElementId, T>;

/// Dijkstra from every start at once on [`Cost`]. Returns each element's
/// best cost, the hop it is entered by on that path, and the elements in
/// the order they were settled (every element after its predecessor).
///
/// A cluster's flat-network hops are taken from the first workload settled
/// there only: it has the least cost of the cluster's workloads, and a hop
/// adds the same to every cost, so no later workload improves a target.
fn search(
    hops: &Hops<'_, '_>,
    starts: &[ElementId],
) -> (
    PerElement<Option<Cost>>,
    PerElement<Option<Hop>>,
    Vec<ElementId>,
) {
    let m = hops.cx.model;
    let n = m.elements.len();
    let mut best: IdVec<ElementId, Option<Cost>> = IdVec::filled(None, n);
    let mut prev: IdVec<ElementId, Option<Hop>> = IdVec::filled(None, n);
    let mut settled: Vec<ElementId> = Vec::new();
    let mut network = IdVec::filled(false, m.boundaries.len());
    let mut heap = BinaryHeap::new();
    for (rank, &s) in starts.iter().enumerate() {
        let cost = (0, Reverse(0), rank);
        if best[s].is_none_or(|b| cost < b) {
            best[s] = Some(cost);
            heap.push(Reverse((cost, s)));
        }
    }
    while let Some(Reverse((cost, e))) = heap.pop() {
        if best[e] != Some(cost) {
            continue;
        }
        settled.push(e);
        hops.each(e, &mut network, |h| {
            let t = h.target(m);
            let next = (cost.0 + 1, Reverse(cost.1.0 + h.weakness(m)), cost.2);
            if best[t].is_none_or(|b| next < b) {
                best[t] = Some(next);
                prev[t] = Some(h);
                heap.push(Reverse((next, t)));
            }
        });
    }
    (best, prev, settled)
}

/// Open threats on the path to each element: its predecessor's (settled
/// earlier) merged with the entering flow's and its own. Every list stays
/// sorted, so in the threats' order (severity, then ID).
fn threats_on_paths(
    cx: &Context<'_>,
    prev: &IdVec<ElementId, Option<Hop>>,
    settled: &[ElementId],
    by_element: &IdVec<ElementId, Vec<usize>>,
    by_flow: &IdVec<FlowId, Vec<usize>>,
) -> IdVec<ElementId, Vec<usize>> {
    let m = cx.model;
    let mut on_path: IdVec<ElementId, Vec<usize>> = IdVec::filled(Vec::new(), m.elements.len());
    for &e in settled {
        let mut own: Vec<usize> = by_element[e].clone();
        let parent = prev[e].map(|h| {
            if let Hop::Flow(f) = h {
                own.extend(&by_flow[f]);
            }
            h.source(m)
        });
        own.sort_unstable();
        let inherited = parent.map(|p| std::mem::take(&mut on_path[p]));
        let merged = match &inherited {
            Some(up) => merge(up, &own),
            None => own,
        };
        if let (Some(p), Some(up)) = (parent, inherited) {
            on_path[p] = up;
        }
        on_path[e] = merged;
    }
    on_path
}

/// A sorted list and a short sorted list merged into one sorted list
/// without duplicates: runs of `a` are copied whole between the places
/// `b`'s items go.
fn merge(a: &[usize], b: &[usize]) -> Vec<usize> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let mut start = 0;
    for &x in b {
        let pos = start + a[start..].partition_point(|&y| y < x);
        out.extend_from_slice(&a[start..pos]);
        if out.last() != Some(&x) {
            out.push(x);
        }
        start = if a.get(pos) == Some(&x) { pos + 1 } else { pos };
    }
    out.extend_from_slice(&a[start..]);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn merge_keeps_order_and_drops_duplicates() {
        assert_eq!(super::merge(&[1, 4, 9], &[2, 4, 10]), vec![1, 2, 4, 9, 10]);
        assert_eq!(super::merge(&[], &[3]), vec![3]);
        assert_eq!(super::merge(&[3], &[]), vec![3]);
        assert_eq!(super::merge(&[1, 2, 3], &[0, 2, 2, 5]), vec![0, 1, 2, 3, 5]);
    }
}
