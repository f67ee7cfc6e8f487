//! Trust-boundary crossings: for every flow, the boundaries it leaves and
//! enters, found through the lowest common ancestor of the two ends'
//! innermost boundaries in the boundary tree.

use crate::model::{BoundaryId, FlowId, Model};

/// The boundaries one flow leaves (innermost first) and enters (outermost first).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Crossing {
    pub flow: FlowId,
    pub left: Vec<BoundaryId>,
    pub entered: Vec<BoundaryId>,
}

impl Crossing {
    /// Source and target sit in different innermost boundaries.
    pub fn crosses(&self) -> bool {
        !self.left.is_empty() || !self.entered.is_empty()
    }

    /// Number of boundaries left plus entered.
    pub fn count(&self) -> usize {
        self.left.len() + self.entered.len()
    }
}

/// The crossing of every flow, in flow order.
pub fn crossings(model: &Model) -> Vec<Crossing> {
    (0..model.flows.len()).map(|f| crossing(model, f)).collect()
}

/// The crossing of one flow.
pub fn crossing(model: &Model, flow: FlowId) -> Crossing {
    let f = &model.flows[flow];
    let from = model.boundary_chain(model.elements[f.source].boundary);
    let to = model.boundary_chain(model.elements[f.target].boundary);
    // Chains are innermost first; the common part is a shared suffix.
    let common = from
        .iter()
        .rev()
        .zip(to.iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let left = from[..from.len() - common].to_vec();
    let mut entered = to[..to.len() - common].to_vec();
    entered.reverse();
    Crossing {
        flow,
        left,
        entered,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::resolve_str;

    fn names(m: &Model, ids: &[BoundaryId]) -> Vec<String> {
        ids.iter().map(|&b| m.boundaries[b].id.clone()).collect()
    }

    fn model(text: &str) -> Model {
        let r = resolve_str("t.vast", text);
        assert!(!r.has_errors(), "{:?}", r.diags);
        r.model
    }

    const NESTED: &str = r#"
        boundary internet { kind internet; actor user }
        boundary cloud {
          kind cloud-account
          boundary cluster {
            kind k8s-cluster
            boundary a { kind k8s-namespace; process pa; process pa2 }
            boundary b { kind k8s-namespace; process pb }
          }
        }
        boundary late in cluster { kind k8s-namespace }
        process pl in late
        process loose
        flow user -> pa
        flow pa -> pb
        flow pa -> pa2
        flow pa -> pl
        flow pa -> loose
        flow loose -> user
    "#;

    #[test]
    fn internet_to_namespace_enters_every_level() {
        let m = model(NESTED);
        let c = crossing(&m, m.flow("user->pa").unwrap());
        assert_eq!(names(&m, &c.left), ["internet"]);
        assert_eq!(names(&m, &c.entered), ["cloud", "cluster", "a"]);
        assert_eq!(c.count(), 4);
    }

    #[test]
    fn sibling_namespaces_cross_only_the_namespaces() {
        let m = model(NESTED);
        let c = crossing(&m, m.flow("pa->pb").unwrap());
        assert_eq!(names(&m, &c.left), ["a"]);
        assert_eq!(names(&m, &c.entered), ["b"]);
    }

    #[test]
    fn flows_inside_one_boundary_cross_nothing() {
        let m = model(NESTED);
        let c = crossing(&m, m.flow("pa->pa2").unwrap());
        assert!(!c.crosses());
    }

    #[test]
    fn in_parent_places_the_namespace_in_the_cluster() {
        let m = model(NESTED);
        let c = crossing(&m, m.flow("pa->pl").unwrap());
        assert_eq!(names(&m, &c.left), ["a"]);
        assert_eq!(names(&m, &c.entered), ["late"]);
    }

    #[test]
    fn elements_outside_every_boundary() {
        let m = model(NESTED);
        let c = crossing(&m, m.flow("pa->loose").unwrap());
        assert_eq!(names(&m, &c.left), ["a", "cluster", "cloud"]);
        assert!(c.entered.is_empty());
        let c = crossing(&m, m.flow("loose->user").unwrap());
        assert_eq!(names(&m, &c.entered), ["internet"]);
    }
}
