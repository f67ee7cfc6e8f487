//! `vastc import k8s`: Kubernetes manifests → a `.vast` model.
//!
//! | step | module | |
//! |---|---|---|
//! | load | [`yaml`] | YAML streams → documents (`---`, `List` items) |
//! | type | [`objects`] | documents → `k8s-openapi` objects, or a note |
//! | name | [`names`] | Kubernetes names → unique `.vast` IDs |
//! | identities | [`rbac`] | ServiceAccounts and RBAC → `identity` with `allow` |
//! | workloads | [`workloads`], [`security`], [`placement`] | pod templates → `process` (or `store`) |
//! | network | [`network`] | Services, Ingresses, env/args → flows |
//! | config | [`config`] | Secrets and ConfigMaps in use → `data`, `store`, flows |
//! | write | [`emit`] | declarations → canonical `.vast` text |
//!
//! The mapping is documented in `docs/import.md`. Output is deterministic:
//! everything is sorted by namespace, kind and name.

mod builtin;
mod config;
pub mod emit;
pub mod names;
mod network;
pub mod objects;
mod placement;
mod policy;
mod rbac;
mod recognise;
mod security;
mod workloads;
pub mod yaml;

use crate::diagnostic::Diag;
use crate::source::SourceMap;
use emit::Decl;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use names::{Names, ident};
use network::{FlowPlan, INTERNET_USER};
use objects::{Manifests, name, namespace};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// One manifest file: the name shown in notes, diagnostics and the header
/// (no absolute path), and its text.
pub struct Input {
    pub name: String,
    pub text: String,
}

/// The imported model, the notes about what was skipped, and warnings
/// (Helm templates skipped) with the sources they point into.
pub struct Imported {
    pub vast: String,
    pub notes: Vec<String>,
    pub warnings: Vec<Diag>,
    pub sources: SourceMap,
}

/// Malformed input: diagnostics into the YAML files.
pub struct Failed {
    pub sources: SourceMap,
    pub diags: Vec<Diag>,
}

/// The ID of the cluster boundary.
const CLUSTER: &str = "cluster";
/// The ID of the internet boundary.
const INTERNET: &str = "internet";

/// Imports Kubernetes manifests.
pub fn k8s(inputs: &[Input]) -> Result<Imported, Failed> {
    k8s_in(inputs, None)
}

/// Imports Kubernetes manifests; objects without `metadata.namespace` go to
/// `namespace` (as `kubectl apply -n NS`), else to the namespace the
/// bindings give their service accounts, else to `default`.
pub fn k8s_in(inputs: &[Input], namespace: Option<&str>) -> Result<Imported, Failed> {
    let mut sources = SourceMap::default();
    let mut docs = Vec::new();
    let mut notes = Vec::new();
    let mut diags = Vec::new();
    let mut warnings = Vec::new();
    for input in inputs {
        let id = sources.add(
            input.name.clone(),
            PathBuf::from(&input.name),
            input.text.as_str(),
        );
        match yaml::load(id, &input.name, &input.text) {
            Ok(l) => {
                docs.extend(l.docs);
                notes.extend(l.notes);
                warnings.extend(l.warnings);
            }
            Err(d) => diags.push(d),
        }
    }
    if docs.is_empty() && !warnings.is_empty() && diags.is_empty() {
        diags.push(
            Diag::global(
                "vast::import::nothing_imported",
                "nothing imported: every document is a Helm template",
            )
            .help("render the chart with `helm template RELEASE CHART > rendered.yaml` and import rendered.yaml"),
        );
    }
    if !diags.is_empty() {
        warnings.append(&mut diags);
        return Err(Failed {
            sources,
            diags: warnings,
        });
    }
    let mut m = Manifests::from_docs(docs);
    notes.append(&mut m.notes);
    match namespace.filter(|n| !n.is_empty()) {
        Some(ns) => m.default_namespace(ns),
        None => {
            if let Some(ns) = m.implied_namespace() {
                notes.push(format!(
                    "note: objects without a namespace are put in {ns}, where the bindings place their service accounts (use --namespace to choose)"
                ));
                m.default_namespace(&ns);
            }
        }
    }
    let files: Vec<&str> = inputs.iter().map(|i| i.name.as_str()).collect();
    let vast = model(&m, &files, &mut notes);
    Ok(Imported {
        vast,
        notes,
        warnings,
        sources,
    })
}

