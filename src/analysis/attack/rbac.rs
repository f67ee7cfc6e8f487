//! RBAC capabilities: what a held identity's grants give. Each is a small
//! function over one grant (and the identity's other grants, for the ones
//! that need two rights together) that returns what it gains, if anything;
//! its name and reason are its entry in [`super::catalogue`].

use super::catalogue::{CAPABILITIES, Capability, Find};
use crate::model::{Grant, GrantScope};

/// What a grant gives, within the grant's scope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Gain {
    /// Everything an administrator of a scope has (`*` on `*`), in the
    /// scope given (a grant's own, or a namespace within it).
    Admin(GrantScope),
    /// The rights of the roles bound in a scope: a binding to any Role
    /// there.
    BoundRoles(GrantScope),
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

/// Resources that exist only cluster-wide. A grant in a namespace (from a
/// RoleBinding) covers none of them, whatever its rules say (the API
/// checks them without a namespace), with one exception: `bind` on
/// clusterroles, which the API checks in the namespace of the RoleBinding
/// that names the ClusterRole.
const CLUSTER_ONLY: &[&str] = &[
    "clusterroles",
    "clusterrolebindings",
    "nodes",
    "nodes/proxy",
    "persistentvolumes",
    "certificatesigningrequests",
    "certificatesigningrequests/approval",
    "signers",
    "users",
    "groups",
    "mutatingwebhookconfigurations",
    "validatingwebhookconfigurations",
    "customresourcedefinitions",
    "storageclasses",
    "priorityclasses",
    "podsecuritypolicies",
    "apiservices",
];

