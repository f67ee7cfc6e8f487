//! Deployments, StatefulSets, DaemonSets, Jobs, CronJobs, ReplicaSets,
//! ReplicationControllers and bare Pods →
//! `process` (or `store`, for a recognised database or cache).
//!
//! The pod template gives the workload settings: the first container's
//! image, the security context of the pod and of every container (init
//! containers included), host namespaces and hostPath mounts, capabilities,
//! limits, how secrets reach the containers and the container ports
//! ([`super::security`]). The
//! environment and arguments are kept for inferring flows
//! ([`super::network`]); secret and ConfigMap references for
//! [`super::config`].

use super::emit::{self, Decl};
use super::objects::{Obj, Workload, name, namespace};
use super::placement::Placement;
use super::recognise::{Role, anonymous, role_of, ssh_server};
use k8s_openapi::api::core::v1::{Container, PodSpec};
use std::collections::{BTreeMap, BTreeSet};

/// How a workload uses a Secret or ConfigMap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Via {
    Env,
    Volume,
    /// Named in the container's arguments or environment (a controller's
    /// `--configmap=NS/NAME`) and read through the Kubernetes API.
    Api,
}

/// A Secret or ConfigMap a workload reads.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Use {
    pub secret: bool,
    pub name: String,
    pub via: Via,
}

/// A string of the pod spec that may name another service.
#[derive(Clone, Debug)]
pub struct Text {
    /// Why, for the `// inferred:` comment: `env NAME=VALUE` or `args VALUE`.
    pub why: String,
    /// The environment variable's name, if it is one.
    pub env: Option<String>,
    pub value: String,
}

