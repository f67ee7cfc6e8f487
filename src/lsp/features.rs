//! What the server offers ([`capabilities`]) and each request and
//! notification sent to the module that answers it. Parameters that do not
//! deserialize are an `InvalidParams` error; unknown requests
//! `MethodNotFound`; unknown notifications are ignored.

use super::project::{Key, Project};
use super::server::{Failure, Server};
use super::{completion, format, hover, navigation, symbols};
use crate::source::FileId;
use lsp_server::ErrorCode;
use lsp_types::{
    CompletionOptions, DidChangeTextDocumentParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, HoverProviderCapability, OneOf, Position, PositionEncodingKind,
    RenameOptions, SaveOptions, ServerCapabilities, ServerInfo, TextDocumentPositionParams,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Uri,
};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::io::Write;

/// The `initialize` result: what this server does.
pub fn capabilities() -> Value {
    let caps = ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..Default::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![" ".into(), ",".into(), ">".into()]),
            ..Default::default()
        }),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        document_symbol_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        ..Default::default()
    };
    serde_json::json!({
        "capabilities": caps,
        "serverInfo": ServerInfo {
            name: "vastc".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        },
    })
}

fn params<P: DeserializeOwned>(v: Value) -> Result<P, Failure> {
    serde_json::from_value(v)
        .map_err(|e| (ErrorCode::InvalidParams, format!("invalid parameters: {e}")))
}

fn json(v: impl serde::Serialize) -> Result<Value, Failure> {
    serde_json::to_value(v).map_err(|e| (ErrorCode::InternalError, e.to_string()))
}

/// Where a position request points: the project, the file in it, the byte offset.
pub struct Spot {
    pub key: Key,
    pub file: FileId,
    pub offset: usize,
}

fn spot<W: Write>(s: &mut Server<W>, uri: &Uri, pos: Position) -> Option<Spot> {
    let (key, file) = s.locate(uri)?;
    let p = s.project(&key)?;
    let offset = p.lines(file)?.offset(p.text(file), pos);
    Some(Spot { key, file, offset })
}

/// Answers a request (the server is initialized).
pub fn request<W: Write>(s: &mut Server<W>, method: &str, v: Value) -> Result<Value, Failure> {
    match method {
        "textDocument/definition" | "textDocument/hover" | "textDocument/prepareRename" => {
            let tp: TextDocumentPositionParams = params(v)?;
            let Some(at) = spot(s, &tp.text_document.uri, tp.position) else {
                return Ok(Value::Null);
            };
            let Some(p) = s.project(&at.key) else {
                return Ok(Value::Null);
            };
            let uri_of = |p: &Project, f: FileId| s.uri_of(p, f);
            match method {
                "textDocument/definition" => json(navigation::definition(p, &at, &uri_of)),
                "textDocument/hover" => json(hover::hover(p, &at)),
                _ => json(navigation::prepare_rename(p, &at)?),
            }
        }
        "textDocument/references" => {
            let rp: lsp_types::ReferenceParams = params(v)?;
            let tp = rp.text_document_position;
            let Some(at) = spot(s, &tp.text_document.uri, tp.position) else {
                return Ok(Value::Null);
            };
            let Some(p) = s.project(&at.key) else {
                return Ok(Value::Null);
            };
            let uri_of = |p: &Project, f: FileId| s.uri_of(p, f);
            json(navigation::references(
                p,
                &at,
                rp.context.include_declaration,
                &uri_of,
            ))
        }
        "textDocument/rename" => {
            let rp: lsp_types::RenameParams = params(v)?;
            let tp = rp.text_document_position;
            let Some(at) = spot(s, &tp.text_document.uri, tp.position) else {
                return Ok(Value::Null);
            };
            let Some(p) = s.project(&at.key) else {
                return Ok(Value::Null);
            };
            let uri_of = |p: &Project, f: FileId| s.uri_of(p, f);
            json(navigation::rename(p, &at, &rp.new_name, &uri_of)?)
        }
        "textDocument/completion" => {
            let cp: lsp_types::CompletionParams = params(v)?;
            let tp = cp.text_document_position;
            let Some(doc) = s.docs.get(&tp.text_document.uri) else {
                return Ok(Value::Null);
            };
            let (text, offset) = (doc.text.clone(), doc.lines.offset(&doc.text, tp.position));
            let key = s.locate(&tp.text_document.uri).map(|(k, _)| k);
            let p = key.as_ref().and_then(|k| s.project(k));
            json(completion::complete(p, &text, offset))
        }
        "textDocument/documentSymbol" => {
            let dp: lsp_types::DocumentSymbolParams = params(v)?;
            let Some(doc) = s.docs.get(&dp.text_document.uri) else {
                return Ok(Value::Null);
            };
            json(symbols::symbols(&doc.text, &doc.lines))
        }
        "textDocument/formatting" => {
            let fp: lsp_types::DocumentFormattingParams = params(v)?;
            let Some(doc) = s.docs.get(&fp.text_document.uri) else {
                return Ok(Value::Null);
            };
            json(format::format(&doc.text, &doc.lines))
        }
        _ => Err((
            ErrorCode::MethodNotFound,
            format!("no method {}", crate::diagnostic::terminal::escape(method)),
        )),
    }
}

/// Handles a notification (the server is initialized).
pub fn notification<W: Write>(s: &mut Server<W>, method: &str, v: Value) -> Result<(), String> {
    let bad = |e: serde_json::Error| format!("invalid parameters: {e}");
    match method {
        "textDocument/didOpen" => {
            let p: DidOpenTextDocumentParams = serde_json::from_value(v).map_err(bad)?;
            let d = p.text_document;
            s.docs.set(d.uri.clone(), d.version, d.text);
            s.forget_published(&d.uri);
            let path = s.docs.get(&d.uri).and_then(|d| d.path.clone());
            s.touched(path.as_ref(), &d.uri);
        }
        "textDocument/didChange" => {
            let p: DidChangeTextDocumentParams = serde_json::from_value(v).map_err(bad)?;
            let uri = p.text_document.uri;
            let Some(doc) = s.docs.get(&uri) else {
                return Err("a change to a document that is not open".into());
            };
            // Copied only if a change edits a range of it (full changes
            // replace it, and a large model's text is megabytes).
            let mut text: Option<String> = None;
            for c in p.content_changes {
                match c.range {
                    None => text = Some(c.text),
                    Some(r) => {
                        let text = text.get_or_insert_with(|| doc.text.to_string());
                        let lines = super::position::LineIndex::new(text);
                        let start = lines.offset(text, r.start);
                        let end = lines.offset(text, r.end).max(start);
                        text.replace_range(start..end, &c.text);
                    }
                }
            }
            let text = text.unwrap_or_else(|| doc.text.to_string());
            s.docs.set(uri.clone(), p.text_document.version, text);
            let path = s.docs.get(&uri).and_then(|d| d.path.clone());
            s.touched(path.as_ref(), &uri);
        }
        "textDocument/didClose" => {
            let p: DidCloseTextDocumentParams = serde_json::from_value(v).map_err(bad)?;
            if let Some(doc) = s.docs.close(&p.text_document.uri) {
                s.touched(doc.path.as_ref(), &doc.uri);
            }
        }
        _ => {}
    }
    Ok(())
}