fn model(m: &Manifests, files: &[&str], notes: &mut Vec<String>) -> String {
    let mut names = Names::default();
    for fixed in [CLUSTER, INTERNET, INTERNET_USER] {
        names.reserve(fixed);
    }

    // Namespaces that hold something of the model.
    let mut nss: BTreeSet<String> = BTreeSet::new();
    nss.extend(
        m.namespaces
            .iter()
            .map(|n| name(&n.obj.metadata).to_string()),
    );
    nss.extend(m.workloads.iter().map(|w| namespace(&w.obj.meta)));
    nss.extend(
        m.service_accounts
            .iter()
            .map(|s| namespace(&s.obj.metadata)),
    );
    nss.extend(rbac::namespaces(m));
    let ns_ids: BTreeMap<String, String> = nss
        .iter()
        .map(|ns| {
            let base = ident(ns, "ns");
            (
                ns.clone(),
                names.alloc(&[base.clone(), format!("ns-{base}")]),
            )
        })
        .collect();

    // Workload IDs, in (namespace, kind, name) order.
    let mut workloads: Vec<_> = m.workloads.iter().collect();
    workloads.sort_by_key(|w| {
        (
            namespace(&w.obj.meta),
            w.obj.kind,
            name(&w.obj.meta).to_string(),
        )
    });
    let mut spread: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for w in &workloads {
        spread
            .entry(ident(name(&w.obj.meta), "workload"))
            .or_default()
            .insert(namespace(&w.obj.meta));
    }
    let ids: Vec<String> = workloads
        .iter()
        .map(|w| {
            let kind = w.obj.kind.as_str().to_lowercase();
            let base = ident(name(&w.obj.meta), &kind);
            let nsb = ident(&namespace(&w.obj.meta), "ns");
            let candidates = if spread.get(&base).is_some_and(|s| s.len() > 1) {
                vec![format!("{nsb}-{base}"), format!("{nsb}-{kind}-{base}")]
            } else {
                vec![
                    base.clone(),
                    format!("{nsb}-{base}"),
                    format!("{kind}-{base}"),
                    format!("{nsb}-{kind}-{base}"),
                ]
            };
            names.alloc(&candidates)
        })
        .collect();

    // Identities, then the workloads that run as them.
    let referenced: BTreeSet<(String, String)> = workloads
        .iter()
        .filter_map(|w| {
            let spec = w.obj.template.spec.as_ref()?;
            let sa = spec
                .service_account_name
                .clone()
                .or_else(|| spec.service_account.clone())
                .filter(|s| !s.is_empty())?;
            Some((namespace(&w.obj.meta), sa))
        })
        .collect();
    let rbac = rbac::build(m, &referenced, &ns_ids, &mut names, notes);
    let mut elements: Vec<workloads::Element> = workloads
        .iter()
        .zip(ids)
        .map(|(w, id)| {
            let ns = namespace(&w.obj.meta);
            let sa = w.obj.template.spec.as_ref().and_then(|s| {
                s.service_account_name
                    .as_deref()
                    .or(s.service_account.as_deref())
                    .filter(|s| !s.is_empty())
            });
            workloads::element(w, id, rbac.runs_as(&ns, sa))
        })
        .collect();

    // Management UIs that take anonymous users, from the ConfigMaps they read.
    for e in elements.iter_mut().filter(|e| !e.is_store()) {
        if e.anonymous.is_none() {
            let configs: Vec<&str> = e
                .uses
                .iter()
                .filter(|u| !u.secret)
                .flat_map(|u| {
                    m.config_maps
                        .iter()
                        .filter(|c| {
                            namespace(&c.obj.metadata) == e.ns && name(&c.obj.metadata) == u.name
                        })
                        .flat_map(|c| c.obj.data.iter().flatten().map(|(_, v)| v.as_str()))
                })
                .collect();
            e.anonymous = recognise::anonymous(&e.texts, &configs);
        }
        if e.anonymous.is_some() && !e.ui {
            e.ui = true;
            e.tail.push(("management-ui", "true".into()));
        }
    }

    // Who reaches each workload over the pod network.
    let denied = |ns: &str| {
        m.network_policies
            .iter()
            .any(|p| namespace(&p.obj.metadata) == ns && policy::default_deny(&p.obj))
    };
    policy::isolate(m, &mut elements, &denied);

    // Flows.
    let svcs = network::services(m, &elements, notes);
    // An SSH server behind a Service port that says so, on any container
    // port: named ssh (or with appProtocol ssh), targeting a port named
    // ssh, or port 22 of the Service.
    for s in &svcs {
        for p in &s.ports {
            let target = match &p.target_port {
                Some(IntOrString::String(t)) => Some(t.as_str()),
                _ => None,
            };
            let says = [p.name.as_deref(), target]
                .into_iter()
                .flatten()
                .find(|n| recognise::ssh_port_name(n))
                .or(p.app_protocol.as_deref().filter(|a| *a == "ssh"))
                .map(str::to_string)
                .or_else(|| (p.port == 22).then(|| "22".to_string()));
            let Some(n) = says else {
                continue;
            };
            for &i in &s.targets {
                let e = &mut elements[i];
                if e.ssh.is_none() {
                    e.ssh = Some(format!("Service {}/{} port {n} ({})", s.ns, s.name, p.port));
                }
            }
        }
    }
    let mut flows: Vec<FlowPlan> = Vec::new();
    network::exposure(m, &svcs, &mut elements, &mut flows, notes);
    network::inferred(&svcs, &elements, &mut flows);
    network::by_name(&svcs, &elements, &mut flows);
    let readable = |ns: &str| rbac.secrets_readable(ns);
    let config = config::build(m, &elements, &readable, &mut names, notes);
    flows.extend(config.flows.iter().cloned());
    flows.sort();

    // Declarations.
    let mut decls = Vec::new();
    let title = match files {
        [one] => one.rsplit('/').next().unwrap_or(one).to_string(),
        _ => "Kubernetes manifests".to_string(),
    };
    let mut model = Decl::new(format!("model {}", emit::string(&title)));
    let description = match files {
        [one] => format!("Imported from the Kubernetes manifests in {one}"),
        _ => format!("Imported from {} Kubernetes manifest files", files.len()),
    };
    model.set("description", emit::string(&description));
    decls.push(model);
    decls.extend(config.data.iter().cloned());
    if flows.iter().any(|f| f.src == INTERNET_USER) {
        let mut b = Decl::named("boundary", INTERNET, "Internet");
        b.set("kind", "internet");
        let mut a = Decl::named("actor", INTERNET_USER, "Internet user");
        a.set("kind", "user");
        b.push(a);
        decls.push(b);
    }
    let mut cluster = Decl::named("boundary", CLUSTER, "Kubernetes cluster");
    cluster.set("kind", "k8s-cluster");
    for (ns, id) in &ns_ids {
        let mut b = Decl::named("boundary", id, &format!("namespace {ns}"));
        b.set("kind", "k8s-namespace");
        namespace_settings(m, ns, &mut b);
        for e in elements.iter().filter(|e| &e.ns == ns) {
            b.push(e.decl());
        }
        for s in config.stores.get(ns).into_iter().flatten() {
            b.push(s.clone());
        }
        cluster.push(b);
    }
    decls.push(cluster);
    let unbound = rbac.unbound;
    decls.extend(rbac.decls);
    decls.extend(flow_decls(&flows, &mut names));

    let from = match files {
        [one] => format!("from {one}."),
        _ => format!("from:\n  {}", wrap(&files.join(", "), 70)),
    };
    let mut header = vec![format!(
        "Imported by `vastc import k8s` {from}\nFlows marked `inferred:` were guessed from environment variables and\narguments: review them, and add the data assets the flows carry."
    )];
    if !unbound.is_empty() {
        // No identity holds them, so no grant says what they allow: a
        // reviewer still sees what a binding added later would give.
        header.push(format!(
            "Bound to no subject (no identity holds them; a binding would grant):\n{}",
            unbound
                .iter()
                .map(|u| format!("- {u}"))
                .collect::<Vec<_>>()
                .join("\n")
        ));
    }
    emit::file(&header, &decls)
}

