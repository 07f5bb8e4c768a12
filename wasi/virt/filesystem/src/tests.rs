//! Host tests of the descriptor's and the entry stream's answers, through
//! the public API and each test thread's own tree. (Methods that create a
//! resource, `open-at`'s handle or a stream, need wasm32's 32-bit handles
//! and are exercised by linked modules instead.)

use alloc::string::String;
use alloc::vec::Vec;

use crate::bindings::exports::wasi::filesystem::types::{
    DescriptorFlags as DF, DescriptorType, ErrorCode, GuestDescriptor, GuestDirectoryEntryStream,
    NewTimestamp, OpenFlags as OF, PathFlags,
};
use crate::descriptor::FsDescriptor;
use crate::entries::Entries;
use crate::tree::{self, NodeId};

/// Preopens `/data` with three files and returns its root.
fn data() -> NodeId {
    crate::preopen(
        "/data",
        &[
            ("a.txt", b"hello"),
            ("dir/b.bin", b"\x00\x01\x02"),
            ("dir/sub/c.txt", b""),
        ],
    );
    tree::with(|t| t.preopens()[0].1)
}

/// A descriptor of `path` under `/data`.
fn open(path: &str) -> FsDescriptor {
    let root = FsDescriptor::new(data());
    FsDescriptor::new(root.open_node(path, OF::empty(), DF::READ).unwrap())
}

fn no_follow() -> PathFlags {
    PathFlags::empty()
}

#[test]
fn read_slices_the_file() {
    let f = open("a.txt");
    assert_eq!(f.read(100, 0), Ok((b"hello".to_vec(), true)));
    assert_eq!(f.read(2, 1), Ok((b"el".to_vec(), false)));
    assert_eq!(f.read(2, 3), Ok((b"lo".to_vec(), true)));
    assert_eq!(f.read(2, 99), Ok((Vec::new(), true)));
    assert_eq!(f.read(u64::MAX, u64::MAX), Ok((Vec::new(), true)));
    assert_eq!(open("dir").read(1, 0), Err(ErrorCode::BadDescriptor));
}

#[test]
fn stat_and_stat_at() {
    let root = FsDescriptor::new(data());
    let s = root.stat_at(no_follow(), "dir/b.bin").unwrap();
    assert_eq!(
        (s.type_, s.size, s.link_count),
        (DescriptorType::RegularFile, 3, 1)
    );
    assert!(s.data_modification_timestamp.is_none());
    assert_eq!(root.stat().unwrap().type_, DescriptorType::Directory);
    assert_eq!(root.get_type(), Ok(DescriptorType::Directory));
    assert_eq!(open("a.txt").get_type(), Ok(DescriptorType::RegularFile));
    crate::set_timestamp(1_700_000_000, 5);
    let t = root
        .stat_at(no_follow(), "a.txt")
        .unwrap()
        .status_change_timestamp
        .unwrap();
    assert_eq!((t.seconds, t.nanoseconds), (1_700_000_000, 5));
    let err = |p| root.stat_at(no_follow(), p).err();
    assert_eq!(err("nope"), Some(ErrorCode::NoEntry));
    assert_eq!(err("../data/a.txt"), Some(ErrorCode::NotPermitted));
    assert_eq!(err("/data/a.txt"), Some(ErrorCode::NotPermitted));
    assert_eq!(err("a.txt/"), Some(ErrorCode::NotDirectory));
    let file = open("a.txt");
    assert_eq!(
        file.stat_at(no_follow(), "x").err(),
        Some(ErrorCode::NotDirectory)
    );
}

#[test]
fn open_flags() {
    let root = FsDescriptor::new(data());
    let o = |p, of, f| root.open_node(p, of, f).err();
    assert_eq!(o("a.txt", OF::empty(), DF::empty()), None);
    assert_eq!(
        o("dir/sub", OF::DIRECTORY, DF::READ | DF::MUTATE_DIRECTORY),
        None
    );
    assert_eq!(o("dir/../dir/./sub/c.txt", OF::empty(), DF::READ), None);
    assert_eq!(
        o("a.txt", OF::DIRECTORY, DF::READ),
        Some(ErrorCode::NotDirectory)
    );
    assert_eq!(
        o("dir", OF::empty(), DF::WRITE),
        Some(ErrorCode::IsDirectory)
    );
    assert_eq!(
        o("a.txt", OF::empty(), DF::WRITE),
        Some(ErrorCode::ReadOnly)
    );
    assert_eq!(
        o("a.txt", OF::TRUNCATE, DF::READ),
        Some(ErrorCode::ReadOnly)
    );
    assert_eq!(o("a.txt", OF::CREATE, DF::READ), Some(ErrorCode::ReadOnly));
    assert_eq!(
        o("new.txt", OF::CREATE, DF::WRITE),
        Some(ErrorCode::ReadOnly)
    );
    assert_eq!(
        o("a.txt", OF::CREATE | OF::EXCLUSIVE, DF::WRITE),
        Some(ErrorCode::Exist)
    );
    assert_eq!(
        o("new.txt", OF::empty(), DF::READ),
        Some(ErrorCode::NoEntry)
    );
    assert_eq!(
        o("no/new.txt", OF::CREATE, DF::WRITE),
        Some(ErrorCode::NoEntry)
    );
    assert_eq!(
        o("dir", OF::DIRECTORY | OF::TRUNCATE, DF::READ),
        Some(ErrorCode::Invalid)
    );
    assert_eq!(
        o("..", OF::DIRECTORY, DF::READ),
        Some(ErrorCode::NotPermitted)
    );
    let file = open("a.txt");
    let from_file = file.open_node("x", OF::empty(), DF::READ);
    assert_eq!(from_file, Err(ErrorCode::NotDirectory));
}

