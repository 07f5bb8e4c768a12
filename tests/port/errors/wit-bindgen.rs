//! Exports `port:test/errors`: an enum, a variant and a record used as the
//! errors of results (the checker uses their `Display` and `?`).

wit_bindgen::generate!({
    path: "../wit",
    world: "errors-provider",
});

use exports::port::test::errors::{Failure, FsError, Guest, ParseError};

struct Component;

impl Guest for Component {
    fn open(path: String) -> Result<u32, FsError> {
        match path.as_str() {
            "/secret" => Err(FsError::Denied),
            p if p.starts_with('/') => Ok(p.len() as u32),
            _ => Err(FsError::NotFound),
        }
    }

    fn parse(s: String) -> Result<i64, ParseError> {
        if s.is_empty() {
            return Err(ParseError::Empty);
        }
        if let Some(c) = s.chars().find(|c| !c.is_ascii_digit()) {
            return Err(ParseError::BadChar(c));
        }
        Ok(s.parse().unwrap_or(i64::MAX))
    }

    fn run(code: u32) -> Result<(), Failure> {
        if code == 0 {
            Ok(())
        } else {
            Err(Failure {
                code,
                reason: format!("exit {code}"),
            })
        }
    }
}

export!(Component);
