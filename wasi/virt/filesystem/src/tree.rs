//! The in-memory tree: directories and files in one arena, the preopened
//! roots, and the global instance the exports read.
//!
//! Nothing here depends on the generated bindings, so the host unit tests
//! exercise it directly.

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::cell::RefCell;

/// The index of a node in [`Tree::nodes`]. Nodes are never removed, so an
/// id stays valid for the life of the module.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct NodeId(pub(crate) usize);

/// What a node is.
#[derive(Debug)]
pub(crate) enum Kind {
    /// A directory: its entries by name, in byte order of the names.
    Dir(BTreeMap<String, NodeId>),
    /// A regular file: its contents.
    File(&'static [u8]),
}

/// One directory or file.
#[derive(Debug)]
pub(crate) struct Node {
    /// The directory holding this node; `None` for a preopened root.
    pub(crate) parent: Option<NodeId>,
    /// What the node is.
    pub(crate) kind: Kind,
    /// A hash of the node's full path (the preopen's guest path, then each
    /// name), chained from the parent's: the identity part of
    /// `metadata-hash`.
    pub(crate) path_hash: u128,
}

impl Node {
    /// Whether the node is a directory.
    pub(crate) fn is_dir(&self) -> bool {
        matches!(self.kind, Kind::Dir(_))
    }

    /// The node's size in bytes: a file's length, 0 for a directory.
    pub(crate) fn size(&self) -> u64 {
        match self.kind {
            Kind::File(bytes) => bytes.len() as u64,
            Kind::Dir(_) => 0,
        }
    }

    /// The directory's entries, or `None` for a file.
    pub(crate) fn entries(&self) -> Option<&BTreeMap<String, NodeId>> {
        match &self.kind {
            Kind::Dir(entries) => Some(entries),
            Kind::File(_) => None,
        }
    }
}

/// The whole filesystem: every node, and the preopened roots in the order
/// they were first given.
#[derive(Debug, Default)]
pub(crate) struct Tree {
    nodes: Vec<Node>,
    preopens: Vec<(String, NodeId)>,
    /// The time every node reports, as seconds and nanoseconds since the
    /// Unix epoch; `None`: no timestamps.
    timestamp: Option<(u64, u32)>,
}

/// FNV-1a, 128 bits: offset basis and prime.
const FNV_OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
const FNV_PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;

/// Folds `bytes` into the FNV-1a state `hash`.
pub(crate) fn fnv(mut hash: u128, bytes: &[u8]) -> u128 {
    for &b in bytes {
        hash ^= u128::from(b);
        hash = hash.wrapping_mul(FNV_PRIME);
    }
    hash
}

impl Tree {
    /// An empty tree with no preopens.
    pub(crate) const fn new() -> Self {
        Tree {
            nodes: Vec::new(),
            preopens: Vec::new(),
            timestamp: None,
        }
    }

    /// The time every node reports, if any.
    pub(crate) fn timestamp(&self) -> Option<(u64, u32)> {
        self.timestamp
    }

    /// Sets the time every node reports.
    pub(crate) fn set_timestamp(&mut self, time: Option<(u64, u32)>) {
        self.timestamp = time;
    }

