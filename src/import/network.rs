//! Services and Ingresses → flows.
//!
//! A Service selects workloads by their pod template labels. LoadBalancer
//! and NodePort Services and Ingress rules are reached from the internet: a
//! flow from the `internet-user` actor to each backing workload, and the
//! workload's `service-type`. Calls between workloads are inferred from
//! environment values and arguments that name a Service by its DNS name and
//! one of its ports (`cartservice:7070`,
//! `http://checkout.shop.svc.cluster.local:5050`), or by its name alone in a
//! variable whose name says it holds an address (`CART_HOST=cartservice`).

use super::objects::{Manifests, name, namespace};
use super::workloads::Element;
use k8s_openapi::api::core::v1::ServicePort;
use k8s_openapi::api::networking::v1::IngressBackend;

/// The ID of the actor for internet traffic.
pub const INTERNET_USER: &str = "internet-user";

/// A flow before IDs are settled.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct FlowPlan {
    /// 0: from the internet, 1: between workloads, 2: Secrets and ConfigMaps.
    pub order: u8,
    pub src: String,
    pub dst: String,
    pub port: Option<i32>,
    pub protocol: Option<String>,
    pub label: Option<String>,
    pub comments: Vec<String>,
    pub carries: Vec<String>,
}

/// A Service with the elements it selects.
pub struct Svc {
    pub ns: String,
    pub name: String,
    pub type_: String,
    pub ports: Vec<ServicePort>,
    pub targets: Vec<usize>,
    pub source_ranges: Vec<String>,
}

/// Services sorted by namespace and name, each with the elements (indexes
/// into `elements`) its selector matches.
pub fn services(m: &Manifests, elements: &[Element], notes: &mut Vec<String>) -> Vec<Svc> {
    let mut out = Vec::new();
    for s in &m.services {
        let ns = namespace(&s.obj.metadata);
        let spec = s.obj.spec.clone().unwrap_or_default();
        let type_ = spec.type_.clone().unwrap_or_else(|| "ClusterIP".into());
        if type_ == "ExternalName" {
            notes.push(format!(
                "note: skipped Service {} ({}): ExternalName services are not modelled",
                name(&s.obj.metadata),
                s.origin
            ));
            continue;
        }
        let selector = spec.selector.clone().unwrap_or_default();
        let targets: Vec<usize> = if selector.is_empty() {
            Vec::new()
        } else {
            elements
                .iter()
                .enumerate()
                .filter(|(_, e)| {
                    e.ns == ns && selector.iter().all(|(k, v)| e.pod_labels.get(k) == Some(v))
                })
                .map(|(i, _)| i)
                .collect()
        };
        if targets.is_empty() {
            notes.push(format!(
                "note: Service {ns}/{} ({}) selects no workload of the manifests; no flows to it",
                name(&s.obj.metadata),
                s.origin
            ));
        }
        out.push(Svc {
            ns,
            name: name(&s.obj.metadata).to_string(),
            type_,
            ports: spec.ports.clone().unwrap_or_default(),
            targets,
            source_ranges: spec.load_balancer_source_ranges.clone().unwrap_or_default(),
        });
    }
    out.sort_by(|a, b| (&a.ns, &a.name).cmp(&(&b.ns, &b.name)));
    out
}

/// The protocol word for a port, from its well-known number, its name or
/// appProtocol (`grpc`, `http-metrics`, `tcp-redis`), then common web ports.
pub fn protocol(port: i32, name: Option<&str>) -> &'static str {
    let by_number = match port {
        6379 => Some("redis"),
        5432 => Some("postgres"),
        3306 => Some("mysql"),
        27017 => Some("mongodb"),
        5672 => Some("amqp"),
        9092 => Some("kafka"),
        11211 => Some("memcached"),
        9042 => Some("cassandra"),
        _ => None,
    };
    if let Some(p) = by_number {
        return p;
    }
    if let Some(n) = name {
        let n = n.to_lowercase();
        let n = n.rsplit('/').next().unwrap_or(&n); // kubernetes.io/h2c
        let prefix = n.split(['-', '_']).next().unwrap_or(n);
        for word in [n, prefix] {
            let p = match word {
                "grpc" | "grpc-web" => Some("grpc"),
                "grpcs" => Some("grpcs"),
                "http" | "web" | "metrics" | "http-metrics" => Some("http"),
                "https" => Some("https"),
                "http2" => Some("http2"),
                "h2c" => Some("h2c"),
                "tls" => Some("tls"),
                "ws" | "websocket" => Some("websocket"),
                "wss" => Some("wss"),
                "redis" => Some("redis"),
                "mongo" | "mongodb" => Some("mongodb"),
                "mysql" | "mariadb" => Some("mysql"),
                "postgres" | "postgresql" => Some("postgres"),
                "amqp" | "rabbitmq" => Some("amqp"),
                "kafka" => Some("kafka"),
                "dns" => Some("dns"),
                "ssh" => Some("ssh"),
                _ => None,
            };
            if let Some(p) = p {
                return p;
            }
        }
    }
    match port {
        443 | 8443 => "https",
        80 | 8080 | 8000 | 8081 | 8888 | 3000 | 9090 => "http",
        53 => "dns",
        22 => "ssh",
        2379 => "etcd",
        9200 => "elasticsearch",
        _ => "tcp",
    }
}

