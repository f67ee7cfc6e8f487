//! `vastc lsp` over stdio, as an editor drives it: the lifecycle,
//! diagnostics as a document is opened and edited (unsaved texts of
//! included files too), analysis warnings, and a server that survives
//! malformed messages.

#[path = "common/lsp.rs"]
mod lsp;

use lsp::{Client, frame, pos, uri};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/lsp")
        .canonicalize()
        .expect("fixtures")
}

fn read(name: &str) -> String {
    std::fs::read_to_string(fixtures().join(name)).expect("fixture")
}

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn an_error_is_published_with_its_range_and_goes_when_fixed() {
    let dir = fixtures();
    let main = uri(&dir.join("main.vast"));
    let good = read("main.vast");
    let bad = good.replace("kind web-app", "kind web-service");
    let mut c = Client::start(&dir);
    c.open(&main, &bad);
    let diags = c.diagnostics(&main);
    assert_eq!(
        codes(&diags),
        ["vast::resolve::bad_vocabulary"],
        "{diags:?}"
    );
    let (line, col) = pos(&bad, "web-service", 0);
    assert_eq!(
        diags[0]["range"],
        json!({ "start": { "line": line, "character": col },
                "end": { "line": line, "character": col + 11 } })
    );
    assert_eq!(diags[0]["severity"], 1);
    assert_eq!(diags[0]["source"], "vastc");
    let message = diags[0]["message"].as_str().unwrap_or("");
    assert!(
        message.starts_with("`web-service` is not a process kind word"),
        "{message}"
    );
    assert!(
        message.contains("\nhelp: process kind is one of: "),
        "{message}"
    );
    c.change(&main, 2, &good);
    assert_eq!(c.diagnostics(&main), Vec::<Value>::new());
    // A change of a range (the server asks for whole texts, but takes these).
    let (line, col) = pos(&good, "web-app", 0);
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": main, "version": 3 },
                "contentChanges": [{ "range": { "start": { "line": line, "character": col },
                                                "end": { "line": line, "character": col + 3 } },
                                     "text": "mail" }] }),
    );
    let diags = c.diagnostics(&main);
    assert_eq!(codes(&diags), ["vast::resolve::bad_vocabulary"]);
    assert!(
        diags[0]["message"]
            .as_str()
            .unwrap_or("")
            .starts_with("`mail-app` is not")
    );
    assert_eq!(c.stop(), 0);
}

#[test]
fn utf16_columns_after_wide_characters() {
    let dir = fixtures();
    let main = uri(&dir.join("main.vast"));
    // Two characters of two UTF-16 units each before the error.
    let text = read("main.vast").replace(
        "actor customer \"Customer\" { kind user }",
        "actor customer \"😀😀\" { kind usr }",
    );
    let mut c = Client::start(&dir);
    c.open(&main, &text);
    let diags = c.diagnostics(&main);
    let (line, col) = pos(&text, "usr }", 0);
    assert_eq!(
        diags[0]["range"]["start"],
        json!({ "line": line, "character": col })
    );
    // Counted in UTF-16: each emoji is two units, one `char` each in bytes/4.
    assert_eq!(
        col as usize,
        "actor customer \"😀😀\" { kind ".encode_utf16().count()
    );
    assert_eq!(c.stop(), 0);
}

#[test]
fn the_unsaved_text_of_an_included_file_is_checked_with_its_includer() {
    let dir = fixtures();
    let (main, shared) = (uri(&dir.join("main.vast")), uri(&dir.join("shared.vast")));
    let main_text = read("main.vast");
    let mut c = Client::start(&dir);
    c.open(&main, &main_text);
    assert_eq!(c.diagnostics(&main), Vec::<Value>::new());
    // Renaming `db` in the buffer of the included file only: the includer's
    // references to it break, though the file on disk still declares it.
    let shared_text = read("shared.vast").replace("store db ", "store database ");
    c.open(&shared, &shared_text);
    let diags = c.diagnostics(&main);
    let unknown: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"] == "vast::resolve::unknown_ref")
        .collect();
    assert!(!unknown.is_empty(), "{diags:?}");
    let (line, col) = pos(&main_text, "api -> db", 7);
    assert_eq!(
        unknown[0]["range"]["start"],
        json!({ "line": line, "character": col })
    );
    // An error in the included buffer is published for that file.
    let broken = shared_text.replace("trust medium", "trust sometimes");
    c.change(&shared, 2, &broken);
    let mut shared_diags = c.diagnostics(&shared);
    while shared_diags.is_empty() {
        shared_diags = c.diagnostics(&shared);
    }
    assert_eq!(codes(&shared_diags), ["vast::resolve::bad_vocabulary"]);
    // Closing it reads the file from disk again: everything is clean.
    c.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": shared } }),
    );
    loop {
        let d = c.diagnostics(&main);
        if d.is_empty() {
            break;
        }
    }
    assert_eq!(c.stop(), 0);
}

#[test]
fn analysis_warnings_are_published_once_the_model_has_no_errors() {
    let dir = fixtures();
    let main = uri(&dir.join("main.vast"));
    let text = read("main.vast").replace("risk GEN-020 on db", "risk GEN-020 on api");
    let mut c = Client::start(&dir);
    c.open(&main, &text);
    let diags = c.diagnostics(&main);
    assert_eq!(codes(&diags), ["vast::analysis::unused_risk"]);
    assert_eq!(diags[0]["severity"], 2);
    let (line, col) = pos(&text, "GEN-020 on api", 0);
    assert_eq!(
        diags[0]["range"]["start"],
        json!({ "line": line, "character": col })
    );
    assert_eq!(c.stop(), 0);
}