/// A workload as a model element.
#[derive(Clone, Debug)]
pub struct Element {
    pub ns: String,
    pub id: String,
    pub name: String,
    /// `Some((store kind, engine))` when modelled as a store.
    pub store: Option<(&'static str, &'static str)>,
    pub comments: Vec<String>,
    /// Settings before `service-type` (kind, image, replicas, runs-as) and after it.
    pub head: Vec<(&'static str, String)>,
    pub tail: Vec<(&'static str, String)>,
    pub notes: Vec<String>,
    pub pod_labels: BTreeMap<String, String>,
    pub service_type: Option<&'static str>,
    pub source_ranges: Vec<String>,
    pub texts: Vec<Text>,
    pub uses: Vec<Use>,
    /// Serves a management UI.
    pub ui: bool,
    /// Why it takes anonymous users, when it does.
    pub anonymous: Option<String>,
    /// Why it runs an SSH server, when it does.
    pub ssh: Option<String>,
}

impl Element {
    pub fn is_store(&self) -> bool {
        self.store.is_some()
    }

    /// The declaration, with everything the network analysis added.
    pub fn decl(&self) -> Decl {
        let keyword = if self.is_store() { "store" } else { "process" };
        let mut d = Decl::named(keyword, &self.id, &self.name);
        d.comments = self.comments.clone();
        d.comments.extend(self.notes.iter().cloned());
        for (k, v) in &self.head {
            d.set(k, v.clone());
        }
        if !self.is_store() {
            if let Some(t) = self.service_type {
                d.set("service-type", t);
            }
            if !self.source_ranges.is_empty() {
                d.set("source-ranges", emit::strings(&self.source_ranges));
            }
        }
        for (k, v) in &self.tail {
            d.set(k, v.clone());
        }
        if let Some(why) = self.ssh.as_ref().filter(|_| !self.is_store()) {
            d.set("ssh-server", "true");
            d.comments
                .push(emit::one_line(&format!("SSH server: {why}")));
        }
        if let Some(why) = self.anonymous.as_ref().filter(|_| !self.is_store()) {
            d.set("anonymous-auth", "true");
            d.comments
                .push(emit::one_line(&format!("anonymous access: {why}")));
        }
        d
    }
}

/// Recognised database and cache images: the last path segment of the image
/// name (no registry, tag or digest) → store kind and engine.
const DATABASE_IMAGES: &[(&str, &str, &str)] = &[
    ("redis", "cache", "redis"),
    ("valkey", "cache", "redis"),
    ("memcached", "cache", "memcached"),
    ("postgres", "database", "postgres"),
    ("postgresql", "database", "postgres"),
    ("mysql", "database", "mysql"),
    ("mariadb", "database", "mariadb"),
    ("mongo", "database", "mongodb"),
    ("mongodb", "database", "mongodb"),
    ("cassandra", "database", "cassandra"),
    ("elasticsearch", "database", "elasticsearch"),
    ("opensearch", "database", "opensearch"),
    ("rabbitmq", "queue", "rabbitmq"),
    ("kafka", "queue", "kafka"),
    ("cp-kafka", "queue", "kafka"),
    ("nats", "queue", "nats"),
];

/// Well-known database ports: a workload whose every container port is one
/// of these (for the same engine) is taken for that database.
const DATABASE_PORTS: &[(i32, &str, &str)] = &[
    (5432, "database", "postgres"),
    (3306, "database", "mysql"),
    (27017, "database", "mongodb"),
    (6379, "cache", "redis"),
    (11211, "cache", "memcached"),
    (9042, "database", "cassandra"),
    (5672, "queue", "rabbitmq"),
    (9092, "queue", "kafka"),
];

/// The repository name of an image: `docker.io/library/redis:7@sha256:…` → `redis`.
pub fn image_name(image: &str) -> String {
    let no_digest = image.split('@').next().unwrap_or(image);
    let last = no_digest.rsplit('/').next().unwrap_or(no_digest);
    last.split(':').next().unwrap_or(last).to_lowercase()
}

fn database(image: Option<&str>, ports: &[i32]) -> Option<(&'static str, &'static str)> {
    if let Some(image) = image {
        let n = image_name(image);
        if let Some((_, kind, engine)) = DATABASE_IMAGES.iter().find(|(i, _, _)| *i == n) {
            return Some((kind, engine));
        }
    }
    let mut found: Option<(&'static str, &'static str)> = None;
    for p in ports {
        let (_, kind, engine) = DATABASE_PORTS.iter().find(|(q, _, _)| q == p)?;
        if found.is_some_and(|f| f != (*kind, *engine)) {
            return None;
        }
        found = Some((kind, engine));
    }
    found
}

/// Builds the element of one workload. `runs_as` is the identity ID, if the
/// model declares it.
pub fn element(w: &Obj<Workload>, id: String, runs_as: Option<String>) -> Element {
    let wl = &w.obj;
    let ns = namespace(&wl.meta);
    let empty = PodSpec::default();
    let spec = wl.template.spec.as_ref().unwrap_or(&empty);
    let init: &[Container] = spec.init_containers.as_deref().unwrap_or(&[]);
    let ephemeral = ephemeral(spec);
    let all: Vec<&Container> = spec
        .containers
        .iter()
        .chain(init.iter())
        .chain(ephemeral.iter())
        .collect();
    let first = spec.containers.first();
    let image = first.and_then(|c| c.image.clone());
    let first_ports: Vec<i32> = first
        .map(|c| c.ports.iter().flatten().map(|p| p.container_port).collect())
        .unwrap_or_default();

    let mut e = Element {
        ns: ns.clone(),
        id,
        name: name(&wl.meta).to_string(),
        store: database(image.as_deref(), &first_ports),
        comments: vec![format!("{} {ns}/{}", wl.kind.as_str(), name(&wl.meta))],
        head: Vec::new(),
        tail: Vec::new(),
        notes: Vec::new(),
        pod_labels: wl
            .template
            .metadata
            .as_ref()
            .and_then(|m| m.labels.clone())
            .unwrap_or_default(),
        service_type: None,
        source_ranges: Vec::new(),
        texts: texts(&all),
        uses: uses(spec, &all),
        ui: false,
        anonymous: None,
        ssh: None,
    };
    let others: Vec<String> = spec
        .containers
        .iter()
        .skip(1)
        .map(|c| format!("{} ({})", c.name, c.image.as_deref().unwrap_or("no image")))
        .chain(init.iter().map(|c| {
            format!(
                "init {} ({})",
                c.name,
                c.image.as_deref().unwrap_or("no image")
            )
        }))
        .collect();
    if !others.is_empty() {
        e.comments.push(emit::one_line(&format!(
            "other containers: {}",
            others.join(", ")
        )));
    }

    let annotations = wl
        .template
        .metadata
        .as_ref()
        .and_then(|m| m.annotations.clone())
        .unwrap_or_default();
    let security = super::security::settings(spec, &all, &annotations, &mut e.notes);
    if e.store.is_some() {
        let risky: Vec<&str> = security
            .iter()
            .filter(|(k, v)| {
                RISKY.contains(k)
                    || (*k == "capabilities"
                        && [
                            "ALL",
                            "SYS_ADMIN",
                            "SYS_PTRACE",
                            "SYS_MODULE",
                            "NET_ADMIN",
                            "DAC_READ_SEARCH",
                        ]
                        .iter()
                        .any(|c| v.split([',', ' ']).any(|w| w == *c)))
            })
            .map(|(k, _)| *k)
            .collect();
        if !risky.is_empty() {
            // The container's hardening matters more than the data view.
            e.comments.push(emit::one_line(&format!(
                "a {} image, kept as a process for its security context ({})",
                image_name(image.as_deref().unwrap_or("")),
                risky.join(", ")
            )));
            e.store = None;
        }
    }
    if let Some((kind, engine)) = e.store {
        // A store keeps the data view; the container facts go in a comment.
        // Its identity stays a setting: the account is in use.
        e.comments.push(emit::one_line(&format!(
            "modelled as a store: image {}",
            image.as_deref().unwrap_or("unknown"),
        )));
        e.head.push(("kind", kind.into()));
        e.head.push(("engine", engine.into()));
        if let Some(r) = runs_as {
            e.head.push(("runs-as", r));
        }
        return e;
    }

    // A Job runs to completion: it serves no traffic, whatever its image
    // (ingress-nginx's certificate Jobs come from its own registry path).
    let batch = matches!(
        wl.kind,
        super::objects::WorkloadKind::Job | super::objects::WorkloadKind::CronJob
    );
    let role = role_of(name(&wl.meta), image.as_deref(), &e.texts).filter(|_| !batch);
    let kind = if role == Some(Role::Ingress) {
        e.comments
            .push("recognised as an ingress controller by its image".into());
        "k8s-ingress-controller"
    } else {
        wl.kind.vast_kind()
    };
    e.head.push(("kind", kind.into()));
    if let Some(image) = &image {
        e.head.push(("image", emit::string(image)));
    }
    if let Some(r) = wl.replicas {
        e.head.push(("replicas", r.to_string()));
    } else if matches!(
        wl.kind,
        super::objects::WorkloadKind::Deployment | super::objects::WorkloadKind::StatefulSet
    ) {
        e.head.push(("replicas", "1".into()));
    }
    if let Some(r) = runs_as {
        e.head.push(("runs-as", r));
    }
    e.tail = security;
    match super::placement::control_plane(spec) {
        Some(Placement::Pinned(why)) => {
            e.tail.push(("control-plane-node", "true".into()));
            e.tail.push(("control-plane-only", "true".into()));
            e.comments
                .push(emit::one_line(&format!("control-plane node: {why}")));
        }
        Some(Placement::Tolerated(why)) => {
            e.tail.push(("control-plane-node", "true".into()));
            e.comments
                .push(emit::one_line(&format!("control-plane node: {why}")));
        }
        None => {}
    }
    if role == Some(Role::Ui) {
        e.tail.push(("management-ui", "true".into()));
        e.ui = true;
    }
    e.anonymous = anonymous(&e.texts, &[]);
    e.ssh = ssh_server(&all);
    if !ephemeral.is_empty() {
        let names: Vec<String> = ephemeral.iter().map(|c| c.name.clone()).collect();
        e.tail.push(("ephemeral-containers", emit::strings(&names)));
    }
    e
}

/// Settings that make a database workload a process: what a compromise of
/// its container gives matters more than the data it keeps.
const RISKY: &[&str] = &[
    "privileged",
    "host-network",
    "host-pid",
    "host-ipc",
    "host-path",
    "host-path-read-only",
    "proc-mount-unmasked",
    "host-ports",
];

/// The ephemeral (debug) containers of a pod, as containers.
fn ephemeral(spec: &PodSpec) -> Vec<Container> {
    spec.ephemeral_containers
        .iter()
        .flatten()
        .map(|c| Container {
            name: c.name.clone(),
            image: c.image.clone(),
            command: c.command.clone(),
            args: c.args.clone(),
            env: c.env.clone(),
            env_from: c.env_from.clone(),
            ports: c.ports.clone(),
            security_context: c.security_context.clone(),
            volume_mounts: c.volume_mounts.clone(),
            ..Default::default()
        })
        .collect()
}

/// Secret names mounted as volumes (secret or projected volumes) by some container.
pub(super) fn secret_volumes(spec: &PodSpec, all: &[&Container]) -> Vec<String> {
    volume_refs(spec, all)
        .into_iter()
        .filter(|(secret, _)| *secret)
        .map(|(_, n)| n)
        .collect()
}

/// (is a secret, name) of every Secret or ConfigMap volume some container mounts.
fn volume_refs(spec: &PodSpec, all: &[&Container]) -> Vec<(bool, String)> {
    let mounts = super::security::mounted(all);
    let mut out = Vec::new();
    for v in spec.volumes.iter().flatten() {
        if !mounts.contains_key(&v.name) {
            continue;
        }
        if let Some(n) = v.secret.as_ref().and_then(|s| s.secret_name.clone()) {
            out.push((true, n));
        }
        if let Some(cm) = &v.config_map {
            out.push((false, cm.name.clone()));
        }
        for p in v.projected.iter().flat_map(|p| p.sources.iter().flatten()) {
            if let Some(s) = &p.secret {
                out.push((true, s.name.clone()));
            }
            if let Some(cm) = &p.config_map {
                out.push((false, cm.name.clone()));
            }
        }
    }
    out
}

fn uses(spec: &PodSpec, all: &[&Container]) -> Vec<Use> {
    let mut out = BTreeSet::new();
    for c in all {
        for e in c.env.iter().flatten() {
            if let Some(v) = &e.value_from {
                if let Some(s) = &v.secret_key_ref {
                    out.insert(Use {
                        secret: true,
                        name: s.name.clone(),
                        via: Via::Env,
                    });
                }
                if let Some(s) = &v.config_map_key_ref {
                    out.insert(Use {
                        secret: false,
                        name: s.name.clone(),
                        via: Via::Env,
                    });
                }
            }
        }
        for e in c.env_from.iter().flatten() {
            if let Some(s) = &e.secret_ref {
                out.insert(Use {
                    secret: true,
                    name: s.name.clone(),
                    via: Via::Env,
                });
            }
            if let Some(s) = &e.config_map_ref {
                out.insert(Use {
                    secret: false,
                    name: s.name.clone(),
                    via: Via::Env,
                });
            }
        }
    }
    for (secret, name) in volume_refs(spec, all) {
        out.insert(Use {
            secret,
            name,
            via: Via::Volume,
        });
    }
    out.into_iter().filter(|u| !u.name.is_empty()).collect()
}

fn texts(all: &[&Container]) -> Vec<Text> {
    let mut out = Vec::new();
    for c in all {
        for e in c.env.iter().flatten() {
            if let Some(v) = &e.value {
                out.push(Text {
                    why: format!("env {}={v}", e.name),
                    env: Some(e.name.clone()),
                    value: v.clone(),
                });
            }
        }
        for a in c.command.iter().flatten().chain(c.args.iter().flatten()) {
            out.push(Text {
                why: format!("args {a}"),
                env: None,
                value: a.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_names() {
        assert_eq!(image_name("redis:alpine"), "redis");
        assert_eq!(
            image_name("docker.io/library/postgres:16@sha256:ab"),
            "postgres"
        );
        assert_eq!(image_name("localhost:5000/team/mongo"), "mongo");
    }

    #[test]
    fn databases() {
        assert_eq!(
            database(Some("redis:alpine"), &[]),
            Some(("cache", "redis"))
        );
        assert_eq!(
            database(Some("weaveworksdemos/user-db"), &[27017]),
            Some(("database", "mongodb"))
        );
        assert_eq!(database(Some("app"), &[8080, 5432]), None);
        assert_eq!(database(Some("app"), &[]), None);
        assert_eq!(database(Some("kbudde/rabbitmq-exporter"), &[9090]), None);
    }
}
