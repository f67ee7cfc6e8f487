//! RBAC capabilities: what a held identity's grants give. Each is a small
//! function over one grant (and the identity's other grants, for the ones
//! that need two rights together) that returns what it gains, if anything;
//! its name and reason are its entry in [`super::catalogue`].

use super::catalogue::{CAPABILITIES, Capability, Find};
use crate::model::Grant;

/// What a grant gives, within the grant's scope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Gain {
    /// Everything an administrator of the scope has (`*` on `*`).
    Admin,
    /// Every service account of the scope.
    Accounts,
    /// Every identity of the scope, users and groups too.
    Identities,
    /// The Secret data of the scope.
    SecretData,
    /// The existing workloads of the scope whose controller `kinds` it
    /// rewrites (`None`: every kind).
    Workloads(Option<Vec<String>>),
    /// Every workload that may run on the cluster's nodes.
    NodeWorkloads,
    /// New pods: privileged where Pod Security allows, so the node.
    NewPods,
    /// The node itself.
    Node,
}

/// Controllers whose pod template runs code in their pods.
pub const CONTROLLERS: &[&str] = &[
    "pods",
    "deployments",
    "daemonsets",
    "statefulsets",
    "replicasets",
    "replicationcontrollers",
    "jobs",
    "cronjobs",
];

fn any(all: &[Grant], verbs: &[&str], resources: &[&str]) -> bool {
    all.iter().any(|g| {
        verbs
            .iter()
            .any(|v| resources.iter().any(|r| g.allows(v, r)))
    })
}

fn full(g: &Grant) -> bool {
    g.verbs.iter().any(|v| v == "*") && g.resources.iter().any(|r| r == "*")
}

/// `*` on `*`: every service account of the scope.
pub(super) fn wildcard(g: &Grant, _: &[Grant]) -> Option<Gain> {
    full(g).then_some(Gain::Accounts)
}

/// `*` on `*`: every workload of the scope.
pub(super) fn wildcard_workloads(g: &Grant, _: &[Grant]) -> Option<Gain> {
    full(g).then_some(Gain::Workloads(None))
}

/// Creating (Cluster)RoleBindings with `bind` on the roles: binds itself
/// any role of the scope, cluster-admin included. `bind` alone binds
/// nothing.
pub(super) fn bind_any_role(g: &Grant, all: &[Grant]) -> Option<Gain> {
    let binds = g.allows("bind", "clusterroles") || g.allows("bind", "roles");
    let creates = any(
        all,
        &["create", "update", "patch"],
        &["rolebindings", "clusterrolebindings"],
    );
    (binds && creates && !full(g)).then_some(Gain::Admin)
}

/// `escalate` with a write on the roles: rewrites its own role to anything.
pub(super) fn escalate_role(g: &Grant, all: &[Grant]) -> Option<Gain> {
    let escalates = g.allows("escalate", "clusterroles") || g.allows("escalate", "roles");
    let writes = any(
        all,
        &["create", "update", "patch"],
        &["roles", "clusterroles"],
    );
    (escalates && writes && !full(g)).then_some(Gain::Admin)
}

/// Creating and approving CSRs mints a client certificate for any user or
/// group (system:masters included).
pub(super) fn mint_certificates(g: &Grant, all: &[Grant]) -> Option<Gain> {
    let approves = g.allows("update", "certificatesigningrequests/approval")
        || g.allows("patch", "certificatesigningrequests/approval");
    let signs = any(all, &["approve"], &["signers"]);
    let creates = any(all, &["create"], &["certificatesigningrequests"]);
    (approves && signs && creates && !full(g)).then_some(Gain::Admin)
}

/// Reads every Secret of its scope (a grant limited to named Secrets
/// reads only those).
fn reads_secrets(g: &Grant) -> bool {
    ["get", "list", "watch"]
        .iter()
        .any(|v| g.allows_all(v, "secrets"))
}

/// Reading Secrets: the tokens of the service accounts of the scope.
pub(super) fn read_secrets(g: &Grant, _: &[Grant]) -> Option<Gain> {
    reads_secrets(g).then_some(Gain::Accounts)
}

/// Reading Secrets: the Secret data of the scope.
pub(super) fn secret_data(g: &Grant, _: &[Grant]) -> Option<Gain> {
    reads_secrets(g).then_some(Gain::SecretData)
}

pub(super) fn impersonate(g: &Grant, _: &[Grant]) -> Option<Gain> {
    ["users", "groups", "serviceaccounts"]
        .iter()
        .any(|r| g.allows("impersonate", r))
        .then_some(Gain::Identities)
}

pub(super) fn mint_tokens(g: &Grant, _: &[Grant]) -> Option<Gain> {
    (g.allows("create", "serviceaccounts/token") && !full(g)).then_some(Gain::Accounts)
}

