//! Builds the [`Model`] from the flattened declarations: boundaries and their
//! tree, elements, flows, identities with grants, apps, risks, threats,
//! rules and scenarios, each reference mapped to an index.

use super::defaults;
use super::names::{Container, Names};
use super::schema::Subject;
use super::settings::{self, BlockParts};
use super::vocab;
use crate::diagnostic::Diag;
use crate::model::*;
use crate::source::Span;
use crate::syntax::ast::{Allow, Decl, Keyword};
use foldhash::HashMap;
use std::collections::BTreeMap;

mod apps;
mod boundaries;
mod elements;
mod identities;
mod rules;

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

/// What a platform lowering (`resolve::kubernetes`) sees and changes: the
/// model after the declaration passes (boundaries, identities, elements)
/// and before the passes that reference them (flows, apps, scenarios,
/// rules, threats, risks), which therefore find what it adds.
pub struct Lowering<'b, 'a> {
    pub model: &'b mut Model,
    pub index: &'b mut Index,
    pub names: &'b Names<'a>,
    pub diags: &'b mut Vec<Diag>,
    /// Each identity's `allow` grants, in declaration order, not yet
    /// lowered into [`Grant`]s.
    pub allows: &'b [(IdentityId, &'a Allow)],
    /// Where each boundary's settings are written, by boundary index.
    pub boundary_spans: &'b [BTreeMap<Key, Span>],
}

pub struct Builder<'n, 'a> {
    pub names: &'n Names<'a>,
    pub model: Model,
    pub index: Index,
    pub diags: Vec<Diag>,
    /// Each identity's `allow` grants in declaration order, for the
    /// platform lowering.
    allows: Vec<(IdentityId, &'a Allow)>,
    /// Where each boundary's settings are written, by boundary index.
    boundary_spans: Vec<BTreeMap<Key, Span>>,
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
    Subject::of(k)
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
            .insert_default(Key::Description, Val::Text(doc.clone()));
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

fn word(s: &Settings, key: Key) -> Option<String> {
    s.word(key).map(str::to_string)
}

/// The indices `index` gives the IDs of setting `name` (a list); IDs it
/// does not know are skipped (they were reported when the block was read).
fn indices<I: Copy>(s: &Settings, key: Key, index: &HashMap<String, I>) -> Vec<I> {
    s.list(key)
        .into_iter()
        .filter_map(|w| index.get(w).copied())
        .collect()
}

/// The index `index` gives the ID of setting `name`, if it knows it.
fn index_of<I: Copy>(s: &Settings, key: Key, index: &HashMap<String, I>) -> Option<I> {
    s.word(key).and_then(|w| index.get(w).copied())
}

fn words(s: &Settings, key: Key) -> Vec<String> {
    s.list(key).into_iter().map(str::to_string).collect()
}

impl<'n, 'a> Builder<'n, 'a> {
    pub fn new(names: &'n Names<'a>) -> Self {
        Builder {
            names,
            model: Model::default(),
            index: Index::default(),
            diags: Vec::new(),
            allows: Vec::new(),
            boundary_spans: Vec::new(),
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

    /// Runs every pass in dependency order, with `lower` (the platform
    /// lowering, [`Lowering`]) after the declaration passes.
    pub fn run(mut self, lower: impl FnOnce(Lowering<'_, 'a>)) -> (Model, Vec<Diag>, Index) {
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
            lower(Lowering {
                model: &mut self.model,
                index: &mut self.index,
                names,
                diags: &mut self.diags,
                allows: &self.allows,
                boundary_spans: &self.boundary_spans,
            });
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

    /// The declaration passes the lowering and the flows depend on: model
    /// and data, boundaries and their tree, identities, elements.
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
            .extend(words(&parts.settings, Key::TrustedRegistries));
        for (k, v) in parts.settings {
            if k == Key::TrustedRegistries {
                continue;
            }
            if root_file || !self.model.settings.contains(k) {
                self.model.settings.insert(k, v);
            }
        }
    }

    fn data(&mut self, d: &'a Decl) {
        let Some(id) = &d.id else { return };
        let mut parts = self.parts(d);
        defaults::apply(&mut parts.settings, Subject::Data, "");
        let rank = |key: Key, v: &vocab::Vocab| {
            word(&parts.settings, key)
                .and_then(|w| v.rank(&w))
                .unwrap_or(0)
        };
        let asset = DataAsset {
            id: id.name.clone(),
            label: label(d, &id.name),
            classification: rank(Key::Classification, &vocab::CLASSIFICATION),
            integrity: rank(Key::Integrity, &vocab::LEVEL),
            availability: rank(Key::Availability, &vocab::LEVEL),
            settings: parts.settings.clone(),
            span: id.span,
        };
        let at = self.model.data.push(asset);
        self.index.data.insert(id.name.clone(), at);
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
            let (model, more, _) = b.run(crate::resolve::kubernetes::lower);
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
