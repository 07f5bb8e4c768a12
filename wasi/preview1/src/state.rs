//! The layer's state: the descriptor table. Preview 1 names files by small
//! integers; WASI 0.2 by resource handles. The table maps one to the
//! other.

use crate::bindings::wasi::cli::{stderr, stdin, stdout};
use crate::bindings::wasi::filesystem::preopens;
use crate::bindings::wasi::filesystem::types::{Descriptor, ErrorCode};
use crate::bindings::wasi::io::streams::{InputStream, OutputStream};
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;

/// What a preview 1 descriptor stands for.
pub enum Entry {
    /// Descriptor 0: `wasi:cli/stdin`, fetched on first use.
    Stdin(Option<InputStream>),
    /// Descriptor 1 or 2: `wasi:cli/stdout` or `stderr`, fetched on first use.
    Stdout(Option<OutputStream>),
    /// See [`Entry::Stdout`].
    Stderr(Option<OutputStream>),
    /// A directory; `preopen` is its name when the host preopened it.
    Dir {
        desc: Descriptor,
        preopen: Option<String>,
    },
    /// A file with its current position.
    File {
        desc: Descriptor,
        pos: u64,
        append: bool,
        io: &'static FileIo,
    },
}

/// What `descriptor.read` gives: the bytes, and whether the file ended.
pub type Read = (Vec<u8>, bool);

/// The file operations `fd_read`, `fd_write` and `fd_seek` need. They are
/// reached through the entry, not called by name, so that only an app
/// that opens files (`path_open` holds the one reference) links them and
/// their WASI 0.2 imports: an app that only prints imports no
/// `wasi:filesystem` function.
pub struct FileIo {
    /// `descriptor.read(length, offset)`.
    pub read: fn(&Descriptor, u64, u64) -> Result<Read, ErrorCode>,
    /// `descriptor.write(buffer, offset)`.
    pub write: fn(&Descriptor, &[u8], u64) -> Result<u64, ErrorCode>,
    /// The file's size, from `descriptor.stat`.
    pub size: fn(&Descriptor) -> Result<u64, ErrorCode>,
}

/// The descriptor table.
pub struct Table {
    entries: Vec<Option<Entry>>,
    preopens_loaded: bool,
}

/// The one table of the module.
struct Global(RefCell<Table>);

// SAFETY: wasm32-wasip1 modules run single-threaded here; nothing shares
// the table across threads.
unsafe impl Sync for Global {}

static TABLE: Global = Global(RefCell::new(Table {
    entries: Vec::new(),
    preopens_loaded: false,
}));

/// Runs `f` with the table. Calls into other crates happen inside `f`, and
/// none of them comes back to this layer (the WASI providers do no WASI
/// calls of their own), so the borrow never nests.
pub fn with<R>(f: impl FnOnce(&mut Table) -> R) -> R {
    f(&mut TABLE.0.borrow_mut())
}

impl Table {
    fn ensure_stdio(&mut self) {
        if self.entries.is_empty() {
            self.entries.push(Some(Entry::Stdin(None)));
            self.entries.push(Some(Entry::Stdout(None)));
            self.entries.push(Some(Entry::Stderr(None)));
        }
    }

    /// Adds the host's preopened directories, once. Only the functions
    /// that reach preopens call it (`fd_prestat_*`, which wasi-libc calls
    /// before it resolves any path, and `insert`, which `path_open`
    /// calls): an app that never touches files links no
    /// `wasi:filesystem/preopens` import.
    pub fn load_preopens(&mut self) {
        self.ensure_stdio();
        if self.preopens_loaded {
            return;
        }
        self.preopens_loaded = true;
        for (desc, name) in preopens::get_directories() {
            self.entries.push(Some(Entry::Dir {
                desc,
                preopen: Some(name),
            }));
        }
    }

    /// The entry of `fd`.
    pub fn get(&mut self, fd: i32) -> Result<&mut Entry, crate::abi::Errno> {
        self.ensure_stdio();
        let i = usize::try_from(fd).map_err(|_| crate::abi::EBADF)?;
        match self.entries.get_mut(i) {
            Some(Some(e)) => Ok(e),
            _ => Err(crate::abi::EBADF),
        }
    }

    /// Stores `entry` under the lowest free descriptor past the preopens.
    pub fn insert(&mut self, entry: Entry) -> i32 {
        self.load_preopens();
        let free = self.entries.iter().skip(3).position(Option::is_none);
        let i = match free {
            Some(i) => i + 3,
            None => {
                self.entries.push(None);
                self.entries.len() - 1
            }
        };
        self.entries[i] = Some(entry);
        i as i32
    }

    /// Removes `fd`, dropping its handles.
    pub fn remove(&mut self, fd: i32) -> Result<Entry, crate::abi::Errno> {
        self.get(fd)?;
        self.entries[fd as usize].take().ok_or(crate::abi::EBADF)
    }

    /// Puts back an entry taken out of `fd` by [`Table::remove`].
    pub fn restore(&mut self, fd: i32, entry: Entry) {
        self.entries[fd as usize] = Some(entry);
    }

    /// Moves `from` to `to`, closing what `to` held.
    pub fn renumber(&mut self, from: i32, to: i32) -> Result<(), crate::abi::Errno> {
        self.get(to)?;
        let entry = self.remove(from)?;
        self.entries[to as usize] = Some(entry);
        Ok(())
    }
}

impl Entry {
    /// The output stream of a stdout or stderr entry, fetched once.
    pub fn output(&mut self) -> Option<&OutputStream> {
        match self {
            Entry::Stdout(s) => Some(s.get_or_insert_with(stdout::get_stdout)),
            Entry::Stderr(s) => Some(s.get_or_insert_with(stderr::get_stderr)),
            _ => None,
        }
    }

    /// The input stream of the stdin entry, fetched once.
    pub fn input(&mut self) -> Option<&InputStream> {
        match self {
            Entry::Stdin(s) => Some(s.get_or_insert_with(stdin::get_stdin)),
            _ => None,
        }
    }

    /// The filesystem descriptor of a file or directory entry.
    pub fn desc(&self) -> Result<&Descriptor, crate::abi::Errno> {
        match self {
            Entry::Dir { desc, .. } | Entry::File { desc, .. } => Ok(desc),
            _ => Err(crate::abi::EBADF),
        }
    }

    /// The directory descriptor of a directory entry.
    pub fn dir(&self) -> Result<&Descriptor, crate::abi::Errno> {
        match self {
            Entry::Dir { desc, .. } => Ok(desc),
            Entry::File { .. } => Err(crate::abi::ENOTDIR),
            _ => Err(crate::abi::EBADF),
        }
    }
}
