//! The `descriptor` resource: a directory or file of the tree.
//!
//! Which error each refusal gives follows wasmtime's host (`wasmtime-wasi`
//! 48), except that every change to the tree is `read-only` where a
//! read-only preopen of wasmtime's says `not-permitted`: this filesystem is
//! read-only as a whole, not by permission.

use alloc::string::String;

use crate::bindings::exports::wasi::filesystem::types::{
    Advice, Descriptor, DescriptorBorrow, DescriptorFlags, DescriptorStat, DescriptorType,
    DirectoryEntryStream, ErrorCode, Filesize, GuestDescriptor, MetadataHashValue, NewTimestamp,
    OpenFlags, PathFlags,
};
use crate::bindings::wasi::io::streams::{InputStream, OutputStream};
use crate::entries::Entries;
use crate::path::{self, PathError, Resolved};
use crate::source::FileSource;
use crate::tree::{self, Kind, NodeId, Tree, fnv};

/// A descriptor: the node it refers to. Every descriptor is read-only, so
/// it needs no flags of its own.
#[derive(Debug)]
pub(crate) struct FsDescriptor {
    node: NodeId,
}

impl FsDescriptor {
    /// A descriptor of `node`.
    pub(crate) fn new(node: NodeId) -> Self {
        FsDescriptor { node }
    }

    /// The node if it is a directory; a file is `not-directory`.
    fn dir(&self) -> Result<NodeId, ErrorCode> {
        tree::with(|t| {
            if t.node(self.node).is_dir() {
                Ok(self.node)
            } else {
                Err(ErrorCode::NotDirectory)
            }
        })
    }

    /// The file's contents; a directory is `bad-descriptor`.
    fn file(&self) -> Result<&'static [u8], ErrorCode> {
        tree::with(|t| match t.node(self.node).kind {
            Kind::File(bytes) => Ok(bytes),
            Kind::Dir(_) => Err(ErrorCode::BadDescriptor),
        })
    }

    /// The node `path` names from this directory.
    fn lookup(&self, path: &str) -> Result<NodeId, ErrorCode> {
        let dir = self.dir()?;
        tree::with(|t| path::lookup(t, dir, path)).map_err(code)
    }

    /// The node `open-at` opens: `path` from this directory, checked
    /// against the flags.
    pub(crate) fn open_node(
        &self,
        path: &str,
        oflags: OpenFlags,
        flags: DescriptorFlags,
    ) -> Result<NodeId, ErrorCode> {
        let node = open_target(self.dir()?, path, oflags)?;
        let is_dir = tree::with(|t| t.node(node).is_dir());
        check_open(is_dir, oflags, flags)?;
        Ok(node)
    }

    /// A directory's answer to a change: `not-directory` for a file,
    /// `read-only` for a directory.
    fn refuse_dir_change<T>(&self) -> Result<T, ErrorCode> {
        self.dir()?;
        Err(ErrorCode::ReadOnly)
    }

    /// A file's answer to a change: `bad-descriptor` for a directory,
    /// `read-only` for a file.
    fn refuse_file_change<T>(&self) -> Result<T, ErrorCode> {
        self.file()?;
        Err(ErrorCode::ReadOnly)
    }
}

/// The WASI error code of a path error.
pub(crate) fn code(e: PathError) -> ErrorCode {
    match e {
        PathError::NoEntry => ErrorCode::NoEntry,
        PathError::NotDirectory => ErrorCode::NotDirectory,
        PathError::NotPermitted => ErrorCode::NotPermitted,
    }
}

/// The WASI type of `node`.
pub(crate) fn type_of(t: &Tree, node: NodeId) -> DescriptorType {
    if t.node(node).is_dir() {
        DescriptorType::Directory
    } else {
        DescriptorType::RegularFile
    }
}