    /// The node `id`.
    pub(crate) fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.0]
    }

    /// The preopened roots with their guest paths.
    pub(crate) fn preopens(&self) -> &[(String, NodeId)] {
        &self.preopens
    }

    fn push(&mut self, parent: Option<NodeId>, kind: Kind, path_hash: u128) -> NodeId {
        self.nodes.push(Node {
            parent,
            kind,
            path_hash,
        });
        NodeId(self.nodes.len() - 1)
    }

    /// The root preopened at `guest_path`, created (empty) if there is none.
    pub(crate) fn root(&mut self, guest_path: &str) -> NodeId {
        if let Some(&(_, id)) = self.preopens.iter().find(|(p, _)| p == guest_path) {
            return id;
        }
        // The NUL ends the guest path: the root `/a/b` and the entry `b`
        // of the root `/a` hash differently.
        let hash = fnv(fnv(FNV_OFFSET, guest_path.as_bytes()), b"\0");
        let id = self.push(None, Kind::Dir(BTreeMap::new()), hash);
        self.preopens.push((guest_path.to_string(), id));
        id
    }

    /// The entry `name` of directory `dir`, if any.
    pub(crate) fn child(&self, dir: NodeId, name: &str) -> Option<NodeId> {
        self.node(dir).entries()?.get(name).copied()
    }

    /// Adds the entry `name` (a file with `contents`, or a directory when
    /// `contents` is `None`) to directory `dir`, or returns the existing one.
    /// A file given again gets the new contents.
    fn add(
        &mut self,
        dir: NodeId,
        name: &str,
        contents: Option<&'static [u8]>,
    ) -> Result<NodeId, TreeError> {
        if let Some(id) = self.child(dir, name) {
            return match (&mut self.nodes[id.0].kind, contents) {
                (Kind::Dir(_), None) => Ok(id),
                (Kind::File(old), Some(new)) => {
                    *old = new;
                    Ok(id)
                }
                (Kind::Dir(_), Some(_)) => Err(TreeError::FileOverDirectory),
                (Kind::File(_), None) => Err(TreeError::DirectoryOverFile),
            };
        }
        let sep = fnv(self.node(dir).path_hash, b"/");
        let hash = fnv(sep, name.as_bytes());
        let kind = match contents {
            Some(bytes) => Kind::File(bytes),
            None => Kind::Dir(BTreeMap::new()),
        };
        let id = self.push(Some(dir), kind, hash);
        if let Kind::Dir(entries) = &mut self.nodes[dir.0].kind {
            entries.insert(name.to_string(), id);
        }
        Ok(id)
    }

    /// Adds the file at `path` (relative to directory `dir`, `/`-separated,
    /// directories created as needed) with `contents`.
    pub(crate) fn add_file(
        &mut self,
        dir: NodeId,
        path: &str,
        contents: &'static [u8],
    ) -> Result<NodeId, TreeError> {
        let names = file_names(path)?;
        let (last, dirs) = names.split_last().ok_or(TreeError::EmptyPath)?;
        let mut at = dir;
        for name in dirs {
            at = self.add(at, name, None)?;
        }
        self.add(at, last, Some(contents))
    }
}

/// Why a file given to [`crate::preopen`] could not be added.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TreeError {
    /// The path has no name in it (empty, or only `/` and `.`).
    EmptyPath,
    /// The path has a `..` component.
    ParentComponent,
    /// A file's path names an existing directory.
    FileOverDirectory,
    /// A directory on the path is an existing file.
    DirectoryOverFile,
}

impl TreeError {
    /// What went wrong, for the panic message.
    pub(crate) fn message(self) -> &'static str {
        match self {
            TreeError::EmptyPath => "the path names no file",
            TreeError::ParentComponent => "`..` is not allowed in a given path",
            TreeError::FileOverDirectory => "a directory already has this path",
            TreeError::DirectoryOverFile => "a file is in the way of a directory on this path",
        }
    }
}

/// The names of a given file path: `/` separates them, empty and `.`
/// components are skipped, `..` is refused.
fn file_names(path: &str) -> Result<Vec<&str>, TreeError> {
    let mut names = Vec::new();
    for name in path.split('/') {
        match name {
            "" | "." => {}
            ".." => return Err(TreeError::ParentComponent),
            name => names.push(name),
        }
    }
    Ok(names)
}

/// The tree every descriptor of the module reads.
#[cfg(not(test))]
struct Global(RefCell<Tree>);

// SAFETY: weld links for wasm32-wasip1, which has one thread: the tree is
// never reached from two threads. (The host unit tests, which run on
// several threads, use one tree per thread instead: `TEST_TREE`.)
#[cfg(not(test))]
unsafe impl Sync for Global {}

#[cfg(not(test))]
static TREE: Global = Global(RefCell::new(Tree::new()));

/// Runs `f` with the global tree, read-only.
#[cfg(not(test))]
pub(crate) fn with<R>(f: impl FnOnce(&Tree) -> R) -> R {
    f(&TREE.0.borrow())
}

