//! Writes a [`Draft`] as `.vast` text in the canonical layout (the one
//! `vastc fmt` prints): IDs made from the foreign names (sanitised, unique,
//! keywords avoided), every foreign string quoted with escapes, boundaries
//! nested with their elements, then flows, identities and threats.

use super::draft::{Draft, Target};
use crate::import::emit::{self, Decl, string};
use crate::import::names::{Names, ident, is_bare};

/// Boundaries nested deeper than this are written at the top level with
/// `in PARENT` (the grammar allows 128 levels of `{`).
const MAX_NESTING: usize = 32;
/// The longest ID made from a foreign name.
const MAX_ID: usize = 48;

/// The IDs the writer gives a draft's declarations.
pub struct Ids {
    names: Names,
    pub data: Vec<String>,
    pub boundaries: Vec<String>,
    pub elements: Vec<String>,
    /// A flow's explicit ID, when it needs one.
    pub flows: Vec<Option<String>>,
    pub identities: Vec<String>,
}

impl Ids {
    /// The ID of flow `f` in the resolved model: its explicit ID, else
    /// `SRC->DST`.
    pub fn flow_id(&self, d: &Draft, f: usize) -> Option<String> {
        let x = d.flows.get(f)?;
        Some(match self.flows.get(f).cloned().flatten() {
            Some(id) => id,
            None => format!(
                "{}->{}",
                self.elements.get(x.source)?,
                self.elements.get(x.target)?
            ),
        })
    }
}

/// Allocates the IDs of every declaration of `d`, as [`vast`] writes them.
pub fn ids(d: &Draft) -> Ids {
    let mut names = Names::default();
    let data: Vec<String> = d
        .data
        .iter()
        .map(|x| alloc(&mut names, &x.names, "data"))
        .collect();
    let boundaries: Vec<String> = d
        .boundaries
        .iter()
        .map(|x| alloc(&mut names, &x.names, "boundary"))
        .collect();
    let elements: Vec<String> = d
        .elements
        .iter()
        .map(|x| alloc(&mut names, &x.names, x.shape.keyword()))
        .collect();
    // A flow needs its own ID when another flow joins the same two elements.
    let mut pairs = std::collections::BTreeMap::new();
    for f in &d.flows {
        *pairs.entry((f.source, f.target)).or_insert(0usize) += 1;
    }
    let flows: Vec<Option<String>> = d
        .flows
        .iter()
        .map(|f| {
            let shared = pairs.get(&(f.source, f.target)).copied().unwrap_or(0) > 1;
            match &f.id {
                Some(id) if is_bare(id) => {
                    Some(alloc(&mut names, std::slice::from_ref(id), "flow"))
                }
                _ if shared => Some(alloc(&mut names, std::slice::from_ref(&f.label), "flow")),
                _ => None,
            }
        })
        .collect();
    let identities: Vec<String> = d
        .identities
        .iter()
        .map(|x| alloc(&mut names, &x.names, "identity"))
        .collect();
    Ids {
        names,
        data,
        boundaries,
        elements,
        flows,
        identities,
    }
}

