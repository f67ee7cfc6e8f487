//! The unit tests of the RBAC capabilities (`cap_<name>`, one per entry
//! of [`super::super::catalogue`] found from a grant), on the cluster model
//! of [`super`] with grants on identity `sa-w`.

use super::*;

/// The reasons of identity `sa-w` holding `grants` (in namespace `a`).
fn holding(grants: &str) -> Vec<String> {
    reasons("", grants, "sa-w")
}

const ALL: &str = "sa-w may * * in namespace a";

#[test]
fn cap_wildcard() {
    let r = holding("; allow * on *");
    has(&r, &reason("wildcard", &[ALL, "sa-x"]));
}

#[test]
fn cap_wildcard_workloads() {
    let r = holding("; allow * on *");
    has(&r, &reason("wildcard-workloads", &[ALL, "x"]));
    has(
        &r,
        "sa-w may * * in namespace a: rewrites x and runs code in it",
    );
}

/// The grant an escalation adds is described by the capability's reason.
fn admin(name: &str, what: &str, grants: &str) {
    let r = holding(grants);
    let head = reason(name, &[what, "in namespace a"]);
    starts(&r, &format!("{head}: holds every right, so also those of"));
}

#[test]
fn cap_bind_any_role() {
    let what = "sa-w may bind clusterroles in namespace a";
    admin(
        "bind-any-role",
        what,
        "; allow bind on clusterroles; allow create on rolebindings",
    );
    starts(
        &holding("; allow bind on clusterroles; allow create on rolebindings"),
        "sa-w may bind clusterroles in namespace a: creates a binding to any role (bind), cluster-admin included, so holds every right in namespace a",
    );
}

#[test]
fn bind_needs_a_binding_that_can_name_the_role() {
    // A ClusterRoleBinding cannot name a Role; a RoleBinding grants no
    // cluster-scoped resource, so creating ClusterRoleBindings through one
    // is no right at all.
    let none = |g: &str| {
        let r = holding(g);
        assert!(!r.iter().any(|x| x.contains("binds")), "{g}: {r:#?}");
    };
    none("; allow create on clusterrolebindings in cluster; allow bind on roles in cluster");
    none("; allow create on clusterrolebindings; allow bind on clusterroles");
    // A RoleBinding in a; bind on ClusterRoles cluster-wide: admin of a only.
    let r = holding("; allow bind on clusterroles in cluster; allow create on rolebindings");
    starts(
        &r,
        "sa-w may bind clusterroles cluster-wide: creates a binding to any role (bind), cluster-admin included, so holds every right in namespace a",
    );
}

#[test]
fn cap_bind_namespace_roles() {
    // sa-w binds itself the Role that gives sa-x its rights in a.
    let text = CLUSTER
        .replace("SETTINGS", "")
        .replace(
            "GRANTS",
            "; allow create on rolebindings; allow bind on roles",
        )
        .replace(
            "identity sa-x { scope a }",
            "identity sa-x { scope a; allow create on pods }",
        );
    let r = reasons_in(&text, "sa-w");
    let what = "sa-w may bind roles in namespace a";
    starts(
        &r,
        &reason(
            "bind-namespace-roles",
            &[what, "sa-x", "create pods", "in namespace a"],
        ),
    );
    starts(
        &r,
        "sa-w may bind roles in namespace a: binds itself the role that lets sa-x create pods in namespace a: namespace a allows privileged pods",
    );
    // No Role of the namespace grants anything: nothing to bind.
    let r = holding("; allow create on rolebindings; allow bind on roles");
    assert!(!r.iter().any(|x| x.contains("binds itself")), "{r:#?}");
}

#[test]
fn cap_escalate_role() {
    let what = "sa-w may escalate, update roles in namespace a";
    admin("escalate-role", what, "; allow escalate, update on roles");
}

#[test]
fn cap_mint_certificates() {
    let grants = "; allow update on \"certificatesigningrequests/approval\" in cluster; allow create on certificatesigningrequests in cluster; allow approve on signers in cluster";
    let what = "sa-w may update certificatesigningrequests/approval cluster-wide";
    let head = reason("mint-certificates", &[what, "cluster-wide"]);
    starts(
        &holding(grants),
        &format!("{head}: holds every right, so also those of"),
    );
    // CSRs are cluster-wide objects: a RoleBinding cannot grant them.
    let r = holding(&grants.replace(" in cluster", ""));
    assert!(!r.iter().any(|x| x.contains("CSR")), "{r:#?}");
}

#[test]
fn cap_read_secrets() {
    let r = holding("; allow get on secrets");
    has(
        &r,
        "sa-w may get secrets in namespace a: reads the token of sa-x",
    );
}

#[test]
fn cap_secret_data() {
    let r = holding("; allow get on secrets");
    has(
        &r,
        "sa-w may get secrets in namespace a: reads Secret data token",
    );
}

#[test]
fn cap_impersonate() {
    let r = holding("; allow impersonate on users in cluster");
    has(
        &r,
        "sa-w may impersonate users cluster-wide: impersonates alice",
    );
    // Users are not in a namespace: a RoleBinding cannot grant them; its
    // service accounts it can.
    let r = holding("; allow impersonate on users");
    assert!(!r.iter().any(|x| x.contains("impersonates")), "{r:#?}");
    let r = holding("; allow impersonate on serviceaccounts");
    has(
        &r,
        "sa-w may impersonate serviceaccounts in namespace a: impersonates sa-x",
    );
    assert!(
        !r.iter().any(|x| x.contains("impersonates alice")),
        "{r:#?}"
    );
}

#[test]
fn cap_mint_tokens() {
    let r = holding("; allow create on \"serviceaccounts/token\"");
    has(
        &r,
        "sa-w may create serviceaccounts/token in namespace a: mints a token for sa-x",
    );
}

#[test]
fn cap_rewrite_workloads() {
    let r = holding("; allow patch on deployments");
    has(
        &r,
        "sa-w may patch deployments in namespace a: replaces the pod template of x and runs code in it",
    );
}

#[test]
fn cap_exec() {
    let r = holding("; allow create on \"pods/exec\"");
    has(
        &r,
        "sa-w may create pods/exec in namespace a: execs into x and runs code in it",
    );
}

#[test]
fn cap_kubelet_proxy() {
    let r = holding("; allow get on \"nodes/proxy\" in cluster");
    has(
        &r,
        "sa-w may get nodes/proxy cluster-wide: reaches the kubelet API through nodes/proxy and runs commands in x",
    );
}

#[test]
fn cap_create_pods() {
    let r = holding("; allow create on pods");
    has(
        &r,
        "sa-w may create pods in namespace a: starts a pod that runs as sa-x",
    );
}

#[test]
fn cap_privileged_pods() {
    let r = holding("; allow create on pods");
    has(
        &r,
        "sa-w may create pods in namespace a: namespace a allows privileged pods, so a new privileged pod escapes to the node",
    );
    // A patch of a pod changes its image, not its privileges.
    let r = holding("; allow patch on pods");
    assert!(!r.iter().any(|x| x.contains("privileged pod")), "{r:#?}");
}

#[test]
fn cap_host_path_volumes() {
    let r = holding("; allow create on persistentvolumes in cluster");
    has(
        &r,
        "sa-w may create persistentvolumes cluster-wide: creates a hostPath PersistentVolume of the node's root, so the node",
    );
}
