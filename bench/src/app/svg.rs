//! The chart: for each measured row, by how many times weld is better than
//! shared-nothing, as a horizontal bar on a log scale.

use super::Measured;
use super::plain::Plain;
use super::stats::human;
use super::table::rows;
use std::fmt::Write as _;
use weld_harness::wasmtime::Result;

/// An SVG bar chart of the factors of every row that has one.
pub fn chart(all: &[Measured], plain: Option<&Plain>) -> Result<String> {
    let bars: Vec<(String, f64)> = rows(all, plain)?
        .into_iter()
        .filter_map(|r| r.factor().map(|f| (r.label, f)))
        .collect();
    let (label_w, bar_w, row_h) = (430.0, 420.0, 22.0);
    let max = bars
        .iter()
        .map(|b| b.1)
        .fold(10.0_f64, f64::max)
        .log10()
        .ceil();
    let min = bars
        .iter()
        .map(|b| b.1)
        .fold(1.0_f64, f64::min)
        .log10()
        .floor();
    let x = |f: f64| label_w + (f.log10() - min) / (max - min) * bar_w;
    let height = 50.0 + row_h * bars.len() as f64;
    let mut s = String::new();
    writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{height}" font-family="sans-serif" font-size="12">"#,
        w = label_w + bar_w + 80.0
    )?;
    writeln!(
        s,
        r#"<text x="10" y="18" font-size="14">How many times better weld is than shared-nothing (log scale; 1× = equal)</text>"#
    )?;
    let mut decade = min;
    while decade <= max {
        let px = x(10f64.powf(decade));
        writeln!(
            s,
            r##"<line x1="{px}" y1="28" x2="{px}" y2="{y2}" stroke="#ccc"/><text x="{px}" y="{ty}" text-anchor="middle">{t}×</text>"##,
            y2 = height - 14.0,
            ty = height - 2.0,
            t = human(10f64.powf(decade))
        )?;
        decade += 1.0;
    }
    for (i, (label, f)) in bars.iter().enumerate() {
        let y = 32.0 + row_h * i as f64;
        let (x0, x1) = (x(1.0), x(*f));
        let (left, width) = if x1 >= x0 {
            (x0, x1 - x0)
        } else {
            (x1, x0 - x1)
        };
        let colour = if *f >= 1.0 { "#2a7" } else { "#c44" };
        let label = label
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('`', "");
        writeln!(
            s,
            r#"<text x="{lx}" y="{ty}" text-anchor="end">{label}</text>"#,
            lx = label_w - 8.0,
            ty = y + 13.0
        )?;
        writeln!(
            s,
            r#"<rect x="{left}" y="{y}" width="{width}" height="{h}" fill="{colour}"/>"#,
            h = row_h - 6.0
        )?;
        writeln!(
            s,
            r#"<text x="{tx}" y="{ty}">{v}×</text>"#,
            tx = left + width + 4.0,
            ty = y + 13.0,
            v = human(*f)
        )?;
    }
    writeln!(s, "</svg>")?;
    Ok(s)
}
