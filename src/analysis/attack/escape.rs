//! Escape capabilities: what a controlled container's settings give on its
//! node. Each is a small function over the workload's settings that
//! returns the arguments of its reason ([`super::catalogue`]), or `None`.
//!
//! Host paths are compared in normal form ([`crate::host_path`]), and a
//! mount of a parent directory (`/`, `/var`) covers every sensitive path
//! below it.

use super::catalogue::{CAPABILITIES, Capability, Find};
use crate::host_path::{covers, normal};
use crate::model::{Key, Settings};

/// What a capability gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gives {
    /// Control of the node.
    Node,
    /// The service-account tokens (and node credentials) kept on the node:
    /// the identities of every workload that may run there.
    NodeTokens,
    /// Every right in the cluster: the cluster CA's key signs a client
    /// certificate for any user or group, system:masters included.
    ClusterAdmin,
}

/// Writable host paths that give the node, and whether a mount below one
/// gives it too (a subdirectory of `/etc/kubernetes/manifests` still holds
/// static pods; a subdirectory of `/dev` is one device).
const NODE_PATHS: &[(&str, bool)] = &[
    ("/etc", false),
    ("/etc/kubernetes/manifests", true),
    ("/etc/cron.d", true),
    ("/etc/systemd", true),
    ("/var/lib/kubelet", true),
    ("/var/lib/docker", true),
    ("/var/lib/containerd", true),
    ("/var/log", true),
    ("/var/run", false),
    ("/run", false),
    ("/root", true),
    ("/home", true),
    ("/dev", false),
    ("/sys", true),
    ("/proc", false),
    ("/proc/sys/kernel", true),
    ("/usr/bin", true),
    ("/usr/sbin", true),
    ("/usr/lib", true),
    ("/bin", true),
    ("/sbin", true),
    ("/lib", true),
    ("/boot", true),
];

/// Container runtime sockets and their directories.
const SOCKETS: &[&str] = &[
    "/var/run/docker.sock",
    "/run/docker.sock",
    "/var/run/containerd",
    "/run/containerd",
    "/var/run/crio",
    "/run/crio",
    "/var/run/cri-dockerd.sock",
    "/var/run/dockershim.sock",
    "/run/k3s/containerd",
];

/// Host directories that hold SSH keys to log in to the node: read, even
/// read-only, they give the node wherever it accepts SSH (KubeHound's
/// EXPLOIT_HOST_READ).
const SSH_KEY_PATHS: &[&str] = &["/root/.ssh", "/home"];

/// The control plane's PKI (kubeadm's layout): the cluster CA's key and
/// the administrators' kubeconfigs. A mount of the directory itself (or of
/// a file in it) is there for the keys; a mount of a parent (`/`, `/etc`)
/// is not counted, since on a worker node these files are absent.
const CLUSTER_CA_PATHS: &[&str] = &[
    "/etc/kubernetes/pki",
    "/etc/kubernetes/admin.conf",
    "/etc/kubernetes/super-admin.conf",
];

/// etcd's data directory (kubeadm's `--data-dir`): every object of the
/// cluster, each Secret in clear unless encrypted at rest, so every
/// service-account token.
const ETCD_DATA: &str = "/var/lib/etcd";

/// Read-only paths that hold credentials: every pod's service-account
/// token (kubelet state), the kubelet's and administrators' kubeconfigs,
/// SSH keys.
const CREDENTIAL_PATHS: &[&str] = &[
    "/var/lib/kubelet/pods",
    "/var/lib/kubelet/pki",
    "/etc/kubernetes",
    "/root/.ssh",
    "/root/.kube",
];

pub(super) fn privileged(s: &Settings) -> Option<Vec<&str>> {
    s.flag(Key::Privileged).then(Vec::new)
}

/// hostPID alone shows the node's processes; with CAP_SYS_PTRACE (or
/// privilege) it enters them.
pub(super) fn host_pid_ptrace(s: &Settings) -> Option<Vec<&str>> {
    let ptrace = s
        .list(Key::Capabilities)
        .iter()
        .any(|c| *c == "SYS_PTRACE" || *c == "ALL");
    (s.flag(Key::HostPid) && ptrace).then(Vec::new)
}

pub(super) fn escape_capability(s: &Settings) -> Option<Vec<&str>> {
    s.list(Key::Capabilities)
        .into_iter()
        .find(|c| ["SYS_ADMIN", "SYS_MODULE", "ALL"].contains(c))
        .map(|c| vec![c])
}

