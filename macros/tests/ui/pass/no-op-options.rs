// wit-bindgen 0.63 options that weld accepts with no effect (the reason for
// each is in weld-bindgen's option table and docs/bindings.md), and the
// default values of the options weld implements only in part. The generated
// API is the same as without them.

mod function_like {
    weld::generate!({
        path: "wit/pass",
        world: "app",
        std_feature,
        map_type: "std::collections::HashMap",
        bitflags_path: "bitflags",
        generate_all,
        type_section_suffix: "x",
        disable_run_ctors_once_workaround: true,
        generate_unused_types: true,
        disable_custom_section_link_helpers: true,
        debug: false,
        ownership: Owning,
        merge_structurally_equal_types: false,
        async: false,
    });
}

#[weld::shared_world(path = "wit/pass", world = "app", debug = true)]
mod attribute {}

struct App;

impl function_like::Guest for App {
    fn run(input: String) -> String {
        let counts = function_like::ui::text::transform::count(&input);
        format!(
            "{} {}",
            function_like::ui::text::transform::upper(&input),
            counts.words
        )
    }
}

function_like::export!(App with_types_in function_like);

// The attribute form generates the same API.
fn same_api(input: &str) -> String {
    attribute::ui::text::transform::upper(input)
}

fn main() {
    let _ = same_api;
}
