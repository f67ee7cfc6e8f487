//! Boundaries: their settings, their placement (`in PARENT` or the
//! enclosing block) and the boundary tree.

use super::{Builder, label};
use crate::diagnostic::Diag;
use crate::model::*;
use crate::resolve::defaults;
use crate::resolve::names::Container;
use crate::resolve::schema::{RefKind, Subject};
use crate::resolve::settings::{self};
use crate::syntax::ast::Decl;

impl<'a> Builder<'_, 'a> {
    pub(super) fn boundary(&mut self, d: &'a Decl) {
        let Some(id) = &d.id else { return };
        if self.index.boundaries.contains_key(&id.name) {
            return;
        }
        let mut parts = self.parts(d);
        let kind = (parts.settings.word(Key::Kind))
            .and_then(BoundaryKind::from_word)
            .unwrap_or_else(defaults::boundary_kind);
        let trust = (parts.settings.word(Key::Trust))
            .and_then(Trust::from_word)
            .unwrap_or_else(|| defaults::trust(kind));
        defaults::apply(&mut parts.settings, Subject::Boundary, kind.as_str());
        self.boundary_spans.push(parts.spans);
        let b = self.model.boundaries.push(Boundary {
            id: id.name.clone(),
            label: label(d, &id.name),
            kind,
            trust,
            parent: None,
            settings: parts.settings,
            span: id.span,
        });
        self.index.boundaries.insert(id.name.clone(), b);
    }

    /// The boundary an element or boundary is placed in: `in PARENT` or its container.
    pub(super) fn placement(&mut self, d: &Decl, c: Container) -> Option<BoundaryId> {
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

    pub(super) fn boundary_parent(&mut self, d: &'a Decl, c: Container) {
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

    pub(super) fn check_boundary_cycles(&mut self) {
        crate::resolve::nesting::check(&mut self.model, &mut self.diags);
    }
}
