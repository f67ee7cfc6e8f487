//! What a workload is beyond its controller kind, from its image, name,
//! arguments and environment: an ingress controller, a management UI or
//! dashboard, whether that UI lets anonymous users in, and whether the pod
//! runs an SSH server.

use super::workloads::{Text, image_name};
use k8s_openapi::api::core::v1::Container;

/// What a workload is beyond its controller kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// An ingress controller (nginx, Traefik, HAProxy, Contour, Kong, …).
    Ingress,
    /// A management UI or dashboard.
    Ui,
}

/// Image names of ingress controllers (the last path segment).
const INGRESS_IMAGES: &[&str] = &[
    "traefik",
    "contour",
    "haproxy-ingress",
    "kong",
    "kubernetes-ingress",
    "nginx-ingress",
    "nginx-ingress-controller",
    "ingress-controller",
    "skipper",
];

/// Image or workload names of management UIs and dashboards.
const UI_NAMES: &[&str] = &[
    "dashboard",
    "grafana",
    "kiali",
    "headlamp",
    "octant",
    "portainer",
    "rancher",
    "kubeapps",
    "k8dash",
    "skooner",
    "kube-ops-view",
    "weave-scope",
    "jupyter",
    "notebook",
    "kubeflow",
    "argocd-server",
    "argo-server",
    "argo-ui",
    "phpmyadmin",
    "adminer",
    "pgadmin",
    "kibana",
    "jenkins",
];

/// Words of image or workload names that make a workload named after a
/// UI a helper of it rather than the UI.
const HELPER_WORDS: &[&str] = &[
    "scraper", "exporter", "operator", "sidecar", "webhook", "agent", "metrics",
];

/// Recognises ingress controllers and management UIs by image and name.
pub fn role_of(name: &str, image: Option<&str>, texts: &[Text]) -> Option<Role> {
    let full = image.unwrap_or("").to_lowercase();
    let last = image.map(image_name).unwrap_or_default();
    let repo = full
        .split('@')
        .next()
        .unwrap_or("")
        .rsplit_once(':')
        .map_or(full.as_str(), |(r, tag)| {
            if tag.contains('/') { full.as_str() } else { r }
        });
    let ingress = INGRESS_IMAGES.contains(&last.as_str())
        || repo.contains("ingress-nginx")
        || repo.contains("ingress-controller")
        || texts
            .iter()
            .any(|t| t.value.contains("/nginx-ingress-controller"));
    if ingress {
        return Some(Role::Ingress);
    }
    let n = name.to_lowercase();
    // A helper named after the UI it serves (the dashboard's metrics
    // scraper) is not the UI.
    let helper = HELPER_WORDS
        .iter()
        .any(|h| last.contains(h) || n.contains(h));
    let ui = UI_NAMES.iter().any(|u| last.contains(u))
        || (!helper && UI_NAMES.iter().any(|u| n.contains(u)))
        || (last == "argocd" && n.ends_with("server") && !n.ends_with("repo-server"))
        || (last == "argocli" && texts.iter().any(|t| t.value == "server"));
    ui.then_some(Role::Ui)
}

/// Why a UI takes anonymous users, from its environment and arguments and
/// the ConfigMaps it reads (`configs`): Grafana's anonymous access, the
/// Kubernetes dashboard's skip-login, Argo's `server` auth mode, an
/// `anonymous` authentication strategy in a config file.
pub fn anonymous(texts: &[Text], configs: &[&str]) -> Option<String> {
    let mut previous = "";
    for t in texts {
        let v = t.value.trim();
        let skip_login = v == "--enable-skip-login"
            || v.strip_prefix("--enable-skip-login=")
                .is_some_and(|r| r != "false");
        let server_auth = v == "--auth-mode=server" || (previous == "--auth-mode" && v == "server");
        let grafana =
            t.env.as_deref() == Some("GF_AUTH_ANONYMOUS_ENABLED") && v.eq_ignore_ascii_case("true");
        if skip_login || server_auth || grafana {
            return Some(t.why.clone());
        }
        previous = v;
    }
    for c in configs {
        let lower = c.to_lowercase();
        let compact: String = lower
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '"' && *c != '\'')
            .collect();
        if compact.contains("strategy:anonymous")
            || compact.contains("[auth.anonymous]enabled=true")
            || compact.contains("auth_mode:server")
            || compact.contains("authmode:server")
            || compact.contains("skip-login:true")
        {
            return Some("a ConfigMap it reads allows anonymous access".into());
        }
    }
    None
}

/// Image names (the last path segment) of SSH servers.
const SSH_IMAGES: &[&str] = &[
    "sshd",
    "openssh",
    "openssh-server",
    "ssh-server",
    "dropbear",
];

/// Program names that are SSH servers.
const SSH_PROGRAMS: &[&str] = &["sshd", "dropbear"];

/// Is a port name an SSH port (`ssh`, `ssh-alt`, `tcp-ssh`)?
pub fn ssh_port_name(name: &str) -> bool {
    let n = name.to_lowercase();
    n == "ssh" || n.split(['-', '_']).any(|w| w == "ssh" || w == "sshd")
}

/// Why a pod runs an SSH server, whatever its port: an SSH server image, a
/// command or argument that starts `sshd`, or a container port named
/// `ssh`. Port 22 alone is the `ports` setting's.
pub fn ssh_server(all: &[&Container]) -> Option<String> {
    for c in all {
        if let Some(image) = c.image.as_deref() {
            let last = image_name(image);
            if SSH_IMAGES.contains(&last.as_str())
                || last.contains("sshd")
                || last.contains("openssh")
            {
                return Some(format!("image {image}"));
            }
        }
        for a in c.command.iter().flatten().chain(c.args.iter().flatten()) {
            let runs = a
                .split(|ch: char| ch.is_whitespace() || ";&|()'\"`".contains(ch))
                .find(|w| SSH_PROGRAMS.contains(&w.rsplit('/').next().unwrap_or(w)));
            if let Some(program) = runs {
                return Some(format!("container {} runs {program}", c.name));
            }
        }
        for p in c.ports.iter().flatten() {
            if let Some(n) = p.name.as_deref().filter(|n| ssh_port_name(n)) {
                return Some(format!("container port {n} ({})", p.container_port));
            }
        }
    }
    None
}