pub(super) fn writable_host_path(s: &Settings) -> Option<Vec<&str>> {
    s.list(Key::HostPath).into_iter().find_map(|raw| {
        let p = normal(raw);
        let hit = NODE_PATHS
            .iter()
            .any(|(n, below)| covers(&p, n) || (*below && covers(n, &p)))
            || SOCKETS.iter().any(|n| covers(&p, n) || covers(n, &p))
            || p.ends_with(".sock");
        hit.then(|| vec![raw])
    })
}

/// A runtime socket mounted read-only: read-only applies to the file, not
/// to the API behind it.
pub(super) fn runtime_socket(s: &Settings) -> Option<Vec<&str>> {
    s.list(Key::HostPathReadOnly).into_iter().find_map(|raw| {
        let p = normal(raw);
        let hit = SOCKETS.iter().any(|n| covers(&p, n) || covers(n, &p)) || p.ends_with(".sock");
        hit.then(|| vec![raw])
    })
}

/// A mount, read-only or not, of the cluster CA's key or an administrator's
/// kubeconfig; on a control-plane node (`control-plane-node`), of a parent
/// of them too (`/etc/kubernetes`, `/etc`, `/`), since the files are there.
pub(super) fn cluster_ca(s: &Settings) -> Option<Vec<&str>> {
    control_plane_mount(s, CLUSTER_CA_PATHS)
}

/// The first mount, read-only or not, of one of `paths` or of a path
/// below one; on a control-plane node (`control-plane-node`), of a parent
/// of one too, since the control plane's files are there.
fn control_plane_mount<'s>(s: &'s Settings, paths: &[&str]) -> Option<Vec<&'s str>> {
    let control_plane = s.flag(Key::ControlPlaneNode);
    s.list(Key::HostPathReadOnly)
        .into_iter()
        .chain(s.list(Key::HostPath))
        .find_map(|raw| {
            let p = normal(raw);
            paths
                .iter()
                .any(|n| covers(n, &p) || (control_plane && covers(&p, n)))
                .then(|| vec![raw])
        })
}

/// A mount, read-only or not, of etcd's data directory; of a parent of it
/// (`/var/lib`, `/var`, `/`) only on a control-plane node, where etcd runs
/// (on a worker the directory is absent).
pub(super) fn etcd_data(s: &Settings) -> Option<Vec<&str>> {
    control_plane_mount(s, &[ETCD_DATA])
}

/// A mount, read-only or not, of the directories that hold login keys.
pub(super) fn ssh_keys(s: &Settings) -> Option<Vec<&str>> {
    s.list(Key::HostPathReadOnly)
        .into_iter()
        .chain(s.list(Key::HostPath))
        .find_map(|raw| {
            let p = normal(raw);
            let hit = SSH_KEY_PATHS.iter().any(|n| covers(&p, n) || covers(n, &p));
            hit.then(|| vec![raw])
        })
}

pub(super) fn read_only_credentials(s: &Settings) -> Option<Vec<&str>> {
    s.list(Key::HostPathReadOnly).into_iter().find_map(|raw| {
        let p = normal(raw);
        let hit = CREDENTIAL_PATHS
            .iter()
            .any(|n| covers(&p, n) || covers(n, &p));
        hit.then(|| vec![raw])
    })
}

