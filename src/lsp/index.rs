//! What each name in a project's text refers to: every declared ID with
//! its declaration, every place an ID is written (declarations and
//! references: `in`, flow and step ends, `risk`/`threat` targets, a risk's
//! rule, reference settings such as `runs-as` or `carries`, an `allow`'s
//! scope), and every setting name with the declaration it belongs to. Built
//! from the syntax trees of one resolve; IDs are unique across a build, so
//! a name is all a reference needs.

use crate::model::Key;
use crate::resolve::schema::{self, Subject, Ty};
use crate::source::{FileId, Span};
use crate::syntax::ast::{Decl, File, Item, Keyword, Target, ValueKind};
use std::collections::BTreeMap;

/// What an occurrence of a name is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The ID a declaration with this keyword declares.
    Def(Keyword),
    /// A reference to a declared ID (or to a built-in rule).
    Ref,
}

/// One place a name is written.
#[derive(Clone, Copy, Debug)]
pub struct Occurrence {
    pub span: Span,
    /// The name, by its number in [`Index::name`].
    pub name: u32,
    pub role: Role,
}

/// A setting's name as written, with the declaration it is in.
#[derive(Clone, Debug)]
pub struct SettingName {
    pub span: Span,
    pub subject: Subject,
    pub name: &'static str,
}

/// A declared ID.
#[derive(Clone, Debug)]
pub struct Def {
    pub keyword: Keyword,
    /// The ID as written.
    pub span: Span,
    /// The whole declaration.
    pub decl: Span,
    /// Its label as written.
    pub label: Option<String>,
}

/// The names of one project.
#[derive(Default)]
pub struct Index {
    /// Sorted by file and position.
    pub occurrences: Vec<Occurrence>,
    /// Sorted by file and position.
    pub settings: Vec<SettingName>,
    /// The first declaration of each ID.
    pub defs: BTreeMap<String, Def>,
    /// Each name written, once (occurrences refer to them by number: a
    /// 10,000-element model writes about 80,000 names).
    names: Vec<String>,
    numbers: foldhash::HashMap<String, u32>,
}

impl Index {
    pub fn new(trees: &[(FileId, File)]) -> Self {
        let mut ix = Index::default();
        for (_, file) in trees {
            for d in &file.decls {
                ix.decl(d);
            }
        }
        ix.occurrences
            .sort_by_key(|o| (o.span.file, o.span.start, o.span.end));
        ix.settings
            .sort_by_key(|s| (s.span.file, s.span.start, s.span.end));
        ix
    }

    fn add(&mut self, name: &str, span: Span, role: Role) {
        let number = match self.numbers.get(name) {
            Some(&n) => n,
            None => {
                let n = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
                self.names.push(name.to_string());
                self.numbers.insert(name.to_string(), n);
                n
            }
        };
        self.occurrences.push(Occurrence {
            span,
            name: number,
            role,
        });
    }

    /// The name an occurrence writes.
    pub fn name(&self, o: &Occurrence) -> &str {
        self.names.get(o.name as usize).map_or("", String::as_str)
    }

    fn decl(&mut self, d: &Decl) {
        match d.keyword {
            Keyword::Model | Keyword::Include => {}
            Keyword::Risk => {
                if let Some(id) = &d.id {
                    self.add(&id.name, id.span, Role::Ref);
                }
            }
            _ => {
                if let Some(id) = &d.id {
                    self.add(&id.name, id.span, Role::Def(d.keyword));
                    self.defs.entry(id.name.clone()).or_insert(Def {
                        keyword: d.keyword,
                        span: id.span,
                        decl: d.span,
                        label: d.label.as_ref().map(|l| l.value.clone()),
                    });
                }
            }
        }
        if let Some(p) = &d.parent {
            self.add(&p.name, p.span, Role::Ref);
        }
        if let Some((a, b)) = &d.ends {
            self.add(&a.name, a.span, Role::Ref);
            self.add(&b.name, b.span, Role::Ref);
        }
        match &d.target {
            Some(Target::Id(i)) => self.add(&i.name, i.span, Role::Ref),
            Some(Target::Flow(a, b)) => {
                self.add(&a.name, a.span, Role::Ref);
                self.add(&b.name, b.span, Role::Ref);
            }
            Some(Target::Any(_)) | None => {}
        }
        let subject = Subject::of(d.keyword);
        let Some(body) = &d.body else { return };
        for item in &body.items {
            match item {
                Item::Decl(child) => self.decl(child),
                Item::Setting(s) => {
                    let spec =
                        Key::from_name(&s.name.name).and_then(|k| schema::setting(subject, k));
                    if let Some(spec) = spec {
                        self.settings.push(SettingName {
                            span: s.name.span,
                            subject,
                            name: spec.name(),
                        });
                    }
                    let is_ref =
                        spec.is_some_and(|spec| matches!(spec.ty, Ty::Ref(_) | Ty::RefList(_)));
                    if is_ref {
                        for v in &s.values {
                            if let ValueKind::Ident(name) = &v.kind {
                                self.add(name, v.span, Role::Ref);
                            }
                        }
                    }
                }
                Item::Allow(a) => {
                    if let Some(scope) = &a.scope {
                        self.add(&scope.name, scope.span, Role::Ref);
                    }
                }
                Item::When(..) | Item::Unknown(_) => {}
            }
        }
    }

    /// The name written at byte `offset` of `file` (its end included, so a
    /// cursor just after a name is on it).
    pub fn at(&self, file: FileId, offset: usize) -> Option<&Occurrence> {
        let i = self
            .occurrences
            .partition_point(|o| (o.span.file, o.span.end) < (file, offset));
        self.occurrences[i..]
            .iter()
            .take_while(|o| o.span.file == file && o.span.start <= offset)
            .find(|o| o.span.end >= offset)
    }

    /// The setting name written at byte `offset` of `file`.
    pub fn setting_at(&self, file: FileId, offset: usize) -> Option<&SettingName> {
        let i = self
            .settings
            .partition_point(|s| (s.span.file, s.span.end) < (file, offset));
        self.settings[i..]
            .iter()
            .take_while(|s| s.span.file == file && s.span.start <= offset)
            .find(|s| s.span.end >= offset)
    }

    /// Every place the name of `o` is written, declarations included.
    pub fn same_name<'a>(&'a self, o: &Occurrence) -> impl Iterator<Item = &'a Occurrence> {
        let number = o.name;
        self.occurrences.iter().filter(move |x| x.name == number)
    }
}
