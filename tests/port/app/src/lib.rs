//! The root crate of the port test: names the ported crates so that
//! rustc links them (the one thing a weld top-level crate must add; see
//! docs/porting.md) and exports `run-checks` to the host, which runs the
//! checker's checks, the conformance callers' checks and the async
//! caller's.

#[weld::shared_world(path = "../wit", world = "app")]
mod bindings {}

use weld_port_accounts as _;
use weld_port_async_client as _;
use weld_port_async_provider as _;
use weld_port_audit as _;
use weld_port_borrower as _;
use weld_port_checker as _;
use weld_port_collections as _;
use weld_port_conformance as _;
use weld_port_conformance_borrowing as _;
use weld_port_conformance_duplicating as _;
use weld_port_conformance_owning as _;
use weld_port_errors as _;
use weld_port_lists as _;
use weld_port_params as _;
use weld_port_records as _;
use weld_port_results as _;
use weld_port_strings as _;
use weld_port_variants as _;
use weld_port_versions_impl as _;

struct App;

impl bindings::Guest for App {
    fn run_checks() -> String {
        use bindings::port::test::{
            async_checks, checks, conformance_borrowing_checks, conformance_duplicating_checks,
            conformance_owning_checks,
        };
        let mut lines = checks::run();
        lines.extend(conformance_owning_checks::run());
        lines.extend(conformance_borrowing_checks::run());
        lines.extend(conformance_duplicating_checks::run());
        lines.extend(async_checks::run());
        lines.join("\n")
    }
}

bindings::export!(App with_types_in bindings);
