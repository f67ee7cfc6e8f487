//! Derived facts and graph predicates that rule expressions may use besides
//! settings. The resolver checks names and arguments against this table; the
//! analysis stage computes them.

use super::schema::Subject;

/// What a rule is evaluated on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ctx {
    /// An element of one of these types.
    Element(&'static [Subject]),
    Flow,
    Boundary,
    Identity,
}

pub const ANY_ELEMENT: &[Subject] = &[Subject::Actor, Subject::Process, Subject::Store];

impl Ctx {
    /// The context of a rule's `applies-to`.
    pub fn of_applies_to(word: &str) -> Option<Ctx> {
        Some(match word {
            "actor" => Ctx::Element(&[Subject::Actor]),
            "process" => Ctx::Element(&[Subject::Process]),
            "store" => Ctx::Element(&[Subject::Store]),
            "element" => Ctx::Element(ANY_ELEMENT),
            "flow" => Ctx::Flow,
            "boundary" => Ctx::Boundary,
            "identity" => Ctx::Identity,
            _ => return None,
        })
    }

    pub fn subjects(self) -> &'static [Subject] {
        match self {
            Ctx::Element(s) => s,
            Ctx::Flow => &[Subject::Flow],
            Ctx::Boundary => &[Subject::Boundary],
            Ctx::Identity => &[Subject::Identity],
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Ctx::Element(_) => "an element",
            Ctx::Flow => "a flow",
            Ctx::Boundary => "a boundary",
            Ctx::Identity => "an identity",
        }
    }

    /// Where `name.` leads from here.
    pub fn navigate(self, name: &str) -> Option<Ctx> {
        match (self, name) {
            (Ctx::Flow, "source" | "target") => Some(Ctx::Element(ANY_ELEMENT)),
            (Ctx::Flow, "credential") => Some(Ctx::Identity),
            (Ctx::Element(_), "boundary" | "namespace" | "cluster") => Some(Ctx::Boundary),
            (Ctx::Element(s), "identity") if s.contains(&Subject::Process) => Some(Ctx::Identity),
            (Ctx::Boundary, "parent") => Some(Ctx::Boundary),
            (Ctx::Identity, "scope") => Some(Ctx::Boundary),
            _ => None,
        }
    }

    /// Names usable before a `.` here.
    pub fn navigations(self) -> &'static [&'static str] {
        match self {
            Ctx::Flow => &["source", "target", "credential"],
            Ctx::Element(_) => &["boundary", "namespace", "cluster", "identity"],
            Ctx::Boundary => &["parent"],
            Ctx::Identity => &["scope"],
        }
    }
}

/// Type of a derived fact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FactTy {
    Bool,
    Number,
}

/// A derived fact usable as a bare name.
pub struct Fact {
    pub name: &'static str,
    pub on: &'static [&'static str],
    pub ty: FactTy,
    pub doc: &'static str,
}

/// Derived facts; `on` lists `flow`, `element`, `process`, `boundary`, `identity` or `any`.
pub static FACTS: &[Fact] = &[
    Fact {
        name: "crosses-boundary",
        on: &["flow"],
        ty: FactTy::Bool,
        doc: "source and target have different innermost boundaries",
    },
    Fact {
        name: "crossings",
        on: &["flow"],
        ty: FactTy::Number,
        doc: "number of boundaries left plus entered",
    },
    Fact {
        name: "entry-point",
        on: &["element"],
        ty: FactTy::Bool,
        doc: "has an inbound flow from an untrusted boundary",
    },
    Fact {
        name: "exposed",
        on: &["element"],
        ty: FactTy::Bool,
        doc: "an entry point, or exposure public, or a node-port or load-balancer service",
    },
    Fact {
        name: "image-trusted",
        on: &["process"],
        ty: FactTy::Bool,
        doc: "the image comes from one of the model's trusted-registries",
    },
    Fact {
        name: "image-mutable",
        on: &["process"],
        ty: FactTy::Bool,
        doc: "the image is referenced by no tag or the `latest` tag, not a digest",
    },
    Fact {
        name: "image-pinned",
        on: &["process"],
        ty: FactTy::Bool,
        doc: "the image is referenced by digest (@sha256:…)",
    },
    Fact {
        name: "calls-api-server",
        on: &["element"],
        ty: FactTy::Bool,
        doc: "has a flow to a k8s-api-server",
    },
    Fact {
        name: "wildcard-grant",
        on: &["identity", "process"],
        ty: FactTy::Bool,
        doc: "a grant with `*` as verb or resource",
    },
    Fact {
        name: "default-account",
        on: &["identity"],
        ty: FactTy::Bool,
        doc: "a namespace's implicit default service account",
    },
    Fact {
        name: "used",
        on: &["identity"],
        ty: FactTy::Bool,
        doc: "some process runs as it or some flow presents it",
    },
    Fact {
        name: "human",
        on: &["identity"],
        ty: FactTy::Bool,
        doc: "presented by an actor of kind user or admin, or of kind k8s-user, k8s-group or human-account",
    },
    Fact {
        name: "cluster-audit-log",
        on: &["any"],
        ty: FactTy::Bool,
        doc: "some k8s-api-server of the model has audit-log true",
    },
    Fact {
        name: "sensitive",
        on: &["flow", "element"],
        ty: FactTy::Bool,
        doc: "carries, returns or stores confidential or restricted data",
    },
    Fact {
        name: "workload",
        on: &["element"],
        ty: FactTy::Bool,
        doc: "added; a process whose kind is a Kubernetes workload kind (gets the workload settings)",
    },
    Fact {
        name: "registries-declared",
        on: &["any"],
        ty: FactTy::Bool,
        doc: "added; some model block of the build declares at least one trusted-registries entry",
    },
    Fact {
        name: "trust-change",
        on: &["flow"],
        ty: FactTy::Number,
        doc: "added; trust rank of the target's innermost boundary minus the source's (untrusted 0, low 1, medium 2, high 3); 0 when either end is in no boundary",
    },
];