fn port_protocol(p: &ServicePort) -> &'static str {
    protocol(p.port, p.app_protocol.as_deref().or(p.name.as_deref()))
}

/// Flows from the internet through LoadBalancer and NodePort Services and
/// Ingresses; sets `service-type` and `source-ranges` on the workloads.
pub fn exposure(
    m: &Manifests,
    svcs: &[Svc],
    elements: &mut [Element],
    flows: &mut Vec<FlowPlan>,
    notes: &mut Vec<String>,
) {
    for s in svcs {
        let t = match s.type_.as_str() {
            "LoadBalancer" => "load-balancer",
            "NodePort" => "node-port",
            _ => continue,
        };
        for &i in &s.targets {
            let e = &mut elements[i];
            if e.is_store() {
                e.notes
                    .push(format!("behind {} Service {}", s.type_, s.name));
            } else if e.service_type != Some("load-balancer") {
                e.service_type = Some(t);
            }
            for r in &s.source_ranges {
                if !e.source_ranges.contains(r) {
                    e.source_ranges.push(r.clone());
                }
            }
            for p in &s.ports {
                let port = if t == "node-port" {
                    p.node_port.unwrap_or(p.port)
                } else {
                    p.port
                };
                add(
                    flows,
                    FlowPlan {
                        order: 0,
                        src: INTERNET_USER.into(),
                        dst: e.id.clone(),
                        port: Some(port),
                        protocol: Some(port_protocol(p).into()),
                        label: Some(format!("Service {} ({})", s.name, s.type_)),
                        comments: vec![format!(
                            "exposed: Service {}/{}, type {}",
                            s.ns, s.name, s.type_
                        )],
                        carries: Vec::new(),
                    },
                );
            }
        }
    }
    let mut ingresses: Vec<_> = m.ingresses.iter().collect();
    ingresses.sort_by_key(|i| {
        (
            namespace(&i.obj.metadata),
            name(&i.obj.metadata).to_string(),
        )
    });
    for ing in ingresses {
        let ns = namespace(&ing.obj.metadata);
        let iname = name(&ing.obj.metadata);
        let spec = ing.obj.spec.clone().unwrap_or_default();
        let tls = spec.tls.clone().unwrap_or_default();
        let secured = |host: Option<&str>| {
            tls.iter().any(|t| match (&t.hosts, host) {
                (None, _) => true,
                (Some(h), _) if h.is_empty() => true,
                (Some(h), Some(host)) => h.iter().any(|x| x == host || wildcard(x, host)),
                (Some(_), None) => false,
            })
        };
        let mut routes: Vec<(Option<String>, String, IngressBackend)> = Vec::new();
        if let Some(b) = &spec.default_backend {
            routes.push((None, "(default backend)".into(), b.clone()));
        }
        for r in spec.rules.iter().flatten() {
            for p in r.http.iter().flat_map(|h| h.paths.iter()) {
                routes.push((
                    r.host.clone(),
                    p.path.clone().unwrap_or_else(|| "/".into()),
                    p.backend.clone(),
                ));
            }
        }
        for (host, path, backend) in routes {
            let Some(sb) = &backend.service else {
                notes.push(format!(
                    "note: Ingress {ns}/{iname} ({}): a resource backend is not modelled",
                    ing.origin
                ));
                continue;
            };
            let Some(s) = svcs.iter().find(|s| s.ns == ns && s.name == sb.name) else {
                notes.push(format!(
                    "note: Ingress {ns}/{iname} ({}): backend Service {} is not in the manifests",
                    ing.origin, sb.name
                ));
                continue;
            };
            let https = secured(host.as_deref());
            let (protocol, port) = if https { ("https", 443) } else { ("http", 80) };
            let backend_port = sb.port.as_ref().and_then(|p| {
                p.number.or_else(|| {
                    s.ports
                        .iter()
                        .find(|sp| sp.name.is_some() && sp.name == p.name)
                        .map(|sp| sp.port)
                })
            });
            let route = format!("{}{path}", host.as_deref().unwrap_or("*"));
            for &i in &s.targets {
                let e = &mut elements[i];
                let comment = format!(
                    "exposed: Ingress {ns}/{iname}, {route} → Service {}{}{}",
                    s.name,
                    backend_port.map(|p| format!(":{p}")).unwrap_or_default(),
                    if https { ", TLS" } else { ", no TLS" }
                );
                add(
                    flows,
                    FlowPlan {
                        order: 0,
                        src: INTERNET_USER.into(),
                        dst: e.id.clone(),
                        port: Some(port),
                        protocol: Some(protocol.into()),
                        label: Some(format!("Ingress {iname}")),
                        comments: vec![comment],
                        carries: Vec::new(),
                    },
                );
            }
        }
    }
}

