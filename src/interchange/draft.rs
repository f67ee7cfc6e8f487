//! The model an importer reads out of a foreign file, before it is written
//! as `.vast` text: data, boundaries (a tree by parent index), elements,
//! flows, identities and threats, each with the foreign names its ID is made
//! from. The words the vocabulary helpers return are `.vast` vocabulary
//! words, so the writer can emit them bare.

use crate::resolve::vocab::{self, Vocab};

/// What an element is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Actor,
    Process,
    Store,
}

impl Shape {
    /// `an actor`, `a process`, `a store`.
    pub fn article(self) -> &'static str {
        match self {
            Shape::Actor => "an actor",
            Shape::Process => "a process",
            Shape::Store => "a store",
        }
    }

    pub fn keyword(self) -> &'static str {
        match self {
            Shape::Actor => "actor",
            Shape::Process => "process",
            Shape::Store => "store",
        }
    }

    /// The vocabulary of `kind` for this shape.
    pub fn kinds(self) -> &'static Vocab {
        match self {
            Shape::Actor => &vocab::ACTOR_KIND,
            Shape::Process => &vocab::PROCESS_KIND,
            Shape::Store => &vocab::STORE_KIND,
        }
    }
}

/// A data asset.
#[derive(Clone, Debug, Default)]
pub struct Data {
    /// Candidates for its ID, best first (raw foreign strings).
    pub names: Vec<String>,
    pub label: String,
    pub description: String,
    pub classification: Option<&'static str>,
    pub integrity: Option<&'static str>,
    pub availability: Option<&'static str>,
    /// Further settings, already `.vast` values (`pii true`).
    pub settings: Vec<(&'static str, String)>,
}

/// A trust boundary.
#[derive(Clone, Debug)]
pub struct Boundary {
    pub names: Vec<String>,
    pub label: String,
    pub description: String,
    pub kind: &'static str,
    pub trust: Option<&'static str>,
    pub parent: Option<usize>,
}

/// An actor, process or store.
#[derive(Clone, Debug)]
pub struct Element {
    pub names: Vec<String>,
    pub label: String,
    pub description: String,
    pub shape: Shape,
    pub kind: &'static str,
    pub boundary: Option<usize>,
    /// Data assets kept (stores only).
    pub stores: Vec<usize>,
    /// Further settings, already `.vast` values (`encrypted-at-rest true`).
    pub settings: Vec<(&'static str, String)>,
}

/// A flow between two elements.
#[derive(Clone, Debug, Default)]
pub struct Flow {
    /// The flow's own ID, when the foreign file gives a usable one.
    pub id: Option<String>,
    pub label: String,
    pub description: String,
    pub source: usize,
    pub target: usize,
    pub protocol: Option<&'static str>,
    pub port: Option<u16>,
    pub authn: Option<&'static str>,
    pub encrypted: Option<bool>,
    pub carries: Vec<usize>,
    pub returns: Vec<usize>,
}

/// An identity declared only because a threat is about it.
#[derive(Clone, Debug)]
pub struct Identity {
    pub names: Vec<String>,
    pub label: String,
}

/// What a threat is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Element(usize),
    Flow(usize),
    Boundary(usize),
    Data(usize),
    Identity(usize),
}

/// A threat written by hand in the foreign tool.
#[derive(Clone, Debug)]
pub struct Threat {
    pub names: Vec<String>,
    pub title: String,
    pub target: Target,
    pub stride: Vec<&'static str>,
    pub category: Option<&'static str>,
    pub cvss: Option<String>,
    /// Used when there is no `cvss`; `none` when the tool gives no rating.
    pub severity: &'static str,
    pub status: &'static str,
    pub reason: String,
    pub ticket: String,
    pub owner: String,
    pub mitigation: String,
    pub description: String,
    pub references: Vec<String>,
}

impl Threat {
    pub fn new(title: &str, target: Target) -> Self {
        Threat {
            names: Vec::new(),
            title: title.to_string(),
            target,
            stride: Vec::new(),
            category: None,
            cvss: None,
            severity: "none",
            status: "open",
            reason: String::new(),
            ticket: String::new(),
            owner: String::new(),
            mitigation: String::new(),
            description: String::new(),
            references: Vec::new(),
        }
    }
}

/// A decision on the threats a vastc rule finds on one target, from the
/// foreign tool's own decision on a finding of the same class.
#[derive(Clone, Debug)]
pub struct Risk {
    pub rule: String,
    pub target: Target,
    pub status: &'static str,
    pub reason: String,
}

/// Everything read from one foreign file, and the notes about what could
/// not be represented.
#[derive(Clone, Debug, Default)]
pub struct Draft {
    /// `td`, `otm` or `threagile`: the `vastc import` subcommand.
    pub format: &'static str,
    /// The tool's name, for the header.
    pub tool: &'static str,
    /// The input file's name (no directory).
    pub file: String,
    pub title: String,
    pub description: String,
    pub version: String,
    pub owner: String,
    pub data: Vec<Data>,
    pub boundaries: Vec<Boundary>,
    pub elements: Vec<Element>,
    pub flows: Vec<Flow>,
    pub identities: Vec<Identity>,
    pub threats: Vec<Threat>,
    pub risks: Vec<Risk>,
    pub notes: Vec<String>,
}

impl Draft {
    pub fn note(&mut self, text: impl AsRef<str>) {
        self.notes.push(format!("note: {}", text.as_ref()));
    }