/// The text of the model.
pub fn vast(d: &Draft) -> String {
    let Ids {
        mut names,
        data,
        boundaries,
        elements,
        flows,
        identities,
    } = ids(d);
    let mut decls = Vec::new();
    let title = if d.title.trim().is_empty() {
        d.file.clone()
    } else {
        d.title.clone()
    };
    let mut model = Decl::new(format!("model {}", string(&title)));
    if !d.description.is_empty() {
        model.set("description", string(&d.description));
    }
    if !d.version.is_empty() {
        model.set("version", string(&d.version));
    }
    if !d.owner.is_empty() {
        model.set("owner", string(&d.owner));
    }
    decls.push(model);

    for (x, id) in d.data.iter().zip(&data) {
        let mut decl = head("data", id, &x.label);
        describe(&mut decl, &x.description);
        for (name, value) in [
            ("classification", x.classification),
            ("integrity", x.integrity),
            ("availability", x.availability),
        ] {
            if let Some(v) = value {
                decl.set(name, v);
            }
        }
        for (name, value) in &x.settings {
            decl.set(name, value.clone());
        }
        decls.push(decl);
    }

    let element_decl = |i: usize| {
        let e = &d.elements[i];
        let mut decl = head(e.shape.keyword(), &elements[i], &e.label);
        describe(&mut decl, &e.description);
        decl.set("kind", e.kind);
        for (name, value) in &e.settings {
            decl.set(name, value.clone());
        }
        let stored: Vec<&str> = e
            .stores
            .iter()
            .filter_map(|&s| data.get(s).map(String::as_str))
            .collect();
        if !stored.is_empty() {
            decl.set("stores", emit::words(&stored));
        }
        decl
    };
    let parents = parents(d);
    let written_depth = written_depths(&parents);
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); d.boundaries.len()];
    let mut roots = Vec::new();
    for (b, p) in parents.iter().enumerate() {
        match p {
            Some(p) if written_depth[b] > 0 => children[*p].push(b),
            _ => roots.push(b),
        }
    }
    let mut inside: Vec<Vec<usize>> = vec![Vec::new(); d.boundaries.len()];
    let mut outside = Vec::new();
    for (i, e) in d.elements.iter().enumerate() {
        match e.boundary.filter(|&b| b < d.boundaries.len()) {
            Some(b) => inside[b].push(i),
            None => outside.push(i),
        }
    }
    let ctx = Ctx {
        d,
        ids: &boundaries,
        parents: &parents,
        children: &children,
        inside: &inside,
        element: &element_decl,
    };
    for &b in &roots {
        decls.push(ctx.boundary(b));
    }
    for i in outside {
        decls.push(element_decl(i));
    }

    let flow_ref = |f: usize| -> String {
        match flows.get(f).cloned().flatten() {
            Some(id) => id,
            None => {
                let x = &d.flows[f];
                format!("{} -> {}", elements[x.source], elements[x.target])
            }
        }
    };
    for (i, f) in d.flows.iter().enumerate() {
        let ends = format!("{} -> {}", elements[f.source], elements[f.target]);
        let mut h = match &flows[i] {
            Some(id) => format!("flow {id}: {ends}"),
            None => format!("flow {ends}"),
        };
        if !f.label.is_empty() {
            h.push(' ');
            h.push_str(&string(&f.label));
        }
        let mut decl = Decl::new(h);
        describe(&mut decl, &f.description);
        if let Some(p) = f.protocol {
            decl.set("protocol", p);
        }
        if let Some(p) = f.port {
            decl.set("port", p.to_string());
        }
        if let Some(a) = f.authn {
            decl.set("authn", a);
        }
        if let Some(e) = f.encrypted {
            decl.set("encrypted", e.to_string());
        }
        for (name, list) in [("carries", &f.carries), ("returns", &f.returns)] {
            let ids: Vec<&str> = list
                .iter()
                .filter_map(|&x| data.get(x).map(String::as_str))
                .collect();
            if !ids.is_empty() {
                decl.set(name, emit::words(&ids));
            }
        }
        decls.push(decl);
    }

    for (x, id) in d.identities.iter().zip(&identities) {
        decls.push(head("identity", id, &x.label));
    }

    for t in &d.threats {
        let target = match t.target {
            Target::Element(i) => elements.get(i).cloned(),
            Target::Flow(i) => (i < d.flows.len()).then(|| flow_ref(i)),
            Target::Boundary(i) => boundaries.get(i).cloned(),
            Target::Data(i) => data.get(i).cloned(),
            Target::Identity(i) => identities.get(i).cloned(),
        };
        let Some(target) = target else { continue };
        let id = alloc(&mut names, &t.names, "threat");
        let title = if t.title.trim().is_empty() {
            id.clone()
        } else {
            t.title.clone()
        };
        let mut decl = Decl::new(format!("threat {id} {} on {target}", string(&title)));
        describe(&mut decl, &t.description);
        if !t.stride.is_empty() {
            decl.set("stride", emit::words(&t.stride));
        }
        if let Some(c) = t.category {
            decl.set("category", c);
        }
        match &t.cvss {
            Some(v) => decl.set("cvss", string(v)),
            None => decl.set("severity", t.severity),
        }
        decl.set("status", t.status);
        for (name, value) in [
            ("reason", &t.reason),
            ("ticket", &t.ticket),
            ("owner", &t.owner),
            ("mitigation", &t.mitigation),
        ] {
            if !value.is_empty() {
                decl.set(name, string(value));
            }
        }
        if !t.references.is_empty() {
            decl.set("references", emit::strings(&t.references));
        }
        decls.push(decl);
    }

    for r in &d.risks {
        let target = match r.target {
            Target::Element(i) => elements.get(i).cloned(),
            Target::Flow(i) => (i < d.flows.len()).then(|| flow_ref(i)),
            Target::Boundary(i) => boundaries.get(i).cloned(),
            Target::Data(i) => data.get(i).cloned(),
            Target::Identity(i) => identities.get(i).cloned(),
        };
        let Some(target) = target.filter(|_| is_bare(&r.rule)) else {
            continue;
        };
        let mut decl = Decl::new(format!("risk {} on {target}", r.rule));
        decl.set("status", r.status);
        if !r.reason.is_empty() {
            decl.set("reason", string(&r.reason));
        }
        decls.push(decl);
    }

    let header = vec![format!(
        "Imported by `vastc import {}` from {} ({}).\nThe notes printed on stderr list what the format says that this model\ndoes not; review element kinds and settings the format could not give.",
        d.format,
        emit::one_line(&d.file),
        d.tool
    )];
    emit::file(&header, &decls)
}

