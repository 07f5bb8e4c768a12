// Futures and streams in world-level functions that weld bridges to and
// from the host (abi-spec/ASYNC.md section 11): a parameter or the result
// itself of a synchronous import. (Async imports and exports with ends
// are compiled for wasm32 in tests/guests/host-ends-app: their glue uses
// the runtime's host boundary, which exists on wasm32 only.)

weld::generate!({
    inline: "
        package ui:world-ends;
        world app {
            import count: func(n: u32) -> stream<u8>;
            import later: func() -> future<u32>;
            import feed: func(data: stream<u8>);
        }
    ",
    world: "app",
});

fn main() {
    let _: fn(u32) -> weld::rt::StreamReader<u8> = count;
    let _: fn() -> weld::rt::FutureReader<u32> = later;
    let _: fn(weld::rt::StreamReader<u8>) = feed;
}