    /// Puts at the top every boundary whose chain of parents loops (the
    /// foreign file nests zones in a cycle), with a note naming it: `what`
    /// is the tool's word for a boundary, `nesting` for its parents.
    pub fn break_cycles(&mut self, what: &str, nesting: &str) {
        let n = self.boundaries.len();
        for b in 0..n {
            let mut p = self.boundaries[b].parent;
            let mut steps = 0;
            while let Some(x) = p {
                steps += 1;
                if x == b || steps > n {
                    let label = shown(&self.boundaries[b].label);
                    self.note(format!(
                        "{what} {label} is in a cycle of {nesting}: placed at the top"
                    ));
                    self.boundaries[b].parent = None;
                    break;
                }
                p = self.boundaries[x].parent;
            }
        }
    }

    /// Data indices of the asset IDs `ids` that `owner` names, each once,
    /// in order; a note for each one not in `data_ix` (`what` is the
    /// format's word for a data asset).
    pub fn data_refs(
        &mut self,
        ids: &[super::read::Text],
        data_ix: &std::collections::BTreeMap<String, usize>,
        owner: &str,
        what: &str,
    ) -> Vec<usize> {
        let mut out = Vec::new();
        for id in ids {
            match data_ix.get(&id.0) {
                Some(&i) if !out.contains(&i) => out.push(i),
                Some(_) => {}
                None => self.note(format!(
                    "{} names {what} {}, which is not in the file",
                    shown(owner),
                    shown(&id.0)
                )),
            }
        }
        out
    }

    /// The identity a vastc export named as a threat's target: the one
    /// already declared under that name, or a new one with a note (the
    /// foreign format has no identities, so its kind is left to the user).
    pub fn identity_named(&mut self, id: &str) -> usize {
        if let Some(i) = self
            .identities
            .iter()
            .position(|x| x.names.first().is_some_and(|n| n == id))
        {
            return i;
        }
        let note = format!(
            "identity {} is declared for the threats on it ({} has no identities); set its kind",
            shown(id),
            self.tool
        );
        self.note(note);
        self.identities.push(Identity {
            names: vec![id.to_string()],
            label: id.to_string(),
        });
        self.identities.len() - 1
    }
}

/// A foreign string as shown in a note: quoted, control characters
/// escaped, at most 80 characters.
pub fn shown(s: &str) -> String {
    const MAX: usize = 80;
    if s.chars().count() > MAX {
        let cut: String = s.chars().take(MAX).collect();
        format!("{}…", crate::syntax::ast::quote(&cut))
    } else {
        crate::syntax::ast::quote(s)
    }
}

/// The vocabulary word equal to `s` ignoring case and surrounding space.
pub fn word(v: &'static Vocab, s: &str) -> Option<&'static str> {
    let s = s.trim().to_lowercase();
    v.words.iter().copied().find(|w| w.to_lowercase() == s)
}

/// A STRIDE letter from a category name (`Spoofing`, `information
/// disclosure`, `Information-Disclosure`, `S`) or a CIA / LINDDUN word that
/// means one.
pub fn stride(s: &str) -> Option<&'static str> {
    let k: String = s
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    Some(match k.as_str() {
        "s" | "spoofing" => "S",
        "t" | "tampering" | "integrity" => "T",
        "r" | "repudiation" | "nonrepudiation" => "R",
        "i" | "informationdisclosure" | "confidentiality" | "disclosureofinformation" => "I",
        "d" | "denialofservice" | "availability" => "D",
        "e" | "elevationofprivilege" | "elevationofprivileges" => "E",
        _ => return None,
    })
}

/// A protocol word for a foreign protocol name: the word itself, or a common
/// spelling of one (`HTTP/2`, `TLS 1.3`, `JDBC over TLS`).
pub fn protocol(s: &str) -> Option<&'static str> {
    if let Some(w) = word(&vocab::PROTOCOL, s) {
        return Some(w);
    }
    let k: String = s
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    if let Some(w) = word(&vocab::PROTOCOL, &k) {
        return Some(w);
    }
    let alias = match k.as_str() {
        "http2" | "http20" => "http2",
        "http11" | "http10" | "rest" => "http",
        "httpsrest" | "resthttps" | "httpstls" => "https",
        "tls12" | "tls13" | "ssl" => "tls",
        "ldapencrypted" => "ldaps",
        "smtpencrypted" => "smtps",
        "mqttencrypted" => "mqtts",
        "sshtunnel" | "scp" => "ssh",
        "jdbcencrypted" | "odbcencrypted" | "sqlaccessprotocolencrypted" => "tls",
        "jdbc" | "odbc" | "sqlaccessprotocol" | "binary" | "nosqlaccessprotocol" => "tcp",
        "binaryencrypted" | "nosqlaccessprotocolencrypted" => "tls",
        "ws" => "websocket",
        "inprocesslibrarycall" | "interprocesscommunication" | "localfileaccess" => "ipc",
        "ftpencrypted" => "ftps",
        "smb" | "cifs" => "smb",
        _ => return None,
    };
    Some(alias)
}

