//! Identities: their settings and scope. Their `allow` grants are kept
//! aside for the platform lowering ([`super::Lowering`]), which knows what
//! a grant means.

use super::{Builder, label, word};
use crate::model::*;
use crate::resolve::defaults;
use crate::resolve::schema::Subject;
use crate::syntax::ast::Decl;

impl<'a> Builder<'_, 'a> {
    pub(super) fn identity(&mut self, d: &'a Decl) {
        let Some(id) = &d.id else { return };
        let mut parts = self.parts(d);
        let kind = (parts.settings.word(Key::Kind))
            .and_then(IdentityKind::from_word)
            .unwrap_or_else(defaults::identity_kind);
        defaults::apply(&mut parts.settings, Subject::Identity, kind.as_str());
        let scope =
            word(&parts.settings, Key::Scope).and_then(|s| self.index.boundaries.get(&s).copied());
        let me = self.model.identities.push(Identity {
            id: id.name.clone(),
            label: label(d, &id.name),
            kind,
            scope,
            grants: Vec::new(),
            settings: parts.settings,
            implicit: false,
            span: id.span,
        });
        self.allows.extend(parts.allows.iter().map(|&a| (me, a)));
        self.index.identities.insert(id.name.clone(), me);
    }
}
