//! The fact registry: every derived fact and graph predicate a rule's
//! `when` may use, one entry each with its name, the subjects it applies
//! to, its type (a fact) or arguments (a predicate), and its meaning.
//!
//! Everything else is built from these two tables: the resolver checks
//! names and arguments against them and lowers expressions to the enums
//! [`Fact`] and [`Pred`]; the language reference (`docs/language.md`) is
//! generated from them; the model generator's conditions are tested
//! against them; and the analysis evaluates each entry through an
//! exhaustive `match` on its enum (`analysis::eval::facts` and
//! `analysis::eval::pred`), so an entry cannot be registered without being
//! evaluated. To add a fact: add its line here, then its arm there (the
//! compiler asks for it), then a phrase in `analysis::eval::phrases`.

/// The subjects a fact or predicate applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum On {
    Flow,
    /// Any element (actor, process or store).
    Element,
    /// Rules of `applies-to process` only.
    Process,
    Boundary,
    Identity,
    /// Every subject.
    Any,
}

impl On {
    pub fn as_str(self) -> &'static str {
        match self {
            On::Flow => "flow",
            On::Element => "element",
            On::Process => "process",
            On::Boundary => "boundary",
            On::Identity => "identity",
            On::Any => "any",
        }
    }
}

/// The subjects of an entry as the reference lists them: `flow, element`.
pub fn on_text(on: &[On]) -> String {
    on.iter().map(|o| o.as_str()).collect::<Vec<_>>().join(", ")
}

/// Type of a derived fact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FactTy {
    Bool,
    Number,
}

/// A derived fact usable as a bare name.
#[derive(Debug)]
pub struct FactDef {
    pub fact: Fact,
    pub name: &'static str,
    pub on: &'static [On],
    pub ty: FactTy,
    pub doc: &'static str,
}

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
#[derive(Debug)]
pub struct PredicateDef {
    pub pred: Pred,
    pub name: &'static str,
    pub on: &'static [On],
    pub args: &'static [Arg],
    /// How many trailing args may be left out.
    pub optional: usize,
    pub doc: &'static str,
}

/// Declares the facts: the enum [`Fact`] and the table [`FACTS`], in the
/// same order (so a fact's entry is `FACTS[fact as usize]`).
macro_rules! facts {
    ($($variant:ident $name:literal on [$($on:ident),+] $ty:ident: $doc:literal;)+) => {
        /// A derived fact, by its registry entry.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Fact {
            $($variant),+
        }

        /// Every derived fact, in the order of the language reference.
        pub static FACTS: &[FactDef] = &[
            $(FactDef {
                fact: Fact::$variant,
                name: $name,
                on: &[$(On::$on),+],
                ty: FactTy::$ty,
                doc: $doc,
            }),+
        ];
    };
}

/// Declares the predicates: the enum [`Pred`] and the table [`PREDICATES`].
macro_rules! predicates {
    ($($variant:ident $name:literal on [$($on:ident),+] ($($arg:ident),+) optional $opt:literal: $doc:literal;)+) => {
        /// A graph predicate, by its registry entry.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Pred {
            $($variant),+
        }

        /// Every graph predicate, in the order of the language reference.
        pub static PREDICATES: &[PredicateDef] = &[
            $(PredicateDef {
                pred: Pred::$variant,
                name: $name,
                on: &[$(On::$on),+],
                args: &[$(Arg::$arg),+],
                optional: $opt,
                doc: $doc,
            }),+
        ];
    };
}

