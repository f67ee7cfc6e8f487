//! Where a pod is scheduled: whether it lands on a control-plane node,
//! from its node selector or required node affinity (on the control-plane
//! role label, or on the hostname of a node named as one), `nodeName`, or a
//! toleration of the control-plane taint
//! (<https://kubernetes.io/docs/reference/labels-annotations-taints/#node-role-kubernetes-io-control-plane>).
//! A pod there runs beside etcd, the admin kubeconfig in `/etc/kubernetes`
//! and the static pods, which the scenarios read from
//! `control-plane-node true`.

use k8s_openapi::api::core::v1::{NodeSelectorRequirement, PodSpec};

/// The labels and taints kubeadm puts on control-plane nodes (`master` is
/// the name before Kubernetes 1.24).
const ROLE_KEYS: &[&str] = &[
    "node-role.kubernetes.io/control-plane",
    "node-role.kubernetes.io/master",
];

/// The label that holds a node's name.
const HOSTNAME: &str = "kubernetes.io/hostname";

/// Does a node name name a control-plane node (`kind-control-plane`,
/// `master-0`)?
fn control_plane_name(n: &str) -> bool {
    let n = n.to_lowercase();
    n.contains("control-plane") || n.contains("controlplane") || n.contains("master")
}

/// Where a pod may run, as far as control-plane nodes go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Placement {
    /// Only on control-plane nodes (node selector, required affinity,
    /// `nodeName`): why.
    Pinned(String),
    /// On control-plane nodes and workers alike (it tolerates the taint):
    /// why.
    Tolerated(String),
}

/// Where a pod may run, if control-plane nodes are among the places.
pub fn control_plane(spec: &PodSpec) -> Option<Placement> {
    pinned(spec)
        .map(Placement::Pinned)
        .or_else(|| tolerated(spec).map(Placement::Tolerated))
}

/// Why a pod runs only on control-plane nodes, or `None`.
fn pinned(spec: &PodSpec) -> Option<String> {
    if let Some((k, v)) = spec.node_selector.iter().flatten().find(|(k, v)| {
        ROLE_KEYS.contains(&k.as_str()) || (k.as_str() == HOSTNAME && control_plane_name(v))
    }) {
        return Some(if k == HOSTNAME {
            format!("nodeSelector {k}={v}")
        } else {
            format!("nodeSelector {k}")
        });
    }
    let required = spec
        .affinity
        .as_ref()
        .and_then(|a| a.node_affinity.as_ref())
        .and_then(|n| {
            n.required_during_scheduling_ignored_during_execution
                .as_ref()
        });
    // Terms are ORed: every term must select control-plane nodes for the
    // pod to be pinned there.
    let terms = required
        .map(|r| r.node_selector_terms.as_slice())
        .unwrap_or(&[]);
    if !terms.is_empty()
        && terms.iter().all(|t| {
            t.match_expressions
                .iter()
                .flatten()
                .any(selects_control_plane)
        })
    {
        return Some("required node affinity for control-plane nodes".into());
    }
    spec.node_name
        .as_deref()
        .filter(|n| control_plane_name(n))
        .map(|n| format!("nodeName {n}"))
}

/// Why a pod may be scheduled on a control-plane node besides workers, or
/// `None`.
fn tolerated(spec: &PodSpec) -> Option<String> {
    let tolerates = spec.tolerations.iter().flatten().find(|t| {
        let effect_ok = t.effect.as_deref().is_none_or(|e| e == "NoSchedule");
        let key = t.key.as_deref().unwrap_or("");
        let exists = t.operator.as_deref() == Some("Exists");
        effect_ok && ((key.is_empty() && exists) || ROLE_KEYS.contains(&key))
    });
    tolerates.map(|t| match t.key.as_deref() {
        Some(k) if !k.is_empty() => {
            format!("tolerates the taint {k}, so may be scheduled on a control-plane node")
        }
        _ => "tolerates every taint, so may be scheduled on a control-plane node".into(),
    })
}

/// A node affinity expression that selects control-plane nodes.
fn selects_control_plane(e: &NodeSelectorRequirement) -> bool {
    let hostnames = e.key == HOSTNAME
        && e.operator == "In"
        && e.values
            .as_ref()
            .is_some_and(|v| !v.is_empty() && v.iter().all(|n| control_plane_name(n)));
    hostnames
        || (ROLE_KEYS.contains(&e.key.as_str()) && matches!(e.operator.as_str(), "In" | "Exists"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::core::v1::Toleration;

    #[test]
    fn selectors_names_and_tolerations() {
        let mut spec = PodSpec::default();
        assert_eq!(control_plane(&spec), None);
        spec.node_selector = Some(
            [("node-role.kubernetes.io/master".to_string(), String::new())]
                .into_iter()
                .collect(),
        );
        assert!(control_plane(&spec).is_some());
        let mut spec = PodSpec {
            node_name: Some("kind-control-plane".into()),
            ..PodSpec::default()
        };
        assert!(control_plane(&spec).is_some());
        spec.node_name = Some("worker-2".into());
        assert_eq!(control_plane(&spec), None);
        let by_host = PodSpec {
            node_selector: Some(
                [(HOSTNAME.to_string(), "kind-control-plane".to_string())]
                    .into_iter()
                    .collect(),
            ),
            ..PodSpec::default()
        };
        assert!(matches!(
            control_plane(&by_host),
            Some(Placement::Pinned(_))
        ));
        spec.tolerations = Some(vec![Toleration {
            key: Some("node-role.kubernetes.io/control-plane".into()),
            operator: Some("Exists".into()),
            effect: Some("NoSchedule".into()),
            ..Toleration::default()
        }]);
        assert!(matches!(
            control_plane(&spec),
            Some(Placement::Tolerated(_))
        ));
        // A toleration of another taint does not.
        spec.tolerations = Some(vec![Toleration {
            key: Some("gpu".into()),
            operator: Some("Exists".into()),
            ..Toleration::default()
        }]);
        assert_eq!(control_plane(&spec), None);
    }
}
