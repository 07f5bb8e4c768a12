//! The allocator benchmark's guest: the same workloads built once per
//! allocator (see the features in Cargo.toml), run by `weld-bench`.
//!
//! Every workload allocates through Rust's global allocator (`Vec`,
//! `String`, `Box`), which is `malloc` & co. for the weld and wasi-libc
//! variants and the crate's `GlobalAlloc` for the others. The workloads are
//! deterministic (a fixed-seed xorshift), so every variant performs the
//! same sequence of allocator calls. Exports return a checksum so nothing
//! is optimised away.
//!
//! This crate must not measure anything itself: timing, fuel and memory
//! accounting happen in the runner.
#![no_std]

extern crate alloc;

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::hint::black_box;

#[cfg(feature = "weld")]
use weld as _;

// `std` supplies the panic handler, System allocator and wasi-libc.
extern crate std;

#[cfg(all(feature = "dlmalloc-crate", not(feature = "weld")))]
#[global_allocator]
static A: dlmalloc::GlobalDlmalloc = dlmalloc::GlobalDlmalloc;

#[cfg(all(feature = "talc", not(feature = "weld")))]
#[global_allocator]
// SAFETY: the module is single-threaded (wasm32-wasip1).
static A: talc::TalckWasm = unsafe { talc::TalckWasm::new_global() };

#[cfg(all(feature = "lol", not(feature = "weld")))]
#[global_allocator]
// SAFETY: the module is single-threaded (wasm32-wasip1).
static A: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };

#[cfg(feature = "count")]
mod count {
    //! Counts allocator calls (over `System`), for ops-per-workload.
    use core::sync::atomic::{AtomicU32, Ordering::Relaxed};
    use std::alloc::{GlobalAlloc, Layout, System};

    pub static OPS: AtomicU32 = AtomicU32::new(0);

    struct Counting;

    // SAFETY: forwards every call to `System` unchanged.
    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, l: Layout) -> *mut u8 {
            OPS.fetch_add(1, Relaxed);
            // SAFETY: forwarded.
            unsafe { System.alloc(l) }
        }
        unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
            OPS.fetch_add(1, Relaxed);
            // SAFETY: forwarded.
            unsafe { System.dealloc(p, l) }
        }
        unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
            OPS.fetch_add(1, Relaxed);
            // SAFETY: forwarded.
            unsafe { System.realloc(p, l, n) }
        }
    }

    #[global_allocator]
    static A: Counting = Counting;
}

/// Allocator calls since the last call (the `count` build; 0 otherwise).
#[unsafe(no_mangle)]
pub extern "C" fn bench_ops() -> u32 {
    #[cfg(feature = "count")]
    return count::OPS.swap(0, core::sync::atomic::Ordering::Relaxed);
    #[cfg(not(feature = "count"))]
    0
}

/// The memory size in 64 KiB pages.
#[unsafe(no_mangle)]
pub extern "C" fn bench_pages() -> u32 {
    core::arch::wasm32::memory_size(0) as u32
}

/// A xorshift32 generator: the same sequence in every variant.
struct Rng(u32);

impl Rng {
    fn next(&mut self) -> u32 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.0 = x;
        x
    }

    /// Uniform-ish in `lo..=hi`.
    fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.next() % (hi - lo + 1)
    }
}

const TEXT: &str = "The quick brown fox jumps over the lazy dog while héllo wide \
    world of wasm modules share one memory and one allocator across every crate \
    linked into them so strings lists and resources cross without copies";

fn bytes(n: u32) -> Vec<u8> {
    let n = n as usize % TEXT.len();
    let mut v = Vec::with_capacity(n);
    v.extend_from_slice(&TEXT.as_bytes()[..n]);
    v
}

/// Small-object churn: 256 live byte buffers of 8..=128 bytes; each step
/// replaces a random one (one free, one malloc).
#[unsafe(no_mangle)]
pub extern "C" fn bench_churn(iters: u32) -> u32 {
    let mut rng = Rng(0x9E37_79B9);
    let mut ring: Vec<Vec<u8>> = (0..256).map(|i| bytes(8 + i % 120)).collect();
    let mut sum = 0u32;
    for _ in 0..iters {
        let slot = (rng.next() % 256) as usize;
        let n = rng.range(8, 128);
        ring[slot] = black_box(bytes(n));
        sum = sum.wrapping_add(ring[slot].len() as u32);
    }
    sum
}

/// A resource-like object: a handle's representation.
struct Resource {
    id: u32,
    name: String,
    data: Vec<u64>,
}

