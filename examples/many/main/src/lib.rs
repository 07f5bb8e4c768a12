//! The app of the many-component example: imports the seven services and
//! exports `run` plus the boundary-crossing probes the benchmark calls.

#[cfg(feature = "weld")]
weld::generate!({ path: "../wit", world: "app" });
#[cfg(feature = "shared-nothing")]
wit_bindgen::generate!({ path: "../wit", world: "app" });
#[cfg(not(any(feature = "weld", feature = "shared-nothing")))]
compile_error!(
    "build with `--features weld` or `--features shared-nothing` (examples/many/README.md)"
);

// With weld the services are crates of this link: name each once so that
// rustc links it in (docs/bindings.md). Shared-nothing, they are separate
// components and these crates are not dependencies.
#[cfg(feature = "weld")]
mod linked {
    use weld_many_clock as _;
    use weld_many_config as _;
    use weld_many_counter as _;
    use weld_many_kv as _;
    use weld_many_logger as _;
    use weld_many_random as _;
    use weld_many_text as _;
    // std's WASI preview 1 calls (here only its panic path's: the message
    // to stderr, the `RUST_BACKTRACE` lookup) become WASI 0.2 imports
    // inside the link, so the component needs no preview 1 adapter. Left
    // out with `adapter`.
    #[cfg(not(feature = "adapter"))]
    use weld_wasi_preview1 as _;
}

use many::app::counters::Counter;
use many::app::log::{self, Level};
use many::app::{clock, config, kv, random, text};
use std::fmt::Write;

struct App;

impl Guest for App {
    fn run(input: String) -> String {
        let step: u64 = config::get("step-ns")
            .and_then(|s| s.parse().ok())
            .unwrap_or(1);
        let seed: u64 = config::get("seed")
            .and_then(|s| s.parse().ok())
            .unwrap_or(1);
        let top: usize = config::get("top").and_then(|s| s.parse().ok()).unwrap_or(3);
        random::seed(seed);
        log::log(Level::Info, &format!("run: {} bytes", input.len()));

        let words = text::words(&input);
        let total = Counter::new("words");
        let mut counters: Vec<(String, Counter)> = Vec::new();
        for w in &words {
            clock::advance(step);
            let key = text::upper(w);
            let seen: u64 = kv::get(&key).and_then(|v| v.parse().ok()).unwrap_or(0);
            kv::set(&key, &(seen + 1).to_string());
            total.add(1);
            match counters.iter().find(|(k, _)| *k == key) {
                Some((_, c)) => {
                    c.add(1);
                }
                None => {
                    let c = Counter::new(&key);
                    c.add(1);
                    counters.push((key, c));
                }
            }
        }

        let mut out = String::new();
        let greeting = config::get("greeting").unwrap_or_default();
        let _ = writeln!(out, "{greeting}");
        let _ = writeln!(out, "{}", total.describe());
        counters.sort_by(|a, b| b.1.value().cmp(&a.1.value()).then(a.0.cmp(&b.0)));
        for (_, c) in counters.iter().take(top) {
            let _ = writeln!(out, "top: {}", c.describe());
        }
        let keys = kv::keys();
        let _ = writeln!(out, "keys: {}", keys.join(","));
        let lengths: Vec<u32> = words.iter().map(|w| w.chars().count() as u32).collect();
        let _ = writeln!(out, "letters: {}", text::sum(&lengths));
        let dice: Vec<String> = random::bytes(4)
            .iter()
            .map(|b| (b % 6 + 1).to_string())
            .collect();
        let _ = writeln!(
            out,
            "dice: {} next={}",
            dice.join(" "),
            random::next() % 1000
        );
        let _ = writeln!(out, "clock: {} ns", clock::now());
        let settings = config::all();
        let _ = writeln!(out, "config: {} entries", settings.len());
        for line in log::drain() {
            let _ = writeln!(out, "log: {line}");
        }
        out
    }

    fn echo(s: String) -> String {
        text::echo(&s)
    }

    fn sum(xs: Vec<u32>) -> u64 {
        text::sum(&xs)
    }

    fn echo_n(s: String, n: u32) -> u64 {
        (0..n).map(|_| text::echo(&s).len() as u64).sum()
    }

    fn sum_n(xs: Vec<u32>, n: u32) -> u64 {
        (0..n).map(|_| text::sum(&xs)).sum()
    }
}

export!(App);
