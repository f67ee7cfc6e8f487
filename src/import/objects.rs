//! Typed Kubernetes objects (`k8s-openapi`) from the generic documents.
//!
//! A document whose `apiVersion`/`kind` is one the importer maps becomes its
//! typed object; everything else (CRDs, custom resources, kinds the model has
//! no use for, objects that do not match their schema) is skipped with a note.

use super::yaml::{Doc, Origin};
use k8s_openapi::Resource;
use k8s_openapi::api::apps::v1::{DaemonSet, Deployment, ReplicaSet, StatefulSet};
use k8s_openapi::api::batch::v1::{CronJob, Job};
use k8s_openapi::api::core::v1::{
    ConfigMap, Namespace, Pod, PodTemplateSpec, ReplicationController, Secret, Service,
    ServiceAccount,
};
use k8s_openapi::api::networking::v1::{Ingress, NetworkPolicy};
use k8s_openapi::api::rbac::v1::{ClusterRole, ClusterRoleBinding, Role, RoleBinding};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::de::DeserializeOwned;

/// An object and the document it came from.
#[derive(Clone, Debug)]
pub struct Obj<T> {
    pub origin: Origin,
    pub obj: T,
}

/// The kinds of workload, in the order the model lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum WorkloadKind {
    Deployment,
    StatefulSet,
    DaemonSet,
    Job,
    CronJob,
    Pod,
    /// A ReplicaSet or ReplicationController: replicated pods from a
    /// template, as a Deployment's are.
    ReplicaSet,
    ReplicationController,
}

impl WorkloadKind {
    /// The process `kind` word.
    pub fn vast_kind(self) -> &'static str {
        match self {
            WorkloadKind::Deployment
            | WorkloadKind::ReplicaSet
            | WorkloadKind::ReplicationController => "k8s-deployment",
            WorkloadKind::StatefulSet => "k8s-statefulset",
            WorkloadKind::DaemonSet => "k8s-daemonset",
            WorkloadKind::Job => "k8s-job",
            WorkloadKind::CronJob => "k8s-cronjob",
            WorkloadKind::Pod => "k8s-pod",
        }
    }

    /// The Kubernetes kind.
    pub fn as_str(self) -> &'static str {
        match self {
            WorkloadKind::Deployment => "Deployment",
            WorkloadKind::StatefulSet => "StatefulSet",
            WorkloadKind::DaemonSet => "DaemonSet",
            WorkloadKind::Job => "Job",
            WorkloadKind::CronJob => "CronJob",
            WorkloadKind::Pod => "Pod",
            WorkloadKind::ReplicaSet => "ReplicaSet",
            WorkloadKind::ReplicationController => "ReplicationController",
        }
    }
}

/// Any workload, reduced to what the model needs: its pod template.
#[derive(Clone, Debug)]
pub struct Workload {
    pub kind: WorkloadKind,
    pub meta: ObjectMeta,
    /// `spec.replicas` of a Deployment, StatefulSet, ReplicaSet or
    /// ReplicationController.
    pub replicas: Option<i32>,
    pub template: PodTemplateSpec,
}

/// Every object the importer understands, by kind, in input order.
#[derive(Default, Debug)]
pub struct Manifests {
    pub namespaces: Vec<Obj<Namespace>>,
    pub workloads: Vec<Obj<Workload>>,
    pub services: Vec<Obj<Service>>,
    pub ingresses: Vec<Obj<Ingress>>,
    pub network_policies: Vec<Obj<NetworkPolicy>>,
    pub service_accounts: Vec<Obj<ServiceAccount>>,
    pub roles: Vec<Obj<Role>>,
    pub cluster_roles: Vec<Obj<ClusterRole>>,
    pub role_bindings: Vec<Obj<RoleBinding>>,
    pub cluster_role_bindings: Vec<Obj<ClusterRoleBinding>>,
    pub secrets: Vec<Obj<Secret>>,
    pub config_maps: Vec<Obj<ConfigMap>>,
    /// `note: skipped …` lines for stderr.
    pub notes: Vec<String>,
}

