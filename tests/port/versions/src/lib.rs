//! Bindings of `versions-provider`, which exports two versions of one
//! package (`port:dep/api@0.1.0` and `@0.2.0`, modules `dep0_1_0` and
//! `dep0_2_0`), for another crate to implement: the export macro is public
//! (`pub_export_macro`), renamed, and finds the bindings through
//! `default_bindings_module` (wit-bindgen's cross-crate export).

weld::generate!({
    path: "../wit",
    world: "versions-provider",
    generate_all,
    pub_export_macro: true,
    export_macro_name: "export_versions",
    default_bindings_module: "port_versions",
});
