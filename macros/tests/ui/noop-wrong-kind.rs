// Options accepted as no-ops still take wit-bindgen's kind of value.
weld::generate!({
    path: "wit/pass",
    world: "app",
    std_feature: true,
    debug,
    sync: "all",
    map_type: [BTreeMap],
    merge_structurally_equal_types,
});

fn main() {}
