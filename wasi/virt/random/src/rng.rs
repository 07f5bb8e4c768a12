//! The generator: xoshiro256** (Blackman and Vigna), its state filled from
//! the seed by SplitMix64. Written from the published algorithm.

use core::cell::Cell;

/// SplitMix64: spreads one 64-bit seed over the generator's state.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// A xoshiro256** generator in `Cell`s, so that a `static` can hold it.
pub(crate) struct Xoshiro {
    s: [Cell<u64>; 4],
}

// SAFETY: weld modules are single-threaded (wasm32-wasip1, SPEC.md section
// 5): no two threads ever reach a generator.
unsafe impl Sync for Xoshiro {}

impl Xoshiro {
    /// A generator that must be seeded before use ([`Xoshiro::seed`]);
    /// unseeded (all zero) it would return only zeros.
    pub(crate) const fn unseeded() -> Self {
        Xoshiro {
            s: [Cell::new(0), Cell::new(0), Cell::new(0), Cell::new(0)],
        }
    }

    /// Restarts the sequence from `seed`.
    pub(crate) fn seed(&self, seed: u64) {
        let mut mix = SplitMix64(seed);
        for cell in &self.s {
            cell.set(mix.next());
        }
    }

    /// Whether [`seed`](Self::seed) ran (SplitMix64 never yields an
    /// all-zero state).
    pub(crate) fn is_seeded(&self) -> bool {
        self.s.iter().any(|c| c.get() != 0)
    }

    /// The next 64 bits.
    pub(crate) fn next_u64(&self) -> u64 {
        let [s0, s1, s2, s3] = [0, 1, 2, 3].map(|i| self.s[i].get());
        let result = s1.wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s1 << 17;
        let s2 = s2 ^ s0;
        let s3 = s3 ^ s1;
        let s1 = s1 ^ s2;
        let s0 = s0 ^ s3;
        let s2 = s2 ^ t;
        let s3 = s3.rotate_left(45);
        for (cell, v) in self.s.iter().zip([s0, s1, s2, s3]) {
            cell.set(v);
        }
        result
    }

    /// Fills `out` with the next bytes (little-endian `u64`s).
    pub(crate) fn fill(&self, out: &mut [u8]) {
        for chunk in out.chunks_mut(8) {
            let bytes = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Xoshiro;

    #[test]
    fn matches_the_reference_algorithm() {
        // The first output of the published xoshiro256** C code, its state
        // filled by SplitMix64 from seed 0 (whose first output is
        // 0xe220a8397b1dcdaf).
        let g = Xoshiro::unseeded();
        g.seed(0);
        assert_eq!(g.s[0].get(), 0xe220_a839_7b1d_cdaf);
        assert_eq!(g.next_u64(), 0x99ec_5f36_cb75_f2b4);
    }

    #[test]
    fn fill_takes_little_endian_words_and_keeps_the_tail() {
        let (a, b) = (Xoshiro::unseeded(), Xoshiro::unseeded());
        a.seed(7);
        b.seed(7);
        let mut bytes = [0u8; 11];
        a.fill(&mut bytes);
        assert_eq!(bytes[..8], b.next_u64().to_le_bytes());
        assert_eq!(bytes[8..], b.next_u64().to_le_bytes()[..3]);
        assert!(a.is_seeded());
    }
}
