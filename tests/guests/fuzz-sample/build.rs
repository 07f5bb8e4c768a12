//! Writes one `#[weld::shared_world]` module per world sampled by
//! `bindgen/tests/fuzz.rs` (`<n>.wit` and `<n>.world` in
//! `WELD_FUZZ_SAMPLE_DIR`, by default `target/weld-fuzz-sample` of the
//! workspace) into `OUT_DIR/samples.rs`. No sample directory gives an empty
//! crate.

use std::path::PathBuf;

fn main() {
    println!("cargo::rerun-if-env-changed=WELD_FUZZ_SAMPLE_DIR");
    let dir = std::env::var_os("WELD_FUZZ_SAMPLE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap());
            manifest.join("../../../target/weld-fuzz-sample")
        });
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut samples: Vec<(usize, PathBuf, String)> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let n = path.file_stem()?.to_str()?.parse().ok()?;
            if path.extension()? != "wit" {
                return None;
            }
            let world = std::fs::read_to_string(path.with_extension("world")).ok()?;
            let path = path.canonicalize().ok()?;
            Some((n, path, world))
        })
        .collect();
    samples.sort();
    let mut out = String::new();
    for (n, path, world) in &samples {
        out.push_str(&format!(
            "/// Sample {n}: `{world}`.\n#[weld::shared_world(path = {:?}, world = {world:?})]\npub mod sample_{n} {{}}\n",
            path.to_str().expect("UTF-8 sample path"),
        ));
    }
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap());
    std::fs::write(out_dir.join("samples.rs"), out).expect("writing samples.rs");
}
