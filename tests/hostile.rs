//! Hostile models stay harmless: every case builds its attack (symlinks,
//! FIFOs, control characters, huge or deep inputs) in a temporary directory
//! at run time, runs the `vastc` binary on it with each form of the root
//! path (`root.vast`, `./root.vast`, `dir/root.vast`, absolute) from the
//! matching working directory, and asserts the safe behaviour, the exact
//! diagnostic code, and identical diagnostics and outputs for every form.

#![cfg(unix)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

#[path = "common/markdown.rs"]
mod markdown;

/// A secret the test puts in vastc's environment: it must never be printed.
const SECRET: &str = "hostile-test-secret-7f3a9c";

/// A fresh directory for one case.
fn fresh(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("hostile")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(path: &Path, text: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(ok.success());
}

/// Runs vastc in `cwd`, killed after `limit` (a hang fails the test).
fn vastc_in(cwd: &Path, args: &[&str], limit: Duration) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vastc"))
        .args(args)
        .current_dir(cwd)
        .env("HOSTILE_SECRET", SECRET)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("vastc {args:?} took more than {limit:?} (hung)");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.wait_with_output().unwrap()
}

fn vastc(cwd: &Path, args: &[&str]) -> Output {
    vastc_in(cwd, args, Duration::from_secs(60))
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The four forms of the path of `dir/models/root.vast`, each with the
/// working directory it is given from.
fn forms(dir: &Path) -> Vec<(PathBuf, String)> {
    let models = dir.join("models");
    let abs = models.join("root.vast").display().to_string();
    vec![
        (models.clone(), "root.vast".to_string()),
        (models.clone(), "./root.vast".to_string()),
        (dir.to_path_buf(), "models/root.vast".to_string()),
        (PathBuf::from("/"), abs),
    ]
}

/// `vastc check` of every form: the (identical) diagnostics, exit status.
fn check_every_form(dir: &Path) -> (String, i32) {
    let mut seen: Option<(String, i32)> = None;
    for (cwd, root) in forms(dir) {
        let o = vastc(&cwd, &["check", &root]);
        let got = (stderr(&o), o.status.code().unwrap_or(-1));
        assert!(
            !got.0.contains(SECRET),
            "{root}: secret printed:\n{}",
            got.0
        );
        match &seen {
            None => seen = Some(got),
            Some(first) => assert_eq!(first, &got, "`{root}` differs from `root.vast`"),
        }
    }
    seen.unwrap()
}

/// Every file below `dir`, by relative path.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().display().to_string();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// `vastc build` of every form, each into its own directory: the outputs
/// (byte-identical for every form) and the diagnostics.
fn build_every_form(dir: &Path) -> (BTreeMap<String, Vec<u8>>, String) {
    let mut seen: Option<(BTreeMap<String, Vec<u8>>, String)> = None;
    for (i, (cwd, root)) in forms(dir).into_iter().enumerate() {
        let out = dir.join(format!("out{i}"));
        let o = vastc(
            &cwd,
            &[
                "build",
                &root,
                "-o",
                &out.display().to_string(),
                "--today",
                "2026-01-01",
            ],
        );
        let err = stderr(&o);
        assert!(!err.contains(SECRET), "{root}: secret printed:\n{err}");
        // The diagnostics (the lines naming the paths as given differ).
        let diags: String = err
            .lines()
            .filter(|l| !l.starts_with("built "))
            .collect::<Vec<_>>()
            .join("\n");
        let got = (tree(&out), diags);
        match &seen {
            None => seen = Some(got),
            Some(first) => {
                assert_eq!(first.1, got.1, "`{root}`: diagnostics differ");
                assert!(
                    first.0 == got.0,
                    "`{root}`: outputs differ from `root.vast`'s"
                );
            }
        }
    }
    seen.unwrap()
}

/// Defect 1: includes are confined to the root model's directory for every
/// form of the root path, symlinks resolved: `../outside.vast`, a link to
/// `/proc/self/environ` and a link out to a file that does not exist are
/// all refused with the same `vast::include::escape` (no existence
/// oracle), and nothing of them is printed.
#[test]
fn includes_are_confined_for_every_root_form() {
    let dir = fresh("confined");
    write(&dir.join("outside.vast"), format!("data d \"{SECRET}\"\n"));
    write(
        &dir.join("models/root.vast"),
        "include \"../outside.vast\"\ninclude \"env.vast\"\ninclude \"dangling.vast\"\n\
         include \"../missing.vast\"\ninclude \"sub/../../outside.vast\"\ninclude \"up.vast\"\n",
    );
    std::os::unix::fs::symlink("/proc/self/environ", dir.join("models/env.vast")).unwrap();
    std::os::unix::fs::symlink("/nonexistent/x.vast", dir.join("models/dangling.vast")).unwrap();
    std::os::unix::fs::symlink("../outside.vast", dir.join("models/up.vast")).unwrap();
    std::fs::create_dir_all(dir.join("models/sub")).unwrap();
    let (text, status) = check_every_form(&dir);
    assert_eq!(status, 2, "{text}");
    assert_eq!(text.matches("vast::include::escape").count(), 6, "{text}");
    assert!(!text.contains("not_found"), "{text}");
    for name in [
        "../outside.vast",
        "env.vast",
        "dangling.vast",
        "../missing.vast",
        "up.vast",
    ] {
        assert!(
            text.contains(&format!("`{name}` is outside the root model's directory")),
            "{name}: {text}"
        );
    }
}

/// Defect 1: the root model itself may not be a link out of its directory.
#[test]
fn root_link_out_is_refused() {
    let dir = fresh("root_link");
    std::fs::create_dir_all(dir.join("models")).unwrap();
    std::os::unix::fs::symlink("/proc/self/environ", dir.join("models/root.vast")).unwrap();
    let (text, status) = check_every_form(&dir);
    assert_eq!(status, 2);
    assert!(text.contains("vast::io::outside"), "{text}");
}

/// Defect 1: every file is recorded relative to the root model's directory
/// in every output (json, csv, md, html, SARIF URIs): the outputs are the
/// same bytes whatever form of the root path and working directory.
#[test]
fn outputs_name_files_relative_to_the_root_for_every_form() {
    let dir = fresh("relative");
    let payments =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("models/payments.vast"))
            .unwrap();
    write(&dir.join("models/sub/part.vast"), payments);
    write(&dir.join("models/root.vast"), "include \"sub/part.vast\"\n");
    let (outputs, diags) = build_every_form(&dir);
    assert!(!diags.contains("error"), "{diags}");
    let sarif = String::from_utf8_lossy(&outputs["root/threats.sarif"]).into_owned();
    assert!(sarif.contains("\"uri\": \"sub/part.vast\""), "{sarif}");
    let tmp = dir.display().to_string();
    for (name, bytes) in &outputs {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains(&tmp), "{name} names the machine's path");
        assert!(!text.contains("//tmp") && !text.contains("\"//"), "{name}");
    }
}

