//! Counting the crossings among the edges between two layers, each edge
//! given as its (north, south) positions: pair by pair for a few edges,
//! with the accumulator tree of Barth, Jünger and Mutzel (O(E log V))
//! for more. Two edges cross where their ends lie in strictly opposite
//! orders; sharing an end, they do not.

/// The crossings among `pairs` (reordered); `keys` and `tree` are
/// buffers kept between calls.
pub(super) fn crossed(
    pairs: &mut [(f64, f64)],
    keys: &mut Vec<f64>,
    tree: &mut Vec<usize>,
) -> usize {
    if pairs.len() <= PAIRWISE_MAX_EDGES {
        crossed_pairs(pairs)
    } else {
        tree_count(pairs, keys, tree)
    }
}

/// Crossings among edges given as (north, south) positions, with the
/// accumulator tree (`keys` and `tree` are buffers kept between calls).
fn tree_count(pairs: &mut [(f64, f64)], keys: &mut Vec<f64>, tree: &mut Vec<usize>) -> usize {
    pairs.sort_unstable_by(|x, y| x.0.total_cmp(&y.0).then(x.1.total_cmp(&y.1)));
    keys.clear();
    keys.extend(pairs.iter().map(|p| p.1));
    keys.sort_unstable_by(f64::total_cmp);
    keys.dedup();
    let mut first = 1;
    while first < keys.len() {
        first *= 2;
    }
    tree.clear();
    tree.resize(2 * first, 0);
    let mut total = 0;
    for &(_, south) in pairs.iter() {
        let rank = keys.partition_point(|k| k.total_cmp(&south).is_lt());
        let mut i = rank + first;
        tree[i] += 1;
        while i > 1 {
            if i % 2 == 0 {
                total += tree[i + 1];
            }
            i /= 2;
            tree[i] += 1;
        }
    }
    total
}

/// Layers with at most this many edges count their crossings pair by pair.
const PAIRWISE_MAX_EDGES: usize = 24;

/// Crossings among edges given as (north, south) positions, pair by pair:
/// two edges cross where their ends lie in strictly opposite orders (the
/// accumulator tree counts the same pairs).
fn crossed_pairs(pairs: &[(f64, f64)]) -> usize {
    let mut total = 0;
    for (i, a) in pairs.iter().enumerate() {
        for b in &pairs[i + 1..] {
            let north = a.0.total_cmp(&b.0);
            let south = a.1.total_cmp(&b.1);
            if north.is_ne() && south == north.reverse() {
                total += 1;
            }
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crossings_pair_by_pair_are_the_trees() {
        // Positions with ties at both ends, as ports put them.
        let mut seed = 0x9e37_79b9_u64;
        let mut next = |m: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % m
        };
        let (mut keys, mut tree) = (Vec::new(), Vec::new());
        for len in 0..40 {
            for _ in 0..30 {
                let mut pairs: Vec<(f64, f64)> = (0..len)
                    .map(|_| {
                        let at = |k: u64| k as f64 * 0.45 - 0.45;
                        (next(6) as f64 + at(next(3)), next(6) as f64 + at(next(3)))
                    })
                    .collect();
                let by_pairs = crossed_pairs(&pairs);
                assert_eq!(
                    by_pairs,
                    tree_count(&mut pairs, &mut keys, &mut tree),
                    "{pairs:?}"
                );
            }
        }
        // Two edges in opposite orders cross; sharing an end, they do not.
        assert_eq!(crossed_pairs(&[(0.0, 1.0), (1.0, 0.0)]), 1);
        assert_eq!(crossed_pairs(&[(0.0, 1.0), (0.0, 0.0)]), 0);
    }
}