/// The synthetic mix: per step a small string built by appending (grows
/// with realloc), a vector of `u32` grown by `push` to 0..=96 elements, and
/// a boxed resource with a name and a payload put in a 128-slot table
/// whose random slot is dropped. 64 strings stay live in a ring.
#[unsafe(no_mangle)]
pub extern "C" fn bench_mix(iters: u32) -> u32 {
    let mut rng = Rng(0x1234_5678);
    let mut strings: Vec<String> = (0..64).map(|_| String::new()).collect();
    let mut table: Vec<Option<Box<Resource>>> = (0..128).map(|_| None).collect();
    let words: Vec<&str> = TEXT.split(' ').collect();
    let mut sum = 0u32;
    for i in 0..iters {
        let mut s = String::new();
        for _ in 0..rng.range(1, 6) {
            s.push_str(words[rng.next() as usize % words.len()]);
            s.push(' ');
        }
        strings[(i % 64) as usize] = black_box(s);
        let mut v = Vec::new();
        for k in 0..rng.range(0, 96) {
            v.push(k ^ i);
        }
        sum = sum.wrapping_add(black_box(v).len() as u32);
        let r = Box::new(Resource {
            id: i,
            name: String::from(&TEXT[..rng.range(4, 24) as usize]),
            data: alloc::vec![u64::from(i); rng.range(1, 8) as usize],
        });
        let slot = (rng.next() % 128) as usize;
        if let Some(old) = table[slot].replace(r) {
            sum = sum.wrapping_add(old.id + old.name.len() as u32 + old.data.len() as u32);
        }
        let drop_at = (rng.next() % 128) as usize;
        table[drop_at] = None;
    }
    sum
}

/// Modelled on the example app's `run` (examples/app): split the input
/// into owned words (the `list<string>` result of `transform::words`), a
/// `Vec<f64>` of lengths (the `list<f64>` argument of `summarize`), an
/// upper-cased copy (`transform::upper`), a classification string and
/// the formatted result; inputs of 2..=40 words.
#[unsafe(no_mangle)]
pub extern "C" fn bench_app(iters: u32) -> u32 {
    let mut rng = Rng(0xDEAD_BEEF);
    let all: Vec<&str> = TEXT.split(' ').collect();
    let mut sum = 0u32;
    for _ in 0..iters {
        let n = rng.range(2, 40) as usize;
        let start = (rng.next() as usize) % all.len();
        let mut input = String::new();
        for k in 0..n {
            input.push_str(all[(start + k) % all.len()]);
            input.push(if k % 7 == 6 { '\n' } else { ' ' });
        }
        let words: Vec<String> = input.split_whitespace().map(String::from).collect();
        let lengths: Vec<f64> = words.iter().map(|w| w.chars().count() as f64).collect();
        let mean = lengths.iter().sum::<f64>() / lengths.len().max(1) as f64;
        let level = if mean >= 4.0 {
            format!("long words (mean {mean:.2} >= 4)")
        } else {
            format!("short words (mean {mean:.2})")
        };
        let out = format!(
            "{upper}\nwords: {words:?}\nwords={w}\n{level}",
            upper = input.to_uppercase(),
            w = words.len(),
        );
        sum = sum.wrapping_add(black_box(out).len() as u32);
    }
    sum
}

/// Peak live bytes of the last `bench_frag` run.
static mut FRAG_PEAK: u32 = 0;

/// The fragmentation workload: `rounds` times, allocate 2,000 blocks of
/// 16..=1024 bytes, free a random half, allocate 1,000 blocks of
/// 512..=4096 bytes (which fit only merged holes), free a random half of
/// everything live; then free all. Returns the 64 KiB pages memory grew by
/// (wasm memory never shrinks, so this is the peak).
#[unsafe(no_mangle)]
pub extern "C" fn bench_frag(rounds: u32) -> u32 {
    let before = bench_pages();
    let mut rng = Rng(0x0BAD_F00D);
    let mut live: Vec<Vec<u8>> = Vec::with_capacity(1 << 16);
    let (mut bytes_live, mut peak) = (0u32, 0u32);
    for _ in 0..rounds {
        for (count, lo, hi) in [(2000, 16, 1024), (1000, 512, 4096)] {
            for _ in 0..count {
                let v = alloc::vec![1u8; rng.range(lo, hi) as usize];
                bytes_live += v.len() as u32;
                live.push(v);
            }
            peak = peak.max(bytes_live);
            live.retain(|v| {
                let keep = rng.next() & 1 == 0;
                if !keep {
                    bytes_live -= v.len() as u32;
                }
                keep
            });
        }
    }
    drop(live);
    // SAFETY: single-threaded; nothing else touches it.
    unsafe { FRAG_PEAK = peak };
    bench_pages() - before
}

/// Peak live bytes of the last `bench_frag` run.
#[unsafe(no_mangle)]
pub extern "C" fn bench_frag_peak() -> u32 {
    // SAFETY: single-threaded.
    unsafe { FRAG_PEAK }
}
