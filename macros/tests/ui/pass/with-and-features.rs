// `with` reuses an interface's bindings from another module (its types
// are the same types); `features` enables `@unstable` items;
// `generate_all`, `default_bindings_module` and wit-bindgen's short form.

mod shared {
    weld::generate!("app" in "wit/pass");
}

mod reuse {
    use crate::shared::ui::text::transform;

    weld::generate!({
        path: "wit/pass",
        inline: "
            package ui:reuse;
            world reuse {
                use ui:text/transform.{counts};
                import ui:text/transform;
                export tally: func(s: string) -> counts;
            }
        ",
        world: "reuse",
        with: { "ui:text/transform": crate::shared::ui::text::transform },
        generate_all,
        default_bindings_module: "crate::reuse",
    });

    struct Tally;

    impl Guest for Tally {
        fn tally(s: String) -> transform::Counts {
            transform::count(&s)
        }
    }

    export!(Tally);
}

#[weld::shared_world(
    inline = "
        package ui:gated;
        interface api {
            stable: func() -> u32;
            @unstable(feature = shiny)
            shiny: func() -> u32;
        }
        world app {
            import api;
        }
    ",
    features = ["shiny"],
)]
mod gated {}

fn main() {
    let _ = gated::ui::gated::api::stable;
    let _ = gated::ui::gated::api::shiny;
}
