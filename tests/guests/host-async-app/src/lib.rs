//! The root crate of the async host-import round trips
//! (tests/tests/async_host_imports.rs): its exports call the middle
//! crate's async `relay`, which awaits the host's async functions, and the
//! host's `tally` (parameters in memory) directly.

#[weld::shared_world(path = "../host-async-wit", world = "app")]
mod bindings {}

use bindings::test::host_async::{host_files, host_io, host_wasi, relay};
use std::future::{Future, IntoFuture};
use std::task::{Context, Waker};
use weld::rt::block_on;
use weld_test_host_async_mid as _;

struct App;

impl bindings::Guest for App {
    async fn run(s: String, yields: u32) -> String {
        relay::relay(s, yields).await
    }

    async fn files(name: String, yields: u32) -> String {
        let a = host_files::File::open_later(name.clone(), yields).await;
        let b = host_files::File::open_later(format!("{name}+"), yields).await;
        a.append_later(b, yields).await;
        a.read_later(yields).await
    }

    async fn framed(name: String, yields: u32) -> String {
        let a = host_files::File::open_later(name, yields).await;
        let x = host_files::File::open_later("x".into(), yields).await;
        a.framed_later("<".into(), ">".into(), x, yields).await
    }

    async fn gauge_twice(v: u32, yields: u32) -> u64 {
        let g = bindings::Gauge::make_later(v, yields).await;
        let first = g.bump_later(1, yields).await;
        let second = g.bump_later(2, yields).await;
        u64::from(first) << 32 | u64::from(second)
    }

    async fn call_shout(s: String, yields: u32) -> String {
        bindings::shout(s, yields).await
    }

    fn run_blocking(s: String, yields: u32) -> String {
        block_on(relay::relay(s, yields))
    }

    async fn tally(bytes: Vec<u8>, label: String, yields: u32) -> String {
        let t = host_io::tally(1, u64::MAX - 300, 2, bytes, label, yields).await;
        format!("{} {} {}", t.count, t.total, t.label)
    }

    async fn cancel_host_call(s: String, yields: u32) -> bool {
        let mut call = Box::pin(host_io::reverse_later(s, yields));
        let first = call.as_mut().poll(&mut Context::from_waker(Waker::noop()));
        drop(call);
        first.is_pending()
    }

    fn pending_seen() -> u32 {
        relay::pending_seen()
    }

    fn read_bytes(n: u32) -> u64 {
        block_on(read_counted(host_io::bytes(n)))
    }

    async fn read_later(n: u32, yields: u32) -> u64 {
        let s = host_io::open_later(n, yields).await;
        read_counted(s).await
    }

    async fn read_words(n: u32) -> u32 {
        let mut s = host_io::words(n);
        let mut good = 0;
        while let Some(w) = s.next().await {
            good += u32::from(w == format!("w{good}-ü"));
        }
        good
    }

    async fn send_future(s: String, yields: u32) -> String {
        let (writer, reader) = bindings::wit_future::new::<String>(String::new);
        weld::rt::spawn(async move {
            for _ in 0..yields {
                weld::rt::yield_async().await;
            }
            let _ = writer.write(s).await;
        });
        host_io::await_value(reader).await
    }

    fn read_future(x: u32) -> u32 {
        block_on(host_io::triple_later(x).into_future())
    }

    async fn send_bytes(n: u32, chunk: u32) -> u64 {
        let (mut writer, reader) = bindings::wit_stream::new::<u8>();
        weld::rt::spawn(async move {
            let mut next = 0u32;
            while next < n {
                let len = chunk.min(n - next);
                let buf: Vec<u8> = (next..next + len).map(|i| i as u8).collect();
                if !writer.write_all(buf).await.is_empty() {
                    return;
                }
                next += len;
            }
        });
        host_io::consume(reader).await
    }

    async fn error_round_trip(msg: String, yields: u32) -> String {
        let e = weld::rt::ErrorContext::new(msg);
        let first = host_io::take_error(e.clone());
        let second = host_io::take_error_later(e.clone(), yields).await;
        format!("{first}|{second}|{}|{}", e.message(), e.refs())
    }

    async fn wasi_read(offset: u64, n: u32, yields: u32) -> String {
        let (s, f) = host_wasi::read_via_stream(offset, n);
        let first = read_pair(offset, s, f).await;
        let (s, f) = host_wasi::read_via_stream_later(offset, n, yields).await;
        let second = read_pair(offset, s, f).await;
        format!("{first} {second}")
    }

    async fn wasi_request(body: u32, trailers: u32) -> String {
        let headers = host_wasi::Fields::new(&["a".to_string(), "b".to_string()]);
        let contents = (body > 0).then(|| {
            let (mut writer, reader) = bindings::wit_stream::new::<u8>();
            weld::rt::spawn(async move {
                let buf: Vec<u8> = (0..body).map(|i| i as u8).collect();
                let _ = writer.write_all(buf).await;
            });
            reader
        });
        let (writer, reader) = bindings::wit_future::new::<
            Result<Option<host_wasi::Fields>, host_wasi::ErrorCode>,
        >(|| Ok(None));
        weld::rt::spawn(async move {
            let value = match trailers {
                0 => Ok(None),
                1 => Ok(Some(host_wasi::Fields::new(&["t".to_string()]))),
                _ => Err(host_wasi::ErrorCode::Access),
            };
            let _ = writer.write(value).await;
        });
        let options = host_wasi::RequestOptions::new(5);
        let (request, done) = host_wasi::Request::new(headers, contents, reader, Some(options));
        let done = match done.await {
            Ok(()) => "ok",
            Err(host_wasi::ErrorCode::Busy) => "busy",
            Err(host_wasi::ErrorCode::Access) => "access",
        };
        let seen = request.describe();
        drop(request);
        format!("{done}|{seen}")
    }

