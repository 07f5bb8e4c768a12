//! Fuzzing weld-bindgen with random WIT packages from `wit-smith`.
//!
//! For a bounded time, each case turns pseudo-random bytes (a seeded
//! xorshift, so a failure reproduces) into a `wit_smith::Config` and a WIT
//! package, printed as WIT text. Every world of the package is generated,
//! plus one world importing and one exporting each named interface (so that
//! an interface without resources is not hidden by a sibling that has one).
//! For each world `weld_bindgen::generate`:
//! - must not panic;
//! - may fail only with a non-empty message (unsupported features);
//! - on success, must produce tokens that parse as a `syn::File`.
//!
//! Environment:
//! - `WELD_FUZZ_SECONDS`: how long to run (default 20; `cargo xtask test`
//!   passes 120).
//! - `WELD_FUZZ_SEED`: the first case's seed (default fixed, so a plain
//!   `cargo test` always runs the same cases for a given speed).
//! - `WELD_FUZZ_CASE`: run only the case with this seed (printed with every
//!   failure).
//! - `WELD_FUZZ_SAMPLE_DIR`: write [`SAMPLE_SIZE`] worlds picked uniformly
//!   among those that generated at least [`SAMPLE_MIN_BYTES`] of code there, as `<n>.wit` (the package) plus
//!   `<n>.world` (the world's name), for the `weld-test-fuzz-sample` guest
//!   crate, which `cargo xtask test` then compiles for wasm32-wasip1.
//!
//! Packages wit-parser itself rejects after printing are skipped and
//! counted: wit-smith resolves with every feature gate on, weld with none,
//! so an item that refers to an `@unstable` one is a WIT error here.

use std::io::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use arbitrary::{Arbitrary, Unstructured};
use weld_bindgen::{Options, Source};
use wit_bindgen_core::wit_parser::{PackageId, Resolve};

const DEFAULT_SECONDS: u64 = 20;
const DEFAULT_SEED: u64 = 0x5eed_f022;
/// How many generated worlds are written to `WELD_FUZZ_SAMPLE_DIR`.
const SAMPLE_SIZE: usize = 60;
/// Only worlds whose generated code is at least this long are sampled (an
/// empty world's is about 2,000 bytes): random worlds are often empty.
const SAMPLE_MIN_BYTES: usize = 8_000;
/// At most this many distinct failures are shown in full.
const SHOWN_FAILURES: usize = 5;

/// xorshift64*: enough to turn a seed into fuzz bytes, no extra crate.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        // splitmix64 of the seed, so nearby seeds give unrelated streams and
        // 0 is not a fixed point.
        let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        Rng((z ^ (z >> 31)) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }
}

fn env_u64(name: &str) -> Option<u64> {
    let value = std::env::var(name).ok()?;
    let parsed = match value.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => value.parse(),
    };
    Some(parsed.unwrap_or_else(|e| panic!("{name}={value}: {e}")))
}

/// The config of one case: odd seeds let wit-smith pick everything
/// (async, futures, streams, ... which weld must reject), even seeds turn
/// off what weld does not support but resources (which wit-smith cannot
/// turn off), so that more worlds reach code generation. Fixed-length
/// lists stay on in both (wit-smith 0.262 generates no `map<K, V>`).
fn config(seed: u64, u: &mut Unstructured<'_>) -> arbitrary::Result<wit_smith::Config> {
    let mut config = wit_smith::Config::arbitrary(u)?;
    if seed.is_multiple_of(2) {
        config.async_ = false;
        config.futures = false;
        config.streams = false;
        config.error_context = false;
        config.max_resource_items = 0;
    }
    Ok(config)
}

