//! The chart: for each measured row, by how many times weld is better than
//! shared-nothing, as a horizontal bar on a log scale.

use super::Measured;
use super::plain::Plain;
use super::stats::human;
use super::table::rows;
use std::fmt::Write as _;
use weld_harness::wasmtime::Result;

/// Width of the label column, in pixels.
const LABEL_W: f64 = 430.0;
/// Width of the bars' area.
const BAR_W: f64 = 420.0;
/// Height of one bar's row.
const ROW_H: f64 = 22.0;

/// An SVG bar chart of the factors of every row that has one.
pub fn chart(all: &[Measured], plain: Option<&Plain>) -> Result<String> {
    let bars: Vec<(String, f64)> = rows(all, plain)?
        .into_iter()
        .filter_map(|r| r.factor().map(|f| (r.label, f)))
        .collect();
    let scale = Scale::of(bars.iter().map(|b| b.1));
    let height = 50.0 + ROW_H * bars.len() as f64;
    let mut s = String::new();
    writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{height}" font-family="sans-serif" font-size="12">"#,
        w = LABEL_W + BAR_W + 80.0
    )?;
    writeln!(
        s,
        r#"<text x="10" y="18" font-size="14">How many times better weld is than shared-nothing (log scale; 1× = equal)</text>"#
    )?;
    axis(&mut s, &scale, height)?;
    for (i, (label, f)) in bars.iter().enumerate() {
        bar(&mut s, &scale, 32.0 + ROW_H * i as f64, label, *f)?;
    }
    writeln!(s, "</svg>")?;
    Ok(s)
}

/// The log scale: whole decades from below the smallest factor (and 1×)
/// to above the largest (and 10×).
struct Scale {
    /// log10 of the leftmost decade.
    min: f64,
    /// log10 of the rightmost decade.
    max: f64,
}

impl Scale {
    /// The decades that hold every one of `factors`.
    fn of(factors: impl Iterator<Item = f64> + Clone) -> Scale {
        Scale {
            min: factors.clone().fold(1.0_f64, f64::min).log10().floor(),
            max: factors.fold(10.0_f64, f64::max).log10().ceil(),
        }
    }

    /// The x coordinate of factor `f`.
    fn x(&self, f: f64) -> f64 {
        LABEL_W + (f.log10() - self.min) / (self.max - self.min) * BAR_W
    }
}

/// A vertical line and its label at each decade.
fn axis(s: &mut String, scale: &Scale, height: f64) -> Result<()> {
    let mut decade = scale.min;
    while decade <= scale.max {
        let px = scale.x(10f64.powf(decade));
        writeln!(
            s,
            r##"<line x1="{px}" y1="28" x2="{px}" y2="{y2}" stroke="#ccc"/><text x="{px}" y="{ty}" text-anchor="middle">{t}×</text>"##,
            y2 = height - 14.0,
            ty = height - 2.0,
            t = human(10f64.powf(decade))
        )?;
        decade += 1.0;
    }
    Ok(())
}

/// One row at `y`: its label, a bar from 1× to `f` (green where weld is
/// better, red where worse) and the factor after it.
fn bar(s: &mut String, scale: &Scale, y: f64, label: &str, f: f64) -> Result<()> {
    let (x0, x1) = (scale.x(1.0), scale.x(f));
    let (left, width) = if x1 >= x0 {
        (x0, x1 - x0)
    } else {
        (x1, x0 - x1)
    };
    let colour = if f >= 1.0 { "#2a7" } else { "#c44" };
    let label = label
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('`', "");
    writeln!(
        s,
        r#"<text x="{lx}" y="{ty}" text-anchor="end">{label}</text>"#,
        lx = LABEL_W - 8.0,
        ty = y + 13.0
    )?;
    writeln!(
        s,
        r#"<rect x="{left}" y="{y}" width="{width}" height="{h}" fill="{colour}"/>"#,
        h = ROW_H - 6.0
    )?;
    writeln!(
        s,
        r#"<text x="{tx}" y="{ty}">{v}×</text>"#,
        tx = left + width + 4.0,
        ty = y + 13.0,
        v = human(f)
    )?;
    Ok(())
}
