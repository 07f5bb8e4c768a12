//! The pipeline's first stage: a stream of buffers, each written once and
//! handed over whole (the reader gets this allocation).

#[weld::shared_world(path = "../async-pipe-wit", world = "producer-provider")]
mod bindings {}

use bindings::exports::test::pipe::producer::Guest;
use weld::rt::StreamReader;

struct Producer;

impl Guest for Producer {
    fn produce(total: u64, chunk: u32) -> StreamReader<u8> {
        let (mut tx, rx) = bindings::wit_stream::new::<u8>();
        weld::rt::spawn(async move {
            let mut sent = 0u64;
            let mut k = 0u64;
            while sent < total {
                let n = (total - sent).min(u64::from(chunk)) as usize;
                let rest = tx.write_all(vec![k as u8; n]).await;
                if !rest.is_empty() {
                    break;
                }
                sent += n as u64;
                k += 1;
            }
        });
        rx
    }

    fn count(n: u32) -> StreamReader<u32> {
        let (mut tx, rx) = bindings::wit_stream::new::<u32>();
        weld::rt::spawn(async move {
            for i in 0..n {
                if tx.write_one(i).await.is_some() {
                    break;
                }
            }
        });
        rx
    }
}

bindings::export!(Producer with_types_in bindings);
