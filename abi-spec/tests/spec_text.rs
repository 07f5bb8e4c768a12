//! The parts of `SPEC.md` that `weld-abi` alone decides: the version line,
//! the `weld-symbol` blocks (symbol names parsed back) and the `weld-meta`
//! blocks (records byte by byte). Layouts and signatures are checked by
//! `bindgen/tests/spec_examples.rs`, which has wit-parser.

use weld_abi::metadata::{self, HEADER_LEN};
use weld_abi::{ABI_VERSION, ROOT, Role, SYMBOL_PREFIX, parse_symbol, split_role, with_role};

const SPEC: &str = include_str!("../SPEC.md");

/// Every fenced block tagged `tag`: `(fence line, [(line, text)])`.
fn fenced(tag: &str) -> Vec<(usize, Vec<(usize, &'static str)>)> {
    let mut blocks = Vec::new();
    let mut current: Option<(usize, Vec<(usize, &str)>)> = None;
    for (i, line) in SPEC.lines().enumerate() {
        match &mut current {
            None if line.trim_end() == format!("```{tag}") => current = Some((i + 1, Vec::new())),
            Some(_) if line.trim_end() == "```" => blocks.push(current.take().unwrap()),
            Some((_, body)) => body.push((i + 1, line)),
            None => {}
        }
    }
    assert!(current.is_none(), "unterminated ```{tag} block");
    blocks
}

#[test]
fn version_line_is_abi_version() {
    let lines: Vec<&str> = SPEC
        .lines()
        .filter(|l| l.starts_with("ABI version: "))
        .collect();
    assert_eq!(
        lines,
        [format!("ABI version: {ABI_VERSION}")],
        "SPEC.md's version line"
    );
    assert_eq!(SYMBOL_PREFIX, format!("weld{ABI_VERSION}"));
}

#[test]
fn symbol_blocks_hold() {
    let mut errors = Vec::new();
    let mut rows = 0;
    for (_, body) in fenced("weld-symbol") {
        for (line, text) in body {
            rows += 1;
            let cols: Vec<&str> = text.split_whitespace().collect();
            let got = parse_symbol(cols[0]).map(|s| {
                let (module, name) = s.canonical_import();
                let iface = s.interface.unwrap_or(ROOT);
                format!("{} {} {} {} {}", s.abi_version, iface, s.func, module, name)
            });
            let want = (cols[1..] != ["-"]).then(|| cols[1..].join(" "));
            if got != want {
                errors.push(format!(
                    "SPEC.md:{line}: spec says {want:?}, parse_symbol gives {got:?}"
                ));
            }
            if let Some(s) = parse_symbol(cols[0]) {
                if s.to_string() != cols[0] {
                    errors.push(format!("SPEC.md:{line}: does not print back as itself"));
                }
                if s.abi_version == ABI_VERSION {
                    let built = weld_abi::symbol(s.interface, s.func);
                    if built != cols[0] {
                        errors.push(format!("SPEC.md:{line}: symbol() builds {built}"));
                    }
                }
            }
        }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    assert!(rows >= 8, "only {rows} weld-symbol rows in SPEC.md");
}

#[test]
fn wrapper_blocks_hold() {
    let mut rows = 0;
    for (_, body) in fenced("weld-wrapper") {
        for (line, text) in body {
            rows += 1;
            let cols: Vec<&str> = text.split_whitespace().collect();
            let role = match cols[1] {
                "plain" => Role::Plain,
                "wrapper-export" => Role::WrapperExport,
                "wrapper-import" => Role::WrapperImport,
                other => panic!("SPEC.md:{line}: unknown role `{other}`"),
            };
            assert_eq!(split_role(cols[0]), (role, cols[2]), "SPEC.md:{line}");
            assert_eq!(with_role(cols[2], role), cols[0], "SPEC.md:{line}");
        }
    }
    assert!(rows >= 4, "only {rows} weld-wrapper rows in SPEC.md");
}

/// Parses `57 45 4c 44  01 00 …` into bytes.
fn hex(line: usize, text: &str) -> Vec<u8> {
    text.split_whitespace()
        .map(|b| {
            u8::from_str_radix(b, 16).unwrap_or_else(|_| panic!("SPEC.md:{line}: bad hex {b:?}"))
        })
        .collect()
}

#[test]
fn metadata_blocks_hold() {
    let blocks = fenced("weld-meta");
    assert!(!blocks.is_empty(), "no weld-meta block in SPEC.md");
    for (fence, body) in blocks {
        let (header_line, header) = body[0];
        let mut bytes = hex(header_line, header);
        assert_eq!(
            bytes.len(),
            HEADER_LEN,
            "SPEC.md:{header_line}: header length"
        );
        for (_, text) in &body[1..] {
            bytes.extend_from_slice(text.as_bytes());
            bytes.push(b'\n');
        }
        let records = metadata::decode(&bytes)
            .unwrap_or_else(|e| panic!("SPEC.md:{fence}: the example does not decode: {e}"));
        assert_eq!(records.len(), 1, "SPEC.md:{fence}");
        let record = &records[0];
        assert_eq!(record.abi_version, ABI_VERSION, "SPEC.md:{fence}");
        assert_eq!(
            record.encode(),
            bytes,
            "SPEC.md:{fence}: re-encoding differs"
        );
    }
}

#[test]
fn hash_blocks_hold() {
    let mut rows = 0;
    for (_, body) in fenced("weld-hash") {
        for (line, text) in body {
            rows += 1;
            let (hash, description) = text
                .split_once("  ")
                .unwrap_or_else(|| panic!("SPEC.md:{line}: expected `<hash>  <description>`"));
            let computed = format!("{:016x}", weld_abi::type_hash(description));
            assert_eq!(hash, computed, "SPEC.md:{line}: type_hash({description:?})");
        }
    }
    assert!(rows >= 5, "only {rows} weld-hash rows in SPEC.md");
}

/// Every fenced block is either checked by a test (its tag names which) or
/// tagged `illustration`: an untagged or unknown block would drift unseen.
#[test]
fn every_block_is_tested_or_an_illustration() {
    const TAGS: &[&str] = &[
        "wit-abi",
        "weld-symbol",
        "weld-wrapper",
        "weld-meta",
        "weld-hash",
        "weld-ld-message",
        "illustration",
    ];
    let mut open = false;
    let mut unknown = Vec::new();
    for (i, line) in SPEC.lines().enumerate() {
        let Some(tag) = line.trim_end().strip_prefix("```") else {
            continue;
        };
        if open {
            open = false;
        } else {
            open = true;
            if !TAGS.contains(&tag) {
                unknown.push(format!("line {}: ```{tag}", i + 1));
            }
        }
    }
    assert!(!open, "unterminated block in SPEC.md");
    assert!(unknown.is_empty(), "blocks no test checks: {unknown:#?}");
}
