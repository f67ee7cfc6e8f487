//! `vastc watch` and `vastc serve` as a user runs them, on a copy of the
//! clinic model: watch rebuilds when an included file changes (the outputs
//! change) and reports errors without touching the last good outputs;
//! serve answers on 127.0.0.1 only, refuses other hosts, and in headless
//! Chromium (tests/browser/serve.mjs) shows a save within a second and the
//! diagnostics while the model has errors.

#[path = "common/browser.rs"]
mod browser;

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn copy_models(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("vastc-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for m in ["clinic.vast", "platform.vast"] {
        std::fs::copy(Path::new("models").join(m), dir.join(m)).unwrap();
    }
    dir
}

/// Kills the child when the test ends, passed or failed.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn wait_for(what: &str, timeout: Duration, mut test: impl FnMut() -> bool) {
    let start = Instant::now();
    while start.elapsed() < timeout {
        if test() {
            return;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    panic!("{what}: not within {timeout:?}");
}

#[test]
fn watch_rebuilds_when_an_include_changes() {
    let dir = copy_models("watch");
    let child = Command::new(env!("CARGO_BIN_EXE_vastc"))
        .current_dir(&dir)
        .args([
            "watch",
            "clinic.vast",
            "-o",
            "out",
            "--format",
            "json,md",
            "--today",
            "2026-11-26",
        ])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut child = Running(child);
    let mut log = BufReader::new(child.0.stderr.take().unwrap());
    let json = dir.join("out/clinic/threats.json");
    let read_line = |log: &mut BufReader<_>| {
        let mut l = String::new();
        log.read_line(&mut l).unwrap();
        l
    };
    // The first build, then the watch.
    loop {
        let l = read_line(&mut log);
        assert!(!l.is_empty(), "watch ended");
        if l.starts_with("watching") {
            break;
        }
    }
    let first = std::fs::read_to_string(&json).unwrap();
    assert!(!first.contains("live-probe"));

    // An included file changes: the outputs follow.
    let mut platform = std::fs::OpenOptions::new()
        .append(true)
        .open(dir.join("platform.vast"))
        .unwrap();
    writeln!(
        platform,
        "\nboundary probe-zone \"Probe zone\" {{\n  kind third-party\n  actor live-probe \"Live probe\" {{ kind user }}\n}}\n\nflow live-probe -> portal \"probe\" {{\n  protocol http\n  port 80\n  carries session\n}}"
    )
    .unwrap();
    drop(platform);
    // Polling the outputs reads files in the watched directory: those reads
    // must not hold the rebuild off.
    wait_for("rebuilt outputs", Duration::from_secs(10), || {
        std::fs::read_to_string(&json).is_ok_and(|j| j.contains("live-probe"))
    });
    loop {
        let l = read_line(&mut log);
        if l.starts_with("watching") {
            break;
        }
    }

    // An error is printed; the last good outputs stay.
    std::fs::write(dir.join("platform.vast"), "boundary {\n").unwrap();
    let mut said = String::new();
    loop {
        let l = read_line(&mut log);
        assert!(!l.is_empty(), "watch ended");
        said.push_str(&l);
        if l.starts_with("watching") {
            break;
        }
    }
    assert!(said.contains("vast::syntax"), "{said}");
    assert!(said.contains("nothing written"), "{said}");
    assert!(
        std::fs::read_to_string(&json)
            .unwrap()
            .contains("live-probe")
    );
    drop(child);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Starts `vastc serve` on a free port; returns it and its address.
fn serve(dir: &Path) -> (Running, String) {
    let child = Command::new(env!("CARGO_BIN_EXE_vastc"))
        .current_dir(dir)
        .args([
            "serve",
            "clinic.vast",
            "--port",
            "0",
            "--today",
            "2026-11-26",
        ])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut child = Running(child);
    let mut log = BufReader::new(child.0.stderr.take().unwrap());
    let mut line = String::new();
    log.read_line(&mut line).unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    // Keep reading its log so it never blocks on a full pipe.
    std::thread::spawn(move || {
        let mut sink = String::new();
        let _ = log.read_to_string(&mut sink);
    });
    (child, addr)
}

fn get(addr: &str, path: &str, host: &str) -> String {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

#[test]
fn serve_answers_its_own_host_only() {
    let dir = copy_models("serve-http");
    let (_child, addr) = serve(&dir);
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");
    wait_for("first build", Duration::from_secs(10), || {
        get(&addr, "/status", &addr).contains("\"ok\":true")
    });
    let page = get(&addr, "/", &addr);
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("Content-Security-Policy: default-src 'none'; script-src 'self'"));
    let report = get(&addr, "/report.html?v=1", &addr);
    assert!(report.starts_with("HTTP/1.1 200") && report.contains("Clinic booking"));
    assert!(get(&addr, "/operational.svg", &addr).contains("image/svg+xml"));
    // DNS rebinding: another name for this address is refused.
    assert!(get(&addr, "/report.html", "attacker.example").starts_with("HTTP/1.1 403"));
    assert!(get(&addr, "/../clinic.vast", &addr).starts_with("HTTP/1.1 404"));
    assert!(get(&addr, "/clinic.vast", &addr).starts_with("HTTP/1.1 404"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn serve_reloads_in_headless_chromium() {
    if !browser::ready() {
        return;
    }
    let dir = copy_models("serve-browser");
    let (_child, addr) = serve(&dir);
    let o = Command::new("node")
        .current_dir("tests/browser")
        .arg("serve.mjs")
        .arg(format!("http://{addr}/"))
        .arg(dir.join("clinic.vast"))
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    println!("serve: {stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}