/// The first escape a workload's settings give: its capability, what it
/// gives, and the arguments of its reason after the workload's name.
pub fn first(s: &Settings) -> Option<(&'static Capability, Gives, Vec<&str>)> {
    CAPABILITIES.iter().find_map(|c| match c.find {
        Find::Escape(gives, test) => test(s).map(|args| (c, gives, args)),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::model::Val;

    fn with(pairs: &[(Key, Val)]) -> Settings {
        let mut s = Settings::default();
        for (k, v) in pairs {
            s.insert(*k, v.clone());
        }
        s
    }

    fn paths(name: Key, ps: &[&str]) -> Settings {
        with(&[(
            name,
            Val::List(ps.iter().map(|p| Val::Text(p.to_string())).collect()),
        )])
    }

    fn name_of(s: &Settings) -> Option<&'static str> {
        first(s).map(|f| f.0.name)
    }

    #[test]
    fn writable_paths_that_give_the_node() {
        for p in [
            "/etc/kubernetes/manifests",
            "/var/lib/kubelet/pods",
            "/root",
            "/home",
            "/dev",
            "/sys",
            "/proc/sys/kernel",
            "/usr/bin",
            "/boot",
            "/var/log",
            "/etc/",
            "//",
            "/var",
        ] {
            assert_eq!(
                name_of(&paths(Key::HostPath, &[p])),
                Some("writable-host-path"),
                "{p}"
            );
        }
        assert_eq!(name_of(&paths(Key::HostPath, &["/data/app"])), None);
        assert_eq!(name_of(&paths(Key::HostPath, &["/dev/fuse"])), None);
    }

    #[test]
    fn read_only_mounts_that_still_give_something() {
        let sock = paths(Key::HostPathReadOnly, &["/var/run/docker.sock"]);
        assert_eq!(first(&sock).map(|f| f.1), Some(Gives::Node));
        let pods = paths(Key::HostPathReadOnly, &["/var/lib/kubelet/pods/"]);
        assert_eq!(first(&pods).map(|f| f.1), Some(Gives::NodeTokens));
        for p in ["/etc/kubernetes", "/root/.ssh", "/"] {
            assert!(first(&paths(Key::HostPathReadOnly, &[p])).is_some(), "{p}");
        }
        // Login keys give the node itself; kubelet state, its tokens.
        let ssh = paths(
            Key::HostPathReadOnly,
            &["/root/.ssh/", "/var/lib/kubelet/pods"],
        );
        assert_eq!(
            first(&ssh).map(|f| (f.0.name, f.1)),
            Some(("ssh-keys", Gives::Node))
        );
        let home = paths(Key::HostPathReadOnly, &["/home/admin/.ssh"]);
        assert_eq!(first(&home).map(|f| f.1), Some(Gives::Node));
        // The cluster CA's key, mounted for itself, writable or not.
        for k in [Key::HostPath, Key::HostPathReadOnly] {
            let pki = paths(k, &["/etc/kubernetes/pki/"]);
            assert_eq!(first(&pki).map(|f| f.1), Some(Gives::ClusterAdmin));
        }
        // A parent is not counted: on a worker it holds no CA key.
        let etc = paths(Key::HostPathReadOnly, &["/etc/kubernetes"]);
        assert_eq!(first(&etc).map(|f| f.1), Some(Gives::NodeTokens));
        assert!(first(&paths(Key::HostPathReadOnly, &["/etc/ssl/certs"])).is_none());
    }

    #[test]
    fn etcd_data_and_the_control_plane() {
        let on_cp = |k: Key, p: &str| {
            let mut s = paths(k, &[p]);
            s.insert(Key::ControlPlaneNode, Val::Bool(true));
            s
        };
        // etcd's data directory itself, read-only: every Secret.
        let etcd = paths(Key::HostPathReadOnly, &["/var/lib/etcd/"]);
        assert_eq!(
            first(&etcd).map(|f| (f.0.name, f.1)),
            Some(("etcd-data", Gives::ClusterAdmin))
        );
        // A parent only where etcd runs.
        let var_lib = paths(Key::HostPathReadOnly, &["/var/lib"]);
        assert_eq!(first(&var_lib).map(|f| f.1), Some(Gives::NodeTokens));
        assert_eq!(
            first(&on_cp(Key::HostPathReadOnly, "/var/lib")).map(|f| (f.0.name, f.1)),
            Some(("etcd-data", Gives::ClusterAdmin))
        );
        // /etc/kubernetes holds admin.conf on a control-plane node only.
        let etc = on_cp(Key::HostPathReadOnly, "/etc/kubernetes");
        assert_eq!(
            first(&etc).map(|f| (f.0.name, f.1)),
            Some(("cluster-ca", Gives::ClusterAdmin))
        );
        let worker = paths(Key::HostPathReadOnly, &["/etc/kubernetes"]);
        assert_eq!(
            first(&worker).map(|f| (f.0.name, f.1)),
            Some(("read-only-credentials", Gives::NodeTokens))
        );
    }

    #[test]
    fn host_pid_needs_ptrace_or_privilege() {
        let pid = with(&[(Key::HostPid, Val::Bool(true))]);
        assert!(first(&pid).is_none());
        let ptrace = with(&[
            (Key::HostPid, Val::Bool(true)),
            (
                Key::Capabilities,
                Val::List(vec![Val::Word("SYS_PTRACE".into())]),
            ),
        ]);
        assert_eq!(name_of(&ptrace), Some("host-pid-ptrace"));
        let privileged = with(&[
            (Key::HostPid, Val::Bool(true)),
            (Key::Privileged, Val::Bool(true)),
        ]);
        assert_eq!(name_of(&privileged), Some("privileged"));
    }
}
