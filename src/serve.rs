//! The HTTP side of `vastc serve`: a small HTTP/1.1 server on the standard
//! library's `TcpListener` (one thread per connection, `GET` and `HEAD`
//! only, one request per connection) that serves the latest build of a
//! model from memory. `/` is a page that frames the report and polls
//! `/status` four times a second: when the build's version changes it
//! reloads the report, or, when the model has errors, shows the
//! diagnostics in place of the report, so a stale report is never shown.
//!
//! It listens on the address it is given (`vastc serve` gives 127.0.0.1
//! unless told otherwise) and answers only requests whose `Host` is that
//! address, `localhost` or `127.0.0.1`/`[::1]` with its port, so a web page
//! elsewhere cannot read the model through DNS rebinding. Every response
//! says `no-store`, `nosniff` and `frame-ancestors 'self'`; the page's own
//! policy allows only its script, its requests and its frame, from itself.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Longest request head read.
const MAX_HEAD: usize = 16 * 1024;

/// What is served: the outputs of the latest build, or its diagnostics.
#[derive(Default)]
struct State {
    version: u64,
    outputs: BTreeMap<String, Arc<Vec<u8>>>,
    /// The diagnostics when the latest build has errors.
    errors: Option<String>,
}

/// A bound server; [`Server::spawn`] starts answering.
pub struct Server {
    listener: TcpListener,
    state: Arc<Mutex<State>>,
}

/// Publishes new builds to a running server.
#[derive(Clone)]
pub struct Publisher {
    state: Arc<Mutex<State>>,
}

impl Publisher {
    /// A successful build: its outputs by file name (`report.html`, …).
    pub fn outputs(&self, files: Vec<(String, Vec<u8>)>) {
        if let Ok(mut s) = self.state.lock() {
            s.version += 1;
            s.outputs = files.into_iter().map(|(n, b)| (n, Arc::new(b))).collect();
            s.errors = None;
        }
    }

    /// A build with errors: their text, shown instead of the report.
    pub fn errors(&self, text: String) {
        if let Ok(mut s) = self.state.lock() {
            s.version += 1;
            s.errors = Some(text);
        }
    }
}

impl Server {
    /// Listens on `addr` (port 0: one the system chooses).
    pub fn bind(addr: SocketAddr) -> std::io::Result<Server> {
        Ok(Server {
            listener: TcpListener::bind(addr)?,
            state: Arc::default(),
        })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    pub fn publisher(&self) -> Publisher {
        Publisher {
            state: self.state.clone(),
        }
    }

    /// Answers requests on a thread of its own until the process ends.
    pub fn spawn(self) -> std::io::Result<()> {
        let addr = self.listener.local_addr()?;
        std::thread::spawn(move || {
            for stream in self.listener.incoming().flatten() {
                let state = self.state.clone();
                std::thread::spawn(move || {
                    let _ = answer(stream, &state, addr);
                });
            }
        });
        Ok(())
    }
}

/// The `Host` values this server answers.
fn host_allowed(host: &str, addr: SocketAddr) -> bool {
    let port = addr.port();
    let ip = match addr {
        SocketAddr::V4(a) => a.ip().to_string(),
        SocketAddr::V6(a) => format!("[{}]", a.ip()),
    };
    [
        format!("{ip}:{port}"),
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
    ]
    .iter()
    .any(|h| h.eq_ignore_ascii_case(host))
}

fn answer(stream: TcpStream, state: &Mutex<State>, addr: SocketAddr) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    stream.set_write_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut head = Vec::new();
    let mut line = String::new();
    while head.len() < MAX_HEAD {
        line.clear();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
        head.push(line.trim_end().to_string());
    }
    let mut out = stream;
    let Some((method, target)) = head.first().and_then(|l| {
        let mut it = l.split(' ');
        Some((it.next()?.to_string(), it.next()?.to_string()))
    }) else {
        return respond(
            &mut out,
            "400 Bad Request",
            "text/plain",
            b"bad request",
            false,
        );
    };
    let host = head.iter().skip(1).find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case("host").then(|| v.trim().to_string())
    });
    if !host.is_some_and(|h| host_allowed(&h, addr)) {
        return respond(
            &mut out,
            "403 Forbidden",
            "text/plain",
            b"forbidden host",
            false,
        );
    }
    let head_only = method == "HEAD";
    if method != "GET" && !head_only {
        return respond(
            &mut out,
            "405 Method Not Allowed",
            "text/plain",
            b"GET only",
            false,
        );
    }
    let path = target.split(['?', '#']).next().unwrap_or("/");
    match path {
        "/" => send(
            &mut out,
            "200 OK",
            "text/html; charset=utf-8",
            PAGE.as_bytes(),
            head_only,
            PAGE_CSP,
        ),
        "/serve.js" => respond(
            &mut out,
            "200 OK",
            "text/javascript; charset=utf-8",
            SCRIPT.as_bytes(),
            head_only,
        ),
        "/status" => {
            let body = {
                let s = state.lock().map_err(|_| std::io::Error::other("state"))?;
                serde_json::json!({
                    "version": s.version,
                    "ok": s.errors.is_none() && !s.outputs.is_empty(),
                    "diagnostics": s.errors.clone().unwrap_or_default(),
                })
                .to_string()
            };
            respond(
                &mut out,
                "200 OK",
                "application/json",
                body.as_bytes(),
                head_only,
            )
        }
        _ => {
            let name = path.trim_start_matches('/');
            let file = state
                .lock()
                .map_err(|_| std::io::Error::other("state"))?
                .outputs
                .get(name)
                .cloned();
            match file {
                Some(bytes) => respond(&mut out, "200 OK", content_type(name), &bytes, head_only),
                None => respond(
                    &mut out,
                    "404 Not Found",
                    "text/plain",
                    b"not found",
                    head_only,
                ),
            }
        }
    }
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("json" | "sarif") => "application/json",
        Some("csv") => "text/csv; charset=utf-8",
        Some("md") => "text/markdown; charset=utf-8",
        _ => "text/plain; charset=utf-8",
    }
}

