//! Runs the example app (examples/app) in wasmtime: calls its `run` export
//! with the weld ABI and prints the result and the module's memory count.

use wasmtime::Result;
use weld_harness::{Guest, inspect, paths};

fn main() -> Result<()> {
    let input = std::env::args()
        .nth(1)
        .unwrap_or_else(|| String::from("weld links WebAssembly components into one memory"));
    let path = paths::built_wasm("weld-example-app")?;
    let summary = inspect::inspect(&std::fs::read(&path)?)?;
    let mut guest = Guest::load(&path)?;
    let out = guest.call_canonical_string("run", Some(&input))?;
    println!("{out}");
    println!("---");
    println!("module: {}", path.display());
    println!("linear memories: {}", summary.memories);
    println!(
        "imports: {}",
        summary
            .imports
            .iter()
            .map(|(m, n)| format!("{m}::{n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(())
}
