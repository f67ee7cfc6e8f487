//! The pest parser and the one place that turns pest's pairs into the typed
//! syntax tree of [`super::ast`]. No other module sees `Pair<Rule>`.

use super::ast::*;
use super::lexical;
use crate::diagnostic::Diag;
use crate::source::{FileId, Span};
use pest::Parser;
use pest::iterators::Pair;
use rayon::prelude::*;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/vast.pest"]
pub(super) struct VastParser;

use super::errors::syntax_error;
use super::recover::Budget;

/// Parses one file.
///
/// The text is cut into top-level declarations first (a cheap scan that
/// knows strings and comments), and each piece is parsed on its own: pest
/// stops at the first syntax error of a piece, so a file with mistakes in
/// several declarations gets one syntax error for each, and large files are
/// parsed on several threads. When a piece fails, the whole file is parsed
/// once more to make sure the cut did not cause the error; if that fails
/// too, each failed piece is read on past its error ([`super::recover`]).
pub fn parse(file: FileId, text: &str) -> (File, Vec<Diag>) {
    let scan = match lexical::scan(file, text) {
        Ok(s) => s,
        Err(d) => return (File::default(), vec![d]),
    };
    let chunks = batch(scan.chunks);
    let mut parts = parse_chunks(file, text, &chunks);
    if chunks.len() > 1 && parts.iter().any(|p| p.syntax_error) {
        let whole = parse_chunk(file, text, 0..text.len(), None);
        if !whole.syntax_error {
            parts = vec![whole];
        }
    }
    let mut out = File {
        comments: scan.comments,
        ..File::default()
    };
    let mut diags = Vec::new();
    for p in parts {
        out.decls.extend(p.decls);
        out.unknown.extend(p.unknown);
        out.broken.extend(p.broken);
        diags.extend(p.diags);
    }
    super::docs::attach_docs(&mut out, text);
    (out, diags)
}

/// Pieces are joined up to this size: each pest run has a fixed cost, and a
/// piece still gets its own syntax error.
const PIECE_BYTES: usize = 4 * 1024;

/// Joins neighbouring pieces into runs of about [`PIECE_BYTES`].
fn batch(chunks: Vec<std::ops::Range<usize>>) -> Vec<std::ops::Range<usize>> {
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    for c in chunks {
        match out.last_mut() {
            Some(last) if last.len() + c.len() <= PIECE_BYTES && last.end == c.start => {
                last.end = c.end
            }
            _ => out.push(c),
        }
    }
    out
}

/// Texts larger than this are parsed on several threads.
const PARALLEL_BYTES: usize = 128 * 1024;

/// What one piece of a file parsed into.
struct Piece {
    decls: Vec<Decl>,
    unknown: Vec<Unknown>,
    diags: Vec<Diag>,
    syntax_error: bool,
    /// IDs of declarations that error recovery skipped.
    broken: Vec<Ident>,
}

/// Pieces in order. A large text's pieces are parsed on every core, each
/// thread taking the next unparsed piece: parsing costs differ along a
/// file (flows cost more per byte than the blocks before them), so equal
/// byte shares would leave one core idle.
fn parse_chunks(file: FileId, text: &str, chunks: &[std::ops::Range<usize>]) -> Vec<Piece> {
    let budget = Budget::for_text(text);
    if text.len() < PARALLEL_BYTES || chunks.len() < 2 {
        return chunks
            .iter()
            .map(|c| parse_chunk(file, text, c.clone(), Some(&budget)))
            .collect();
    }
    chunks
        .par_iter()
        .with_max_len(1)
        .map(|c| parse_chunk(file, text, c.clone(), Some(&budget)))
        .collect()
}

