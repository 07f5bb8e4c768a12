//! Virtual wasi:clocks 0.2: a deterministic wall clock and monotonic clock.