/// Shared pieces for writing nested boundaries.
struct Ctx<'a, F: Fn(usize) -> Decl> {
    d: &'a Draft,
    ids: &'a [String],
    parents: &'a [Option<usize>],
    children: &'a [Vec<usize>],
    inside: &'a [Vec<usize>],
    element: &'a F,
}

impl<F: Fn(usize) -> Decl> Ctx<'_, F> {
    /// A boundary with its elements and nested boundaries (at most
    /// [`MAX_NESTING`] deep: deeper ones are roots with `in PARENT`).
    fn boundary(&self, b: usize) -> Decl {
        let x = &self.d.boundaries[b];
        let mut decl = head("boundary", &self.ids[b], &x.label);
        let nested_in_parent = self.parents[b].is_some_and(|p| self.children[p].contains(&b));
        if let Some(p) = self.parents[b].filter(|_| !nested_in_parent) {
            decl.head.push_str(&format!(" in {}", self.ids[p]));
        }
        describe(&mut decl, &x.description);
        decl.set("kind", x.kind);
        if let Some(t) = x.trust {
            decl.set("trust", t);
        }
        for &e in &self.inside[b] {
            decl.push((self.element)(e));
        }
        for &c in &self.children[b] {
            decl.push(self.boundary(c));
        }
        decl
    }
}

/// Each boundary's parent, with every cycle broken (a boundary whose parent
/// chain does not reach a root becomes one).
fn parents(d: &Draft) -> Vec<Option<usize>> {
    let n = d.boundaries.len();
    let mut parents: Vec<Option<usize>> = d
        .boundaries
        .iter()
        .map(|b| b.parent.filter(|&p| p < n))
        .collect();
    for b in 0..n {
        let mut p = parents[b];
        let mut steps = 0;
        while let Some(x) = p {
            steps += 1;
            if x == b || steps > n {
                parents[b] = None;
                break;
            }
            p = parents[x];
        }
    }
    parents
}

