//! Compiles the bindings of every world of weld-bindgen's `.wit` corpus
//! (`bindgen/tests/corpus/`) for wasm32-wasip1, one module per world:
//! `cargo build --target wasm32-wasip1 -p weld-test-corpus` (and `cargo
//! clippy` with `-D warnings`) must pass without a warning.
//!
//! The golden test (`bindgen/tests/golden.rs`) checks that this file names
//! every corpus world with the options it generates the world with; add a
//! module here when you add a corpus entry or world. Modules are named after
//! the entry, plus `_<world>` when the entry has several worlds.
//!
//! The export macro's entry points only exist once `export!` is invoked, so
//! a selection of exporting worlds implements its `Guest` traits (bodies
//! are `unimplemented!()`: nothing here runs) and invokes it: in the
//! bindings' module, under a custom macro name, and from another module
//! with `with_types_in`. Worlds whose bindings do not compile yet are kept
//! behind `#[cfg(any())]` and listed in `KNOWN_BUGS` in the golden test.

/// The runtime under another name, for the `runtime_path` entry.
extern crate weld as weld_renamed;

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/aliases.wit",
    world = "aliases-world"
)]
mod aliases {}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/async-element-kinds.wit",
    world = "async-element-kinds"
)]
mod async_element_kinds {
    use self::exports::corpus::async_element_kinds::kinds::{
        self, Blob, Color, Feeds, GuestBlob, Mode, Point, Shape,
    };
    use weld::rt::{FutureReader, StreamReader};

    struct Component;

    impl kinds::Guest for Component {
        type Blob = Component;
        fn bools(_: StreamReader<bool>) -> FutureReader<bool> {
            unimplemented!()
        }
        fn chars(_: StreamReader<char>) -> FutureReader<char> {
            unimplemented!()
        }
        fn byte_lists(_: StreamReader<Vec<u8>>) -> FutureReader<Vec<u8>> {
            unimplemented!()
        }
        fn string_lists(_: StreamReader<Vec<String>>) -> FutureReader<Vec<String>> {
            unimplemented!()
        }
        fn point_lists(_: StreamReader<Vec<Point>>) -> FutureReader<Vec<Shape>> {
            unimplemented!()
        }
        fn fixed(_: StreamReader<[u16; 4]>) -> FutureReader<[String; 2]> {
            unimplemented!()
        }
        fn options(_: StreamReader<Option<String>>) -> FutureReader<Option<Point>> {
            unimplemented!()
        }
        fn results(_: StreamReader<Result<u32, String>>) -> FutureReader<Result<(), ()>> {
            unimplemented!()
        }
        fn half_results(_: StreamReader<Result<(), Color>>) -> FutureReader<Result<Mode, ()>> {
            unimplemented!()
        }
        fn tuples(_: StreamReader<(u8, String, char)>) -> FutureReader<(bool, Vec<Point>)> {
            unimplemented!()
        }
        fn blobs(_: StreamReader<Blob>) -> FutureReader<Blob> {
            unimplemented!()
        }
        fn maybe_blobs(_: StreamReader<Option<Blob>>) -> FutureReader<Vec<Blob>> {
            unimplemented!()
        }
        fn maps(
            _: StreamReader<weld::rt::Map<String, Point>>,
        ) -> FutureReader<Option<weld::rt::Map<u32, Vec<Blob>>>> {
            unimplemented!()
        }
        #[allow(clippy::type_complexity)]
        fn wide(
            _: StreamReader<(
                u8,
                u16,
                u32,
                u64,
                i8,
                i16,
                i32,
                i64,
                f32,
                f64,
                bool,
                char,
                String,
                Point,
                Color,
                Mode,
            )>,
        ) -> FutureReader<(u8, u8, u8, u8, u8, u8, u8, u8, String)> {
            unimplemented!()
        }
        fn nested(_: StreamReader<FutureReader<String>>) -> FutureReader<StreamReader<u8>> {
            unimplemented!()
        }
        fn deep(_: StreamReader<Vec<Option<Point>>>) -> StreamReader<Result<(Color, Mode), Shape>> {
            unimplemented!()
        }
        fn feed(_: Feeds) -> Result<Feeds, String> {
            unimplemented!()
        }
        async fn swap(_: StreamReader<Blob>) -> Result<FutureReader<Vec<Blob>>, String> {
            unimplemented!()
        }
    }

    impl GuestBlob for Component {
        fn new(_: Vec<u8>) -> Self {
            unimplemented!()
        }
        fn data(&self) -> Vec<u8> {
            unimplemented!()
        }
    }

    export!(Component);
}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/async-export-borrows.wit",
    world = "async-export-borrows"
)]
mod async_export_borrows {
    use self::corpus::async_export_borrows::types::Request;
    use self::exports::corpus::async_export_borrows::handler::Guest;

    struct Component;

    impl Guest for Component {
        async fn path_of(r: &Request, n: u32) -> String {
            r.path().repeat(n as usize)
        }
        async fn compare(a: &Request, b: &Request) {
            assert_eq!(a.path(), b.path());
        }
    }

    export!(Component);
}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/async-methods.wit",
    world = "async-methods"
)]
mod async_methods {
    use self::exports::corpus::async_methods::files::{self, File, FileBorrow, GuestFile, Stat};

