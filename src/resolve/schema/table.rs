//! The rows of the settings table: every setting of the language, the
//! declarations that accept it, its type and its one-line description.
//! This file holds the model, data, boundary, workload and control-plane
//! rows; `table_tail` the rest (stores, application controls, AI
//! components, flows, identities, apps, decisions and rules). [`SETTINGS`]
//! is the two parts joined, in this order.

use super::table_tail::TAIL;
use super::{RefKind, SettingSpec, Subject, Ty};
use crate::model::Key;
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

/// Every setting of the language: [`HEAD`] then the tail's rows.
pub static SETTINGS: &[SettingSpec] = &JOINED;

static JOINED: [SettingSpec; HEAD.len() + TAIL.len()] = join(HEAD, TAIL);

/// `a` then `b`, as one array (`N` is their total length).
const fn join<const N: usize>(a: &[SettingSpec], b: &[SettingSpec]) -> [SettingSpec; N] {
    let mut out = [a[0]; N];
    let mut i = 0;
    while i < a.len() {
        out[i] = a[i];
        i += 1;
    }
    let mut j = 0;
    while j < b.len() {
        out[a.len() + j] = b[j];
        j += 1;
    }
    out
}

/// The rows of the model, data, boundaries, workloads and control plane.
const HEAD: &[SettingSpec] = &[
    s!(
        Description,
        ALL_DESCRIBED,
        Ty::Text,
        "free text; `///` above a declaration sets it too"
    ),
    // model
    s!(Version, &[S::Model], Ty::Text, "version of the model"),
    s!(
        Owner,
        &[S::Model, S::Risk, S::Threat],
        Ty::Text,
        "who answers for it"
    ),
    s!(
        TrustedRegistries,
        &[S::Model],
        Ty::TextList,
        "image registries the organisation controls"
    ),
    s!(
        DeadlineCritical,
        &[S::Model],
        Ty::Number,
        "days an open critical threat may stay open (`vastc history --fail-on-overdue`)"
    ),
    s!(
        DeadlineHigh,
        &[S::Model],
        Ty::Number,
        "days an open high threat may stay open"
    ),
    s!(
        DeadlineMedium,
        &[S::Model],
        Ty::Number,
        "days an open medium threat may stay open"
    ),
    s!(
        DeadlineLow,
        &[S::Model],
        Ty::Number,
        "days an open low threat may stay open"
    ),
    // data
    s!(
        Classification,
        &[S::Data],
        Ty::Vocab(&vocab::CLASSIFICATION),
        "confidentiality class (default internal)"
    ),
    s!(
        Integrity,
        &[S::Data],
        Ty::Vocab(&vocab::LEVEL),
        "integrity need (default medium)"
    ),
    s!(
        Availability,
        &[S::Data],
        Ty::Vocab(&vocab::LEVEL),
        "availability need (default medium)"
    ),
    s!(
        Pii,
        &[S::Data],
        Ty::Bool,
        "added; personal data (GDPR's sense): raises the confidentiality requirement of scores one step and counts for the privacy rules (default false)"
    ),
    // boundary
    s!(
        Kind,
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
        Trust,
        &[S::Boundary],
        Ty::Vocab(&vocab::TRUST),
        "trust level (default: untrusted for internet, medium for third-party, else high)"
    ),
    s!(
        NetworkPolicy,
        &[S::Boundary],
        Ty::Vocab(&vocab::NETWORK_POLICY),
        "k8s-namespace: NetworkPolicy posture (default none)"
    ),
    s!(
        PodSecurity,
        &[S::Boundary],
        Ty::Vocab(&vocab::POD_SECURITY),
        "k8s-namespace: Pod Security Admission enforce level (default privileged)"
    ),
    s!(
        Implicit,
        &[S::Boundary],
        Ty::Bool,
        "added; k8s-namespace: exists without being declared (the built-in namespaces of imported manifests: `default`, `kube-system`, `kube-public`, `kube-node-lease`, when no Namespace object declares them) (default false)"
    ),
    s!(
        Cni,
        &[S::Boundary],
        Ty::Vocab(&vocab::CNI),
        "added; k8s-cluster: the CNI plugin (default unknown)"
    ),
    s!(
        MetadataBlocked,
        &[S::Boundary],
        Ty::Bool,
        "added; k8s-cluster: egress to the cloud metadata service is blocked for pods (default false)"
    ),
    // workloads
    s!(Image, &[S::Process], Ty::Text, "container image reference"),
    s!(
        RunsAs,
        &[S::Process, S::Store],
        Ty::Ref(RefKind::Identity),
        "identity of the workload (default for a k8s workload process: the namespace's default service account)"
    ),
    s!(Replicas, &[S::Process], Ty::Number, "replica count"),
    s!(
        Privileged,
        &[S::Process],
        Ty::Bool,
        "privileged container (default false)"
    ),
    s!(
        RunAsRoot,
        &[S::Process],
        Ty::Bool,
        "may run as UID 0 (default true)"
    ),
    s!(
        RunAsUser,
        &[S::Process],
        Ty::Number,
        "added; the UID every container runs as (runAsUser, the container's over the pod's)"
    ),
    s!(
        RunAsNonRoot,
        &[S::Process],
        Ty::Bool,
        "added; runAsNonRoot: the kubelet refuses to start a container as UID 0 (default false)"
    ),
    s!(
        AllowPrivilegeEscalation,
        &[S::Process],
        Ty::Bool,
        "added; allowPrivilegeEscalation (default true)"
    ),
    s!(
        HostNetwork,
        &[S::Process],
        Ty::Bool,
        "shares the node's network namespace (default false)"
    ),
    s!(
        HostPid,
        &[S::Process],
        Ty::Bool,
        "shares the node's process namespace (default false)"
    ),
    s!(
        HostIpc,
        &[S::Process],
        Ty::Bool,
        "added; shares the node's IPC namespace (default false)"
    ),
    s!(
        HostPath,
        &[S::Process],
        Ty::TextList,
        "writable hostPath mounts"
    ),
    s!(
        HostPathReadOnly,
        &[S::Process],
        Ty::TextList,
        "added; read-only hostPath mounts"
    ),
    s!(
        Capabilities,
        &[S::Process],
        Ty::VocabList(&vocab::CAPABILITY),
        "Linux capabilities added"
    ),
    s!(
        DropCapabilities,
        &[S::Process],
        Ty::VocabList(&vocab::CAPABILITY),
        "added; Linux capabilities dropped (ALL for all)"
    ),
    s!(
        ReadOnlyRootFs,
        &[S::Process],
        Ty::Bool,
        "readOnlyRootFilesystem (default false)"
    ),
    s!(
        Limits,
        &[S::Process],
        Ty::Bool,
        "CPU and memory limits set (default false)"
    ),
    s!(
        SecretsAs,
        &[S::Process],
        Ty::Vocab(&vocab::SECRETS_AS),
        "how secrets reach the container (default none)"
    ),
    s!(
        PlaintextSecrets,
        &[S::Process],
        Ty::Bool,
        "added; credentials written as plain env values or ConfigMap keys (default false)"
    ),
    s!(
        ManagementUi,
        &[S::Process],
        Ty::Bool,
        "added; the workload serves a management UI or dashboard (default false)"
    ),
    s!(
        SshServer,
        &[S::Process],
        Ty::Bool,
        "added; the workload runs an SSH server, on port 22 or any other (default false)"
    ),
    s!(
        ControlPlaneNode,
        &[S::Process],
        Ty::Bool,
        "added; the workload runs (or may run) on a control-plane node (node selector, affinity, node name or toleration of the control-plane taint; default false)"
    ),
    s!(
        ControlPlaneOnly,
        &[S::Process],
        Ty::Bool,
        "added; the workload runs on control-plane nodes only, never on a worker (node selector, affinity or node name; default false)"
    ),
    s!(
        SeccompUnconfined,
        &[S::Process],
        Ty::Bool,
        "added; a container runs with seccomp profile Unconfined (default false)"
    ),
    s!(
        ApparmorUnconfined,
        &[S::Process],
        Ty::Bool,
        "added; a container runs with AppArmor profile unconfined (default false)"
    ),
    s!(
        ProcMountUnmasked,
        &[S::Process],
        Ty::Bool,
        "added; a container sets procMount Unmasked (default false)"
    ),
    s!(
        HostPorts,
        &[S::Process],
        Ty::TextList,
        "added; container ports bound on the node (hostPort)"
    ),
    s!(
        UnsafeSysctls,
        &[S::Process],
        Ty::TextList,
        "added; pod sysctls outside the safe set Pod Security baseline allows"
    ),
    s!(
        EphemeralContainers,
        &[S::Process],
        Ty::TextList,
        "added; ephemeral (debug) containers of a pod"
    ),
    s!(
        Automount,
        &[S::Process, S::Identity],
        Ty::Bool,
        "service account token mounted (default true; a process inherits its identity's)"
    ),
    s!(
        Ports,
        &[S::Process],
        Ty::TextList,
        "added; container ports, e.g. \"8080\", \"22\""
    ),
    s!(
        ServiceType,
        &[S::Process],
        Ty::Vocab(&vocab::SERVICE_TYPE),
        "added; type of the Service in front (default none)"
    ),
    s!(
        SourceRanges,
        &[S::Process],
        Ty::TextList,
        "added; loadBalancerSourceRanges or an equivalent allow-list"
    ),
    s!(
        IngressIsolated,
        &[S::Process, S::Store],
        Ty::Bool,
        "added; k8s workload selected by an ingress NetworkPolicy: over the pod network only `ingress-from` reach it (default false)"
    ),
    s!(
        IngressFrom,
        &[S::Process, S::Store],
        Ty::RefList(RefKind::Element),
        "added; k8s workload: the elements its NetworkPolicies admit over the pod network (implies ingress-isolated)"
    ),
    s!(
        KnownVulnerabilities,
        &[S::Process],
        Ty::Vocab(&vocab::VULNERABILITY),
        "added; worst known unpatched vulnerability in the image (default none)"
    ),
    s!(
        Exposure,
        &[S::Process, S::Store],
        Ty::Vocab(&vocab::EXPOSURE),
        "public, internal or private endpoint (default private)"
    ),
    // control plane
    s!(
        AnonymousAuth,
        &[S::Process],
        Ty::Bool,
        "api-server, kubelet: anonymous requests allowed (default true)"
    ),
    s!(
        Authorization,
        &[S::Process],
        Ty::VocabList(&vocab::AUTHORIZATION),
        "api-server, kubelet: authorization modes"
    ),
    s!(
        Admission,
        &[S::Process],
        Ty::VocabList(&vocab::ADMISSION),
        "api-server: admission plugins enabled"
    ),
    s!(
        AuditLog,
        &[S::Process],
        Ty::Bool,
        "api-server: audit logging (default false)"
    ),
    s!(
        ReadOnlyPort,
        &[S::Process],
        Ty::Port,
        "kubelet: read-only port (default 0, as kubeadm sets it; 10255 is the classic insecure port)"
    ),
    s!(
        InsecurePort,
        &[S::Process],
        Ty::Port,
        "added; api-server: unauthenticated port (default 0)"
    ),
    s!(
        AuthorizedNetworks,
        &[S::Process],
        Ty::TextList,
        "added; api-server: source allow-list of the endpoint"
    ),
    s!(
        ManifestUrl,
        &[S::Process],
        Ty::Text,
        "added; kubelet: --manifest-url"
    ),
    s!(
        ClientCertAuth,
        &[S::Store],
        Ty::Bool,
        "added; etcd: clients must present certificates (default true, as kubeadm sets it)"
    ),
];