#[test]
fn changes_are_read_only() {
    let (dir, file) = (open("dir"), open("a.txt"));
    assert_eq!(file.write(b"x", 0), Err(ErrorCode::ReadOnly));
    assert_eq!(dir.write(b"x", 0), Err(ErrorCode::BadDescriptor));
    assert_eq!(file.set_size(0), Err(ErrorCode::ReadOnly));
    assert_eq!(dir.set_size(0), Err(ErrorCode::BadDescriptor));
    let now = NewTimestamp::Now;
    assert_eq!(file.set_times(now, now), Err(ErrorCode::ReadOnly));
    assert_eq!(dir.create_directory_at("new"), Err(ErrorCode::ReadOnly));
    assert_eq!(
        file.create_directory_at("new"),
        Err(ErrorCode::NotDirectory)
    );
    assert_eq!(dir.unlink_file_at("b.bin"), Err(ErrorCode::ReadOnly));
    assert_eq!(dir.remove_directory_at("sub"), Err(ErrorCode::ReadOnly));
    assert_eq!(dir.symlink_at("b.bin", "l"), Err(ErrorCode::ReadOnly));
    let at = dir.set_times_at(no_follow(), "b.bin", now, now);
    assert_eq!(at, Err(ErrorCode::ReadOnly));
    assert_eq!(dir.readlink_at("b.bin"), Err(ErrorCode::Invalid));
    assert_eq!(dir.readlink_at("nope"), Err(ErrorCode::NoEntry));
}

#[test]
fn other_methods() {
    let file = open("a.txt");
    assert_eq!(file.get_flags().map(|f| f.bits()), Ok(DF::READ.bits()));
    assert_eq!(file.sync(), Ok(()));
    assert_eq!(file.sync_data(), Ok(()));
    let advice = crate::bindings::exports::wasi::filesystem::types::Advice::Sequential;
    assert_eq!(file.advise(0, 5, advice), Ok(()));
    assert_eq!(
        open("dir").advise(0, 5, advice),
        Err(ErrorCode::BadDescriptor)
    );
}

#[test]
fn metadata_hashes() {
    let root = FsDescriptor::new(data());
    let h = |d: &FsDescriptor| d.metadata_hash().map(|h| (h.lower, h.upper)).unwrap();
    let at = |p| {
        root.metadata_hash_at(no_follow(), p)
            .map(|h| (h.lower, h.upper))
    };
    assert_eq!(at("a.txt"), Ok(h(&open("a.txt"))));
    assert_eq!(at("dir/../a.txt"), at("a.txt"));
    assert_ne!(at("a.txt"), at("dir/b.bin"));
    assert_ne!(h(&root), h(&open("dir")));
    assert_eq!(at("nope"), Err(ErrorCode::NoEntry));
}

/// Reads every entry of `dir` as `(name, type)`.
fn list(dir: NodeId) -> Vec<(String, DescriptorType)> {
    let entries = Entries::new(dir);
    let mut out = Vec::new();
    while let Some(e) = entries.read_directory_entry().unwrap() {
        out.push((e.name, e.type_));
    }
    assert!(entries.read_directory_entry().unwrap().is_none());
    out
}

#[test]
fn directory_listing() {
    let root = data();
    let names = |v: Vec<(String, DescriptorType)>| -> Vec<String> {
        v.into_iter().map(|(n, _)| n).collect()
    };
    assert_eq!(names(list(root)), ["a.txt", "dir"]);
    let dir = tree::with(|t| t.child(root, "dir").unwrap());
    let entries = list(dir);
    assert_eq!(
        entries[0],
        (String::from("b.bin"), DescriptorType::RegularFile)
    );
    assert_eq!(entries[1], (String::from("sub"), DescriptorType::Directory));
    // Files added during a listing: listed if they come after the last
    // name returned, never twice.
    let stream = Entries::new(root);
    let first = stream.read_directory_entry().unwrap().unwrap();
    crate::preopen("/data", &[("0.txt", b""), ("b.txt", b"")]);
    let rest: Vec<String> =
        core::iter::from_fn(|| stream.read_directory_entry().unwrap().map(|e| e.name)).collect();
    assert_eq!(first.name, "a.txt");
    assert_eq!(rest, ["b.txt", "dir"]);
}

#[test]
fn preopens_in_order() {
    crate::preopen("/b", &[]);
    crate::preopen("/a", &[("x", b"1")]);
    crate::preopen("/b", &[("y", b"2")]);
    let paths: Vec<String> = tree::with(|t| t.preopens().iter().map(|(p, _)| p.clone()).collect());
    assert_eq!(paths, ["/b", "/a"]);
}

#[test]
#[should_panic(expected = "cannot add `a.txt/x` to `/data`")]
fn conflicting_files_panic() {
    data();
    crate::preopen("/data", &[("a.txt/x", b"")]);
}