/// Defect 2: a directory build and a directory diff read the regular files
/// in the tree only: a link to `/proc/self/environ`, a link to a directory
/// outside, a FIFO (which would hang the build if opened) are skipped.
#[test]
fn directory_walks_skip_links_fifos() {
    let dir = fresh("walk");
    let tree_dir = dir.join("tree");
    write(
        &tree_dir.join("good.vast"),
        "process p \"P\" { kind service }\n",
    );
    std::os::unix::fs::symlink("/proc/self/environ", tree_dir.join("env.vast")).unwrap();
    std::os::unix::fs::symlink("/etc", tree_dir.join("etc")).unwrap();
    mkfifo(&tree_dir.join("fifo.vast"));
    let out = dir.join("out").display().to_string();
    let limit = Duration::from_secs(30);
    let o = vastc_in(&dir, &["build", "tree", "-o", &out], limit);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(!err.contains(SECRET), "{err}");
    let built: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(built, ["good"]);
    let o = vastc_in(&dir, &["diff", "tree", "tree"], limit);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let all = format!("{}{}", stderr(&o), String::from_utf8_lossy(&o.stdout));
    assert!(!all.contains(SECRET) && !all.contains("env.vast"), "{all}");
}

/// Defect 2: a FIFO as the root model or as an include is never opened
/// (opening one would hang): `vast::io::unreadable` and
/// `vast::include::not_regular`, for every form of the root path.
#[test]
fn fifos_are_never_opened() {
    let dir = fresh("fifo_root");
    std::fs::create_dir_all(dir.join("models")).unwrap();
    mkfifo(&dir.join("models/root.vast"));
    let (text, status) = check_every_form(&dir);
    assert_eq!(status, 2);
    assert!(text.contains("vast::io::unreadable"), "{text}");
    assert!(text.contains("it is a FIFO, not a regular file"), "{text}");
    let dir = fresh("fifo_include");
    write(&dir.join("models/root.vast"), "include \"pipe.vast\"\n");
    mkfifo(&dir.join("models/pipe.vast"));
    let (text, status) = check_every_form(&dir);
    assert_eq!(status, 2);
    assert_eq!(
        text.matches("vast::include::not_regular").count(),
        1,
        "{text}"
    );
}

