//! Checks `when` expressions: every path names a setting or derived fact of
//! the rule's subject, every compared value fits the setting's vocabulary,
//! every predicate exists and gets the right arguments. The same check runs
//! on user rules and on the built-in catalogue.

use super::facts::{self, Arg, Ctx, FactTy};
use super::schema::{self, Subject, Ty};
use super::suggest::did_you_mean;
use super::vocab::{self, Vocab};
use crate::diagnostic::Diag;
use crate::model::condition::Condition;
use crate::model::{AppliesTo, Key};
use crate::syntax::ast::{CmpOp, Expr, Path, Value, ValueKind};

/// The type a path evaluates to.
#[derive(Clone, Copy, Debug, PartialEq)]
enum PTy {
    Bool,
    Number,
    Text,
    Word,
    Vocab(&'static Vocab),
    /// `kind` of several element types at once.
    Kinds(&'static [Subject]),
    List(Option<&'static Vocab>),
}

/// Checks a rule's condition for the `applies-to` subject and lowers it
/// into the model's condition.
pub fn lower(e: &Expr, applies_to: AppliesTo, diags: &mut Vec<Diag>) -> Condition {
    walk(e, Ctx::of_applies_to(applies_to), diags);
    super::lower::condition(e)
}

fn walk(e: &Expr, ctx: Ctx, diags: &mut Vec<Diag>) {
    match e {
        Expr::Or(xs) | Expr::And(xs) => xs.iter().for_each(|x| walk(x, ctx, diags)),
        Expr::Not(x) => walk(x, ctx, diags),
        Expr::Truthy(p) => {
            path(p, ctx, diags);
        }
        Expr::Compare(p, op, v) => {
            if let Some(t) = path(p, ctx, diags) {
                compare(t, *op, v, &p.dotted(), diags);
            }
        }
        Expr::In(p, vs) => {
            if let Some(t) = path(p, ctx, diags) {
                let t = match t {
                    PTy::List(Some(v)) => PTy::Vocab(v),
                    PTy::List(None) => PTy::Word,
                    other => other,
                };
                for v in vs {
                    compare(t, CmpOp::Eq, v, &p.dotted(), diags);
                }
            }
        }
        Expr::Has(p, v) => match path(p, ctx, diags) {
            Some(PTy::List(voc)) => {
                let t = voc.map(PTy::Vocab).unwrap_or(PTy::Word);
                compare(t, CmpOp::Eq, v, &p.dotted(), diags);
            }
            Some(_) => diags.push(
                Diag::error(
                    "vast::rule::not_a_list",
                    format!("`{}` is not a list; `has` tests lists", p.dotted()),
                    p.span,
                )
                .label("a single value")
                .help("compare it with `==` instead"),
            ),
            None => {}
        },
        Expr::Call(name, args, span) => call(name, args, *span, ctx, diags),
    }
}

fn setting_ty(ctx: Ctx, name: &str) -> Option<PTy> {
    let key = Key::from_name(name);
    if key == Some(Key::Kind) {
        return match ctx {
            Ctx::Element(s) if s.len() > 1 => Some(PTy::Kinds(s)),
            _ => ctx
                .subjects()
                .first()
                .and_then(|s| schema::kind_vocab(*s))
                .map(PTy::Vocab),
        };
    }
    if name == "id" || name == "label" {
        return Some(PTy::Text);
    }
    let key = key?;
    let spec = ctx
        .subjects()
        .iter()
        .find_map(|s| schema::setting(*s, key))?;
    Some(match spec.ty {
        Ty::Bool => PTy::Bool,
        Ty::Number | Ty::Port => PTy::Number,
        Ty::Text | Ty::Cvss | Ty::Date => PTy::Text,
        Ty::Word | Ty::Ref(_) => PTy::Word,
        Ty::Vocab(v) => PTy::Vocab(v),
        Ty::VocabList(v) => PTy::List(Some(v)),
        Ty::TextList | Ty::RefList(_) => PTy::List(None),
    })
}

fn path(p: &Path, start: Ctx, diags: &mut Vec<Diag>) -> Option<PTy> {
    let mut ctx = start;
    let n = p.parts.len();
    for part in &p.parts[..n.saturating_sub(1)] {
        match ctx.navigate(&part.name) {
            Some(next) => ctx = next,
            None => {
                diags.push(
                    Diag::error(
                        "vast::rule::unknown_path",
                        format!(
                            "`{}` does not lead anywhere from {}",
                            part.name,
                            ctx.describe()
                        ),
                        part.span,
                    )
                    .label("unknown step in the path")
                    .help(
                        did_you_mean(&part.name, ctx.navigations().iter().copied()).unwrap_or_else(
                            || {
                                format!(
                                    "from {} a path may go through: {}",
                                    ctx.describe(),
                                    ctx.navigations().join(", ")
                                )
                            },
                        ),
                    ),
                );
                return None;
            }
        }
    }
    let last = p.parts.last()?;
    if let Some(t) = setting_ty(ctx, &last.name) {
        return Some(t);
    }
    if let Some(f) = facts::fact(&last.name, ctx) {
        return Some(match f.ty {
            FactTy::Bool => PTy::Bool,
            FactTy::Number => PTy::Number,
        });
    }
    if facts::predicate(&last.name).is_some() {
        diags.push(
            Diag::error(
                "vast::rule::predicate_needs_args",
                format!("`{}` is a predicate and takes arguments", last.name),
                last.span,
            )
            .label("missing arguments")
            .help(format!("write `{}(…)`", last.name)),
        );
        return None;
    }
    let mut candidates: Vec<&str> = ctx
        .subjects()
        .iter()
        .flat_map(|s| schema::names(*s))
        .collect();
    candidates.extend(facts::fact_names(ctx));
    candidates.extend(["kind", "id", "label"]);
    candidates.extend(ctx.navigations());
    diags.push(
        Diag::error(
            "vast::rule::unknown_field",
            format!("{} has no setting or fact `{}`", ctx.describe(), last.name),
            last.span,
        )
        .label("unknown field")
        .help(
            did_you_mean(&last.name, candidates.iter().copied()).unwrap_or_else(|| {
                "see `vastc rules --facts` for the settings and facts rules may test".into()
            }),
        ),
    );
    None
}

fn value_word(v: &Value) -> Option<&str> {
    match &v.kind {
        ValueKind::Ident(s) | ValueKind::Str(s) => Some(s),
        _ => None,
    }
}

fn bad_value(v: &Value, what: &str, path: &str, help: String) -> Diag {
    Diag::error(
        "vast::rule::bad_value",
        format!("`{}` cannot be {what} of `{path}`", v.text()),
        v.span,
    )
    .label("does not fit")
    .help(help)
}

fn compare(t: PTy, op: CmpOp, v: &Value, path: &str, diags: &mut Vec<Diag>) {
    let ordered = !matches!(op, CmpOp::Eq | CmpOp::Ne);
    let word = value_word(v);
    let problem = match t {
        PTy::Bool => (!matches!(word, Some("true" | "false")) || ordered)
            .then(|| "`true` or `false`, compared with == or !=".to_string()),
        PTy::Number => (!matches!(v.kind, ValueKind::Number(..))).then(|| "a number".to_string()),
        PTy::Text | PTy::Word => {
            if ordered {
                Some("compared with == or != only".to_string())
            } else {
                word.is_none().then(|| "a name or string".to_string())
            }
        }
        PTy::Vocab(voc) => match word {
            Some(w) if voc.contains(w) || (w == "none" && !voc.ordered) => {
                (ordered && !voc.ordered).then(|| {
                    format!(
                        "compared with == or != (the {} words have no order)",
                        voc.name
                    )
                })
            }
            _ => Some(
                did_you_mean(word.unwrap_or(""), voc.words.iter().copied())
                    .unwrap_or_else(|| format!("{} is one of: {}", voc.name, voc.words.join(", "))),
            ),
        },
        PTy::Kinds(subjects) => {
            let vocs: Vec<&Vocab> = subjects
                .iter()
                .filter_map(|s| schema::kind_vocab(*s))
                .collect();
            match word {
                Some(w) if vocs.iter().any(|voc| voc.contains(w)) => {
                    ordered.then(|| "compared with == or !=".to_string())
                }
                _ => Some(
                    did_you_mean(
                        word.unwrap_or(""),
                        vocs.iter().flat_map(|v| v.words.iter().copied()),
                    )
                    .unwrap_or_else(|| "an element kind".to_string()),
                ),
            }
        }
        PTy::List(_) => Some("a single value; test lists with `has` or `in [...]`".to_string()),
    };
    if let Some(help) = problem {
        diags.push(bad_value(v, "a value", path, help));
    }
}

fn call(
    name: &crate::syntax::ast::Ident,
    args: &[Value],
    span: crate::source::Span,
    ctx: Ctx,
    diags: &mut Vec<Diag>,
) {
    let Some(p) = facts::predicate(&name.name) else {
        let names = facts::PREDICATES.iter().map(|p| p.name);
        diags.push(
            Diag::error(
                "vast::rule::unknown_predicate",
                format!("unknown predicate `{}`", name.name),
                name.span,
            )
            .label("not a predicate")
            .help(did_you_mean(&name.name, names).unwrap_or_else(|| {
                format!(
                    "predicates: {}",
                    facts::PREDICATES
                        .iter()
                        .map(|p| p.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })),
        );
        return;
    };
    if !facts::predicate_fits(p, ctx) {
        diags.push(
            Diag::error(
                "vast::rule::predicate_subject",
                format!("`{}` does not apply to {}", p.name, ctx.describe()),
                name.span,
            )
            .label("wrong subject")
            .help(format!("`{}` applies to: {}", p.name, facts::on_text(p.on))),
        );
        return;
    }
    if p.args == [Arg::SettingThenPrefixes] {
        let ok = match args.split_first() {
            Some((first, rest)) if !rest.is_empty() => {
                let setting = value_word(first).and_then(|w| setting_ty(ctx, w));
                matches!(setting, Some(PTy::List(None)))
                    && rest.iter().all(|r| matches!(r.kind, ValueKind::Str(_)))
            }
            _ => false,
        };
        if !ok {
            diags.push(
                Diag::error(
                    "vast::rule::bad_arguments",
                    format!("`{}` takes a list setting and one or more strings", p.name),
                    span,
                )
                .label("wrong arguments")
                .help("e.g. any-starts-with(host-path, \"/etc\", \"/var/lib/kubelet\")"),
            );
        }
        return;
    }
    let (min, max) = (p.args.len() - p.optional, p.args.len());
    if args.len() < min || args.len() > max {
        diags.push(
            Diag::error(
                "vast::rule::bad_arguments",
                format!(
                    "`{}` takes {} argument{}, not {}",
                    p.name,
                    if min == max {
                        min.to_string()
                    } else {
                        format!("{min} or {max}")
                    },
                    if max == 1 { "" } else { "s" },
                    args.len()
                ),
                span,
            )
            .label("wrong number of arguments")
            .help(p.doc),
        );
        return;
    }
    for (a, kind) in args.iter().zip(p.args) {
        let word = value_word(a).or(matches!(a.kind, ValueKind::Star).then_some("*"));
        let ok = match kind {
            Arg::BoundaryKind => word.is_some_and(|w| vocab::BOUNDARY_KIND.contains(w)),
            Arg::ElementKind => word.is_some_and(|w| {
                [&vocab::ACTOR_KIND, &vocab::PROCESS_KIND, &vocab::STORE_KIND]
                    .iter()
                    .any(|v| v.contains(w))
            }),
            Arg::Classification => word.is_some_and(|w| vocab::CLASSIFICATION.contains(w)),
            Arg::Verb => word.is_some_and(|w| w == "*" || vocab::VERBS.contains(&w)),
            Arg::Resource => word.is_some(),
            Arg::GrantScope => matches!(word, Some("cluster" | "namespace")),
            Arg::SettingThenPrefixes => true,
        };
        if !ok {
            let help = match kind {
                Arg::BoundaryKind => did_you_mean(
                    word.unwrap_or(""),
                    vocab::BOUNDARY_KIND.words.iter().copied(),
                )
                .unwrap_or_else(|| {
                    format!("boundary kinds: {}", vocab::BOUNDARY_KIND.words.join(", "))
                }),
                Arg::Classification => format!(
                    "classifications: {}",
                    vocab::CLASSIFICATION.words.join(", ")
                ),
                Arg::Verb => did_you_mean(word.unwrap_or(""), vocab::VERBS.iter().copied())
                    .unwrap_or_else(|| "a Kubernetes verb or *".into()),
                Arg::GrantScope => "`cluster` or `namespace`".into(),
                _ => p.doc.to_string(),
            };
            diags.push(
                Diag::error(
                    "vast::rule::bad_arguments",
                    format!("`{}` is not a valid argument of `{}`", a.text(), p.name),
                    a.span,
                )
                .label("this argument")
                .help(help),
            );
        }
    }
}
