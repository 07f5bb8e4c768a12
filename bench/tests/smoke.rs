//! The smoke run of `weld-bench async` (the stream pipeline, weld against
//! shared-nothing) that `cargo xtask test` makes: both builds of
//! bench/async, which `cargo xtask build-wasm` builds, run through the
//! benchmark's own runner over 4 MiB per run. The runner checks every
//! run's bytes, buffers and checksum; this checks the copy figures it
//! counted: none with weld, every byte at both boundaries shared-nothing.

use std::process::Command;

/// The cells of the row labelled `label` in the report's table.
fn row<'a>(report: &'a str, label: &str) -> Vec<&'a str> {
    let line = report
        .lines()
        .find(|l| l.starts_with(&format!("| {label} |")))
        .unwrap_or_else(|| panic!("no row {label:?} in\n{report}"));
    line.trim_matches('|')
        .split('|')
        .map(str::trim)
        .skip(1)
        .collect()
}

#[test]
fn the_pipeline_benchmark_runs_and_counts_the_copies() {
    let dir = weld_harness::paths::target_dir().join("weld-bench-async");
    let out = Command::new(env!("CARGO_BIN_EXE_weld-bench"))
        .arg("async")
        .arg(&dir)
        .arg("--smoke")
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "weld-bench async {} --smoke failed (built by `cargo xtask build-wasm`?):\n{}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        row(&report, "64 KiB buffers through each stream per run")[..2],
        ["64", "64"]
    );
    for boundary in ["producer -> transformer", "transformer -> consumer"] {
        let label = format!("bytes copied per 64 KiB buffer, {boundary}");
        assert_eq!(row(&report, &label)[..2], ["0", "65,536"], "{label}");
    }
    assert_eq!(
        row(
            &report,
            "weld's runtime counter, bytes copied per 64 KiB buffer"
        )[..2],
        ["0", "–"]
    );
    assert_eq!(row(&report, "linear memories")[..2], ["1", "4"]);
}
