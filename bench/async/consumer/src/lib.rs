//! The last stage: reads the stream to its end, each read offering an
//! empty buffer with room for `room` bytes, and sums what arrives (with
//! `touch`).
#![cfg_attr(
    feature = "shared-nothing",
    allow(
        missing_docs,
        reason = "wit-bindgen's generated bindings carry no docs"
    )
)]

#[cfg(feature = "weld")]
weld::generate!({ path: "../wit", world: "consumer-provider" });
#[cfg(feature = "shared-nothing")]
wit_bindgen::generate!({ path: "../wit", world: "consumer-provider" });
#[cfg(not(any(feature = "weld", feature = "shared-nothing")))]
compile_error!(
    "build with `--features weld` or `--features shared-nothing` (bench/async/README.md)"
);

#[cfg(feature = "weld")]
use weld::rt;
#[cfg(feature = "shared-nothing")]
use wit_bindgen as rt;

use exports::bench::pipe::consumer::{Arrived, Guest, Tally};
use rt::{StreamReader, StreamResult};

struct Consumer;

impl Guest for Consumer {
    async fn consume(mut input: StreamReader<u8>, room: u32, touch: bool) -> Tally {
        let mut tally = Tally {
            received: Arrived {
                bytes: 0,
                reads: 0,
                landed: 0,
            },
            checksum: 0,
        };
        loop {
            let offered = Vec::with_capacity(room.max(1) as usize);
            let at = offered.as_ptr();
            let (result, buf) = input.read(offered).await;
            match result {
                StreamResult::Complete(n) if n > 0 => {
                    tally.received.bytes += n as u64;
                    tally.received.reads += 1;
                    if buf.as_ptr() == at {
                        tally.received.landed += n as u64;
                    }
                    if touch {
                        tally.checksum += buf.iter().map(|&b| u64::from(b)).sum::<u64>();
                    }
                }
                StreamResult::Complete(_) => {}
                StreamResult::Dropped | StreamResult::Cancelled => break,
            }
        }
        tally
    }
}

export!(Consumer);
