//! wasm-ld's command line as rustc writes it: response files, the flags
//! and their values (from the declared table of every wasm-ld flag,
//! [`WASM_LD_FLAGS`]), the inputs and the output.

mod table;

use crate::Error;
use std::path::PathBuf;
pub use table::{FLAVOR, WASM_LD_FLAGS};

/// One flag of wasm-ld: its name without dashes and how it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LdFlag {
    /// The name without dashes (`export`, `o`, `lto-O`).
    pub name: &'static str,
    /// The dashes it is written with.
    pub dashes: Dashes,
    /// Whether it takes a value and where.
    pub value: Value,
}

/// The dashes a flag is written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dashes {
    /// `-x` only (every one-letter flag, `-allow-undefined-file FILE`).
    One,
    /// `--name` only.
    Two,
    /// `--name` or `-name`.
    Both,
}

impl Dashes {
    /// The prefixes, the longer first.
    pub fn prefixes(self) -> &'static [&'static str] {
        match self {
            Dashes::One => &["-"],
            Dashes::Two => &["--"],
            Dashes::Both => &["--", "-"],
        }
    }
}

/// Where a flag's value is. Only [`Value::Required`] ever takes the next
/// argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    /// No value: `--gc-sections`.
    None,
    /// `--import-memory` or `--import-memory=env,mem`; never the next
    /// argument.
    Optional,
    /// Only `--global-base=1024` (wasm-ld rejects `--global-base` alone).
    Joined,
    /// The value follows the name directly: `--lto-O2`.
    Attached,
    /// `--export NAME` or `--export=NAME`; a one-letter flag `-o FILE` or
    /// `-oFILE` (`-L DIR`, `-lc`, `-z stack-size=1`, `-O2`).
    Required,
}

/// How an argument matched a flag.
enum Form<'a> {
    /// The flag alone, with no value (or with the next argument as its
    /// value, for [`Value::Required`]).
    Bare,
    /// With its value in the same argument.
    Joined(&'a str),
}

impl LdFlag {
    /// How `arg` spells this flag, if it does: the longest match wins,
    /// as in wasm-ld (`-mllvm` is not `-m llvm`, `-lto-O2` is `-l to-O2`).
    fn form<'a>(&self, arg: &'a str) -> Option<(usize, Form<'a>)> {
        self.dashes.prefixes().iter().find_map(|dashes| {
            let rest = arg.strip_prefix(dashes)?.strip_prefix(self.name)?;
            let len = dashes.len() + self.name.len();
            let bare = rest.is_empty();
            let form = match self.value {
                Value::None if bare => Form::Bare,
                Value::None => return None,
                Value::Optional | Value::Required if bare => Form::Bare,
                Value::Attached => Form::Joined(rest),
                Value::Required if self.name.len() == 1 => Form::Joined(rest),
                Value::Optional | Value::Joined | Value::Required => {
                    Form::Joined(rest.strip_prefix('=')?)
                }
            };
            Some((len, form))
        })
    }
}

/// The flag `arg` is, and how: the table's longest match that accepts it
/// (wasm-ld's rule), `None` for a flag wasm-ld does not know.
fn lookup(arg: &str) -> Option<(&'static LdFlag, Form<'_>)> {
    WASM_LD_FLAGS
        .iter()
        .chain(std::iter::once(&FLAVOR))
        .filter_map(|f| f.form(arg).map(|(len, form)| (len, f, form)))
        .max_by_key(|(len, _, _)| *len)
        .map(|(_, f, form)| (f, form))
}

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

/// One argument of a wasm-ld command line (with the next one when that is
/// its value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// A flag.
    Flag(Flag),
    /// An input file.
    Input(PathBuf),
}

/// A flag as written, with its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    /// The argument as written: `--export=f`, `-lc`, `-o`, `--weld-component`.
    pub arg: String,
    /// Its row of [`WASM_LD_FLAGS`] (or [`FLAVOR`]); `None` for a flag
    /// wasm-ld does not know (weld's `--weld-*`, or a mistake wasm-ld
    /// reports), passed on as written.
    pub spec: Option<&'static LdFlag>,
    /// Its value: after `=` or the name in `arg`, or the next argument.
    pub value: Option<String>,
    /// Whether the value is the next argument (`-o out.wasm`).
    pub separate: bool,
}

impl Flag {
    /// One argument that holds a whole flag (`--export-if-defined=f`).
    pub fn new(arg: impl Into<String>) -> Flag {
        let arg = arg.into();
        let (spec, value) = match lookup(&arg) {
            Some((spec, Form::Joined(v))) => (Some(spec), Some(v.to_string())),
            Some((spec, Form::Bare)) => (Some(spec), None),
            None => (None, None),
        };
        Flag {
            arg,
            spec,
            value,
            separate: false,
        }
    }

    /// Whether this is wasm-ld's flag `name` (without dashes), in any of
    /// its forms.
    pub fn is(&self, name: &str) -> bool {
        self.spec.is_some_and(|s| s.name == name)
    }
}

impl From<Flag> for Arg {
    fn from(f: Flag) -> Arg {
        Arg::Flag(f)
    }
}

/// Splits a wasm-ld command line into flags and inputs, as wasm-ld does:
/// a flag of [`Value::Required`] written alone takes the next argument,
/// no other flag ever does, and an argument not starting with `-` (or
/// `-` alone) is an input.
pub fn parse(args: &[String]) -> Result<Vec<Arg>, Error> {
    let mut out = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if !a.starts_with('-') || a == "-" {
            out.push(Arg::Input(PathBuf::from(a)));
            continue;
        }
        let mut flag = Flag::new(a.as_str());
        if flag.value.is_none() && flag.spec.is_some_and(|s| s.value == Value::Required) {
            let v = it
                .next()
                .ok_or_else(|| Error::Usage(format!("`{a}` needs a value")))?;
            flag.value = Some(v.clone());
            flag.separate = true;
        }
        out.push(Arg::Flag(flag));
    }
    Ok(out)
}

/// Writes parsed arguments back as a command line, each as it was written.
pub fn render(args: &[Arg]) -> Vec<String> {
    let mut out = Vec::new();
    for a in args {
        match a {
            Arg::Flag(f) => {
                out.push(f.arg.clone());
                if f.separate {
                    out.extend(f.value.clone());
                }
            }
            Arg::Input(p) => out.push(p.display().to_string()),
        }
    }
    out
}

/// The symbol of `--export X`, `--export=X`, `-export X` or `-export=X`.
pub fn export_of(arg: &Arg) -> Option<&str> {
    match arg {
        Arg::Flag(f) if f.is("export") => f.value.as_deref(),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
