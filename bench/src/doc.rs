//! What every report shares: the machine it ran on and its load during
//! the run, the versions in the lock file, the `--write FILE` option and
//! the splice of a report into its section of a Markdown file.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};
use weld_harness::wasmtime::{Result, format_err};

/// The marker pair around one benchmark's generated section.
pub struct Section {
    /// The line that opens it.
    pub begin: &'static str,
    /// The line that closes it.
    pub end: &'static str,
}

/// Replaces the text of `section` in the file at `path` with `report`;
/// appends the section if the file has none.
pub fn splice(path: &Path, section: &Section, report: &str) -> Result<()> {
    let Section { begin, end } = section;
    let old = std::fs::read_to_string(path).unwrap_or_default();
    let new = match (old.find(begin), old.find(end)) {
        (Some(b), Some(e)) if b < e => format!("{}{begin}\n{report}{}", &old[..b], &old[e..]),
        _ => format!("{old}\n{begin}\n{report}{end}\n"),
    };
    std::fs::write(path, new).map_err(|e| format_err!("writing {}: {e}", path.display()))
}

/// The positional arguments before `--write FILE`, and FILE; `usage` on
/// anything else.
pub fn args_and_write(args: &[String], usage: &str) -> Result<(Vec<String>, Option<PathBuf>)> {
    match args.iter().position(|a| a == "--write") {
        Some(i) if i + 2 == args.len() => {
            Ok((args[..i].to_vec(), Some(args[i + 1].clone().into())))
        }
        Some(_) => Err(format_err!("{usage}")),
        None => Ok((args.to_vec(), None)),
    }
}

/// One column of a Markdown table: its header, whether it holds numbers
/// (aligned right) and how to show a row's cell.
pub struct Column<'a, R> {
    /// The header.
    pub header: String,
    /// Numbers, aligned right.
    pub numeric: bool,
    /// The cell of one row.
    pub cell: Box<dyn Fn(&R) -> String + 'a>,
}

impl<'a, R> Column<'a, R> {
    /// A column of text (`numeric` false) or numbers.
    pub fn new(header: impl Into<String>, numeric: bool, cell: impl Fn(&R) -> String + 'a) -> Self {
        Column {
            header: header.into(),
            numeric,
            cell: Box::new(cell),
        }
    }
}

/// The Markdown table of `rows` in `columns`.
pub fn table<R>(rows: &[R], columns: &[Column<'_, R>]) -> String {
    let line = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
    let mut s = line(columns.iter().map(|c| c.header.clone()).collect());
    let align = |c: &Column<'_, R>| if c.numeric { "---:" } else { "---" };
    s.push_str(&line(
        columns.iter().map(|c| align(c).to_string()).collect(),
    ));
    for r in rows {
        s.push_str(&line(columns.iter().map(|c| (c.cell)(r)).collect()));
    }
    s
}

/// The CPU's model name, from `/proc/cpuinfo`.
pub fn cpu() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|v| v.trim_start_matches([' ', '\t', ':']).trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}

/// The first line `cmd arg` prints, or `?`.
pub fn tool(cmd: &str, arg: &str) -> String {
    std::process::Command::new(cmd)
        .arg(arg)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|_| "?".into())
}

/// The version of `name` in the workspace's Cargo.lock (the first, if it
/// is there more than once), or `?`.
pub fn locked_version(name: &str) -> String {
    locked_versions(name)
        .into_iter()
        .next()
        .unwrap_or_else(|| "?".into())
}

/// Every version of `name` in the workspace's Cargo.lock, in its order
/// (cargo sorts them, oldest first).
pub fn locked_versions(name: &str) -> Vec<String> {
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
    let lock = std::fs::read_to_string(lock).unwrap_or_default();
    let key = format!("name = \"{name}\"");
    let mut versions = Vec::new();
    let mut lines = lock.lines();
    while let Some(l) = lines.next() {
        if l == key
            && let Some(v) = lines.next().and_then(|v| v.strip_prefix("version = "))
        {
            versions.push(v.trim_matches('"').to_string());
        }
    }
    versions
}

/// How often [`LoadWatch`] samples the load average.
const LOAD_EVERY: Duration = Duration::from_secs(5);

/// The 1-, 5- and 15-minute load averages of a `/proc/loadavg` line.
fn parse_loadavg(line: &str) -> Option<[f64; 3]> {
    let mut fields = line.split_whitespace().map(str::parse::<f64>);
    let mut next = || fields.next()?.ok();
    Some([next()?, next()?, next()?])
}

/// The machine's load averages now, or `None` where `/proc/loadavg` is
/// missing.
fn load_now() -> Option<[f64; 3]> {
    parse_loadavg(&std::fs::read_to_string("/proc/loadavg").ok()?)
}

/// Watches the machine's load while a benchmark runs: the load averages
/// at the start, then the 1-minute average every [`LOAD_EVERY`] on a
/// thread of its own until [`LoadWatch::stop`].
pub struct LoadWatch {
    start: Option<[f64; 3]>,
    stop: Arc<AtomicBool>,
    thread: JoinHandle<Vec<f64>>,
}