/// `update`/`patch` on pods or controllers: a new image or command in the
/// existing workloads.
pub(super) fn rewrite_workloads(g: &Grant, _: &[Grant]) -> Option<Gain> {
    if full(g) {
        return None;
    }
    let kinds: Vec<String> = CONTROLLERS
        .iter()
        .filter(|r| ["update", "patch"].iter().any(|v| g.allows(v, r)))
        .map(|r| r.to_string())
        .collect();
    (!kinds.is_empty()).then_some(Gain::Workloads(Some(kinds)))
}

/// `pods/exec`, `pods/attach` or an ephemeral container: code in running pods.
pub(super) fn exec(g: &Grant, _: &[Grant]) -> Option<Gain> {
    let exec = g.allows("create", "pods/exec")
        || g.allows("get", "pods/exec")
        || g.allows("create", "pods/attach")
        || g.allows("update", "pods/ephemeralcontainers")
        || g.allows("patch", "pods/ephemeralcontainers");
    (exec && !full(g)).then_some(Gain::Workloads(None))
}

/// `nodes/proxy` reaches the kubelet API, which runs commands in any pod
/// of the node.
pub(super) fn kubelet_proxy(g: &Grant, _: &[Grant]) -> Option<Gain> {
    ((g.allows("get", "nodes/proxy") || g.allows("create", "nodes/proxy")) && !full(g))
        .then_some(Gain::NodeWorkloads)
}

fn creates_pods(g: &Grant) -> bool {
    CONTROLLERS
        .iter()
        .any(|r| ["create", "update", "patch"].iter().any(|v| g.allows(v, r)))
}

/// Creating pods (or what creates them): a pod as any service account of
/// the scope.
pub(super) fn create_pods(g: &Grant, _: &[Grant]) -> Option<Gain> {
    creates_pods(g).then_some(Gain::Accounts)
}

/// Creating pods where Pod Security admits privileged ones: the node.
pub(super) fn privileged_pods(g: &Grant, _: &[Grant]) -> Option<Gain> {
    creates_pods(g).then_some(Gain::NewPods)
}

/// A PersistentVolume with a hostPath mounts any node directory.
pub(super) fn host_path_volumes(g: &Grant, _: &[Grant]) -> Option<Gain> {
    (g.allows("create", "persistentvolumes") && !full(g)).then_some(Gain::Node)
}

/// The gains of one grant, with the capability that gave each.
pub fn gains(g: &Grant, all: &[Grant]) -> Vec<(&'static Capability, Gain)> {
    CAPABILITIES
        .iter()
        .filter_map(|c| match c.find {
            Find::Grant(test) => test(g, all).map(|x| (c, x)),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::GrantScope;

    fn grant(verbs: &[&str], resources: &[&str]) -> Grant {
        Grant {
            verbs: verbs.iter().map(|s| s.to_string()).collect(),
            resources: resources.iter().map(|s| s.to_string()).collect(),
            names: Vec::new(),
            scope: GrantScope::Cluster,
            span: Default::default(),
        }
    }

    fn names(gs: &[Grant]) -> Vec<&'static str> {
        let mut v: Vec<&'static str> = gs
            .iter()
            .flat_map(|g| gains(g, gs))
            .map(|(c, _)| c.name)
            .collect();
        v.dedup();
        v
    }

    #[test]
    fn bind_alone_is_not_admin() {
        let bind = [grant(&["bind"], &["clusterroles"])];
        assert!(names(&bind).is_empty());
        let both = [
            grant(&["bind"], &["clusterroles"]),
            grant(&["create"], &["clusterrolebindings"]),
        ];
        assert_eq!(names(&both), vec!["bind-any-role"]);
    }

    #[test]
    fn escalate_needs_a_write() {
        assert!(names(&[grant(&["escalate"], &["roles"])]).is_empty());
        assert_eq!(
            names(&[grant(&["escalate", "update"], &["roles"])]),
            vec!["escalate-role"]
        );
    }

    #[test]
    fn single_rights_that_escalate() {
        assert_eq!(
            names(&[grant(&["patch"], &["deployments"])]),
            vec!["rewrite-workloads", "create-pods", "privileged-pods"]
        );
        assert_eq!(
            names(&[grant(&["list"], &["secrets"])]),
            vec!["read-secrets", "secret-data"]
        );
        assert_eq!(
            names(&[grant(&["get"], &["nodes/proxy"])]),
            vec!["kubelet-proxy"]
        );
        assert_eq!(
            names(&[grant(&["patch"], &["pods/ephemeralcontainers"])]),
            vec!["exec"]
        );
        assert_eq!(
            names(&[grant(&["create"], &["serviceaccounts/token"])]),
            vec!["mint-tokens"]
        );
        assert_eq!(
            names(&[grant(&["create"], &["persistentvolumes"])]),
            vec!["host-path-volumes"]
        );
        let csr = [
            grant(&["create"], &["certificatesigningrequests"]),
            grant(&["update"], &["certificatesigningrequests/approval"]),
            grant(&["approve"], &["signers"]),
        ];
        assert_eq!(names(&csr), vec!["mint-certificates"]);
        assert!(names(&[grant(&["get"], &["pods"])]).is_empty());
    }
}
