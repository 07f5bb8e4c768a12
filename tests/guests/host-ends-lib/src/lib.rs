//! Exports `bytes` (tests/tests/async_host_export_ends.rs): reads a stream
//! and writes a stream and a future, each of which the root crate bridges
//! to or from the host (abi-spec/ASYNC.md section 11, "Ends of exports").

#[weld::shared_world(path = "../host-ends-wit", world = "lib")]
mod bindings {}

use bindings::exports::test::host_ends::bytes::Guest;
use std::sync::atomic::{AtomicU32, Ordering};
use weld::rt::{FutureReader, StreamReader};

struct Lib;

/// Writes `count-up` and `triple` found their reader gone for.
static REFUSED: AtomicU32 = AtomicU32::new(0);

impl Guest for Lib {
    async fn sum_stream(mut data: StreamReader<u8>) -> u64 {
        let (mut count, mut sum, mut good) = (0u64, 0u64, true);
        while let Some(buf) = data.next_buf().await {
            for b in buf {
                good &= u64::from(b) == count % 256;
                count += 1;
                sum += u64::from(b);
            }
        }
        if good { count << 32 | sum } else { u64::MAX }
    }

    fn count_up(n: u32, chunk: u32) -> StreamReader<u8> {
        let (mut writer, reader) = bindings::wit_stream::new::<u8>();
        weld::rt::spawn(async move {
            let mut next = 0u32;
            while next < n {
                let len = chunk.max(1).min(n - next);
                let buf: Vec<u8> = (next..next + len).map(|i| i as u8).collect();
                if !writer.write_all(buf).await.is_empty() {
                    REFUSED.fetch_add(1, Ordering::Relaxed);
                    return;
                }
                next += len;
            }
        });
        reader
    }

    fn triple(x: u32, yields: u32) -> FutureReader<u32> {
        let (writer, reader) = bindings::wit_future::new::<u32>(|| 0);
        weld::rt::spawn(async move {
            for _ in 0..yields {
                weld::rt::yield_async().await;
            }
            if writer.write(x * 3).await.is_err() {
                REFUSED.fetch_add(1, Ordering::Relaxed);
            }
        });
        reader
    }

    fn refused_writes() -> u32 {
        REFUSED.load(Ordering::Relaxed)
    }
}

bindings::export!(Lib with_types_in bindings);