/// Is `c` something a terminal would act on?
fn acts_on_terminal(c: char) -> bool {
    c != '\n' && vastc::diagnostic::terminal::is_unsafe(c)
}

/// Defect 3: control characters, C1 and bidi overrides from the model are
/// shown escaped in every diagnostic (source excerpts, messages with a
/// decoded `\u{1b}`), for every form of the root path.
#[test]
fn diagnostics_escape_control_characters() {
    let dir = fresh("terminal");
    write(
        &dir.join("models/root.vast"),
        "process p \"P\u{1b}]0;pwned\u{7}\r\u{9b}2J\" { kind bogus\u{1b}[2J }\n\
         process q \"\u{202e}evil\" { cvss \"\\u{1b}[31mCVSS\\u{1b}c\" }\n",
    );
    let (text, status) = check_every_form(&dir);
    assert_eq!(status, 2);
    assert!(!text.chars().any(acts_on_terminal), "{text:?}");
    assert!(text.contains("\\u{1b}"), "{text}");
    assert!(text.contains("\\u{202e}"), "{text}");
}

/// Defect 3: a file name with a line break cannot write a line of its own
/// (`::error …::` at column 0 is a CI workflow command).
#[test]
fn file_names_are_escaped() {
    let dir = fresh("names");
    let evil = "x\n::error title=forged::all checks passed\u{1b}[2J.vast";
    write(
        &dir.join("tree").join(evil),
        "process p \"P\" { kind bogus }\n",
    );
    let out = dir.join("out").display().to_string();
    let o = vastc(&dir, &["build", "tree", "-o", &out]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(!err.lines().any(|l| l.starts_with("::")), "{err}");
    assert!(!err.chars().any(acts_on_terminal), "{err:?}");
    assert!(err.contains("x\\u{a}::error"), "{err}");
}

/// Defect 4: SARIF `rules[].help.markdown` carries model text escaped as
/// threats.md escapes it: no raw HTML, images or links.
#[test]
fn sarif_help_markdown_is_escaped() {
    let dir = fresh("sarif");
    write(
        &dir.join("models/root.vast"),
        "process p \"P\" { kind service }\n\
         threat manual-1 \"Manual\" on p {\n  stride T\n  category external-attack\n\
         cvss \"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N\"\n\
         mitigation \"<img src=x onerror=alert(1)><script>x()</script> ![i](http://e/x.png) [l](javascript:x)\"\n}\n",
    );
    let (outputs, diags) = build_every_form(&dir);
    assert!(!diags.contains("error"), "{diags}");
    let sarif: serde_json::Value = serde_json::from_slice(&outputs["root/threats.sarif"]).unwrap();
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let manual = rules
        .iter()
        .find(|r| r["help"]["text"].as_str().unwrap_or("").contains("onerror"))
        .expect("the manual threat's rule");
    let help = manual["help"]["markdown"].as_str().unwrap();
    markdown::inert("help.markdown", help);
    assert!(
        markdown::rendered(help).contains("<img src=x onerror=alert(1)>"),
        "{help}"
    );
}

/// Defect 5: a boundary chain 10,000 `in` deep costs linear time in
/// resolve and stops with `vast::resolve::too_deep` before layout; a chain
/// at the limit still builds.
#[test]
fn deep_in_chains_are_limited() {
    let dir = fresh("deep");
    let mut text = String::from("boundary b0 \"B\" { kind network }\n");
    for i in 1..10_000 {
        text.push_str(&format!(
            "boundary b{i} \"B\" in b{} {{ kind network }}\n",
            i - 1
        ));
    }
    write(&dir.join("models/root.vast"), &text);
    let start = Instant::now();
    let (out, status) = check_every_form(&dir);
    assert_eq!(status, 2, "{out}");
    assert_eq!(out.matches("vast::resolve::too_deep").count(), 1, "{out}");
    assert!(out.contains("b257"), "{out}");
    // Four checks of 10,000 boundaries (the old cycle check was quadratic).
    assert!(
        start.elapsed() < Duration::from_secs(40),
        "{:?}",
        start.elapsed()
    );
    let limit = vastc::resolve::MAX_NESTING;
    let mut text = String::from("boundary b0 \"B\" { kind network }\n");
    for i in 1..=limit {
        text.push_str(&format!(
            "boundary b{i} \"B\" in b{} {{ kind network }}\n",
            i - 1
        ));
    }
    text.push_str(&format!("process p \"P\" in b{limit} {{ kind service }}\n"));
    let r = vastc::resolve::resolve_str("deep.vast", &text);
    assert!(!r.has_errors(), "{:?}", r.diags);
}

/// Defect 5: the files of one build together are limited: four files each
/// under the per-file limit but over the total give one
/// `vast::io::total_too_large` naming the limit.
#[test]
fn total_input_is_limited() {
    let dir = fresh("total");
    let quarter = (vastc::resolve::MAX_TOTAL_BYTES / 3) as usize;
    let mut root = String::new();
    for i in 0..4 {
        let mut part = format!("data d{i} \"D\"\n");
        part.push_str(&"// padding\n".repeat(quarter / 11));
        write(&dir.join(format!("models/part{i}.vast")), part);
        root.push_str(&format!("include \"part{i}.vast\"\n"));
    }
    write(&dir.join("models/root.vast"), root);
    let (out, status) = check_every_form(&dir);
    assert_eq!(status, 2, "{out}");
    assert_eq!(out.matches("vast::io::total_too_large").count(), 1, "{out}");
    let mib = vastc::resolve::MAX_TOTAL_BYTES / 1024 / 1024;
    assert!(
        out.contains(&format!("limit of {mib} MiB together")),
        "{out}"
    );
}

/// Defect 6: 10,000 includes past the file limit give one
/// `vast::include::too_many`, not thousands.
#[test]
fn too_many_files_is_said_once() {
    let dir = fresh("many");
    let mut root = String::new();
    for i in 0..10_000 {
        root.push_str(&format!("include \"f{i}.vast\"\n"));
        write(
            &dir.join(format!("models/f{i}.vast")),
            format!("data d{i} \"D\"\n"),
        );
    }
    write(&dir.join("models/root.vast"), root);
    let o = vastc(&dir.join("models"), &["check", "root.vast"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(err.matches("vast::include::too_many").count(), 1);
}

/// Defect 6: a missing file outside the directory and an existing one get
/// the same message (no existence oracle).
#[test]
fn outside_files_give_one_message_whether_or_not_they_exist() {
    let dir = fresh("oracle");
    write(&dir.join("exists.vast"), "data d \"D\"\n");
    write(
        &dir.join("models/a/root.vast"),
        "include \"../../exists.vast\"\n",
    );
    write(
        &dir.join("models/b/root.vast"),
        "include \"../../absent.vast\"\n",
    );
    let models = dir.join("models");
    let a = stderr(&vastc(&models.join("a"), &["check", "root.vast"]));
    let b = stderr(&vastc(&models.join("b"), &["check", "root.vast"]));
    assert!(a.contains("vast::include::escape"), "{a}");
    assert_eq!(a.replace("exists", "absent"), b);
}

/// Defect 6: a killed build's temporary files are removed by the next
/// build, and a build removes its own `app-*.svg` / `scenario-*.svg` it no
/// longer writes, never any other file.
#[test]
fn stale_outputs_are_removed() {
    let dir = fresh("stale");
    let model = dir.join("models/root.vast");
    let payments =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("models/payments.vast"))
            .unwrap();
    write(&model, &payments);
    let out = dir.join("out");
    let out_root = out.join("root");
    // A temporary file of a process that no longer runs (pid_max is below
    // 2^22), one of this test (running), and files that are not vastc's.
    write(&out_root.join(".threats.json.tmp-4194999"), "partial");
    let alive = format!(".threats.md.tmp-{}", std::process::id());
    write(&out_root.join(&alive), "in flight");
    write(&out_root.join("scenario-old.svg"), "<svg/>");
    write(&out_root.join("app-old.svg"), "<svg/>");
    write(&out_root.join("notes.svg"), "mine");
    write(&out_root.join("scenario-old.png"), "mine");
    let o = vastc(
        &dir,
        &[
            "build",
            "models/root.vast",
            "-o",
            &out.display().to_string(),
        ],
    );
    assert!(o.status.code().unwrap_or(2) < 2, "{}", stderr(&o));
    let names: Vec<String> = tree(&out_root).into_keys().collect();
    assert!(
        !names.contains(&".threats.json.tmp-4194999".to_string()),
        "{names:?}"
    );
    assert!(
        !names.contains(&"scenario-old.svg".to_string()),
        "{names:?}"
    );
    assert!(!names.contains(&"app-old.svg".to_string()), "{names:?}");
    for kept in [
        alive.as_str(),
        "notes.svg",
        "scenario-old.png",
        "operational.svg",
    ] {
        assert!(names.contains(&kept.to_string()), "{kept}: {names:?}");
    }
}

/// Defect 6: scenario (and app) IDs differing only in case would overwrite
/// each other's diagram on a case-insensitive file system: a warning.
#[test]
fn ids_differing_in_case_are_warned_about() {
    let dir = fresh("case");
    write(
        &dir.join("models/root.vast"),
        "process api \"API\" { kind service }\n\
         scenario down \"Down\" { compromise api }\nscenario DOWN \"Down too\" { compromise api }\n",
    );
    let (out, status) = check_every_form(&dir);
    assert_eq!(status, 0, "{out}");
    assert_eq!(
        out.matches("vast::resolve::case_collision").count(),
        1,
        "{out}"
    );
}

/// Defect 6: the report's CSP allows its one script by hash, and the hash
/// (checked with the system's `sha256sum`) is that of the script embedded.
#[test]
fn report_csp_allows_the_script_by_hash() {
    let dir = fresh("csp");
    let payments =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("models/payments.vast"))
            .unwrap();
    write(&dir.join("models/root.vast"), payments);
    let (outputs, _) = build_every_form(&dir);
    let html = String::from_utf8_lossy(&outputs["root/report.html"]).into_owned();
    assert!(!html.contains("script-src 'unsafe-inline'"), "CSP");
    let script = html
        .split("<script>")
        .nth(1)
        .and_then(|s| s.split("</script>").next())
        .unwrap();
    // The one script, and the JSON data block it reads (never run).
    assert_eq!(html.matches("<script>").count(), 1);
    let data = "<script type=\"application/json\" id=\"report-data\">";
    assert_eq!(html.matches(data).count(), 1);
    assert_eq!(html.matches("<script").count(), 2);
    let file = dir.join("script.js");
    std::fs::write(&file, script).unwrap();
    let sum = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "sha256sum '{}' | cut -d' ' -f1 | xxd -r -p | base64",
            file.display()
        ))
        .output()
        .unwrap();
    let hash = String::from_utf8_lossy(&sum.stdout).trim().to_string();
    assert_eq!(hash.len(), 44, "{hash}");
    assert!(
        html.contains(&format!("script-src 'sha256-{hash}'")),
        "{hash}"
    );
}

/// Defect 5 (part): the report shows scenarios as highlights over the one
/// operational diagram, not a copy of the diagram per scenario, so its size
/// does not grow with scenarios × model.
#[test]
fn report_shows_scenarios_as_highlights() {
    let dir = fresh("highlights");
    let mut text = String::from(
        "process api \"API\" { kind service }\nstore db \"DB\" { kind database }\nflow api -> db \"q\" { protocol postgres }\n",
    );
    for i in 0..50 {
        text.push_str(&format!("scenario s{i} \"S{i}\" {{ compromise api }}\n"));
    }
    write(&dir.join("models/root.vast"), &text);
    let (outputs, diags) = build_every_form(&dir);
    assert!(!diags.contains("error"), "{diags}");
    let html = String::from_utf8_lossy(&outputs["root/report.html"]).into_owned();
    assert_eq!(html.matches("<svg").count(), 1, "one diagram");
    assert_eq!(html.matches("class=\"hl\"").count(), 50);
    // Bit sets over the elements in diagram order: api (bit 0) is
    // controlled, db (bit 1) reached.
    assert!(
        html.contains("data-control=\"AQ==\" data-reach=\"Ag==\""),
        "highlight data"
    );
}
