//! Vocabularies: the closed sets of words a setting accepts, some ordered.
//!
//! Ordered vocabularies (classification, trust, …) compare by rank in rule
//! expressions: `classification >= confidential`. The vocabularies the
//! model keeps as enums (trust, kinds, status, applies-to) take their words
//! from those enums ([`crate::model::Trust`] and the like).

use crate::model::{AppliesTo, BoundaryKind, ElementKind, IdentityKind, Status, Trust, WidgetKind};

pub use crate::model::Vocab;

macro_rules! vocab {
    ($id:ident, $name:literal, ordered, [$($w:literal),* $(,)?]) => {
        pub static $id: Vocab = Vocab { name: $name, words: &[$($w),*], ordered: true };
    };
    ($id:ident, $name:literal, [$($w:literal),* $(,)?]) => {
        pub static $id: Vocab = Vocab { name: $name, words: &[$($w),*], ordered: false };
    };
    ($id:ident, $name:literal, ordered, = $words:expr) => {
        pub static $id: Vocab = Vocab { name: $name, words: $words, ordered: true };
    };
    ($id:ident, $name:literal, = $words:expr) => {
        pub static $id: Vocab = Vocab { name: $name, words: $words, ordered: false };
    };
}

vocab!(
    CLASSIFICATION,
    "classification",
    ordered,
    ["public", "internal", "confidential", "restricted"]
);
vocab!(
    LEVEL,
    "level",
    ordered,
    ["low", "medium", "high", "critical"]
);
vocab!(TRUST, "trust", ordered, = Trust::WORDS);
vocab!(
    SEVERITY,
    "severity",
    ordered,
    ["none", "low", "medium", "high", "critical"]
);
vocab!(
    VULNERABILITY,
    "known-vulnerabilities",
    ordered,
    ["none", "low", "medium", "high", "critical"]
);
vocab!(BOUNDARY_KIND, "boundary kind", = BoundaryKind::WORDS);
vocab!(ACTOR_KIND, "actor kind", = ElementKind::ACTOR);
vocab!(PROCESS_KIND, "process kind", = ElementKind::PROCESS);
vocab!(STORE_KIND, "store kind", = ElementKind::STORE);
vocab!(IDENTITY_KIND, "identity kind", = IdentityKind::WORDS);
vocab!(NETWORK_POLICY, "network-policy", ["none", "default-deny"]);
vocab!(
    POD_SECURITY,
    "pod-security",
    ordered,
    ["privileged", "baseline", "restricted"]
);
vocab!(
    EXPOSURE,
    "exposure",
    ordered,
    ["private", "internal", "public"]
);
vocab!(SECRETS_AS, "secrets-as", ["volume", "env", "none"]);
vocab!(
    AUTHN,
    "authn",
    ordered,
    [
        "none",
        "password",
        "api-key",
        "token",
        "service-account-token",
        "oidc",
        "cloud-iam",
        "client-cert",
        "mtls",
    ]
);
vocab!(
    AUTHORIZATION,
    "authorization",
    [
        "rbac",
        "node",
        "abac",
        "webhook",
        "always-allow",
        "always-deny"
    ]
);
vocab!(
    ADMISSION,
    "admission",
    [
        "pod-security",
        "node-restriction",
        "always-pull-images",
        "image-policy-webhook",
        "event-rate-limit",
        "service-account",
        "namespace-lifecycle",
        "limit-ranger",
        "resource-quota",
        "validating-webhook",
        "mutating-webhook",
        "security-context-deny",
    ]
);
vocab!(
    SERVICE_TYPE,
    "service-type",
    ["none", "cluster-ip", "node-port", "load-balancer"]
);
vocab!(
    CNI,
    "cni",
    [
        "unknown",
        "kubenet",
        "bridge",
        "flannel",
        "calico",
        "cilium",
        "weave",
        "aws-vpc-cni",
        "azure-cni",
        "gke-dataplane-v2",
        "antrea",
        "other",
    ]
);
vocab!(
    CATEGORY,
    "category",
    [
        "external-attack",
        "compromised-container-or-node",
        "compromised-credentials",
        "misuse-of-privileges",
        "other",
    ]
);
vocab!(STRIDE, "stride", ["S", "T", "R", "I", "D", "E"]);
vocab!(
    TOOL_ACTION,
    "tool action",
    ["read", "write", "execute", "send"]
);
vocab!(STATUS, "status", = Status::WORDS);
vocab!(APPLIES_TO, "applies-to", = AppliesTo::WORDS);
vocab!(WIDGET_KIND, "widget kind", = WidgetKind::WORDS);
vocab!(
    PROTOCOL,
    "protocol",
    [
        "http",
        "https",
        "http2",
        "h2c",
        "grpc",
        "grpcs",
        "tcp",
        "udp",
        "tls",
        "mtls",
        "ssh",
        "sftp",
        "ftp",
        "ftps",
        "websocket",
        "wss",
        "graphql",
        "soap",
        "postgres",
        "mysql",
        "redis",
        "rediss",
        "mongodb",
        "memcached",
        "cassandra",
        "elasticsearch",
        "amqp",
        "amqps",
        "kafka",
        "kafka-tls",
        "mqtt",
        "mqtts",
        "nats",
        "smtp",
        "smtps",
        "imap",
        "imaps",
        "dns",
        "dot",
        "doh",
        "ldap",
        "ldaps",
        "nfs",
        "smb",
        "s3",
        "etcd",
        "rdp",
        "vnc",
        "syslog",
        "kubernetes-api",
        "ipc",
        "file",
    ]
);
vocab!(
    CAPABILITY,
    "capability",
    [
        "ALL",
        "AUDIT_CONTROL",
        "AUDIT_READ",
        "AUDIT_WRITE",
        "BLOCK_SUSPEND",
        "BPF",
        "CHECKPOINT_RESTORE",
        "CHOWN",
        "DAC_OVERRIDE",
        "DAC_READ_SEARCH",
        "FOWNER",
        "FSETID",
        "IPC_LOCK",
        "IPC_OWNER",
        "KILL",
        "LEASE",
        "LINUX_IMMUTABLE",
        "MAC_ADMIN",
        "MAC_OVERRIDE",
        "MKNOD",
        "NET_ADMIN",
        "NET_BIND_SERVICE",
        "NET_BROADCAST",
        "NET_RAW",
        "PERFMON",
        "SETFCAP",
        "SETGID",
        "SETPCAP",
        "SETUID",
        "SYS_ADMIN",
        "SYS_BOOT",
        "SYS_CHROOT",
        "SYS_MODULE",
        "SYS_NICE",
        "SYS_PACCT",
        "SYS_PTRACE",
        "SYS_RAWIO",
        "SYS_RESOURCE",
        "SYS_TIME",
        "SYS_TTY_CONFIG",
        "SYSLOG",
        "WAKE_ALARM",
    ]
);

