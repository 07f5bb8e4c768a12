//! The command-line parser: each kind of value, wasm-ld's dashes and
//! longest match, response files, and the table against the real rust-lld.

use super::*;

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|a| a.to_string()).collect()
}

/// The inputs weld-ld reads from `args`; asserts that rendering gives the
/// command line back unchanged.
fn inputs(args: &[&str]) -> Vec<String> {
    let parsed = parse(&strings(args)).unwrap();
    assert_eq!(render(&parsed), args, "rendered back");
    parsed
        .iter()
        .filter_map(|a| match a {
            Arg::Input(p) => Some(p.display().to_string()),
            Arg::Flag(_) => None,
        })
        .collect()
}

/// The one flag `args` holds: (its table name, its value).
fn flag(args: &[&str]) -> (Option<&'static str>, Option<String>) {
    let parsed = parse(&strings(args)).unwrap();
    assert_eq!(parsed.len(), 1, "{parsed:?}");
    let Arg::Flag(f) = &parsed[0] else {
        panic!("{parsed:?}")
    };
    (f.spec.map(|s| s.name), f.value.clone())
}

#[test]
fn no_value() {
    assert_eq!(
        inputs(&["--gc-sections", "a.o", "-s", "b.o"]),
        ["a.o", "b.o"]
    );
    assert_eq!(flag(&["--export-all"]), (Some("export-all"), None));
    // `--gc-sections=x` is no spelling of it: passed on for wasm-ld to refuse.
    assert_eq!(flag(&["--gc-sections=x"]), (None, None));
}

#[test]
fn optional_value_is_never_the_next_argument() {
    assert_eq!(inputs(&["--import-memory", "foo.o"]), ["foo.o"]);
    assert_eq!(flag(&["--import-memory"]), (Some("import-memory"), None));
    assert_eq!(
        flag(&["--import-memory=env,mem"]),
        (Some("import-memory"), Some("env,mem".into()))
    );
    assert_eq!(inputs(&["--build-id", "a.o", "--build-id=sha1"]), ["a.o"]);
}

#[test]
fn joined_and_attached_values() {
    assert_eq!(
        flag(&["--global-base=1024"]),
        (Some("global-base"), Some("1024".into()))
    );
    // wasm-ld refuses `--global-base` alone; `a.o` stays an input.
    assert_eq!(inputs(&["--global-base", "a.o"]), ["a.o"]);
    assert_eq!(flag(&["--lto-O2"]), (Some("lto-O"), Some("2".into())));
    assert_eq!(inputs(&["--lto-O", "a.o"]), ["a.o"]);
}

#[test]
fn required_value_separate_or_joined() {
    for args in [
        &["--export", "f"][..],
        &["--export=f"],
        &["-export", "f"],
        &["-export=f"],
    ] {
        assert_eq!(flag(args), (Some("export"), Some("f".into())), "{args:?}");
        assert!(inputs(args).is_empty());
    }
    assert_eq!(flag(&["--export="]), (Some("export"), Some(String::new())));
    assert!(parse(&strings(&["--export"])).is_err());
    assert!(parse(&strings(&["-o"])).is_err());
}

#[test]
fn one_letter_flags_joined_or_separate() {
    for (args, name, value) in [
        (&["-o", "out.wasm"][..], "o", "out.wasm"),
        (&["-oout.wasm"], "o", "out.wasm"),
        (&["-L", "dir"], "L", "dir"),
        (&["-Ldir"], "L", "dir"),
        (&["-lc"], "l", "c"),
        (&["-l", "c"], "l", "c"),
        (&["-z", "stack-size=1"], "z", "stack-size=1"),
        (&["-O2"], "O", "2"),
    ] {
        assert_eq!(flag(args), (Some(name), Some(value.into())), "{args:?}");
    }
}

#[test]
fn dashes_and_longest_match_as_wasm_ld() {
    // `-mllvm` is its own flag, not `-m llvm`.
    assert_eq!(flag(&["-mllvm", "-x"]), (Some("mllvm"), Some("-x".into())));
    // `--error-limit` has two dashes only: `-error-limit` is `-e rror-limit`,
    // and `5` is an input to wasm-ld.
    assert_eq!(inputs(&["-error-limit", "5"]), ["5"]);
    assert_eq!(inputs(&["--error-limit", "5"]), Vec::<String>::new());
    // `-lto-O2` is `-l to-O2`.
    assert_eq!(flag(&["-lto-O2"]), (Some("l"), Some("to-O2".into())));
    // `-allow-undefined-file FILE` takes the next argument, and only with
    // one dash; `--allow-undefined-file=FILE` with either.
    assert!(inputs(&["-allow-undefined-file", "syms"]).is_empty());
    assert_eq!(inputs(&["--allow-undefined-file", "syms"]), ["syms"]);
    assert_eq!(
        flag(&["--allow-undefined-file=syms"]),
        (Some("allow-undefined-file"), Some("syms".into()))
    );
}

