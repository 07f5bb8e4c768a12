//! The root crate of tests/tests/async_host_export_ends.rs: async exports
//! whose parameters and results are streams and futures, bridged to and
//! from the host by pumps (abi-spec/ASYNC.md section 11, "Ends of
//! exports"); the linked crate tests/guests/host-ends-lib reads and
//! writes them.

#[weld::shared_world(path = "../host-ends-wit", world = "app")]
mod bindings {}

use bindings::exports::test::host_ends::{source, stdout};
use bindings::test::host_ends::bytes;
use std::sync::atomic::{AtomicU64, Ordering};
use weld::rt::{FutureReader, StreamReader};
use weld_test_host_ends_lib as _;

struct App;

/// What the last `write-via-stream` read (`count << 32 | sum`).
static WRITTEN: AtomicU64 = AtomicU64::new(0);

impl stdout::Guest for App {
    async fn write_via_stream(data: StreamReader<u8>) -> Result<(), stdout::ErrorCode> {
        let read = bytes::sum_stream(data).await;
        WRITTEN.store(read, Ordering::Relaxed);
        if read == u64::MAX {
            Err(stdout::ErrorCode::Io)
        } else {
            Ok(())
        }
    }

    fn written() -> u64 {
        WRITTEN.load(Ordering::Relaxed)
    }
}

impl source::Guest for App {
    async fn open(n: u32, chunk: u32, yields: u32) -> StreamReader<u8> {
        for _ in 0..yields {
            weld::rt::yield_async().await;
        }
        bytes::count_up(n, chunk)
    }

    async fn triple_later(x: u32, yields: u32) -> FutureReader<u32> {
        bytes::triple(x, yields)
    }

    async fn read_via_stream(
        n: u32,
        chunk: u32,
    ) -> (
        StreamReader<u8>,
        FutureReader<Result<(), stdout::ErrorCode>>,
    ) {
        let data = bytes::count_up(n, chunk);
        let (done, outcome) = bindings::wit_future::new::<Result<(), stdout::ErrorCode>>(|| Ok(()));
        weld::rt::spawn(async move {
            let value = if n % 2 == 1 {
                Err(stdout::ErrorCode::Pipe)
            } else {
                Ok(())
            };
            let _ = done.write(value).await;
        });
        (data, outcome)
    }

    async fn listen(n: u32) -> Result<StreamReader<u8>, stdout::ErrorCode> {
        if n == 0 {
            Err(stdout::ErrorCode::Io)
        } else {
            Ok(bytes::count_up(n, 4096))
        }
    }

    async fn widen(x: u32, n: u32) -> source::WideOut {
        source::WideOut {
            a: x,
            b: x + 1,
            c: x + 2,
            d: x + 3,
            e: x + 4,
            f: x + 5,
            g: x + 6,
            h: x + 7,
            i: x + 8,
            j: x + 9,
            k: x + 10,
            l: x + 11,
            m: x + 12,
            n: x + 13,
            o: x + 14,
            p: x + 15,
            data: bytes::count_up(n, 4096),
        }
    }

    async fn add_one(v: FutureReader<u32>) -> u32 {
        v.await + 1
    }

    async fn gather(parts: Vec<StreamReader<u8>>, extra: Option<FutureReader<u32>>) -> u64 {
        let mut total = 0u64;
        for part in parts {
            let read = bytes::sum_stream(part).await;
            if read == u64::MAX {
                return u64::MAX;
            }
            total += read;
        }
        match extra {
            Some(f) => total + u64::from(f.await),
            None => total,
        }
    }

    #[allow(
        clippy::too_many_arguments,
        reason = "the WIT function's 17 parameters"
    )]
    async fn wide(
        a: u32,
        b: u32,
        c: u32,
        d: u32,
        e: u32,
        f: u32,
        g: u32,
        h: u32,
        i: u32,
        j: u32,
        k: u32,
        l: u32,
        m: u32,
        n: u32,
        o: u32,
        p: u32,
        data: StreamReader<u8>,
    ) -> u64 {
        let read = bytes::sum_stream(data).await;
        let numbers = [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p];
        read + numbers.iter().map(|&x| u64::from(x)).sum::<u64>()
    }
}

impl bindings::Guest for App {
    async fn read_host_count(n: u32) -> u64 {
        bytes::sum_stream(bindings::host_count(n)).await
    }

    async fn read_host_pair(n: u32) -> u64 {
        let (data, triple) = bindings::host_pair(n);
        let read = bytes::sum_stream(data).await;
        read + u64::from(triple.await)
    }

    async fn send_opt(n: u32) -> u64 {
        let data = (n > 0).then(|| bytes::count_up(n, 4096));
        bindings::host_consume_opt(data).await
    }

    async fn send_count(n: u32, chunk: u32) -> u64 {
        bindings::host_consume(bytes::count_up(n, chunk)).await
    }

    async fn echo(data: StreamReader<u8>) -> StreamReader<u8> {
        data
    }

    fn refused_writes() -> u32 {
        bytes::refused_writes()
    }

    fn live_bytes() -> u64 {
        weld::alloc::stats().live_bytes as u64
    }
}

bindings::export!(App with_types_in bindings);
