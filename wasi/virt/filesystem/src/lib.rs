//! Virtual wasi:filesystem 0.2: a read-only filesystem in memory, built from files given at build time.
