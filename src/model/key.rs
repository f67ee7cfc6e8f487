//! Setting keys: one [`Key`] per setting of the language, spelt as users
//! write it. Settings are read through a key, never a string, so a typo in
//! a setting's name does not compile; user input names a setting once,
//! looked up with [`Key::from_name`] by the resolver.
//!
//! The keys are declared in the order of their spellings, so a [`Settings`]
//! map iterates in name order (a unit test checks the declaration).

use super::Val;
use std::collections::BTreeMap;
use std::fmt;

macro_rules! keys {
    ($($key:ident = $name:literal,)*) => {
        /// A setting of the language.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Key {
            $($key,)*
        }

        impl Key {
            /// Every key, in name order.
            pub const ALL: &'static [Key] = &[$(Key::$key,)*];

            /// The setting's name as users write it.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Key::$key => $name,)*
                }
            }

            /// The key of a setting's name, if the language has it.
            pub fn from_name(name: &str) -> Option<Key> {
                match name {
                    $($name => Some(Key::$key),)*
                    _ => None,
                }
            }
        }
    };
}

keys! {
    AccessControl = "access-control",
    Admission = "admission",
    AllowPrivilegeEscalation = "allow-privilege-escalation",
    AnonymousAuth = "anonymous-auth",
    ApparmorUnconfined = "apparmor-unconfined",
    AppliesTo = "applies-to",
    AuditLog = "audit-log",
    AuditLogging = "audit-logging",
    Authn = "authn",
    Authorization = "authorization",
    AuthorizedNetworks = "authorized-networks",
    AuthorizesCallers = "authorizes-callers",
    Automount = "automount",
    Availability = "availability",
    Backup = "backup",
    Capabilities = "capabilities",
    Card = "card",
    Carries = "carries",
    Category = "category",
    Classification = "classification",
    ClientCertAuth = "client-cert-auth",
    Cni = "cni",
    Compromise = "compromise",
    ContentFilter = "content-filter",
    ControlPlaneNode = "control-plane-node",
    ControlPlaneOnly = "control-plane-only",
    Credential = "credential",
    Cvss = "cvss",
    DeadlineCritical = "deadline-critical",
    DeadlineHigh = "deadline-high",
    DeadlineLow = "deadline-low",
    DeadlineMedium = "deadline-medium",
    Description = "description",
    DropCapabilities = "drop-capabilities",
    Encrypted = "encrypted",
    EncryptedAtRest = "encrypted-at-rest",
    Engine = "engine",
    EphemeralContainers = "ephemeral-containers",
    Exposure = "exposure",
    Grounded = "grounded",
    Hardened = "hardened",
    HostIpc = "host-ipc",
    HostNetwork = "host-network",
    HostPath = "host-path",
    HostPathReadOnly = "host-path-read-only",
    HostPid = "host-pid",
    HostPorts = "host-ports",
    HumanApproval = "human-approval",
    Image = "image",
    Implicit = "implicit",
    IngressFrom = "ingress-from",
    IngressIsolated = "ingress-isolated",
    InputValidated = "input-validated",
    InsecurePort = "insecure-port",
    Integrity = "integrity",
    Kind = "kind",
    KnownVulnerabilities = "known-vulnerabilities",
    Limits = "limits",
    LongLived = "long-lived",
    ManagementUi = "management-ui",
    ManifestUrl = "manifest-url",
    MetadataBlocked = "metadata-blocked",
    Mfa = "mfa",
    Mitigation = "mitigation",
    ModelVerified = "model-verified",
    NetworkPolicy = "network-policy",
    On = "on",
    OutputEncoded = "output-encoded",
    Owner = "owner",
    Pii = "pii",
    PlaintextSecrets = "plaintext-secrets",
    PodSecurity = "pod-security",
    Port = "port",
    Ports = "ports",
    Privileged = "privileged",
    ProcMountUnmasked = "proc-mount-unmasked",
    Protocol = "protocol",
    RateLimited = "rate-limited",
    ReadOnlyPort = "read-only-port",
    ReadOnlyRootFs = "read-only-root-fs",
    Reason = "reason",
    References = "references",
    Replicas = "replicas",
    Returns = "returns",
    Role = "role",
    RunAsNonRoot = "run-as-non-root",
    RunAsRoot = "run-as-root",
    RunAsUser = "run-as-user",
    RunsAs = "runs-as",
    Scope = "scope",
    SeccompUnconfined = "seccomp-unconfined",
    SecretsAs = "secrets-as",
    ServiceType = "service-type",
    Severity = "severity",
    SourceRanges = "source-ranges",
    SshServer = "ssh-server",
    Status = "status",
    Stores = "stores",
    Stride = "stride",
    Subject = "subject",
    SystemPrompt = "system-prompt",
    TenantIsolation = "tenant-isolation",
    Ticket = "ticket",
    TokenLimits = "token-limits",
    ToolActions = "tool-actions",
    Trust = "trust",
    TrustedRegistries = "trusted-registries",
    TunedOn = "tuned-on",
    UnsafeSysctls = "unsafe-sysctls",
    Until = "until",
    User = "user",
    Version = "version",
}