    async fn wasi_listen(id: u32, n: u32) -> String {
        let socket = host_wasi::TcpSocket::new(id);
        let Ok(mut accepted) = socket.listen(n) else {
            return "err".into();
        };
        let mut ids = Vec::new();
        while let Some(s) = accepted.next().await {
            ids.push(s.id().to_string());
        }
        ids.join(",")
    }

    async fn wasi_send_maybe(n: u32, some: bool, yields: u32) -> u64 {
        let data = some.then(|| {
            let (mut writer, reader) = bindings::wit_stream::new::<u8>();
            weld::rt::spawn(async move {
                let buf: Vec<u8> = (0..n).map(|i| i as u8).collect();
                let _ = writer.write_all(buf).await;
            });
            reader
        });
        host_wasi::send_maybe(data, yields).await
    }

    async fn wasi_stall(n: u32, yields: u32) -> u64 {
        let Some(mut s) = host_wasi::stalling(n) else {
            return u64::MAX;
        };
        let mut sum = 0u64;
        let mut got = 0;
        while got < n {
            let Some(buf) = s.next_buf().await else {
                return u64::MAX;
            };
            got += buf.len() as u32;
            sum += buf.iter().map(|&b| u64::from(b)).sum::<u64>();
        }
        // The pump's next read of the host's stream is pending: dropping
        // the reader cancels it.
        drop(s);
        for _ in 0..yields {
            weld::rt::yield_async().await;
        }
        sum
    }

    async fn wasi_stall_future(yields: u32) -> bool {
        let Ok(f) = host_wasi::stalling_future() else {
            return false;
        };
        let mut f = Box::pin(f.into_future());
        let first = f.as_mut().poll(&mut Context::from_waker(Waker::noop()));
        // The pump's read of the host's future is pending: dropping the
        // reader cancels it.
        drop(f);
        for _ in 0..yields {
            weld::rt::yield_async().await;
        }
        first.is_pending()
    }

    async fn wasi_bundle(name: String, n: u32) -> String {
        let bundle = host_wasi::open_bundle(&name, n);
        let mut parts = Vec::new();
        for part in bundle.parts {
            parts.push(match part {
                host_wasi::Part::Text(t) => format!("t{t}"),
                host_wasi::Part::Bytes(s) => {
                    let counted = read_counted(s).await;
                    format!("b{}|{}", counted >> 32, counted & 0xffff_ffff)
                }
                host_wasi::Part::Done(f) => format!("d{}", f.await),
            });
        }
        format!("{}:{}", bundle.name, parts.join(","))
    }

    async fn wasi_measure(label: String, n: u32, some: bool) -> String {
        let data = some.then(|| {
            let (mut writer, reader) = bindings::wit_stream::new::<u8>();
            weld::rt::spawn(async move {
                let buf: Vec<u8> = (0..n).map(|i| i as u8).collect();
                let _ = writer.write_all(buf).await;
            });
            reader
        });
        let r = host_wasi::Labelled { label, data };
        host_wasi::measure(r).await
    }

    fn live_bytes() -> u64 {
        weld::alloc::stats().live_bytes as u64
    }
}

/// Reads `s` (bytes `offset, offset + 1, ...`) to its end, then `f`:
/// `"<count>|<sum>|<ok, busy or access>"`, or `bad` for an unexpected byte.
async fn read_pair(
    offset: u64,
    mut s: weld::rt::StreamReader<u8>,
    f: weld::rt::FutureReader<Result<(), host_wasi::ErrorCode>>,
) -> String {
    let (mut count, mut sum) = (0u64, 0u64);
    while let Some(buf) = s.next_buf().await {
        for b in buf {
            if u64::from(b) != (offset + count) % 256 {
                return "bad".into();
            }
            count += 1;
            sum += u64::from(b);
        }
    }
    let end = match f.await {
        Ok(()) => "ok",
        Err(host_wasi::ErrorCode::Busy) => "busy",
        Err(host_wasi::ErrorCode::Access) => "access",
    };
    format!("{count}|{sum}|{end}")
}

/// Reads `s` to its end: `count << 32 | sum`, or `u64::MAX` if a byte is
/// not `count % 256`.
async fn read_counted(mut s: weld::rt::StreamReader<u8>) -> u64 {
    let (mut count, mut sum) = (0u64, 0u64);
    while let Some(buf) = s.next_buf().await {
        for b in buf {
            if u64::from(b) != count % 256 {
                return u64::MAX;
            }
            count += 1;
            sum += u64::from(b);
        }
    }
    count << 32 | sum
}

bindings::export!(App with_types_in bindings);
