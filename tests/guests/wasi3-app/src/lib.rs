//! A WASI 0.3 command (tests/tests/wasi3.rs): its `wasi:cli/run` export
//! is async; it reads the arguments and environment of the linked virtual
//! crate, waits on the linked virtual clock (two waits at once), takes
//! random bytes from the host and writes one report line to the host's
//! stdout through a `stream<u8>` (`write-via-stream`), then awaits the
//! host's `future<result<_, error-code>>` of that write.

#[weld::shared_world(path = "../../../bindgen/tests/corpus/wasi-0.3", world = "app")]
mod bindings {}

use bindings::exports::wasi::cli::run::Guest;
use bindings::wasi::cli::{environment, stdout};
use bindings::wasi::clocks::monotonic_clock;
use bindings::wasi::random::random;
use weld_test_wasi3_virt as _;

struct App;

impl Guest for App {
    async fn run() -> Result<(), ()> {
        let args = environment::get_arguments();
        let env = environment::get_environment();
        let start = monotonic_clock::now();
        // Two waits in flight at once on the linked clock.
        let a = monotonic_clock::wait_for(250);
        let b = monotonic_clock::wait_until(start + 100);
        join(a, b).await;
        let waited = monotonic_clock::now() - start;
        let bytes = random::get_random_bytes(16);
        let line = format!(
            "args={} env={}={} waited={waited} random={}\n",
            args.join(" "),
            env[0].0,
            env[0].1,
            bytes.len()
        );
        let (mut tx, rx) = bindings::wit_stream::new::<u8>();
        let written = stdout::write_via_stream(rx);
        let rest = tx.write_all(line.into_bytes()).await;
        drop(tx);
        if !rest.is_empty() {
            return Err(());
        }
        written.await.map_err(|_| ())
    }
}

/// Both futures, polled in turn until both are ready.
async fn join<A: std::future::Future, B: std::future::Future>(
    a: A,
    b: B,
) -> (A::Output, B::Output) {
    let mut a = std::pin::pin!(a);
    let mut b = std::pin::pin!(b);
    let (mut ra, mut rb) = (None, None);
    std::future::poll_fn(|cx| {
        if ra.is_none()
            && let std::task::Poll::Ready(v) = a.as_mut().poll(cx)
        {
            ra = Some(v);
        }
        if rb.is_none()
            && let std::task::Poll::Ready(v) = b.as_mut().poll(cx)
        {
            rb = Some(v);
        }
        if ra.is_some() && rb.is_some() {
            std::task::Poll::Ready(())
        } else {
            std::task::Poll::Pending
        }
    })
    .await;
    (ra.unwrap(), rb.unwrap())
}

bindings::export!(App with_types_in bindings);
