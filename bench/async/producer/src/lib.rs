//! The first stage: `produce` returns a stream at once and a task of this
//! crate writes it, one freshly allocated buffer per write, each handed
//! over whole (`write_all` returns when the reader took all of it).
#![cfg_attr(
    feature = "shared-nothing",
    allow(
        missing_docs,
        reason = "wit-bindgen's generated bindings carry no docs"
    )
)]

#[cfg(feature = "weld")]
weld::generate!({ path: "../wit", world: "producer-provider" });
#[cfg(feature = "shared-nothing")]
wit_bindgen::generate!({ path: "../wit", world: "producer-provider" });
#[cfg(not(any(feature = "weld", feature = "shared-nothing")))]
compile_error!(
    "build with `--features weld` or `--features shared-nothing` (bench/async/README.md)"
);

#[cfg(feature = "weld")]
use weld::rt;
#[cfg(feature = "shared-nothing")]
use wit_bindgen as rt;

use exports::bench::pipe::producer::Guest;
use rt::StreamReader;

struct Producer;

impl Guest for Producer {
    async fn produce(total: u64, chunk: u32) -> StreamReader<u8> {
        let (mut tx, rx) = wit_stream::new::<u8>();
        // Detached: the task runs on after `produce` has returned.
        drop(rt::spawn_local(async move {
            let mut sent = 0u64;
            let mut k = 0u64;
            while sent < total {
                let n = (total - sent).min(u64::from(chunk.max(1))) as usize;
                if !tx.write_all(vec![k as u8; n]).await.is_empty() {
                    break;
                }
                sent += n as u64;
                k += 1;
            }
        }));
        rx
    }
}

export!(Producer);
