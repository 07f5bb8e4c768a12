//! The `weld-ld` command line through the real binary: `--help` and `-h`
//! print each command's usage on stdout and exit 0; a wrong command line
//! is an `error:` on stderr and exit code 1; wasm-ld's command line is
//! read with the declared flag table; a failed write names the output.

mod common;

use std::process::{Command, Output};
use weld_abi::metadata::{Direction, Record};

fn weld_ld(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_weld-ld"))
        .args(args)
        .output()
        .unwrap()
}

/// Runs a command line that must fail as a wrong one; returns its stderr.
#[track_caller]
fn fails(args: &[&str]) -> String {
    let run = weld_ld(args);
    let stderr = String::from_utf8(run.stderr).unwrap();
    assert_eq!(run.status.code(), Some(1), "{args:?}: {stderr}");
    assert!(run.stdout.is_empty(), "{args:?} printed on stdout");
    assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    stderr
}

#[test]
fn help_prints_each_usage_on_stdout_and_exits_0() {
    let cases: [(&[&str], &str, &[&str]); 3] = [
        (
            &[],
            "weld-ld: links weld crates",
            &[
                "weld-ld link --help",
                "weld-ld component --help",
                "--weld-component",
            ],
        ),
        (
            &["link"],
            "usage: weld-ld link <objects or staticlibs>... -o <module.wasm>",
            &[
                "--world <ns:pkg/world>",
                "--allow-host-import <entry>",
                "-h, --help",
            ],
        ),
        (
            &["component"],
            "usage: weld-ld component <module.wasm> -o <component.wasm>",
            &["-o <component.wasm>", "--map-json <file>", "-h, --help"],
        ),
    ];
    for (command, first, has) in cases {
        let mut shown = Vec::new();
        for help in ["--help", "-h"] {
            let args = [command, &[help]].concat();
            let run = weld_ld(&args);
            let stdout = String::from_utf8(run.stdout).unwrap();
            assert_eq!(run.status.code(), Some(0), "{args:?}");
            assert!(run.stderr.is_empty(), "{args:?} printed on stderr");
            assert!(stdout.starts_with(first), "{args:?}:\n{stdout}");
            common::assert_has(&stdout, has);
            shown.push(stdout);
        }
        assert_eq!(shown[0], shown[1], "--help and -h differ for {command:?}");
    }
    // `--help` among `weld-ld link`'s options, and not after `--` (wasm-ld's).
    let run = weld_ld(&["link", "a.o", "--help", "-o", "x.wasm"]);
    assert_eq!(run.status.code(), Some(0));
    let component = String::from_utf8(weld_ld(&["component", "-h"]).stdout).unwrap();
    assert!(!component.contains("--world"), "{component}");
}

/// docs/linking.md shows `weld-ld link --help` as it is.
#[test]
fn docs_show_the_link_help() {
    let docs = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/linking.md");
    let docs = std::fs::read_to_string(docs).unwrap();
    let help = String::from_utf8(weld_ld(&["link", "--help"]).stdout).unwrap();
    assert!(
        docs.contains(&format!("$ weld-ld link --help\n{help}```")),
        "docs/linking.md's `weld-ld link --help` differs from:\n{help}"
    );
}

#[test]
fn wrong_command_lines_fail_on_stderr_with_exit_1() {
    let usage = fails(&[]);
    assert!(usage.starts_with("error: usage: weld-ld link"), "{usage}");
    common::assert_has(&usage, &["weld-ld component", "`weld-ld --help`"]);
    let bogus = fails(&["link", "a.o", "--bogus", "-o", "x.wasm"]);
    assert_eq!(
        bogus,
        "error: unknown option `--bogus` (see `weld-ld link --help`)\n"
    );
    assert!(fails(&["link", "a.o"]).contains("missing `-o <module.wasm>`"));
    assert!(fails(&["link", "a.o", "--world"]).contains("`--world` needs a value"));
    let no_module = fails(&["component"]);
    assert!(no_module.starts_with("error: no module\nusage: weld-ld component"));
    assert!(fails(&["component", "m.wasm"]).contains("missing `-o <component.wasm>`"));
    assert!(fails(&["component", "a", "b", "-o", "c"]).contains("a second module `b`"));
    assert!(fails(&["component", "--bogus"]).contains("see `weld-ld component --help`"));
}

/// As cargo's linker, weld-ld reads every input wasm-ld links:
/// `--import-memory` takes no separate value, so `missing.o` after it is an
/// input (read, and here missing), not the flag's value.
#[test]
fn wasm_ld_command_line_keeps_the_input_after_an_optional_value() {
    let dir = common::dir();
    let missing = dir.join("missing.o");
    let out = dir.join("out.wasm");
    let (missing, out) = (missing.to_str().unwrap(), out.to_str().unwrap());
    for memory in ["--import-memory", "--import-memory=env,memory"] {
        let stderr = fails(&["-flavor", "wasm", memory, missing, "-o", out]);
        assert!(
            stderr.starts_with(&format!("error: cannot read `{missing}`: ")),
            "{stderr}"
        );
    }
}

/// A component that cannot be written is "cannot write", naming it.
#[test]
fn a_failed_write_names_the_output() {
    let dir = common::dir();
    let module = dir.join("weld-module.wasm");
    let mut m = wasm_encoder::Module::new();
    let record = Record::new("app", "ex:a/w", Direction::Export, None).encode();
    m.section(&wasm_encoder::CustomSection {
        name: weld_abi::METADATA_SECTION.into(),
        data: record.into(),
    });
    std::fs::write(&module, m.finish()).unwrap();
    let out = dir.join("no-such-dir").join("app.component.wasm");
    let stderr = fails(&[
        "component",
        module.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(
        stderr.starts_with(&format!("error: cannot write `{}`: ", out.display())),
        "{stderr}"
    );
}
