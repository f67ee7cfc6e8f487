//! The settings table: which setting each declaration accepts, of what type.
//!
//! One row per setting, so the resolver, the rule checker, `vastc rules` and
//! the language reference all read the same facts. Additions to the
//! vocabulary of `LANGUAGE.md` are marked `added` and documented in
//! `docs/language.md`.

/// One row of the settings table.
macro_rules! s {
    ($key:ident, $subjects:expr, $ty:expr, $doc:literal) => {
        SettingSpec {
            key: Key::$key,
            subjects: $subjects,
            ty: $ty,
            doc: $doc,
        }
    };
}

mod table;
mod table_tail;

use crate::model::Key;
use crate::resolve::vocab::{self, Vocab};
use Subject as S;
use table::ELEMENTS;
pub use table::SETTINGS;

/// The declaration a setting belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Subject {
    Model,
    Data,
    Boundary,
    Actor,
    Process,
    Store,
    Flow,
    Identity,
    App,
    Feature,
    Widget,
    Step,
    Risk,
    Threat,
    Rule,
    Scenario,
}

impl Subject {
    /// The subject of a declaration keyword (an `include` counts as the model).
    pub fn of(k: crate::syntax::ast::Keyword) -> Subject {
        use crate::syntax::ast::Keyword as K;
        match k {
            K::Model | K::Include => Subject::Model,
            K::Data => Subject::Data,
            K::Boundary => Subject::Boundary,
            K::Actor => Subject::Actor,
            K::Process => Subject::Process,
            K::Store => Subject::Store,
            K::Flow => Subject::Flow,
            K::Identity => Subject::Identity,
            K::App => Subject::App,
            K::Feature => Subject::Feature,
            K::Widget => Subject::Widget,
            K::Step => Subject::Step,
            K::Risk => Subject::Risk,
            K::Threat => Subject::Threat,
            K::Rule => Subject::Rule,
            K::Scenario => Subject::Scenario,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Subject::Model => "model",
            Subject::Data => "data",
            Subject::Boundary => "boundary",
            Subject::Actor => "actor",
            Subject::Process => "process",
            Subject::Store => "store",
            Subject::Flow => "flow",
            Subject::Identity => "identity",
            Subject::App => "app",
            Subject::Feature => "feature",
            Subject::Widget => "widget",
            Subject::Step => "step",
            Subject::Risk => "risk",
            Subject::Threat => "threat",
            Subject::Rule => "rule",
            Subject::Scenario => "scenario",
        }
    }
}

/// What kind of declaration a reference must name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefKind {
    Data,
    Boundary,
    Element,
    Actor,
    Identity,
    /// Element or identity (`compromise`).
    Compromisable,
}

impl RefKind {
    pub fn describe(self) -> &'static str {
        match self {
            RefKind::Data => "a data asset",
            RefKind::Boundary => "a boundary",
            RefKind::Element => "an element (actor, process or store)",
            RefKind::Actor => "an actor",
            RefKind::Identity => "an identity",
            RefKind::Compromisable => "an element or an identity",
        }
    }
}

/// The type of a setting's value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Ty {
    Bool,
    Number,
    /// A whole number from 0 to 65535.
    Port,
    Text,
    TextList,
    /// Any identifier or string (a product name such as an engine).
    Word,
    Date,
    Cvss,
    Vocab(&'static Vocab),
    VocabList(&'static Vocab),
    Ref(RefKind),
    RefList(RefKind),
}

impl Ty {
    pub fn is_list(self) -> bool {
        matches!(self, Ty::TextList | Ty::VocabList(_) | Ty::RefList(_))
    }

    pub fn describe(self) -> String {
        match self {
            Ty::Bool => "true or false".into(),
            Ty::Number => "a number".into(),
            Ty::Port => "a port number (0-65535)".into(),
            Ty::Text => "a string".into(),
            Ty::TextList => "a list of strings".into(),
            Ty::Word => "a name".into(),
            Ty::Date => "a date (YYYY-MM-DD)".into(),
            Ty::Cvss => "a CVSS vector string".into(),
            Ty::Vocab(v) => format!("one of the {} words", v.name),
            Ty::VocabList(v) => format!("a list of {} words", v.name),
            Ty::Ref(k) => k.describe().into(),
            Ty::RefList(k) => format!("a list of references to {}", k.describe()),
        }
    }
}

/// One setting of one or more declarations.
#[derive(Clone, Copy, Debug)]
pub struct SettingSpec {
    pub key: Key,
    pub subjects: &'static [Subject],
    pub ty: Ty,
    pub doc: &'static str,
}

impl SettingSpec {
    /// The setting's name, as its key spells it.
    pub fn name(&self) -> &'static str {
        self.key.as_str()
    }
}

/// The spec of `key` for `subject`, if the language has it.
pub fn setting(subject: Subject, key: Key) -> Option<&'static SettingSpec> {
    static BY_KEY: std::sync::OnceLock<Vec<Vec<&'static SettingSpec>>> = std::sync::OnceLock::new();
    let by_key = BY_KEY.get_or_init(|| {
        let mut m: Vec<Vec<&'static SettingSpec>> = vec![Vec::new(); Key::ALL.len()];
        for s in SETTINGS {
            m[s.key.index()].push(s);
        }
        m
    });
    by_key
        .get(key.index())?
        .iter()
        .copied()
        .find(|s| s.subjects.contains(&subject))
}

/// The spec of the setting `name` for `subject`, if the language has it.
pub fn setting_named(subject: Subject, name: &str) -> Option<&'static SettingSpec> {
    setting(subject, Key::from_name(name)?)
}

/// All setting names of a subject, for suggestions.
pub fn names(subject: Subject) -> impl Iterator<Item = &'static str> {
    SETTINGS
        .iter()
        .filter(move |s| s.subjects.contains(&subject))
        .map(SettingSpec::name)
}

/// The vocabulary of `kind` for a subject.
pub fn kind_vocab(subject: Subject) -> Option<&'static Vocab> {
    match subject {
        S::Boundary => Some(&vocab::BOUNDARY_KIND),
        S::Actor => Some(&vocab::ACTOR_KIND),
        S::Process => Some(&vocab::PROCESS_KIND),
        S::Store => Some(&vocab::STORE_KIND),
        S::Identity => Some(&vocab::IDENTITY_KIND),
        S::Widget => Some(&vocab::WIDGET_KIND),
        _ => None,
    }
}

/// Element subjects.
pub fn is_element(subject: Subject) -> bool {
    ELEMENTS.contains(&subject)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_a_row_and_every_row_a_key() {
        for &k in Key::ALL {
            assert!(
                SETTINGS.iter().any(|s| s.key == k),
                "no settings row for `{k}`"
            );
        }
        for s in SETTINGS {
            assert!(Key::ALL.contains(&s.key));
            assert_eq!(Key::from_name(s.name()), Some(s.key));
        }
    }
}