fn wildcard(pattern: &str, host: &str) -> bool {
    pattern
        .strip_prefix("*.")
        .is_some_and(|suffix| host.ends_with(&format!(".{suffix}")))
}

/// Adds a flow, or merges its comments into an equal one (same ends, port and protocol).
pub fn add(flows: &mut Vec<FlowPlan>, f: FlowPlan) {
    if let Some(g) = flows.iter_mut().find(|g| {
        g.order == f.order
            && g.src == f.src
            && g.dst == f.dst
            && g.port == f.port
            && g.protocol == f.protocol
    }) {
        for c in f.comments {
            if !g.comments.contains(&c) {
                g.comments.push(c);
            }
        }
        return;
    }
    flows.push(f);
}

/// Words in an environment variable's name that say it holds an address.
const ADDRESS_HINTS: &[&str] = &[
    "HOST", "ADDR", "URL", "URI", "SERVICE", "ENDPOINT", "SERVER", "SVC", "DSN",
];

/// Flows between workloads inferred from environment values and arguments.
pub fn inferred(svcs: &[Svc], elements: &[Element], flows: &mut Vec<FlowPlan>) {
    for (si, src) in elements.iter().enumerate() {
        for text in &src.texts {
            let value = text.value.to_lowercase();
            let hinted = text.env.as_ref().is_some_and(|n| {
                let n = n.to_uppercase();
                ADDRESS_HINTS.iter().any(|h| n.contains(h))
            });
            for s in svcs {
                let Some(port) = reference(&value, s, &src.ns, hinted) else {
                    continue;
                };
                let sp = s.ports.iter().find(|p| p.port == port);
                for &ti in &s.targets {
                    if ti == si {
                        continue;
                    }
                    let dst = &elements[ti];
                    add(
                        flows,
                        FlowPlan {
                            order: 1,
                            src: src.id.clone(),
                            dst: dst.id.clone(),
                            port: Some(port),
                            protocol: Some(sp.map(port_protocol).unwrap_or("tcp").into()),
                            label: Some(format!("{}:{port}", s.name)),
                            comments: vec![format!(
                                "inferred: {}",
                                super::emit::one_line(&text.why)
                            )],
                            carries: Vec::new(),
                        },
                    );
                }
            }
        }
    }
}

/// Suffixes that name a workload's own database: `carts-db` belongs to `carts`.
const DATABASE_SUFFIXES: &[&str] = &[
    "-db",
    "-database",
    "-redis",
    "-cache",
    "-mongo",
    "-mongodb",
    "-mysql",
    "-postgres",
    "-postgresql",
];

/// Flows inferred from names: a database store `NAME-db` (or `-redis`,
/// `-mongo`, …) is used by the process `NAME` of its namespace, when no
/// other flow already links them.
pub fn by_name(svcs: &[Svc], elements: &[Element], flows: &mut Vec<FlowPlan>) {
    for s in svcs {
        let Some(port) = s.ports.first() else {
            continue;
        };
        for &ti in &s.targets {
            let db = &elements[ti];
            if !db.is_store() {
                continue;
            }
            let Some(owner) = DATABASE_SUFFIXES
                .iter()
                .find_map(|suffix| db.name.strip_suffix(suffix))
            else {
                continue;
            };
            let Some(src) = elements
                .iter()
                .find(|e| e.ns == db.ns && e.name == owner && !e.is_store())
            else {
                continue;
            };
            if flows.iter().any(|f| f.src == src.id && f.dst == db.id) {
                continue;
            }
            add(
                flows,
                FlowPlan {
                    order: 1,
                    src: src.id.clone(),
                    dst: db.id.clone(),
                    port: Some(port.port),
                    protocol: Some(port_protocol(port).into()),
                    label: Some(format!("{}:{}", s.name, port.port)),
                    comments: vec![format!(
                        "inferred: name {} suggests the database of {}",
                        db.name, src.name
                    )],
                    carries: Vec::new(),
                },
            );
        }
    }
}

