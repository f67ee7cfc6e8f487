//! The closed vocabularies of the resolved model as enums: a boundary's
//! trust and kind, an element's and an identity's kind, a widget's kind,
//! a risk decision's status and a rule's `applies-to`. Each word keeps its
//! spelling ([`Trust::as_str`] and the like), so outputs print what users
//! write; the resolver's vocabularies ([`crate::resolve::vocab`]) take their
//! word lists from these enums, so the two cannot disagree.
//!
//! The language has no way to add words to these vocabularies; a
//! vocabulary users could extend would stay a string.

use std::fmt;

/// Declares an enum of words: its variants with their spellings, in
/// groups (each group's words as a constant, in declaration order).
macro_rules! words {
    ($(#[$doc:meta])* $name:ident { $($group:ident: [$($v:ident = $w:literal,)+])+ }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($($v,)+)+
        }

        impl $name {
            /// Every word, in declaration order.
            pub const ALL: &'static [$name] = &[$($($name::$v,)+)+];

            $(
                /// The spellings of this group, in declaration order.
                pub const $group: &'static [&'static str] = &[$($w,)+];
            )+

            /// The word as users write it.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($($name::$v => $w,)+)+
                }
            }

            /// The word of this spelling, if the vocabulary has it.
            pub fn from_word(word: &str) -> Option<$name> {
                match word {
                    $($($w => Some($name::$v),)+)+
                    _ => None,
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

words! {
    /// How far a boundary is trusted, lowest first (the order compares).
    Trust {
        WORDS: [
            Untrusted = "untrusted",
            Low = "low",
            Medium = "medium",
            High = "high",
        ]
    }
}

impl Trust {
    /// Its rank in the ordered vocabulary (untrusted 0 … high 3).
    pub fn rank(self) -> usize {
        self as usize
    }
}

words! {
    /// Where a threat stands, as a risk decision or a threat states it.
    Status {
        WORDS: [
            Open = "open",
            InProgress = "in-progress",
            Mitigated = "mitigated",
            Accepted = "accepted",
            FalsePositive = "false-positive",
        ]
    }
}

impl Status {
    /// The status of a word; anything else is `open`.
    pub fn parse(s: &str) -> Status {
        Status::from_word(s).unwrap_or(Status::Open)
    }

    /// Open and in-progress threats still need work and count for `--fail-on`.
    pub fn is_open(self) -> bool {
        matches!(self, Status::Open | Status::InProgress)
    }
}

words! {
    /// What a rule's `applies-to` names: the subjects it is evaluated on.
    AppliesTo {
        WORDS: [
            Actor = "actor",
            Process = "process",
            Store = "store",
            Element = "element",
            Flow = "flow",
            Boundary = "boundary",
            Identity = "identity",
        ]
    }
}

words! {
    /// What a boundary is.
    BoundaryKind {
        WORDS: [
            Internet = "internet",
            CorporateNetwork = "corporate-network",
            CloudAccount = "cloud-account",
            Network = "network",
            ThirdParty = "third-party",
            K8sCluster = "k8s-cluster",
            K8sControlPlane = "k8s-control-plane",
            K8sNode = "k8s-node",
            K8sNamespace = "k8s-namespace",
            K8sPod = "k8s-pod",
            Generic = "generic",
        ]
    }
}

words! {
    /// What an actor, process or store is; each element type has its own
    /// words.
    ElementKind {
        ACTOR: [
            User = "user",
            Admin = "admin",
            CiSystem = "ci-system",
            ExternalSystem = "external-system",
        ]
        PROCESS: [
            K8sApiServer = "k8s-api-server",
            Kubelet = "kubelet",
            K8sController = "k8s-controller",
            K8sScheduler = "k8s-scheduler",
            K8sIngressController = "k8s-ingress-controller",
            K8sDeployment = "k8s-deployment",
            K8sStatefulset = "k8s-statefulset",
            K8sDaemonset = "k8s-daemonset",
            K8sJob = "k8s-job",
            K8sCronjob = "k8s-cronjob",
            K8sPod = "k8s-pod",
            ServiceMeshProxy = "service-mesh-proxy",
            CloudMetadata = "cloud-metadata",
            ExternalService = "external-service",
            WebApp = "web-app",
            Service = "service",
            Function = "function",
            ManagementUi = "management-ui",
            Llm = "llm",
            ModelServer = "model-server",
            Agent = "agent",
            AgentTool = "agent-tool",
        ]
        STORE: [
            K8sEtcd = "k8s-etcd",
            K8sSecret = "k8s-secret",
            K8sConfigmap = "k8s-configmap",
            Database = "database",
            Cache = "cache",
            ObjectStorage = "object-storage",
            Queue = "queue",
            Volume = "volume",
            ContainerRegistry = "container-registry",
            LogStore = "log-store",
            FileSystem = "file-system",
            VectorStore = "vector-store",
        ]
    }
}

impl ElementKind {
    /// Process kinds that are Kubernetes workloads (they get the workload
    /// settings and defaults).
    pub const WORKLOADS: &'static [ElementKind] = &[
        ElementKind::K8sDeployment,
        ElementKind::K8sStatefulset,
        ElementKind::K8sDaemonset,
        ElementKind::K8sJob,
        ElementKind::K8sCronjob,
        ElementKind::K8sPod,
        ElementKind::K8sIngressController,
        ElementKind::ServiceMeshProxy,
        ElementKind::K8sController,
    ];

    /// A Kubernetes workload kind.
    pub fn is_workload(self) -> bool {
        ElementKind::WORKLOADS.contains(&self)
    }
}

words! {
    /// What an identity is.
    IdentityKind {
        WORDS: [
            K8sServiceAccount = "k8s-service-account",
            K8sUser = "k8s-user",
            K8sGroup = "k8s-group",
            CloudRole = "cloud-role",
            ApiKey = "api-key",
            HumanAccount = "human-account",
        ]
    }
}

words! {
    /// What an app widget is.
    WidgetKind {
        WORDS: [
            Form = "form",
            Login = "login",
            Upload = "upload",
            Search = "search",
            Api = "api",
            Button = "button",
            Link = "link",
            Display = "display",
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_read_back() {
        for t in Trust::ALL {
            assert_eq!(Trust::from_word(t.as_str()), Some(*t));
        }
        for k in ElementKind::ALL {
            assert_eq!(ElementKind::from_word(k.as_str()), Some(*k));
        }
        let groups =
            ElementKind::ACTOR.len() + ElementKind::PROCESS.len() + ElementKind::STORE.len();
        assert_eq!(groups, ElementKind::ALL.len());
        assert_eq!(Status::parse("whatever"), Status::Open);
        assert!(Trust::Untrusted < Trust::High);
        assert_eq!(Trust::High.rank(), 3);
    }
}

/// A closed set of words: the type of the resolver's vocabularies
/// ([`crate::resolve::vocab`]), kept here because a lowered condition
/// ([`crate::model::condition::Field`]) names the vocabulary it ranks in.
#[derive(Debug, PartialEq, Eq)]
pub struct Vocab {
    pub name: &'static str,
    pub words: &'static [&'static str],
    /// Words are listed lowest first and compare by rank.
    pub ordered: bool,
}

impl Vocab {
    pub fn rank(&self, word: &str) -> Option<usize> {
        self.words.iter().position(|w| *w == word)
    }

    pub fn contains(&self, word: &str) -> bool {
        self.rank(word).is_some()
    }
}
