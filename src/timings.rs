//! Stage observers: the library reports each stage of a compilation (parse
//! and resolve, every analysis step, every output) to an [`Observer`] as it
//! finishes, with how long it took. [`Timings`] is the observer behind
//! `vastc build --timings`: it keeps the stages and prints them as a table
//! after the build, so a slow model can be reported with numbers (and
//! regressions found without a profiler).

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Told of every stage of a compilation as it finishes. Stages rendered in
/// parallel are reported from the thread that ran them, hence `Sync`.
pub trait Observer: Sync {
    /// `stage` finished after `elapsed`.
    fn stage(&self, stage: &str, elapsed: Duration);
}

/// The observer that ignores every stage.
#[derive(Debug, Default, Clone, Copy)]
pub struct Unobserved;

impl Observer for Unobserved {
    fn stage(&self, _: &str, _: Duration) {}
}

/// Runs `f` and reports it to `observer` as `stage`.
pub fn observe<T>(observer: &dyn Observer, stage: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let value = f();
    observer.stage(stage, start.elapsed());
    value
}

/// Stages reported in a batch: a task run on another thread records its
/// stages here and the caller reports them in the tasks' order, so the
/// stages of parallel tasks are listed in the same order every run.
#[derive(Debug, Default)]
pub struct Recorded(Vec<(String, Duration)>);

impl Recorded {
    /// Runs `f`, recording its duration under `stage`.
    pub fn time<T>(&mut self, stage: &str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let value = f();
        self.0.push((stage.to_string(), start.elapsed()));
        value
    }

    /// Reports the recorded stages to `observer`, in the order they ran.
    pub fn report(self, observer: &dyn Observer) {
        for (stage, elapsed) in self.0 {
            observer.stage(&stage, elapsed);
        }
    }
}

/// Elapsed time per named stage, in the order the stages were reported.
#[derive(Debug, Default)]
pub struct Timings {
    stages: Mutex<Vec<(String, Duration)>>,
}

impl Observer for Timings {
    fn stage(&self, stage: &str, elapsed: Duration) {
        if let Ok(mut stages) = self.stages.lock() {
            stages.push((stage.to_string(), elapsed));
        }
    }
}

impl Timings {
    /// A recorder with no stages yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The recorded stages.
    pub fn stages(&self) -> Vec<(String, Duration)> {
        self.stages.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// A table of the stages and their sum, one stage per line (stages run
    /// in parallel overlap, so the sum can exceed the wall time).
    pub fn table(&self) -> String {
        let stages = self.stages();
        let width = stages
            .iter()
            .map(|(s, _)| s.chars().count())
            .chain([5])
            .max()
            .unwrap_or(5);
        let mut out = String::new();
        let mut total = Duration::ZERO;
        for (stage, d) in &stages {
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
    fn stages_are_kept_in_the_order_reported() {
        assert_eq!(observe(&Unobserved, "a", || 1 + 1), 2);
        let on = Timings::new();
        observe(&on, "parse", || ());
        let mut batch = Recorded::default();
        batch.time("emit: a", || ());
        batch.time("emit: b", || ());
        batch.report(&on);
        let names: Vec<_> = on.stages().into_iter().map(|(s, _)| s).collect();
        assert_eq!(names, ["parse", "emit: a", "emit: b"]);
        let table = on.table();
        assert!(table.contains("parse") && table.contains("sum"), "{table}");
    }
}
