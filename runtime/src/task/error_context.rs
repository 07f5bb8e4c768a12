//! `error-context` between linked crates: a reference-counted, immutable
//! object holding a debug message (ASYNC.md section 7).
//!
//! The handle is the object's address. A parameter lends it for the call
//! (a callee that keeps it takes a reference of its own with
//! [`ErrorContext::from_borrowed`]); a result, a future or stream element
//! or an async call's parameter moves one reference
//! ([`ErrorContext::into_handle`], [`ErrorContext::from_handle`]). The last
//! reference frees the message and the object. Must not copy the message
//! (only wit-bindgen's `debug_message`, which returns a `String`, does).
//!
//! [`ErrorContext`] is also what bindings name `error-context`
//! (`weld::rt::ErrorContext`), with wit-bindgen 0.63's methods (`new`,
//! `debug_message`, `Debug`, `Display`, `Error`, equality by identity).

use super::elem::{Elem, ElemType, drop_lifted};
use crate::rust_alloc::boxed::Box;
use crate::rust_alloc::string::String;
use core::cell::Cell;
use core::mem::ManuallyDrop;
use core::ptr::NonNull;

/// The shared object of an `error-context`.
#[repr(C)]
pub struct ErrorContextObj {
    /// References alive.
    refs: Cell<u32>,
    /// The message's UTF-8 bytes (owned; exactly `len` bytes allocated,
    /// alignment 1; dangling when `len == 0`).
    ptr: *mut u8,
    /// The message's length in bytes.
    len: usize,
}

// The layout on wasm32 is part of the draft ABI (ASYNC.md section 7).
#[cfg(target_pointer_width = "32")]
const _: () = assert!(size_of::<ErrorContextObj>() == 12 && align_of::<ErrorContextObj>() == 4);

/// One reference to an `error-context`.
pub struct ErrorContext {
    obj: NonNull<ErrorContextObj>,
}

impl ErrorContext {
    /// A new error-context with `message` (wit-bindgen's `new(&str)`): a
    /// `String` gives its buffer (shrunk in place to its length, not
    /// copied), a `&str` is copied once.
    pub fn new(message: impl Into<String>) -> Self {
        let mut message = ManuallyDrop::new(message.into());
        message.shrink_to_fit();
        let (ptr, len) = (message.as_mut_ptr(), message.len());
        let obj = Box::new(ErrorContextObj {
            refs: Cell::new(1),
            ptr,
            len,
        });
        ErrorContext {
            obj: NonNull::from(Box::leak(obj)),
        }
    }

    fn obj(&self) -> &ErrorContextObj {
        // SAFETY: this reference keeps the object alive.
        unsafe { self.obj.as_ref() }
    }

    /// The debug message, as a new `String` (wit-bindgen's signature: a
    /// copy; [`message`](Self::message) reads it in place).
    pub fn debug_message(&self) -> String {
        String::from(self.message())
    }

    /// The debug message, read in place (weld only: no copy).
    pub fn message(&self) -> &str {
        let obj = self.obj();
        if obj.len == 0 {
            return "";
        }
        // SAFETY: `ptr` holds `len` bytes of the `String` given to `new`,
        // immutable while any reference lives.
        unsafe { core::str::from_utf8_unchecked(core::slice::from_raw_parts(obj.ptr, obj.len)) }
    }

    /// The handle: the object's address.
    pub fn handle(&self) -> usize {
        self.obj.as_ptr().expose_provenance()
    }

    /// Gives this reference away as a handle (a result, an element, an
    /// async call's parameter).
    pub fn into_handle(self) -> usize {
        ManuallyDrop::new(self).handle()
    }

    /// Takes over the reference a handle carries.
    ///
    /// # Safety
    /// `handle` must come from [`into_handle`](Self::into_handle) and its
    /// reference must not be taken twice.
    pub unsafe fn from_handle(handle: usize) -> Self {
        ErrorContext {
            // SAFETY: a live object's address is never 0.
            obj: unsafe { NonNull::new_unchecked(core::ptr::with_exposed_provenance_mut(handle)) },
        }
    }

    /// A reference of its own to a handle lent for a call (a parameter),
    /// for a callee that keeps it.
    ///
    /// # Safety
    /// `handle` must be the handle of a live error-context, alive for the
    /// duration of this call.
    pub unsafe fn from_borrowed(handle: usize) -> Self {
        // SAFETY: the caller guarantees a live object.
        let lent = ManuallyDrop::new(unsafe { Self::from_handle(handle) });
        ErrorContext::clone(&lent)
    }

    /// References alive (for tests and diagnostics).
    pub fn refs(&self) -> u32 {
        self.obj().refs.get()
    }
}

impl Clone for ErrorContext {
    fn clone(&self) -> Self {
        let obj = self.obj();
        obj.refs.set(obj.refs.get() + 1);
        ErrorContext { obj: self.obj }
    }
}

impl Drop for ErrorContext {
    fn drop(&mut self) {
        let obj = self.obj();
        let refs = obj.refs.get() - 1;
        obj.refs.set(refs);
        if refs == 0 {
            // SAFETY: the last reference: the object was allocated as a
            // `Box` in `new`, the message as a `String` of capacity `len`.
            unsafe {
                let obj = Box::from_raw(self.obj.as_ptr());
                if obj.len != 0 {
                    drop(String::from_raw_parts(obj.ptr, obj.len, obj.len));
                }
            }
        }
    }
}