/// Parses one piece; after a syntax error, and with a recovery `budget`,
/// the rest of the piece is still read (see [`super::recover`]).
fn parse_chunk(
    file: FileId,
    text: &str,
    range: std::ops::Range<usize>,
    budget: Option<&Budget>,
) -> Piece {
    let base = range.start;
    let slice = text.get(range).unwrap_or("");
    let mut piece = Piece {
        decls: Vec::new(),
        unknown: Vec::new(),
        diags: Vec::new(),
        syntax_error: false,
        broken: Vec::new(),
    };
    let patched: String;
    let pairs = match VastParser::parse(Rule::file, slice) {
        Ok(p) => p,
        Err(e) => {
            piece.syntax_error = true;
            let at = super::errors::error_pos(&e);
            piece.diags.push(syntax_error(file, text, base, e));
            let r = budget.and_then(|b| {
                super::recover::resync(file, text, base, slice, at, b, &mut piece.diags)
            });
            let Some(r) = r else {
                return piece;
            };
            piece.broken = r.broken;
            patched = r.text;
            match VastParser::parse(Rule::file, &patched) {
                Ok(p) => p,
                Err(_) => return piece,
            }
        }
    };
    let mut b = Builder {
        file,
        base,
        diags: Vec::new(),
    };
    for pair in pairs.take(1) {
        for item in pair.into_inner() {
            match item.as_rule() {
                Rule::decl => {
                    if let Some(d) = b.decl(item) {
                        piece.decls.push(d);
                    }
                }
                Rule::unknown_top => piece.unknown.push(b.unknown(item)),
                _ => {}
            }
        }
    }
    piece.diags.append(&mut b.diags);
    piece
}

struct Builder {
    file: FileId,
    /// Offset of the parsed piece in the file.
    base: usize,
    diags: Vec<Diag>,
}

impl Builder {
    fn span(&self, p: &Pair<Rule>) -> Span {
        let s = p.as_span();
        Span::new(self.file, self.base + s.start(), self.base + s.end())
    }

    fn ident(&self, p: Pair<Rule>) -> Ident {
        Ident {
            name: p.as_str().to_string(),
            span: self.span(&p),
        }
    }

    fn internal(&mut self, p: &Pair<Rule>) {
        self.diags.push(
            Diag::error(
                "vast::internal::tree",
                format!(
                    "internal error: unexpected {:?} in the syntax tree",
                    p.as_rule()
                ),
                self.span(p),
            )
            .help("please report this with the model that caused it"),
        );
    }

    fn decl(&mut self, pair: Pair<Rule>) -> Option<Decl> {
        let inner = pair.into_inner().next()?;
        let span = self.span(&inner);
        let rule = inner.as_rule();
        let mut parts = inner.into_inner().peekable();
        let kw_pair = parts.next()?;
        let keyword_span = self.span(&kw_pair);
        let keyword = Keyword::parse(kw_pair.as_str().trim())?;
        let mut d = Decl {
            keyword,
            keyword_span,
            id: None,
            label: None,
            parent: None,
            ends: None,
            target: None,
            path: None,
            body: None,
            doc: None,
            span,
        };
        let mut idents: Vec<Ident> = Vec::new();
        for p in parts {
            match p.as_rule() {
                Rule::identifier => idents.push(self.ident(p)),
                Rule::flow_id => {
                    if let Some(i) = p.into_inner().next() {
                        d.id = Some(self.ident(i));
                    }
                }
                Rule::label => {
                    if let Some(s) = p.into_inner().next() {
                        d.label = self.string(s);
                    }
                }
                Rule::bare_label => d.label = Some(self.bare_label(&p)),
                Rule::string => d.path = self.string(p),
                Rule::parent => {
                    if let Some(i) = p.into_inner().find(|x| x.as_rule() == Rule::identifier) {
                        d.parent = Some(self.ident(i));
                    }
                }
                Rule::target => d.target = self.target(p),
                Rule::block => d.body = Some(self.block(p)),
                Rule::kw_on | Rule::arrow => {}
                _ => self.internal(&p),
            }
        }
        match rule {
            Rule::flow_decl | Rule::step_decl => {
                let mut it = idents.into_iter();
                if let (Some(a), Some(b)) = (it.next(), it.next()) {
                    d.ends = Some((a, b));
                }
            }
            _ => d.id = d.id.take().or_else(|| idents.into_iter().next()),
        }
        Some(d)
    }

    /// A label written without quotes: taken as written, and an error.
    fn bare_label(&mut self, p: &Pair<Rule>) -> Str {
        let span = self.span(p);
        let value = p.as_str().to_string();
        self.diags.push(
            Diag::error(
                "vast::syntax::unquoted_label",
                format!("the label `{value}` is not quoted"),
                span,
            )
            .label("this label")
            .help(format!("labels are strings: write {}", quote(&value))),
        );
        Str {
            value,
            span,
            block: false,
        }
    }

    fn target(&mut self, p: Pair<Rule>) -> Option<Target> {
        let t = p.into_inner().next()?;
        match t.as_rule() {
            Rule::star => Some(Target::Any(self.span(&t))),
            Rule::identifier => Some(Target::Id(self.ident(t))),
            Rule::flow_target => {
                let mut it = t.into_inner().filter(|x| x.as_rule() == Rule::identifier);
                let a = self.ident(it.next()?);
                let b = self.ident(it.next()?);
                Some(Target::Flow(a, b))
            }
            _ => {
                self.internal(&t);
                None
            }
        }
    }