facts! {
    CrossesBoundary "crosses-boundary" on [Flow] Bool:
        "source and target have different innermost boundaries";
    Crossings "crossings" on [Flow] Number:
        "number of boundaries left plus entered";
    EntryPoint "entry-point" on [Element] Bool:
        "has an inbound flow from an untrusted boundary";
    Exposed "exposed" on [Element] Bool:
        "an entry point, or exposure public, or a node-port or load-balancer service";
    ImageTrusted "image-trusted" on [Process] Bool:
        "the image comes from one of the model's trusted-registries";
    ImageMutable "image-mutable" on [Process] Bool:
        "the image is referenced by no tag or the `latest` tag, not a digest";
    ImagePinned "image-pinned" on [Process] Bool:
        "the image is referenced by digest (@sha256:…)";
    CallsApiServer "calls-api-server" on [Element] Bool:
        "has a flow to a k8s-api-server";
    WildcardGrant "wildcard-grant" on [Identity, Process] Bool:
        "a grant with `*` as verb or resource";
    DefaultAccount "default-account" on [Identity] Bool:
        "a namespace's implicit default service account";
    Used "used" on [Identity] Bool:
        "some process runs as it or some flow presents it";
    Human "human" on [Identity] Bool:
        "presented by an actor of kind user or admin, or of kind k8s-user, k8s-group or human-account";
    ClusterAuditLog "cluster-audit-log" on [Any] Bool:
        "some k8s-api-server of the model has audit-log true";
    Sensitive "sensitive" on [Flow, Element] Bool:
        "carries, returns or stores confidential or restricted data";
    DataStore "data-store" on [Element] Bool:
        "added; the element is a store (not an actor or a process)";
    Workload "workload" on [Element] Bool:
        "added; a process whose kind is a Kubernetes workload kind (gets the workload settings)";
    OnControlPlane "on-control-plane" on [Element] Bool:
        "added; runs on a control-plane node: `control-plane-node true`, or inside a k8s-control-plane boundary";
    RegistriesDeclared "registries-declared" on [Any] Bool:
        "added; some model block of the build declares at least one trusted-registries entry";
    TrustChange "trust-change" on [Flow] Number:
        "added; trust rank of the target's innermost boundary minus the source's (untrusted 0, low 1, medium 2, high 3); 0 when either end is in no boundary";
    UnauthenticatedClients "unauthenticated-clients" on [Element] Number:
        "added; inbound flows with `authn none` from the same or a higher trust level over a network protocol (not file, ipc or kubernetes-api)";
    ServesUsers "serves-users" on [Element] Bool:
        "added; a process with a flow to or from an actor of kind user or admin or an actor in an internet boundary, directly or through k8s-ingress-controller and service-mesh-proxy processes";
    ReadsUserContent "reads-user-content" on [Flow] Bool:
        "added; a process reads a store (a flow out of the store, or into it with `returns`) that some flow writes users' input into (a flow into it that does not only list `returns`, its source a user actor, an actor in an internet boundary, or reached by flows from one); only the first such flow of each store and process pair";
    SendsPii "sends-pii" on [Flow] Bool:
        "added; lists under `carries` data marked `pii`";
    StoresPii "stores-pii" on [Element] Bool:
        "added; stores data marked `pii`";
}

predicates! {
    Crosses "crosses" on [Flow] (BoundaryKind) optional 0:
        "the flow leaves or enters a boundary of that kind";
    ReachableFrom "reachable-from" on [Flow, Element] (BoundaryKind) optional 0:
        "some path of flows starts in a boundary of that kind";
    Carries "carries" on [Flow, Element] (Classification) optional 0:
        "carries or returns data of at least that classification (an element: on any of its flows)";
    Sends "sends" on [Flow] (Classification) optional 0:
        "added; lists under `carries` (not `returns`) data of at least that classification";
    Returns "returns" on [Flow] (Classification) optional 0:
        "added; lists under `returns` data of at least that classification";
    Stores "stores" on [Element] (Classification) optional 0:
        "stores data of at least that classification";
    Grants "grants" on [Identity, Process] (Verb, Resource, GrantScope) optional 1:
        "allows VERB on every RESOURCE object (wildcards count; a grant limited by `named` does not); with `cluster` or `namespace`, only grants of that scope";
    FlowsTo "flows-to" on [Element] (ElementKind) optional 0:
        "has an outbound flow to an element of that kind";
    InboundFrom "inbound-from" on [Element] (BoundaryKind) optional 0:
        "has an inbound flow whose source is inside a boundary of that kind";
    InboundFromOutside "inbound-from-outside" on [Element] (BoundaryKind) optional 0:
        "has an inbound flow whose source is not inside the element's nearest boundary of that kind";
    Inside "inside" on [Element, Flow] (BoundaryKind) optional 0:
        "lies in a boundary of that kind (a flow: both ends do)";
    AnyStartsWith "any-starts-with" on [Any] (SettingThenPrefixes) optional 0:
        "some entry of a list setting starts with one of the strings";
}

impl Fact {
    /// The fact's registry entry.
    pub fn def(self) -> &'static FactDef {
        &FACTS[self as usize]
    }

    pub fn name(self) -> &'static str {
        self.def().name
    }

    /// The fact of this name, whatever it applies to.
    pub fn named(name: &str) -> Option<Fact> {
        FACTS.iter().find(|f| f.name == name).map(|f| f.fact)
    }
}

impl Pred {
    /// The predicate's registry entry.
    pub fn def(self) -> &'static PredicateDef {
        &PREDICATES[self as usize]
    }

    pub fn name(self) -> &'static str {
        self.def().name
    }

    pub fn named(name: &str) -> Option<Pred> {
        PREDICATES.iter().find(|p| p.name == name).map(|p| p.pred)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_found_by_their_enum_and_their_name() {
        for f in FACTS {
            assert_eq!(f.fact.def().name, f.name);
            assert_eq!(Fact::named(f.name), Some(f.fact));
            assert!(!f.doc.is_empty() && !f.on.is_empty(), "{}", f.name);
        }
        for p in PREDICATES {
            assert_eq!(p.pred.def().name, p.name);
            assert_eq!(Pred::named(p.name), Some(p.pred));
            assert!(p.optional < p.args.len(), "{}", p.name);
        }
        let mut names: Vec<&str> = FACTS.iter().map(|f| f.name).collect();
        names.extend(PREDICATES.iter().map(|p| p.name));
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count, "a name is registered twice");
    }
}
