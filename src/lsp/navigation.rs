//! Go to definition, find references and rename, for every ID of a build
//! (elements, boundaries, data, identities, flows, apps, features,
//! widgets, rules, threats, scenarios) across its included files; go to
//! definition on an `include`'s path opens the file.

use super::features::Spot;
use super::index::Role;
use super::project::Project;
use super::server::Failure;
use crate::source::{FileId, Span};
use crate::syntax::ast::Keyword;
use lsp_server::ErrorCode;
use lsp_types::{Location, Position, PrepareRenameResponse, Range, TextEdit, Uri};
use std::collections::BTreeMap;

type UriOf<'a> = dyn Fn(&Project, FileId) -> Option<Uri> + 'a;

fn location(p: &Project, span: Span, uri_of: &UriOf) -> Option<Location> {
    let uri = uri_of(p, span.file)?;
    let range = p
        .lines(span.file)?
        .range(p.text(span.file), span.start, span.end);
    Some(Location::new(uri, range))
}

/// Where the ID under the cursor is declared, or the file an `include` names.
pub fn definition(p: &Project, at: &Spot, uri_of: &UriOf) -> Option<Location> {
    if let Some(o) = p.index().at(at.file, at.offset) {
        let def = p.index().defs.get(p.index().name(o))?;
        return location(p, def.span, uri_of);
    }
    let (_, target) = p
        .resolved
        .includes()
        .iter()
        .find(|(s, _)| s.file == at.file && s.start <= at.offset && at.offset <= s.end)?;
    let uri = uri_of(p, *target)?;
    Some(Location::new(
        uri,
        Range::new(Position::new(0, 0), Position::new(0, 0)),
    ))
}

/// Every place the ID under the cursor is written.
pub fn references(p: &Project, at: &Spot, with_decl: bool, uri_of: &UriOf) -> Vec<Location> {
    let Some(o) = p.index().at(at.file, at.offset) else {
        return Vec::new();
    };
    p.index()
        .same_name(o)
        .filter(|x| with_decl || x.role == Role::Ref)
        .filter_map(|x| location(p, x.span, uri_of))
        .collect()
}

/// The range of the ID a rename would change, or why it cannot be renamed.
pub fn prepare_rename(p: &Project, at: &Spot) -> Result<Option<PrepareRenameResponse>, Failure> {
    let Some(o) = p.index().at(at.file, at.offset) else {
        return Ok(None);
    };
    renamable(p, p.index().name(o))?;
    let range = p
        .lines(at.file)
        .map(|l| l.range(p.text(at.file), o.span.start, o.span.end));
    Ok(range.map(PrepareRenameResponse::Range))
}

fn renamable(p: &Project, name: &str) -> Result<(), Failure> {
    if p.index().defs.contains_key(name) {
        return Ok(());
    }
    let builtin = crate::resolve::catalogue()
        .rules
        .iter()
        .any(|r| r.id == name);
    let why = if builtin {
        format!("`{name}` is a built-in rule; its ID cannot change")
    } else {
        format!("`{name}` is not declared in this model")
    };
    Err((ErrorCode::RequestFailed, why))
}

/// Renames the ID under the cursor everywhere it is written: a
/// `WorkspaceEdit` whose `changes` are ordered by URI.
pub fn rename(
    p: &Project,
    at: &Spot,
    new_name: &str,
    uri_of: &UriOf,
) -> Result<Option<serde_json::Value>, Failure> {
    let Some(o) = p.index().at(at.file, at.offset) else {
        return Ok(None);
    };
    renamable(p, p.index().name(o))?;
    let fail = |why: String| Err((ErrorCode::RequestFailed, why));
    if let Err(why) = valid_id(new_name) {
        return fail(why);
    }
    let old = p.index().name(o);
    if new_name != old && p.index().defs.contains_key(new_name) {
        return fail(format!(
            "`{new_name}` is already declared; IDs are unique across the build"
        ));
    }
    let rule = p
        .index()
        .defs
        .get(old)
        .is_some_and(|d| d.keyword == Keyword::Rule);
    if rule
        && crate::resolve::catalogue()
            .rules
            .iter()
            .any(|r| r.id == new_name)
    {
        return fail(format!("`{new_name}` is a built-in rule"));
    }
    let mut changes: BTreeMap<String, Vec<TextEdit>> = BTreeMap::new();
    for x in p.index().same_name(o) {
        let Some(loc) = location(p, x.span, uri_of) else {
            continue;
        };
        changes
            .entry(loc.uri.as_str().to_string())
            .or_default()
            .push(TextEdit::new(loc.range, new_name.to_string()));
    }
    Ok(Some(serde_json::json!({ "changes": changes })))
}

/// Words that cannot be an ID where IDs are written.
const RESERVED: &[&str] = &[
    "in", "on", "named", "allow", "when", "and", "or", "not", "has",
];

/// Whether `name` is written as one identifier of the language (and not
/// a keyword), so the renamed model parses as before.
pub fn valid_id(name: &str) -> Result<(), String> {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return Err("an ID cannot be empty".into());
    };
    let ok_start = first.is_ascii_alphabetic() || first == '_' || first.is_alphabetic();
    let bytes = name.as_bytes();
    let ok_rest = name.char_indices().skip(1).all(|(i, c)| {
        c.is_ascii_alphanumeric()
            || c == '_'
            || c.is_alphabetic()
            || (c == '-' && bytes.get(i + 1) != Some(&b'>'))
    });
    if !ok_start || !ok_rest {
        return Err(format!(
            "`{}` is not an ID: IDs start with a letter or `_` and go on with letters, digits, `_` and `-`",
            crate::diagnostic::terminal::escape(name)
        ));
    }
    if Keyword::parse(name).is_some() || RESERVED.contains(&name) {
        return Err(format!("`{name}` is a keyword of the language"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::valid_id;

    #[test]
    fn ids() {
        assert!(valid_id("api-v2").is_ok());
        assert!(valid_id("_x").is_ok());
        assert!(valid_id("größe").is_ok());
        for bad in [
            "", "2api", "a b", "a->b", "a.b", "process", "in", "a\"", "-a",
        ] {
            assert!(valid_id(bad).is_err(), "{bad}");
        }
    }
}
