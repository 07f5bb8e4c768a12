#!/usr/bin/env python3
"""Which pages of an app instance's linear memories are resident.

Runs `weld-bench app --spin <kind> <file>` (four instances run `run`
once, as the instances held for the memory figures; three are then held
idle, the fourth loops over echo-n 16 B: src/app/profile.rs), and while it loops reads its /proc/<pid>/smaps and
/proc/<pid>/pagemap (needs root): for each linear memory (found as in
src/app/proc_mem.rs) it prints each mapping with the offsets of its resident
pages, `file` for a page of wasmtime's memory image only read, `anon` for a
private one (stack, heap, data written).

usage: python3 bench/residency.py component target/weld-many/weld.wasm
       (after `cargo xtask bench-app`, which builds the runner and the file)
"""
import re
import struct
import subprocess
import sys
import time

EXE = "target/release/weld-bench"


def read_entries(pid):
    entries, cur = [], None
    with open(f"/proc/{pid}/smaps") as smaps:
        for line in smaps:
            m = re.match(r"([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)", line)
            if m:
                cur = dict(a=int(m[1], 16), b=int(m[2], 16), perm=m[3], name=m[4])
                entries.append(cur)
    return entries


def memories(entries):
    """Runs of accessible mappings between an inaccessible one of at least
    32 MiB and one of at least 1 GiB."""
    after_guard, run = False, []
    for e in entries:
        if not e["perm"].startswith("---"):
            run.append(e)
            continue
        if after_guard and e["b"] - e["a"] >= 1 << 30 and run:
            yield run
        run, after_guard = [], e["b"] - e["a"] >= 32 << 20


def main():
    kind, path = sys.argv[1], sys.argv[2]
    proc = subprocess.Popen([EXE, "app", "--spin", kind, path])
    # Wait until compiled and looping (the loop then runs 3 s).
    while proc.poll() is None and not list(memories(read_entries(proc.pid))):
        time.sleep(0.2)
    time.sleep(1)
    pagemap = open(f"/proc/{proc.pid}/pagemap", "rb")
    for run in memories(read_entries(proc.pid)):
        base = run[0]["a"]
        print(f"linear memory at {base:#x}")
        for r in run:
            pages = []
            for page in range(r["a"], r["b"], 4096):
                pagemap.seek(page // 4096 * 8)
                v = struct.unpack("<Q", pagemap.read(8))[0]
                if v >> 63 & 1:
                    pages.append(f"{page - base:#x} {'file' if v >> 61 & 1 else 'anon'}")
            name = "image" if "wasm-memory-image" in r["name"] else "anonymous"
            print(f"  {r['a'] - base:#x}..{r['b'] - base:#x} {name}: {', '.join(pages) or '-'}")
    proc.wait()


if __name__ == "__main__":
    main()