/// Whether a name or type mentions any of some words, as words: a word of
/// four letters or more begins a word of the text (`postgres` in
/// `PostgresSQL` counts, `file` in `profile` does not), a shorter one is a
/// whole word or its plural (`ui` is not in `build`, `ci` not in
/// `physician`, `log` not in `catalog`), and words with a space or `-`
/// are a run of whole words.
fn mentions(text: &str) -> impl Fn(&[&str]) -> bool {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let joined = format!(" {} ", words.join(" "));
    move |wanted: &[&str]| {
        wanted.iter().any(|p| {
            if p.contains([' ', '-']) {
                joined.contains(&format!(" {} ", p.replace('-', " ")))
            } else if p.len() <= 3 {
                words
                    .iter()
                    .any(|w| w == p || w.strip_suffix('s') == Some(p))
            } else {
                words.iter().any(|w| w.starts_with(p))
            }
        })
    }
}

/// A store kind guessed from words of its name or type.
pub fn store_kind(text: &str) -> &'static str {
    let has = mentions(text);
    if has(&["cache", "redis", "memcache"]) {
        "cache"
    } else if has(&[
        "queue",
        "kafka",
        "topic",
        "broker",
        "message",
        "messaging",
        "stream",
    ]) {
        "queue"
    } else if has(&["bucket", "s3", "blob", "object"]) {
        "object-storage"
    } else if has(&["log", "logging", "audit"]) {
        "log-store"
    } else if has(&["registry"]) {
        "container-registry"
    } else if has(&["file", "flatfile", "disk", "nfs", "share"]) {
        "file-system"
    } else if has(&["volume", "block"]) {
        "volume"
    } else {
        "database"
    }
}

/// A process kind guessed from words of its name or type.
pub fn process_kind(text: &str) -> &'static str {
    let has = mentions(text);
    if has(&["lambda", "function", "serverless"]) {
        "function"
    } else if has(&[
        "web",
        "website",
        "webserver",
        "webapp",
        "cms",
        "portal",
        "frontend",
        "front-end",
        "ui",
    ]) {
        "web-app"
    } else if has(&["admin console", "dashboard", "management"]) {
        "management-ui"
    } else if has(&["third party", "third-party", "external", "saas"]) {
        "external-service"
    } else {
        "service"
    }
}

/// An actor kind guessed from words of its name or type.
pub fn actor_kind(text: &str) -> &'static str {
    let has = mentions(text);
    if has(&["admin", "operator", "devops"]) {
        "admin"
    } else if has(&["ci", "pipeline", "build", "jenkins"]) && !has(&["client"]) {
        "ci-system"
    } else if has(&[
        "system", "service", "server", "api", "provider", "partner", "bank", "gateway",
    ]) {
        "external-system"
    } else {
        "user"
    }
}

