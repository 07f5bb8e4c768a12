//! std's and wasi-libc's WASI preview 1 calls served by WASI 0.2 WIT imports, inside the link.
