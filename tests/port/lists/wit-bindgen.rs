//! Exports `port:test/lists`.

wit_bindgen::generate!({
    path: "../wit",
    world: "lists-provider",
});

use exports::port::test::lists::Guest;

struct Component;

impl Guest for Component {
    fn sum(xs: Vec<i32>) -> i64 {
        xs.iter().map(|&x| i64::from(x)).sum()
    }

    fn reverse_bytes(mut bytes: Vec<u8>) -> Vec<u8> {
        bytes.reverse();
        bytes
    }

    fn chunks(xs: Vec<u32>, size: u32) -> Vec<Vec<u32>> {
        xs.chunks(size.max(1) as usize)
            .map(<[u32]>::to_vec)
            .collect()
    }
}

export!(Component);