/// A severity word from a tool's rating (`High`, `elevated`, `TBD`);
/// `None` when the text is no rating vastc knows.
pub fn severity(s: &str) -> Option<&'static str> {
    if let Some(w) = word(&vocab::SEVERITY, s) {
        return Some(w);
    }
    match s.trim().to_lowercase().as_str() {
        "" | "tbd" | "tba" | "unknown" | "info" | "informational" => Some("none"),
        "moderate" => Some("medium"),
        "very-high" | "very high" => Some("critical"),
        _ => None,
    }
}

/// The severity of a 0-10 score, CVSS's bands.
pub fn severity_of_score(score: f64) -> &'static str {
    if !score.is_finite() || score <= 0.0 {
        "none"
    } else if score < 4.0 {
        "low"
    } else if score < 7.0 {
        "medium"
    } else if score < 9.0 {
        "high"
    } else {
        "critical"
    }
}

/// The trust word nearest a 0-100 trust rating.
pub fn trust_of_rating(rating: f64) -> &'static str {
    let words = vocab::TRUST.words;
    if !rating.is_finite() {
        return words[0];
    }
    let step = 100.0 / (words.len() - 1) as f64;
    let i = (rating.clamp(0.0, 100.0) / step).round() as usize;
    words[i.min(words.len() - 1)]
}

/// The word of an ordered vocabulary nearest a 0-100 rating.
pub fn level_of_rating(v: &'static Vocab, rating: f64) -> &'static str {
    let words = v.words;
    if !rating.is_finite() {
        return words[0];
    }
    let step = 100.0 / (words.len() - 1) as f64;
    let i = (rating.clamp(0.0, 100.0) / step).round() as usize;
    words[i.min(words.len() - 1)]
}

/// The `vastc` hint an export writes into a description, e.g.
/// `vastc process api (k8s-deployment)`: the ID and kind, when the text is one.
pub fn vastc_hint(description: &str, keyword: &str) -> Option<(String, String)> {
    let rest = description.strip_prefix("vastc ")?.strip_prefix(keyword)?;
    let rest = rest.strip_prefix(' ')?;
    let (id, tail) = rest.split_once(" (")?;
    let kind = tail.strip_suffix(')')?;
    let kind = kind.split(',').next().unwrap_or(kind);
    Some((id.to_string(), kind.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        assert_eq!(stride("Information disclosure"), Some("I"));
        assert_eq!(stride("elevation-of-privilege"), Some("E"));
        assert_eq!(stride("Linkability"), None);
        assert_eq!(protocol("HTTPS"), Some("https"));
        assert_eq!(protocol("HTTP/S"), Some("https"));
        assert_eq!(protocol("jdbc-encrypted"), Some("tls"));
        assert_eq!(protocol("carrier pigeon"), None);
        assert_eq!(severity("TBD"), Some("none"));
        assert_eq!(severity("Moderate"), Some("medium"));
        assert_eq!(trust_of_rating(67.0), "medium");
        assert_eq!(trust_of_rating(1e300), "high");
        assert_eq!(trust_of_rating(-5.0), "untrusted");
        assert_eq!(store_kind("Redis cache"), "cache");
        assert_eq!(
            vastc_hint("vastc boundary b (k8s-cluster, trust high)", "boundary"),
            Some(("b".into(), "k8s-cluster".into()))
        );
        assert_eq!(
            vastc_hint("vastc process api (service)", "process"),
            Some(("api".into(), "service".into()))
        );
    }

    #[test]
    fn kinds_are_guessed_from_whole_words() {
        // Substrings of longer words do not count.
        assert_eq!(process_kind("Build server"), "service");
        assert_eq!(actor_kind("Physician"), "user");
        assert_eq!(actor_kind("Therapist"), "user");
        assert_eq!(store_kind("Product catalog"), "database");
        assert_eq!(store_kind("User profile"), "database");
        // Words, their plurals, word beginnings and phrases do.
        assert_eq!(process_kind("Web UI"), "web-app");
        assert_eq!(process_kind("WebServer"), "web-app");
        assert_eq!(process_kind("Admin console"), "management-ui");
        assert_eq!(process_kind("third-party payments"), "external-service");
        assert_eq!(actor_kind("CI pipeline"), "ci-system");
        assert_eq!(actor_kind("Partner APIs"), "external-system");
        assert_eq!(store_kind("Audit logs"), "log-store");
        assert_eq!(store_kind("Flatfile radio stations"), "file-system");
        assert_eq!(store_kind("Redis cache"), "cache");
    }
}