/// One random WIT text (the main package, then every other package nested)
/// and the names of the worlds to generate, or `None` when wit-smith gave up
/// on the bytes.
fn smith(seed: u64) -> Option<(String, Vec<World>)> {
    let mut rng = Rng::new(seed);
    let len = 64 + (rng.next() % 16_384) as usize;
    let bytes = rng.bytes(len);
    let mut u = Unstructured::new(&bytes);
    let wasm = config(seed, &mut u)
        .and_then(|c| wit_smith::smith(&c, &mut u))
        .ok()?;
    let decoded = wit_component::decode(&wasm).expect("wit-smith output decodes");
    let resolve = decoded.resolve();
    let main = decoded.package();
    let nested: Vec<PackageId> = resolve
        .topological_packages()
        .into_iter()
        .filter(|p| *p != main)
        .collect();
    let mut printer = wit_component::WitPrinter::default();
    printer
        .print(resolve, main, &nested)
        .expect("wit-smith output prints");
    let mut text = printer.output.to_string();
    let mut worlds: Vec<World> = resolve
        .worlds
        .iter()
        .filter_map(|(_, w)| {
            Some(World {
                name: resolve.id_of_name(w.package?, &w.name),
            })
        })
        .collect();
    // One world importing and one exporting each named interface, in a
    // package of their own.
    let mut extra = String::new();
    for (i, (id, _)) in resolve.interfaces.iter().enumerate() {
        let Some(name) = resolve.id_of(id) else {
            continue;
        };
        extra.push_str(&format!(
            "  world import-{i} {{ import {name}; }}\n  world export-{i} {{ export {name}; }}\n"
        ));
        for direction in ["import", "export"] {
            worlds.push(World {
                name: format!("weld-fuzz:extra/{direction}-{i}"),
            });
        }
    }
    if !extra.is_empty() {
        text.push_str(&format!("\npackage weld-fuzz:extra {{\n{extra}}}\n"));
    }
    Some((text, worlds))
}

/// A world to generate.
struct World {
    /// `ns:pkg/world@version`.
    name: String,
}

#[derive(Default)]
struct Counts {
    cases: usize,
    smith_gave_up: usize,
    packages: usize,
    unparsable: usize,
    worlds: usize,
    generated: usize,
    rejected: usize,
    panics: usize,
    invalid_rust: usize,
    bad_errors: usize,
    sampled: usize,
}

struct Failure {
    /// The first line of the problem, to show each distinct one once.
    signature: String,
    report: String,
}

/// What generating one world did.
enum Outcome {
    /// With the length of the tokens' text.
    Generated(usize),
    Rejected,
    /// wit-parser rejects the printed package: not weld's problem.
    Unparsable,
    Failed(String),
}

fn try_world(text: &str, world: &str) -> Outcome {
    let mut options = Options::new(Source::Inline(text.to_owned()));
    options.world = Some(world.to_owned());
    options.crate_name = String::from("weld-fuzz");
    match catch_unwind(AssertUnwindSafe(|| weld_bindgen::generate(&options))) {
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            Outcome::Failed(format!("panic: {message}"))
        }
        Ok(Err(e)) if matches!(e.kind, weld_bindgen::ErrorKind::Wit(_)) => Outcome::Unparsable,
        Ok(Err(e)) if e.kind != weld_bindgen::ErrorKind::Unsupported => {
            Outcome::Failed(format!("an unexpected error: {e}"))
        }
        Ok(Err(e))
            if e.message.trim().is_empty()
                || e.details.iter().any(|d| d.trim().is_empty())
                || e.details.is_empty() =>
        {
            Outcome::Failed(format!(
                "an error without a message for each feature: {e:?}"
            ))
        }
        Ok(Err(_)) => Outcome::Rejected,
        Ok(Ok(bindings)) => {
            let len = bindings.tokens.to_string().len();
            match syn::parse2::<syn::File>(bindings.tokens) {
                Ok(_) => Outcome::Generated(len),
                Err(e) => Outcome::Failed(format!("the generated code is not valid Rust: {e}")),
            }
        }
    }
}

/// A uniform sample of the worlds that generated (reservoir sampling with
/// a seeded [`Rng`], so the same run samples the same worlds), written to
/// `WELD_FUZZ_SAMPLE_DIR` at the end.
struct Sample {
    dir: PathBuf,
    rng: Rng,
    seen: usize,
    /// (WIT text, world name).
    kept: Vec<(String, String)>,
}

impl Sample {
    fn from_env(seed: u64) -> Option<Sample> {
        let dir = PathBuf::from(std::env::var_os("WELD_FUZZ_SAMPLE_DIR")?);
        Some(Sample {
            dir,
            rng: Rng::new(!seed),
            seen: 0,
            kept: Vec::new(),
        })
    }

    fn offer(&mut self, text: &str, world: &str) {
        self.seen += 1;
        if self.kept.len() < SAMPLE_SIZE {
            self.kept.push((text.to_owned(), world.to_owned()));
        } else {
            let slot = (self.rng.next() % self.seen as u64) as usize;
            if slot < SAMPLE_SIZE {
                self.kept[slot] = (text.to_owned(), world.to_owned());
            }
        }
    }

    fn write(&self) -> usize {
        if self.dir.exists() {
            std::fs::remove_dir_all(&self.dir).unwrap();
        }
        std::fs::create_dir_all(&self.dir).unwrap();
        for (n, (text, world)) in self.kept.iter().enumerate() {
            std::fs::write(self.dir.join(format!("{n}.wit")), text).unwrap();
            std::fs::write(self.dir.join(format!("{n}.world")), world).unwrap();
        }
        self.kept.len()
    }
}