/// Protocols whose flows are encrypted unless a flow says otherwise.
pub const ENCRYPTED_PROTOCOLS: &[&str] = &[
    "https",
    "tls",
    "mtls",
    "grpcs",
    "ssh",
    "sftp",
    "ftps",
    "wss",
    "rediss",
    "amqps",
    "kafka-tls",
    "mqtts",
    "smtps",
    "imaps",
    "dot",
    "doh",
    "ldaps",
    "kubernetes-api",
];

/// Process kinds that are Kubernetes workloads (get the workload settings and defaults).
pub const WORKLOAD_KINDS: &[ElementKind] = ElementKind::WORKLOADS;

/// Kubernetes verbs of `allow`.
pub const VERBS: &[&str] = &[
    "get",
    "list",
    "watch",
    "create",
    "update",
    "patch",
    "delete",
    "deletecollection",
    "escalate",
    "bind",
    "impersonate",
    "use",
    "approve",
    "sign",
    "proxy",
];

/// Every vocabulary, for documentation and `vastc rules`.
pub fn all() -> [&'static Vocab; 24] {
    [
        &CLASSIFICATION,
        &LEVEL,
        &TRUST,
        &SEVERITY,
        &VULNERABILITY,
        &BOUNDARY_KIND,
        &ACTOR_KIND,
        &PROCESS_KIND,
        &STORE_KIND,
        &IDENTITY_KIND,
        &NETWORK_POLICY,
        &POD_SECURITY,
        &EXPOSURE,
        &SECRETS_AS,
        &AUTHN,
        &AUTHORIZATION,
        &ADMISSION,
        &SERVICE_TYPE,
        &CNI,
        &CATEGORY,
        &STRIDE,
        &STATUS,
        &APPLIES_TO,
        &WIDGET_KIND,
    ]
}
