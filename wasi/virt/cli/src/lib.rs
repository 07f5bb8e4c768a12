//! Virtual wasi:cli 0.2: arguments, environment, exit, and stdio with captured output and given input.
