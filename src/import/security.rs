//! A pod's security posture → workload settings: privileged, root, privilege
//! escalation, host namespaces, hostPath mounts, capabilities, read-only
//! root filesystem, limits, how secrets arrive, token automount, ports.
//! "Every container" means the containers and the init containers.

use super::emit;
use crate::resolve::vocab::CAPABILITY;
use k8s_openapi::api::core::v1::{Container, PodSpec};
use std::collections::{BTreeMap, BTreeSet};

/// Security settings, written only where they differ from the language's
/// defaults (which are Kubernetes' own).
pub fn settings(
    spec: &PodSpec,
    all: &[&Container],
    annotations: &BTreeMap<String, String>,
    notes: &mut Vec<String>,
) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = Vec::new();
    let t = |b: bool| b.to_string();
    let ports: Vec<String> = {
        let mut seen = BTreeSet::new();
        all.iter()
            .flat_map(|c| c.ports.iter().flatten())
            .map(|p| p.container_port.to_string())
            .filter(|p| seen.insert(p.clone()))
            .collect()
    };
    if !ports.is_empty() {
        out.push(("ports", emit::strings(&ports)));
    }
    let sc = |c: &Container| c.security_context.clone().unwrap_or_default();
    let privileged = all.iter().any(|c| sc(c).privileged == Some(true));
    if privileged {
        out.push(("privileged", t(true)));
    }
    let pod_sc = spec.security_context.clone().unwrap_or_default();
    let non_root = |c: &Container| {
        let s = sc(c);
        let user = s.run_as_user.or(pod_sc.run_as_user);
        let non_root = s.run_as_non_root.or(pod_sc.run_as_non_root);
        match user {
            Some(0) => false,
            Some(_) => true,
            None => non_root == Some(true),
        }
    };
    if !all.is_empty() && all.iter().all(|c| non_root(c)) {
        out.push(("run-as-root", t(false)));
    }
    // The UID every container runs as, the container's own over the pod's.
    let uids: BTreeSet<i64> = all
        .iter()
        .filter_map(|c| sc(c).run_as_user.or(pod_sc.run_as_user))
        .collect();
    let all_set = all
        .iter()
        .all(|c| sc(c).run_as_user.or(pod_sc.run_as_user).is_some());
    if let (true, [uid]) = (all_set, uids.iter().collect::<Vec<_>>().as_slice()) {
        out.push(("run-as-user", uid.to_string()));
    }
    if !all.is_empty()
        && all
            .iter()
            .all(|c| sc(c).run_as_non_root.or(pod_sc.run_as_non_root) == Some(true))
    {
        out.push(("run-as-non-root", t(true)));
    }
    if !all.is_empty()
        && !privileged
        && all
            .iter()
            .all(|c| sc(c).allow_privilege_escalation == Some(false))
    {
        out.push(("allow-privilege-escalation", t(false)));
    }
    for (name, on) in [
        ("host-network", spec.host_network),
        ("host-pid", spec.host_pid),
        ("host-ipc", spec.host_ipc),
    ] {
        if on == Some(true) {
            out.push((name, t(true)));
        }
    }
    let (writable, read_only) = host_paths(spec, all);
    if !writable.is_empty() {
        out.push(("host-path", emit::strings(&writable)));
    }
    if !read_only.is_empty() {
        out.push(("host-path-read-only", emit::strings(&read_only)));
    }
    let host_ports: Vec<String> = {
        let mut seen = BTreeSet::new();
        all.iter()
            .flat_map(|c| c.ports.iter().flatten())
            .filter_map(|p| p.host_port.filter(|h| *h > 0))
            .map(|p| p.to_string())
            .filter(|p| seen.insert(p.clone()))
            .collect()
    };
    if !host_ports.is_empty() {
        out.push(("host-ports", emit::strings(&host_ports)));
    }
    let (add, drop) = capabilities(all, notes);
    if !add.is_empty() {
        out.push(("capabilities", emit::words(&add)));
    }
    if !drop.is_empty() {
        out.push(("drop-capabilities", emit::words(&drop)));
    }
    if !all.is_empty()
        && all
            .iter()
            .all(|c| sc(c).read_only_root_filesystem == Some(true))
    {
        out.push(("read-only-root-fs", t(true)));
    }
    let limited = |c: &Container| {
        c.resources
            .as_ref()
            .and_then(|r| r.limits.as_ref())
            .is_some_and(|l| l.contains_key("cpu") && l.contains_key("memory"))
    };
    if !all.is_empty() && all.iter().all(|c| limited(c)) {
        out.push(("limits", t(true)));
    }
    let env_secret = all.iter().any(|c| {
        c.env.iter().flatten().any(|e| {
            e.value_from
                .as_ref()
                .is_some_and(|v| v.secret_key_ref.is_some())
        }) || c.env_from.iter().flatten().any(|e| e.secret_ref.is_some())
    });
    let volume_secret = !super::workloads::secret_volumes(spec, all).is_empty();
    if env_secret {
        out.push(("secrets-as", "env".into()));
    } else if volume_secret {
        out.push(("secrets-as", "volume".into()));
    }
    out.extend(confinement(spec, all, annotations));
    if all.iter().any(|c| plaintext_credentials(c)) {
        out.push(("plaintext-secrets", t(true)));
    }
    match spec.automount_service_account_token {
        Some(false) => out.push(("automount", t(false))),
        Some(true) => out.push(("automount", t(true))),
        None => {}
    }
    out
}

