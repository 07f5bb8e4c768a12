// Futures and streams in world-level functions that weld bridges to and
// from the host (abi-spec/ASYNC.md section 11): a parameter or the result
// itself or nested in another type of a synchronous import. (Async imports and exports with ends
// are compiled for wasm32 in tests/guests/host-ends-app: their glue uses
// the runtime's host boundary, which exists on wasm32 only.)

weld::generate!({
    inline: "
        package ui:world-ends;
        world app {
            import count: func(n: u32) -> stream<u8>;
            import later: func() -> future<u32>;
            import feed: func(data: stream<u8>);
            import pair: func() -> tuple<stream<u8>, future<option<u32>>>;
            import maybe: func(data: option<stream<u8>>) -> result<future<u32>, u32>;
        }
    ",
    world: "app",
});

fn main() {
    let _: fn(u32) -> weld::rt::StreamReader<u8> = count;
    let _: fn() -> weld::rt::FutureReader<u32> = later;
    let _: fn(weld::rt::StreamReader<u8>) = feed;
    let _: fn() -> (
        weld::rt::StreamReader<u8>,
        weld::rt::FutureReader<Option<u32>>,
    ) = pair;
}