    struct Component;

    impl files::Guest for Component {
        type File = Component;
        async fn create(_: String) -> File {
            unimplemented!()
        }
        async fn size_of(_: FileBorrow<'_>) -> u64 {
            unimplemented!()
        }
    }

    impl GuestFile for Component {
        fn new(_: String) -> Self {
            unimplemented!()
        }
        async fn touch(&self) {}
        async fn append(&self, _: Vec<u8>, _: String) -> Result<u64, String> {
            unimplemented!()
        }
        async fn stat(&self) -> Stat {
            unimplemented!()
        }
        async fn merge(&self, _: File) -> File {
            unimplemented!()
        }
        async fn many(
            &self,
            _: (u64, u64, u64, u64, u64, u64, u64, u64),
            _: (u64, u64, u64, u64, u64, u64, u64, u64),
        ) -> u32 {
            unimplemented!()
        }
        async fn copy_from(&self, _: FileBorrow<'_>, _: u64) -> u64 {
            unimplemented!()
        }
        fn name(&self) -> String {
            unimplemented!()
        }
        async fn open(_: String) -> File {
            unimplemented!()
        }
        async fn count() -> u32 {
            unimplemented!()
        }
    }

    export!(Component);
}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/async-named-ends.wit",
    world = "async-named-ends"
)]
mod async_named_ends {
    use self::exports::corpus::async_named_ends::user::{self, Bytes, Done, GuestSink};

    struct Component;

    impl user::Guest for Component {
        type Sink = Component;
        fn pipe(_: Bytes) -> (Bytes, Done) {
            unimplemented!()
        }
    }

    impl GuestSink for Component {}

    export!(Component);
}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/async-functions.wit",
    world = "async-functions"
)]
mod async_functions {
    use self::exports::corpus::async_functions::calls::{self, GuestToken, Point, Shape, Token};

    struct Component;

    impl calls::Guest for Component {
        type Token = Component;
        async fn ping() {}
        async fn add(_: u32, _: i64) -> i64 {
            unimplemented!()
        }
        async fn echo(_: String, _: Vec<u8>) -> String {
            unimplemented!()
        }
        async fn move_all(_: Point, _: Vec<Shape>) -> Result<Vec<Point>, String> {
            unimplemented!()
        }
        async fn spend(_: Token) -> Token {
            unimplemented!()
        }
        async fn flag(_: bool) -> Option<u8> {
            unimplemented!()
        }
        async fn many(
            _: (u64, u64, u64, u64, u64, u64, u64, u64),
            _: (u64, u64, u64, u64, u64, u64, u64, u64),
            _: u8,
        ) -> u32 {
            unimplemented!()
        }
        fn sync_one(_: u32) -> u32 {
            unimplemented!()
        }
    }

    impl GuestToken for Component {
        fn new(_: u32) -> Self {
            unimplemented!()
        }
        fn value(&self) -> u32 {
            unimplemented!()
        }
    }

    export!(Component);
}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/host-ends-in-arrays.wit",
    world = "host-ends-in-arrays"
)]
mod host_ends_in_arrays {}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/wasi-03-shapes.wit",
    world = "wasi-03-shapes"
)]
mod wasi_03_shapes {}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/async-futures-streams.wit",
    world = "async-futures-streams"
)]
mod async_futures_streams {
    use self::exports::corpus::async_futures_streams::ends::{
        self, Channel, Color, Mode, Point, Shape,
    };
    use weld::rt::{FutureReader, StreamReader};

    struct Component;

    impl ends::Guest for Component {
        fn numbers() -> FutureReader<u64> {
            unimplemented!()
        }
        fn text() -> FutureReader<String> {
            unimplemented!()
        }
        fn place() -> FutureReader<Point> {
            unimplemented!()
        }
        fn shaped() -> FutureReader<Shape> {
            unimplemented!()
        }
        fn tinted() -> FutureReader<Color> {
            unimplemented!()
        }
        fn flagged() -> FutureReader<Mode> {
            unimplemented!()
        }
        fn signal() -> FutureReader<()> {
            unimplemented!()
        }
        fn bytes(_: StreamReader<u8>) -> StreamReader<u8> {
            unimplemented!()
        }
        fn floats(_: StreamReader<f32>) -> StreamReader<f64> {
            unimplemented!()
        }
        fn lines(_: StreamReader<String>) -> StreamReader<String> {
            unimplemented!()
        }
        fn points(_: StreamReader<Point>) -> StreamReader<Shape> {
            unimplemented!()
        }
        fn ticks(_: StreamReader<()>) -> StreamReader<()> {
            unimplemented!()
        }
        fn open(_: Channel) -> Option<FutureReader<String>> {
            unimplemented!()
        }
        fn many(_: Vec<StreamReader<u8>>) -> Result<StreamReader<u8>, String> {
            unimplemented!()
        }
        async fn relay(
            _: FutureReader<Point>,
            _: StreamReader<String>,
        ) -> (FutureReader<Point>, StreamReader<String>) {
            unimplemented!()
        }
        async fn write_via_stream(_: StreamReader<u8>) -> Result<(), Color> {
            unimplemented!()
        }
        async fn pipe(_: StreamReader<String>, _: u32) -> StreamReader<Point> {
            unimplemented!()
        }
        async fn later(_: FutureReader<u32>) -> FutureReader<()> {
            unimplemented!()
        }
        async fn read_via_stream(
            _: Vec<StreamReader<u8>>,
            _: Option<FutureReader<u32>>,
        ) -> (StreamReader<u8>, FutureReader<Result<(), Color>>) {
            unimplemented!()
        }
        async fn listen() -> Result<StreamReader<Point>, Color> {
            unimplemented!()
        }
        #[allow(clippy::type_complexity)]
        async fn wide() -> (
            u64,
            u64,
            u64,
            u64,
            u64,
            u64,
            u64,
            u64,
            u64,
            u64,
            u64,
            u64,
            u64,
            u64,
            u64,
            u64,
            StreamReader<u8>,
        ) {
            unimplemented!()
        }
    }

