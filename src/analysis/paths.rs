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
    let mut out = Vec::new();
    for &s in &starts {
        // Dijkstra on (steps, -weaknesses): fewest steps first, then weakest controls.
        let n = m.elements.len();
        let mut best: Vec<Option<(usize, Reverse<usize>)>> = vec![None; n];
        let mut prev: Vec<Option<FlowId>> = vec![None; n];
        let mut heap = BinaryHeap::new();
        best[s] = Some((0, Reverse(0)));
        heap.push(Reverse(((0usize, Reverse(0usize)), s)));
        while let Some(Reverse((cost, e))) = heap.pop() {
            if best[e] != Some(cost) {
                continue;
            }
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
        for &j in &jewels {
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
            let mut on_path: Vec<usize> = Vec::new();
            for &e in &elements {
                on_path.extend(&by_element[e]);
            }
            for &f in &flows {
                on_path.extend(&by_flow[f]);
            }
            // In the threats' own order (severity, then ID).
            on_path.sort_unstable();
            on_path.dedup();
            out.push(AttackPath {
                from: s,
                to: j,
                weaknesses: best[j].map(|b| b.1.0).unwrap_or(0),
                elements,
                flows,
                threats: on_path,
            });
        }
    }
    out
}
