//! Helpers shared by the unit tests.

/// A xorshift generator: the same numbers on every run.
pub(crate) fn xorshift(mut state: u64) -> impl FnMut() -> u64 {
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    }
}

/// Reproducible numbers in `0..n` ([`xorshift`] from `seed`).
pub(crate) fn rng(seed: u64) -> impl FnMut(usize) -> usize {
    let mut next = xorshift(seed);
    move |n| (next() % n as u64) as usize
}

/// A reproducible random text: `count` of `pieces`, each drawn by `next` (an [`rng`]),
/// joined by `sep`.
pub(crate) fn random_text(
    pieces: &[&str],
    count: usize,
    sep: &str,
    next: &mut impl FnMut(usize) -> usize,
) -> String {
    (0..count)
        .map(|_| pieces[next(pieces.len())])
        .collect::<Vec<_>>()
        .join(sep)
}