    impl Guest for Component {
        async fn open(_: u32) -> StreamReader<u8> {
            unimplemented!()
        }
    }

    export!(Component);
}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/borrowed-params.wit",
    world = "borrowed-params",
    export_params = "borrowed"
)]
mod borrowed_params {
    use self::exports::corpus::borrowed_params::borrowed::{self, NotPlain, Plain};

    struct Component;

    impl Guest for Component {
        fn bp_world(_: &str, _: &[u8]) -> String {
            unimplemented!()
        }
    }

    impl borrowed::Guest for Component {
        fn text(_: &str) -> u32 {
            unimplemented!()
        }
        fn bytes(_: &[u8]) -> u32 {
            unimplemented!()
        }
        fn plains(_: &[Plain], _: &[f32]) -> u32 {
            unimplemented!()
        }
        fn strings(_: Vec<String>, _: Vec<NotPlain>, _: Vec<bool>) -> u32 {
            unimplemented!()
        }
        fn nested(_: Option<String>, _: NotPlain, _: (String, Vec<u8>)) -> String {
            unimplemented!()
        }
        fn mixed(_: &str, _: u32, _: &[u64], _: Vec<String>) -> Vec<u8> {
            unimplemented!()
        }
    }

    export!(Component);
}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/borrowing.wit",
    world = "borrower",
    ownership = Borrowing { duplicate_if_necessary: true }
)]
mod borrowing_borrower {}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/borrowing.wit",
    world = "provider",
    ownership = Borrowing { duplicate_if_necessary: true }
)]
mod borrowing_provider {}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/borrowing-single.wit",
    world = "borrower",
    ownership = Borrowing { duplicate_if_necessary: false }
)]
mod borrowing_single_borrower {}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/borrowing-single.wit",
    world = "provider",
    ownership = Borrowing { duplicate_if_necessary: false }
)]
mod borrowing_single_provider {}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/case-collisions.wit",
    world = "case-collisions"
)]
mod case_collisions {}

#[weld::shared_world(path = "../../../bindgen/tests/corpus/deps-dir", world = "deps-dir")]
mod deps_dir {
    use self::exports::corpus::deps_dir::local::{self, Placed, Point, ThingV1, ThingV2};
    use self::exports::dep::common::geometry;

    struct Component;

    impl local::Guest for Component {
        fn upgrade(_: ThingV1) -> ThingV2 {
            unimplemented!()
        }
        fn place(_: Placed) -> Point {
            unimplemented!()
        }
    }

    impl geometry::Guest for Component {
        fn distance(_: geometry::Point, _: geometry::Point) -> f64 {
            unimplemented!()
        }
    }

    export!(Component);
}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/derives.wit",
    world = "derives",
    additional_derives = [PartialEq, Eq, Hash, PartialOrd, Ord],
)]
mod derives {}

#[weld::shared_world(path = "../../../bindgen/tests/corpus/docs.wit", world = "docs")]
mod docs {}

#[weld::shared_world(path = "../../../bindgen/tests/corpus/empty.wit", world = "empty")]
mod empty_empty {}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/empty.wit",
    world = "empty-interfaces"
)]
mod empty_empty_interfaces {
    use self::exports::corpus::empty::{nothing, only_types};

    struct Component;

    impl nothing::Guest for Component {}
    impl only_types::Guest for Component {}

    export!(Component);
}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/enums.wit",
    world = "enums-world"
)]
mod enums {}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/error-context-result.wit",
    world = "error-context-result"
)]
mod error_context_result {
    use self::exports::corpus::error_context_result::make;
    use weld::rt::ErrorContext;

    struct Component;

    impl make::Guest for Component {
        fn make(_: String) -> ErrorContext {
            unimplemented!()
        }
    }

    export!(Component);
}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/error-contexts.wit",
    world = "error-contexts"
)]
mod error_contexts_error_contexts {
    use self::exports::corpus::error_contexts::errors::{self, Failure, Level, Outcome, Report};
    use weld::rt::{ErrorContext, FutureReader, StreamReader};

    struct Component;

