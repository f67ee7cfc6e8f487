//! The review workflow as a user runs it: `vastc init` starter models,
//! `vastc cards` worksheets, and `vastc build DIR` over several models.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn vastc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vastc"))
        .args(args)
        .output()
        .unwrap()
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("vastc-review-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn init_templates_check_clean_and_are_formatted() {
    let dir = tmp("init");
    for template in ["kubernetes", "generic"] {
        let target = dir.join(template);
        let o = vastc(&["init", s(&target), "--template", template]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let model = target.join("model.vast");
        let text = std::fs::read_to_string(&model).unwrap();
        // No diagnostics at all, warnings included.
        let r = vastc::resolve::resolve_path(&model);
        assert!(r.diags.is_empty(), "{template}: {:?}", r.diags);
        let o = vastc(&["check", s(&model)]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("0 errors, 0 warnings"),
            "{}",
            stderr(&o)
        );
        let o = vastc(&["fmt", "--check", s(&model)]);
        assert_eq!(o.status.code(), Some(0), "{template} is not formatted");
        // The build has no warnings either (every risk decision matches a threat).
        let o = vastc(&[
            "build",
            s(&model),
            "-o",
            s(&dir.join("out")),
            "--format",
            "json",
            "--today",
            "2026-01-01",
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(!stderr(&o).contains('⚠'), "{}", stderr(&o));
        // Refuses to overwrite, and leaves the file alone.
        std::fs::write(&model, "// mine\n").unwrap();
        let o = vastc(&["init", s(&target), "--template", template]);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
        assert_eq!(std::fs::read_to_string(&model).unwrap(), "// mine\n");
        assert!(text.contains("//"), "the starter model is commented");
    }
    let _ = std::fs::remove_dir_all(dir);
}

const SUITS: [&str; 4] = [
    "Human Impact",
    "Adversary's Motivations",
    "Adversary's Resources",
    "Adversary's Methods",
];

#[test]
fn cards_deal_deterministically() {
    let a = vastc(&["cards", "--seed", "5"]);
    let b = vastc(&["cards", "--seed", "5"]);
    assert_eq!(a.status.code(), Some(0));
    assert_eq!(stdout(&a), stdout(&b));
    let default = stdout(&vastc(&["cards"]));
    assert_eq!(default, stdout(&vastc(&["cards", "--seed", "1"])));
    let deals: Vec<String> = (1..=4)
        .map(|seed| stdout(&vastc(&["cards", "--seed", &seed.to_string()])))
        .map(|out| {
            out.lines()
                .filter(|l| l.starts_with("## "))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect();
    for pair in deals.windows(2) {
        assert_ne!(pair[0], pair[1], "different seeds, same deal");
    }
    for suit in SUITS {
        assert_eq!(
            default
                .lines()
                .filter(|l| l.starts_with("## ") && l.contains(&format!(" {suit}: ")))
                .count(),
            2,
            "{suit}\n{default}"
        );
    }
}

#[test]
fn cards_aim_at_a_target_of_the_model() {
    let model = "models/starter.vast";
    let o = vastc(&["cards", "web", "--model", model, "--seed", "9"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let sheet = stdout(&o);
    assert!(sheet.contains("process `web`"), "{sheet}");
    for suit in SUITS {
        assert!(sheet.contains(&format!("card \"{suit}: ")), "{suit}");
    }
    // Every stub pasted into the model compiles.
    let stubs: Vec<&str> = sheet
        .split("```vast\n")
        .skip(1)
        .filter_map(|s| s.split("```").next())
        .collect();
    assert_eq!(stubs.len(), 8);
    assert!(stubs.iter().all(|s| s.contains(" on web {")));
    let text = std::fs::read_to_string(model).unwrap() + "\n" + &stubs.concat();
    let r = vastc::resolve::resolve_str("starter.vast", &text);
    assert!(!r.has_errors(), "{:?}", r.diags);
    assert_eq!(r.model.threats.len(), 8);

    let o = vastc(&["cards", "wbe", "--model", model]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("did you mean `web`?"), "{}", stderr(&o));
    assert!(o.stdout.is_empty());

    let o = vastc(&["cards", "reader->web", "--model", model]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains(" on reader -> web {"));
}

#[test]
fn build_dir_builds_each_root_model() {
    let dir = tmp("build-dir");
    let models = dir.join("models");
    std::fs::create_dir_all(models.join("team")).unwrap();
    for f in ["clinic.vast", "platform.vast", "starter.vast"] {
        let (from, to) = match f {
            "starter.vast" => (f, models.join("team").join(f)),
            _ => (f, models.join(f)),
        };
        std::fs::copy(Path::new("models").join(from), to).unwrap();
    }
    let out = dir.join("out");
    let run = || {
        vastc(&[
            "build",
            s(&models),
            "-o",
            s(&out),
            "--format",
            "md,json",
            "--today",
            "2026-11-26",
        ])
    };
    let first = run();
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let mut built: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    built.sort();
    // platform.vast is included by clinic.vast: not a model of its own.
    assert_eq!(built, ["clinic", "starter"]);
    assert!(out.join("clinic/threats.json").exists());
    let err = stderr(&first);
    let table = err.split("\nmodel ").nth(1).expect("a summary table");
    assert!(table.contains("clinic.vast") && table.contains("starter.vast"));
    assert!(!table.contains("platform.vast"));
    // Same input, same messages in the same order.
    assert_eq!(err, stderr(&run()));

    // The exit status is the worst of the models.
    std::fs::write(models.join("broken.vast"), "actor a { kind nobody }\n").unwrap();
    let o = run();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(out.join("clinic/threats.md").exists());
    assert!(!out.join("broken").exists());
    let _ = std::fs::remove_dir_all(dir);
}
