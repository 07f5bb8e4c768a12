//! A plain-std app: it prints, reads an environment variable and its
//! arguments, measures time, draws random numbers (std and getrandom) and
//! reads files, all with std's ordinary APIs.
//!
//! `weld-wasi-preview1` turns those std calls into WASI 0.2 imports. With
//! the feature `virtual`, the virtual WASI crates (`wasi/virt/`) are linked
//! too and serve every one of them: the module imports nothing. Without
//! it, the host's WASI serves them.

#[weld::shared_world(path = "wit", world = "app")]
mod bindings {}

use std::fmt::Write as _;
use weld_wasi_preview1 as _;

#[cfg(feature = "virtual")]
mod setup;

struct App;

impl bindings::Guest for App {
    fn run() -> String {
        #[cfg(feature = "virtual")]
        setup::configure();
        let report = report();
        #[cfg(feature = "virtual")]
        let report = setup::with_captured_output(report);
        report
    }
}

bindings::export!(App with_types_in bindings);

/// What the app found, one fact a line; it also prints two lines.
fn report() -> String {
    let mut out = String::new();
    println!("hello from the app");
    eprintln!("a line on stderr");
    let greeting = std::env::var("GREETING").unwrap_or_else(|_| String::from("(unset)"));
    let _ = writeln!(out, "GREETING={greeting}");
    let args: Vec<String> = std::env::args().collect();
    let _ = writeln!(out, "args={args:?}");
    let start = std::time::Instant::now();
    let epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let _ = writeln!(out, "after 2020: {}", epoch > 1_577_836_800);
    let mut bytes = [0u8; 16];
    let random_ok = getrandom::fill(&mut bytes).is_ok() && bytes != [0; 16];
    let _ = writeln!(out, "random: {random_ok}");
    let keys = std::collections::HashMap::<u32, u32>::from([(1, 1), (2, 2)]).len();
    let _ = writeln!(out, "hashmap: {keys}");
    files(&mut out);
    let _ = writeln!(out, "time moves: {}", start.elapsed().as_nanos() > 0);
    out
}

/// Reads the files under `/data`.
fn files(out: &mut String) {
    match std::fs::read_to_string("/data/greeting.txt") {
        Ok(s) => {
            let _ = write!(out, "greeting.txt: {s}");
        }
        Err(e) => {
            let _ = writeln!(out, "greeting.txt: {e}");
        }
    }
    let mut names: Vec<String> = match std::fs::read_dir("/data") {
        Ok(dir) => dir
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect(),
        Err(e) => vec![e.to_string()],
    };
    names.sort();
    let _ = writeln!(out, "/data: {names:?}");
    let size = std::fs::metadata("/data/docs/readme.txt").map(|m| m.len());
    let _ = writeln!(out, "docs/readme.txt: {size:?} bytes");
    let missing = std::fs::read("/data/missing").map_err(|e| e.kind());
    let _ = writeln!(out, "missing: {missing:?}");
}
