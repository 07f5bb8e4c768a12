//! Which symbols a linked module exports: the root world's Canonical ABI
//! exports, `memory`, and the runtime's entry points. Internal weld symbols,
//! other crates' canonical exports and the C allocator functions stay
//! internal (SPEC.md section 8).

use crate::check::Slot;
use crate::wrap::Imports;
use std::collections::{BTreeMap, BTreeSet};
use weld_abi::metadata::{Direction, ItemKind, Record};

/// The runtime's exports every weld module keeps (SPEC.md sections 5, 9);
/// a command keeps all but [`INITIALIZE`].
pub const RUNTIME: &[&str] = weld_abi::RUNTIME_EXPORTS;

/// The reactor's initialisation export, which a command does not have
/// (its `_start` runs the constructors).
pub const INITIALIZE: &str = weld_abi::INITIALIZE;

/// A command's entry point (wasi-libc's `crt1-command.o`): runs the
/// constructors, `main` and the destructors. A module exporting it is a
/// command, and its component runs `_start` as `wasi:cli/run`.
pub const START: &str = "_start";

/// The canonical export names (and post-return names, and exported
/// resources' `[dtor]`s) of `crates`' exports, as the crates define them:
/// a wrapper's carry the `__wrap_` prefix (SPEC.md section 6), which the
/// post-link rewrite strips.
pub fn canonical_names<'a>(
    records: impl IntoIterator<Item = &'a Record>,
    crates: &BTreeSet<String>,
) -> BTreeSet<String> {
    let records: Vec<&Record> = records.into_iter().collect();
    let imports = Imports::of(records.iter().copied());
    let role = |r: &Record, name: &str| {
        if imports.wraps(r, name) {
            weld_abi::Role::WrapperExport
        } else {
            weld_abi::Role::Plain
        }
    };
    let mut out = BTreeSet::new();
    for r in records {
        if r.direction != Direction::Export || !crates.contains(&r.crate_name) {
            continue;
        }
        let interface = r.interface.as_deref();
        for item in r.items.iter().filter(|i| i.kind == ItemKind::Func) {
            let role = role(r, &item.name);
            let names = match async_item(&item.name) {
                None => [
                    weld_abi::canonical::export_name(interface, &item.name),
                    weld_abi::canonical::post_return_name(interface, &item.name),
                ],
                // An async function: its callback-form export
                // (abi-spec/ASYNC.md section 11).
                Some((true, f)) => [
                    weld_abi::host_async::async_lift_name(interface, f),
                    weld_abi::host_async::callback_name(interface, f),
                ],
                // A synchronous function carrying futures or streams has
                // no Canonical ABI export yet (refused for a root crate
                // by `async_root_exports`).
                Some((false, _)) => continue,
            };
            for name in names {
                out.insert(weld_abi::with_role(&name, role));
            }
        }
        // The host calls each exported resource's destructor.
        for item in r.items.iter().filter(|i| crate::wrap::is_resource(i)) {
            let role = role(r, &item.name);
            let dtor = weld_abi::canonical::dtor(&item.name);
            let name = weld_abi::canonical::export_name(r.interface.as_deref(), &dtor);
            out.insert(weld_abi::with_role(&name, role));
        }
    }
    out
}

/// The crates whose exports no other linked crate imports: the root
/// world(s) of a link of staticlibs. An interface counts as imported when
/// another crate imports it (in any form: a compatible version's WIT may
/// lack some of its functions), a world-level function when another crate
/// imports that function. A wrapper's own import of what it exports does
/// not count.
pub fn roots(records: &[Record]) -> BTreeSet<String> {
    let imports = Imports::of(records);
    records
        .iter()
        .filter(|r| r.direction == Direction::Export)
        .filter(|r| {
            let mut funcs = r.items.iter().filter(|i| i.kind == ItemKind::Func);
            match r.interface.as_deref() {
                Some(i) => funcs.next().is_some() && !imports.interface_by_other(&r.crate_name, i),
                None => funcs.any(|i| !imports.by_other(&r.crate_name, None, &i.name)),
            }
        })
        .map(|r| r.crate_name.clone())
        .collect()
}

/// [`roots`], an import bound to a compatible version
/// ([`crate::check::compatible`]: imported interface -> exported one)
/// counting as an import of the exported version.
pub fn roots_bound(records: &[Record], bound: &BTreeMap<Slot, Slot>) -> BTreeSet<String> {
    let rebound: Vec<Record> = records
        .iter()
        .map(|r| {
            let mut r = r.clone();
            let target = r
                .interface
                .as_ref()
                .filter(|_| r.direction == Direction::Import)
                .and_then(|i| bound.get(&Slot::Interface(i.clone())));
            if let Some(t) = target {
                r.interface = Some(t.module().to_owned());
            }
            r
        })
        .collect();
    roots(&rebound)
}