fn run_case(
    seed: u64,
    counts: &mut Counts,
    failures: &mut Vec<Failure>,
    sample: &mut Option<Sample>,
) {
    counts.cases += 1;
    let Some((text, worlds)) = smith(seed) else {
        counts.smith_gave_up += 1;
        return;
    };
    counts.packages += 1;
    for World { name: world } in &worlds {
        counts.worlds += 1;
        match try_world(&text, world) {
            Outcome::Generated(len) => {
                counts.generated += 1;
                if let Some(sample) = sample.as_mut()
                    && len >= SAMPLE_MIN_BYTES
                {
                    sample.offer(&text, world);
                }
            }
            Outcome::Rejected => counts.rejected += 1,
            Outcome::Unparsable => {
                counts.worlds -= 1;
                counts.unparsable += 1;
                counts.packages -= 1;
                return;
            }
            Outcome::Failed(problem) => {
                if problem.starts_with("panic") {
                    counts.panics += 1;
                } else if problem.starts_with("an ") {
                    counts.bad_errors += 1;
                } else {
                    counts.invalid_rust += 1;
                }
                let signature = problem.lines().next().unwrap_or_default().to_owned();
                if !failures.iter().any(|f| f.signature == signature) {
                    failures.push(Failure {
                        signature,
                        report: format!(
                            "case WELD_FUZZ_CASE={seed:#x}, world `{world}`: {problem}\n--- WIT ---\n{text}\n--- end ---"
                        ),
                    });
                }
            }
        }
    }
}

#[test]
fn wit_smith_packages() {
    let seconds = env_u64("WELD_FUZZ_SECONDS").unwrap_or(DEFAULT_SECONDS);
    let first = env_u64("WELD_FUZZ_SEED").unwrap_or(DEFAULT_SEED);
    let only = env_u64("WELD_FUZZ_CASE");
    let mut sample = Sample::from_env(first);
    let mut counts = Counts::default();
    let mut failures = Vec::new();
    let start = Instant::now();
    let budget = Duration::from_secs(seconds);
    match only {
        Some(seed) => run_case(seed, &mut counts, &mut failures, &mut sample),
        None => {
            let mut seed = first;
            while start.elapsed() < budget {
                run_case(seed, &mut counts, &mut failures, &mut sample);
                seed = seed.wrapping_add(1);
            }
        }
    }
    if let Some(sample) = &sample {
        counts.sampled = sample.write();
    }
    let c = &counts;
    // Straight to stderr, not through the test harness's capture: the
    // counts show in every run's log, passing or not.
    let _ = writeln!(
        std::io::stderr(),
        "weld fuzz: {:.1}s, seeds {first:#x}..+{}: {} cases, {} packages (wit-smith gave up on {}, \
         {} did not reparse), {} worlds: {} generated, {} rejected as unsupported, \
         {} panics, {} invalid Rust, {} bad errors; {} sampled",
        start.elapsed().as_secs_f64(),
        c.cases,
        c.cases,
        c.packages,
        c.smith_gave_up,
        c.unparsable,
        c.worlds,
        c.generated,
        c.rejected,
        c.panics,
        c.invalid_rust,
        c.bad_errors,
        c.sampled,
    );
    if failures.is_empty() {
        assert!(
            c.generated > 0 || seconds == 0 || only.is_some(),
            "no world generated"
        );
        return;
    }
    let shown: Vec<&str> = failures
        .iter()
        .take(SHOWN_FAILURES)
        .map(|f| f.report.as_str())
        .collect();
    panic!(
        "{} distinct weld-bindgen failure(s) on random WIT:\n\n{}",
        failures.len(),
        shown.join("\n\n")
    );
}

/// The checks above must see a panic as a panic, and the seed as the
/// reproduction.
#[test]
fn rng_is_deterministic() {
    let (mut a, mut b) = (Rng::new(7), Rng::new(7));
    assert_eq!(a.bytes(64), b.bytes(64));
    assert_ne!(Rng::new(7).next(), Rng::new(8).next());
}

/// The resolve of a printed package reparses (sanity of [`smith`]).
#[test]
fn printed_packages_reparse() {
    let mut reparsed = 0;
    for seed in 0..20 {
        if let Some((text, _)) = smith(seed) {
            let mut resolve = Resolve::default();
            if resolve.push_str("fuzz.wit", &text).is_ok() {
                reparsed += 1;
            }
        }
    }
    assert!(reparsed > 0, "no printed wit-smith package reparses");
}
