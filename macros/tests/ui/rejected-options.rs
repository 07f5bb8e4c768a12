// wit-bindgen options that mean nothing in weld: each is an error at the
// option's name saying why (all reported at once).
weld::generate!({
    path: "wit/pass",
    world: "app",
    std_feature,
    raw_strings,
    skip: ["run"],
    stubs,
    export_prefix: "test_",
    bitflags_path: "bitflags",
    type_section_suffix: "x",
    disable_run_ctors_once_workaround: true,
    disable_custom_section_link_helpers: true,
    generate_unused_types: true,
    debug: true,
    async: true,
    ownership: Borrowing { duplicate_if_necessary: false },
});

fn main() {}