/// The stat of `node`.
fn stat_of(node: NodeId) -> DescriptorStat {
    tree::with(|t| {
        let time = t.timestamp().map(|(seconds, nanoseconds)| {
            crate::bindings::wasi::clocks::wall_clock::Datetime {
                seconds,
                nanoseconds,
            }
        });
        DescriptorStat {
            type_: type_of(t, node),
            link_count: 1,
            size: t.node(node).size(),
            data_access_timestamp: time,
            data_modification_timestamp: time,
            status_change_timestamp: time,
        }
    })
}

/// The metadata hash of `node`: its path's hash with its size folded in.
fn hash_of(node: NodeId) -> MetadataHashValue {
    let hash = tree::with(|t| {
        let n = t.node(node);
        fnv(n.path_hash, &n.size().to_le_bytes())
    });
    MetadataHashValue {
        lower: hash as u64,
        upper: (hash >> 64) as u64,
    }
}

/// What `open-at` finds for `path` from `dir`, checked against the open
/// flags: the node to open, or why not.
fn open_target(dir: NodeId, path: &str, oflags: OpenFlags) -> Result<NodeId, ErrorCode> {
    let create = oflags.contains(OpenFlags::CREATE);
    if oflags.contains(OpenFlags::DIRECTORY)
        && oflags.intersects(OpenFlags::CREATE | OpenFlags::EXCLUSIVE | OpenFlags::TRUNCATE)
    {
        return Err(ErrorCode::Invalid);
    }
    let node = match tree::with(|t| path::resolve(t, dir, path)).map_err(code)? {
        Resolved::Found(node) => node,
        Resolved::MissingLast(_) if create => return Err(ErrorCode::ReadOnly),
        Resolved::MissingLast(_) => return Err(ErrorCode::NoEntry),
    };
    if create && oflags.contains(OpenFlags::EXCLUSIVE) {
        return Err(ErrorCode::Exist);
    }
    Ok(node)
}

/// Whether a node of type `is_dir` may be opened with `oflags` and
/// `flags`: directories refuse writing, files refuse any change and the
/// `directory` flag.
fn check_open(is_dir: bool, oflags: OpenFlags, flags: DescriptorFlags) -> Result<(), ErrorCode> {
    let write = flags.contains(DescriptorFlags::WRITE);
    if is_dir {
        if write || oflags.contains(OpenFlags::TRUNCATE) {
            return Err(ErrorCode::IsDirectory);
        }
        if oflags.contains(OpenFlags::CREATE) {
            return Err(ErrorCode::ReadOnly);
        }
        return Ok(());
    }
    if oflags.contains(OpenFlags::DIRECTORY) {
        return Err(ErrorCode::NotDirectory);
    }
    if write || oflags.intersects(OpenFlags::CREATE | OpenFlags::TRUNCATE) {
        return Err(ErrorCode::ReadOnly);
    }
    Ok(())
}

impl GuestDescriptor for FsDescriptor {
    fn read_via_stream(&self, offset: Filesize) -> Result<InputStream, ErrorCode> {
        let bytes = match self.file() {
            Ok(bytes) => bytes,
            // As wasmtime: reading a directory is `is-directory` here.
            Err(_) => return Err(ErrorCode::IsDirectory),
        };
        let handle = weld_virt_io::input_stream(FileSource::new(bytes, offset));
        // SAFETY: `input_stream` returns a new own handle of
        // wasi:io/streams.input-stream that nothing else owns.
        Ok(unsafe { InputStream::from_handle(handle) })
    }

    fn write_via_stream(&self, _offset: Filesize) -> Result<OutputStream, ErrorCode> {
        self.refuse_file_change()
    }

    fn append_via_stream(&self) -> Result<OutputStream, ErrorCode> {
        self.refuse_file_change()
    }

    fn advise(
        &self,
        _offset: Filesize,
        _length: Filesize,
        _advice: Advice,
    ) -> Result<(), ErrorCode> {
        self.file().map(|_| ())
    }

    fn sync_data(&self) -> Result<(), ErrorCode> {
        Ok(())
    }

    fn get_flags(&self) -> Result<DescriptorFlags, ErrorCode> {
        Ok(DescriptorFlags::READ)
    }

    fn get_type(&self) -> Result<DescriptorType, ErrorCode> {
        Ok(tree::with(|t| type_of(t, self.node)))
    }

