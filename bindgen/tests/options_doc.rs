//! docs/bindings.md's options table lists exactly the options of
//! weld-bindgen's option table, in its order, each with its status.

use weld_bindgen::option_table::OPTIONS;

#[test]
fn bindings_md_lists_every_option_with_its_status() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/bindings.md"))
        .expect("read docs/bindings.md");
    let section = doc
        .split("\n## Options\n")
        .nth(1)
        .expect("docs/bindings.md has an `## Options` section");
    let section = section.split("\n## ").next().unwrap_or(section);
    // Rows `| `name` | status | ... |` of the section's table.
    let rows: Vec<(String, String)> = section
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let name = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
            Some((name.to_string(), cells.get(2)?.to_string()))
        })
        .collect();
    let expected: Vec<(String, String)> = OPTIONS
        .iter()
        .map(|o| (o.name.to_string(), o.status.label().to_string()))
        .collect();
    assert_eq!(
        rows, expected,
        "docs/bindings.md's options table (option, status) must match weld_bindgen::option_table::OPTIONS"
    );
}