/// The port of `s` that `value` refers to, if it names the Service: by one of
/// its DNS names followed by `:PORT` (a port of the Service), in a URL (the
/// scheme's port, else the Service's only port), or alone in a variable whose
/// name hints at an address (the Service's first port).
fn reference(value: &str, s: &Svc, from_ns: &str, hinted: bool) -> Option<i32> {
    let name = s.name.to_lowercase();
    let ns = s.ns.to_lowercase();
    if name.is_empty() {
        return None;
    }
    let mut forms = vec![
        format!("{name}.{ns}.svc.cluster.local"),
        format!("{name}.{ns}.svc"),
        format!("{name}.{ns}"),
    ];
    if s.ns == from_ns {
        forms.push(name.clone());
    }
    let host_char = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.';
    for form in &forms {
        let mut from = 0;
        while let Some(pos) = value[from..].find(form.as_str()) {
            let start = from + pos;
            let end = start + form.len();
            from = end;
            let before = value[..start].chars().next_back();
            let after = value[end..].chars().next();
            if before.is_some_and(host_char) || after.is_some_and(host_char) {
                continue;
            }
            let rest = &value[end..];
            if let Some(digits) = rest.strip_prefix(':') {
                let n: String = digits.chars().take_while(char::is_ascii_digit).collect();
                if let Ok(p) = n.parse::<i32>()
                    && s.ports.iter().any(|sp| sp.port == p)
                {
                    return Some(p);
                }
                continue;
            }
            let before_text = &value[..start];
            if let Some(scheme) = before_text.strip_suffix("://") {
                let scheme = scheme
                    .rsplit(|c: char| !c.is_ascii_alphanumeric())
                    .next()
                    .unwrap_or("");
                let default = match scheme {
                    "http" | "ws" => Some(80),
                    "https" | "wss" => Some(443),
                    _ => None,
                };
                if let Some(p) = default.filter(|p| s.ports.iter().any(|sp| sp.port == *p)) {
                    return Some(p);
                }
                if s.ports.len() == 1 {
                    return Some(s.ports[0].port);
                }
                continue;
            }
            let alone = value.trim() == form.as_str();
            if alone && (hinted || form.contains('.')) {
                return s.ports.first().map(|p| p.port);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svc(name: &str, ns: &str, ports: &[i32]) -> Svc {
        Svc {
            ns: ns.into(),
            name: name.into(),
            type_: "ClusterIP".into(),
            ports: ports
                .iter()
                .map(|&p| ServicePort {
                    port: p,
                    ..Default::default()
                })
                .collect(),
            targets: vec![],
            source_ranges: vec![],
        }
    }

    #[test]
    fn references() {
        let cart = svc("cartservice", "shop", &[7070]);
        assert_eq!(
            reference("cartservice:7070", &cart, "shop", false),
            Some(7070)
        );
        assert_eq!(reference("cartservice:7071", &cart, "shop", false), None);
        assert_eq!(reference("cartservice:7070", &cart, "other", false), None);
        assert_eq!(
            reference(
                "http://cartservice.shop.svc.cluster.local:7070/x",
                &cart,
                "other",
                false
            ),
            Some(7070)
        );
        assert_eq!(reference("cartservice", &cart, "shop", true), Some(7070));
        assert_eq!(reference("cartservice", &cart, "shop", false), None);
        assert_eq!(reference("mycartservice:7070", &cart, "shop", false), None);
        assert_eq!(
            reference("--cart=cartservice:7070", &cart, "shop", false),
            Some(7070)
        );
        assert_eq!(
            reference("http://cartservice", &cart, "shop", false),
            Some(7070)
        );
    }

    #[test]
    fn protocols() {
        assert_eq!(protocol(6379, Some("tcp-redis")), "redis");
        assert_eq!(protocol(8080, Some("grpc")), "grpc");
        assert_eq!(protocol(80, None), "http");
        assert_eq!(protocol(7000, None), "tcp");
        assert_eq!(protocol(8080, Some("kubernetes.io/h2c")), "h2c");
    }
}
