//! Host paths (`hostPath` volumes, `host-path` settings) in one normal form,
//! shared by the importer, which writes them, and the scenario escapes,
//! which compare them: `/etc/`, `//etc/.` and `/etc` are one directory, and
//! a mount of a parent directory (`/`, `/var`) covers every path below it.

/// A host path in normal form: no `//`, no `.` segments, `..` applied (never
/// above `/`), no trailing slash. `/etc/` and `//etc/.` are `/etc`.
pub fn normal(p: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.trim().split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    format!("/{}", parts.join("/"))
}

/// Is `a` the same directory as `b` or one of its parents? Both in normal
/// form ([`normal`]): `/var` covers `/var/log` but not `/var/lo` or
/// `/variable`.
pub fn covers(a: &str, b: &str) -> bool {
    a == "/" || a == b || b.strip_prefix(a).is_some_and(|r| r.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::{covers, normal};

    #[test]
    fn normal_forms() {
        assert_eq!(normal("/etc/"), "/etc");
        assert_eq!(normal("//var//lib/./kubelet/"), "/var/lib/kubelet");
        assert_eq!(normal("//var//log/./pods"), "/var/log/pods");
        assert_eq!(normal("/var/lib/../run/"), "/var/run");
        assert_eq!(normal("/../../etc"), "/etc");
        assert_eq!(normal(" /etc "), "/etc");
        assert_eq!(normal("/"), "/");
        assert_eq!(normal("//"), "/");
    }

    #[test]
    fn parents_cover_their_subdirectories() {
        assert!(covers("/", "/etc"));
        assert!(covers("/var", "/var/log"));
        assert!(covers("/var/log", "/var/log"));
        assert!(!covers("/var/lo", "/var/log"));
        assert!(!covers("/var", "/variable"));
        assert!(!covers("/var/log", "/var"));
    }
}