    fn unknown(&mut self, p: Pair<Rule>) -> Unknown {
        let span = self.span(&p);
        let mut inner = p.into_inner();
        let keyword = inner.next().map(|k| self.ident(k)).unwrap_or(Ident {
            name: String::new(),
            span,
        });
        let id = inner
            .next()
            .filter(|i| i.as_rule() == Rule::identifier)
            .map(|i| self.ident(i));
        Unknown { keyword, id, span }
    }

    fn block(&mut self, p: Pair<Rule>) -> Block {
        let span = self.span(&p);
        let mut items = Vec::new();
        for it in p.into_inner() {
            let item = match it.as_rule() {
                Rule::decl => self.decl(it).map(|d| Item::Decl(Box::new(d))),
                Rule::entry => self.entry(it),
                Rule::allow_setting => Some(Item::Allow(self.allow(it))),
                Rule::when_setting => {
                    let span = self.span(&it);
                    it.into_inner()
                        .find(|x| x.as_rule() == Rule::expr)
                        .and_then(|e| self.expr(e))
                        .map(|e| Item::When(e, span))
                }
                _ => {
                    self.internal(&it);
                    None
                }
            };
            items.extend(item);
        }
        Block { items, span }
    }

    /// A setting, or an unknown declaration sharing its first word.
    fn entry(&mut self, p: Pair<Rule>) -> Option<Item> {
        let span = self.span(&p);
        let mut it = p.into_inner();
        let name = self.ident(it.next()?);
        let rest = it.next()?;
        if rest.as_rule() == Rule::unknown_tail {
            let id = rest
                .into_inner()
                .next()
                .filter(|i| i.as_rule() == Rule::identifier)
                .map(|i| self.ident(i));
            return Some(Item::Unknown(Unknown {
                keyword: name,
                id,
                span,
            }));
        }
        let values = rest.into_inner().filter_map(|v| self.value(v)).collect();
        Some(Item::Setting(Setting { name, values, span }))
    }

    fn allow(&mut self, p: Pair<Rule>) -> Allow {
        let span = self.span(&p);
        let mut a = Allow {
            verbs: Vec::new(),
            resources: Vec::new(),
            names: Vec::new(),
            scope: None,
            span,
        };
        for part in p.into_inner() {
            match part.as_rule() {
                Rule::verb => a.verbs.extend(self.value_of(part)),
                Rule::resource => a.resources.extend(self.value_of(part)),
                Rule::grant_names => {
                    for n in part
                        .into_inner()
                        .filter(|x| x.as_rule() == Rule::object_name)
                    {
                        a.names.extend(self.value_of(n));
                    }
                }
                Rule::grant_scope => {
                    if let Some(i) = part.into_inner().find(|x| x.as_rule() == Rule::identifier) {
                        a.scope = Some(self.ident(i));
                    }
                }
                _ => {}
            }
        }
        a
    }

    /// A `verb` or `resource` wrapper holding one value-shaped child.
    fn value_of(&mut self, p: Pair<Rule>) -> Option<Value> {
        let span = self.span(&p);
        let inner = p.into_inner().next()?;
        let kind = match inner.as_rule() {
            Rule::star => ValueKind::Star,
            Rule::identifier => ValueKind::Ident(inner.as_str().to_string()),
            Rule::string => ValueKind::Str(self.string(inner)?.value),
            _ => return None,
        };
        Some(Value { kind, span })
    }

    fn value(&mut self, p: Pair<Rule>) -> Option<Value> {
        let span = self.span(&p);
        let inner = p.into_inner().next()?;
        let kind = match inner.as_rule() {
            Rule::identifier => ValueKind::Ident(inner.as_str().to_string()),
            Rule::star => ValueKind::Star,
            Rule::string => ValueKind::Str(self.string(inner)?.value),
            Rule::number => {
                let raw = inner.as_str();
                match raw.parse::<f64>() {
                    Ok(n) if n.is_finite() => ValueKind::Number(n, raw.to_string()),
                    _ => {
                        self.diags.push(
                            Diag::error(
                                "vast::syntax::bad_number",
                                format!("`{raw}` is not a number"),
                                span,
                            )
                            .label("this number")
                            .help("write numbers like 443 or 0.5"),
                        );
                        return None;
                    }
                }
            }
            Rule::date => ValueKind::Date(self.date(inner.as_str(), span)?),
            _ => {
                self.internal(&inner);
                return None;
            }
        };
        Some(Value { kind, span })
    }