impl Manifests {
    /// Puts every namespaced object without `metadata.namespace` into `ns`,
    /// as `kubectl apply -n NS` does; a ServiceAccount subject of a
    /// ClusterRoleBinding without a namespace too.
    pub fn default_namespace(&mut self, ns: &str) {
        fn fill(meta: &mut ObjectMeta, ns: &str) {
            if meta.namespace.as_deref().is_none_or(str::is_empty) {
                meta.namespace = Some(ns.to_string());
            }
        }
        self.workloads
            .iter_mut()
            .for_each(|o| fill(&mut o.obj.meta, ns));
        self.services
            .iter_mut()
            .for_each(|o| fill(&mut o.obj.metadata, ns));
        self.ingresses
            .iter_mut()
            .for_each(|o| fill(&mut o.obj.metadata, ns));
        self.network_policies
            .iter_mut()
            .for_each(|o| fill(&mut o.obj.metadata, ns));
        self.service_accounts
            .iter_mut()
            .for_each(|o| fill(&mut o.obj.metadata, ns));
        self.roles
            .iter_mut()
            .for_each(|o| fill(&mut o.obj.metadata, ns));
        self.role_bindings
            .iter_mut()
            .for_each(|o| fill(&mut o.obj.metadata, ns));
        self.secrets
            .iter_mut()
            .for_each(|o| fill(&mut o.obj.metadata, ns));
        self.config_maps
            .iter_mut()
            .for_each(|o| fill(&mut o.obj.metadata, ns));
        for b in &mut self.cluster_role_bindings {
            for s in b.obj.subjects.iter_mut().flatten() {
                if s.kind == "ServiceAccount" && s.namespace.as_deref().is_none_or(str::is_empty) {
                    s.namespace = Some(ns.to_string());
                }
            }
        }
    }

    /// The namespace the manifests mean for their objects without one: the
    /// namespace a binding names for a ServiceAccount that is declared
    /// without a namespace (an install manifest meant for `kubectl apply
    /// -n NS`). `None` when no binding says, or bindings disagree.
    pub fn implied_namespace(&self) -> Option<String> {
        let bare: Vec<&str> = self
            .service_accounts
            .iter()
            .filter(|s| {
                s.obj
                    .metadata
                    .namespace
                    .as_deref()
                    .is_none_or(str::is_empty)
            })
            .map(|s| name(&s.obj.metadata))
            .collect();
        let mut found: Option<String> = None;
        let subjects = self
            .cluster_role_bindings
            .iter()
            .flat_map(|b| b.obj.subjects.iter().flatten())
            .chain(
                self.role_bindings
                    .iter()
                    .flat_map(|b| b.obj.subjects.iter().flatten()),
            );
        for s in subjects {
            let Some(ns) = s.namespace.as_deref().filter(|n| !n.is_empty()) else {
                continue;
            };
            if s.kind != "ServiceAccount" || ns == "default" || !bare.contains(&s.name.as_str()) {
                continue;
            }
            match &found {
                None => found = Some(ns.to_string()),
                Some(f) if f == ns => {}
                Some(_) => return None,
            }
        }
        found
    }
}

/// The namespace of an object: `metadata.namespace`, else `default`.
pub fn namespace(meta: &ObjectMeta) -> String {
    meta.namespace
        .clone()
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "default".into())
}

/// `metadata.name`, or an empty string.
pub fn name(meta: &ObjectMeta) -> &str {
    meta.name.as_deref().unwrap_or("")
}

/// Kinds that are read but have no place in the model; skipped quietly in
/// the note's wording ("not modelled") rather than as unknown.
const NOT_MODELLED: &[&str] = &[
    "PersistentVolumeClaim",
    "PersistentVolume",
    "StorageClass",
    "HorizontalPodAutoscaler",
    "PodDisruptionBudget",
    "LimitRange",
    "ResourceQuota",
    "Endpoints",
    "EndpointSlice",
    "PriorityClass",
    "IngressClass",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
    "APIService",
    "PodSecurityPolicy",
];

impl Manifests {
    /// Sorts every document into its typed object, or a note.
    pub fn from_docs(docs: Vec<Doc>) -> Manifests {
        let mut m = Manifests::default();
        for doc in docs {
            m.add(doc);
        }
        m
    }