/// Names of the pod's volumes mounted by some container, with whether any
/// mount of it is writable.
pub fn mounted(all: &[&Container]) -> BTreeMap<String, bool> {
    let mut m: BTreeMap<String, bool> = BTreeMap::new();
    for c in all {
        for vm in c.volume_mounts.iter().flatten() {
            let writable = vm.read_only != Some(true);
            let e = m.entry(vm.name.clone()).or_insert(false);
            *e |= writable;
        }
    }
    m
}

/// Seccomp or AppArmor `Unconfined`, `procMount: Unmasked`, unsafe sysctls.
fn confinement(
    spec: &PodSpec,
    all: &[&Container],
    annotations: &BTreeMap<String, String>,
) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let pod = spec.security_context.clone().unwrap_or_default();
    let unconfined = |t: Option<&str>| t.is_some_and(|t| t.eq_ignore_ascii_case("unconfined"));
    let seccomp = unconfined(pod.seccomp_profile.as_ref().map(|p| p.type_.as_str()))
        || all.iter().any(|c| {
            unconfined(
                c.security_context
                    .as_ref()
                    .and_then(|s| s.seccomp_profile.as_ref())
                    .map(|p| p.type_.as_str()),
            )
        })
        || annotations.iter().any(|(k, v)| {
            k.starts_with("seccomp.security.alpha.kubernetes.io/") && unconfined(Some(v))
        });
    if seccomp {
        out.push(("seccomp-unconfined", "true".to_string()));
    }
    let apparmor = unconfined(pod.app_armor_profile.as_ref().map(|p| p.type_.as_str()))
        || all.iter().any(|c| {
            unconfined(
                c.security_context
                    .as_ref()
                    .and_then(|s| s.app_armor_profile.as_ref())
                    .map(|p| p.type_.as_str()),
            )
        })
        || annotations.iter().any(|(k, v)| {
            k.starts_with("container.apparmor.security.beta.kubernetes.io/") && unconfined(Some(v))
        });
    if apparmor {
        out.push(("apparmor-unconfined", "true".to_string()));
    }
    if all.iter().any(|c| {
        c.security_context
            .as_ref()
            .and_then(|s| s.proc_mount.as_deref())
            == Some("Unmasked")
    }) {
        out.push(("proc-mount-unmasked", "true".to_string()));
    }
    let sysctls: Vec<String> = pod
        .sysctls
        .iter()
        .flatten()
        .map(|s| s.name.clone())
        .filter(|n| !SAFE_SYSCTLS.contains(&n.as_str()))
        .collect();
    if !sysctls.is_empty() {
        out.push(("unsafe-sysctls", emit::strings(&sysctls)));
    }
    out
}

/// The sysctls Pod Security's baseline level allows.
const SAFE_SYSCTLS: &[&str] = &[
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
];

/// Environment variable names that hold a credential.
const CREDENTIAL_NAMES: &[&str] = &[
    "PASSWORD",
    "PASSWD",
    "PASS",
    "PWD",
    "SECRET",
    "TOKEN",
    "API_KEY",
    "APIKEY",
    "ACCESS_KEY",
    "PRIVATE_KEY",
    "CREDENTIAL",
    "CREDENTIALS",
    "AUTH_KEY",
];