    impl errors::Guest for Component {
        fn describe(_: ErrorContext) -> String {
            unimplemented!()
        }
        fn check(_: u32) -> Result<u32, ErrorContext> {
            unimplemented!()
        }
        fn maybe(_: Option<ErrorContext>) -> Option<ErrorContext> {
            unimplemented!()
        }
        fn all(_: Vec<ErrorContext>) -> Vec<ErrorContext> {
            unimplemented!()
        }
        fn wrap(_: Failure, _: Outcome) -> Failure {
            unimplemented!()
        }
        fn file(_: Report, _: (Level, ErrorContext)) -> Report {
            unimplemented!()
        }
        async fn check_later(_: u32, _: ErrorContext) -> Result<u32, ErrorContext> {
            unimplemented!()
        }
        fn later() -> FutureReader<ErrorContext> {
            unimplemented!()
        }
        fn many(_: StreamReader<ErrorContext>) -> StreamReader<Failure> {
            unimplemented!()
        }
    }

    export!(Component);
}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/error-contexts.wit",
    world = "error-contexts-borrowing",
    ownership = Borrowing { duplicate_if_necessary: true }
)]
mod error_contexts_error_contexts_borrowing {}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/error-types.wit",
    world = "error-types"
)]
mod error_types {
    // Error types work with `to_string()` and `?` into `Box<dyn Error>`.
    use self::corpus::error_types::{errors, uses};

    type Boxed = Box<dyn std::error::Error>;

    const _: fn(&str) -> Result<String, Boxed> = |path| {
        let fd = errors::open(path)?;
        let size = uses::stat(path)?;
        let n = errors::parse(path)?;
        errors::run().map_err(|e| e.to_string())?;
        Ok(format!("{fd} {size} {n}"))
    };
}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/export-macro.wit",
    world = "export-macro",
    export_macro_name = "export_corpus"
)]
mod export_macro {
    // The export macro under its configured name.
    use self::exports::corpus::export_macro::em;

    struct Component;

    impl Guest for Component {
        fn em_world() -> String {
            unimplemented!()
        }
    }

    impl em::Guest for Component {
        fn em_fn(_: u32) -> u32 {
            unimplemented!()
        }
    }

    export_corpus!(Component);
}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/fixed-length-lists.wit",
    world = "fixed-world"
)]
mod fixed_length_lists {
    use self::exports::corpus::fixed::arrays::{Cell, Guest, Labelled, Pixel, Rgb};
    use weld::rt::Map;

    struct Component;

    impl Guest for Component {
        fn color(_: Rgb) -> Rgb {
            unimplemented!()
        }
        fn floats(_: [f32; 4]) -> [f32; 4] {
            unimplemented!()
        }
        fn wide(_: [u64; 2]) -> [u64; 2] {
            unimplemented!()
        }
        fn strings(_: [String; 3]) -> [String; 3] {
            unimplemented!()
        }
        fn pixels(_: Pixel) -> Pixel {
            unimplemented!()
        }
        fn labels(_: Labelled) -> Labelled {
            unimplemented!()
        }
        fn cells(_: Cell) -> Cell {
            unimplemented!()
        }
        fn grid(_: [[i16; 2]; 3]) -> [[i16; 2]; 3] {
            unimplemented!()
        }
        fn in_option(_: Option<[char; 2]>) -> Option<[char; 2]> {
            unimplemented!()
        }
        fn in_list(_: Vec<[bool; 3]>) -> Vec<[bool; 3]> {
            unimplemented!()
        }
        fn of_lists(_: [Vec<u8>; 2]) -> [Vec<u8>; 2] {
            unimplemented!()
        }
        fn in_tuple(_: ([u8; 2], String)) -> (String, [u8; 2]) {
            unimplemented!()
        }
        fn many(_: [u8; 32]) -> [u8; 32] {
            unimplemented!()
        }
        fn sixteen(_: [u32; 16]) -> u32 {
            unimplemented!()
        }
        fn in_map(_: Map<String, [u16; 2]>) -> Map<String, [u16; 2]> {
            unimplemented!()
        }
    }

    export!(Component);
}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/flags.wit",
    world = "flags-world"
)]
mod flags {}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/generated-names.wit",
    world = "generated-names"
)]
mod generated_names {}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/import-export-same.wit",
    world = "middleware"
)]
mod import_export_same {
    use self::exports::corpus::import_export_same::handler::{Guest, Request, Response};

    struct Component;

    impl Guest for Component {
        fn handle(_: Request) -> Response {
            unimplemented!()
        }
    }

    export!(Component);
}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/import-params.wit",
    world = "importer"
)]
mod import_params_importer {}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/import-params.wit",
    world = "exporter"
)]
mod import_params_exporter {}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/include-worlds.wit",
    world = "base"
)]
mod include_worlds_base {}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/include-worlds.wit",
    world = "extra"
)]
mod include_worlds_extra {}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/include-worlds.wit",
    world = "combined"
)]
mod include_worlds_combined {}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/inline-interfaces.wit",
    world = "inline"
)]
mod inline_interfaces {
    use self::exports::plugin::{Guest, Item};

    struct Component;

    impl Guest for Component {
        fn init(_: Vec<Item>) -> u32 {
            unimplemented!()
        }
        fn describe() -> String {
            unimplemented!()
        }
    }

    export!(Component);
}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/interface-several-names.wit",
    world = "several-names"
)]
mod interface_several_names_several_names {
    use self::exports::{mirror_a as a, mirror_b as b};

    struct Component;
    struct MyCursor;

