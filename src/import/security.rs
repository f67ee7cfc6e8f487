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

fn host_paths(spec: &PodSpec, all: &[&Container]) -> (Vec<String>, Vec<String>) {
    let mounts = mounted(all);
    let (mut writable, mut read_only) = (Vec::new(), Vec::new());
    for v in spec.volumes.iter().flatten() {
        let (Some(hp), Some(w)) = (&v.host_path, mounts.get(&v.name)) else {
            continue;
        };
        let list = if *w { &mut writable } else { &mut read_only };
        if !list.contains(&hp.path) {
            list.push(hp.path.clone());
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
