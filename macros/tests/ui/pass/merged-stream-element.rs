// `merge_structurally_equal_types`: the element of a stream or future is
// a record merged into a structurally equal one (an alias of it); the
// representative carries the `Elem` impl.

weld::generate!({
    inline: "
        package ui:merged;
        interface a {
            record pos { x: u32, label: string }
            first: func() -> pos;
        }
        interface b {
            record pos { x: u32, label: string }
            positions: func() -> stream<pos>;
            later: func() -> future<pos>;
        }
        world app {
            import a;
            import b;
        }
    ",
    world: "app",
    merge_structurally_equal_types: true,
});

fn main() {
    let (_w, _r) = wit_stream::new::<ui::merged::b::Pos>();
    let _: fn() -> weld::rt::StreamReader<ui::merged::a::Pos> = ui::merged::b::positions;
}
