//! `wasi:cli/stdin`, `stdout` and `stderr`: stdin reads the bytes given (or
//! a source given), stdout and stderr are captured (or go to a sink given).
//!
//! Every `get-stdin` (`get-stdout`, `get-stderr`) returns a new stream
//! handle, and all of them share one state here: reads continue where the
//! last one stopped, writes append to one capture.

use crate::VirtCli;
use crate::bindings::exports::wasi::cli::{stderr, stdin, stdout};
use crate::bindings::wasi::io::streams::{InputStream, OutputStream};
use crate::global::Global;
use alloc::boxed::Box;
use alloc::vec::Vec;
use weld_virt_io::{Bytes, InputSource, OutputSink, StreamError};

/// Where stdout or stderr goes.
struct Output {
    /// What was written while no sink was set.
    captured: Vec<u8>,
    /// The sink given by `set_stdout`/`set_stderr`, if any.
    sink: Option<Box<dyn OutputSink>>,
}

impl Output {
    const fn captured() -> Self {
        Output {
            captured: Vec::new(),
            sink: None,
        }
    }
}

static STDOUT: Global<Output> = Global::new(Output::captured());
static STDERR: Global<Output> = Global::new(Output::captured());

/// What stdin reads; `None`: nothing (closed at once).
static STDIN: Global<Option<Box<dyn InputSource>>> = Global::new(None);

/// The error of a stream used by its own sink or source (say, a sink that
/// prints to stdout).
fn busy(name: &str) -> StreamError {
    StreamError::Failed(alloc::format!("{name} used while busy (re-entered)"))
}

/// The sink of every stdout or stderr stream: the shared [`Output`].
struct StdOutput {
    output: &'static Global<Output>,
    name: &'static str,
}

impl OutputSink for StdOutput {
    fn write(&mut self, bytes: &[u8]) -> Result<(), StreamError> {
        let write = |o: &mut Output| match &mut o.sink {
            Some(sink) => sink.write(bytes),
            None => {
                o.captured.extend_from_slice(bytes);
                Ok(())
            }
        };
        self.output
            .with(write)
            .unwrap_or_else(|| Err(busy(self.name)))
    }
    fn flush(&mut self) -> Result<(), StreamError> {
        let flush = |o: &mut Output| o.sink.as_mut().map_or(Ok(()), |sink| sink.flush());
        self.output
            .with(flush)
            .unwrap_or_else(|| Err(busy(self.name)))
    }
}

/// The source of every stdin stream: the shared [`STDIN`].
struct StdInput;

impl InputSource for StdInput {
    fn read(&mut self, len: usize) -> Result<Vec<u8>, StreamError> {
        let read = |s: &mut Option<Box<dyn InputSource>>| match s {
            Some(source) => source.read(len),
            None => Err(StreamError::Closed),
        };
        STDIN.with(read).unwrap_or_else(|| Err(busy("stdin")))
    }
}

/// Sets what stdin reads: `bytes`, then the end of the stream. Default:
/// nothing (the first read reports the end). Replaces what was left of the
/// previous stdin, also for streams already handed out.
pub fn set_stdin(bytes: Vec<u8>) {
    set_stdin_source(Bytes::new(bytes));
}

/// Sets what stdin reads to any [`InputSource`].
pub fn set_stdin_source(source: impl InputSource) {
    STDIN.with(|s| *s = Some(Box::new(source)));
}

/// Sends stdout to `sink` instead of capturing it (also for streams already
/// handed out). What was captured before stays for [`take_stdout`].
pub fn set_stdout(sink: impl OutputSink) {
    STDOUT.with(|o| o.sink = Some(Box::new(sink)));
}

/// Sends stderr to `sink` instead of capturing it; as [`set_stdout`].
pub fn set_stderr(sink: impl OutputSink) {
    STDERR.with(|o| o.sink = Some(Box::new(sink)));
}

/// Everything written to stdout and captured since the last call (all of
/// it, unless [`set_stdout`] sent it elsewhere).
pub fn take_stdout() -> Vec<u8> {
    STDOUT
        .with(|o| core::mem::take(&mut o.captured))
        .unwrap_or_default()
}

/// Everything written to stderr and captured since the last call.
pub fn take_stderr() -> Vec<u8> {
    STDERR
        .with(|o| core::mem::take(&mut o.captured))
        .unwrap_or_default()
}

/// A new own `output-stream` writing to `output`.
fn output_stream(output: &'static Global<Output>, name: &'static str) -> OutputStream {
    let handle = weld_virt_io::output_stream(StdOutput { output, name });
    // SAFETY: `handle` is a new own handle of wasi:io/streams.output-stream
    // (weld-virt-io, linked with this crate, exports it) that nothing else
    // owns.
    unsafe { OutputStream::from_handle(handle) }
}

impl stdin::Guest for VirtCli {
    fn get_stdin() -> InputStream {
        let handle = weld_virt_io::input_stream(StdInput);
        // SAFETY: a new own handle of wasi:io/streams.input-stream that
        // nothing else owns, as in `output_stream`.
        unsafe { InputStream::from_handle(handle) }
    }
}

impl stdout::Guest for VirtCli {
    fn get_stdout() -> OutputStream {
        output_stream(&STDOUT, "stdout")
    }
}

impl stderr::Guest for VirtCli {
    fn get_stderr() -> OutputStream {
        output_stream(&STDERR, "stderr")
    }
}