impl Key {
    /// Its position in [`Key::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Setting → value, in name order (deterministic).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings(BTreeMap<Key, Val>);

impl Settings {
    pub fn new() -> Self {
        Settings::default()
    }

    pub fn get(&self, key: Key) -> Option<&Val> {
        self.0.get(&key)
    }

    pub fn get_mut(&mut self, key: Key) -> Option<&mut Val> {
        self.0.get_mut(&key)
    }

    pub fn contains(&self, key: Key) -> bool {
        self.0.contains_key(&key)
    }

    /// Sets `key`, giving back its old value.
    pub fn insert(&mut self, key: Key, val: Val) -> Option<Val> {
        self.0.insert(key, val)
    }

    /// Sets `key` unless it is set.
    pub fn insert_default(&mut self, key: Key, val: Val) {
        self.0.entry(key).or_insert(val);
    }

    pub fn remove(&mut self, key: Key) -> Option<Val> {
        self.0.remove(&key)
    }

    /// A boolean setting that is set and true.
    pub fn flag(&self, key: Key) -> bool {
        matches!(self.get(key), Some(Val::Bool(true)))
    }

    /// The text of a word or string setting.
    pub fn word(&self, key: Key) -> Option<&str> {
        self.get(key).and_then(Val::as_str)
    }

    /// The words and strings of a list setting (empty when unset).
    pub fn list(&self, key: Key) -> Vec<&str> {
        match self.get(key) {
            Some(Val::List(l)) => l.iter().filter_map(Val::as_str).collect(),
            _ => Vec::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Each setting and its value, in name order.
    pub fn iter(&self) -> impl Iterator<Item = (Key, &Val)> {
        self.0.iter().map(|(k, v)| (*k, v))
    }
}

/// The value of a setting that is set (panics when it is not, as a map's
/// index does).
impl std::ops::Index<Key> for Settings {
    type Output = Val;

    fn index(&self, key: Key) -> &Val {
        &self.0[&key]
    }
}

impl IntoIterator for Settings {
    type Item = (Key, Val);
    type IntoIter = std::collections::btree_map::IntoIter<Key, Val>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl FromIterator<(Key, Val)> for Settings {
    fn from_iter<I: IntoIterator<Item = (Key, Val)>>(iter: I) -> Self {
        Settings(iter.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_declared_in_name_order() {
        for pair in Key::ALL.windows(2) {
            assert!(
                pair[0].as_str() < pair[1].as_str(),
                "{} is declared before {}",
                pair[0],
                pair[1]
            );
        }
    }

    #[test]
    fn names_read_back() {
        for (i, &k) in Key::ALL.iter().enumerate() {
            assert_eq!(Key::from_name(k.as_str()), Some(k));
            assert_eq!(k.index(), i);
        }
        assert_eq!(Key::from_name("host-pids"), None);
    }

    #[test]
    fn settings_iterate_in_name_order() {
        let s: Settings = [Key::Ports, Key::Port, Key::HostPid, Key::HostPath]
            .into_iter()
            .map(|k| (k, Val::Bool(true)))
            .collect();
        let names: Vec<&str> = s.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, ["host-path", "host-pid", "port", "ports"]);
    }
}
