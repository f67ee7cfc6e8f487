//! Attack paths: from every actor in an untrusted boundary to every element
//! that stores or handles restricted data, the shortest path along flows
//! (fewest steps; among those, the one through the weakest controls), with
//! the open threats on its elements and flows.

use super::context::Context;
use super::threat::Threat;
use crate::model::*;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// One attack path.
#[derive(Clone, Debug, PartialEq)]
pub struct AttackPath {
    pub from: ElementId,
    pub to: ElementId,
    /// Elements from start to end.
    pub elements: Vec<ElementId>,
    pub flows: Vec<FlowId>,
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

/// Every attack path of the model.
pub fn attack_paths(cx: &Context<'_>, threats: &[Threat]) -> Vec<AttackPath> {
    let m = cx.model;
    let jewels: Vec<ElementId> = (0..m.elements.len())
        .filter(|&e| crown_jewel(cx, e))
        .collect();
    let starts: Vec<ElementId> = (0..m.elements.len())
        .filter(|&e| {
            m.elements[e].ty == ElementType::Actor
                && cx
                    .chain(e)
                    .iter()
                    .any(|&b| m.boundaries[b].trust == "untrusted")
        })
        .collect();
    // Open threats by element and by flow, indexed once.
    let mut by_element: Vec<Vec<usize>> = vec![Vec::new(); m.elements.len()];
    let mut by_flow: Vec<Vec<usize>> = vec![Vec::new(); m.flows.len()];
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
    let is_jewel = {
        let mut v = vec![false; m.elements.len()];
        for &j in &jewels {
            v[j] = true;
        }
        v
    };
    let from_start = |&s: &ElementId| paths_from(cx, s, &is_jewel, &by_element, &by_flow);
    // One search per start, in parallel; paths in start order.
    crate::parallel::map(&starts, from_start)
        .into_iter()
        .flatten()
        .collect()
}

/// The paths from one start to every crown jewel it reaches, in element
/// order of the jewels.
fn paths_from(
    cx: &Context<'_>,
    s: ElementId,
    is_jewel: &[bool],
    by_element: &[Vec<usize>],
    by_flow: &[Vec<usize>],
) -> Vec<AttackPath> {
    let m = cx.model;
    // Dijkstra on (steps, -weaknesses): fewest steps first, then weakest controls.
    let n = m.elements.len();
    let mut best: Vec<Option<(usize, Reverse<usize>)>> = vec![None; n];
    let mut prev: Vec<Option<FlowId>> = vec![None; n];
    let mut settled: Vec<ElementId> = Vec::new();
    let mut heap = BinaryHeap::new();
    best[s] = Some((0, Reverse(0)));
    heap.push(Reverse(((0usize, Reverse(0usize)), s)));
    while let Some(Reverse((cost, e))) = heap.pop() {
        if best[e] != Some(cost) {
            continue;
        }
        settled.push(e);
        for &f in cx.graph.outbound(e) {
            let t = m.flows[f].target;
            let next = (cost.0 + 1, Reverse(cost.1.0 + weakness(&m.flows[f])));
            if best[t].is_none_or(|b| next < b) {
                best[t] = Some(next);
                prev[t] = Some(f);
                heap.push(Reverse((next, t)));
            }
        }
    }
    // Open threats on the path to each element: its parent's (settled
    // earlier: one more step) merged with the last flow's and its own.
    // Every list stays sorted, so in the threats' order (severity, then ID).
    let mut on_path: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &e in &settled {
        let mut own: Vec<usize> = by_element[e].clone();
        let parent = prev[e].map(|f| {
            own.extend(&by_flow[f]);
            m.flows[f].source
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
    let mut out = Vec::new();
    for j in (0..n).filter(|&j| is_jewel[j]) {
        if j == s || best[j].is_none() {
            continue;
        }
        let mut flows = Vec::new();
        let mut cur = j;
        while let Some(f) = prev[cur] {
            flows.push(f);
            cur = m.flows[f].source;
            if flows.len() > n {
                break;
            }
        }
        flows.reverse();
        let mut elements = vec![s];
        elements.extend(flows.iter().map(|&f| m.flows[f].target));
        out.push(AttackPath {
            from: s,
            to: j,
            weaknesses: best[j].map(|b| b.1.0).unwrap_or(0),
            elements,
            flows,
            threats: std::mem::take(&mut on_path[j]),
        });
    }
    out
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
