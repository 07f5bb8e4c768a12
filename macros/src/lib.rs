//! `#[weld::shared_world]` and `weld::generate!`: thin front ends over
//! `weld-bindgen`. They parse options, call the generator and turn its
//! errors into `compile_error!`s; nothing else happens here.

mod options;

use proc_macro::TokenStream;

/// Generates a WIT world's bindings inside the module it is attached to:
/// `#[weld::shared_world(path = "wit", world = "app")] mod bindings {}`.
#[proc_macro_attribute]
pub fn shared_world(args: TokenStream, item: TokenStream) -> TokenStream {
    options::expand_attribute(args.into(), item.into()).into()
}

/// Generates a WIT world's bindings in place, with `wit_bindgen::generate!`'s
/// syntax: `weld::generate!({ path: "wit", world: "app" });`.
#[proc_macro]
pub fn generate(input: TokenStream) -> TokenStream {
    options::expand_function_like(input.into()).into()
}
