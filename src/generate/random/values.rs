//! Settings of a random model: a random selection of a declaration's
//! settings from the settings table, each with a value of its type.

use super::{Entropy, Gen, Ty3, expr};
use crate::generate::text;
use crate::model::Key;
use crate::resolve::schema::{self, RefKind, Subject, Ty};

impl<E: Entropy> Gen<'_, E> {
    /// A random selection of `subject`'s settings (not `kind` and not those
    /// the caller writes itself), one line each.
    pub(super) fn settings(&mut self, subject: Subject, kind: &str, indent: &str) -> Vec<String> {
        let mut out = Vec::new();
        for spec in schema::SETTINGS {
            if !spec.subjects.contains(&subject)
                || matches!(
                    spec.key,
                    Key::Kind | Key::AppliesTo | Key::Compromise | Key::User | Key::On
                )
                || !self.e.one_in(self.sparsity)
            {
                continue;
            }
            if matches!(spec.key, Key::NetworkPolicy | Key::PodSecurity) && kind != "k8s-namespace"
            {
                continue;
            }
            // A rule's vector is required, a threat's vector or severity:
            // the caller writes it.
            if matches!(subject, Subject::Rule | Subject::Threat)
                && matches!(spec.key, Key::Cvss | Key::Severity)
            {
                continue;
            }
            if spec.key == Key::Description && self.e.one_in(3) {
                let t = text::text_block(self.e, indent);
                out.push(format!("{indent}description {t}"));
                continue;
            }
            if let Some(v) = self.value(spec.name(), spec.ty) {
                out.push(format!("{indent}{} {v}", spec.name()));
            }
        }
        // One line, `;`-separated, now and then.
        if out.len() > 1 && self.e.one_in(4) {
            let joined: Vec<&str> = out.iter().map(|s| s.trim_start()).collect();
            return vec![format!("{indent}{}", joined.join("; "))];
        }
        out
    }

    /// A value of type `ty` for the setting `name`, or None when nothing of
    /// the kind exists to refer to.
    pub(super) fn value(&mut self, name: &str, ty: Ty) -> Option<String> {
        Some(match ty {
            Ty::Bool => self.pick(&["true", "false"]).to_string(),
            Ty::Number => match self.e.below(4) {
                0 => format!("{}.{}", self.e.below(10), self.e.below(100)),
                1 => "0".to_string(),
                _ => self.e.below(1000).to_string(),
            },
            Ty::Port => self
                .pick(&[0usize, 22, 80, 443, 5432, 8080, 10255, 65535])
                .to_string(),
            Ty::Text => self.text_value(name),
            Ty::TextList => self.text_list(name),
            Ty::Word => self.word(name),
            Ty::Date => format!(
                "{}-{:02}-{:02}",
                2020 + self.e.below(15),
                1 + self.e.below(12),
                1 + self.e.below(28)
            ),
            Ty::Cvss => format!("\"{}\"", expr::cvss(self.e)),
            Ty::Vocab(v) => {
                let w = self.pick(v.words);
                if self.e.one_in(8) {
                    format!("\"{w}\"")
                } else {
                    w.to_string()
                }
            }
            Ty::VocabList(v) => {
                let n = 1 + self.e.below(4);
                let words: Vec<&str> = (0..n).map(|_| self.pick(v.words)).collect();
                words.join(", ")
            }
            Ty::Ref(k) => {
                let all = self.candidates(k);
                if all.is_empty() {
                    return None;
                }
                all[self.e.below(all.len())].clone()
            }
            Ty::RefList(k) => {
                let r = self.refs(k);
                if r.is_empty() {
                    return None;
                }
                r
            }
        })
    }

    fn candidates(&self, k: RefKind) -> Vec<String> {
        let els = |f: &dyn Fn(Ty3) -> bool| -> Vec<String> {
            self.elements
                .iter()
                .filter(|(_, t)| f(*t))
                .map(|(id, _)| id.clone())
                .collect()
        };
        match k {
            RefKind::Data => self.data.clone(),
            RefKind::Boundary => self.boundaries.iter().map(|b| b.id.clone()).collect(),
            RefKind::Element => els(&|_| true),
            RefKind::Actor => els(&|t| t == Ty3::Actor),
            RefKind::Identity => self.identities.clone(),
            RefKind::Compromisable => {
                let mut v = els(&|_| true);
                v.extend(self.identities.iter().cloned());
                v
            }
        }
    }

    /// A comma-separated list of 1–4 references (repeats allowed), or "".
    pub(super) fn refs(&mut self, k: RefKind) -> String {
        let all = self.candidates(k);
        if all.is_empty() {
            return String::new();
        }
        let n = 1 + self.e.below(4);
        let picked: Vec<String> = (0..n)
            .map(|_| all[self.e.below(all.len())].clone())
            .collect();
        picked.join(", ")
    }

    fn text_value(&mut self, name: &str) -> String {
        const IMAGES: &[&str] = &[
            "registry.example.com/team/app:1.2.3",
            "docker.io/library/busybox:latest",
            "nginx",
            "ghcr.io/org/tool@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "localhost:5000/x:",
            ":::",
            "",
        ];
        if name == "image" && !self.e.one_in(4) {
            let i = self.pick(IMAGES);
            return format!("\"{i}\"");
        }
        self.lbl(name)
    }

    pub(super) fn text_list(&mut self, name: &str) -> String {
        const PATHS: &[&str] = &[
            "/",
            "/etc",
            "/etc/kubernetes/manifests",
            "/var/run/docker.sock",
            "/root/.aws",
            "/var/log",
        ];
        const NETS: &[&str] = &["0.0.0.0/0", "10.0.0.0/8", "::/0"];
        const REFS: &[&str] = &["CWE-79", "MS-TA9018", "CIS 5.2.2"];
        const REGISTRIES: &[&str] = &["registry.example.com", "docker.io", "ghcr.io/org"];
        let n = 1 + self.e.below(3);
        let mut vals = Vec::new();
        for _ in 0..n {
            let v = match (name, self.e.below(4)) {
                (_, 0) => self.lbl(name),
                ("host-path" | "host-path-read-only", _) => format!("\"{}\"", self.pick(PATHS)),
                ("source-ranges" | "authorized-networks", _) => {
                    format!("\"{}\"", self.pick(NETS))
                }
                ("ports", 1) => self.pick(&["22", "8080", "443"]).to_string(),
                ("ports", _) => format!("\"{}\"", self.pick(&["22", "8080", "10250"])),
                ("references", _) => format!("\"{}\"", self.pick(REFS)),
                ("trusted-registries", _) => format!("\"{}\"", self.pick(REGISTRIES)),
                _ => self.lbl(name),
            };
            vals.push(v);
        }
        vals.join(", ")
    }

    fn word(&mut self, name: &str) -> String {
        let words: &[&str] = match name {
            "engine" => &[
                "postgres",
                "redis",
                "mongodb",
                "elasticsearch",
                "\"mongo db\"",
            ],
            "role" => &[
                "cluster-admin",
                "\"system:masters\"",
                "view",
                "\"system:discovery\"",
            ],
            _ => &["something", "\"some thing\""],
        };
        if self.e.one_in(6) {
            return self.lbl(name);
        }
        self.pick(words).to_string()
    }
}

/// ` { … }` around lines, or nothing when there are none (sometimes `{}`).
pub(super) fn block(lines: &[String], indent: &str) -> String {
    if lines.is_empty() {
        return String::new();
    }
    let inner: Vec<String> = lines
        .iter()
        .map(|l| format!("{indent}  {}", l.trim_start_matches(' ')))
        .collect();
    format!(" {{\n{}\n{indent}}}", inner.join("\n"))
}
