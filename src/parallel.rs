//! An ordered parallel map on rayon's global thread pool, for the analysis
//! steps that map a slice (rules, attack-path searches): results in input
//! order, so the analysis stays deterministic. Called from a task already
//! running on the pool (a model of `build DIR`), it shares the pool's
//! threads instead of starting more.

use rayon::prelude::*;

/// `f` applied to every item on the global pool, results in the items'
/// order.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    items.par_iter().map(&f).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_in_input_order() {
        let items: Vec<u64> = (0..100).collect();
        let squares = super::map(&items, |x| x * x);
        assert_eq!(squares, items.iter().map(|x| x * x).collect::<Vec<_>>());
        assert!(super::map(&[] as &[u8], |x| *x).is_empty());
    }
}
