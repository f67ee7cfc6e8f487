//! Generated models for benches, property tests, fuzzing and the comparison
//! scripts: a Kubernetes platform of a chosen size (here), and random models
//! of every shape the language allows ([`random`]), deterministic for a seed.
//!
//! Shape: an internet boundary with a few actors, one cloud account holding
//! a cluster of namespaces with about ten elements each (workloads, stores),
//! one service account per namespace, and about two flows per element,
//! mostly inside a namespace, some across namespaces and from the internet.

use std::fmt::Write;

mod entropy;
mod expr;
pub mod random;
mod text;

pub use random::{random_model, random_model_from_bytes};

/// A small deterministic pseudo-random generator (64-bit LCG).
#[derive(Clone, Debug)]
pub struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Self {
        Lcg(seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }
}

/// Parameters of a generated model.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    /// Elements (actors, processes, stores) in all.
    pub elements: usize,
    /// Elements per namespace.
    pub per_namespace: usize,
    /// Flows per element.
    pub flows_per_element: usize,
    pub seed: u64,
}

impl Shape {
    pub fn new(elements: usize) -> Self {
        Shape {
            elements,
            per_namespace: 10,
            flows_per_element: 2,
            seed: 1,
        }
    }
}

/// One generated element: its ID and namespace index (None for actors).
struct Gen {
    id: String,
    ns: Option<usize>,
}

/// Writes the `.vast` text of a generated model.
pub fn model(shape: Shape) -> String {
    let mut rng = Lcg::new(shape.seed);
    let mut out = String::new();
    let actors = (shape.elements / 50).clamp(1, 20).min(shape.elements);
    let in_cluster = shape.elements - actors;
    let per = shape.per_namespace.max(1);
    let namespaces = in_cluster.div_ceil(per);
    let _ = writeln!(
        out,
        "// Generated model: {} elements, seed {}.",
        shape.elements, shape.seed
    );
    let _ = writeln!(
        out,
        "model \"Generated platform\" {{\n  version \"1\"\n  trusted-registries \"registry.example.com\"\n}}\n"
    );
    let _ = writeln!(
        out,
        "data public-pages \"Public pages\" {{ classification public }}"
    );
    let _ = writeln!(
        out,
        "data orders \"Orders\" {{ classification confidential; integrity high }}"
    );
    let _ = writeln!(
        out,
        "data cards \"Card data\" {{ classification restricted; integrity critical }}\n"
    );
    let mut elems: Vec<Gen> = Vec::new();
    let _ = writeln!(out, "boundary internet \"Internet\" {{\n  kind internet");
    for a in 0..actors {
        let _ = writeln!(out, "  actor user-{a} \"User {a}\" {{ kind user }}");
        elems.push(Gen {
            id: format!("user-{a}"),
            ns: None,
        });
    }
    // Namespaces are opened `in cluster`, the way team models add theirs.
    let _ = writeln!(
        out,
        "}}\n\nboundary cloud \"Cloud account\" {{\n  kind cloud-account\n  boundary cluster \"Cluster\" {{ kind k8s-cluster }}\n}}\n"
    );
    let mut made = 0;
    for n in 0..namespaces {
        let policy = if rng.below(3) == 0 {
            "\n      network-policy default-deny"
        } else {
            ""
        };
        let psa = ["privileged", "baseline", "restricted"][rng.below(3)];
        let _ = writeln!(
            out,
            "boundary ns-{n} \"namespace {n}\" in cluster {{\n      kind k8s-namespace{policy}\n      pod-security {psa}"
        );
        for i in 0..per {
            if made >= in_cluster {
                break;
            }
            made += 1;
            let id = format!("ns{n}-e{i}");
            if i % 4 == 3 {
                let kind = ["database", "cache", "queue"][rng.below(3)];
                let data = ["orders", "cards", "public-pages"][rng.below(3)];
                let _ = writeln!(
                    out,
                    "      store {id} \"{kind} {n}.{i}\" {{ kind {kind}; stores {data}; encrypted-at-rest {} }}",
                    rng.below(2) == 0
                );
            } else {
                let kind = [
                    "k8s-deployment",
                    "k8s-statefulset",
                    "k8s-daemonset",
                    "k8s-job",
                ][rng.below(4)];
                let tag = if rng.below(5) == 0 {
                    "latest".to_string()
                } else {
                    format!("1.{}", rng.below(20))
                };
                let registry = if rng.below(4) == 0 {
                    "docker.io/library"
                } else {
                    "registry.example.com/team"
                };
                let extra = match rng.below(12) {
                    0 => "\n        privileged true",
                    1 => "\n        host-network true",
                    2 => "\n        secrets-as env",
                    3 => "\n        host-path \"/var/log\"",
                    _ => "",
                };
                let _ = writeln!(
                    out,
                    "      process {id} \"service {n}.{i}\" {{\n        kind {kind}\n        image \"{registry}/svc-{n}-{i}:{tag}\"\n        runs-as sa-{n}\n        limits {}{extra}\n      }}",
                    rng.below(2) == 0
                );
            }
            elems.push(Gen { id, ns: Some(n) });
        }
        let _ = writeln!(out, "}}\n");
    }
    for n in 0..namespaces {
        let grant = match rng.below(6) {
            0 => "\n  allow get, list on secrets in cluster",
            1 => "\n  allow create on pods",
            2 => "\n  allow * on deployments in cluster",
            _ => "\n  allow get on configmaps",
        };
        let _ = writeln!(
            out,
            "identity sa-{n} \"service account {n}\" {{\n  kind k8s-service-account\n  scope ns-{n}{grant}\n}}"
        );
    }
    out.push('\n');
    flows(&mut out, &elems, shape, &mut rng);
    out
}