/// The root crates of an already linked module: those whose canonical
/// exports (or async functions' `[async-lift]` exports) the module
/// exports (`exports`, its export names).
pub fn roots_of_module(records: &[Record], exports: &BTreeSet<String>) -> BTreeSet<String> {
    records
        .iter()
        .filter(|r| r.direction == Direction::Export)
        .filter(|r| {
            r.items
                .iter()
                .any(|i| i.kind == ItemKind::Func && exports.contains(&host_name(r, &i.name)))
        })
        .map(|r| r.crate_name.clone())
        .collect()
}

/// The export name under which the host calls function item `name` of
/// record `r`: its canonical export, or for an async function
/// (`[async]f`) its `[async-lift]` entry point.
fn host_name(r: &Record, name: &str) -> String {
    let interface = r.interface.as_deref();
    match async_item(name) {
        Some((true, f)) => weld_abi::host_async::async_lift_name(interface, f),
        _ => weld_abi::canonical::export_name(interface, name),
    }
}

/// For a `weld-meta` function item that has no Canonical ABI form yet
/// (abi-spec/ASYNC.md section 12): whether it is async (`[async]f`; else
/// `[streams]f`, a synchronous function carrying futures or streams), and
/// the function's name.
pub fn async_item(name: &str) -> Option<(bool, &str)> {
    if let Some(f) = name.strip_prefix(weld_abi::ASYNC_PREFIX) {
        Some((true, f))
    } else {
        name.strip_prefix(weld_abi::STREAMS_PREFIX)
            .map(|f| (false, f))
    }
}

/// What the host boundary cannot take yet, in messages.
pub fn async_kind(is_async: bool, f: &str) -> String {
    if is_async {
        format!("async function `{f}`")
    } else {
        format!(
            "function `{f}` (its parameters or result carry futures, streams or error-contexts)"
        )
    }
}

/// The functions root crates export that weld cannot export to the host
/// yet, each an error naming the function, its interface and the crate:
/// synchronous functions carrying futures or streams (`[streams]f`), and
/// async functions without an `[async-lift]` export in the linked module
/// (`exports`, its export names): weld-bindgen generates the callback
/// form (abi-spec/ASYNC.md section 11) only for async functions whose
/// parameters and result hold no `error-context`, and futures and
/// streams (at any depth, with plain elements) only in freestanding
/// functions without resource handles.
pub fn async_root_exports(
    records: &[Record],
    roots: &BTreeSet<String>,
    exports: &BTreeSet<String>,
) -> Vec<crate::check::Diagnostic> {
    let mut out = Vec::new();
    for r in records {
        if r.direction != Direction::Export || !roots.contains(&r.crate_name) {
            continue;
        }
        for item in &r.items {
            let Some((is_async, f)) = async_item(&item.name) else {
                continue;
            };
            if is_async && exports.contains(&host_name(r, &item.name)) {
                continue;
            }
            let place = match &r.interface {
                Some(i) => format!("of interface `{i}`"),
                None => String::from("of the world"),
            };
            let note = if is_async {
                "async functions, and async methods and statics of the root crate's resources, are exported to the host in the Canonical ABI's callback form (resource handles included, and futures and streams at any depth of a freestanding function's parameters and result), except those whose parameters or result hold an `error-context`, a resource handle together with a future or stream, or futures or streams whose elements hold a handle, a future, a stream or an `error-context` (abi-spec/ASYNC.md section 11)"
            } else {
                "futures, streams and error-contexts work between linked crates, and futures and streams cross the host boundary in imported functions and async exports; a root crate's synchronous export cannot carry them to the host (it cannot wait for the host, and wasmtime 48 refuses to lift a synchronous function type asynchronously: make the function `async`; abi-spec/ASYNC.md section 11)"
            };
            let d = crate::check::Diagnostic::new(format!(
                "{} {place} is exported by the root crate `{}`, and weld cannot export it to the host yet",
                async_kind(is_async, f),
                r.crate_name
            ))
            .note(note)
            .hint("export a function from the root crate that passes plain values and calls the other one inside (through `weld::rt::block_on` from a synchronous export)");
            if !out.contains(&d) {
                out.push(d);
            }
        }
    }
    out
}

