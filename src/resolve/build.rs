//! Builds the [`Model`] from the flattened declarations: boundaries and their
//! tree, elements, flows, identities with grants, apps, risks, threats,
//! rules and scenarios, each reference mapped to an index.

use super::defaults;
use super::names::{Container, Names};
use super::schema::{RefKind, Subject};
use super::settings::{self, BlockParts};
use super::suggest::did_you_mean;
use super::vocab;
use crate::diagnostic::Diag;
use crate::model::*;
use crate::syntax::ast::{Decl, Ident, Item, Keyword, Target, ValueKind};
use foldhash::HashMap;

/// Index of each declared ID in its model vector (lookups only; iteration
/// order never reaches an output).
#[derive(Default)]
pub struct Index {
    pub data: HashMap<String, DataId>,
    pub boundaries: HashMap<String, BoundaryId>,
    pub elements: HashMap<String, ElementId>,
    pub identities: HashMap<String, IdentityId>,
    pub flows: HashMap<String, FlowId>,
}

pub struct Builder<'n, 'a> {
    pub names: &'n Names<'a>,
    pub model: Model,
    pub index: Index,
    pub diags: Vec<Diag>,
    /// From this many flows on, their blocks are read ahead ([`FLOWS_AHEAD`]).
    flows_ahead: usize,
}

fn label(d: &Decl, fallback: &str) -> String {
    d.label
        .as_ref()
        .map(|l| l.value.clone())
        .unwrap_or_else(|| fallback.to_string())
}

fn subject_of(k: Keyword) -> Subject {
    match k {
        Keyword::Model | Keyword::Include => Subject::Model,
        Keyword::Data => Subject::Data,
        Keyword::Boundary => Subject::Boundary,
        Keyword::Actor => Subject::Actor,
        Keyword::Process => Subject::Process,
        Keyword::Store => Subject::Store,
        Keyword::Flow => Subject::Flow,
        Keyword::Identity => Subject::Identity,
        Keyword::App => Subject::App,
        Keyword::Feature => Subject::Feature,
        Keyword::Widget => Subject::Widget,
        Keyword::Step => Subject::Step,
        Keyword::Risk => Subject::Risk,
        Keyword::Threat => Subject::Threat,
        Keyword::Rule => Subject::Rule,
        Keyword::Scenario => Subject::Scenario,
    }
}

/// A declaration's block read and checked (settings, grants, `when`), with
/// its doc comment as the default `description`, and the diagnostics that
/// gave. Depends only on the declaration and the symbol table.
fn read_parts<'a>(d: &'a Decl, names: &Names<'_>) -> (BlockParts<'a>, Vec<Diag>) {
    let mut diags = Vec::new();
    let mut parts = settings::read(d.body.as_ref(), subject_of(d.keyword), names, &mut diags);
    if let Some(doc) = &d.doc {
        parts
            .settings
            .entry("description")
            .or_insert(Val::Text(doc.clone()));
    }
    (parts, diags)
}

/// A flow's block read as [`read_parts`] does, with the flow defaults
/// filled in.
fn read_flow<'a>(d: &'a Decl, names: &Names<'_>) -> (BlockParts<'a>, Vec<Diag>) {
    let (mut parts, diags) = read_parts(d, names);
    defaults::flow(&mut parts.settings);
    (parts, diags)
}

/// From this many flows on, their blocks are read on another core while
/// the passes before the flows run.
const FLOWS_AHEAD: usize = 1_000;

fn word(s: &Settings, name: &str) -> Option<String> {
    s.get(name).and_then(Val::as_str).map(str::to_string)
}

/// The indices `index` gives the IDs of setting `name` (a list); IDs it
/// does not know are skipped (they were reported when the block was read).
fn indices(s: &Settings, name: &str, index: &HashMap<String, usize>) -> Vec<usize> {
    match s.get(name) {
        Some(Val::List(l)) => l
            .iter()
            .filter_map(Val::as_str)
            .filter_map(|w| index.get(w).copied())
            .collect(),
        _ => Vec::new(),
    }
}

