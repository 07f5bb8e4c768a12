//! The scale world: `interfaces` interfaces of [`FUNCTIONS_PER_INTERFACE`]
//! functions each (200 interfaces make 2,000 functions), even ones
//! imported and odd ones exported, with strings, lists, records, variants,
//! enums, flags, aliases, options, results, tuples, a `use` and a function
//! past 16 flat parameters in every interface.
//!
//! Shared by `build.rs` of the `weld-test-scale` guest crate (which compiles
//! the 200-interface world for wasm32-wasip1) and by
//! `bindgen/tests/scale.rs` (which measures generation at several sizes),
//! through `#[path]`, so both see the same world.

/// Functions in each interface.
pub const FUNCTIONS_PER_INTERFACE: usize = 10;

/// The body of every interface (the same in each: the size of the
/// generated code then grows exactly with the number of interfaces, up to
/// the names' digits).
const INTERFACE_BODY: &str = "
  use types.{point};
  record rec { name: string, values: list<u32>, tag: option<u8>, at: point }
  variant shape { circle(f32), rect(tuple<f32, f32>), named(string), none }
  enum level { low, mid, high }
  flags perms { read, write, exec }
  type ids = list<u64>;

  f0: func();
  f1: func(a: u32, b: s64) -> f64;
  f2: func(s: string) -> string;
  f3: func(xs: list<u32>, names: list<string>) -> list<string>;
  f4: func(r: rec) -> rec;
  f5: func(v: shape, l: level, p: perms) -> option<shape>;
  f6: func(x: option<string>) -> result<ids, string>;
  f7: func(a1: u8, a2: u16, a3: u32, a4: u64, a5: s8, a6: s16, a7: s32, a8: s64, a9: f32, a10: f64, a11: bool, a12: char, a13: u32, a14: u64, a15: f64, a16: u8, a17: s32, a18: string) -> tuple<u32, string>;
  f8: func(r: result<rec, level>) -> result<_, string>;
  f9: func(pts: list<point>, c: char, b: bool) -> list<tuple<string, point>>;
";

/// The WIT package `scale:many` with the world `scale`.
pub fn scale_wit(interfaces: usize) -> String {
    let mut wit = String::from(
        "package scale:many;\n\ninterface types {\n  record point { x: s32, y: s32 }\n}\n",
    );
    for i in 0..interfaces {
        wit.push_str(&format!("\ninterface iface-{i} {{{INTERFACE_BODY}}}\n"));
    }
    wit.push_str("\nworld scale {\n");
    for i in 0..interfaces {
        let direction = if i % 2 == 0 { "import" } else { "export" };
        wit.push_str(&format!("  {direction} iface-{i};\n"));
    }
    wit.push_str("}\n");
    wit
}

/// Rust implementing every exported interface of [`scale_wit`] for a
/// `Component` type, inside the bindings' module, then `export!`.
pub fn scale_impls(interfaces: usize) -> String {
    let mut rust = String::from("struct Component;\n");
    for i in (0..interfaces).filter(|i| i % 2 == 1) {
        rust.push_str(&format!(
            "impl exports::scale::many::iface_{i}::Guest for Component {{
    fn f0() {{}}
    fn f1(_: u32, _: i64) -> f64 {{ unimplemented!() }}
    fn f2(_: String) -> String {{ unimplemented!() }}
    fn f3(_: Vec<u32>, _: Vec<String>) -> Vec<String> {{ unimplemented!() }}
    fn f4(_: exports::scale::many::iface_{i}::Rec) -> exports::scale::many::iface_{i}::Rec {{ unimplemented!() }}
    fn f5(_: exports::scale::many::iface_{i}::Shape, _: exports::scale::many::iface_{i}::Level, _: exports::scale::many::iface_{i}::Perms) -> Option<exports::scale::many::iface_{i}::Shape> {{ unimplemented!() }}
    fn f6(_: Option<String>) -> Result<Vec<u64>, String> {{ unimplemented!() }}
    #[allow(clippy::too_many_arguments)]
    fn f7(_: u8, _: u16, _: u32, _: u64, _: i8, _: i16, _: i32, _: i64, _: f32, _: f64, _: bool, _: char, _: u32, _: u64, _: f64, _: u8, _: i32, _: String) -> (u32, String) {{ unimplemented!() }}
    fn f8(_: Result<exports::scale::many::iface_{i}::Rec, exports::scale::many::iface_{i}::Level>) -> Result<(), String> {{ unimplemented!() }}
    fn f9(_: Vec<scale::many::types::Point>, _: char, _: bool) -> Vec<(String, scale::many::types::Point)> {{ unimplemented!() }}
}}
"
        ));
    }
    rust.push_str("export!(Component);\n");
    rust
}
