//! The rules of Kubernetes' built-in ClusterRoles, so a binding to one that
//! the manifests do not declare still grants what it grants in a cluster:
//! the user-facing roles `admin`, `edit` and `view` (as the RBAC
//! documentation lists them) and the `system:` roles a manifest commonly
//! binds. `cluster-admin` is `role cluster-admin` (or `*` on `*` when a
//! RoleBinding grants it in one namespace); the discovery roles grant only
//! non-resource URLs and are left as a `role`.

use k8s_openapi::api::rbac::v1::PolicyRule;

const READ: &[&str] = &["get", "list", "watch"];
const WRITE: &[&str] = &["create", "delete", "deletecollection", "patch", "update"];

/// Namespaced objects `view` reads (never Secrets, Roles or RoleBindings).
const VIEWABLE: &[&str] = &[
    "pods",
    "pods/log",
    "pods/status",
    "services",
    "endpoints",
    "endpointslices",
    "configmaps",
    "persistentvolumeclaims",
    "replicationcontrollers",
    "serviceaccounts",
    "events",
    "limitranges",
    "resourcequotas",
    "deployments",
    "daemonsets",
    "replicasets",
    "statefulsets",
    "jobs",
    "cronjobs",
    "horizontalpodautoscalers",
    "ingresses",
    "networkpolicies",
    "poddisruptionbudgets",
    "controllerrevisions",
];

/// Objects `edit` writes.
const EDITABLE: &[&str] = &[
    "pods",
    "pods/attach",
    "pods/exec",
    "pods/portforward",
    "pods/proxy",
    "pods/eviction",
    "secrets",
    "services",
    "services/proxy",
    "configmaps",
    "endpoints",
    "persistentvolumeclaims",
    "replicationcontrollers",
    "serviceaccounts",
    "deployments",
    "daemonsets",
    "replicasets",
    "statefulsets",
    "jobs",
    "cronjobs",
    "horizontalpodautoscalers",
    "ingresses",
    "networkpolicies",
    "poddisruptionbudgets",
];

fn rule(verbs: &[&str], resources: &[&str]) -> PolicyRule {
    PolicyRule {
        verbs: verbs.iter().map(|v| v.to_string()).collect(),
        resources: Some(resources.iter().map(|r| r.to_string()).collect()),
        ..Default::default()
    }
}

/// The rules of a built-in ClusterRole, or `None` when the name is not one
/// whose rules are known here.
pub fn rules(name: &str) -> Option<Vec<PolicyRule>> {
    let view = || vec![rule(READ, VIEWABLE), rule(READ, &["namespaces"])];
    let edit = || {
        let mut r = view();
        r.push(rule(READ, &["secrets"]));
        r.push(rule(WRITE, EDITABLE));
        r.push(rule(&["create"], &["serviceaccounts/token"]));
        r.push(rule(&["impersonate"], &["serviceaccounts"]));
        r
    };
    Some(match name {
        "view" => view(),
        "edit" => edit(),
        "admin" => {
            let mut r = edit();
            r.push(rule(READ, &["roles", "rolebindings"]));
            r.push(rule(WRITE, &["roles", "rolebindings"]));
            r.push(rule(&["create"], &["localsubjectaccessreviews"]));
            r
        }
        "system:node" => vec![
            rule(
                READ,
                &[
                    "pods",
                    "services",
                    "endpoints",
                    "nodes",
                    "persistentvolumes",
                    "persistentvolumeclaims",
                ],
            ),
            rule(&["get"], &["secrets", "configmaps"]),
            rule(&["create", "delete"], &["pods"]),
            rule(
                &[
                    "create", "get", "list", "watch", "patch", "update", "delete",
                ],
                &["nodes", "nodes/status"],
            ),
            rule(&["patch", "update"], &["pods/status"]),
            rule(
                &["create"],
                &[
                    "pods/eviction",
                    "serviceaccounts/token",
                    "certificatesigningrequests",
                    "tokenreviews",
                    "subjectaccessreviews",
                ],
            ),
        ],
        "system:node-proxier" => vec![rule(
            READ,
            &["services", "endpoints", "endpointslices", "nodes"],
        )],
        "system:kube-scheduler" => vec![
            rule(
                READ,
                &[
                    "pods",
                    "nodes",
                    "persistentvolumes",
                    "persistentvolumeclaims",
                    "services",
                    "replicationcontrollers",
                    "replicasets",
                    "statefulsets",
                    "namespaces",
                ],
            ),
            rule(&["create"], &["bindings", "pods/binding"]),
            rule(&["patch", "update"], &["pods/status"]),
        ],
        "system:auth-delegator" => {
            vec![rule(&["create"], &["tokenreviews", "subjectaccessreviews"])]
        }
        "system:heapster" | "system:monitoring" => vec![rule(
            READ,
            &["events", "namespaces", "nodes", "pods", "deployments"],
        )],
        "system:persistent-volume-provisioner" => vec![
            rule(
                &["create", "delete", "get", "list", "watch"],
                &["persistentvolumes"],
            ),
            rule(
                &["get", "list", "watch", "update"],
                &["persistentvolumeclaims"],
            ),
            rule(READ, &["storageclasses"]),
        ],
        "system:node-bootstrapper" => vec![rule(
            &["create", "get", "list", "watch"],
            &["certificatesigningrequests"],
        )],
        "system:volume-scheduler" => vec![rule(
            &["get", "list", "patch", "update", "watch"],
            &["persistentvolumes"],
        )],
        "system:kube-dns" => vec![rule(&["list", "watch"], &["endpoints", "services"])],
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allows(name: &str, verb: &str, resource: &str) -> bool {
        rules(name).unwrap_or_default().iter().any(|r| {
            r.verbs.iter().any(|v| v == verb) && r.resources.iter().flatten().any(|x| x == resource)
        })
    }

    #[test]
    fn user_facing_roles() {
        assert!(allows("view", "list", "pods"));
        assert!(!allows("view", "get", "secrets"));
        assert!(allows("edit", "get", "secrets"));
        assert!(allows("edit", "create", "pods/exec"));
        assert!(!allows("edit", "create", "rolebindings"));
        assert!(allows("admin", "create", "rolebindings"));
        assert!(rules("cluster-admin").is_none());
        assert!(rules("system:discovery").is_none());
    }
}
