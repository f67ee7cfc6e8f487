//! Names: every declaration of the build flattened with its container, and
//! the one symbol table of IDs (unique across all included files).

use super::suggest::did_you_mean;
use crate::diagnostic::Diag;
use crate::source::Span;
use crate::syntax::ast::{Decl, File, Item, Keyword, Unknown, flow_id};
use foldhash::HashMap;
use std::collections::BTreeMap;

/// Where a declaration was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Container {
    Top,
    /// Inside the block of the boundary with this ID index in `Flat::decls`.
    Boundary(usize),
    App(usize),
    Feature(usize),
}

/// A declaration with its container.
pub struct FlatDecl<'a> {
    pub decl: &'a Decl,
    pub container: Container,
}

/// What an ID names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sym {
    pub keyword: Keyword,
    /// Index into the flat declaration list.
    pub decl: usize,
    pub span: Span,
}

/// All declarations in order, and the symbol table.
pub struct Names<'a> {
    pub decls: Vec<FlatDecl<'a>>,
    /// Looked up, never iterated for output (suggestions pick by distance, then name).
    pub syms: HashMap<String, Sym>,
    /// IDs of declarations with an unknown keyword (already an error):
    /// references to them are not reported again.
    pub broken: Vec<String>,
}

impl Names<'_> {
    pub fn get(&self, id: &str) -> Option<&Sym> {
        self.syms.get(id)
    }

    /// IDs declared with one of `keywords`, for suggestions.
    pub fn ids_of<'s>(&'s self, keywords: &'s [Keyword]) -> impl Iterator<Item = &'s str> + 's {
        self.syms
            .iter()
            .filter(move |(_, s)| keywords.contains(&s.keyword))
            .map(|(k, _)| k.as_str())
    }
}

fn allowed_in(k: Keyword, c: Container) -> bool {
    use Keyword as K;
    match c {
        Container::Top => !matches!(k, K::Feature | K::Widget | K::Step),
        Container::Boundary(_) => {
            matches!(k, K::Boundary | K::Actor | K::Process | K::Store | K::Flow)
        }
        Container::App(_) => matches!(k, K::Feature | K::Step),
        Container::Feature(_) => matches!(k, K::Widget),
    }
}

fn where_allowed(k: Keyword) -> &'static str {
    use Keyword as K;
    match k {
        K::Feature | K::Step => "inside an `app` block",
        K::Widget => "inside a `feature` block",
        K::Actor | K::Process | K::Store | K::Flow | K::Boundary => {
            "at top level or inside a boundary"
        }
        _ => "at top level",
    }
}

/// Flattens all files' declarations and builds the symbol table.
///
/// An included file's declarations take the place of its `include`, so
/// "declared twice" points at the later one in reading order.
pub fn collect<'a>(
    files: &'a [(usize, File)],
    includes: &BTreeMap<Span, usize>,
    diags: &mut Vec<Diag>,
) -> Names<'a> {
    let mut names = Names {
        decls: Vec::new(),
        syms: HashMap::default(),
        broken: Vec::new(),
    };
    let mut order = Vec::new();
    let mut visited = vec![false; files.len()];
    // Depth-first over includes with an explicit stack (include chains can be long).
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for start in 0..files.len() {
        if visited[start] {
            continue;
        }
        visited[start] = true;
        stack.push((start, 0));
        while let Some((fi, di)) = stack.pop() {
            let decls = &files[fi].1.decls;
            let Some(d) = decls.get(di) else { continue };
            stack.push((fi, di + 1));
            order.push((fi, d));
            if let Some(p) = d.path.as_ref().filter(|_| d.keyword == Keyword::Include)
                && let Some(pos) = includes
                    .get(&p.span)
                    .and_then(|id| files.iter().position(|(f, _)| f == id))
                && !visited[pos]
            {
                visited[pos] = true;
                stack.push((pos, 0));
            }
        }
    }
    let mut model_seen: BTreeMap<usize, Span> = BTreeMap::new();
    for (_, f) in files {
        for u in &f.unknown {
            diags.push(unknown_keyword(u));
            names.broken.extend(u.id.as_ref().map(|i| i.name.clone()));
        }
        names.broken.extend(f.broken.iter().map(|i| i.name.clone()));
    }
    for (fi, d) in order {
        let file = &files[fi].0;
        {
            if d.keyword == Keyword::Model {
                if let Some(first) = model_seen.get(file) {
                    diags.push(
                        Diag::error(
                            "vast::resolve::duplicate_model",
                            "a second `model` block in this file",
                            d.keyword_span,
                        )
                        .label("second model")
                        .note(*first, "first model block here")
                        .help("each file has at most one `model` block; merge the two"),
                    );
                } else {
                    model_seen.insert(*file, d.keyword_span);
                }
            }
            walk(d, Container::Top, &mut names, diags);
        }
    }
    names
}

