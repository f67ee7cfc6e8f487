//! Elements (actors, processes, stores) and the flows between them.

use super::{Builder, index_of, indices, label, read_flow, subject_of};
use crate::diagnostic::Diag;
use crate::model::*;
use crate::resolve::defaults;
use crate::resolve::names::Container;
use crate::resolve::schema::RefKind;
use crate::resolve::settings::{self, BlockParts};
use crate::syntax::ast::{Decl, Ident, Keyword};

impl<'a> Builder<'_, 'a> {
    pub(super) fn element(&mut self, d: &'a Decl, c: Container) {
        let Some(id) = &d.id else { return };
        let ty = match d.keyword {
            Keyword::Actor => ElementType::Actor,
            Keyword::Process => ElementType::Process,
            _ => ElementType::Store,
        };
        let subject = subject_of(d.keyword);
        let mut parts = self.parts(d);
        let kind = (parts.settings.word(Key::Kind))
            .and_then(ElementKind::from_word)
            .unwrap_or_else(|| defaults::element_kind(ty));
        defaults::apply(&mut parts.settings, subject, kind.as_str());
        // Host paths in one normal form, so rules and scenarios compare
        // `/etc/` and `/etc` alike.
        for name in [Key::HostPath, Key::HostPathReadOnly] {
            if let Some(Val::List(paths)) = parts.settings.get_mut(name) {
                for p in paths.iter_mut() {
                    if let Val::Text(t) = p {
                        *t = crate::host_path::normal(t);
                    }
                }
            }
        }
        let boundary = self.placement(d, c);
        let runs_as = index_of(&parts.settings, Key::RunsAs, &self.index.identities);
        let stores = indices(&parts.settings, Key::Stores, &self.index.data);
        let e = self.model.elements.push(Element {
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
        self.index.elements.insert(id.name.clone(), e);
    }

    pub(super) fn end(&mut self, i: &Ident) -> Option<ElementId> {
        match settings::check_reference(&i.name, RefKind::Element, i.span, self.names) {
            Ok(_) => self.index.elements.get(&i.name).copied(),
            Err(e) => {
                self.diags.push(e);
                None
            }
        }
    }

    /// A flow; `read` is its block ([`read_flow`]) when it was read ahead.
    pub(super) fn flow(&mut self, d: &'a Decl, read: Option<(BlockParts<'a>, Vec<Diag>)>) {
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
        let carries = indices(&parts.settings, Key::Carries, &self.index.data);
        let returns = indices(&parts.settings, Key::Returns, &self.index.data);
        let credential = index_of(&parts.settings, Key::Credential, &self.index.identities);
        let span =
            d.id.as_ref()
                .map(|i| i.span)
                .unwrap_or_else(|| a.span.to(b.span));
        let name = id.clone();
        let f = self.model.flows.push(Flow {
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
        self.index.flows.insert(name, f);
    }
}
