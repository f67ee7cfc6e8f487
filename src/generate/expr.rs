//! Rule conditions and CVSS vectors for generated models: `when`
//! expressions built from tests the rule checker accepts for each
//! `applies-to`, combined with `and`, `or`, `not` and parentheses.

use super::entropy::Entropy;

/// Tests valid on every element (`applies-to element`, and so also on
/// actors, processes and stores).
const ELEMENT: &[&str] = &[
    "entry-point",
    "exposed",
    "sensitive",
    "calls-api-server",
    "workload",
    "data-store",
    "cluster-audit-log",
    "registries-declared",
    "boundary.trust <= low",
    "boundary.kind == internet",
    "namespace.pod-security == restricted",
    "namespace.network-policy == none",
    "cluster.cni in [kubenet, bridge]",
    "cluster.metadata-blocked",
    "cluster.parent.kind == cloud-account",
    "stores(confidential)",
    "carries(restricted)",
    "reachable-from(internet)",
    "flows-to(database)",
    "inbound-from(internet)",
    "inbound-from-outside(k8s-namespace)",
    "inside(k8s-cluster)",
    "id == \"x\"",
    "label != \"<script>\"",
];

const PROCESS: &[&str] = &[
    "privileged",
    "host-network or host-pid or host-ipc",
    "run-as-root",
    "allow-privilege-escalation",
    "image-mutable",
    "image-pinned",
    "image and not image-trusted",
    "limits == false",
    "read-only-root-fs == false",
    "capabilities in [SYS_ADMIN, NET_ADMIN, ALL]",
    "drop-capabilities has ALL",
    "replicas < 2",
    "secrets-as == env",
    "plaintext-secrets",
    "automount",
    "grants(get, secrets)",
    "grants(*, *)",
    "grants(create, \"pods/exec\", cluster)",
    "wildcard-grant",
    "identity.role == cluster-admin",
    "identity.scope.kind == k8s-namespace",
    "known-vulnerabilities >= high",
    "service-type in [node-port, load-balancer]",
    "any-starts-with(host-path, \"/etc\", \"/var/run\")",
    "ports has \"22\"",
    "ssh-server",
    "on-control-plane and privileged",
    "exposure == public",
    "kind == k8s-api-server and anonymous-auth",
    "authorization has always-allow",
    "admission has node-restriction",
    "insecure-port > 0",
    "read-only-port == 10255",
    "manifest-url",
    "audit-log",
    "input-validated",
    "rate-limited",
    "serves-users and not output-encoded",
    "hardened",
    "authorizes-callers",
];

const STORE: &[&str] = &[
    "encrypted-at-rest",
    "not backup",
    "engine == postgres",
    "engine in [redis, \"mongo db\"]",
    "kind == k8s-etcd",
    "client-cert-auth == false",
    "exposure > private",
    "stores(restricted)",
    "audit-logging",
    "unauthenticated-clients > 1",
    "stores-pii",
    "access-control",
];

const ACTOR: &[&str] = &["kind == admin", "kind in [user, ci-system]"];

const FLOW: &[&str] = &[
    "crosses-boundary",
    "crossings > 1",
    "crosses(internet)",
    "crosses(k8s-namespace)",
    "encrypted",
    "authn == none",
    "authn < oidc",
    "authn in [password, token]",
    "carries(confidential)",
    "sends(restricted)",
    "returns(internal)",
    "reachable-from(internet)",
    "inside(k8s-cluster)",
    "protocol == http",
    "protocol in [redis, postgres, \"kafka\"]",
    "port == 80",
    "port > 1024",
    "trust-change > 0",
    "trust-change <= 0",
    "sensitive",
    "reads-user-content",
    "sends-pii",
    "credential",
    "credential.mfa",
    "credential.scope.kind == k8s-namespace",
    "source.kind == user",
    "source.workload",
    "target.kind in [database, cache]",
    "target.engine == redis",
    "target.exposed",
    "source.boundary.kind == internet",
    "source.cluster.metadata-blocked",
    "label == \"\"",
];

const BOUNDARY: &[&str] = &[
    "kind == k8s-namespace and network-policy == none",
    "trust == untrusted",
    "trust < high",
    "parent.kind == k8s-cluster",
    "parent.parent.trust > low",
    "pod-security == privileged",
    "metadata-blocked",
    "cni in [kubenet, bridge]",
    "cluster-audit-log",
];

const IDENTITY: &[&str] = &[
    "long-lived",
    "human and not mfa",
    "role == cluster-admin",
    "role == \"system:masters\"",
    "grants(escalate, roles)",
    "grants(get, secrets, cluster)",
    "wildcard-grant",
    "used",
    "default-account",
    "scope.kind == k8s-namespace",
    "subject in [\"system:anonymous\"]",
    "automount",
    "kind in [k8s-user, k8s-group]",
];

/// The words of `applies-to`.
pub const APPLIES_TO: &[&str] = &[
    "actor", "process", "store", "element", "flow", "boundary", "identity",
];

fn atoms(applies_to: &str) -> [&'static [&'static str]; 2] {
    match applies_to {
        "actor" => [ELEMENT, ACTOR],
        "process" => [ELEMENT, PROCESS],
        "store" => [ELEMENT, STORE],
        "element" => [ELEMENT, ELEMENT],
        "flow" => [FLOW, FLOW],
        "boundary" => [BOUNDARY, BOUNDARY],
        _ => [IDENTITY, IDENTITY],
    }
}