/// Runs `f` with the global tree, to add to it.
#[cfg(not(test))]
pub(crate) fn with_mut<R>(f: impl FnOnce(&mut Tree) -> R) -> R {
    f(&mut TREE.0.borrow_mut())
}

#[cfg(test)]
std::thread_local! {
    /// The unit tests' global tree: one per test thread.
    static TEST_TREE: RefCell<Tree> = const { RefCell::new(Tree::new()) };
}

/// Runs `f` with this test thread's tree, read-only.
#[cfg(test)]
pub(crate) fn with<R>(f: impl FnOnce(&Tree) -> R) -> R {
    TEST_TREE.with(|t| f(&t.borrow()))
}

/// Runs `f` with this test thread's tree, to add to it.
#[cfg(test)]
pub(crate) fn with_mut<R>(f: impl FnOnce(&mut Tree) -> R) -> R {
    TEST_TREE.with(|t| f(&mut t.borrow_mut()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_create_their_directories() {
        let mut t = Tree::new();
        let root = t.root("/data");
        let f = t.add_file(root, "a/b/c.txt", b"hello").unwrap();
        let a = t.child(root, "a").unwrap();
        let b = t.child(a, "b").unwrap();
        assert_eq!(t.child(b, "c.txt"), Some(f));
        assert!(t.node(a).is_dir());
        assert_eq!(t.node(f).size(), 5);
        assert_eq!(t.node(f).parent, Some(b));
        assert_eq!(t.node(root).parent, None);
    }

    #[test]
    fn same_guest_path_merges() {
        let mut t = Tree::new();
        let r1 = t.root("/data");
        t.add_file(r1, "x", b"1").unwrap();
        let r2 = t.root("/data");
        assert_eq!(r1, r2);
        let other = t.root("/other");
        assert_ne!(r1, other);
        assert_eq!(t.preopens().len(), 2);
        assert_eq!(t.preopens()[0].0, "/data");
    }

    #[test]
    fn components_are_normalised() {
        let mut t = Tree::new();
        let root = t.root(".");
        let f = t.add_file(root, "/./dir//f", b"").unwrap();
        let dir = t.child(root, "dir").unwrap();
        assert_eq!(t.child(dir, "f"), Some(f));
        assert_eq!(
            t.add_file(root, "a/../b", b""),
            Err(TreeError::ParentComponent)
        );
        assert_eq!(t.add_file(root, "/./", b""), Err(TreeError::EmptyPath));
    }

    #[test]
    fn a_file_given_again_is_replaced() {
        let mut t = Tree::new();
        let root = t.root("/");
        let f1 = t.add_file(root, "f", b"old").unwrap();
        let f2 = t.add_file(root, "f", b"newer").unwrap();
        assert_eq!(f1, f2);
        assert_eq!(t.node(f1).size(), 5);
    }

    #[test]
    fn conflicts_are_refused() {
        let mut t = Tree::new();
        let root = t.root("/");
        t.add_file(root, "d/f", b"").unwrap();
        assert_eq!(
            t.add_file(root, "d", b""),
            Err(TreeError::FileOverDirectory)
        );
        assert_eq!(
            t.add_file(root, "d/f/g", b""),
            Err(TreeError::DirectoryOverFile)
        );
    }

    #[test]
    fn entries_are_sorted_and_hashes_differ() {
        let mut t = Tree::new();
        let root = t.root("/");
        for name in ["b", "a", "c/x", "B"] {
            t.add_file(root, name, b"").unwrap();
        }
        let names: Vec<&str> = t
            .node(root)
            .entries()
            .unwrap()
            .keys()
            .map(|s| s.as_str())
            .collect();
        assert_eq!(names, ["B", "a", "b", "c"]);
        let hashes: Vec<u128> = (0..t.nodes.len())
            .map(|i| t.node(NodeId(i)).path_hash)
            .collect();
        for (i, h) in hashes.iter().enumerate() {
            assert!(!hashes[i + 1..].contains(h));
        }
    }
}