/// Does `g` allow `verb` on `resource` where the API checks it?
/// ([`CLUSTER_ONLY`]).
pub(super) fn grants(g: &Grant, verb: &str, resource: &str) -> bool {
    g.allows(verb, resource)
        && (g.scope == GrantScope::Cluster
            || !CLUSTER_ONLY.contains(&resource)
            || (verb == "bind" && resource == "clusterroles"))
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
            .any(|v| resources.iter().any(|r| grants(g, v, r)))
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

const WRITE: &[&str] = &["create", "update", "patch"];

/// The scope where `a` and `b` both apply, if any.
fn both(a: GrantScope, b: GrantScope) -> Option<GrantScope> {
    match (a, b) {
        (GrantScope::Cluster, s) | (s, GrantScope::Cluster) => Some(s),
        (x, y) => (x == y).then_some(x),
    }
}

/// Where the identity may write RoleBindings within `scope`: the whole
/// scope when a grant covers it, else the first namespace of it where one
/// does.
fn binding_scope(all: &[Grant], scope: GrantScope) -> Option<GrantScope> {
    let mut found = None;
    for x in all {
        if !WRITE.iter().any(|v| grants(x, v, "rolebindings")) {
            continue;
        }
        match both(scope, x.scope) {
            Some(s) if s == scope => return Some(s),
            Some(s) if found.is_none() => found = Some(s),
            _ => {}
        }
    }
    found
}

/// Does `g` allow binding `resource` roles that hold every right
/// (cluster-admin, or admin and edit in a namespace)? A grant limited to
/// other names binds only those.
fn binds_admin(g: &Grant, resource: &str) -> bool {
    grants(g, "bind", resource)
        && (g.names.is_empty()
            || g.names
                .iter()
                .any(|n| ["cluster-admin", "admin", "edit"].contains(&n.as_str())))
}

/// `bind` on ClusterRoles with the right to write the bindings that name
/// them: a ClusterRoleBinding to cluster-admin holds every right
/// cluster-wide; a RoleBinding to it, every right in the binding's
/// namespace (a ClusterRoleBinding cannot name a Role, and a RoleBinding
/// grants nothing cluster-wide). `bind` alone binds nothing.
pub(super) fn bind_any_role(g: &Grant, all: &[Grant]) -> Option<Gain> {
    if full(g) || !binds_admin(g, "clusterroles") {
        return None;
    }
    if g.scope == GrantScope::Cluster && any(all, WRITE, &["clusterrolebindings"]) {
        return Some(Gain::Admin(GrantScope::Cluster));
    }
    binding_scope(all, g.scope).map(Gain::Admin)
}

/// `bind` on Roles with the right to write RoleBindings: binds itself any
/// Role of the scope, so holds what the roles bound there grant.
pub(super) fn bind_namespace_roles(g: &Grant, all: &[Grant]) -> Option<Gain> {
    if full(g) || !grants(g, "bind", "roles") || bind_any_role(g, all).is_some() {
        return None;
    }
    binding_scope(all, g.scope).map(Gain::BoundRoles)
}

/// `escalate` with a write on the roles: rewrites its own role to anything.
pub(super) fn escalate_role(g: &Grant, all: &[Grant]) -> Option<Gain> {
    let escalates = grants(g, "escalate", "clusterroles") || grants(g, "escalate", "roles");
    let writes = any(all, WRITE, &["roles", "clusterroles"]);
    (escalates && writes && !full(g)).then_some(Gain::Admin(g.scope))
}

/// Creating and approving CSRs mints a client certificate for any user or
/// group (system:masters included); all three are cluster-wide rights.
pub(super) fn mint_certificates(g: &Grant, all: &[Grant]) -> Option<Gain> {
    let approves = grants(g, "update", "certificatesigningrequests/approval")
        || grants(g, "patch", "certificatesigningrequests/approval");
    let signs = any(all, &["approve"], &["signers"]);
    let creates = any(all, &["create"], &["certificatesigningrequests"]);
    (approves && signs && creates && !full(g)).then_some(Gain::Admin(GrantScope::Cluster))
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

/// Impersonating users or groups (cluster-wide rights) gives every
/// identity; impersonating service accounts, those of the scope.
pub(super) fn impersonate(g: &Grant, _: &[Grant]) -> Option<Gain> {
    if ["users", "groups"]
        .iter()
        .any(|r| grants(g, "impersonate", r))
    {
        Some(Gain::Identities)
    } else {
        grants(g, "impersonate", "serviceaccounts").then_some(Gain::Accounts)
    }
}

pub(super) fn mint_tokens(g: &Grant, _: &[Grant]) -> Option<Gain> {
    (grants(g, "create", "serviceaccounts/token") && !full(g)).then_some(Gain::Accounts)
}

/// `update`/`patch` on pods or controllers: a new image or command in the
/// existing workloads.
pub(super) fn rewrite_workloads(g: &Grant, _: &[Grant]) -> Option<Gain> {
    if full(g) {
        return None;
    }
    let kinds: Vec<String> = CONTROLLERS
        .iter()
        .filter(|r| ["update", "patch"].iter().any(|v| grants(g, v, r)))
        .map(|r| r.to_string())
        .collect();
    (!kinds.is_empty()).then_some(Gain::Workloads(Some(kinds)))
}

/// `pods/exec`, `pods/attach` or an ephemeral container: code in running pods.
pub(super) fn exec(g: &Grant, _: &[Grant]) -> Option<Gain> {
    let exec = grants(g, "create", "pods/exec")
        || grants(g, "get", "pods/exec")
        || grants(g, "create", "pods/attach")
        || grants(g, "update", "pods/ephemeralcontainers")
        || grants(g, "patch", "pods/ephemeralcontainers");
    (exec && !full(g)).then_some(Gain::Workloads(None))
}

/// `nodes/proxy` reaches the kubelet API, which runs commands in any pod
/// of the node.
pub(super) fn kubelet_proxy(g: &Grant, _: &[Grant]) -> Option<Gain> {
    ((grants(g, "get", "nodes/proxy") || grants(g, "create", "nodes/proxy")) && !full(g))
        .then_some(Gain::NodeWorkloads)
}

/// Creating pods, or writing a controller's pod template: a new pod of any
/// spec. An update of a pod changes little more than its image
/// (`rewrite-workloads`), so it starts no new pod.
fn creates_pods(g: &Grant) -> bool {
    grants(g, "create", "pods")
        || CONTROLLERS
            .iter()
            .filter(|r| **r != "pods")
            .any(|r| WRITE.iter().any(|v| grants(g, v, r)))
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
    (grants(g, "create", "persistentvolumes") && !full(g)).then_some(Gain::Node)
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
    fn a_namespace_grant_covers_no_cluster_resource() {
        let ns = |verbs: &[&str], resources: &[&str]| Grant {
            scope: GrantScope::Namespace(crate::model::Idx::new(0)),
            ..grant(verbs, resources)
        };
        assert!(names(&[ns(&["get"], &["nodes/proxy"])]).is_empty());
        assert!(names(&[ns(&["create"], &["persistentvolumes"])]).is_empty());
        assert!(names(&[ns(&["impersonate"], &["users", "groups"])]).is_empty());
        // bind on ClusterRoles is checked in the RoleBinding's namespace.
        let rb = [
            ns(&["bind"], &["clusterroles"]),
            ns(&["create"], &["rolebindings"]),
        ];
        assert_eq!(names(&rb), vec!["bind-any-role"]);
        let crb = [
            ns(&["bind"], &["clusterroles"]),
            ns(&["create"], &["clusterrolebindings"]),
        ];
        assert!(names(&crb).is_empty());
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
            names(&[grant(&["patch"], &["pods"])]),
            vec!["rewrite-workloads"]
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
