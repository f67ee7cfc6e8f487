//! CVSS scoring with the `cvss` crate: base, temporal and environmental
//! scores, the environmental requirements (CR/IR/AR) taken from the data the
//! target stores or carries.

use super::threat::{Scores, Severity};
use crate::model::DataAsset;

/// Confidentiality, integrity and availability requirements as CVSS letters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Requirements {
    pub cr: char,
    pub ir: char,
    pub ar: char,
}

impl Requirements {
    /// From the highest classification, integrity and availability of `data`:
    /// restricted/critical → H, confidential/high → M, lower → L. Personal
    /// data (`pii`) counts one classification higher: its disclosure harms
    /// the people it is about and brings duties of its own (breach
    /// notification), whatever its business classification.
    pub fn from_data<'a>(data: impl IntoIterator<Item = &'a DataAsset>) -> Self {
        let (mut c, mut i, mut a) = (0, 0, 0);
        for d in data {
            let pii = usize::from(d.settings.flag(crate::model::Key::Pii));
            c = c.max((d.classification + pii).min(3));
            i = i.max(d.integrity);
            a = a.max(d.availability);
        }
        let letter = |rank: usize| match rank {
            3 => 'H',
            2 => 'M',
            _ => 'L',
        };
        Requirements {
            cr: letter(c),
            ir: letter(i),
            ar: letter(a),
        }
    }

    /// The higher of each requirement.
    pub fn max(self, other: Requirements) -> Requirements {
        let rank = |c: char| match c {
            'H' => 2,
            'M' => 1,
            _ => 0,
        };
        let pick = |a: char, b: char| if rank(b) > rank(a) { b } else { a };
        Requirements {
            cr: pick(self.cr, other.cr),
            ir: pick(self.ir, other.ir),
            ar: pick(self.ar, other.ar),
        }
    }
}

/// Scores a vector. `None` when the vector does not parse (the resolver has
/// already reported it, so this only happens for unchecked input).
pub fn score(vector: &str, req: Requirements) -> Option<Scores> {
    let env = with_requirements(vector, req);
    if vector.starts_with("CVSS:4.0/") {
        let base: cvss::v4::Vector = vector.parse().ok()?;
        let environmental: cvss::v4::Vector = env.parse().ok()?;
        let base = round1(base.score().value());
        let environmental = round1(environmental.score().value());
        return Some(Scores {
            vector: vector.to_string(),
            base,
            temporal: base,
            environmental,
            severity: Severity::from_score(environmental),
        });
    }
    let v: cvss::v3::Vector = vector.parse().ok()?;
    let e: cvss::v3::Vector = env.parse().ok()?;
    let environmental = round1(e.environmental_score().value());
    Some(Scores {
        vector: vector.to_string(),
        base: round1(v.base_score().value()),
        temporal: round1(v.temporal_score().value()),
        environmental,
        severity: Severity::from_score(environmental),
    })
}

/// The vector with CR/IR/AR appended, unless it sets them itself.
fn with_requirements(vector: &str, req: Requirements) -> String {
    let mut out = vector.to_string();
    for (name, letter) in [("CR", req.cr), ("IR", req.ir), ("AR", req.ar)] {
        if !vector
            .split('/')
            .any(|m| m.starts_with(&format!("{name}:")))
        {
            out.push_str(&format!("/{name}:{letter}"));
        }
    }
    out
}

/// Scores are shown with one decimal; the crate already rounds up per spec,
/// this only removes floating-point noise.
fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// A manual threat that states a `severity` instead of a vector: no vector,
/// and the lowest score of that severity's band (low 0.1, medium 4.0, high
/// 7.0, critical 9.0), so sorting, SARIF's `security-severity` and
/// `--fail-on` agree with the stated severity.
pub fn stated(severity: Severity) -> Scores {
    let score = match severity {
        Severity::None => 0.0,
        Severity::Low => 0.1,
        Severity::Medium => 4.0,
        Severity::High => 7.0,
        Severity::Critical => 9.0,
    };
    Scores {
        vector: String::new(),
        base: score,
        temporal: score,
        environmental: score,
        severity,
    }
}

/// A threat without a vector scores zero.
pub fn unscored() -> Scores {
    Scores {
        vector: String::new(),
        base: 0.0,
        temporal: 0.0,
        environmental: 0.0,
        severity: Severity::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NEUTRAL: Requirements = Requirements {
        cr: 'M',
        ir: 'M',
        ar: 'M',
    };

    #[test]
    fn requirements_raise_and_lower() {
        let v = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N";
        let low = score(
            v,
            Requirements {
                cr: 'L',
                ir: 'L',
                ar: 'L',
            },
        )
        .unwrap();
        let high = score(
            v,
            Requirements {
                cr: 'H',
                ir: 'L',
                ar: 'L',
            },
        )
        .unwrap();
        assert_eq!(low.base, 7.5);
        assert!(low.environmental < low.base);
        assert!(high.environmental > low.environmental);
        assert_eq!(score(v, NEUTRAL).unwrap().environmental, 7.5);
    }

    #[test]
    fn personal_data_counts_one_classification_higher() {
        let data = |classification: usize, pii: bool| crate::model::DataAsset {
            id: "d".into(),
            label: "d".into(),
            classification,
            integrity: 0,
            availability: 0,
            settings: [(crate::model::Key::Pii, crate::model::Val::Bool(pii))]
                .into_iter()
                .collect(),
            span: Default::default(),
        };
        let cr = |c: usize, pii: bool| Requirements::from_data([&data(c, pii)]).cr;
        assert_eq!((cr(1, false), cr(1, true)), ('L', 'M'));
        assert_eq!((cr(2, false), cr(2, true)), ('M', 'H'));
        assert_eq!((cr(3, false), cr(3, true)), ('H', 'H'));
    }

    #[test]
    fn v4_vectors_score() {
        let s = score(
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
            NEUTRAL,
        )
        .unwrap();
        assert_eq!(s.base, 9.3);
    }

    #[test]
    fn a_stated_severity_scores_its_band() {
        for sev in Severity::ALL {
            let s = stated(sev);
            assert_eq!(Severity::from_score(s.environmental), sev);
            assert!(s.vector.is_empty());
        }
    }
}
