//! The `weld-ld` command (see `weld_ld::cli`).

fn main() -> std::process::ExitCode {
    weld_ld::cli::main()
}
