//! The process's resident and virtual memory, from `/proc/self/status`
//! (Linux).

use weld_harness::wasmtime::{Result, format_err};

/// Resident and virtual size of this process.
#[derive(Debug, Clone, Copy)]
pub struct Mem {
    /// `VmRSS`, KiB.
    pub rss_kib: u64,
    /// `VmSize`, KiB.
    pub virt_kib: u64,
}

/// Reads [`Mem`] now.
pub fn now() -> Result<Mem> {
    let status = std::fs::read_to_string("/proc/self/status")
        .map_err(|e| format_err!("reading /proc/self/status: {e}"))?;
    let field = |name: &str| -> Result<u64> {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .ok_or_else(|| format_err!("no {name} in /proc/self/status"))
    };
    Ok(Mem {
        rss_kib: field("VmRSS:")?,
        virt_kib: field("VmSize:")?,
    })
}

/// Resident memory split by kind of mapping, from `/proc/self/smaps`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Split {
    /// Resident in linear memories, private (anonymous) pages: stack,
    /// heap, data pages written (copied on write from the image).
    pub linear_private_kib: u64,
    /// Resident in linear memories, pages of the memory image (data
    /// segments mapped copy-on-write from wasmtime's memfd) only read so
    /// far: page cache, one physical copy for every instance, though each
    /// instance's mapping counts it in the process's resident size.
    pub linear_image_kib: u64,
    /// Everything else: wasmtime's and the host's own allocations
    /// (instances, vmctx, tables, stores, WASI contexts), code.
    pub other_kib: u64,
}

/// One `/proc/self/smaps` entry.
struct Entry {
    size: u64,
    inaccessible: bool,
    image: bool,
    rss_kib: u64,
    anon_kib: u64,
}

/// Reads [`Split`] now. A linear memory is recognised by its shape:
/// wasmtime reserves each one with an inaccessible guard region of at
/// least 32 MiB before it and an inaccessible rest of several GiB after its
/// accessible pages, so every accessible mapping between an inaccessible
/// one of at least 32 MiB and one of at least 1 GiB is linear memory.
pub fn split() -> Result<Split> {
    let smaps = std::fs::read_to_string("/proc/self/smaps")
        .map_err(|e| format_err!("reading /proc/self/smaps: {e}"))?;
    let mut entries: Vec<Entry> = Vec::new();
    for line in smaps.lines() {
        let mut words = line.split_whitespace();
        let first = words.next().unwrap_or("");
        if let Some((a, b)) = first.split_once('-')
            && let (Ok(a), Ok(b)) = (u64::from_str_radix(a, 16), u64::from_str_radix(b, 16))
        {
            let perms = words.next().unwrap_or("");
            entries.push(Entry {
                size: b - a,
                inaccessible: perms.starts_with("---"),
                image: line.contains("wasm-memory-image"),
                rss_kib: 0,
                anon_kib: 0,
            });
        } else if let Some(e) = entries.last_mut() {
            let kib = |v: &str| v.trim().trim_end_matches("kB").trim().parse().unwrap_or(0);
            if let Some(v) = line.strip_prefix("Rss:") {
                e.rss_kib = kib(v);
            } else if let Some(v) = line.strip_prefix("Anonymous:") {
                e.anon_kib = kib(v);
            }
        }
    }
    const GUARD: u64 = 32 << 20;
    let mut out = Split::default();
    let mut run: Vec<&Entry> = Vec::new();
    let mut after_guard = false;
    for e in &entries {
        if e.inaccessible {
            if after_guard && e.size >= 1 << 30 {
                for r in &run {
                    let shared = if r.image { r.rss_kib - r.anon_kib } else { 0 };
                    out.linear_image_kib += shared;
                    out.linear_private_kib += r.rss_kib - shared;
                }
            } else {
                out.other_kib += run.iter().map(|r| r.rss_kib).sum::<u64>();
            }
            run.clear();
            after_guard = e.size >= GUARD;
            out.other_kib += e.rss_kib;
        } else {
            run.push(e);
        }
    }
    out.other_kib += run.iter().map(|r| r.rss_kib).sum::<u64>();
    Ok(out)
}