/// Does a container write a credential as a plain `env` value: a variable
/// named like a credential (`DB_PASSWORD`, `API_TOKEN`) with a literal value,
/// or a URL with a password in it (`postgres://user:pw@db`)?
pub fn plaintext_credentials(c: &Container) -> bool {
    c.env.iter().flatten().any(|e| {
        let Some(v) = e.value.as_deref().map(str::trim).filter(|v| !v.is_empty()) else {
            return false;
        };
        if url_password(v) {
            return true;
        }
        let name = e.name.to_uppercase();
        let words: Vec<&str> = name.split(|c: char| !c.is_ascii_alphanumeric()).collect();
        let named = CREDENTIAL_NAMES.iter().any(|n| {
            name == *n
                || name.ends_with(&format!("_{n}"))
                || name.starts_with(&format!("{n}_")) && words.len() <= 2
        });
        let not_a_value = [
            "FILE", "PATH", "DIR", "NAME", "REF", "ENABLED", "URL", "HEADER", "TYPE",
        ]
        .iter()
        .any(|s| words.last() == Some(s));
        let literal = !v.starts_with('/')
            && !v.starts_with("$(")
            && !["true", "false", "yes", "no", "none", "null"].contains(&v.to_lowercase().as_str());
        named && !not_a_value && literal
    })
}

/// `scheme://user:password@host`.
fn url_password(v: &str) -> bool {
    let Some((_, rest)) = v.split_once("://") else {
        return false;
    };
    let authority = rest.split('/').next().unwrap_or(rest);
    authority
        .rsplit_once('@')
        .and_then(|(userinfo, _)| userinfo.split_once(':'))
        .is_some_and(|(_, pw)| !pw.is_empty() && !pw.starts_with("$("))
}

fn host_paths(spec: &PodSpec, all: &[&Container]) -> (Vec<String>, Vec<String>) {
    let mounts = mounted(all);
    let (mut writable, mut read_only) = (Vec::new(), Vec::new());
    for v in spec.volumes.iter().flatten() {
        let (Some(hp), Some(w)) = (&v.host_path, mounts.get(&v.name)) else {
            continue;
        };
        let list = if *w { &mut writable } else { &mut read_only };
        let path = crate::host_path::normal(&hp.path);
        if !list.contains(&path) {
            list.push(path);
        }
    }
    (writable, read_only)
}

/// Capabilities added by any container, and dropped by every container;
/// upper case without `CAP_`. Names outside the vocabulary become a note.
fn capabilities(all: &[&Container], notes: &mut Vec<String>) -> (Vec<String>, Vec<String>) {
    let norm = |s: &String| {
        let u = s.trim().to_uppercase();
        u.strip_prefix("CAP_").map(str::to_string).unwrap_or(u)
    };
    let mut add: Vec<String> = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    let mut drop: Option<BTreeSet<String>> = None;
    for c in all {
        let caps = c
            .security_context
            .as_ref()
            .and_then(|s| s.capabilities.clone())
            .unwrap_or_default();
        for a in caps.add.iter().flatten().map(norm) {
            let list = if CAPABILITY.contains(&a) {
                &mut add
            } else {
                &mut unknown
            };
            if !list.contains(&a) {
                list.push(a);
            }
        }
        let mut dropped = BTreeSet::new();
        for d in caps.drop.iter().flatten().map(norm) {
            if CAPABILITY.contains(&d) {
                dropped.insert(d);
            } else if !unknown.contains(&d) {
                unknown.push(d);
            }
        }
        drop = Some(match drop {
            None => dropped,
            Some(d) => d.intersection(&dropped).cloned().collect(),
        });
    }
    if !unknown.is_empty() {
        notes.push(emit::one_line(&format!(
            "capabilities not in the language's vocabulary, left out: {}",
            unknown.join(", ")
        )));
    }
    let mut drop: Vec<String> = drop.unwrap_or_default().into_iter().collect();
    // ALL first, then in vocabulary order.
    drop.sort_by_key(|d| CAPABILITY.rank(d));
    (add, drop)
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::core::v1::EnvVar;

    fn env(name: &str, value: &str) -> Container {
        Container {
            env: Some(vec![EnvVar {
                name: name.into(),
                value: Some(value.into()),
                ..Default::default()
            }]),
            ..Default::default()
        }
    }

    #[test]
    fn credentials_in_env_values() {
        assert!(plaintext_credentials(&env("DB_PASSWORD", "hunter2")));
        assert!(plaintext_credentials(&env("API_TOKEN", "abc123")));
        assert!(plaintext_credentials(&env(
            "DSN",
            "postgres://app:s3cret@db:5432/x"
        )));
        assert!(!plaintext_credentials(&env(
            "PASSWORD_FILE",
            "/run/secrets/pw"
        )));
        assert!(!plaintext_credentials(&env("TOKEN_ENABLED", "true")));
        assert!(!plaintext_credentials(&env("DSN", "postgres://db:5432/x")));
        assert!(!plaintext_credentials(&env("LOG_LEVEL", "debug")));
    }
}
