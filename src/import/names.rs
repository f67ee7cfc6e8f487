//! Identifiers for imported objects: valid `.vast` IDs made from Kubernetes
//! names, unique across the whole model.
//!
//! A name is lower-cased and every character outside `[a-z0-9-]` becomes a
//! `-`; a name that does not start with a letter gets a prefix. Each object
//! offers candidates in order (its name, then the name with its namespace or
//! kind in front); the first free one wins, and a number is appended when all
//! are taken. Allocation happens in a fixed order, so the output is stable.

use std::collections::BTreeSet;

/// Words the grammar reads as keywords or values where an ID may stand.
const RESERVED: &[&str] = &[
    "model", "include", "data", "boundary", "actor", "process", "store", "flow", "identity", "app",
    "feature", "widget", "step", "risk", "threat", "rule", "scenario", "in", "on", "allow", "when",
    "and", "or", "not", "has", "true", "false",
];

/// `name` as an identifier: `[a-z][a-z0-9-]*`; `prefix` goes in front of a
/// name that does not start with a letter (or is empty or reserved).
pub fn ident(name: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        let c = if c.is_ascii_lowercase() || c.is_ascii_digit() {
            c
        } else {
            '-'
        };
        if c == '-' && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push(c);
    }
    while out.ends_with('-') {
        out.pop();
    }
    let starts_with_letter = out.starts_with(|c: char| c.is_ascii_lowercase());
    if out.is_empty() {
        prefix.to_string()
    } else if !starts_with_letter || RESERVED.contains(&out.as_str()) {
        format!("{prefix}-{out}")
    } else {
        out
    }
}

/// Whether `s` can be written bare as an identifier value.
pub fn is_bare(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_ascii_alphabetic() || first == '_')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !s.contains("->")
        && !s.ends_with('-')
        && !RESERVED.contains(&s)
}

/// The IDs handed out so far.
#[derive(Default, Debug)]
pub struct Names {
    taken: BTreeSet<String>,
}

impl Names {
    /// Reserves a fixed ID (the cluster, the internet boundary).
    pub fn reserve(&mut self, id: &str) {
        self.taken.insert(id.to_string());
    }

    pub fn is_taken(&self, id: &str) -> bool {
        self.taken.contains(id)
    }

    /// The first free candidate, else the first one with `-2`, `-3`, … appended.
    pub fn alloc(&mut self, candidates: &[String]) -> String {
        let free = candidates
            .iter()
            .find(|c| !c.is_empty() && !self.taken.contains(c.as_str()))
            .cloned();
        let id = free.unwrap_or_else(|| {
            let base = candidates.first().cloned().unwrap_or_else(|| "x".into());
            (2..)
                .map(|n| format!("{base}-{n}"))
                .find(|c| !self.taken.contains(c))
                .unwrap_or(base)
        });
        self.taken.insert(id.clone());
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idents() {
        assert_eq!(ident("frontend", "x"), "frontend");
        assert_eq!(ident("My_App.v2", "x"), "my-app-v2");
        assert_eq!(ident("system:anonymous", "user"), "system-anonymous");
        assert_eq!(ident("1password", "deployment"), "deployment-1password");
        assert_eq!(ident("--", "secret"), "secret");
        assert_eq!(ident("flow", "process"), "process-flow");
    }

    #[test]
    fn alloc_falls_back() {
        let mut n = Names::default();
        assert_eq!(
            n.alloc(&["frontend".into(), "shop-frontend".into()]),
            "frontend"
        );
        assert_eq!(
            n.alloc(&["frontend".into(), "shop-frontend".into()]),
            "shop-frontend"
        );
        assert_eq!(
            n.alloc(&["frontend".into(), "shop-frontend".into()]),
            "frontend-2"
        );
    }

    #[test]
    fn bare_values() {
        assert!(is_bare("pods"));
        assert!(!is_bare("pods/exec"));
        assert!(!is_bare("*"));
        assert!(!is_bare("true"));
    }
}
