//! pytm's controls and attributes → vastc settings. Only what is set counts
//! (pytm's defaults are all `False`, as vastc's are). A control with a
//! setting of the same meaning becomes that setting when the element's
//! declaration accepts it; every other one that is set is collected per
//! attribute and written as one note naming the elements that have it.

use super::super::draft::{Data, Draft, Shape, shown};
use super::schema::{self, DataItem, Element, Flow, is_set, text_of};
use crate::resolve::schema::{Subject, setting_named};
use serde_json::Value;
use std::collections::BTreeMap;

/// Attributes and controls that are set but not kept, or kept only
/// approximately: `(pytm name, why, approximated)` → the labels of the
/// elements, flows or data that set them.
#[derive(Default)]
pub(super) struct Unmapped(BTreeMap<(String, String, bool), Vec<String>>);

impl Unmapped {
    fn add(&mut self, attr: &str, why: &str, who: &str) {
        self.insert(attr, why, false, who);
    }

    /// A control kept as the nearest setting; `why` says how.
    fn approximate(&mut self, attr: &str, why: &str, who: &str) {
        self.insert(attr, why, true, who);
    }

    fn insert(&mut self, attr: &str, why: &str, approx: bool, who: &str) {
        let v = self
            .0
            .entry((attr.to_string(), why.to_string(), approx))
            .or_default();
        if !v.iter().any(|w| w == who) {
            v.push(who.to_string());
        }
    }

    /// One note per attribute, naming at most six holders.
    pub(super) fn notes(self, d: &mut Draft) {
        const SHOWN: usize = 6;
        for ((attr, why, approx), who) in self.0 {
            let mut names: Vec<String> = who.iter().take(SHOWN).map(|w| shown(w)).collect();
            if who.len() > SHOWN {
                names.push(format!("and {} more", who.len() - SHOWN));
            }
            let kept = if approx { "" } else { " is not kept" };
            d.note(format!(
                "pytm's {} ({}){kept}: {why}",
                shown(&attr),
                names.join(", ")
            ));
        }
    }
}

const NO_COUNTERPART: &str = "vastc has no setting for it";

/// Element attributes the importer reads elsewhere, or that only record
/// what pytm derives (inputs, outputs, findings) or draws (levels).
const READ_OR_DERIVED: &[&str] = &[
    "isAdmin",
    "type",
    "isSQL",
    "storesLogData",
    "isThirdParty",
    "isSelfHosted",
    "hasAgentCapabilities",
    "inScope",
    "inputs",
    "outputs",
    "findings",
    "levels",
    "severity",
    "data",
    "port",
    "protocol",
    "minTLSVersion",
    "assumptions",
    "uuid",
    "onAWS",
    "processesPersonalData",
    "storesPII",
];

/// Why an attribute of an element has no setting, where there is more to
/// say than that.
fn why_not(attr: &str) -> &'static str {
    match attr {
        "maxClassification" => {
            "vastc weighs the classification of the data each element keeps or receives instead"
        }
        "processesUntrustedInput" => {
            "vastc derives untrusted input from the flows that reach the element"
        }
        "hasSystemPrompt" => {
            "set `system-prompt` to the most sensitive data the prompt holds (default public)"
        }
        "hasFineTuning" => "list the data the model was tuned on in `tuned-on`",
        "hasRAG" => {
            "draw the retrieval store and its flow into the model: AI-002 follows that flow"
        }
        "usesExternalTools"
        | "executesCode"
        | "hasAccessToSensitiveSystems"
        | "validatesToolLaunchConfig" => {
            "declare each tool as a process of kind agent-tool with its `tool-actions`"
        }
        "retainsUserData" | "storesSensitiveData" => {
            "classify the data the element receives or keeps instead"
        }
        "usesMFA" => "`mfa` is a setting of the identity that signs in: declare it",
        "isResilient" => "vastc counts `replicas`",
        "sourceFiles" | "OS" | "environment" | "codeType" => "vastc does not track it",
        _ => NO_COUNTERPART,
    }
}

fn subject(shape: Shape) -> Subject {
    match shape {
        Shape::Actor => Subject::Actor,
        Shape::Process => Subject::Process,
        Shape::Store => Subject::Store,
    }
}

/// Sets `name true` on element `i` when its declaration accepts it, else
/// notes the pytm attribute.
fn set_flag(d: &mut Draft, i: usize, name: &'static str, attr: &str, u: &mut Unmapped) {
    let e = &mut d.elements[i];
    if setting_named(subject(e.shape), name).is_some() {
        if !e.settings.iter().any(|(n, _)| *n == name) {
            e.settings.push((name, "true".into()));
        }
    } else {
        let why = format!("vastc has no `{name}` on {}", e.shape.article());
        u.add(attr, &why, &e.label.clone());
    }
}

/// The setting a control of an element maps to, if any.
fn control_setting(control: &str) -> Option<&'static str> {
    Some(match control {
        "isEncryptedAtRest" => "encrypted-at-rest",
        "sanitizesInput" | "validatesInput" | "usesParameterizedInput" => "input-validated",
        "encodesOutput" => "output-encoded",
        "isHardened" => "hardened",
        "authorizesSource" => "authorizes-callers",
        "hasAccessControl" => "access-control",
        "handlesResourceConsumption" => "rate-limited",
        _ => return None,
    })
}