/// `network-policy default-deny` and `pod-security` of a namespace; the
/// policies whose egress rules are not modelled are listed in a comment
/// (ingress rules become workload settings, [`policy`]).
fn namespace_settings(m: &Manifests, ns: &str, b: &mut Decl) {
    let mut policies: Vec<_> = m
        .network_policies
        .iter()
        .filter(|p| namespace(&p.obj.metadata) == ns)
        .collect();
    policies.sort_by_key(|p| name(&p.obj.metadata).to_string());
    if policies.iter().any(|p| policy::default_deny(&p.obj)) {
        b.set("network-policy", "default-deny");
    }
    let egress: Vec<&str> = policies
        .iter()
        .filter(|p| policy::egress(&p.obj))
        .map(|p| name(&p.obj.metadata))
        .collect();
    if !egress.is_empty() {
        b.note(emit::one_line(&format!(
            "egress rules not modelled: NetworkPolicy {}",
            egress.join(", ")
        )));
    }
    // The namespaces every cluster has: when the manifests only put objects
    // in them, their labels and policies are not the manifests' to set.
    let declared = m.namespaces.iter().any(|n| name(&n.obj.metadata) == ns);
    let built_in = ["default", "kube-system", "kube-public", "kube-node-lease"];
    if built_in.contains(&ns) && !declared {
        b.set("implicit", "true");
    }
    let level = m
        .namespaces
        .iter()
        .find(|n| name(&n.obj.metadata) == ns)
        .and_then(|n| n.obj.metadata.labels.as_ref())
        .and_then(|l| l.get("pod-security.kubernetes.io/enforce"));
    if let Some(level) = level {
        if ["privileged", "baseline", "restricted"].contains(&level.as_str()) {
            b.set("pod-security", level.as_str());
        } else {
            b.note(emit::one_line(&format!(
                "unknown Pod Security level {level}"
            )));
        }
    }
}