    /// Each name's types are its own (`primary::Entry` is not
    /// `backup::Entry`), and `audit` uses the copy imported under the
    /// interface's own name.
    #[allow(dead_code)]
    fn distinct(e: primary::Entry, c: &corpus::names::store::Cursor) -> backup::Entry {
        let copy = corpus::names::store::Entry {
            key: e.key.clone(),
            value: e.value.clone(),
        };
        let _ = corpus::names::audit::check(&copy, c);
        let _: Option<primary::Entry> = primary::get("k");
        backup::Entry {
            key: e.key,
            value: e.value,
        }
    }

    impl a::GuestCursor for MyCursor {
        fn new(_: String) -> Self {
            unimplemented!()
        }
        fn next(&self) -> Option<a::Entry> {
            unimplemented!()
        }
        fn skip(_: a::CursorBorrow<'_>, _: u32) {
            unimplemented!()
        }
    }

    impl b::GuestCursor for MyCursor {
        fn new(_: String) -> Self {
            unimplemented!()
        }
        fn next(&self) -> Option<b::Entry> {
            unimplemented!()
        }
        fn skip(_: b::CursorBorrow<'_>, _: u32) {
            unimplemented!()
        }
    }

    impl a::Guest for Component {
        type Cursor = MyCursor;
        fn get(_: String) -> Option<a::Entry> {
            unimplemented!()
        }
        fn put(_: a::Entry) {
            unimplemented!()
        }
        fn open() -> a::Cursor {
            unimplemented!()
        }
    }

    impl b::Guest for Component {
        type Cursor = MyCursor;
        fn get(_: String) -> Option<b::Entry> {
            unimplemented!()
        }
        fn put(_: b::Entry) {
            unimplemented!()
        }
        fn open() -> b::Cursor {
            unimplemented!()
        }
    }

    export!(Component);
}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/interface-several-names.wit",
    world = "one-name"
)]
mod interface_several_names_one_name {}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/interface-several-names.wit",
    world = "with-use"
)]
mod interface_several_names_with_use {
    struct Component;

    impl Guest for Component {
        fn check_entry(_: Entry) -> bool {
            unimplemented!()
        }
    }

    export!(Component);
}

#[weld::shared_world(path = "../../../bindgen/tests/corpus/keywords.wit", world = "move")]
mod keywords {
    use self::exports::corpus::keywords::crate_::{
        Dyn, Guest, Record, Self_, Static, Struct, Trait, Type,
    };

    struct Component;

    impl Guest for Component {
        fn where_(_: u32, _: String) -> u32 {
            unimplemented!()
        }
        fn mut_(_: Type) -> Type {
            unimplemented!()
        }
        fn match_(_: Trait) -> Trait {
            unimplemented!()
        }
        fn move_(_: Self_, _: Dyn) -> (Self_, Dyn) {
            unimplemented!()
        }
        fn fn_(_: Static) -> Static {
            unimplemented!()
        }
        fn impl_(_: Struct, _: u8) -> Struct {
            unimplemented!()
        }
        fn loop_(_: Record) -> Record {
            unimplemented!()
        }
        fn async_fn(_: u32, _: u32, _: u32, _: u32) -> u32 {
            unimplemented!()
        }
        fn use_(_: u32, _: u32, _: u32) {
            unimplemented!()
        }
    }

    export!(Component);
}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/lists.wit",
    world = "lists-world"
)]
mod lists {}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/many-params.wit",
    world = "many-params"
)]
mod many_params {
    use self::exports::corpus::many_params::many::{self, Big};

    struct Component;

    impl Guest for Component {
        #[allow(
            clippy::too_many_arguments,
            reason = "the WIT function has nine parameters"
        )]
        fn many_world_export(
            _: String,
            _: String,
            _: String,
            _: String,
            _: String,
            _: String,
            _: String,
            _: String,
            _: String,
        ) -> (String, String) {
            unimplemented!()
        }
    }

    #[allow(
        clippy::too_many_arguments,
        reason = "the WIT functions have up to seventeen parameters"
    )]
    impl many::Guest for Component {
        fn sixteen(
            _: u32,
            _: u32,
            _: u32,
            _: u32,
            _: u32,
            _: u32,
            _: u32,
            _: u32,
            _: u32,
            _: u32,
            _: u32,
            _: u32,
            _: u32,
            _: u32,
            _: u32,
            _: u32,
        ) {
            unimplemented!()
        }
        fn seventeen(
            _: u32,
            _: u32,
            _: u32,
            _: u32,
            _: u32,
            _: u32,
            _: u32,
            _: u32,
            _: u32,
            _: u32,
            _: u32,
            _: u32,
            _: u32,
            _: u32,
            _: u32,
            _: u32,
            _: u32,
        ) -> u32 {
            unimplemented!()
        }
        fn strings(
            _: String,
            _: String,
            _: String,
            _: String,
            _: String,
            _: String,
            _: String,
            _: String,
            _: String,
        ) -> String {
            unimplemented!()
        }
        fn mixed(
            _: u8,
            _: f64,
            _: String,
            _: Vec<u64>,
            _: Option<f32>,
            _: Result<u32, String>,
            _: (u8, u16, u32, u64),
            _: Big,
            _: char,
            _: bool,
        ) -> Big {
            unimplemented!()
        }
        fn two_results() -> (u32, u32) {
            unimplemented!()
        }
        fn string_result() -> String {
            unimplemented!()
        }
        fn big_result(_: Big) -> (Big, Big, String, Vec<Big>) {
            unimplemented!()
        }
    }

    export!(Component);
}

