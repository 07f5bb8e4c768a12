// `chainable_methods`: imported methods returning nothing return their
// receiver, by value (`Self`) or, with `&`, by reference; `-` turns a
// method back off, and the first filter that matches decides.

weld::generate!({
    inline: "
        package ui:chain;
        interface shapes {
            resource builder {
                constructor();
                width: func(w: u32);
                height: func(h: u32);
                area: func() -> u32;
            }
            resource pen {
                constructor();
                move-to: func(x: u32, y: u32);
                lift: func();
            }
        }
        world app {
            import shapes;
        }
    ",
    world: "app",
    chainable_methods: [
        "-ui:chain/shapes#[method]pen.lift",
        "&ui:chain/shapes#pen",
        "ui:chain/shapes#builder",
    ],
});

use ui::chain::shapes::{Builder, Pen};

fn build() -> u32 {
    // Owning: `fn width(self, w: u32) -> Self`.
    let b: Builder = Builder::new().width(3).height(4);
    b.area()
}

fn draw(pen: &Pen) {
    // Borrowing: `fn move_to(&self, ..) -> &Self`; `lift` is not chainable.
    let same: &Pen = pen.move_to(1, 2).move_to(3, 4);
    let () = same.lift();
}

fn main() {
    let _ = (build, draw);
}