    fn add(&mut self, doc: Doc) {
        macro_rules! typed {
            ($ty:ty, $field:ident) => {
                if let Some(o) = self.typed::<$ty>(&doc) {
                    self.$field.push(o);
                }
            };
        }
        match doc.kind.as_str() {
            "Namespace" => typed!(Namespace, namespaces),
            "Service" => typed!(Service, services),
            "Ingress" => typed!(Ingress, ingresses),
            "NetworkPolicy" => typed!(NetworkPolicy, network_policies),
            "ServiceAccount" => typed!(ServiceAccount, service_accounts),
            "Role" => typed!(Role, roles),
            "ClusterRole" => typed!(ClusterRole, cluster_roles),
            "RoleBinding" => typed!(RoleBinding, role_bindings),
            "ClusterRoleBinding" => typed!(ClusterRoleBinding, cluster_role_bindings),
            "Secret" => typed!(Secret, secrets),
            "ConfigMap" => typed!(ConfigMap, config_maps),
            "Deployment" => self.workload::<Deployment>(&doc, |d| {
                Some((d.metadata, d.spec.replicas, d.spec.template))
            }),
            "StatefulSet" => self.workload::<StatefulSet>(&doc, |d| {
                Some((d.metadata, d.spec.replicas, d.spec.template))
            }),
            "DaemonSet" => {
                self.workload::<DaemonSet>(&doc, |d| Some((d.metadata, None, d.spec.template)))
            }
            "Job" => self.workload::<Job>(&doc, |d| Some((d.metadata, None, d.spec?.template))),
            "CronJob" => self.workload::<CronJob>(&doc, |d| {
                Some((d.metadata, None, d.spec.job_template.spec?.template))
            }),
            "ReplicaSet" => self.workload::<ReplicaSet>(&doc, |r| {
                Some((r.metadata, r.spec.replicas.or(Some(1)), r.spec.template?))
            }),
            "ReplicationController" => self.workload::<ReplicationController>(&doc, |r| {
                let spec = r.spec?;
                Some((r.metadata, spec.replicas.or(Some(1)), spec.template?))
            }),
            "Pod" => self.workload::<Pod>(&doc, |p| {
                let spec = p.spec?;
                let template = PodTemplateSpec {
                    metadata: Some(p.metadata.clone()),
                    spec: Some(spec),
                };
                Some((p.metadata, Some(1), template))
            }),
            kind if NOT_MODELLED.contains(&kind) => self.skip(&doc, "not modelled"),
            "CustomResourceDefinition" => self.skip(&doc, "a CRD is not modelled"),
            _ => self.skip(&doc, "unknown kind"),
        }
    }

    fn skip(&mut self, doc: &Doc, why: &str) {
        let name = doc.name();
        let name = if name.is_empty() {
            String::new()
        } else {
            format!(" {name}")
        };
        self.notes.push(format!(
            "note: skipped {}{name} ({}): {why}",
            doc.kind, doc.origin
        ));
    }

    /// The typed object, if its apiVersion is the one the importer reads (or
    /// an older one with the same shape, [`legacy`]) and it matches the
    /// schema; else a note.
    fn typed<T: Resource + DeserializeOwned>(&mut self, doc: &Doc) -> Option<Obj<T>> {
        let mut value = std::borrow::Cow::Borrowed(&doc.value);
        if doc.api_version != T::API_VERSION && legacy(T::KIND, &doc.api_version) {
            value = std::borrow::Cow::Owned(upgrade(&doc.value, T::API_VERSION));
        } else if doc.api_version != T::API_VERSION {
            self.skip(
                doc,
                &format!(
                    "apiVersion {} is not supported (expected {})",
                    doc.api_version,
                    T::API_VERSION
                ),
            );
            return None;
        }
        match yaml_serde::from_value::<T>(value.into_owned()) {
            Ok(obj) => Some(Obj {
                origin: doc.origin.clone(),
                obj,
            }),
            Err(e) => {
                self.skip(doc, &format!("does not match the {} schema: {e}", T::KIND));
                None
            }
        }
    }

    fn workload<T: Resource + DeserializeOwned>(
        &mut self,
        doc: &Doc,
        parts: impl FnOnce(T) -> Option<(ObjectMeta, Option<i32>, PodTemplateSpec)>,
    ) {
        let Some(o) = self.typed::<T>(doc) else {
            return;
        };
        let kind = match T::KIND {
            "Deployment" => WorkloadKind::Deployment,
            "StatefulSet" => WorkloadKind::StatefulSet,
            "DaemonSet" => WorkloadKind::DaemonSet,
            "Job" => WorkloadKind::Job,
            "CronJob" => WorkloadKind::CronJob,
            "ReplicaSet" => WorkloadKind::ReplicaSet,
            "ReplicationController" => WorkloadKind::ReplicationController,
            _ => WorkloadKind::Pod,
        };
        match parts(o.obj) {
            Some((meta, replicas, template)) if template.spec.is_some() => {
                self.workloads.push(Obj {
                    origin: o.origin,
                    obj: Workload {
                        kind,
                        meta,
                        replicas,
                        template,
                    },
                })
            }
            _ => self.skip(doc, "no pod template"),
        }
    }
}