fn walk<'a>(d: &'a Decl, container: Container, names: &mut Names<'a>, diags: &mut Vec<Diag>) {
    if !allowed_in(d.keyword, container) {
        diags.push(
            Diag::error(
                "vast::resolve::misplaced",
                format!("`{}` cannot be declared here", d.keyword.as_str()),
                d.keyword_span,
            )
            .label("not allowed in this block")
            .help(format!(
                "`{}` goes {}",
                d.keyword.as_str(),
                where_allowed(d.keyword)
            )),
        );
        return;
    }
    let index = names.decls.len();
    names.decls.push(FlatDecl { decl: d, container });
    register(d, index, names, diags);
    let inner = match d.keyword {
        Keyword::Boundary => Container::Boundary(index),
        Keyword::App => Container::App(index),
        Keyword::Feature => Container::Feature(index),
        _ => container,
    };
    if let Some(body) = &d.body {
        for item in &body.items {
            match item {
                Item::Decl(child) => walk(child, inner, names, diags),
                Item::Unknown(u) => {
                    diags.push(unknown_keyword(u));
                    names.broken.extend(u.id.as_ref().map(|i| i.name.clone()));
                }
                _ => {}
            }
        }
    }
}

fn register(d: &Decl, index: usize, names: &mut Names<'_>, diags: &mut Vec<Diag>) {
    let (id, span) = match d.keyword {
        Keyword::Model | Keyword::Include | Keyword::Risk | Keyword::Step => return,
        Keyword::Flow => match (&d.id, &d.ends) {
            (Some(id), _) => (id.name.clone(), id.span),
            (None, Some((a, b))) => (flow_id(&a.name, &b.name), a.span.to(b.span)),
            _ => return,
        },
        _ => match &d.id {
            Some(id) => (id.name.clone(), id.span),
            None => return,
        },
    };
    if let Some(first) = names.syms.get(&id) {
        let diag = if d.keyword == Keyword::Flow && d.id.is_none() && first.keyword == Keyword::Flow
        {
            Diag::error(
                "vast::resolve::duplicate_flow",
                format!("two flows derive the same ID `{id}`"),
                span,
            )
            .label("second flow")
            .note(first.span, "first flow")
            .help("give each flow an explicit ID: `flow login: a -> b`")
        } else {
            Diag::error(
                "vast::resolve::duplicate_id",
                format!("`{id}` is declared twice"),
                span,
            )
            .label("second declaration")
            .note(first.span, "first declared here")
            .help("IDs are unique across the whole build, included files too; rename one")
        };
        diags.push(diag);
        return;
    }
    names.syms.insert(
        id,
        Sym {
            keyword: d.keyword,
            decl: index,
            span,
        },
    );
}

fn unknown_keyword(u: &Unknown) -> Diag {
    let words = Keyword::ALL.iter().map(|k| k.as_str());
    Diag::error(
        "vast::resolve::unknown_keyword",
        format!("unknown keyword `{}`", u.keyword.name),
        u.keyword.span,
    )
    .label("not a declaration keyword")
    .help(
        did_you_mean(&u.keyword.name, words).unwrap_or_else(|| {
            "declarations start with model, include, data, boundary, actor, process, store, flow, identity, app, risk, threat, rule or scenario".to_string()
        }),
    )
}
