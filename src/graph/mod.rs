//! Graphs: the operational data-flow graph in petgraph (elements as nodes,
//! flows as edges), with the adjacency the analysis asks about.

use crate::model::{ElementId, FlowId, Model};
use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};

/// Elements and flows of a model as a directed graph.
pub struct Operational {
    pub graph: DiGraph<ElementId, FlowId>,
    /// Node of each element, by element index.
    pub nodes: Vec<NodeIndex>,
    /// Flows leaving and arriving at each element, in declaration order.
    outs: Vec<Vec<FlowId>>,
    ins: Vec<Vec<FlowId>>,
}

impl Operational {
    pub fn new(model: &Model) -> Self {
        let mut graph = DiGraph::with_capacity(model.elements.len(), model.flows.len());
        let nodes: Vec<NodeIndex> = (0..model.elements.len())
            .map(|e| graph.add_node(e))
            .collect();
        let mut outs = vec![Vec::new(); model.elements.len()];
        let mut ins = vec![Vec::new(); model.elements.len()];
        for (i, f) in model.flows.iter().enumerate() {
            graph.add_edge(nodes[f.source], nodes[f.target], i);
            outs[f.source].push(i);
            ins[f.target].push(i);
        }
        Operational {
            graph,
            nodes,
            outs,
            ins,
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

    /// Elements reached by one or more flows from any of `starts`.
    pub fn reached_from(&self, starts: impl IntoIterator<Item = ElementId>) -> Vec<bool> {
        let mut reached = vec![false; self.nodes.len()];
        let mut queue: std::collections::VecDeque<NodeIndex> = starts
            .into_iter()
            .filter_map(|e| self.nodes.get(e).copied())
            .collect();
        while let Some(n) = queue.pop_front() {
            for m in self.graph.neighbors_directed(n, Direction::Outgoing) {
                let e = self.graph[m];
                if !reached[e] {
                    reached[e] = true;
                    queue.push_back(m);
                }
            }
        }
        reached
    }
}