    fn date(&mut self, raw: &str, span: Span) -> Option<Date> {
        if let Some(d) = Date::parse(raw) {
            return Some(d);
        }
        self.diags.push(
            Diag::error(
                "vast::syntax::bad_date",
                format!("`{raw}` is not a calendar date"),
                span,
            )
            .label("no such day")
            .help("dates are written YYYY-MM-DD, e.g. 2027-03-31"),
        );
        None
    }

    fn string(&mut self, p: Pair<Rule>) -> Option<Str> {
        let span = self.span(&p);
        let inner = p.into_inner().next()?;
        let raw = inner.as_str();
        match inner.as_rule() {
            Rule::triple_string => Some(Str {
                value: lexical::dedent_block(raw),
                span,
                block: true,
            }),
            _ => match lexical::unescape(raw) {
                Ok(value) => Some(Str {
                    value,
                    span,
                    block: false,
                }),
                Err(e) => {
                    let at = Span::new(
                        self.file,
                        span.start + 1 + e.start - 1,
                        span.start + 1 + e.end,
                    );
                    self.diags.push(
                        Diag::error("vast::syntax::bad_escape", e.message, at)
                            .label("in this string")
                            .help(r#"strings know \" \\ \n \t and \u{…}"#),
                    );
                    None
                }
            },
        }
    }

    fn expr(&mut self, p: Pair<Rule>) -> Option<Expr> {
        match p.as_rule() {
            Rule::expr | Rule::paren | Rule::unary => {
                let inner = p.into_inner().find(|x| x.as_rule() != Rule::kw_not)?;
                self.expr(inner)
            }
            Rule::or_expr | Rule::and_expr => {
                let is_or = p.as_rule() == Rule::or_expr;
                let mut parts: Vec<Expr> = Vec::new();
                for x in p.into_inner() {
                    if matches!(x.as_rule(), Rule::kw_or | Rule::kw_and) {
                        continue;
                    }
                    parts.push(self.expr(x)?);
                }
                if parts.len() == 1 {
                    parts.pop()
                } else if is_or {
                    Some(Expr::Or(parts))
                } else {
                    Some(Expr::And(parts))
                }
            }
            Rule::not_expr => {
                let inner = p.into_inner().find(|x| x.as_rule() == Rule::unary)?;
                Some(Expr::Not(Box::new(self.expr(inner)?)))
            }
            Rule::test => {
                let t = p.into_inner().next()?;
                self.test(t)
            }
            _ => {
                self.internal(&p);
                None
            }
        }
    }

    fn path(&self, p: Pair<Rule>) -> Path {
        let span = self.span(&p);
        Path {
            parts: p.into_inner().map(|i| self.ident(i)).collect(),
            span,
        }
    }

    fn test(&mut self, t: Pair<Rule>) -> Option<Expr> {
        let rule = t.as_rule();
        let span = self.span(&t);
        let mut it = t.into_inner();
        match rule {
            Rule::path => {
                let span = self.span(&it.clone().next()?);
                let parts = it.map(|i| self.ident(i)).collect();
                Some(Expr::Truthy(Path { parts, span }))
            }
            Rule::compare => {
                let path = self.path(it.next()?);
                let op = match it.next()?.as_str() {
                    "==" => CmpOp::Eq,
                    "!=" => CmpOp::Ne,
                    "<" => CmpOp::Lt,
                    "<=" => CmpOp::Le,
                    ">" => CmpOp::Gt,
                    _ => CmpOp::Ge,
                };
                let v = self.value(it.next()?)?;
                Some(Expr::Compare(path, op, v))
            }
            Rule::in_test => {
                let path = self.path(it.next()?);
                let values = it
                    .filter(|x| x.as_rule() == Rule::value)
                    .filter_map(|v| self.value(v))
                    .collect();
                Some(Expr::In(path, values))
            }
            Rule::has_test => {
                let path = self.path(it.next()?);
                let v = it.find(|x| x.as_rule() == Rule::value)?;
                Some(Expr::Has(path, self.value(v)?))
            }
            Rule::call => {
                let name = self.ident(it.next()?);
                let args = it.filter_map(|v| self.value(v)).collect();
                Some(Expr::Call(name, args, span))
            }
            _ => None,
        }
    }
}