/// Controls of an element read through the flows into it (pytm copies
/// them there) or from them.
const FLOW_CONTROLS: &[&str] = &[
    "isEncrypted",
    "authenticatesSource",
    "implementsAuthenticationScheme",
    "authenticationScheme",
    "authenticatesDestination",
    "checksDestinationRevocation",
];

/// An element's controls and attributes.
pub(super) fn element(d: &mut Draft, i: usize, e: &Element, u: &mut Unmapped) {
    let label = d.elements[i].label.clone();
    for (k, v) in &e.controls {
        if !is_set(v) || FLOW_CONTROLS.contains(&k.as_str()) {
            continue;
        }
        match control_setting(k) {
            Some(name) => set_flag(d, i, name, k, u),
            None => u.add(k, why_not(k), &label),
        }
    }
    for (k, v) in &e.rest {
        if !is_set(v) || READ_OR_DERIVED.contains(&k.as_str()) {
            continue;
        }
        match k.as_str() {
            "hasContentFiltering" => set_flag(d, i, "content-filter", k, u),
            _ => u.add(k, why_not(k), &label),
        }
    }
}

/// A data item's attributes.
pub(super) fn data(item: &mut Data, x: &DataItem, u: &mut Unmapped) {
    if x.is_pii.0 {
        if setting_named(Subject::Data, "pii").is_some() {
            item.settings.push(("pii", "true".into()));
        } else {
            u.add("isPII", NO_COUNTERPART, &item.label);
        }
    }
    if x.is_credentials.0 {
        u.add(
            "isCredentials",
            "vastc marks the flow that presents a credential (`authn`, `credential`)",
            &item.label,
        );
    }
    let life = x.credentials_life.trimmed();
    if !life.is_empty() && !life.ends_with("NONE") {
        u.add(
            "credentialsLife",
            "a static credential is `long-lived true` on its identity",
            &item.label,
        );
    }
    if !x.format.is_empty() {
        u.add("format", "vastc does not track it", &item.label);
    }
}

/// An authentication word for pytm's free-text scheme.
fn authn_of(scheme: &str) -> Option<&'static str> {
    let s = scheme.to_lowercase();
    let has = |w: &[&str]| w.iter().any(|x| s.contains(x));
    Some(if has(&["mtls", "mutual"]) {
        "mtls"
    } else if has(&["cert", "x509", "x.509"]) {
        "client-cert"
    } else if has(&["oidc", "openid"]) {
        "oidc"
    } else if has(&["iam", "sigv4"]) {
        "cloud-iam"
    } else if has(&["api key", "api-key", "apikey"]) {
        "api-key"
    } else if has(&["oauth", "jwt", "bearer", "token", "saml", "kerberos"]) {
        "token"
    } else if has(&["basic", "password", "digest", "form", "ntlm"]) {
        "password"
    } else {
        return None;
    })
}

fn flag(controls: &BTreeMap<String, Value>, k: &str) -> bool {
    controls.get(k).is_some_and(is_set)
}

/// A dataflow's controls, and the authentication its sink requires.
pub(super) fn flow(
    d: &mut Draft,
    i: usize,
    fl: &Flow,
    sink: Option<&schema::Element>,
    u: &mut Unmapped,
) {
    let label = d.flows[i].label.clone();
    let c = &fl.controls;
    let tls = fl.tls_version.trimmed().trim_start_matches("TLSVersion.");
    if flag(c, "isEncrypted") || fl.uses_vpn.0 || !(tls.is_empty() || tls == "NONE") {
        d.flows[i].encrypted = Some(true);
    }
    if !(tls.is_empty() || tls == "NONE" || tls.starts_with("TLSv12") || tls.starts_with("TLSv13"))
    {
        u.approximate(
            "tlsVersion",
            "written as `encrypted true` (vastc records only that a flow is encrypted)",
            &label,
        );
    }
    let empty = BTreeMap::new();
    let sc = sink.map_or(&empty, |s| &s.controls);
    let scheme = [c, sc]
        .iter()
        .filter_map(|m| m.get("authenticationScheme"))
        .map(text_of)
        .find(|s| !s.trim().is_empty());
    let authenticated = ["authenticatesSource", "implementsAuthenticationScheme"]
        .iter()
        .any(|k| flag(c, k) || flag(sc, k));
    if authenticated || scheme.is_some() {
        let word = scheme.as_deref().and_then(authn_of);
        if word.is_none() {
            let why = match &scheme {
                Some(s) => format!(
                    "the scheme {} is not one vastc knows; written as `authn token`",
                    shown(s)
                ),
                None => "pytm names no scheme; written as `authn token`".to_string(),
            };
            u.approximate("authenticatesSource", &why, &label);
        }
        d.flows[i].authn = Some(word.unwrap_or("token"));
    }
    const READ: &[&str] = &[
        "isEncrypted",
        "authenticatesSource",
        "implementsAuthenticationScheme",
        "authenticationScheme",
    ];
    for (k, v) in c {
        if is_set(v) && !READ.contains(&k.as_str()) {
            u.add(k, why_not(k), &label);
        }
    }
}