#[test]
fn malformed_messages_are_answered_and_the_server_goes_on() {
    let dir = fixtures();
    let main = uri(&dir.join("main.vast"));
    let mut c = Client::spawn();
    // Before `initialize`, requests are refused.
    let early = c.request_raw("textDocument/hover", json!({}));
    assert_eq!(early["error"]["code"], -32002);
    c.request(
        "initialize",
        json!({ "rootUri": uri(&dir), "capabilities": {} }),
    );
    c.send_raw(&frame("{ this is not json"));
    assert_eq!(c.next()["error"]["code"], -32700);
    c.send_raw(&frame(r#"{"jsonrpc":"2.0","id":{"no":1},"method":"x"}"#));
    assert_eq!(c.next()["error"]["code"], -32700);
    c.send_raw(b"Content-Length: nope\r\n\r\n");
    assert_eq!(c.next()["error"]["code"], -32700);
    c.send_raw(&frame("[1, 2, 3]"));
    assert_eq!(c.next()["error"]["code"], -32700);
    // Unknown methods, wrong parameters, unknown documents.
    assert_eq!(
        c.request_raw("no/such/method", json!({}))["error"]["code"],
        -32601
    );
    assert_eq!(
        c.request_raw("textDocument/hover", json!({ "x": 1 }))["error"]["code"],
        -32602
    );
    let nowhere = json!({ "textDocument": { "uri": "file:///nowhere.vast" },
                          "position": { "line": 0, "character": 0 } });
    assert_eq!(c.request("textDocument/hover", nowhere), Value::Null);
    c.notify("textDocument/didChange", json!({ "garbage": true }));
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": 12 } }),
    );
    // Positions far outside the text, and a hostile document.
    c.open(
        &main,
        "process \u{0} {{{{ \"\"\" \n flow -> -> -> }}}} \u{202e} \"unterminated",
    );
    assert!(!c.diagnostics(&main).is_empty());
    let far = c.at("textDocument/hover", &main, 4_000_000_000, 4_000_000_000);
    assert_eq!(far, Value::Null);
    for method in [
        "textDocument/definition",
        "textDocument/completion",
        "textDocument/prepareRename",
    ] {
        c.at(method, &main, 1, 3);
    }
    c.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": main } }),
    );
    c.request("textDocument/formatting", json!({ "textDocument": { "uri": main }, "options": { "tabSize": 2, "insertSpaces": true } }));
    // Still serving.
    c.change(&main, 2, &read("main.vast"));
    assert_eq!(c.diagnostics(&main), Vec::<Value>::new());
    assert!(c.log().contains("malformed message"), "{}", c.log());
    assert_eq!(c.stop(), 0);
}

#[test]
fn exit_without_shutdown_is_status_1_and_requests_after_shutdown_are_refused() {
    let dir = fixtures();
    let mut c = Client::start(&dir);
    c.notify("exit", Value::Null);
    assert_eq!(c.wait(), 1);
    let mut c = Client::start(&dir);
    assert_eq!(c.request("shutdown", Value::Null), Value::Null);
    assert_eq!(
        c.request_raw("textDocument/hover", json!({}))["error"]["code"],
        -32600
    );
    c.notify("exit", Value::Null);
    assert_eq!(c.wait(), 0);
    // Closing the input ends the server too.
    let mut c = Client::start(&dir);
    assert_eq!(c.wait(), 1);
}

#[test]
fn the_library_compiles_with_an_overlay_of_unsaved_texts() {
    let dir = fixtures();
    let shared = read("shared.vast").replace("trust medium", "trust sometimes");
    let mut overlay = vastc::source::Overlay::default();
    overlay.insert(&dir.join("shared.vast"), shared.as_str());
    let today = vastc::model::Date::today();
    let options = vastc::Options {
        overlay: Some(&overlay),
        ..vastc::Options::new(today)
    };
    let c = vastc::compile(&dir.join("main.vast"), &options);
    let diags = c.diagnostics();
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code, "vast::resolve::bad_vocabulary");
    assert_eq!(
        c.sources().get(1).map(|f| &f.text[..]),
        Some(shared.as_str())
    );
    // Without it, the files on disk.
    assert!(!vastc::compile(&dir.join("main.vast"), &vastc::Options::new(today)).has_errors());
}

#[test]
fn a_large_model_is_analysed_in_the_background() {
    // 700 elements and 1,400 flows: over the size analysed at once.
    let text = vastc::generate::model(vastc::generate::Shape::new(700));
    let model = vastc::resolve::resolve_str("gen.vast", &text);
    assert!(!model.has_errors());
    let store = model
        .model
        .elements
        .iter()
        .find(|e| e.ty == vastc::model::ElementType::Store)
        .expect("a store");
    let needle = format!("store {} ", store.id);
    let dir = lsp::workspace("large", &[("gen.vast", &text)]);
    let file = uri(&dir.join("gen.vast"));
    let mut c = Client::start(&dir);
    c.open(&file, &text);
    assert_eq!(c.diagnostics(&file), Vec::<Value>::new());
    let (line, col) = pos(&text, &needle, 7);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let h = c.at("textDocument/hover", &file, line, col);
        let value = h["contents"]["value"].as_str().unwrap_or("").to_string();
        assert!(
            value.starts_with(&format!("**store** `{}`", store.id)),
            "{value}"
        );
        if !value.contains("analysing") {
            assert!(
                value.contains("**Threats**") || value.contains("no threats"),
                "{value}"
            );
            break;
        }
        assert!(std::time::Instant::now() < deadline, "never analysed");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    // An edit starts it again: the threats follow the new text.
    c.change(&file, 2, &format!("{text}\n// edited\n"));
    assert_eq!(c.stop(), 0);
    let _ = std::fs::remove_dir_all(&dir);
}
