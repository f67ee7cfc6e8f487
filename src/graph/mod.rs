//! Graphs: the operational data-flow graph (elements as nodes, flows as
//! edges) as adjacency lists, with the adjacency the analysis asks about.
//!
//! Plain lists rather than a graph library: the analysis asks for the flows
//! in and out of an element in declaration order and for reachability
//! along flows, and the attack paths (`analysis/paths.rs`) walk hops that
//! are not flows (the flat pod network), so the lists serve every search.

use crate::model::{ElementId, FlowId, IdVec, Model};

/// Elements and flows of a model as a directed graph.
pub struct Operational {
    /// Flows leaving and arriving at each element, in declaration order.
    outs: IdVec<ElementId, Vec<FlowId>>,
    ins: IdVec<ElementId, Vec<FlowId>>,
    /// The element each flow arrives at.
    targets: IdVec<FlowId, ElementId>,
}

impl Operational {
    pub fn new(model: &Model) -> Self {
        let mut outs = IdVec::filled(Vec::new(), model.elements.len());
        let mut ins = IdVec::filled(Vec::new(), model.elements.len());
        for (i, f) in model.flows.iter_enumerated() {
            outs[f.source].push(i);
            ins[f.target].push(i);
        }
        Operational {
            outs,
            ins,
            targets: model.flows.iter().map(|f| f.target).collect(),
        }
    }

    /// Flows leaving an element, in declaration order.
    pub fn outbound(&self, e: ElementId) -> &[FlowId] {
        self.outs.get(e).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Flows arriving at an element, in declaration order.
    pub fn inbound(&self, e: ElementId) -> &[FlowId] {
        self.ins.get(e).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Elements reached by one or more flows from any of `starts` (a start
    /// counts only when a flow reaches it).
    pub fn reached_from(
        &self,
        starts: impl IntoIterator<Item = ElementId>,
    ) -> IdVec<ElementId, bool> {
        let mut reached = IdVec::filled(false, self.outs.len());
        let mut queue: std::collections::VecDeque<ElementId> = starts
            .into_iter()
            .filter(|&e| self.outs.get(e).is_some())
            .collect();
        while let Some(e) = queue.pop_front() {
            for &f in self.outbound(e) {
                let t = self.targets[f];
                if !reached[t] {
                    reached[t] = true;
                    queue.push_back(t);
                }
            }
        }
        reached
    }
}

#[cfg(test)]
mod tests {
    /// Reachability follows flows; a start is reached only through a flow.
    #[test]
    fn reached_from_follows_flows() {
        let r = crate::resolve::resolve_str(
            "g.vast",
            "process a {}\nprocess b {}\nprocess c {}\nprocess d {}\nflow a -> b\nflow b -> c\nflow c -> b\n",
        );
        assert!(!r.has_errors(), "{:?}", r.diags);
        let g = super::Operational::new(&r.model);
        let id = |name| r.model.element(name).expect("declared");
        let beyond = <crate::model::ElementId as crate::model::Idx>::new(99);
        assert_eq!(g.reached_from([id("a")]).raw(), [false, true, true, false]);
        assert_eq!(g.reached_from([id("b")]).raw(), [false, true, true, false]);
        assert_eq!(g.reached_from([id("d"), beyond]).raw(), [false; 4]);
    }
}
