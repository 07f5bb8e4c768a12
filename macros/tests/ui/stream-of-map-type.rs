// A map outside a record as a stream element while the `map_type` option
// names the user's own map type: the runtime's element conversion covers
// `weld::rt::Map` only, so weld refuses it, naming the function and the
// option's type. A map inside a record is converted by the record's own
// generated conversion, so `entries` passes.

mod mine {
    pub type Table<K, V> = std::collections::BTreeMap<K, V>;
}

weld::generate!({
    inline: "
        package ui:test;
        interface api {
            record row { cells: map<string, u32> }
            tables: func() -> stream<option<map<string, u32>>>;
            entries: func() -> stream<row>;
        }
        world app {
            import api;
        }
    ",
    world: "app",
    map_type: "crate::mine::Table",
});

fn main() {}
