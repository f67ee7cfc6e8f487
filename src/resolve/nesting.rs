//! Structure limits of a resolved model. Boundary nesting (`in` chains):
//! cycles broken and reported, and the
//! depth limited to [`MAX_NESTING`], in time linear in the number of
//! boundaries (each is visited once, however deep the chain). IDs that
//! would collide as file names on a case-insensitive file system.

use crate::diagnostic::Diag;
use crate::model::{BoundaryId, IdVec, Model};

/// Deepest nesting of boundaries: a boundary inside [`MAX_NESTING`]
/// others is the limit; one level more is an error. Diagrams lay nesting
/// out at a cost that grows quickly with depth.
pub const MAX_NESTING: usize = 256;

/// Reports every cycle of `in` placements once (at its first boundary,
/// whose parent is then cleared so later stages see a forest), and the
/// first boundary nested deeper than [`MAX_NESTING`].
pub fn check(model: &mut Model, diags: &mut Vec<Diag>) {
    const UNKNOWN: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let n = model.boundaries.len();
    let mut state: IdVec<BoundaryId, u8> = IdVec::filled(UNKNOWN, n);
    let mut depth: IdVec<BoundaryId, usize> = IdVec::filled(0, n);
    let mut path = Vec::new();
    for start in model.boundaries.ids() {
        path.clear();
        let mut cur = Some(start);
        while let Some(c) = cur {
            match state[c] {
                DONE => break,
                ON_PATH => {
                    let from = path.iter().position(|&x| x == c).unwrap_or(0);
                    let first = path[from..].iter().copied().min().unwrap_or(c);
                    let b = &model.boundaries[first];
                    diags.push(
                        Diag::error(
                            "vast::resolve::boundary_cycle",
                            format!("boundary `{}` is nested inside itself", b.id),
                            b.span,
                        )
                        .label("part of a cycle of `in` placements")
                        .help("a boundary's parent chain must end at the top level"),
                    );
                    model.boundaries[first].parent = None;
                    break;
                }
                _ => {
                    state[c] = ON_PATH;
                    path.push(c);
                    cur = model.boundaries[c].parent;
                }
            }
        }
        // The path is a chain now: depths from the top down.
        for &c in &path {
            let mut up = Vec::new();
            let mut at = c;
            while state[at] != DONE {
                up.push(at);
                match model.boundaries[at].parent {
                    Some(p) if state[p] != DONE => at = p,
                    _ => break,
                }
            }
            while let Some(b) = up.pop() {
                depth[b] = model.boundaries[b].parent.map_or(0, |p| depth[p] + 1);
                state[b] = DONE;
            }
        }
    }
    if let Some(deep) = depth.ids().find(|&b| depth[b] > MAX_NESTING) {
        let b = &model.boundaries[deep];
        diags.push(
            Diag::error(
                "vast::resolve::too_deep",
                format!(
                    "boundary `{}` is nested more than {MAX_NESTING} boundaries deep",
                    b.id
                ),
                b.span,
            )
            .label("too deep")
            .help(format!(
                "a boundary may be inside at most {MAX_NESTING} others; flatten the `in` chain"
            )),
        );
    }
}

/// Warns about apps (and scenarios) whose IDs differ only in case: their
/// diagrams (`app-ID.svg`, `scenario-ID.svg`) would overwrite each other
/// on a case-insensitive file system (macOS, Windows).
pub fn case_collisions(model: &Model, diags: &mut Vec<Diag>) {
    let apps = model.apps.iter().map(|a| (a.id.as_str(), a.span));
    let scenarios = model.scenarios.iter().map(|s| (s.id.as_str(), s.span));
    for (what, ids) in [
        ("app", apps.collect::<Vec<_>>()),
        ("scenario", scenarios.collect()),
    ] {
        let mut first: std::collections::HashMap<String, (&str, crate::source::Span)> =
            Default::default();
        for (id, span) in ids {
            let folded = id.to_lowercase();
            match first.get(&folded) {
                Some(&(other, other_span)) if other != id => diags.push(
                    Diag::warning(
                        "vast::resolve::case_collision",
                        format!("{what} `{id}` differs from `{other}` only in case"),
                        span,
                    )
                    .label("same file name ignoring case")
                    .note(other_span, "the other one")
                    .help(format!(
                        "their diagrams ({what}-{id}.svg, {what}-{other}.svg) overwrite each other on a case-insensitive file system; rename one"
                    )),
                ),
                Some(_) => {}
                None => {
                    first.insert(folded, (id, span));
                }
            }
        }
    }
}
