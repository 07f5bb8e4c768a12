//! wasm-ld's command line as rustc writes it: response files, the flags
//! that take a separate value, the inputs and the output.

use crate::Error;
use std::path::PathBuf;

/// wasm-ld flags whose value is the next argument.
const TAKES_VALUE: &[&str] = &[
    "-o",
    "-L",
    "-l",
    "-z",
    "-m",
    "-e",
    "-y",
    "-mllvm",
    "-flavor",
    "--export",
    "--entry",
    "--allow-undefined-file",
    "--undefined",
    "-u",
    "--Map",
    "-Map",
    "--import-memory",
    "--soname",
];

/// Replaces each `@file` argument by the arguments in the file (one per
/// line, as rustc writes them; surrounding quotes and `\` escapes removed).
pub fn expand_response_files(args: Vec<String>) -> Result<Vec<String>, Error> {
    let mut out = Vec::new();
    for a in args {
        match a.strip_prefix('@') {
            Some(file) => {
                let text = std::fs::read_to_string(file)
                    .map_err(|e| Error::Read(PathBuf::from(file), e))?;
                out.extend(text.lines().filter(|l| !l.is_empty()).map(unquote));
            }
            None => out.push(a),
        }
    }
    Ok(out)
}

fn unquote(line: &str) -> String {
    let line = line
        .strip_prefix('"')
        .and_then(|l| l.strip_suffix('"'))
        .unwrap_or(line);
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        out.push(if c == '\\' {
            chars.next().unwrap_or('\\')
        } else {
            c
        });
    }
    out
}

/// One argument of a wasm-ld command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// A flag, with its value when it takes one.
    Flag(String, Option<String>),
    /// An input file.
    Input(PathBuf),
}

/// Splits a wasm-ld command line into flags and inputs.
pub fn parse(args: &[String]) -> Result<Vec<Arg>, Error> {
    let mut out = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if !a.starts_with('-') || a == "-" {
            out.push(Arg::Input(PathBuf::from(a)));
        } else if TAKES_VALUE.contains(&a.as_str()) {
            let v = it
                .next()
                .ok_or_else(|| Error::Usage(format!("`{a}` needs a value")))?;
            out.push(Arg::Flag(a.clone(), Some(v.clone())));
        } else {
            out.push(Arg::Flag(a.clone(), None));
        }
    }
    Ok(out)
}

/// Writes parsed arguments back as a command line.
pub fn render(args: &[Arg]) -> Vec<String> {
    let mut out = Vec::new();
    for a in args {
        match a {
            Arg::Flag(f, v) => {
                out.push(f.clone());
                out.extend(v.clone());
            }
            Arg::Input(p) => out.push(p.display().to_string()),
        }
    }
    out
}

/// The value of `--export X` or `--export=X`.
pub fn export_of(arg: &Arg) -> Option<&str> {
    match arg {
        Arg::Flag(f, Some(v)) if f == "--export" => Some(v),
        Arg::Flag(f, None) => f.strip_prefix("--export="),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_with_values_inputs_and_exports() {
        let args: Vec<String> = [
            "-flavor",
            "wasm",
            "--export",
            "run",
            "--export=x",
            "a.o",
            "-z",
            "stack-size=1",
            "-o",
            "out.wasm",
            "-lc",
        ]
        .map(String::from)
        .to_vec();
        let parsed = parse(&args).unwrap();
        assert_eq!(parsed[0], Arg::Flag("-flavor".into(), Some("wasm".into())));
        assert_eq!(
            parsed.iter().filter_map(export_of).collect::<Vec<_>>(),
            ["run", "x"]
        );
        assert!(parsed.contains(&Arg::Input("a.o".into())));
        assert_eq!(render(&parsed), args);
        assert!(parse(&["-o".to_string()]).is_err());
    }

    #[test]
    fn response_files_are_expanded() {
        let dir = std::env::temp_dir().join(format!("weld-ld-rsp-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("args");
        std::fs::write(&file, "--export\n\"weld1|a b|f\"\nC:\\\\x.o\n").unwrap();
        let out = expand_response_files(vec![format!("@{}", file.display()), "-o".into()]).unwrap();
        assert_eq!(out, ["--export", "weld1|a b|f", "C:\\x.o", "-o"]);
        assert!(expand_response_files(vec!["@/no/such/file".into()]).is_err());
    }
}
