//! Virtual wasi:io 0.2: in-memory streams, pollables and errors, with a Rust API for the other virtual crates to mint them.