#[weld::shared_world(path = "../../../bindgen/tests/corpus/maps.wit", world = "maps-world")]
mod maps {
    use self::exports::corpus::maps::maps::{Entry, Guest, Lookup, Scores};
    use weld::rt::Map;

    struct Component;

    impl Guest for Component {
        fn by_name(_: Map<String, u32>) -> Map<String, u32> {
            unimplemented!()
        }
        fn by_number(_: Map<u64, f64>) -> Map<u64, f64> {
            unimplemented!()
        }
        fn keys(_: Map<char, bool>) -> Map<bool, char> {
            unimplemented!()
        }
        fn named(_: Scores) -> Scores {
            unimplemented!()
        }
        fn nested(_: Map<String, Map<i8, Vec<String>>>) -> Map<String, Map<i8, Vec<String>>> {
            unimplemented!()
        }
        fn in_record(_: Entry) -> Entry {
            unimplemented!()
        }
        fn in_variant(_: Lookup) -> Lookup {
            unimplemented!()
        }
        fn in_option(_: Option<Map<u16, String>>) -> Option<Map<u16, String>> {
            unimplemented!()
        }
        fn in_list(_: Vec<Map<u8, u8>>) -> Vec<Map<u8, u8>> {
            unimplemented!()
        }
        fn in_tuple(_: (Map<String, u32>, u8)) -> (u8, Map<String, u32>) {
            unimplemented!()
        }
        fn of_records(_: Map<String, Entry>) -> Result<Map<String, Entry>, String> {
            unimplemented!()
        }
        fn empty() -> Map<String, String> {
            unimplemented!()
        }
    }

    export!(Component);
}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/merged-types.wit",
    world = "merged",
    merge_structurally_equal_types = true
)]
mod merged_types {}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/options.wit",
    world = "options-world"
)]
mod options {}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/param-named-like-local.wit",
    world = "param-named-like-local"
)]
mod param_named_like_local {}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/pub-export-macro.wit",
    world = "pub-export-macro",
    pub_export_macro = true
)]
mod pub_export_macro {}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/records.wit",
    world = "records-world"
)]
mod records {}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/results.wit",
    world = "results-world"
)]
mod results {}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/runtime-path.wit",
    world = "runtime-path",
    runtime_path = "::weld_renamed"
)]
mod runtime_path {}

#[weld::shared_world(path = "../../../bindgen/tests/corpus/scalars.wit", world = "imports")]
mod scalars_imports {}

#[weld::shared_world(path = "../../../bindgen/tests/corpus/scalars.wit", world = "exports")]
mod scalars_exports {
    // `export!` invoked in the bindings' own module.
    use self::exports::corpus::scalars::scalars::Guest;

    struct Component;

    impl Guest for Component {
        fn bool_id(_: bool) -> bool {
            unimplemented!()
        }
        fn u8_id(_: u8) -> u8 {
            unimplemented!()
        }
        fn s8_id(_: i8) -> i8 {
            unimplemented!()
        }
        fn u16_id(_: u16) -> u16 {
            unimplemented!()
        }
        fn s16_id(_: i16) -> i16 {
            unimplemented!()
        }
        fn u32_id(_: u32) -> u32 {
            unimplemented!()
        }
        fn s32_id(_: i32) -> i32 {
            unimplemented!()
        }
        fn u64_id(_: u64) -> u64 {
            unimplemented!()
        }
        fn s64_id(_: i64) -> i64 {
            unimplemented!()
        }
        fn f32_id(_: f32) -> f32 {
            unimplemented!()
        }
        fn f64_id(_: f64) -> f64 {
            unimplemented!()
        }
        fn char_id(_: char) -> char {
            unimplemented!()
        }
        fn no_params() -> u32 {
            unimplemented!()
        }
        fn no_result(_: u32) {
            unimplemented!()
        }
        fn nothing() {
            unimplemented!()
        }
        #[allow(
            clippy::too_many_arguments,
            reason = "the WIT function has eight parameters"
        )]
        fn mixed(_: bool, _: i8, _: u16, _: i32, _: u64, _: f32, _: f64, _: char) -> f64 {
            unimplemented!()
        }
    }

    export!(Component);
}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/sync-option.wit",
    world = "sync-option",
    sync = [
        "import:corpus:sync-option/calls#fetch",
        "export:corpus:sync-option/calls#store",
        "corpus:sync-option/calls#both"
    ]
)]
mod sync_option {
    use self::exports::corpus::sync_option::calls::{self, Item};

    struct Component;

    impl calls::Guest for Component {
        async fn fetch(_: String, _: Vec<String>, _: Option<String>) -> Option<Item> {
            unimplemented!()
        }
        fn store(_: Item, _: u32) -> u32 {
            unimplemented!()
        }
        fn both(_: Item, _: Option<String>) {
            unimplemented!()
        }
        async fn stays(_: String) -> String {
            unimplemented!()
        }
    }