impl LoadWatch {
    /// Takes the first sample and starts the sampling thread.
    pub fn start() -> LoadWatch {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            let mut samples = Vec::new();
            let mut next = Instant::now();
            while !flag.load(Ordering::Relaxed) {
                if Instant::now() >= next {
                    samples.extend(load_now().map(|l| l[0]));
                    next += LOAD_EVERY;
                }
                std::thread::sleep(Duration::from_millis(200));
            }
            samples
        });
        LoadWatch {
            start: load_now(),
            stop,
            thread,
        }
    }

    /// Stops the thread and returns what it saw.
    pub fn stop(self) -> Load {
        self.stop.store(true, Ordering::Relaxed);
        Load {
            start: self.start,
            during: self.thread.join().unwrap_or_default(),
        }
    }
}

/// The machine's load during one benchmark run (see [`LoadWatch`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Load {
    /// The 1-, 5- and 15-minute load averages when the run started.
    pub start: Option<[f64; 3]>,
    /// The 1-minute load average sampled every [`LOAD_EVERY`] during it.
    pub during: Vec<f64>,
}

impl Load {
    /// One sentence for a report: the load at the start and during the run,
    /// against the cores there are.
    pub fn sentence(&self) -> String {
        let cores = std::thread::available_parallelism().map_or(0, usize::from);
        let start = match self.start {
            Some([one, five, fifteen]) => {
                format!("{one:.2} at the start (5-minute {five:.2}, 15-minute {fifteen:.2})")
            }
            None => "unknown at the start".to_string(),
        };
        let mut during = self.during.clone();
        during.sort_by(f64::total_cmp);
        let during = match (during.first(), during.last()) {
            (Some(min), Some(max)) => format!(
                ", {min:.2} to {max:.2} during the run (median {:.2} of {} samples, one every {} s)",
                during[during.len() / 2],
                during.len(),
                LOAD_EVERY.as_secs()
            ),
            _ => String::new(),
        };
        format!(
            "Load: 1-minute load average {start}{during}, on {cores} cores shared with \
             other work (this benchmark's own process counts about 1)."
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECTION: Section = Section {
        begin: "<!-- t:begin -->",
        end: "<!-- t:end -->",
    };

    #[test]
    fn splice_replaces_only_the_section_and_appends_it_when_missing() {
        let dir = std::env::temp_dir().join(format!("weld-bench-doc-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("doc.md");
        std::fs::write(
            &file,
            "intro\n<!-- t:begin -->\nold\n<!-- t:end -->\noutro\n",
        )
        .unwrap();
        splice(&file, &SECTION, "new\n").unwrap();
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            "intro\n<!-- t:begin -->\nnew\n<!-- t:end -->\noutro\n"
        );
        std::fs::write(&file, "no markers\n").unwrap();
        splice(&file, &SECTION, "new\n").unwrap();
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            "no markers\n\n<!-- t:begin -->\nnew\n<!-- t:end -->\n"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn write_takes_exactly_one_file_at_the_end() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let (pos, write) = args_and_write(&args(&["d", "--write", "f.md"]), "u").unwrap();
        assert_eq!((pos, write), (args(&["d"]), Some(PathBuf::from("f.md"))));
        assert_eq!(args_and_write(&args(&["d"]), "u").unwrap().1, None);
        let e = args_and_write(&args(&["d", "--write"]), "usage: x").unwrap_err();
        assert_eq!(e.to_string(), "usage: x");
    }

    #[test]
    fn a_table_is_its_columns_over_its_rows() {
        let columns = [
            Column::new("name", false, |r: &(&str, u32)| r.0.to_string()),
            Column::new("n", true, |r: &(&str, u32)| r.1.to_string()),
        ];
        assert_eq!(
            table(&[("a", 1), ("b", 22)], &columns),
            "| name | n |\n| --- | ---: |\n| a | 1 |\n| b | 22 |\n"
        );
    }

    #[test]
    fn the_load_is_read_off_proc_loadavg_and_said_with_its_range() {
        assert_eq!(
            parse_loadavg("2.17 1.14 0.47 3/123 13091\n"),
            Some([2.17, 1.14, 0.47])
        );
        assert_eq!(parse_loadavg("2.17 x"), None);
        let load = Load {
            start: Some([2.5, 1.25, 0.5]),
            during: vec![3.0, 1.0, 6.5],
        };
        let s = load.sentence();
        assert!(
            s.starts_with(
                "Load: 1-minute load average 2.50 at the start (5-minute 1.25, 15-minute 0.50), \
                 1.00 to 6.50 during the run (median 3.00 of 3 samples, one every 5 s), on "
            ),
            "{s}"
        );
        let quiet = Load {
            start: None,
            during: Vec::new(),
        };
        assert!(
            quiet
                .sentence()
                .starts_with("Load: 1-minute load average unknown at the start, on ")
        );
    }

    #[test]
    fn a_load_watch_stops_without_waiting_for_its_next_sample() {
        let begun = Instant::now();
        let load = LoadWatch::start().stop();
        assert!(begun.elapsed() < LOAD_EVERY, "{:?}", begun.elapsed());
        assert_eq!(load.start.is_some(), load_now().is_some());
    }

    #[test]
    fn the_lock_file_names_the_versions_reported() {
        assert_eq!(locked_version("wasmtime"), "48.0.8");
        assert_eq!(locked_version("no-such-crate"), "?");
        // The workspace's wit-bindgen is the newest of the two locked.
        let wit_bindgen = locked_versions("wit-bindgen");
        assert_eq!(wit_bindgen.last().map(String::as_str), Some("0.63.0"));
        assert!(wit_bindgen.len() >= 2, "{wit_bindgen:?}");
    }
}
