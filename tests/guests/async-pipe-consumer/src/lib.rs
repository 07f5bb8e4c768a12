//! The pipeline's last stage: reads with wit-bindgen's `read` into an
//! empty buffer with room for a whole buffer, so each read takes the
//! writer's buffer itself.

#[weld::shared_world(path = "../async-pipe-wit", world = "consumer-provider")]
mod bindings {}

use bindings::exports::test::pipe::consumer::{Guest, Tally};
use weld::rt::{StreamReader, StreamResult};

/// Room offered to each read: at least the producer's buffers.
const ROOM: usize = 1 << 20;

struct Consumer;

impl Guest for Consumer {
    async fn consume(mut input: StreamReader<u8>) -> Tally {
        let mut tally = Tally {
            bytes: 0,
            buffers: 0,
            checksum: 0,
        };
        loop {
            let (result, buf) = input.read(Vec::with_capacity(ROOM)).await;
            match result {
                StreamResult::Complete(n) => {
                    tally.bytes += n as u64;
                    tally.buffers += 1;
                    tally.checksum += buf.iter().map(|&b| u64::from(b)).sum::<u64>();
                }
                StreamResult::Dropped | StreamResult::Cancelled => break,
            }
        }
        tally
    }
}

bindings::export!(Consumer with_types_in bindings);
