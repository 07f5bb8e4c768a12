//! The shared allocator (in progress).