#[test]
fn rustc_command_line() {
    let args = [
        "-flavor",
        "wasm",
        "--export",
        "run",
        "--export=x",
        "a.o",
        "-z",
        "stack-size=1",
        "--stack-first",
        "--allow-undefined",
        "--no-demangle",
        "-O1",
        "--strip-debug",
        "-L",
        "/sysroot/lib",
        "liba.rlib",
        "-o",
        "out.wasm",
        "-lc",
        "--weld-component",
        "-",
    ];
    let parsed = parse(&strings(&args)).unwrap();
    assert_eq!(render(&parsed), args);
    assert_eq!(
        parsed.iter().filter_map(export_of).collect::<Vec<_>>(),
        ["run", "x"]
    );
    assert_eq!(inputs(&args), ["a.o", "liba.rlib", "-"]);
    let Arg::Flag(flavor) = &parsed[0] else {
        panic!()
    };
    assert!(flavor.is("flavor") && flavor.separate);
    assert!(parsed.contains(&Arg::Flag(Flag::new("--weld-component"))));
}

#[test]
fn response_files_are_expanded() {
    let dir = std::env::temp_dir().join(format!("weld-ld-rsp-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("args");
    std::fs::write(
        &file,
        "--export\n\"weld1|a b|f\"\nC:\\\\x.o\n--import-memory\nfoo.o\n",
    )
    .unwrap();
    let out = expand_response_files(vec![format!("@{}", file.display()), "-o".into()]).unwrap();
    assert_eq!(
        out,
        [
            "--export",
            "weld1|a b|f",
            "C:\\x.o",
            "--import-memory",
            "foo.o",
            "-o"
        ]
    );
    let parsed = parse(&out[..5]).unwrap();
    assert_eq!(export_of(&parsed[0]), Some("weld1|a b|f"));
    assert_eq!(parsed[1], Arg::Input("C:\\x.o".into()));
    assert_eq!(parsed[3], Arg::Input("foo.o".into()));
    assert!(expand_response_files(vec!["@/no/such/file".into()]).is_err());
    let _ = std::fs::remove_dir_all(&dir);
}

/// What rust-lld makes of one argument alone: it does not know it, it
/// misses the next argument (its value), or neither.
#[derive(Debug, PartialEq, Eq)]
enum Ld {
    Unknown,
    NeedsNext,
    Takes,
}

/// rust-lld on `arg` alone, run in `dir` (`--reproduce=x` writes `x`).
fn rust_lld(ld: &crate::wasm_ld::WasmLd, dir: &std::path::Path, arg: &str) -> Ld {
    let out = ld.command().arg(arg).current_dir(dir).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains(&format!("unknown argument: {arg}")) {
        Ld::Unknown
    } else if stderr.contains(&format!("{arg}: missing argument")) {
        Ld::NeedsNext
    } else {
        Ld::Takes
    }
}

fn weld_ld(arg: &str) -> Ld {
    match lookup(arg) {
        None => Ld::Unknown,
        Some((spec, Form::Bare)) if spec.value == Value::Required => Ld::NeedsNext,
        Some(_) => Ld::Takes,
    }
}

/// Every row, in every dash and form (alone, `=x`, `x` appended), is read
/// as rust-lld reads it: unknown, taking the next argument, or neither;
/// and `rust-lld -flavor wasm --help` lists no flag the table lacks.
#[test]
fn the_table_is_what_rust_lld_accepts() {
    let ld = crate::wasm_ld::find(None).expect("rust-lld (the Rust toolchain's)");
    let dir = std::env::temp_dir().join(format!("weld-ld-flags-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut wrong = Vec::new();
    for row in WASM_LD_FLAGS {
        for dashes in ["--", "-"] {
            let bare = format!("{dashes}{}", row.name);
            for arg in [bare.clone(), format!("{bare}=x"), format!("{bare}x")] {
                let (ld, weld) = (rust_lld(&ld, &dir, &arg), weld_ld(&arg));
                if ld != weld {
                    wrong.push(format!("`{arg}`: rust-lld {ld:?}, weld-ld {weld:?}"));
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));

    let help = ld.command().arg("--help").output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    let listed: Vec<&str> = help
        .lines()
        .filter_map(|l| l.strip_prefix("  -"))
        .map(|l| l.trim_start_matches('-'))
        .map(|l| l.split(['=', ' ', '<', '[']).next().unwrap_or(l))
        .collect();
    assert!(listed.len() > 100, "{help}");
    let missing: Vec<&&str> = listed
        .iter()
        .filter(|n| !WASM_LD_FLAGS.iter().any(|r| r.name == **n))
        .collect();
    assert!(missing.is_empty(), "not in WASM_LD_FLAGS: {missing:?}");
}