/// The index `index` gives the ID of setting `name`, if it knows it.
fn index_of(s: &Settings, name: &str, index: &HashMap<String, usize>) -> Option<usize> {
    s.get(name)
        .and_then(Val::as_str)
        .and_then(|w| index.get(w).copied())
}

fn words(s: &Settings, name: &str) -> Vec<String> {
    match s.get(name) {
        Some(Val::List(l)) => l
            .iter()
            .filter_map(Val::as_str)
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

impl<'n, 'a> Builder<'n, 'a> {
    pub fn new(names: &'n Names<'a>) -> Self {
        Builder {
            names,
            model: Model::default(),
            index: Index::default(),
            diags: Vec::new(),
            flows_ahead: FLOWS_AHEAD,
        }
    }

    fn parts(&mut self, d: &'a Decl) -> BlockParts<'a> {
        let (parts, diags) = read_parts(d, self.names);
        self.diags.extend(diags);
        parts
    }

    fn flat(&self) -> Vec<(&'a Decl, Container)> {
        self.names
            .decls
            .iter()
            .map(|f| (f.decl, f.container))
            .collect()
    }

    /// Runs every pass in dependency order.
    pub fn run(mut self) -> (Model, Vec<Diag>, Index) {
        let flat = self.flat();
        let flows: Vec<&'a Decl> = flat
            .iter()
            .filter(|(d, _)| d.keyword == Keyword::Flow)
            .map(|(d, _)| *d)
            .collect();
        // Flows are most of a large model's declarations, and their blocks
        // need only the symbol table: they are read on another core while
        // the passes before them run, and their diagnostics join the others
        // when the flow pass comes to each flow, as they would unread.
        let names = self.names;
        let read_ahead = flows.len() >= self.flows_ahead;
        let ahead = std::thread::scope(|scope| {
            let ahead = read_ahead.then(|| {
                scope.spawn(|| {
                    flows
                        .iter()
                        .map(|d| read_flow(d, names))
                        .collect::<Vec<_>>()
                })
            });
            self.before_flows(&flat);
            ahead.and_then(|h| h.join().ok())
        });
        let mut ahead = ahead.map(Vec::into_iter);
        for d in &flows {
            let read = ahead.as_mut().and_then(Iterator::next);
            self.flow(d, read);
        }
        for (d, _) in &flat {
            match d.keyword {
                Keyword::App => self.app(d),
                Keyword::Scenario => self.scenario(d),
                Keyword::Rule => self.rule(d, false),
                _ => {}
            }
        }
        for (d, _) in &flat {
            match d.keyword {
                Keyword::Threat => self.threat(d),
                Keyword::Risk => self.risk_later(d),
                _ => {}
            }
        }
        (self.model, self.diags, self.index)
    }

    /// The passes the flows depend on: model and data, boundaries and
    /// their tree, identities, elements and their service accounts.
    fn before_flows(&mut self, flat: &[(&'a Decl, Container)]) {
        for (d, _) in flat {
            match d.keyword {
                Keyword::Model => self.model_block(d),
                Keyword::Data => self.data(d),
                _ => {}
            }
        }
        let boundary_decls: Vec<_> = flat
            .iter()
            .filter(|(d, _)| d.keyword == Keyword::Boundary)
            .collect();
        for (d, _) in &boundary_decls {
            self.boundary(d);
        }
        for (d, c) in &boundary_decls {
            self.boundary_parent(d, *c);
        }
        self.check_boundary_cycles();
        for (d, _) in flat {
            if d.keyword == Keyword::Identity {
                self.identity(d);
            }
        }
        for (d, c) in flat {
            if matches!(
                d.keyword,
                Keyword::Actor | Keyword::Process | Keyword::Store
            ) {
                self.element(d, *c);
            }
        }
        self.default_service_accounts();
    }

    fn model_block(&mut self, d: &'a Decl) {
        let parts = self.parts(d);
        let root_file = d.span.file == 0;
        if (root_file || self.model.title.is_empty())
            && let Some(l) = &d.label
        {
            self.model.title = l.value.clone();
        }
        self.model
            .trusted_registries
            .extend(words(&parts.settings, "trusted-registries"));
        for (k, v) in parts.settings {
            if k == "trusted-registries" {
                continue;
            }
            if root_file || !self.model.settings.contains_key(&k) {
                self.model.settings.insert(k, v);
            }
        }
    }

    fn data(&mut self, d: &'a Decl) {
        let Some(id) = &d.id else { return };
        let mut parts = self.parts(d);
        defaults::apply(&mut parts.settings, Subject::Data, "");
        let rank = |name: &str, v: &vocab::Vocab| {
            word(&parts.settings, name)
                .and_then(|w| v.rank(&w))
                .unwrap_or(0)
        };
        let asset = DataAsset {
            id: id.name.clone(),
            label: label(d, &id.name),
            classification: rank("classification", &vocab::CLASSIFICATION),
            integrity: rank("integrity", &vocab::LEVEL),
            availability: rank("availability", &vocab::LEVEL),
            settings: parts.settings.clone(),
            span: id.span,
        };
        self.index
            .data
            .insert(id.name.clone(), self.model.data.len());
        self.model.data.push(asset);
    }

    fn boundary(&mut self, d: &'a Decl) {
        let Some(id) = &d.id else { return };
        if self.index.boundaries.contains_key(&id.name) {
            return;
        }
        let mut parts = self.parts(d);
        let kind = word(&parts.settings, "kind").unwrap_or_else(|| "generic".into());
        let trust = word(&parts.settings, "trust").unwrap_or_else(|| defaults::trust(&kind).into());
        for name in ["network-policy", "pod-security"] {
            if kind != "k8s-namespace"
                && let Some(span) = parts.spans.get(name)
            {
                self.diags.push(
                    Diag::error(
                        "vast::resolve::setting_for_kind",
                        format!("`{name}` is a setting of k8s-namespace boundaries"),
                        *span,
                    )
                    .label(format!("this boundary is of kind {kind}"))
                    .help("set `kind k8s-namespace`, or move the setting to the namespace"),
                );
            }
        }
        defaults::apply(&mut parts.settings, Subject::Boundary, &kind);
        self.index
            .boundaries
            .insert(id.name.clone(), self.model.boundaries.len());
        self.model.boundaries.push(Boundary {
            id: id.name.clone(),
            label: label(d, &id.name),
            kind,
            trust,
            parent: None,
            settings: parts.settings,
            span: id.span,
        });
    }

    /// The boundary an element or boundary is placed in: `in PARENT` or its container.
    fn placement(&mut self, d: &Decl, c: Container) -> Option<BoundaryId> {
        let container = match c {
            Container::Boundary(i) => self.names.decls[i]
                .decl
                .id
                .as_ref()
                .and_then(|id| self.index.boundaries.get(&id.name).copied()),
            _ => None,
        };
        let Some(parent) = &d.parent else {
            return container;
        };
        if container.is_some() {
            self.diags.push(
                Diag::error(
                    "vast::resolve::double_parent",
                    "`in` on a declaration that is already inside a boundary block",
                    parent.span,
                )
                .label("second parent")
                .help("use either nesting or `in PARENT`, not both"),
            );
            return container;
        }
        match settings::check_reference(&parent.name, RefKind::Boundary, parent.span, self.names) {
            Ok(_) => self.index.boundaries.get(&parent.name).copied(),
            Err(e) => {
                self.diags.push(e);
                None
            }
        }
    }

    fn boundary_parent(&mut self, d: &'a Decl, c: Container) {
        let Some(id) = &d.id else { return };
        let Some(&me) = self.index.boundaries.get(&id.name) else {
            return;
        };
        if self.model.boundaries[me].span != id.span {
            return;
        }
        let parent = self.placement(d, c);
        self.model.boundaries[me].parent = parent;
    }

    fn check_boundary_cycles(&mut self) {
        super::nesting::check(&mut self.model, &mut self.diags);
    }

    fn identity(&mut self, d: &'a Decl) {
        let Some(id) = &d.id else { return };
        let mut parts = self.parts(d);
        let kind = word(&parts.settings, "kind").unwrap_or_else(|| "k8s-service-account".into());
        defaults::apply(&mut parts.settings, Subject::Identity, &kind);
        let scope =
            word(&parts.settings, "scope").and_then(|s| self.index.boundaries.get(&s).copied());
        let mut grants = Vec::new();
        for a in &parts.allows {
            grants.extend(self.grant(a, scope));
        }
        self.index
            .identities
            .insert(id.name.clone(), self.model.identities.len());
        self.model.identities.push(Identity {
            id: id.name.clone(),
            label: label(d, &id.name),
            kind,
            scope,
            grants,
            settings: parts.settings,
            implicit: false,
            span: id.span,
        });
    }

    fn grant(&mut self, a: &crate::syntax::ast::Allow, scope: Option<BoundaryId>) -> Option<Grant> {
        let mut verbs = Vec::new();
        for v in &a.verbs {
            let text = v.text();
            if text != "*" && !vocab::VERBS.contains(&text.as_str()) {
                self.diags.push(
                    Diag::error(
                        "vast::resolve::bad_verb",
                        format!("`{text}` is not a Kubernetes verb"),
                        v.span,
                    )
                    .label("unknown verb")
                    .help(
                        did_you_mean(&text, vocab::VERBS.iter().copied())
                            .unwrap_or_else(|| format!("verbs: {}, *", vocab::VERBS.join(", "))),
                    ),
                );
                return None;
            }
            verbs.push(text);
        }
        let resources: Vec<String> = a.resources.iter().map(|r| r.text()).collect();
        if let Some(r) = a.resources.iter().find(
            |r| matches!(&r.kind, ValueKind::Ident(s) if s.chars().any(|c| c.is_ascii_uppercase())),
        ) {
            self.diags.push(
                Diag::warning(
                    "vast::resolve::resource_case",
                    format!(
                        "Kubernetes resource names are lower-case plural: `{}`",
                        r.text()
                    ),
                    r.span,
                )
                .label("check this resource")
                .help(format!("did you mean `{}`?", r.text().to_lowercase())),
            );
        }
        let scope = match &a.scope {
            None => scope
                .filter(|&b| self.model.boundaries[b].kind == "k8s-namespace")
                .map(GrantScope::Namespace)
                .unwrap_or(GrantScope::Cluster),
            Some(s) => self.grant_scope(s)?,
        };
        Some(Grant {
            verbs,
            resources,
            scope,
            span: a.span,
        })
    }

    fn grant_scope(&mut self, s: &Ident) -> Option<GrantScope> {
        match self.index.boundaries.get(&s.name) {
            Some(&b) => match self.model.boundaries[b].kind.as_str() {
                "k8s-namespace" => Some(GrantScope::Namespace(b)),
                "k8s-cluster" => Some(GrantScope::Cluster),
                other => {
                    self.diags.push(
                        Diag::error("vast::resolve::bad_grant_scope", format!("grants apply in a k8s-namespace or k8s-cluster; `{}` is of kind {other}", s.name), s.span)
                            .label("not a namespace or cluster")
                            .help("write `in NAMESPACE`, `in CLUSTER` or `in cluster`"),
                    );
                    None
                }
            },
            None if s.name == "cluster" => Some(GrantScope::Cluster),
            None => {
                self.diags.push(
                    Diag::error(
                        "vast::resolve::unknown_ref",
                        format!("`{}` is not declared", s.name),
                        s.span,
                    )
                    .label("expected a k8s-namespace or k8s-cluster boundary")
                    .help(
                        did_you_mean(&s.name, self.names.ids_of(&[Keyword::Boundary]))
                            .unwrap_or_else(|| {
                                "write `in cluster` for a cluster-wide grant".into()
                            }),
                    ),
                );
                None
            }
        }
    }

    fn element(&mut self, d: &'a Decl, c: Container) {
        let Some(id) = &d.id else { return };
        let ty = match d.keyword {
            Keyword::Actor => ElementType::Actor,
            Keyword::Process => ElementType::Process,
            _ => ElementType::Store,
        };
        let subject = subject_of(d.keyword);
        let mut parts = self.parts(d);
        let kind = word(&parts.settings, "kind").unwrap_or_else(|| match ty {
            ElementType::Actor => "user".into(),
            ElementType::Process => "service".into(),
            ElementType::Store => "database".into(),
        });
        defaults::apply(&mut parts.settings, subject, &kind);
        let boundary = self.placement(d, c);
        let runs_as = index_of(&parts.settings, "runs-as", &self.index.identities);
        let stores = indices(&parts.settings, "stores", &self.index.data);
        self.index
            .elements
            .insert(id.name.clone(), self.model.elements.len());
        self.model.elements.push(Element {
            id: id.name.clone(),
            label: label(d, &id.name),
            ty,
            kind,
            boundary,
            runs_as,
            stores,
            settings: parts.settings,
            span: id.span,
        });
    }

    /// Workloads without `runs-as` run as their namespace's `default` account.
    fn default_service_accounts(&mut self) {
        for e in 0..self.model.elements.len() {
            let el = &self.model.elements[e];
            if el.ty != ElementType::Process || !vocab::WORKLOAD_KINDS.contains(&el.kind.as_str()) {
                continue;
            }
            let identity = match el.runs_as {
                Some(i) => i,
                None => {
                    let Some(ns) = self.model.enclosing(e, "k8s-namespace") else {
                        continue;
                    };
                    let id = format!("{}/default", self.model.boundaries[ns].id);
                    let i = match self.index.identities.get(&id) {
                        Some(&i) => i,
                        None => {
                            let mut settings = Settings::new();
                            settings.insert("kind", Val::Word("k8s-service-account".into()));
                            settings
                                .insert("scope", Val::Word(self.model.boundaries[ns].id.clone()));
                            defaults::apply(
                                &mut settings,
                                Subject::Identity,
                                "k8s-service-account",
                            );
                            let span = self.model.boundaries[ns].span;
                            self.index
                                .identities
                                .insert(id.clone(), self.model.identities.len());
                            self.model.identities.push(Identity {
                                id: id.clone(),
                                label: format!(
                                    "default service account of {}",
                                    self.model.boundaries[ns].id
                                ),
                                kind: "k8s-service-account".into(),
                                scope: Some(ns),
                                grants: Vec::new(),
                                settings,
                                implicit: true,
                                span,
                            });
                            self.model.identities.len() - 1
                        }
                    };
                    self.model.elements[e].runs_as = Some(i);
                    i
                }
            };
            let automount = self.model.identities[identity]
                .settings
                .get("automount")
                .cloned()
                .unwrap_or(Val::Bool(true));
            self.model.elements[e]
                .settings
                .entry("automount")
                .or_insert(automount);
        }
    }

    fn end(&mut self, i: &Ident) -> Option<ElementId> {
        match settings::check_reference(&i.name, RefKind::Element, i.span, self.names) {
            Ok(_) => self.index.elements.get(&i.name).copied(),
            Err(e) => {
                self.diags.push(e);
                None
            }
        }
    }

    /// A flow; `read` is its block ([`read_flow`]) when it was read ahead.
    fn flow(&mut self, d: &'a Decl, read: Option<(BlockParts<'a>, Vec<Diag>)>) {
        let Some((a, b)) = &d.ends else { return };
        let (parts, diags) = read.unwrap_or_else(|| read_flow(d, self.names));
        self.diags.extend(diags);
        let (source, target) = (self.end(a), self.end(b));
        let (Some(source), Some(target)) = (source, target) else {
            return;
        };
        let id =
            d.id.as_ref()
                .map(|i| i.name.clone())
                .unwrap_or_else(|| crate::syntax::ast::flow_id(&a.name, &b.name));
        if self.index.flows.contains_key(&id) {
            return;
        }
        let carries = indices(&parts.settings, "carries", &self.index.data);
        let returns = indices(&parts.settings, "returns", &self.index.data);
        let credential = index_of(&parts.settings, "credential", &self.index.identities);
        let span =
            d.id.as_ref()
                .map(|i| i.span)
                .unwrap_or_else(|| a.span.to(b.span));
        self.index.flows.insert(id.clone(), self.model.flows.len());
        self.model.flows.push(Flow {
            id,
            label: d
                .label
                .as_ref()
                .map(|l| l.value.clone())
                .unwrap_or_default(),
            source,
            target,
            carries,
            returns,
            credential,
            settings: parts.settings,
            span,
        });
    }

    fn app(&mut self, d: &'a Decl) {
        let Some(id) = &d.id else { return };
        let parts = self.parts(d);
        let user_name = word(&parts.settings, "user");
        let user = user_name
            .as_ref()
            .and_then(|u| self.index.elements.get(u).copied());
        let mut app = App {
            id: id.name.clone(),
            label: label(d, &id.name),
            user,
            features: Vec::new(),
            steps: Vec::new(),
            span: id.span,
        };
        let items: Vec<&'a Item> = d.body.iter().flat_map(|b| b.items.iter()).collect();
        for item in &items {
            if let Item::Decl(f) = item
                && f.keyword == Keyword::Feature
            {
                app.features.push(self.feature(f));
            }
        }
        for item in &items {
            if let Item::Decl(s) = item
                && s.keyword == Keyword::Step
                && let Some(step) = self.step(s, &app, user_name.as_deref())
            {
                app.steps.push(step);
            }
        }
        self.model.apps.push(app);
    }

    fn feature(&mut self, f: &'a Decl) -> Feature {
        let id = f.id.as_ref().map(|i| i.name.clone()).unwrap_or_default();
        let parts = self.parts(f);
        let on = indices(&parts.settings, "on", &self.index.elements);
        let mut widgets = Vec::new();
        for item in f.body.iter().flat_map(|b| b.items.iter()) {
            if let Item::Decl(w) = item {
                let wid = w.id.as_ref().map(|i| i.name.clone()).unwrap_or_default();
                let wp = self.parts(w);
                widgets.push(Widget {
                    label: label(w, &wid),
                    kind: word(&wp.settings, "kind").unwrap_or_else(|| "form".into()),
                    carries: indices(&wp.settings, "carries", &self.index.data),
                    id: wid,
                    span: w.span,
                });
            }
        }
        Feature {
            label: label(f, &id),
            id,
            on,
            widgets,
            span: f.id.as_ref().map(|i| i.span).unwrap_or(f.span),
        }
    }

    fn step(&mut self, s: &'a Decl, app: &App, user: Option<&str>) -> Option<Step> {
        let (a, b) = s.ends.as_ref()?;
        let parts = self.parts(s);
        let mut end = |i: &Ident| -> Option<StepEnd> {
            if Some(i.name.as_str()) == user {
                return Some(StepEnd::User);
            }
            if let Some(pos) = app.features.iter().position(|f| f.id == i.name) {
                return Some(StepEnd::Feature(pos));
            }
            let mut candidates: Vec<&str> = app.features.iter().map(|f| f.id.as_str()).collect();
            candidates.extend(user);
            self.diags.push(
                Diag::error(
                    "vast::resolve::bad_step",
                    format!("`{}` is not a feature of this app or its user", i.name),
                    i.span,
                )
                .label("unknown step end")
                .help(
                    did_you_mean(&i.name, candidates.iter().copied()).unwrap_or_else(|| {
                        "steps go between the app's `user` and its features".into()
                    }),
                ),
            );
            None
        };
        let (from, to) = (end(a), end(b));
        Some(Step {
            from: from?,
            to: to?,
            label: s
                .label
                .as_ref()
                .map(|l| l.value.clone())
                .unwrap_or_default(),
            carries: indices(&parts.settings, "carries", &self.index.data),
            span: s.span,
        })
    }

    fn scenario(&mut self, d: &'a Decl) {
        let Some(id) = &d.id else { return };
        let parts = self.parts(d);
        let compromise = words(&parts.settings, "compromise")
            .iter()
            .filter_map(|c| {
                self.index
                    .elements
                    .get(c)
                    .map(|&e| Compromised::Element(e))
                    .or_else(|| {
                        self.index
                            .identities
                            .get(c)
                            .map(|&i| Compromised::Identity(i))
                    })
            })
            .collect::<Vec<_>>();
        if !parts.settings.contains_key("compromise") {
            self.diags.push(
                Diag::error(
                    "vast::resolve::missing_setting",
                    "a scenario needs `compromise`",
                    id.span,
                )
                .label("what does the attacker control?")
                .help("add `compromise ELEMENT_OR_IDENTITY, …`"),
            );
        }
        self.model.scenarios.push(Scenario {
            id: id.name.clone(),
            label: label(d, &id.name),
            compromise,
            span: id.span,
        });
    }

    /// Builds a rule (user or catalogue) and checks its `when`.
    pub fn rule(&mut self, d: &'a Decl, builtin: bool) {
        let Some(id) = &d.id else { return };
        let mut parts = self.parts(d);
        defaults::apply(&mut parts.settings, Subject::Rule, "");
        let Some(applies_to) = word(&parts.settings, "applies-to") else {
            self.diags.push(
                Diag::error(
                    "vast::resolve::missing_setting",
                    "a rule needs `applies-to`",
                    id.span,
                )
                .label("what does the rule look at?")
                .help("add `applies-to actor|process|store|element|flow|boundary|identity`"),
            );
            return;
        };
        if !parts.settings.contains_key("cvss") {
            self.diags.push(
                Diag::error(
                    "vast::resolve::missing_setting",
                    "a rule needs a `cvss` vector",
                    id.span,
                )
                .label("no score")
                .help("add `cvss \"CVSS:3.1/AV:…\"`"),
            );
        }
        let when = parts.when.map(|(e, _)| e.clone());
        if let Some(e) = &when {
            super::expr::check(e, &applies_to, &mut self.diags);
        }
        self.model.rules.push(RuleDef {
            id: id.name.clone(),
            title: label(d, &id.name),
            applies_to,
            when,
            settings: parts.settings,
            builtin,
            span: id.span,
        });
    }

    fn target(&mut self, t: &Target) -> Option<(TargetRef, String)> {
        match t {
            Target::Any(_) => Some((TargetRef::Any, "*".into())),
            Target::Flow(a, b) => {
                let key = crate::syntax::ast::flow_id(&a.name, &b.name);
                match self.index.flows.get(&key) {
                    Some(&f) => Some((TargetRef::Flow(f), key)),
                    None => {
                        let explicit = self.model.flows.iter().find(|f| {
                            self.model.elements[f.source].id == a.name
                                && self.model.elements[f.target].id == b.name
                        });
                        if let Some(f) = explicit {
                            let i = self.index.flows[&f.id];
                            return Some((TargetRef::Flow(i), f.id.clone()));
                        }
                        self.diags.push(
                            Diag::error(
                                "vast::resolve::unknown_ref",
                                format!("no flow `{key}`"),
                                a.span.to(b.span),
                            )
                            .label("no such flow")
                            .maybe_help(did_you_mean(
                                &key,
                                self.index.flows.keys().map(String::as_str),
                            )),
                        );
                        None
                    }
                }
            }
            Target::Id(i) => {
                let key = i.name.clone();
                let r = if let Some(&e) = self.index.elements.get(&key) {
                    TargetRef::Element(e)
                } else if let Some(&f) = self.index.flows.get(&key) {
                    TargetRef::Flow(f)
                } else if let Some(&b) = self.index.boundaries.get(&key) {
                    TargetRef::Boundary(b)
                } else if let Some(&x) = self.index.identities.get(&key) {
                    TargetRef::Identity(x)
                } else if let Some(&x) = self.index.data.get(&key) {
                    TargetRef::Data(x)
                } else {
                    let all = self
                        .index
                        .elements
                        .keys()
                        .chain(self.index.flows.keys())
                        .chain(self.index.boundaries.keys())
                        .chain(self.index.identities.keys())
                        .chain(self.index.data.keys());
                    let wrong = self.names.get(&key).map(|s| s.keyword.as_str());
                    let d = match wrong {
                        Some(k) => Diag::error("vast::resolve::wrong_kind", format!("`{key}` is a {k}; threats are about elements, flows, boundaries, identities or data"), i.span)
                            .label("not a threat target"),
                        None => Diag::error("vast::resolve::unknown_ref", format!("`{key}` is not declared"), i.span)
                            .label("unknown target")
                            .maybe_help(did_you_mean(&key, all.map(String::as_str))),
                    };
                    self.diags.push(d);
                    return None;
                };
                Some((r, key))
            }
        }
    }

    fn threat(&mut self, d: &'a Decl) {
        let Some(id) = &d.id else { return };
        let mut parts = self.parts(d);
        defaults::apply(&mut parts.settings, Subject::Threat, "");
        parts
            .settings
            .entry("category")
            .or_insert(Val::Word("other".into()));
        let Some(t) = &d.target else { return };
        let Some((target, target_key)) = self.target(t) else {
            return;
        };
        if target == TargetRef::Any {
            self.diags.push(
                Diag::error(
                    "vast::resolve::threat_any",
                    "a threat is about one target, not `*`",
                    t.span(),
                )
                .label("name the element, flow, boundary, identity or data")
                .help("write a rule to find a threat on many targets"),
            );
            return;
        }
        if let Some(d) = super::cvss::stated_score(d, &parts.spans, id.span) {
            self.diags.push(d);
        }
        self.model.threats.push(ManualThreat {
            id: id.name.clone(),
            title: label(d, &id.name),
            target,
            target_key,
            settings: parts.settings,
            span: id.span,
        });
    }

    fn risk_later(&mut self, d: &'a Decl) {
        let Some(rule) = &d.id else { return };
        let mut parts = self.parts(d);
        defaults::apply(&mut parts.settings, Subject::Risk, "");
        let Some(t) = &d.target else { return };
        let Some((target, target_key)) = self.target(t) else {
            return;
        };
        if parts.settings.contains_key("until")
            && word(&parts.settings, "status").as_deref() != Some("accepted")
            && let Some(span) = parts.spans.get("until")
        {
            self.diags.push(
                Diag::warning(
                    "vast::resolve::until_without_accept",
                    "`until` only matters for accepted risks",
                    *span,
                )
                .label("ignored")
                .help("set `status accepted`, or drop `until`"),
            );
        }
        let text = |n: &str| {
            parts
                .settings
                .get(n)
                .and_then(Val::as_str)
                .map(str::to_string)
        };
        self.model.risks.push(Risk {
            rule: rule.name.clone(),
            target,
            target_key,
            status: word(&parts.settings, "status").unwrap_or_else(|| "open".into()),
            reason: text("reason"),
            ticket: text("ticket"),
            owner: text("owner"),
            until: match parts.settings.get("until") {
                Some(Val::Date(d)) => Some(*d),
                _ => None,
            },
            span: rule.span,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::Builder;

    /// Flows read ahead on another core give the same model and the same
    /// diagnostics, in the same order, as flows read in their pass.
    #[test]
    fn flows_read_ahead_change_nothing() {
        let mut text = String::from("data d \"D\" {}\nprocess a \"A\" {}\n");
        for i in 0..1_200 {
            text += &format!("process p{i} \"P {i}\" {{ kind service }}\n");
        }
        for i in 0..1_200 {
            let body = match i % 5 {
                0 => "protocol https; carries d",
                1 => "protcol https",
                2 => "carries nope; carries d",
                3 => "port 99999; authn bogus",
                _ => "",
            };
            text += &format!("flow a -> p{i} \"f\" {{ {body} }}\n");
        }
        // A second flow between the same ends: its block is read, then it is
        // dropped as a duplicate.
        text += "flow a -> p1 \"again\" { protcol ssh }\n";
        let (file, syntax) = crate::syntax::parse(0, &text);
        assert!(syntax.is_empty(), "{syntax:?}");
        let files = vec![(0, file)];
        let run = |flows_ahead: usize| {
            let mut diags = Vec::new();
            let names = super::super::names::collect(&files, &Default::default(), &mut diags);
            let mut b = Builder::new(&names);
            b.flows_ahead = flows_ahead;
            let (model, more, _) = b.run();
            diags.extend(more);
            (format!("{model:?}"), format!("{diags:?}"))
        };
        let (ahead, in_pass) = (run(0), run(usize::MAX));
        assert_eq!(ahead.1, in_pass.1);
        assert!(ahead.0 == in_pass.0, "the models differ");
        assert_eq!(in_pass.1.matches("unknown_setting").count(), 241);
        assert_eq!(in_pass.1.matches("duplicate_flow").count(), 1);
    }
}
