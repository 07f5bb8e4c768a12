//! The stats service: exports `example:stats/summary` with borrowed
//! parameters, so the list of numbers is read in place, not copied.

#[weld::shared_world(path = "wit", world = "stats-service", export_params = "borrowed")]
mod bindings {}

use bindings::exports::example::stats::summary::{Guest, Level, Summary};

struct Stats;

impl Guest for Stats {
    fn summarize(values: &[f64]) -> Summary {
        let count = values.len() as u32;
        let sum: f64 = values.iter().sum();
        let min = values.iter().copied().fold(f64::INFINITY, f64::min);
        let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let mean = if count == 0 {
            0.0
        } else {
            sum / f64::from(count)
        };
        Summary {
            count,
            mean,
            min,
            max,
        }
    }

    fn classify(values: &[f64], threshold: f64) -> Level {
        if values.is_empty() {
            return Level::Empty;
        }
        let mean = Self::summarize(values).mean;
        if mean < threshold {
            Level::Low(mean)
        } else {
            Level::High(format!("mean {mean:.2} >= {threshold}"))
        }
    }
}

bindings::export!(Stats with_types_in bindings);
