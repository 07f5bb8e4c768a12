//! Scale: a world of 200 interfaces and 2,000 functions generates, and the
//! generated code grows linearly with the number of interfaces.
//!
//! The world comes from `tests/guests/scale/scale_wit.rs`, shared with the
//! `weld-test-scale` guest crate, which compiles the 200-interface world
//! for wasm32-wasip1 (`cargo xtask build-wasm`).
//!
//! Only sizes are asserted. Generation times are printed (`cargo test -p
//! weld-bindgen --test scale -- --nocapture`), never asserted: speed targets
//! are checked by benchmarks, not by timed tests.

#[path = "../../tests/guests/scale/scale_wit.rs"]
#[allow(dead_code, reason = "scale_impls is for the guest crate's build.rs")]
mod scale_wit;

use std::fmt::Write as _;
use std::io::Write as _;
use std::time::{Duration, Instant};

use scale_wit::{FUNCTIONS_PER_INTERFACE, scale_wit};
use weld_bindgen::{Options, Source};

/// What generating one size produced.
struct Measure {
    interfaces: usize,
    wit_bytes: usize,
    /// The fastest of a few runs.
    time: Duration,
    /// `TokenStream::to_string()` length.
    token_bytes: usize,
    /// Lines of the pretty-printed code.
    lines: usize,
}

fn measure(interfaces: usize) -> Measure {
    let wit = scale_wit(interfaces);
    let mut options = Options::new(Source::Inline(wit.clone()));
    options.crate_name = String::from("weld-test-scale");
    let mut time = Duration::MAX;
    let mut tokens = None;
    for _ in 0..3 {
        let start = Instant::now();
        let bindings = weld_bindgen::generate(&options)
            .unwrap_or_else(|e| panic!("{interfaces} interfaces: generation failed: {e}"));
        time = time.min(start.elapsed());
        tokens = Some(bindings.tokens);
    }
    let tokens = tokens.unwrap();
    let token_bytes = tokens.to_string().len();
    let file = syn::parse2::<syn::File>(tokens)
        .unwrap_or_else(|e| panic!("{interfaces} interfaces: not valid Rust: {e}"));
    let lines = prettyplease::unparse(&file).lines().count();
    Measure {
        interfaces,
        wit_bytes: wit.len(),
        time,
        token_bytes,
        lines,
    }
}

#[test]
fn generation_is_linear_in_the_number_of_interfaces() {
    let measures: Vec<Measure> = [50, 100, 200].into_iter().map(measure).collect();
    let mut report = String::from(
        "weld scale:\ninterfaces | functions | WIT bytes | generate (fastest of 3) | token bytes | pretty lines\n",
    );
    for m in &measures {
        writeln!(
            report,
            "{:>10} | {:>9} | {:>9} | {:>20.1} ms | {:>11} | {:>12}",
            m.interfaces,
            m.interfaces * FUNCTIONS_PER_INTERFACE,
            m.wit_bytes,
            m.time.as_secs_f64() * 1e3,
            m.token_bytes,
            m.lines
        )
        .unwrap();
    }
    let (small, large) = (&measures[0], &measures[2]);
    let time_ratio = large.time.as_secs_f64() / small.time.as_secs_f64();
    writeln!(
        report,
        "200/50: time x{time_ratio:.2} (reported, not asserted)"
    )
    .unwrap();
    let sizes = [
        ("token bytes", small.token_bytes, large.token_bytes),
        ("pretty lines", small.lines, large.lines),
    ];
    for (what, a, b) in sizes {
        writeln!(report, "200/50: {what} x{:.3}", b as f64 / a as f64).unwrap();
    }
    // Straight to stderr, not through the test harness's capture: the
    // numbers show in every run's log.
    let _ = std::io::stderr().write_all(report.as_bytes());
    for (what, a, b) in sizes {
        let ratio = b as f64 / a as f64;
        assert!(
            (3.5..=4.5).contains(&ratio),
            "{what}: 200 interfaces give {b}, 50 give {a}: x{ratio:.2}, not about x4"
        );
    }
}