/// Older apiVersions of a kind whose fields the importer reads are those of
/// the current one: `batch/v1beta1` CronJobs (still in many public
/// manifests), the `extensions/v1beta1` and `apps/v1beta*` workloads, the
/// `v1beta1` RBAC objects and NetworkPolicies, and `v1beta1` Ingresses,
/// whose backends are rewritten to today's shape ([`upgrade`]).
fn legacy(kind: &str, api_version: &str) -> bool {
    let versions: &[&str] = match kind {
        "CronJob" => &["batch/v1beta1", "batch/v2alpha1"],
        "Deployment" | "DaemonSet" | "ReplicaSet" => {
            &["extensions/v1beta1", "apps/v1beta1", "apps/v1beta2"]
        }
        "StatefulSet" => &["apps/v1beta1", "apps/v1beta2"],
        "NetworkPolicy" => &["extensions/v1beta1"],
        "Ingress" => &["networking.k8s.io/v1beta1", "extensions/v1beta1"],
        "Role" | "ClusterRole" | "RoleBinding" | "ClusterRoleBinding" => &[
            "rbac.authorization.k8s.io/v1beta1",
            "rbac.authorization.k8s.io/v1alpha1",
        ],
        _ => &[],
    };
    versions.contains(&api_version)
}

/// A legacy object as its current apiVersion: the version rewritten, a
/// workload's selector, optional before `apps/v1`, filled in empty, and an
/// Ingress's backends (`serviceName`, `servicePort`; the default one as
/// `backend`) in the `networking.k8s.io/v1` shape.
fn upgrade(value: &yaml_serde::Value, api_version: &str) -> yaml_serde::Value {
    use yaml_serde::Value;
    let mut v = value.clone();
    if let Value::Mapping(m) = &mut v {
        m.insert("apiVersion".into(), api_version.into());
        let ingress = m.get("kind").and_then(Value::as_str) == Some("Ingress");
        if let Some(Value::Mapping(spec)) = m.get_mut("spec") {
            if api_version.starts_with("apps/") && !spec.contains_key("selector") {
                spec.insert("selector".into(), Value::Mapping(Default::default()));
            }
            if ingress {
                upgrade_ingress(spec);
            }
        }
    }
    v
}

/// `v1beta1` Ingress backends as `v1` ones, in place.
fn upgrade_ingress(spec: &mut yaml_serde::Mapping) {
    use yaml_serde::Value;
    fn backend(b: &mut Value) {
        let Value::Mapping(b) = b else { return };
        let Some(name) = b.remove("serviceName") else {
            return;
        };
        let port = match b.remove("servicePort") {
            Some(Value::Number(n)) => Some(("number", Value::Number(n))),
            Some(Value::String(s)) => match s.parse::<u16>() {
                Ok(n) => Some(("number", Value::from(n))),
                Err(_) => Some(("name", Value::String(s))),
            },
            _ => None,
        };
        let mut service = yaml_serde::Mapping::new();
        service.insert("name".into(), name);
        if let Some((k, p)) = port {
            let mut port = yaml_serde::Mapping::new();
            port.insert(k.into(), p);
            service.insert("port".into(), Value::Mapping(port));
        }
        b.insert("service".into(), Value::Mapping(service));
    }
    if let Some(mut b) = spec.remove("backend") {
        backend(&mut b);
        spec.insert("defaultBackend".into(), b);
    }
    let Some(Value::Sequence(rules)) = spec.get_mut("rules") else {
        return;
    };
    for rule in rules {
        let paths = rule
            .get_mut("http")
            .and_then(|h| h.get_mut("paths"))
            .and_then(Value::as_sequence_mut);
        for path in paths.into_iter().flatten() {
            if let Value::Mapping(p) = path {
                if let Some(b) = p.get_mut("backend") {
                    backend(b);
                }
                // `pathType` became required in v1.
                if !p.contains_key("pathType") {
                    p.insert("pathType".into(), "ImplementationSpecific".into());
                }
            }
        }
    }
}
