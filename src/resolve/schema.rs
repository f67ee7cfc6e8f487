//! The settings table: which setting each declaration accepts, of what type.
//!
//! One row per setting, so the resolver, the rule checker, `vastc rules` and
//! the language reference all read the same facts. Additions to the
//! vocabulary of `LANGUAGE.md` are marked `added` and documented in
//! `docs/language.md`.

use super::vocab::{self, Vocab};

/// The declaration a setting belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Subject {
    Model,
    Data,
    Boundary,
    Actor,
    Process,
    Store,
    Flow,
    Identity,
    App,
    Feature,
    Widget,
    Step,
    Risk,
    Threat,
    Rule,
    Scenario,
}

impl Subject {
    pub fn as_str(self) -> &'static str {
        match self {
            Subject::Model => "model",
            Subject::Data => "data",
            Subject::Boundary => "boundary",
            Subject::Actor => "actor",
            Subject::Process => "process",
            Subject::Store => "store",
            Subject::Flow => "flow",
            Subject::Identity => "identity",
            Subject::App => "app",
            Subject::Feature => "feature",
            Subject::Widget => "widget",
            Subject::Step => "step",
            Subject::Risk => "risk",
            Subject::Threat => "threat",
            Subject::Rule => "rule",
            Subject::Scenario => "scenario",
        }
    }
}

/// What kind of declaration a reference must name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefKind {
    Data,
    Boundary,
    Element,
    Actor,
    Identity,
    /// Element or identity (`compromise`).
    Compromisable,
}

impl RefKind {
    pub fn describe(self) -> &'static str {
        match self {
            RefKind::Data => "a data asset",
            RefKind::Boundary => "a boundary",
            RefKind::Element => "an element (actor, process or store)",
            RefKind::Actor => "an actor",
            RefKind::Identity => "an identity",
            RefKind::Compromisable => "an element or an identity",
        }
    }
}

/// The type of a setting's value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Ty {
    Bool,
    Number,
    /// A whole number from 0 to 65535.
    Port,
    Text,
    TextList,
    /// Any identifier or string (a product name such as an engine).
    Word,
    Date,
    Cvss,
    Vocab(&'static Vocab),
    VocabList(&'static Vocab),
    Ref(RefKind),
    RefList(RefKind),
}

impl Ty {
    pub fn is_list(self) -> bool {
        matches!(self, Ty::TextList | Ty::VocabList(_) | Ty::RefList(_))
    }

    pub fn describe(self) -> String {
        match self {
            Ty::Bool => "true or false".into(),
            Ty::Number => "a number".into(),
            Ty::Port => "a port number (0-65535)".into(),
            Ty::Text => "a string".into(),
            Ty::TextList => "a list of strings".into(),
            Ty::Word => "a name".into(),
            Ty::Date => "a date (YYYY-MM-DD)".into(),
            Ty::Cvss => "a CVSS vector string".into(),
            Ty::Vocab(v) => format!("one of the {} words", v.name),
            Ty::VocabList(v) => format!("a list of {} words", v.name),
            Ty::Ref(k) => k.describe().into(),
            Ty::RefList(k) => format!("a list of references to {}", k.describe()),
        }
    }
}

/// One setting of one or more declarations.
#[derive(Debug)]
pub struct SettingSpec {
    pub name: &'static str,
    pub subjects: &'static [Subject],
    pub ty: Ty,
    pub doc: &'static str,
}

use Subject as S;

const ELEMENTS: &[Subject] = &[S::Actor, S::Process, S::Store];
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
        &[S::Process],
        Ty::Ref(RefKind::Identity),
        "identity of the workload (default: the namespace's default service account)"
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

/// The spec of `name` for `subject`, if the language has it.
pub fn setting(subject: Subject, name: &str) -> Option<&'static SettingSpec> {
    static BY_NAME: std::sync::OnceLock<
        foldhash::HashMap<&'static str, Vec<&'static SettingSpec>>,
    > = std::sync::OnceLock::new();
    let by_name = BY_NAME.get_or_init(|| {
        let mut m: foldhash::HashMap<&'static str, Vec<&'static SettingSpec>> = Default::default();
        for s in SETTINGS {
            m.entry(s.name).or_default().push(s);
        }
        m
    });
    by_name
        .get(name)?
        .iter()
        .copied()
        .find(|s| s.subjects.contains(&subject))
}

/// All setting names of a subject, for suggestions.
pub fn names(subject: Subject) -> impl Iterator<Item = &'static str> {
    SETTINGS
        .iter()
        .filter(move |s| s.subjects.contains(&subject))
        .map(|s| s.name)
}

/// The vocabulary of `kind` for a subject.
pub fn kind_vocab(subject: Subject) -> Option<&'static Vocab> {
    match subject {
        S::Boundary => Some(&vocab::BOUNDARY_KIND),
        S::Actor => Some(&vocab::ACTOR_KIND),
        S::Process => Some(&vocab::PROCESS_KIND),
        S::Store => Some(&vocab::STORE_KIND),
        S::Identity => Some(&vocab::IDENTITY_KIND),
        S::Widget => Some(&vocab::WIDGET_KIND),
        _ => None,
    }
}

/// Element subjects.
pub fn is_element(subject: Subject) -> bool {
    ELEMENTS.contains(&subject)
}
