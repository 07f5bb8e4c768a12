//! The pipeline's root: links the three stages, runs them on the module's
//! executor with `block_on`, and reports what crossed the two streams.

#[weld::shared_world(path = "../async-pipe-wit", world = "pipeline")]
mod bindings {}

use bindings::test::pipe::{consumer, producer, transformer};
use weld_test_async_pipe_consumer as _;
use weld_test_async_pipe_producer as _;
use weld_test_async_pipe_transformer as _;

struct App;

impl bindings::Guest for App {
    fn run(total: u64, chunk: u32) -> String {
        let (moved0, copied0) = weld::rt::stream_bytes();
        let input = producer::produce(total, chunk);
        let output = transformer::transform(input);
        let tally = weld::rt::block_on(consumer::consume(output));
        let (moved, copied) = weld::rt::stream_bytes();
        format!(
            "bytes={} buffers={} checksum={} moved={} copied={}",
            tally.bytes,
            tally.buffers,
            tally.checksum,
            moved - moved0,
            copied - copied0
        )
    }

    fn churn(n: u32) -> u32 {
        let mut input = producer::count(n);
        weld::rt::block_on(async move {
            let mut in_order = 0;
            while let Some(v) = input.next().await {
                if v == in_order {
                    in_order += 1;
                }
            }
            in_order
        })
    }
}

bindings::export!(App with_types_in bindings);