/// A random condition for a rule of `applies_to`, at most `depth` levels of
/// `and`/`or`/`not`/parentheses deep.
pub fn when<E: Entropy>(e: &mut E, applies_to: &str, depth: usize) -> String {
    let pools = atoms(applies_to);
    if depth == 0 || e.below(3) == 0 {
        let pool = pools[e.below(2)];
        return pool[e.below(pool.len())].to_string();
    }
    match e.below(5) {
        0 => format!("not {}", when(e, applies_to, depth - 1)),
        1 => format!("({})", when(e, applies_to, depth - 1)),
        2 => format!(
            "{} or {}",
            when(e, applies_to, depth - 1),
            when(e, applies_to, depth - 1)
        ),
        _ => format!(
            "{} and {}",
            when(e, applies_to, depth - 1),
            when(e, applies_to, depth - 1)
        ),
    }
}

/// A condition wrapped in `levels` parentheses (deep, but under the
/// nesting limit).
pub fn parenthesised<E: Entropy>(e: &mut E, applies_to: &str, levels: usize) -> String {
    let inner = when(e, applies_to, 2);
    format!("{}{inner}{}", "(".repeat(levels), ")".repeat(levels))
}

/// A valid CVSS 3.1 or 4.0 vector.
pub fn cvss<E: Entropy>(e: &mut E) -> String {
    let mut pick = |xs: &[&'static str]| xs[e.below(xs.len())];
    if pick(&["3", "3", "4"]) == "4" {
        return format!(
            "CVSS:4.0/AV:{}/AC:{}/AT:{}/PR:{}/UI:{}/VC:{}/VI:{}/VA:{}/SC:{}/SI:{}/SA:{}",
            pick(&["N", "A", "L", "P"]),
            pick(&["L", "H"]),
            pick(&["N", "P"]),
            pick(&["N", "L", "H"]),
            pick(&["N", "P", "A"]),
            pick(&["N", "L", "H"]),
            pick(&["N", "L", "H"]),
            pick(&["N", "L", "H"]),
            pick(&["N", "L", "H"]),
            pick(&["N", "L", "H"]),
            pick(&["N", "L", "H"]),
        );
    }
    let mut v = format!(
        "CVSS:3.1/AV:{}/AC:{}/PR:{}/UI:{}/S:{}/C:{}/I:{}/A:{}",
        pick(&["N", "A", "L", "P"]),
        pick(&["L", "H"]),
        pick(&["N", "L", "H"]),
        pick(&["N", "R"]),
        pick(&["U", "C"]),
        pick(&["N", "L", "H"]),
        pick(&["N", "L", "H"]),
        pick(&["N", "L", "H"]),
    );
    if pick(&["", "t"]) == "t" {
        v.push_str(&format!(
            "/E:{}/RL:{}/RC:{}",
            pick(&["X", "U", "P", "F", "H"]),
            pick(&["X", "O", "T", "W", "U"]),
            pick(&["X", "U", "R", "C"]),
        ));
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::condition::Condition;
    use crate::model::facts::{FACTS, PREDICATES};
    use std::collections::BTreeSet;

    /// The registered facts and predicates a condition names.
    fn registered(c: &Condition, out: &mut BTreeSet<&'static str>) {
        match c {
            Condition::Or(xs) | Condition::And(xs) => xs.iter().for_each(|x| registered(x, out)),
            Condition::Not(x) => registered(x, out),
            Condition::Truthy(p)
            | Condition::Compare(p, ..)
            | Condition::In(p, _)
            | Condition::Has(p, _) => {
                out.extend(p.field.as_ref().and_then(|f| f.fact).map(|f| f.name()));
            }
            Condition::Call(call) => out.extend(call.pred.map(|p| p.name())),
        }
    }

    /// Every test the generator writes checks against the settings and the
    /// fact registry (so it names only registered facts and predicates),
    /// and together the tests use every registered fact and predicate.
    #[test]
    fn atoms_use_registered_names_and_cover_the_registry() {
        let mut text = String::new();
        let mut n = 0;
        for applies in APPLIES_TO {
            for pool in atoms(applies) {
                for atom in pool {
                    n += 1;
                    text.push_str(&format!(
                        "rule GEN-{n} \"atom\" {{\n  applies-to {applies}\n  \
                         cvss \"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N\"\n  when {atom}\n}}\n"
                    ));
                }
            }
        }
        let r = crate::resolve::resolve_str("atoms.vast", &text);
        let errors: Vec<&str> = r
            .diags
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.message.as_str())
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
        let mut used = BTreeSet::new();
        for rule in r.model.rules.iter().filter(|r| !r.builtin) {
            if let Some(c) = &rule.when {
                registered(c, &mut used);
            }
        }
        for name in FACTS.iter().map(|f| f.name) {
            assert!(
                used.contains(name),
                "the generator never tests fact `{name}`"
            );
        }
        for name in PREDICATES.iter().map(|p| p.name) {
            assert!(used.contains(name), "the generator never tests `{name}(…)`");
        }
    }
}
