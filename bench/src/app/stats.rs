//! Medians and spreads of repeated measurements.

/// A median with the smallest and largest sample.
#[derive(Debug, Clone, Copy)]
pub struct Spread {
    /// The median sample.
    pub median: f64,
    /// The smallest sample.
    pub min: f64,
    /// The largest sample.
    pub max: f64,
}

impl Spread {
    /// The median and range of `samples` (at least one).
    pub fn of(mut samples: Vec<f64>) -> Spread {
        assert!(!samples.is_empty(), "no samples");
        samples.sort_by(f64::total_cmp);
        let n = samples.len();
        let median = if n % 2 == 1 {
            samples[n / 2]
        } else {
            (samples[n / 2 - 1] + samples[n / 2]) / 2.0
        };
        Spread {
            median,
            min: samples[0],
            max: samples[n - 1],
        }
    }

    /// `median (min–max)` with `unit`, numbers shown with [`human`].
    pub fn show(&self, unit: &str) -> String {
        format!(
            "{}{unit} ({}–{})",
            human(self.median),
            human(self.min),
            human(self.max)
        )
    }
}

/// A number with three significant digits, thousands grouped.
pub fn human(x: f64) -> String {
    if x.abs() >= 1000.0 {
        group(x.round() as i64)
    } else if x.abs() >= 100.0 {
        format!("{x:.0}")
    } else if x.abs() >= 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.2}")
    }
}

/// `n` with `,` between groups of three digits.
pub fn group(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}