    fn set_size(&self, _size: Filesize) -> Result<(), ErrorCode> {
        self.refuse_file_change()
    }

    fn set_times(&self, _atime: NewTimestamp, _mtime: NewTimestamp) -> Result<(), ErrorCode> {
        Err(ErrorCode::ReadOnly)
    }

    fn read(
        &self,
        length: Filesize,
        offset: Filesize,
    ) -> Result<(alloc::vec::Vec<u8>, bool), ErrorCode> {
        let bytes = self.file()?;
        let size = bytes.len() as u64;
        let start = offset.min(size);
        let end = start + length.min(size - start);
        // Both fit in usize: they are at most the length of a slice.
        let data = bytes[start as usize..end as usize].to_vec();
        Ok((data, end == size))
    }

    fn write(&self, _buffer: &[u8], _offset: Filesize) -> Result<Filesize, ErrorCode> {
        self.refuse_file_change()
    }

    fn read_directory(&self) -> Result<DirectoryEntryStream, ErrorCode> {
        Ok(DirectoryEntryStream::new(Entries::new(self.dir()?)))
    }

    fn sync(&self) -> Result<(), ErrorCode> {
        Ok(())
    }

    fn create_directory_at(&self, _path: &str) -> Result<(), ErrorCode> {
        self.refuse_dir_change()
    }

    fn stat(&self) -> Result<DescriptorStat, ErrorCode> {
        Ok(stat_of(self.node))
    }

    fn stat_at(&self, _path_flags: PathFlags, path: &str) -> Result<DescriptorStat, ErrorCode> {
        self.lookup(path).map(stat_of)
    }

    fn set_times_at(
        &self,
        _path_flags: PathFlags,
        _path: &str,
        _atime: NewTimestamp,
        _mtime: NewTimestamp,
    ) -> Result<(), ErrorCode> {
        self.refuse_dir_change()
    }

    fn link_at(
        &self,
        _old_path_flags: PathFlags,
        _old_path: &str,
        new_descriptor: DescriptorBorrow<'_>,
        _new_path: &str,
    ) -> Result<(), ErrorCode> {
        new_descriptor.get::<FsDescriptor>().dir()?;
        self.refuse_dir_change()
    }

    fn open_at(
        &self,
        _path_flags: PathFlags,
        path: &str,
        open_flags: OpenFlags,
        flags: DescriptorFlags,
    ) -> Result<Descriptor, ErrorCode> {
        let node = self.open_node(path, open_flags, flags)?;
        Ok(Descriptor::new(FsDescriptor::new(node)))
    }

    fn readlink_at(&self, path: &str) -> Result<String, ErrorCode> {
        // Nothing is a symbolic link: an existing node is `invalid`.
        self.lookup(path)?;
        Err(ErrorCode::Invalid)
    }

    fn remove_directory_at(&self, _path: &str) -> Result<(), ErrorCode> {
        self.refuse_dir_change()
    }

    fn rename_at(
        &self,
        _old_path: &str,
        new_descriptor: DescriptorBorrow<'_>,
        _new_path: &str,
    ) -> Result<(), ErrorCode> {
        new_descriptor.get::<FsDescriptor>().dir()?;
        self.refuse_dir_change()
    }

    fn symlink_at(&self, _old_path: &str, _new_path: &str) -> Result<(), ErrorCode> {
        self.refuse_dir_change()
    }

    fn unlink_file_at(&self, _path: &str) -> Result<(), ErrorCode> {
        self.refuse_dir_change()
    }

    fn is_same_object(&self, other: DescriptorBorrow<'_>) -> bool {
        other.get::<FsDescriptor>().node == self.node
    }

    fn metadata_hash(&self) -> Result<MetadataHashValue, ErrorCode> {
        Ok(hash_of(self.node))
    }

    fn metadata_hash_at(
        &self,
        _path_flags: PathFlags,
        path: &str,
    ) -> Result<MetadataHashValue, ErrorCode> {
        self.lookup(path).map(hash_of)
    }
}