    export!(Component);
}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/strings.wit",
    world = "strings-world"
)]
mod strings {}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/tuples.wit",
    world = "tuples-world"
)]
mod tuples {}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/type-named-guest.wit",
    world = "type-named-guest"
)]
mod type_named_guest_type_named_guest {
    use self::exports::corpus::type_named_guest::guest_type::{self, Visitor};

    struct Component;

    impl guest_type::Guest for Component {
        fn greet(_: guest_type::Guest_) -> guest_type::Guest_ {
            unimplemented!()
        }
        fn visit(_: Visitor) -> Option<guest_type::Guest_> {
            unimplemented!()
        }
    }

    impl Guest for Component {
        fn count(_: Guest_) -> Guest_ {
            unimplemented!()
        }
    }

    export!(Component);
}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/type-named-guest.wit",
    world = "imports-it"
)]
mod type_named_guest_imports_it {}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/unused-types.wit",
    world = "unused-types"
)]
mod unused_types {}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/use-across.wit",
    world = "client"
)]
mod use_across_client {}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/use-across.wit",
    world = "server"
)]
mod use_across_server {
    use self::exports::corpus::use_across::api::{Caps, Guest, Kind, Team, User};

    struct Component;

    impl Guest for Component {
        fn lookup(_: u64) -> Option<User> {
            unimplemented!()
        }
        fn kind_of(_: User) -> Kind {
            unimplemented!()
        }
        fn caps_of(_: Kind) -> Caps {
            unimplemented!()
        }
        fn team_of(_: User) -> Team {
            unimplemented!()
        }
    }

    export!(Component);
}

#[weld::shared_world(path = "../../../bindgen/tests/corpus/use-across.wit", world = "both")]
mod use_across_both {}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/features.wit",
    world = "features",
    features = ["shiny"]
)]
mod features {}

#[weld::shared_world(path = "../../../bindgen/tests/corpus/with.wit", world = "base")]
mod with_base {}

/// `types` comes from `with_base`: the same `Pos` and `Cell` types.
#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/with.wit",
    world = "reuser",
    with = { "corpus:reuse/types": crate::with_base::corpus::reuse::types }
)]
mod with_reuser {
    use crate::with_base::corpus::reuse::types::Cell;

    struct Component;

    impl Guest for Component {
        fn shifted(p: Pos) -> Pos {
            let cell: Cell = corpus::reuse::moves::fresh();
            corpus::reuse::moves::shift(p, corpus::reuse::moves::peek(&cell) as i32)
        }
    }

    export!(Component);
}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/variants.wit",
    world = "variants-world"
)]
mod variants {}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/world-functions.wit",
    world = "world-functions"
)]
mod world_functions_world_functions {}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/world-functions.wit",
    world = "world-imports-only"
)]
mod world_functions_world_imports_only {}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/world-functions.wit",
    world = "world-exports-only"
)]
mod world_functions_world_exports_only {
    struct Component;

    impl Guest for Component {
        fn wf_pong(_: u32) -> u32 {
            unimplemented!()
        }
    }

    export!(Component);
}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/world-type-named-t.wit",
    world = "world-type-named-t"
)]
mod world_type_named_t {}

/// `export!` invoked outside the bindings' module, with `with_types_in`.
mod world_functions_impl {
    use crate::world_functions_world_functions::{Config, Configs, Event, Guest, Options};

    struct Component;

    impl Guest for Component {
        fn wf_run(_: Config, _: Options) -> Result<u32, String> {
            unimplemented!()
        }
        fn wf_handle(_: Event) -> Vec<Event> {
            unimplemented!()
        }
        fn wf_all(_: Configs) -> Configs {
            unimplemented!()
        }
        fn wf_nothing() {
            unimplemented!()
        }
    }

    crate::world_functions_world_functions::export!(Component with_types_in crate::world_functions_world_functions);
}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/resource-named-guest.wit",
    world = "front-desk"
)]
mod resource_named_guest_front_desk {
    use self::exports::corpus::resource_named_guest::hotel::{
        self, Guest_, GuestBorrow, GuestGuest,
    };

    struct Component;
    struct MyGuest;

    impl GuestGuest for MyGuest {
        fn new(_: String) -> Self {
            unimplemented!()
        }
        fn name(&self) -> String {
            unimplemented!()
        }
        fn check_in(_: String) -> Result<Guest_, String> {
            unimplemented!()
        }
    }

    impl hotel::Guest for Component {
        type Guest = MyGuest;
        fn greet(_: GuestBorrow<'_>) -> String {
            unimplemented!()
        }
        fn arrive(_: String) -> Guest_ {
            unimplemented!()
        }
    }

    export!(Component);
}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/resource-named-guest.wit",
    world = "visitor"
)]
mod resource_named_guest_visitor {
    use self::corpus::resource_named_guest::hotel::{self, Guest_};

    #[allow(dead_code)]
    fn visit() -> String {
        let g = Guest_::new("ann");
        let _ = Guest_::check_in("bob");
        hotel::greet(&g) + &g.name()
    }
}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/resources.wit",
    world = "importer"
)]
mod resources_importer {}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/resources.wit",
    world = "exporter"
)]
mod resources_exporter {
    use self::exports::corpus::resources::store::{
        Blob, BlobBorrow, Cursor, CursorBorrow, Entry, Guest, GuestBlob, GuestCursor, Item,
    };

