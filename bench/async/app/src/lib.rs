//! The async benchmark's root: runs producer -> transformer -> consumer
//! and reports what the two readers received and where it landed. The
//! weld build's `run` is synchronous and waits with `block_on`; the
//! shared-nothing build's is an async export (world `pipeline-async`),
//! since a component's synchronous export may not wait for subtasks.
#![cfg_attr(
    feature = "shared-nothing",
    allow(
        missing_docs,
        reason = "wit-bindgen's generated bindings carry no docs"
    )
)]

#[cfg(feature = "weld")]
weld::generate!({ path: "../wit", world: "pipeline" });
#[cfg(feature = "shared-nothing")]
wit_bindgen::generate!({ path: "../wit", world: "pipeline-async" });
#[cfg(not(any(feature = "weld", feature = "shared-nothing")))]
compile_error!(
    "build with `--features weld` or `--features shared-nothing` (bench/async/README.md)"
);

// With weld the stages are crates of this link: name each once so that
// rustc links them in. Shared-nothing, they are separate components.
#[cfg(feature = "weld")]
mod linked {
    use weld_bench_async_consumer as _;
    use weld_bench_async_producer as _;
    use weld_bench_async_transformer as _;
    use weld_wasi_preview1 as _;
}

use bench::pipe::{consumer, producer, transformer};

struct App;

/// Bytes weld's runtime counted as copied by its streams so far; `None`
/// shared-nothing, where the Canonical ABI copies outside any guest.
fn runtime_copied() -> Option<u64> {
    #[cfg(feature = "weld")]
    return Some(weld::rt::stream_bytes().1);
    #[cfg(not(feature = "weld"))]
    None
}

/// The pipeline over `total` bytes in buffers of `chunk`, and its report.
async fn pipeline(total: u64, chunk: u32, touch: bool) -> String {
    let copied0 = runtime_copied();
    let before = transformer::received();
    let input = producer::produce(total, chunk).await;
    let output = transformer::transform(input, chunk, touch).await;
    let tally = consumer::consume(output, chunk, touch).await;
    let after = transformer::received();
    let copied = match (copied0, runtime_copied()) {
        (Some(a), Some(b)) => (b - a).to_string(),
        _ => "-".to_string(),
    };
    format!(
        "bytes={} buffers={} checksum={} transformer-bytes={} transformer-landed={} \
         consumer-landed={} runtime-copied={copied}",
        tally.received.bytes,
        tally.received.reads,
        tally.checksum,
        after.bytes - before.bytes,
        after.landed - before.landed,
        tally.received.landed,
    )
}

#[cfg(feature = "weld")]
impl Guest for App {
    fn run(total: u64, chunk: u32, touch: bool) -> String {
        weld::rt::block_on(pipeline(total, chunk, touch))
    }
}

#[cfg(feature = "shared-nothing")]
impl Guest for App {
    async fn run(total: u64, chunk: u32, touch: bool) -> String {
        pipeline(total, chunk, touch).await
    }
}

export!(App);