/// The page's own policy: only its script, its requests and its frame.
const PAGE_CSP: &str = "default-src 'none'; script-src 'self'; connect-src 'self'; frame-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'";

/// Every other response: the report keeps the policy in its head, and no
/// other site may frame anything served here.
fn respond(
    out: &mut TcpStream,
    status: &str,
    ty: &str,
    body: &[u8],
    head_only: bool,
) -> std::io::Result<()> {
    send(out, status, ty, body, head_only, "frame-ancestors 'self'")
}

fn send(
    out: &mut TcpStream,
    status: &str,
    ty: &str,
    body: &[u8],
    head_only: bool,
    csp: &str,
) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {ty}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nContent-Security-Policy: {csp}\r\nReferrer-Policy: no-referrer\r\nConnection: close\r\n\r\n",
        body.len()
    );
    out.write_all(head.as_bytes())?;
    if !head_only {
        out.write_all(body)?;
    }
    out.flush()
}

/// The page at `/`: the report in a frame, or the diagnostics.
const PAGE: &str = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>vastc serve</title>
<style>
html, body { margin: 0; height: 100%; font-family: system-ui, sans-serif; }
#bar { position: fixed; top: 0; right: 0; padding: 2px 8px; font-size: 12px; background: #eceff1; color: #37474f; border-bottom-left-radius: 4px; }
#errors { margin: 0; padding: 16px 20px; white-space: pre-wrap; font: 13px/1.4 ui-monospace, monospace; color: #b71c1c; background: #fff8f8; min-height: 100%; box-sizing: border-box; }
#report { border: 0; width: 100%; height: 100%; display: block; }
[hidden] { display: none !important; }
</style></head>
<body data-version="0" data-ok="unknown">
<div id="bar">vastc serve: waiting for the first build</div>
<pre id="errors" hidden></pre>
<iframe id="report" title="threat model report" hidden></iframe>
<script src="/serve.js"></script>
</body></html>
"#;

/// Polls `/status` and shows the report or the diagnostics.
const SCRIPT: &str = r#"'use strict';
const frame = document.getElementById('report');
const errors = document.getElementById('errors');
const bar = document.getElementById('bar');
let version = -1;
async function poll() {
  try {
    const r = await fetch('/status', { cache: 'no-store' });
    const s = await r.json();
    if (s.version !== version) {
      version = s.version;
      if (s.ok) {
        errors.hidden = true;
        frame.hidden = false;
        frame.src = '/report.html?v=' + version;
        bar.textContent = 'vastc serve: build ' + version;
      } else if (s.diagnostics) {
        errors.textContent = s.diagnostics;
        errors.hidden = false;
        frame.hidden = true;
        bar.textContent = 'vastc serve: build ' + version + ' has errors';
      }
      document.body.dataset.version = String(version);
      document.body.dataset.ok = String(s.ok);
    }
  } catch (e) {
    bar.textContent = 'vastc serve: not running';
  }
  setTimeout(poll, 250);
}
poll();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_its_own_hosts() {
        let a: SocketAddr = "127.0.0.1:7878".parse().unwrap();
        assert!(host_allowed("127.0.0.1:7878", a));
        assert!(host_allowed("localhost:7878", a));
        assert!(host_allowed("LOCALHOST:7878", a));
        assert!(!host_allowed("localhost:80", a));
        assert!(!host_allowed("evil.example:7878", a));
        assert!(!host_allowed("127.0.0.1", a));
    }
}
