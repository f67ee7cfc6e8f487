//! RBAC capabilities: what a held identity's grants give. Each capability
//! is a small named function over one grant (and the identity's other
//! grants, for the ones that need two rights together) that returns the
//! gains with the reason a reviewer reads.

use crate::model::Grant;

/// What a grant gives, within the grant's scope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Gain {
    /// Everything an administrator of the scope has (`*` on `*`).
    Admin(String),
    /// Every service account of the scope (verb phrase: "reads the token of").
    Accounts(&'static str),
    /// Every identity of the scope, users and groups too.
    Identities(&'static str),
    /// The Secret data of the scope.
    SecretData,
    /// The existing workloads of the scope whose controller `kinds` it
    /// rewrites (`None`: every kind), with the verb phrase.
    Workloads(Option<Vec<String>>, &'static str),
    /// Every workload that may run on the cluster's nodes.
    NodeWorkloads(&'static str),
    /// New pods: privileged where Pod Security allows, so the node.
    NewPods,
    /// The node itself.
    Node(&'static str),
}

/// One RBAC capability.
pub struct Capability {
    pub name: &'static str,
    pub test: fn(&Grant, &[Grant]) -> Vec<Gain>,
}

/// Every RBAC capability, in the order they are applied.
pub const CAPABILITIES: &[Capability] = &[
    Capability {
        name: "wildcard",
        test: wildcard,
    },
    Capability {
        name: "bind-any-role",
        test: bind_any_role,
    },
    Capability {
        name: "escalate-role",
        test: escalate_role,
    },
    Capability {
        name: "mint-certificates",
        test: mint_certificates,
    },
    Capability {
        name: "read-secrets",
        test: read_secrets,
    },
    Capability {
        name: "impersonate",
        test: impersonate,
    },
    Capability {
        name: "mint-tokens",
        test: mint_tokens,
    },
    Capability {
        name: "rewrite-workloads",
        test: rewrite_workloads,
    },
    Capability {
        name: "exec",
        test: exec,
    },
    Capability {
        name: "kubelet-proxy",
        test: kubelet_proxy,
    },
    Capability {
        name: "create-pods",
        test: create_pods,
    },
    Capability {
        name: "host-path-volumes",
        test: host_path_volumes,
    },
];

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

fn wildcard(g: &Grant, _: &[Grant]) -> Vec<Gain> {
    if full(g) {
        vec![
            Gain::Accounts("holds every right, so also those of"),
            Gain::Workloads(None, "rewrites"),
        ]
    } else {
        Vec::new()
    }
}

/// Creating (Cluster)RoleBindings with `bind` on the roles: binds itself
/// any role of the scope, cluster-admin included. `bind` alone binds
/// nothing.
fn bind_any_role(g: &Grant, all: &[Grant]) -> Vec<Gain> {
    let binds = g.allows("bind", "clusterroles") || g.allows("bind", "roles");
    let creates = any(
        all,
        &["create", "update", "patch"],
        &["rolebindings", "clusterrolebindings"],
    );
    if binds && creates && !full(g) {
        vec![Gain::Admin(
            "creates a binding to any role (bind), cluster-admin included".into(),
        )]
    } else {
        Vec::new()
    }
}

/// `escalate` with a write on the roles: rewrites its own role to anything.
fn escalate_role(g: &Grant, all: &[Grant]) -> Vec<Gain> {
    let escalates = g.allows("escalate", "clusterroles") || g.allows("escalate", "roles");
    let writes = any(
        all,
        &["create", "update", "patch"],
        &["roles", "clusterroles"],
    );
    if escalates && writes && !full(g) {
        vec![Gain::Admin(
            "rewrites its roles beyond its own rights (escalate)".into(),
        )]
    } else {
        Vec::new()
    }
}

/// Creating and approving CSRs mints a client certificate for any user or
/// group (system:masters included).
fn mint_certificates(g: &Grant, all: &[Grant]) -> Vec<Gain> {
    let approves = g.allows("update", "certificatesigningrequests/approval")
        || g.allows("patch", "certificatesigningrequests/approval");
    let signs = any(all, &["approve"], &["signers"]);
    let creates = any(all, &["create"], &["certificatesigningrequests"]);
    if approves && signs && creates && !full(g) {
        vec![Gain::Admin(
            "creates, approves and signs a CSR for a system:masters client certificate".into(),
        )]
    } else {
        Vec::new()
    }
}

fn read_secrets(g: &Grant, _: &[Grant]) -> Vec<Gain> {
    if ["get", "list", "watch"]
        .iter()
        .any(|v| g.allows(v, "secrets"))
    {
        vec![Gain::Accounts("reads the token of"), Gain::SecretData]
    } else {
        Vec::new()
    }
}

fn impersonate(g: &Grant, _: &[Grant]) -> Vec<Gain> {
    if ["users", "groups", "serviceaccounts"]
        .iter()
        .any(|r| g.allows("impersonate", r))
    {
        vec![Gain::Identities("impersonates")]
    } else {
        Vec::new()
    }
}

fn mint_tokens(g: &Grant, _: &[Grant]) -> Vec<Gain> {
    if g.allows("create", "serviceaccounts/token") && !full(g) {
        vec![Gain::Accounts("mints a token for")]
    } else {
        Vec::new()
    }
}

/// `update`/`patch` on pods or controllers: a new image or command in the
/// existing workloads.
fn rewrite_workloads(g: &Grant, _: &[Grant]) -> Vec<Gain> {
    if full(g) {
        return Vec::new();
    }
    let kinds: Vec<String> = CONTROLLERS
        .iter()
        .filter(|r| ["update", "patch"].iter().any(|v| g.allows(v, r)))
        .map(|r| r.to_string())
        .collect();
    if kinds.is_empty() {
        Vec::new()
    } else {
        vec![Gain::Workloads(Some(kinds), "replaces the pod template of")]
    }
}

/// `pods/exec`, `pods/attach` or an ephemeral container: code in running pods.
fn exec(g: &Grant, _: &[Grant]) -> Vec<Gain> {
    let exec = g.allows("create", "pods/exec")
        || g.allows("get", "pods/exec")
        || g.allows("create", "pods/attach")
        || g.allows("update", "pods/ephemeralcontainers")
        || g.allows("patch", "pods/ephemeralcontainers");
    if exec && !full(g) {
        vec![Gain::Workloads(None, "execs into")]
    } else {
        Vec::new()
    }
}

/// `nodes/proxy` reaches the kubelet API, which runs commands in any pod
/// of the node.
fn kubelet_proxy(g: &Grant, _: &[Grant]) -> Vec<Gain> {
    if (g.allows("get", "nodes/proxy") || g.allows("create", "nodes/proxy")) && !full(g) {
        vec![Gain::NodeWorkloads(
            "reaches the kubelet API through nodes/proxy and runs commands in",
        )]
    } else {
        Vec::new()
    }
}

fn create_pods(g: &Grant, _: &[Grant]) -> Vec<Gain> {
    if CONTROLLERS
        .iter()
        .any(|r| ["create", "update", "patch"].iter().any(|v| g.allows(v, r)))
    {
        vec![Gain::Accounts("starts a pod that runs as"), Gain::NewPods]
    } else {
        Vec::new()
    }
}

/// A PersistentVolume with a hostPath mounts any node directory.
fn host_path_volumes(g: &Grant, _: &[Grant]) -> Vec<Gain> {
    if g.allows("create", "persistentvolumes") && !full(g) {
        vec![Gain::Node(
            "creates a hostPath PersistentVolume of the node's root, so the node",
        )]
    } else {
        Vec::new()
    }
}

/// The gains of one grant, with the capability that gave each.
pub fn gains(g: &Grant, all: &[Grant]) -> Vec<(&'static str, Gain)> {
    CAPABILITIES
        .iter()
        .flat_map(|c| (c.test)(g, all).into_iter().map(move |x| (c.name, x)))
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
            scope: GrantScope::Cluster,
            span: Default::default(),
        }
    }

    fn names(gs: &[Grant]) -> Vec<&'static str> {
        let mut v: Vec<&'static str> = gs
            .iter()
            .flat_map(|g| gains(g, gs))
            .map(|(n, _)| n)
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
            vec!["rewrite-workloads", "create-pods"]
        );
        assert_eq!(
            names(&[grant(&["list"], &["secrets"])]),
            vec!["read-secrets"]
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