/// Whether `--export=name`, asked for by rustc, stays: not for weld
/// symbols (wrappers' included), the C allocator API, the WASI preview 1
/// functions a linked crate defines for wasi-libc (rustc exports every
/// `#[no_mangle]` function of a cdylib's dependencies; exported, they
/// would keep every WASI 0.2 import alive), or canonical exports of
/// non-root crates (`hidden`).
pub fn keep(name: &str, hidden: &BTreeSet<String>) -> bool {
    weld_abi::parse_symbol(weld_abi::split_role(name).1).is_none()
        && !weld_abi::C_ALLOCATOR.contains(&name)
        && name != weld_abi::EXECUTOR
        && name != weld_abi::HOST_BOUNDARY
        && !name.starts_with(weld_abi::PREVIEW1_SYMBOL_PREFIX)
        && !hidden.contains(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use weld_abi::metadata::Item;

    fn record(crate_name: &str, items: Vec<Item>) -> Record {
        Record {
            abi_version: weld_abi::ABI_VERSION,
            weld_version: weld_abi::WELD_VERSION.into(),
            crate_name: crate_name.into(),
            world: "t:t/w".into(),
            direction: Direction::Export,
            interface: Some("t:t/i".into()),
            items,
        }
    }

    fn item(kind: ItemKind, name: &str, description: &str) -> Item {
        Item {
            kind,
            name: name.into(),
            hash: weld_abi::type_hash(description),
        }
    }

    #[test]
    fn a_root_crate_exports_each_resource_destructor() {
        let records = vec![record(
            "app",
            vec![
                item(ItemKind::Type, "counter", "resource counter"),
                item(ItemKind::Type, "point", "record point {x: u32}"),
                item(ItemKind::Func, "[method]counter.get", "func(..) -> u32"),
            ],
        )];
        let names = canonical_names(&records, &roots(&records));
        assert!(names.contains("t:t/i#[dtor]counter"), "{names:?}");
        assert!(names.contains("t:t/i#[method]counter.get"), "{names:?}");
        assert!(!names.iter().any(|n| n.contains("point")), "{names:?}");
    }

    #[test]
    fn async_functions_of_a_root_crate_are_exported_in_the_callback_form() {
        let records = vec![record(
            "app",
            vec![
                item(
                    ItemKind::Func,
                    "[async]fetch",
                    "async func(string) -> string",
                ),
                item(
                    ItemKind::Func,
                    "[async]watch",
                    "async func() -> option<future<stream<u8>>>",
                ),
                item(ItemKind::Func, "[streams]feed", "func(stream<u8>)"),
                item(ItemKind::Func, "plain", "func() -> u32"),
            ],
        )];
        let roots = roots(&records);
        let names = canonical_names(&records, &roots);
        assert!(names.contains("t:t/i#plain"), "{names:?}");
        assert!(names.contains("[async-lift]t:t/i#fetch"), "{names:?}");
        assert!(
            names.contains("[callback][async-lift]t:t/i#fetch"),
            "{names:?}"
        );
        assert!(!names.iter().any(|n| n.contains("feed")), "{names:?}");
        assert!(!names.contains("t:t/i#[async]fetch"), "{names:?}");
        // The module exports `fetch`'s entry point but not `watch`'s
        // (weld-bindgen generates none for a future of a stream).
        let exported: BTreeSet<String> = ["[async-lift]t:t/i#fetch".to_string()].into();
        let errors = async_root_exports(&records, &roots, &exported);
        let msgs: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(msgs.len(), 2, "{msgs:#?}");
        assert!(
            msgs[0].contains("async function `watch` of interface `t:t/i`")
                && msgs[0].contains("root crate `app`")
                && msgs[0].contains("or futures or streams whose elements hold a handle"),
            "{msgs:#?}"
        );
        assert!(
            msgs[1].contains(
                "function `feed` (its parameters or result carry futures, streams or error-contexts)"
            ),
            "{msgs:#?}"
        );
        assert_eq!(
            roots_of_module(&records, &exported),
            BTreeSet::from(["app".to_string()])
        );
        // The same crate as a provider (not a root): nothing to refuse.
        assert!(async_root_exports(&records, &BTreeSet::new(), &exported).is_empty());
    }

    #[test]
    fn async_methods_and_statics_of_a_root_crate_are_exported_in_the_callback_form() {
        let records = vec![record(
            "app",
            vec![
                item(ItemKind::Type, "counter", "resource counter"),
                item(
                    ItemKind::Func,
                    "[async][method]counter.add",
                    "async func(borrow<counter>, u32) -> u32",
                ),
                item(
                    ItemKind::Func,
                    "[async][static]counter.make",
                    "async func(u32) -> own<counter>",
                ),
            ],
        )];
        let roots = roots(&records);
        let names = canonical_names(&records, &roots);
        for f in ["[method]counter.add", "[static]counter.make"] {
            assert!(
                names.contains(&format!("[async-lift]t:t/i#{f}")),
                "{names:?}"
            );
            assert!(
                names.contains(&format!("[callback][async-lift]t:t/i#{f}")),
                "{names:?}"
            );
        }
        // Without the static's entry point in the module, only it is refused.
        let exported: BTreeSet<String> =
            ["[async-lift]t:t/i#[method]counter.add".to_string()].into();
        let errors = async_root_exports(&records, &roots, &exported);
        let msgs: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(msgs.len(), 1, "{msgs:#?}");
        assert!(
            msgs[0].contains("async function `[static]counter.make` of interface `t:t/i`"),
            "{msgs:#?}"
        );
    }
}