impl core::fmt::Debug for ErrorContext {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ErrorContext")
            .field("debug_message", &self.message())
            .finish()
    }
}

impl core::fmt::Display for ErrorContext {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.message())
    }
}

impl core::error::Error for ErrorContext {}

/// Two references are equal when they name the same error-context (as
/// wit-bindgen compares handles).
impl PartialEq for ErrorContext {
    fn eq(&self, other: &Self) -> bool {
        self.obj == other.obj
    }
}

impl Eq for ErrorContext {}

// SAFETY: a lowered error-context is its handle (a `usize`, the canonical
// `i32` on wasm32) carrying one reference; `drop_lifted` lifts and drops
// it, which gives that reference up.
unsafe impl Elem for ErrorContext {
    const TYPE: &'static ElemType = &ElemType {
        size: size_of::<usize>(),
        align: align_of::<usize>(),
        drop_elems: drop_lifted::<ErrorContext>,
    };

    unsafe fn lower_one(v: Self, dst: *mut u8) {
        // SAFETY: the caller gives an aligned destination of `size` bytes.
        unsafe { dst.cast::<usize>().write(v.into_handle()) }
    }

    unsafe fn lift_one(src: *mut u8) -> Self {
        // SAFETY: the caller gives an initialised, owned lowered handle.
        unsafe { Self::from_handle(src.cast::<usize>().read()) }
    }
}

/// The Canonical ABI's error-context built-ins (ASYNC.md section 7, "To
/// the host"; names: `weld_abi::host_async`), imported from `$root`.
#[cfg(target_arch = "wasm32")]
mod sys {
    #[link(wasm_import_module = "$root")]
    unsafe extern "C" {
        #[link_name = "[error-context-new-utf8]"]
        pub fn new_utf8(ptr: *const u8, len: usize) -> u32;
        #[link_name = "[error-context-debug-message-utf8]"]
        pub fn debug_message_utf8(handle: u32, ret: *mut usize);
        #[link_name = "[error-context-drop]"]
        pub fn drop(handle: u32);
    }
}

/// The host conversions of an `error-context` (ASYNC.md section 7): a
/// host adapter turns the weld handle it passes into a host one and the
/// host's into a weld one.
#[cfg(target_arch = "wasm32")]
impl ErrorContext {
    /// A new host error-context with this one's message
    /// (`[error-context-new-utf8]`: the host copies it). The caller drops
    /// it with [`host_drop`](Self::host_drop) once the host has it.
    #[doc(hidden)]
    pub fn to_host(&self) -> u32 {
        let message = self.message();
        // SAFETY: the message's bytes, valid UTF-8, read during the call.
        unsafe { sys::new_utf8(message.as_ptr(), message.len()) }
    }

    /// A new weld error-context with the debug message of host
    /// error-context `handle` (`[error-context-debug-message-utf8]`, into
    /// a buffer the host allocates with `cabi_realloc`), then drops
    /// `handle` (`[error-context-drop]`).
    ///
    /// # Safety
    /// `handle` must be a host error-context this module owns; it is not
    /// used again.
    #[doc(hidden)]
    pub unsafe fn from_host(handle: u32) -> Self {
        let mut ret = [0usize; 2];
        // SAFETY: `ret` has room for the message's pointer and length.
        unsafe { sys::debug_message_utf8(handle, ret.as_mut_ptr()) };
        // SAFETY: the host wrote `len` bytes of valid UTF-8 into a buffer
        // of exactly that size from `cabi_realloc` (the global allocator);
        // a length of 0 comes with a dangling pointer and no capacity.
        let message = unsafe { String::from_raw_parts(ret[0] as *mut u8, ret[1], ret[1]) };
        Self::host_drop(handle);
        ErrorContext::new(message)
    }

    /// Drops host error-context `handle` (`[error-context-drop]`).
    #[doc(hidden)]
    pub fn host_drop(handle: u32) {
        // SAFETY: a built-in without memory arguments; a handle the host
        // does not know traps in the host, not here.
        unsafe { sys::drop(handle) }
    }
}

/// A host error-context made for a call (a host adapter's parameter),
/// dropped (`[error-context-drop]`) with this guard.
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub struct HostErrorContext(u32);

#[cfg(target_arch = "wasm32")]
impl HostErrorContext {
    /// The host handle.
    pub fn handle(&self) -> u32 {
        self.0
    }
}

#[cfg(target_arch = "wasm32")]
impl Drop for HostErrorContext {
    fn drop(&mut self) {
        ErrorContext::host_drop(self.0);
    }
}

#[cfg(target_arch = "wasm32")]
impl ErrorContext {
    /// A host error-context with the message of the weld error-context
    /// `handle` (whose reference stays its owner's), dropped with the
    /// guard.
    ///
    /// # Safety
    /// `handle` must be the handle of a live error-context.
    #[doc(hidden)]
    pub unsafe fn handle_to_host(handle: usize) -> HostErrorContext {
        // SAFETY: the caller guarantees a live object; the reference is
        // not taken (`ManuallyDrop`).
        let lent = ManuallyDrop::new(unsafe { Self::from_handle(handle) });
        HostErrorContext(lent.to_host())
    }
}
