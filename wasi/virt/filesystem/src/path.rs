//! Resolving a path given to an `*-at` method, relative to the directory
//! descriptor it is called on.
//!
//! The rules are those of WASI hosts (wasmtime's, through cap-std): the
//! descriptor is a capability for its directory and what is under it, so
//! a path may go down and back up with `..` but never above the directory
//! it starts from, and an absolute path is refused. There are no symbolic
//! links, so `symlink-follow` changes nothing.

use crate::tree::{NodeId, Tree};

/// Why a path does not resolve. Becomes the WASI `error-code` of the same
/// name (`descriptor::code`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PathError {
    /// A name on the path does not exist, or the path is empty.
    NoEntry,
    /// A file is used as a directory (a name after it, or a trailing `/`).
    NotDirectory,
    /// The path is absolute or climbs above the starting directory.
    NotPermitted,
}

/// Where a path leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Resolved {
    /// The node the path names.
    Found(NodeId),
    /// Every directory on the path exists but the last name does not: what
    /// `open-at` with `create` would create (in the directory given).
    MissingLast(NodeId),
}

/// Resolves `path` from the directory `start`.
pub(crate) fn resolve(tree: &Tree, start: NodeId, path: &str) -> Result<Resolved, PathError> {
    if path.is_empty() {
        return Err(PathError::NoEntry);
    }
    if path.starts_with('/') {
        return Err(PathError::NotPermitted);
    }
    let mut at = start;
    // How far below `start` `at` is: `..` at depth 0 would escape.
    let mut depth = 0usize;
    let mut names = path.split('/').peekable();
    while let Some(name) = names.next() {
        if !tree.node(at).is_dir() {
            return Err(PathError::NotDirectory);
        }
        match name {
            "" | "." => {}
            ".." => {
                if depth == 0 {
                    return Err(PathError::NotPermitted);
                }
                depth -= 1;
                // A node below `start` always has a parent.
                at = tree.node(at).parent.unwrap_or(at);
            }
            name => match tree.child(at, name) {
                Some(child) => {
                    at = child;
                    depth += 1;
                }
                None if names.peek().is_none() => return Ok(Resolved::MissingLast(at)),
                None => return Err(PathError::NoEntry),
            },
        }
    }
    Ok(Resolved::Found(at))
}

/// Resolves `path` from `start` to an existing node.
pub(crate) fn lookup(tree: &Tree, start: NodeId, path: &str) -> Result<NodeId, PathError> {
    match resolve(tree, start, path)? {
        Resolved::Found(id) => Ok(id),
        Resolved::MissingLast(_) => Err(PathError::NoEntry),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `/r` with `a.txt`, `d/b.txt`, `d/e/c.txt`.
    fn sample() -> (Tree, NodeId) {
        let mut t = Tree::new();
        let root = t.root("/r");
        t.add_file(root, "a.txt", b"a").unwrap();
        t.add_file(root, "d/b.txt", b"bb").unwrap();
        t.add_file(root, "d/e/c.txt", b"ccc").unwrap();
        (t, root)
    }

    fn size(t: &Tree, start: NodeId, path: &str) -> Result<u64, PathError> {
        lookup(t, start, path).map(|id| t.node(id).size())
    }

    #[test]
    fn plain_paths() {
        let (t, root) = sample();
        assert_eq!(size(&t, root, "a.txt"), Ok(1));
        assert_eq!(size(&t, root, "d/e/c.txt"), Ok(3));
        assert_eq!(size(&t, root, "d//e/./c.txt"), Ok(3));
        assert_eq!(lookup(&t, root, "."), Ok(root));
        assert_eq!(
            lookup(&t, root, "d/"),
            t.child(root, "d").ok_or(PathError::NoEntry)
        );
    }

    #[test]
    fn dot_dot_stays_inside() {
        let (t, root) = sample();
        assert_eq!(size(&t, root, "d/../a.txt"), Ok(1));
        assert_eq!(size(&t, root, "d/e/../../d/b.txt"), Ok(2));
        assert_eq!(lookup(&t, root, "d/.."), Ok(root));
        assert_eq!(lookup(&t, root, ".."), Err(PathError::NotPermitted));
        assert_eq!(lookup(&t, root, "d/../.."), Err(PathError::NotPermitted));
        // From a subdirectory, its parent is outside the capability too.
        let d = t.child(root, "d").unwrap();
        assert_eq!(size(&t, d, "e/../b.txt"), Ok(2));
        assert_eq!(lookup(&t, d, "../a.txt"), Err(PathError::NotPermitted));
    }

    #[test]
    fn refused_paths() {
        let (t, root) = sample();
        assert_eq!(lookup(&t, root, ""), Err(PathError::NoEntry));
        assert_eq!(lookup(&t, root, "/a.txt"), Err(PathError::NotPermitted));
        assert_eq!(lookup(&t, root, "nope"), Err(PathError::NoEntry));
        assert_eq!(lookup(&t, root, "nope/x"), Err(PathError::NoEntry));
        assert_eq!(lookup(&t, root, "a.txt/x"), Err(PathError::NotDirectory));
        assert_eq!(lookup(&t, root, "a.txt/"), Err(PathError::NotDirectory));
        assert_eq!(lookup(&t, root, "a.txt/."), Err(PathError::NotDirectory));
        assert_eq!(lookup(&t, root, "a.txt/.."), Err(PathError::NotDirectory));
    }

    #[test]
    fn missing_last_names_its_directory() {
        let (t, root) = sample();
        let d = t.child(root, "d").unwrap();
        assert_eq!(resolve(&t, root, "d/new"), Ok(Resolved::MissingLast(d)));
        assert_eq!(resolve(&t, root, "new"), Ok(Resolved::MissingLast(root)));
        assert_eq!(resolve(&t, root, "no/new"), Err(PathError::NoEntry));
    }
}