/// `count` scenarios for a generated model (of at least 60 elements):
/// alternately compromising a workload and a namespace's service account.
pub fn scenarios(count: usize) -> String {
    let mut out = String::new();
    for i in 0..count {
        if i % 2 == 0 {
            let _ = writeln!(out, "scenario s-w{i} {{ compromise ns{}-e0 }}", i / 2 * 7);
        } else {
            let _ = writeln!(out, "scenario s-sa{i} {{ compromise sa-{} }}", i / 2 * 11);
        }
    }
    out
}

fn flows(out: &mut String, elems: &[Gen], shape: Shape, rng: &mut Lcg) {
    let mut seen = std::collections::BTreeSet::new();
    let total = elems.len() * shape.flows_per_element;
    let protocols = [
        ("https", 443),
        ("grpc", 8443),
        ("http", 8080),
        ("postgres", 5432),
        ("redis", 6379),
    ];
    let mut ranges: std::collections::BTreeMap<usize, (usize, usize)> = Default::default();
    for (i, e) in elems.iter().enumerate() {
        if let Some(ns) = e.ns {
            let r = ranges.entry(ns).or_insert((i, 0));
            r.1 += 1;
        }
    }
    let mut attempts = 0;
    while seen.len() < total && attempts < total * 20 {
        attempts += 1;
        let a = rng.below(elems.len());
        let src = &elems[a];
        // Most flows stay in the source's namespace; some cross; actors call in.
        let b = match (src.ns, rng.below(10)) {
            (Some(ns), 0..=7) => {
                let (start, len) = ranges.get(&ns).copied().unwrap_or((0, 1));
                start + rng.below(len)
            }
            _ => rng.below(elems.len()),
        };
        if a == b || elems[b].ns.is_none() || !seen.insert((a, b)) {
            continue;
        }
        let (proto, port) = protocols[rng.below(protocols.len())];
        let data = ["orders", "cards", "public-pages"][rng.below(3)];
        let _ = writeln!(
            out,
            "flow {} -> {} \"call\" {{ protocol {proto}; port {port}; carries {data} }}",
            elems[a].id, elems[b].id
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_models_check_clean() {
        for n in [1, 10, 100, 1000] {
            let text = model(Shape::new(n));
            let r = crate::resolve::resolve_str("gen.vast", &text);
            let errors: Vec<_> = r.diags.iter().filter(|d| d.is_error()).collect();
            assert!(errors.is_empty(), "{n}: {errors:?}");
            assert_eq!(r.model.elements.len(), n);
            assert!(
                r.model.flows.len() >= n * 3 / 2 || n < 20,
                "{n}: {} flows",
                r.model.flows.len()
            );
        }
    }

    #[test]
    fn deterministic() {
        assert_eq!(model(Shape::new(300)), model(Shape::new(300)));
    }
}
