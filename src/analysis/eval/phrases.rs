//! The phrase table of evidence sentences: for each fact, test or
//! predicate, the sentence when it holds and the one when its negation
//! holds. Sorted by key (a unit test checks it), looked up by binary search.

/// A phrase: its key, the sentence when the fact holds, and the sentence
/// when its negation holds (empty: left out).
pub(super) type Phrase = (&'static str, &'static str, &'static str);

/// `(key, when it holds, when its negation holds)`; an empty sentence is
/// left out.
pub(super) const PHRASES: &[Phrase] = &[
    (
        "access-control",
        "limits each client to the data and operations it needs",
        "gives its clients no access control of their own",
    ),
    (
        "admission has",
        "enables admission plugin {x}",
        "does not enable admission plugin {x}",
    ),
    (
        "allow-privilege-escalation",
        "allows privilege escalation",
        "does not allow privilege escalation",
    ),
    (
        "anonymous-auth",
        "accepts anonymous requests",
        "rejects anonymous requests",
    ),
    (
        "any-starts-with()",
        "has {0} starting with {1}",
        "has no {0} starting with {1}",
    ),
    (
        "apparmor-unconfined",
        "runs without an AppArmor profile",
        "runs under an AppArmor profile",
    ),
    ("audit-log", "keeps an audit log", "keeps no audit log"),
    ("audit-logging", "keeps an audit log", "keeps no audit log"),
    (
        "authn !=",
        "authenticates with {v}, not {x}",
        "authenticates with {x}",
    ),
    (
        "authn <",
        "authenticates with {v}, weaker than {x}",
        "authenticates with {x} or stronger",
    ),
    ("authn == none", "does not authenticate", "authenticates"),
    (
        "authn in",
        "authenticates with {v}",
        "does not authenticate with {x}",
    ),
    (
        "authorization has",
        "authorizes with {x}",
        "does not authorize with {x}",
    ),
    (
        "authorized-networks",
        "allows only {v}",
        "has no source allow-list",
    ),
    (
        "authorizes-callers",
        "checks that the caller may act on the object it asks for",
        "does not check that the caller may act on the object it asks for",
    ),
    (
        "automount",
        "mounts its service-account token",
        "does not mount its service-account token",
    ),
    ("backup", "is backed up", "has no backup"),
    (
        "calls-api-server",
        "calls the Kubernetes API server",
        "does not call the Kubernetes API server",
    ),
    ("capabilities in", "adds capability {v}", "adds none of {x}"),
    ("carries()", "carries {0} data", "carries no {0} data"),
    (
        "client-cert-auth",
        "requires client certificates",
        "does not require client certificates",
    ),
    (
        "cluster-audit-log",
        "the cluster keeps an audit log",
        "the cluster keeps no audit log",
    ),
    ("cni in", "uses CNI {v}", "does not use CNI {x}"),
    (
        "content-filter",
        "filters prompts and answers",
        "has no content filter",
    ),
    (
        "control-plane-node",
        "runs on a control-plane node",
        "does not run on a control-plane node",
    ),
    ("credential", "uses credential {v}", "uses no credential"),
    (
        "crosses()",
        "crosses a {0} boundary",
        "does not cross a {0} boundary",
    ),
    (
        "crosses-boundary",
        "crosses a trust boundary",
        "stays inside its trust boundary",
    ),
    ("data-store", "is a store", "is not a store"),
    (
        "default-account",
        "is a namespace's default service account",
        "",
    ),
    ("drop-capabilities in", "drops {v}", "does not drop {x}"),
    ("encrypted", "is encrypted", "is not encrypted"),
    (
        "encrypted-at-rest",
        "is encrypted at rest",
        "is not encrypted at rest",
    ),
    ("engine in", "runs {v}", "does not run {x}"),
    ("entry-point", "is an entry point", "is not an entry point"),
    (
        "exposed",
        "is exposed to untrusted networks",
        "is not exposed to untrusted networks",
    ),
    (
        "exposure <",
        "has exposure {v}, below {x}",
        "has exposure {x} or more",
    ),
    (
        "exposure ==",
        "has exposure {x}",
        "does not have exposure {x}",
    ),
    (
        "exposure >",
        "has exposure {v}, beyond {x}",
        "has exposure {x} or less",
    ),
    ("flows-to()", "sends to a {0}", "sends to no {0}"),
    ("grants()", "may {0} {1}", "may not {0} {1}"),
    (
        "grounded",
        "grounds its answers in sources",
        "gives answers without sources",
    ),
    (
        "hardened",
        "is hardened to a baseline",
        "is not hardened to a baseline",
    ),
    (
        "host-ipc",
        "shares the node's IPC namespace",
        "does not share the node's IPC namespace",
    ),
    (
        "host-network",
        "uses the node's network",
        "does not use the node's network",
    ),
    ("host-path", "mounts host path {v}", "mounts no host path"),
    ("host-path in", "mounts host path {v}", "mounts none of {x}"),
    (
        "host-path-read-only",
        "mounts host path {v} read-only",
        "mounts no host path read-only",
    ),
    (
        "host-path-read-only in",
        "mounts {v} read-only",
        "does not mount {x} read-only",
    ),
    (
        "host-pid",
        "shares the node's process namespace",
        "does not share the node's process namespace",
    ),
    ("host-ports", "binds host port {v}", "binds no host port"),
    ("human", "is a person", "is not a person"),
    (
        "human-approval",
        "needs a person's approval to act",
        "acts without a person's approval",
    ),
    ("id ==", "is {x}", "is not {x}"),
    ("image", "runs image {v}", "states no image"),
    (
        "image-mutable",
        "runs an image by a tag that can change",
        "pins its image",
    ),
    (
        "image-trusted",
        "pulls from a trusted registry",
        "pulls from a registry not declared trusted",
    ),
    ("implicit", "is implied by the model, not declared", ""),
    (
        "inbound-from()",
        "receives flows from inside a {0}",
        "receives no flow from inside a {0}",
    ),
    (
        "inbound-from-outside()",
        "receives flows from outside its {0}",
        "receives flows only from inside its {0}",
    ),
    (
        "input-validated",
        "validates its input",
        "does not validate its input",
    ),
    (
        "insecure-port >",
        "serves the insecure port {v}",
        "has the insecure port off",
    ),
    ("inside()", "is inside a {0}", "is not inside a {0}"),
    ("kind ==", "is a {x}", ""),
    ("kind in", "is a {v}", ""),
    (
        "known-vulnerabilities >=",
        "has known vulnerabilities of severity {v}",
        "has no known vulnerability of severity {x} or above",
    ),
    ("limits", "sets resource limits", "sets no resource limits"),
    ("long-lived", "is a long-lived credential", "is short-lived"),
    (
        "management-ui",
        "is a management UI",
        "is not a management UI",
    ),
    (
        "manifest-url",
        "reads static pod manifests from {v}",
        "reads no manifest URL",
    ),
    (
        "metadata-blocked",
        "blocks the cloud metadata service",
        "does not block the cloud metadata service",
    ),
    ("mfa", "requires MFA", "does not require MFA"),
    (
        "model-verified",
        "runs a verified model",
        "runs a model of unverified provenance",
    ),
    (
        "network-policy == none",
        "has no default-deny NetworkPolicy",
        "has a default-deny NetworkPolicy",
    ),
    (
        "on-control-plane",
        "runs on a control-plane node",
        "does not run on a control-plane node",
    ),
    (
        "output-encoded",
        "encodes what it renders",
        "does not encode what it renders",
    ),
    (
        "plaintext-secrets",
        "holds secrets in plain text",
        "holds no plain-text secret",
    ),
    (
        "pod-security ==",
        "enforces {x} Pod Security",
        "does not enforce {x} Pod Security",
    ),
    ("ports has", "opens port {x}", "does not open port {x}"),
    ("privileged", "runs privileged", "does not run privileged"),
    (
        "proc-mount-unmasked",
        "mounts /proc unmasked",
        "mounts /proc masked",
    ),
    ("protocol ==", "uses {x}", ""),
    ("protocol in", "uses {v}", ""),
    ("rate-limited", "is rate limited", "is not rate limited"),
    (
        "reachable-from()",
        "is reachable from {0}",
        "is not reachable from {0}",
    ),
    (
        "read-only-port >",
        "serves the read-only port {v}",
        "has the read-only port off",
    ),
    (
        "read-only-root-fs",
        "has a read-only root file system",
        "has a writable root file system",
    ),
    (
        "reads-user-content",
        "reads a store that users' input is written into",
        "reads no store of users' input",
    ),
    (
        "registries-declared",
        "the model declares trusted registries",
        "the model declares no trusted registry",
    ),
    (
        "replicas <",
        "runs {v} replica(s), fewer than {x}",
        "runs at least {x} replicas",
    ),
    ("returns()", "returns {0} data", "returns no {0} data"),
    ("role", "holds role {v}", "holds no role"),
    ("role ==", "holds role {x}", "does not hold role {x}"),
    ("role in", "holds role {v}", "holds none of {x}"),
    ("run-as-root", "runs as root", "does not run as root"),
    (
        "seccomp-unconfined",
        "runs without a seccomp profile",
        "runs under a seccomp profile",
    ),
    (
        "secrets-as ==",
        "receives secrets as {x}",
        "does not receive secrets as {x}",
    ),
    ("sends()", "sends {0} data", "sends no {0} data"),
    ("sends-pii", "sends personal data", "sends no personal data"),
    (
        "sensitive",
        "handles confidential or restricted data",
        "handles no confidential data",
    ),
    ("serves-users", "serves users", "serves no user"),
    (
        "service-type in",
        "is published as a {v} service",
        "is not a {x} service",
    ),
    (
        "source-ranges",
        "admits sources {v}",
        "has no source-range allow-list",
    ),
    (
        "source-ranges has",
        "admits traffic from {x}",
        "does not admit {x}",
    ),
    ("ssh-server", "runs an SSH server", "runs no SSH server"),
    ("stores", "stores {v}", "stores no data"),
    ("stores()", "stores {0} data", "stores no {0} data"),
    (
        "stores-pii",
        "stores personal data",
        "stores no personal data",
    ),
    ("subject ==", "binds {x}", "does not bind {x}"),
    ("subject in", "binds {v}", ""),
    (
        "system-prompt >=",
        "has a {v} system prompt",
        "has a system prompt below {x}",
    ),
    (
        "tenant-isolation",
        "filters retrieval by tenant",
        "retrieves across tenants",
    ),
    (
        "token-limits",
        "caps tokens per request and user",
        "has no token limits",
    ),
    ("tool-actions in", "can {v}", "can do none of {x}"),
    ("trust <=", "is a {v}-trust zone", "is trusted above {x}"),
    ("trust ==", "is a {x}-trust zone", "is not a {x}-trust zone"),
    (
        "trust >",
        "is a {v}-trust zone, above {x}",
        "is trusted {x} or lower",
    ),
    (
        "trust-change <",
        "flows into lower trust (trust change {v})",
        "does not flow to lower trust",
    ),
    (
        "trust-change <=",
        "does not flow to higher trust",
        "flows to higher trust",
    ),
    (
        "trust-change >",
        "flows into higher trust (trust change +{v})",
        "does not flow into higher trust",
    ),
    ("tuned-on", "was tuned on {v}", "was tuned on no data"),
    (
        "unauthenticated-clients >",
        "accepts {v} inbound flow(s) without authentication",
        "authenticates every inbound flow",
    ),
    (
        "unsafe-sysctls",
        "sets unsafe sysctls {v}",
        "sets no unsafe sysctl",
    ),
    (
        "used",
        "is used by a workload or a flow",
        "is used by no workload and no flow",
    ),
    (
        "wildcard-grant",
        "has a wildcard grant",
        "has no wildcard grant",
    ),
    ("workload", "is a workload", "is not a workload"),
];
