//! Stage timings for `vastc build --timings`: how long each stage of a
//! build took, printed after the build so a slow model can be reported with
//! numbers (and regressions found without a profiler).

use std::time::{Duration, Instant};

/// Elapsed time per named stage, in the order the stages ran. When off,
/// [`Timings::time`] only runs the closure.
#[derive(Debug, Default)]
pub struct Timings {
    on: bool,
    stages: Vec<(String, Duration)>,
}

impl Timings {
    /// Timings that record (`on`) or only run the stages.
    pub fn new(on: bool) -> Self {
        Timings {
            on,
            stages: Vec::new(),
        }
    }

    /// Runs `f`, recording its duration under `stage` when on.
    pub fn time<T>(&mut self, stage: &str, f: impl FnOnce() -> T) -> T {
        if !self.on {
            return f();
        }
        let start = Instant::now();
        let value = f();
        self.stages.push((stage.to_string(), start.elapsed()));
        value
    }

    /// Whether stages are recorded.
    pub fn on(&self) -> bool {
        self.on
    }

    /// Appends the stages another recorder (of another thread) timed.
    pub fn absorb(&mut self, other: Timings) {
        self.stages.extend(other.stages);
    }

    /// The recorded stages.
    pub fn stages(&self) -> &[(String, Duration)] {
        &self.stages
    }

    /// A table of the stages and their sum, one stage per line (stages run
    /// in parallel overlap, so the sum can exceed the wall time).
    pub fn table(&self) -> String {
        let width = self
            .stages
            .iter()
            .map(|(s, _)| s.chars().count())
            .chain([5])
            .max()
            .unwrap_or(5);
        let mut out = String::new();
        let mut total = Duration::ZERO;
        for (stage, d) in &self.stages {
            total += *d;
            out.push_str(&format!("  {stage:<width$}  {:>9.2} ms\n", ms(*d)));
        }
        out.push_str(&format!("  {:<width$}  {:>9.2} ms\n", "sum", ms(total)));
        out
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn off_records_nothing_and_on_records_in_order() {
        let mut off = Timings::new(false);
        assert_eq!(off.time("a", || 1 + 1), 2);
        assert!(off.stages().is_empty());
        let mut on = Timings::new(true);
        on.time("parse", || ());
        on.time("emit", || ());
        let names: Vec<_> = on.stages().iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(names, ["parse", "emit"]);
        let table = on.table();
        assert!(table.contains("parse") && table.contains("sum"), "{table}");
    }
}
