//! Exports `port:test/jobs` with wit-bindgen 0.63's async API: async
//! trait methods, a stream read to its end, a stream and a future written
//! by spawned tasks.

weld::generate!({
    path: "../wit",
    world: "async-provider",
});

use exports::port::test::jobs::{Guest, Job};
use wit_bindgen::{FutureReader, StreamReader, StreamResult};

struct Component;

impl Guest for Component {
    async fn run(j: Job) -> String {
        wit_bindgen::yield_async().await;
        format!("{}:{}", j.id, j.name.to_uppercase())
    }

    async fn total(mut numbers: StreamReader<u32>) -> u64 {
        let mut sum = 0u64;
        loop {
            let (result, buf) = numbers.read(Vec::with_capacity(64)).await;
            match result {
                StreamResult::Complete(_) => sum += buf.iter().map(|&n| u64::from(n)).sum::<u64>(),
                StreamResult::Dropped | StreamResult::Cancelled => break,
            }
        }
        sum
    }

    fn words(text: String) -> StreamReader<String> {
        let (mut tx, rx) = wit_stream::new::<String>();
        wit_bindgen::spawn_local(async move {
            for word in text.split_whitespace() {
                let (result, rest) = tx.write(vec![word.to_string()]).await;
                if result == StreamResult::Dropped || rest.remaining() != 0 {
                    break;
                }
            }
        });
        rx
    }

    fn square_later(n: u32) -> FutureReader<u64> {
        let (tx, rx) = wit_future::new::<u64>(|| 0);
        wit_bindgen::spawn_local(async move {
            wit_bindgen::yield_async().await;
            let _ = tx.write(u64::from(n) * u64::from(n)).await;
        });
        rx
    }
}

export!(Component);