/// Flow declarations; flows between the same two elements get explicit IDs.
fn flow_decls(flows: &[FlowPlan], names: &mut Names) -> Vec<Decl> {
    let mut pairs: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for f in flows {
        *pairs.entry((&f.src, &f.dst)).or_default() += 1;
    }
    flows
        .iter()
        .map(|f| {
            let id = if pairs[&(f.src.as_str(), f.dst.as_str())] > 1 {
                let tail = f
                    .port
                    .map(|p| p.to_string())
                    .or_else(|| f.protocol.clone())
                    .unwrap_or_else(|| "flow".into());
                let id = names.alloc(&[format!("{}-to-{}-{tail}", f.src, f.dst)]);
                format!("{id}: ")
            } else {
                String::new()
            };
            let mut head = format!("flow {id}{} -> {}", f.src, f.dst);
            if let Some(l) = &f.label {
                head.push(' ');
                head.push_str(&emit::string(l));
            }
            let mut d = Decl::new(head);
            d.comments = f.comments.clone();
            if let Some(p) = &f.protocol {
                d.set("protocol", p.as_str());
            }
            if let Some(p) = f.port {
                d.set("port", p.to_string());
            }
            if !f.carries.is_empty() {
                d.set("carries", emit::words(&f.carries));
            }
            d
        })
        .collect()
}

/// Breaks a comma-separated list into lines of about `width` characters.
fn wrap(list: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for (i, part) in list.split(", ").enumerate() {
        if i > 0 {
            if line + part.len() + 2 > width {
                out.push_str(",\n  ");
                line = 0;
            } else {
                out.push_str(", ");
                line += 2;
            }
        }
        out.push_str(part);
        line += part.len();
    }
    out
}
