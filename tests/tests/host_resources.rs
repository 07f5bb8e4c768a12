//! Resources imported from the host: tests/guests/host-resource uses
//! `blob` (interface `test:host/blobs`) and `token` (declared in its world),
//! which no linked crate exports. weld-ld leaves their functions as
//! canonical imports, and this host provides them with its own handle
//! table, as a Component Model host does: the guest must pass the host's
//! handles along unchanged, call `[resource-drop]` exactly once for each
//! own handle it still holds, and never for one it moved to the host
//! (SPEC.md, "Resources from the host").

use std::sync::{Arc, Mutex};
use wasmtime::{Caller, Linker, Result, format_err};
use wasmtime_wasi::p1::WasiP1Ctx;
use weld_tests::{Guest, inspect, paths};

/// The host's resources. Blob handles start at 100 and token handles at
/// 500, so that a handle the guest reports is recognisably the host's.
#[derive(Default)]
struct Host {
    blobs: Vec<Option<Vec<u8>>>,
    tokens: Vec<Option<u32>>,
    /// What the guest dropped, in order.
    dropped: Vec<String>,
}

const BLOB_BASE: u32 = 100;
const TOKEN_BASE: u32 = 500;

impl Host {
    fn blob(&mut self, h: u32) -> Result<&mut Vec<u8>> {
        let i = h
            .checked_sub(BLOB_BASE)
            .ok_or_else(|| format_err!("not a blob handle: {h}"))?;
        self.blobs
            .get_mut(i as usize)
            .and_then(Option::as_mut)
            .ok_or_else(|| format_err!("blob handle {h} is not live"))
    }

    fn take_blob(&mut self, h: u32) -> Result<Vec<u8>> {
        let i = h
            .checked_sub(BLOB_BASE)
            .ok_or_else(|| format_err!("not a blob handle: {h}"))?;
        self.blobs
            .get_mut(i as usize)
            .and_then(Option::take)
            .ok_or_else(|| format_err!("blob handle {h} is not live"))
    }

    fn token(&mut self, h: u32) -> Result<&mut Option<u32>> {
        let i = h
            .checked_sub(TOKEN_BASE)
            .ok_or_else(|| format_err!("not a token handle: {h}"))?;
        let slot = self
            .tokens
            .get_mut(i as usize)
            .ok_or_else(|| format_err!("token handle {h} was never created"))?;
        if slot.is_none() {
            return Err(format_err!("token handle {h} is not live"));
        }
        Ok(slot)
    }
}

fn read(caller: &mut Caller<'_, WasiP1Ctx>, ptr: u32, len: u32) -> Result<Vec<u8>> {
    let memory = caller
        .get_export("memory")
        .and_then(|e| e.into_memory())
        .ok_or_else(|| format_err!("no memory"))?;
    let mut buf = vec![0; len as usize];
    memory.read(&caller, ptr as usize, &mut buf)?;
    Ok(buf)
}

/// Defines the canonical imports of both resources.
fn define(linker: &mut Linker<WasiP1Ctx>, host: &Arc<Mutex<Host>>) -> Result<()> {
    const BLOBS: &str = "test:host/blobs@0.1.0";
    let h = host.clone();
    linker.func_wrap(
        BLOBS,
        "[constructor]blob",
        move |mut c: Caller<'_, WasiP1Ctx>, ptr: u32, len: u32| {
            let bytes = read(&mut c, ptr, len)?;
            let mut host = h.lock().unwrap();
            host.blobs.push(Some(bytes));
            Ok(BLOB_BASE + host.blobs.len() as u32 - 1)
        },
    )?;
    let h = host.clone();
    linker.func_wrap(BLOBS, "[method]blob.len", move |me: u32| {
        Ok(h.lock().unwrap().blob(me)?.len() as u32)
    })?;
    let h = host.clone();
    linker.func_wrap(BLOBS, "[method]blob.append", move |me: u32, other: u32| {
        let mut host = h.lock().unwrap();
        let more = host.blob(other)?.clone();
        host.blob(me)?.extend(more);
        Ok(())
    })?;
    let h = host.clone();
    linker.func_wrap(BLOBS, "[resource-drop]blob", move |me: u32| {
        let mut host = h.lock().unwrap();
        host.take_blob(me)?;
        host.dropped.push(format!("blob {me}"));
        Ok(())
    })?;
    let h = host.clone();
    linker.func_wrap(
        BLOBS,
        "total",
        move |mut c: Caller<'_, WasiP1Ctx>, ptr: u32, len: u32| {
            let raw = read(&mut c, ptr, len * 4)?;
            let mut host = h.lock().unwrap();
            let mut total = 0;
            for handle in raw.chunks(4) {
                // The own handles move to the host, which drops them here.
                total += host
                    .take_blob(u32::from_le_bytes(handle.try_into()?))?
                    .len() as u32;
            }
            Ok(total)
        },
    )?;
    let h = host.clone();
    linker.func_wrap("$root", "[constructor]token", move |id: u32| {
        let mut host = h.lock().unwrap();
        host.tokens.push(Some(id));
        Ok(TOKEN_BASE + host.tokens.len() as u32 - 1)
    })?;
    let h = host.clone();
    linker.func_wrap("$root", "[method]token.id", move |me: u32| {
        Ok(h.lock().unwrap().token(me)?.expect("checked live"))
    })?;
    let h = host.clone();
    linker.func_wrap("$root", "[resource-drop]token", move |me: u32| {
        let mut host = h.lock().unwrap();
        host.token(me)?.take();
        host.dropped.push(format!("token {me}"));
        Ok(())
    })?;
    Ok(())
}

fn load(host: &Arc<Mutex<Host>>) -> Guest {
    let path = paths::built_wasm("weld-test-host-resource").unwrap();
    Guest::load_with_host(&path, &mut |linker| define(linker, host)).unwrap()
}

#[test]
fn host_resources_keep_canonical_handle_semantics() {
    let host = Arc::new(Mutex::new(Host::default()));
    let mut guest = load(&host);
    let out = guest.call_canonical_string("run", None).unwrap();
    assert_eq!(
        out, "handles 100 101\nlen 12 7\ntotal 13\ntoken 7 handle 500\n",
        "the guest must see the host's handles and contents"
    );
    let host = host.lock().unwrap();
    // `b` and the token were dropped by the guest; `a` and `c` moved to the
    // host with `total`, which took them.
    assert_eq!(host.dropped, ["blob 101", "token 500"]);
    assert!(host.blobs.iter().all(Option::is_none), "every blob is gone");
    assert!(
        host.tokens.iter().all(Option::is_none),
        "every token is gone"
    );
}

#[test]
fn host_resource_functions_are_canonical_imports() {
    let path = paths::built_wasm("weld-test-host-resource").unwrap();
    let imports = inspect::inspect(&std::fs::read(path).unwrap())
        .unwrap()
        .imports;
    for (module, name) in [
        ("test:host/blobs@0.1.0", "[constructor]blob"),
        ("test:host/blobs@0.1.0", "[method]blob.append"),
        ("test:host/blobs@0.1.0", "[resource-drop]blob"),
        ("$root", "[constructor]token"),
        ("$root", "[method]token.id"),
        ("$root", "[resource-drop]token"),
    ] {
        assert!(
            imports.iter().any(|(m, n)| m == module && n == name),
            "missing import {module}::{name} in {imports:?}"
        );
    }
    assert!(
        imports.iter().all(|(m, _)| m != "env"),
        "no weld symbol is left unresolved: {imports:?}"
    );
}
