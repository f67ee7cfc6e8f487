//! The rows of the settings table: every setting of the language, the
//! declarations that accept it, its type and its one-line description.

use super::{RefKind, SettingSpec, Subject, Ty};
use crate::resolve::vocab;

use Subject as S;

pub(super) const ELEMENTS: &[Subject] = &[S::Actor, S::Process, S::Store];
const ALL_DESCRIBED: &[Subject] = &[
    S::Model,
    S::Data,
    S::Boundary,
    S::Actor,
    S::Process,
    S::Store,
    S::Flow,
    S::Identity,
    S::App,
    S::Feature,
    S::Widget,
    S::Step,
    S::Risk,
    S::Threat,
    S::Rule,
    S::Scenario,
];

macro_rules! s {
    ($name:literal, $subjects:expr, $ty:expr, $doc:literal) => {
        SettingSpec {
            name: $name,
            subjects: $subjects,
            ty: $ty,
            doc: $doc,
        }
    };
}

/// Every setting of the language.
pub static SETTINGS: &[SettingSpec] = &[
    s!(
        "description",
        ALL_DESCRIBED,
        Ty::Text,
        "free text; `///` above a declaration sets it too"
    ),
    // model
    s!("version", &[S::Model], Ty::Text, "version of the model"),
    s!(
        "owner",
        &[S::Model, S::Risk, S::Threat],
        Ty::Text,
        "who answers for it"
    ),
    s!(
        "trusted-registries",
        &[S::Model],
        Ty::TextList,
        "image registries the organisation controls"
    ),
    // data
    s!(
        "classification",
        &[S::Data],
        Ty::Vocab(&vocab::CLASSIFICATION),
        "confidentiality class (default internal)"
    ),
    s!(
        "integrity",
        &[S::Data],
        Ty::Vocab(&vocab::LEVEL),
        "integrity need (default medium)"
    ),
    s!(
        "availability",
        &[S::Data],
        Ty::Vocab(&vocab::LEVEL),
        "availability need (default medium)"
    ),
    // boundary
    s!(
        "kind",
        &[
            S::Boundary,
            S::Actor,
            S::Process,
            S::Store,
            S::Identity,
            S::Widget
        ],
        Ty::Word,
        "what it is; each declaration has its own vocabulary"
    ),
    s!(
        "trust",
        &[S::Boundary],
        Ty::Vocab(&vocab::TRUST),
        "trust level (default: untrusted for internet, medium for third-party, else high)"
    ),
    s!(
        "network-policy",
        &[S::Boundary],
        Ty::Vocab(&vocab::NETWORK_POLICY),
        "k8s-namespace: NetworkPolicy posture (default none)"
    ),
    s!(
        "pod-security",
        &[S::Boundary],
        Ty::Vocab(&vocab::POD_SECURITY),
        "k8s-namespace: Pod Security Admission enforce level (default privileged)"
    ),
    s!(
        "implicit",
        &[S::Boundary],
        Ty::Bool,
        "added; k8s-namespace: exists without being declared (the `default` namespace of imported manifests) (default false)"
    ),
    s!(
        "cni",
        &[S::Boundary],
        Ty::Vocab(&vocab::CNI),
        "added; k8s-cluster: the CNI plugin (default unknown)"
    ),
    s!(
        "metadata-blocked",
        &[S::Boundary],
        Ty::Bool,
        "added; k8s-cluster: egress to the cloud metadata service is blocked for pods (default false)"
    ),
    // workloads
    s!(
        "image",
        &[S::Process],
        Ty::Text,
        "container image reference"
    ),
    s!(
        "runs-as",
        &[S::Process, S::Store],
        Ty::Ref(RefKind::Identity),
        "identity of the workload (default for a k8s workload process: the namespace's default service account)"
    ),
    s!("replicas", &[S::Process], Ty::Number, "replica count"),
    s!(
        "privileged",
        &[S::Process],
        Ty::Bool,
        "privileged container (default false)"
    ),
    s!(
        "run-as-root",
        &[S::Process],
        Ty::Bool,
        "may run as UID 0 (default true)"
    ),
    s!(
        "allow-privilege-escalation",
        &[S::Process],
        Ty::Bool,
        "added; allowPrivilegeEscalation (default true)"
    ),
    s!(
        "host-network",
        &[S::Process],
        Ty::Bool,
        "shares the node's network namespace (default false)"
    ),
    s!(
        "host-pid",
        &[S::Process],
        Ty::Bool,
        "shares the node's process namespace (default false)"
    ),
    s!(
        "host-ipc",
        &[S::Process],
        Ty::Bool,
        "added; shares the node's IPC namespace (default false)"
    ),
    s!(
        "host-path",
        &[S::Process],
        Ty::TextList,
        "writable hostPath mounts"
    ),
    s!(
        "host-path-read-only",
        &[S::Process],
        Ty::TextList,
        "added; read-only hostPath mounts"
    ),
    s!(
        "capabilities",
        &[S::Process],
        Ty::VocabList(&vocab::CAPABILITY),
        "Linux capabilities added"
    ),
    s!(
        "drop-capabilities",
        &[S::Process],
        Ty::VocabList(&vocab::CAPABILITY),
        "added; Linux capabilities dropped (ALL for all)"
    ),
    s!(
        "read-only-root-fs",
        &[S::Process],
        Ty::Bool,
        "readOnlyRootFilesystem (default false)"
    ),
    s!(
        "limits",
        &[S::Process],
        Ty::Bool,
        "CPU and memory limits set (default false)"
    ),
    s!(
        "secrets-as",
        &[S::Process],
        Ty::Vocab(&vocab::SECRETS_AS),
        "how secrets reach the container (default none)"
    ),
    s!(
        "plaintext-secrets",
        &[S::Process],
        Ty::Bool,
        "added; credentials written as plain env values or ConfigMap keys (default false)"
    ),
    s!(
        "management-ui",
        &[S::Process],
        Ty::Bool,
        "added; the workload serves a management UI or dashboard (default false)"
    ),
    s!(
        "seccomp-unconfined",
        &[S::Process],
        Ty::Bool,
        "added; a container runs with seccomp profile Unconfined (default false)"
    ),
    s!(
        "apparmor-unconfined",
        &[S::Process],
        Ty::Bool,
        "added; a container runs with AppArmor profile unconfined (default false)"
    ),
    s!(
        "proc-mount-unmasked",
        &[S::Process],
        Ty::Bool,
        "added; a container sets procMount Unmasked (default false)"
    ),
    s!(
        "host-ports",
        &[S::Process],
        Ty::TextList,
        "added; container ports bound on the node (hostPort)"
    ),
    s!(
        "unsafe-sysctls",
        &[S::Process],
        Ty::TextList,
        "added; pod sysctls outside the safe set Pod Security baseline allows"
    ),
    s!(
        "ephemeral-containers",
        &[S::Process],
        Ty::TextList,
        "added; ephemeral (debug) containers of a pod"
    ),
    s!(
        "automount",
        &[S::Process, S::Identity],
        Ty::Bool,
        "service account token mounted (default true; a process inherits its identity's)"
    ),
    s!(
        "ports",
        &[S::Process],
        Ty::TextList,
        "added; container ports, e.g. \"8080\", \"22\""
    ),
    s!(
        "service-type",
        &[S::Process],
        Ty::Vocab(&vocab::SERVICE_TYPE),
        "added; type of the Service in front (default none)"
    ),
    s!(
        "source-ranges",
        &[S::Process],
        Ty::TextList,
        "added; loadBalancerSourceRanges or an equivalent allow-list"
    ),
    s!(
        "ingress-isolated",
        &[S::Process, S::Store],
        Ty::Bool,
        "added; k8s workload selected by an ingress NetworkPolicy: over the pod network only `ingress-from` reach it (default false)"
    ),
    s!(
        "ingress-from",
        &[S::Process, S::Store],
        Ty::RefList(RefKind::Element),
        "added; k8s workload: the elements its NetworkPolicies admit over the pod network (implies ingress-isolated)"
    ),
    s!(
        "known-vulnerabilities",
        &[S::Process],
        Ty::Vocab(&vocab::VULNERABILITY),
        "added; worst known unpatched vulnerability in the image (default none)"
    ),
    s!(
        "exposure",
        &[S::Process, S::Store],
        Ty::Vocab(&vocab::EXPOSURE),
        "public, internal or private endpoint (default private)"
    ),
    // control plane
    s!(
        "anonymous-auth",
        &[S::Process],
        Ty::Bool,
        "api-server, kubelet: anonymous requests allowed (default true)"
    ),
    s!(
        "authorization",
        &[S::Process],
        Ty::VocabList(&vocab::AUTHORIZATION),
        "api-server, kubelet: authorization modes"
    ),
    s!(
        "admission",
        &[S::Process],
        Ty::VocabList(&vocab::ADMISSION),
        "api-server: admission plugins enabled"
    ),
    s!(
        "audit-log",
        &[S::Process],
        Ty::Bool,
        "api-server: audit logging (default false)"
    ),
    s!(
        "read-only-port",
        &[S::Process],
        Ty::Port,
        "kubelet: read-only port (default 0, as kubeadm sets it; 10255 is the classic insecure port)"
    ),
    s!(
        "insecure-port",
        &[S::Process],
        Ty::Port,
        "added; api-server: unauthenticated port (default 0)"
    ),
    s!(
        "authorized-networks",
        &[S::Process],
        Ty::TextList,
        "added; api-server: source allow-list of the endpoint"
    ),
    s!(
        "manifest-url",
        &[S::Process],
        Ty::Text,
        "added; kubelet: --manifest-url"
    ),
    s!(
        "client-cert-auth",
        &[S::Store],
        Ty::Bool,
        "added; etcd: clients must present certificates (default true, as kubeadm sets it)"
    ),
    // stores
    s!(
        "stores",
        &[S::Store],
        Ty::RefList(RefKind::Data),
        "data kept"
    ),
    s!(
        "engine",
        &[S::Store],
        Ty::Word,
        "product name: postgres, redis, …"
    ),
    s!(
        "encrypted-at-rest",
        &[S::Store],
        Ty::Bool,
        "(default false)"
    ),
    s!("backup", &[S::Store], Ty::Bool, "(default false)"),
    s!(
        "input-validated",
        &[S::Process, S::Store],
        Ty::Bool,
        "added; untrusted input is validated or parameterised before use (default false)"
    ),
    s!(
        "audit-logging",
        &[S::Process, S::Store],
        Ty::Bool,
        "added; security-relevant actions are logged (default false)"
    ),
    s!(
        "rate-limited",
        &[S::Process],
        Ty::Bool,
        "added; requests are rate limited (default false)"
    ),
    // flows
    s!(
        "protocol",
        &[S::Flow],
        Ty::Vocab(&vocab::PROTOCOL),
        "wire protocol"
    ),
    s!("port", &[S::Flow], Ty::Port, "destination port"),
    s!(
        "carries",
        &[S::Flow, S::Widget, S::Step],
        Ty::RefList(RefKind::Data),
        "data sent"
    ),
    s!(
        "returns",
        &[S::Flow],
        Ty::RefList(RefKind::Data),
        "data sent back"
    ),
    s!(
        "authn",
        &[S::Flow],
        Ty::Vocab(&vocab::AUTHN),
        "authentication (default none)"
    ),
    s!(
        "credential",
        &[S::Flow],
        Ty::Ref(RefKind::Identity),
        "identity whose credential the flow presents"
    ),
    s!(
        "encrypted",
        &[S::Flow],
        Ty::Bool,
        "(default: from the protocol; authn mtls implies true)"
    ),
    // identities
    s!(
        "scope",
        &[S::Identity],
        Ty::Ref(RefKind::Boundary),
        "namespace (or cluster) the identity lives in"
    ),
    s!(
        "role",
        &[S::Identity],
        Ty::Word,
        "a named role bound to it, e.g. cluster-admin"
    ),
    s!("mfa", &[S::Identity], Ty::Bool, "(default false)"),
    s!(
        "long-lived",
        &[S::Identity],
        Ty::Bool,
        "static credential without expiry (default false)"
    ),
    s!(
        "subject",
        &[S::Identity],
        Ty::Text,
        "added; the Kubernetes subject name, e.g. \"system:anonymous\""
    ),
    // apps
    s!(
        "user",
        &[S::App],
        Ty::Ref(RefKind::Actor),
        "the actor who uses the app"
    ),
    s!(
        "on",
        &[S::Feature],
        Ty::RefList(RefKind::Element),
        "elements the feature runs on"
    ),
    // risks and threats
    s!(
        "status",
        &[S::Risk, S::Threat],
        Ty::Vocab(&vocab::STATUS),
        "(default open)"
    ),
    s!("reason", &[S::Risk, S::Threat], Ty::Text, "why"),
    s!("ticket", &[S::Risk, S::Threat], Ty::Text, "tracking ticket"),
    s!("until", &[S::Risk], Ty::Date, "expiry of an acceptance"),
    s!(
        "stride",
        &[S::Threat, S::Rule],
        Ty::VocabList(&vocab::STRIDE),
        "STRIDE letters"
    ),
    s!(
        "category",
        &[S::Threat, S::Rule],
        Ty::Vocab(&vocab::CATEGORY),
        "seed category (default other)"
    ),
    s!(
        "cvss",
        &[S::Threat, S::Rule],
        Ty::Cvss,
        "CVSS:3.1 or CVSS:4.0 vector"
    ),
    s!(
        "severity",
        &[S::Threat],
        Ty::Vocab(&vocab::SEVERITY),
        "a manual threat's severity when it has no `cvss` vector"
    ),
    s!(
        "mitigation",
        &[S::Threat, S::Rule],
        Ty::Text,
        "what to do about it"
    ),
    s!(
        "card",
        &[S::Threat],
        Ty::Text,
        "Security Card that prompted it"
    ),
    s!(
        "references",
        &[S::Threat, S::Rule],
        Ty::TextList,
        "MS-TA…, CWE-…, CIS …"
    ),
    s!(
        "applies-to",
        &[S::Rule],
        Ty::Vocab(&vocab::APPLIES_TO),
        "subject kind of the rule"
    ),
    s!(
        "compromise",
        &[S::Scenario],
        Ty::RefList(RefKind::Compromisable),
        "what the attacker controls"
    ),
];