    struct Component;
    struct MyBlob;
    struct MyCursor;

    impl GuestBlob for MyBlob {
        fn new(_: Vec<u8>) -> Self {
            unimplemented!()
        }
        fn parse(_: String) -> Result<Blob, String> {
            unimplemented!()
        }
        fn len(&self) -> u32 {
            unimplemented!()
        }
        fn append(&self, _: BlobBorrow<'_>) {
            unimplemented!()
        }
        fn split(&self, _: u32) -> (Blob, Blob) {
            unimplemented!()
        }
    }

    impl GuestCursor for MyCursor {
        fn new(_: u32) -> Result<Self, String> {
            unimplemented!()
        }
        fn next(&self, _: BlobBorrow<'_>) -> Option<u8> {
            unimplemented!()
        }
    }

    impl Guest for Component {
        type Blob = MyBlob;
        type Cursor = MyCursor;
        fn put(_: Entry) -> Result<(), String> {
            unimplemented!()
        }
        fn take(_: String) -> Option<Blob> {
            unimplemented!()
        }
        fn items() -> Vec<Item> {
            unimplemented!()
        }
        fn measure(_: BlobBorrow<'_>, _: CursorBorrow<'_>) -> u32 {
            unimplemented!()
        }
    }

    export!(Component);
}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/resources.wit",
    world = "middleware"
)]
mod resources_middleware {
    use self::corpus::resources::store::Blob;
    use self::exports::corpus::resources::reader::Guest;

    struct Component;

    impl Guest for Component {
        fn read_all(_: &Blob) -> Vec<u8> {
            unimplemented!()
        }
        fn make() -> Blob {
            unimplemented!()
        }
    }

    export!(Component);
}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/world-resources.wit",
    world = "world-resources"
)]
mod world_resources {
    struct Component;

    impl Guest for Component {
        fn check(s: &Session) -> bool {
            s.renew(60) && !s.user().is_empty() && Session::anonymous().user().is_empty()
        }
    }

    export!(Component);
}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/borrows-of-imported-in-types.wit",
    world = "lender"
)]
mod borrows_of_imported_in_types {
    use self::corpus::lent::store::Blob;
    use self::exports::corpus::lent::lens::{Guest, Pair, Pick};

    struct Component;

    impl Guest for Component {
        fn measure(_: Pair<'_>) -> u32 {
            unimplemented!()
        }
        fn maybe_len(_: Option<&Blob>) -> Option<u32> {
            unimplemented!()
        }
        fn choose(_: Pick<'_>) -> u32 {
            unimplemented!()
        }
        fn first_len(_: (&Blob, u32)) -> u32 {
            unimplemented!()
        }
        fn either(_: Result<&Blob, &Blob>) -> u32 {
            unimplemented!()
        }
        fn deep(_: Option<Option<Pick<'_>>>) -> u32 {
            unimplemented!()
        }
    }

    export!(Component);
}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/borrows-in-types.wit",
    world = "importer"
)]
mod borrows_in_types_importer {}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/borrows-in-types.wit",
    world = "exporter"
)]
mod borrows_in_types_exporter {
    use self::exports::corpus::borrows::store::{BlobBorrow, Blobs, Guest, GuestBlob, Pair, Pick};

    struct Component;
    struct MyBlob;

    impl GuestBlob for MyBlob {
        fn new(_: Vec<u8>) -> Self {
            unimplemented!()
        }
        fn len(&self) -> u32 {
            unimplemented!()
        }
    }

    impl Guest for Component {
        type Blob = MyBlob;
        fn measure(_: Pair<'_>) -> u32 {
            unimplemented!()
        }
        fn measure_all(_: Vec<BlobBorrow<'_>>) -> u32 {
            unimplemented!()
        }
        fn maybe_len(_: Option<BlobBorrow<'_>>) -> Option<u32> {
            unimplemented!()
        }
        fn choose(_: Pick<'_>) -> u32 {
            unimplemented!()
        }
        fn first_len(_: (BlobBorrow<'_>, u32)) -> u32 {
            unimplemented!()
        }
        fn named(_: Blobs<'_>) -> u32 {
            unimplemented!()
        }
        fn pairs(_: Vec<Pair<'_>>) -> u32 {
            unimplemented!()
        }
    }

    export!(Component);
}

#[weld::shared_world(path = "../../../bindgen/tests/corpus/wasi-0.3", world = "command")]
mod wasi_0_3_command {}

#[weld::shared_world(path = "../../../bindgen/tests/corpus/wasi-0.3", world = "virt-all")]
mod wasi_0_3_virt_all {}

#[weld::shared_world(path = "../../../bindgen/tests/corpus/wasi-0.3", world = "virt")]
mod wasi_0_3_virt {}

#[weld::shared_world(path = "../../../bindgen/tests/corpus/wasi-0.3", world = "app")]
mod wasi_0_3_app {}

#[weld::shared_world(
    path = "../../../bindgen/tests/corpus/export-ends-f32-and-maps.wit",
    world = "export-ends-f32-and-maps"
)]
mod export_ends_f32_and_maps {}
