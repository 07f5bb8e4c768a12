//! The `directory-entry-stream` resource: a directory's entries in byte
//! order of their names.

use alloc::string::String;
use core::cell::RefCell;
use core::ops::Bound;

use crate::bindings::exports::wasi::filesystem::types::{
    DirectoryEntry, ErrorCode, GuestDirectoryEntryStream,
};
use crate::descriptor::type_of;
use crate::tree::{self, NodeId};

/// Where a listing of a directory is: the last name returned. The next
/// entry is the first name after it, so no entry comes twice; a file added
/// to the directory meanwhile (by [`crate::preopen`]) is listed if its
/// name comes after the last one returned.
#[derive(Debug)]
pub(crate) struct Entries {
    dir: NodeId,
    last: RefCell<Option<String>>,
}

impl Entries {
    /// A listing of directory `dir` from its first entry.
    pub(crate) fn new(dir: NodeId) -> Self {
        Entries {
            dir,
            last: RefCell::new(None),
        }
    }
}

impl GuestDirectoryEntryStream for Entries {
    fn read_directory_entry(&self) -> Result<Option<DirectoryEntry>, ErrorCode> {
        let mut last = self.last.borrow_mut();
        let entry = tree::with(|t| {
            let entries = t.node(self.dir).entries()?;
            let after = match last.as_deref() {
                Some(name) => Bound::Excluded(name),
                None => Bound::Unbounded,
            };
            let (name, &id) = entries.range::<str, _>((after, Bound::Unbounded)).next()?;
            Some(DirectoryEntry {
                type_: type_of(t, id),
                name: name.clone(),
            })
        });
        if let Some(entry) = &entry {
            *last = Some(entry.name.clone());
        }
        Ok(entry)
    }
}
