//! weld-ld's command line, built inside the test crate so that integration
//! tests run the real CLI (`CARGO_BIN_EXE_*` only names this crate's bins).

fn main() -> std::process::ExitCode {
    weld_ld::cli::main()
}