/// How deep each boundary is written inside the nearest boundary written
/// at the top level (0 for those).
fn written_depths(parents: &[Option<usize>]) -> Vec<usize> {
    let n = parents.len();
    let mut depth: Vec<Option<usize>> = vec![None; n];
    for b in 0..n {
        // The chain up to a boundary whose depth is known, or a root.
        let mut chain = vec![b];
        let mut p = parents[b];
        while let Some(x) = p {
            if depth[x].is_some() || chain.len() > n {
                break;
            }
            chain.push(x);
            p = parents[x];
        }
        for &c in chain.iter().rev() {
            if depth[c].is_some() {
                continue;
            }
            let d = match parents[c].and_then(|x| depth[x]) {
                Some(pd) if pd + 1 < MAX_NESTING => pd + 1,
                _ => 0,
            };
            depth[c] = Some(d);
        }
    }
    depth.into_iter().map(Option::unwrap_or_default).collect()
}

fn head(keyword: &str, id: &str, label: &str) -> Decl {
    if label.is_empty() {
        Decl::new(format!("{keyword} {id}"))
    } else {
        Decl::named(keyword, id, label)
    }
}

fn describe(decl: &mut Decl, description: &str) {
    let text = description.trim();
    if !text.is_empty() {
        decl.set("description", string(text));
    }
}

/// The first free ID among the names (each kept when it is a valid,
/// lower-case ID, else sanitised), else `prefix`, `prefix-2`, ….
fn alloc(names: &mut Names, raw: &[String], prefix: &str) -> String {
    let mut candidates: Vec<String> = raw
        .iter()
        .filter(|r| !r.trim().is_empty())
        .map(|r| {
            if is_bare(r) && r.len() <= MAX_ID && !r.chars().any(|c| c.is_ascii_uppercase()) {
                r.clone()
            } else {
                shorten(ident(r, prefix))
            }
        })
        .collect();
    if candidates.is_empty() {
        candidates.push(prefix.to_string());
    }
    names.alloc(&candidates)
}

/// An ID cut to [`MAX_ID`] bytes at a `-`.
fn shorten(id: String) -> String {
    if id.len() <= MAX_ID {
        return id;
    }
    let cut = &id[..MAX_ID];
    let cut = match cut.rfind('-') {
        Some(i) if i > 8 => &cut[..i],
        _ => cut,
    };
    cut.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_depths_wrap_and_cycles_break() {
        let mut parents: Vec<Option<usize>> = vec![None];
        for i in 0..70 {
            parents.push(Some(i));
        }
        let d = written_depths(&parents);
        assert_eq!(d[0], 0);
        assert_eq!(d[31], 31);
        assert_eq!(d[32], 0);
        assert_eq!(d[33], 1);
        let mut draft = Draft::default();
        for p in [Some(1), Some(0), None] {
            draft.boundaries.push(super::super::draft::Boundary {
                names: vec![],
                label: String::new(),
                description: String::new(),
                kind: "generic",
                trust: None,
                parent: p,
            });
        }
        let p = parents_of(&draft);
        assert!(p[0].is_none() || p[1].is_none());
    }

    fn parents_of(d: &Draft) -> Vec<Option<usize>> {
        parents(d)
    }

    #[test]
    fn ids() {
        let mut n = Names::default();
        assert_eq!(alloc(&mut n, &["Web UI".into()], "process"), "web-ui");
        assert_eq!(alloc(&mut n, &["web-ui".into()], "process"), "web-ui-2");
        assert_eq!(alloc(&mut n, &["flow".into()], "process"), "process-flow");
        assert_eq!(alloc(&mut n, &["".into()], "process"), "process");
        assert_eq!(alloc(&mut n, &["api_v2".into()], "process"), "api_v2");
        assert_eq!(alloc(&mut n, &["Database".into()], "process"), "database");
        let long = "x".repeat(100);
        assert!(alloc(&mut n, &[long], "process").len() <= MAX_ID);
    }
}
