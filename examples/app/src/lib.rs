//! The example app: the root crate. It imports `example:text/transform` and
//! `example:stats/summary`, which the two service crates export; linked
//! together they are one wasm module with one memory, and each import is a
//! direct call into the other crate.

#[weld::shared_world(path = "wit", world = "app")]
mod bindings {}

// Name each component crate once so that rustc links it in.
use ::weld_example_stats as _;
use ::weld_example_text as _;

use bindings::example::stats::summary::{self, Level};
use bindings::example::text::transform;

struct App;

impl bindings::Guest for App {
    fn run(input: String) -> String {
        let words = transform::words(&input);
        let counts = transform::stats(&input);
        let lengths: Vec<f64> = words.iter().map(|w| w.chars().count() as f64).collect();
        let summary = summary::summarize(&lengths);
        let level = match summary::classify(&lengths, 4.0) {
            Level::Empty => String::from("empty"),
            Level::Low(mean) => format!("short words (mean {mean:.2})"),
            Level::High(why) => format!("long words ({why})"),
        };
        format!(
            "{upper}\nwords: {words:?}\nchars={c} words={w} lines={l}\nword length: min={min} max={max} mean={mean:.2}\n{level}",
            upper = transform::upper(&input),
            c = counts.chars,
            w = counts.words,
            l = counts.lines,
            min = summary.min,
            max = summary.max,
            mean = summary.mean,
        )
    }
}

bindings::export!(App with_types_in bindings);
