//! The middle stage: each read offers an empty buffer with room for
//! `room` bytes; the bytes are changed in place in the buffer the read
//! returned (with `touch`), and that buffer is written on.
#![cfg_attr(
    feature = "shared-nothing",
    allow(
        missing_docs,
        reason = "wit-bindgen's generated bindings carry no docs"
    )
)]

#[cfg(feature = "weld")]
weld::generate!({ path: "../wit", world: "transformer-provider" });
#[cfg(feature = "shared-nothing")]
wit_bindgen::generate!({ path: "../wit", world: "transformer-provider" });
#[cfg(not(any(feature = "weld", feature = "shared-nothing")))]
compile_error!(
    "build with `--features weld` or `--features shared-nothing` (bench/async/README.md)"
);

#[cfg(feature = "weld")]
use weld::rt;
#[cfg(feature = "shared-nothing")]
use wit_bindgen as rt;

use exports::bench::pipe::transformer::{Arrived, Guest};
use rt::{StreamReader, StreamResult};
use std::cell::Cell;

thread_local! {
    /// What this instance's reads received so far.
    static RECEIVED: Cell<Arrived> = const {
        Cell::new(Arrived { bytes: 0, reads: 0, landed: 0 })
    };
}

struct Transformer;

impl Guest for Transformer {
    async fn transform(mut input: StreamReader<u8>, room: u32, touch: bool) -> StreamReader<u8> {
        let (mut tx, rx) = wit_stream::new::<u8>();
        // Detached: the task runs on after `transform` has returned.
        drop(rt::spawn_local(async move {
            loop {
                let offered = Vec::with_capacity(room.max(1) as usize);
                let at = offered.as_ptr();
                let (result, mut buf) = input.read(offered).await;
                match result {
                    StreamResult::Complete(0) => continue,
                    StreamResult::Complete(n) => RECEIVED.with(|r| {
                        let mut c = r.get();
                        c.bytes += n as u64;
                        c.reads += 1;
                        if buf.as_ptr() == at {
                            c.landed += n as u64;
                        }
                        r.set(c);
                    }),
                    StreamResult::Dropped | StreamResult::Cancelled => break,
                }
                if touch {
                    for b in buf.iter_mut() {
                        *b = b.wrapping_add(1);
                    }
                }
                if !tx.write_all(buf).await.is_empty() {
                    break;
                }
            }
        }));
        rx
    }

    fn received() -> Arrived {
        RECEIVED.with(Cell::get)
    }
}

export!(Transformer);