/// Argument kinds of predicates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arg {
    BoundaryKind,
    ElementKind,
    Classification,
    Verb,
    Resource,
    /// `cluster` or `namespace`.
    GrantScope,
    /// The name of a list setting, then strings.
    SettingThenPrefixes,
}

/// A graph predicate `name(args…)`.
pub struct Predicate {
    pub name: &'static str,
    pub on: &'static [&'static str],
    pub args: &'static [Arg],
    /// How many trailing args may be left out.
    pub optional: usize,
    pub doc: &'static str,
}

pub static PREDICATES: &[Predicate] = &[
    Predicate {
        name: "crosses",
        on: &["flow"],
        args: &[Arg::BoundaryKind],
        optional: 0,
        doc: "the flow leaves or enters a boundary of that kind",
    },
    Predicate {
        name: "reachable-from",
        on: &["flow", "element"],
        args: &[Arg::BoundaryKind],
        optional: 0,
        doc: "some path of flows starts in a boundary of that kind",
    },
    Predicate {
        name: "carries",
        on: &["flow", "element"],
        args: &[Arg::Classification],
        optional: 0,
        doc: "carries or returns data of at least that classification (an element: on any of its flows)",
    },
    Predicate {
        name: "sends",
        on: &["flow"],
        args: &[Arg::Classification],
        optional: 0,
        doc: "added; lists under `carries` (not `returns`) data of at least that classification",
    },
    Predicate {
        name: "returns",
        on: &["flow"],
        args: &[Arg::Classification],
        optional: 0,
        doc: "added; lists under `returns` data of at least that classification",
    },
    Predicate {
        name: "stores",
        on: &["element"],
        args: &[Arg::Classification],
        optional: 0,
        doc: "stores data of at least that classification",
    },
    Predicate {
        name: "grants",
        on: &["identity", "process"],
        args: &[Arg::Verb, Arg::Resource, Arg::GrantScope],
        optional: 1,
        doc: "allows VERB on RESOURCE (wildcards count); with `cluster`, cluster-wide only",
    },
    Predicate {
        name: "flows-to",
        on: &["element"],
        args: &[Arg::ElementKind],
        optional: 0,
        doc: "has an outbound flow to an element of that kind",
    },
    Predicate {
        name: "inbound-from",
        on: &["element"],
        args: &[Arg::BoundaryKind],
        optional: 0,
        doc: "has an inbound flow whose source is inside a boundary of that kind",
    },
    Predicate {
        name: "inbound-from-outside",
        on: &["element"],
        args: &[Arg::BoundaryKind],
        optional: 0,
        doc: "has an inbound flow whose source is not inside the element's nearest boundary of that kind",
    },
    Predicate {
        name: "inside",
        on: &["element", "flow"],
        args: &[Arg::BoundaryKind],
        optional: 0,
        doc: "lies in a boundary of that kind (a flow: both ends do)",
    },
    Predicate {
        name: "any-starts-with",
        on: &["any"],
        args: &[Arg::SettingThenPrefixes],
        optional: 0,
        doc: "some entry of a list setting starts with one of the strings",
    },
];

fn ctx_matches(on: &[&str], ctx: Ctx) -> bool {
    on.iter().any(|o| match (*o, ctx) {
        ("any", _) => true,
        ("flow", Ctx::Flow) | ("boundary", Ctx::Boundary) | ("identity", Ctx::Identity) => true,
        ("element", Ctx::Element(_)) => true,
        ("process", Ctx::Element(s)) => s == [Subject::Process],
        _ => false,
    })
}

pub fn fact(name: &str, ctx: Ctx) -> Option<&'static Fact> {
    FACTS
        .iter()
        .find(|f| f.name == name && ctx_matches(f.on, ctx))
}

pub fn predicate(name: &str) -> Option<&'static Predicate> {
    PREDICATES.iter().find(|p| p.name == name)
}

pub fn predicate_fits(p: &Predicate, ctx: Ctx) -> bool {
    ctx_matches(p.on, ctx)
}

pub fn fact_names(ctx: Ctx) -> impl Iterator<Item = &'static str> {
    FACTS
        .iter()
        .filter(move |f| ctx_matches(f.on, ctx))
        .map(|f| f.name)
}
