//! The process's resident and virtual memory, from `/proc/self/status`
//! (Linux).

use wasmtime::{Result, format_err};

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
