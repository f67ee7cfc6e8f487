//! Trust-boundary crossings: for every flow, the boundaries it leaves and
//! enters, found through the lowest common ancestor of the two ends'
//! innermost boundaries in the boundary tree; and the change of trust a
//! flow makes ([`trust_change`]): into higher trust, out to lower trust, or
//! between equal trust.

use crate::model::{BoundaryId, ElementId, FlowId, IdVec, Model};

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

/// The direction of trust a flow goes in, from its source's trust to its
/// target's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TrustChange {
    /// Into higher trust: the direction an attack enters.
    Up,
    /// Between equal trust (inside one boundary or across boundaries of the
    /// same level, such as two namespaces of one cluster).
    Same,
    /// Out to lower trust: the direction data leaves.
    Down,
}

impl TrustChange {
    /// The word used in outputs (`data-trust-change`).
    pub fn as_str(self) -> &'static str {
        match self {
            TrustChange::Up => "up",
            TrustChange::Same => "same",
            TrustChange::Down => "down",
        }
    }
}

/// The trust rank of an element's innermost boundary (untrusted 0, low 1,
/// medium 2, high 3), `None` outside every boundary.
pub fn trust_rank(model: &Model, element: ElementId) -> Option<usize> {
    let b = model.elements.get(element)?.boundary?;
    Some(model.boundaries.get(b)?.trust.rank())
}

/// The rank of the target's trust minus the source's (the rule fact
/// `trust-change`); 0 when either end is in no boundary.
pub fn trust_delta(model: &Model, flow: FlowId) -> i64 {
    let f = &model.flows[flow];
    match (trust_rank(model, f.source), trust_rank(model, f.target)) {
        (Some(a), Some(t)) => t as i64 - a as i64,
        _ => 0,
    }
}

/// The trust change of one flow, the sign of [`trust_delta`].
pub fn trust_change(model: &Model, flow: FlowId) -> TrustChange {
    match trust_delta(model, flow).cmp(&0) {
        std::cmp::Ordering::Greater => TrustChange::Up,
        std::cmp::Ordering::Equal => TrustChange::Same,
        std::cmp::Ordering::Less => TrustChange::Down,
    }
}

/// The crossing of every flow, in flow order.
pub fn crossings(model: &Model) -> IdVec<FlowId, Crossing> {
    model.flows.ids().map(|f| crossing(model, f)).collect()
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
    fn trust_change_follows_the_innermost_boundaries_trust() {
        let m = model(
            r#"
            boundary net { kind internet; trust untrusted; actor user }
            boundary app { kind k8s-namespace; trust medium; process web; process api }
            boundary db { kind k8s-namespace; trust medium; store rows }
            boundary vault { kind network; trust high; store keys }
            process loose
            flow user -> web
            flow web -> api
            flow api -> rows
            flow api -> keys
            flow keys -> api
            flow api -> user
            flow loose -> user
            flow loose -> web
        "#,
        );
        let change = |id: &str| trust_change(&m, m.flow(id).unwrap());
        assert_eq!(change("user->web"), TrustChange::Up);
        assert_eq!(change("web->api"), TrustChange::Same);
        // Two namespaces of equal trust: a crossing, but not a trust change.
        assert!(crossing(&m, m.flow("api->rows").unwrap()).crosses());
        assert_eq!(change("api->rows"), TrustChange::Same);
        assert_eq!(change("api->keys"), TrustChange::Up);
        assert_eq!(change("keys->api"), TrustChange::Down);
        assert_eq!(change("api->user"), TrustChange::Down);
        // Outside every boundary: no trust level, no change (as the
        // rule fact `trust-change` has it).
        assert_eq!(change("loose->user"), TrustChange::Same);
        assert_eq!(change("loose->web"), TrustChange::Same);
        assert_eq!(trust_delta(&m, m.flow("user->web").unwrap()), 2);
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
