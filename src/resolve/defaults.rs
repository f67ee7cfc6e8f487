//! Documented defaults: Kubernetes' own for workloads and namespaces,
//! kubeadm's for the control plane, and the language's for everything else.
//! Filled in after a declaration's own settings, never over them.

use super::schema::Subject;
use super::vocab::ENCRYPTED_PROTOCOLS;
use crate::model::{
    BoundaryKind, ElementKind, ElementType, IdentityKind, Key as K, Settings, Trust, Val,
    WidgetKind,
};
use foldhash::HashMap;
use std::cell::RefCell;

fn b(v: bool) -> Val {
    Val::Bool(v)
}

fn w(s: &str) -> Val {
    Val::Word(s.to_string())
}

fn list(words: &[&str]) -> Val {
    Val::List(words.iter().map(|s| w(s)).collect())
}

/// The defaults of a declaration of `subject` whose kind is `kind`.
pub fn defaults(subject: Subject, kind: &str) -> Vec<(K, Val)> {
    let mut d: Vec<(K, Val)> = Vec::new();
    match subject {
        Subject::Data => {
            d.push((K::Classification, w("internal")));
            d.push((K::Integrity, w("medium")));
            d.push((K::Availability, w("medium")));
            d.push((K::Pii, b(false)));
        }
        Subject::Boundary => match kind {
            "k8s-namespace" => {
                d.push((K::NetworkPolicy, w("none")));
                d.push((K::PodSecurity, w("privileged")));
            }
            "k8s-cluster" => {
                d.push((K::Cni, w("unknown")));
                d.push((K::MetadataBlocked, b(false)));
            }
            _ => {}
        },
        Subject::Process => {
            d.push((K::Exposure, w("private")));
            d.push((K::InputValidated, b(false)));
            d.push((K::AuditLogging, b(false)));
            d.push((K::RateLimited, b(false)));
            d.push((K::Hardened, b(false)));
            d.push((K::OutputEncoded, b(false)));
            d.push((K::AuthorizesCallers, b(false)));
            if ElementKind::from_word(kind).is_some_and(ElementKind::is_workload) {
                for name in [
                    K::Privileged,
                    K::HostNetwork,
                    K::HostPid,
                    K::HostIpc,
                    K::ReadOnlyRootFs,
                    K::Limits,
                    K::PlaintextSecrets,
                ] {
                    d.push((name, b(false)));
                }
                d.push((K::RunAsRoot, b(true)));
                d.push((K::AllowPrivilegeEscalation, b(true)));
                for name in [
                    K::HostPath,
                    K::HostPathReadOnly,
                    K::Capabilities,
                    K::DropCapabilities,
                    K::Ports,
                    K::SourceRanges,
                ] {
                    d.push((name, Val::List(Vec::new())));
                }
                d.push((K::SecretsAs, w("none")));
                d.push((K::ServiceType, w("none")));
                d.push((K::KnownVulnerabilities, w("none")));
            }
            if matches!(kind, "llm" | "model-server" | "agent" | "agent-tool") {
                for name in [
                    K::ContentFilter,
                    K::HumanApproval,
                    K::ModelVerified,
                    K::TokenLimits,
                    K::Grounded,
                ] {
                    d.push((name, b(false)));
                }
                d.push((K::SystemPrompt, w("public")));
                d.push((K::ToolActions, Val::List(Vec::new())));
            }
            match kind {
                "k8s-api-server" => {
                    d.push((K::AnonymousAuth, b(true)));
                    d.push((K::Authorization, list(&["node", "rbac"])));
                    d.push((K::Admission, list(&["node-restriction"])));
                    d.push((K::AuditLog, b(false)));
                    d.push((K::InsecurePort, Val::Num(0.0)));
                    d.push((K::AuthorizedNetworks, Val::List(Vec::new())));
                }
                "kubelet" => {
                    d.push((K::AnonymousAuth, b(false)));
                    d.push((K::Authorization, list(&["webhook"])));
                    d.push((K::ReadOnlyPort, Val::Num(0.0)));
                }
                _ => {}
            }
        }
        Subject::Store => {
            d.push((K::Exposure, w("private")));
            d.push((K::EncryptedAtRest, b(false)));
            d.push((K::Backup, b(false)));
            d.push((K::InputValidated, b(false)));
            d.push((K::AuditLogging, b(false)));
            d.push((K::Hardened, b(false)));
            d.push((K::AccessControl, b(false)));
            if kind == "vector-store" {
                d.push((K::TenantIsolation, b(false)));
            }
            if kind == "k8s-etcd" {
                d.push((K::ClientCertAuth, b(true)));
            }
        }
        Subject::Identity => {
            d.push((K::Automount, b(kind == "k8s-service-account")));
            d.push((K::Mfa, b(false)));
            d.push((K::LongLived, b(false)));
        }
        Subject::Risk | Subject::Threat => d.push((K::Status, w("open"))),
        Subject::Rule => d.push((K::Category, w("other"))),
        _ => {}
    }
    d
}

/// Fills the defaults of `subject`/`kind` into `settings` where unset.
///
/// A declaration has many more defaults than settings of its own: the
/// defaults of each subject and kind are built into a map once per thread,
/// and each declaration's map is a clone of it with its own settings put
/// over it (the same map as inserting each default where unset).
pub fn apply(settings: &mut Settings, subject: Subject, kind: &str) {
    type Filled = HashMap<Subject, HashMap<String, Settings>>;
    thread_local! {
        static FILLED: RefCell<Filled> = RefCell::new(HashMap::default());
    }
    FILLED.with(|cache| {
        let mut cache = cache.borrow_mut();
        let by_kind = cache.entry(subject).or_default();
        if !by_kind.contains_key(kind) {
            let mut map = Settings::new();
            for (name, val) in defaults(subject, kind) {
                map.insert_default(name, val);
            }
            by_kind.insert(kind.to_string(), map);
        }
        let Some(defaults) = by_kind.get(kind).filter(|d| !d.is_empty()) else {
            return;
        };
        let mut filled = defaults.clone();
        for (name, val) in std::mem::take(settings) {
            filled.insert(name, val);
        }
        *settings = filled;
    });
}

/// The kind of a boundary that gives none.
pub fn boundary_kind() -> BoundaryKind {
    BoundaryKind::Generic
}

/// The kind of an element of type `ty` that gives none.
pub fn element_kind(ty: ElementType) -> ElementKind {
    match ty {
        ElementType::Actor => ElementKind::User,
        ElementType::Store => ElementKind::Database,
        ElementType::Process => ElementKind::Service,
    }
}

/// The kind of an identity that gives none.
pub fn identity_kind() -> IdentityKind {
    IdentityKind::K8sServiceAccount
}

/// The kind of a widget that gives none.
pub fn widget_kind() -> WidgetKind {
    WidgetKind::Form
}

/// Default trust of a boundary kind.
pub fn trust(kind: BoundaryKind) -> Trust {
    match kind {
        BoundaryKind::Internet => Trust::Untrusted,
        BoundaryKind::ThirdParty => Trust::Medium,
        _ => Trust::High,
    }
}

/// Flow defaults: `authn none`; encrypted from the protocol, or by mTLS.
pub fn flow(settings: &mut Settings) {
    settings.insert_default(K::Authn, w("none"));
    if !settings.contains(K::Encrypted) {
        let by_protocol = settings
            .word(K::Protocol)
            .is_some_and(|p| ENCRYPTED_PROTOCOLS.contains(&p));
        let by_authn = settings.word(K::Authn) == Some("mtls");
        settings.insert(K::Encrypted, b(by_protocol || by_authn));
    }
}
