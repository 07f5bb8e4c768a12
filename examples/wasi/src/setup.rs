//! The virtual WASI world this app runs in when linked with the virtual
//! crates: its environment, arguments and files, given here at build time.

use std::sync::Once;
// Named so that rustc links them: nothing else in this crate calls them.
use weld_virt_clocks as _;
use weld_virt_io as _;
use weld_virt_random as _;

/// Gives the virtual crates the app's environment, arguments and files
/// (once per instance).
pub fn configure() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        weld_virt_cli::set_environment(vec![(
            String::from("GREETING"),
            String::from("hello, virtual world"),
        )]);
        weld_virt_cli::set_arguments(vec![String::from("app"), String::from("--flag")]);
        weld_virt_filesystem::preopen(
            "/data",
            &[
                ("greeting.txt", include_bytes!("../files/greeting.txt")),
                (
                    "docs/readme.txt",
                    include_bytes!("../files/docs/readme.txt"),
                ),
            ],
        );
    });
}

/// Appends what the app wrote to stdout and stderr, which the virtual
/// crates captured, to its report.
pub fn with_captured_output(mut report: String) -> String {
    let stdout = weld_virt_cli::take_stdout();
    let stderr = weld_virt_cli::take_stderr();
    report.push_str(&format!("stdout: {}", String::from_utf8_lossy(&stdout)));
    report.push_str(&format!("stderr: {}", String::from_utf8_lossy(&stderr)));
    report
}
