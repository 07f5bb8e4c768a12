// Elements of futures and streams: anything but types defined in a world
// and tuples of more than 16 types (maps and tuples of up to 16 types
// cross; see stream-of-map-type.rs for the `map_type` option).
#[weld::shared_world(
    inline = "
        package ui:test;
        interface chunks {
            tables: func() -> stream<list<map<string, u32>>>;
            wide: func() -> future<tuple<u8, u8, u8, u8, u8, u8, u8, u8, u8, u8, u8, u8, u8, u8, u8, u8, u8>>;
        }
        world app {
            record local { x: u32 }
            import chunks;
            import lonely: func() -> future<option<local>>;
        }
    ",
    world = "app",
)]
mod bindings {}

fn main() {}
