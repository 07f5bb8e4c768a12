//! The pipeline's middle stage: takes each buffer the producer wrote,
//! changes it in place and hands the same allocation on.

#[weld::shared_world(path = "../async-pipe-wit", world = "transformer-provider")]
mod bindings {}

use bindings::exports::test::pipe::transformer::Guest;
use weld::rt::StreamReader;

struct Transformer;

impl Guest for Transformer {
    fn transform(mut input: StreamReader<u8>) -> StreamReader<u8> {
        let (mut tx, rx) = bindings::wit_stream::new::<u8>();
        weld::rt::spawn(async move {
            while let Some(mut buf) = input.next_buf().await {
                for b in buf.iter_mut() {
                    *b = b.wrapping_add(1);
                }
                if !tx.write_all(buf).await.is_empty() {
                    break;
                }
            }
        });
        rx
    }
}

bindings::export!(Transformer with_types_in bindings);
