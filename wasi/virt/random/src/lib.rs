//! Virtual wasi:random 0.2: a seeded random source.
