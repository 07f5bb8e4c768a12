// Runs bench.mjs in Node on one transpiled variant and prints its results
// on stdout, one `key<TAB>values` line each (see `lines` in bench.mjs).
//
// usage: node --max-old-space-size=16384 bench-node.mjs <dir written by jco
//        transpile --instantiation async --name app> <max live instances>
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { WASIShim } from "@bytecodealliance/preview2-shim/instantiation";
import { measure, lines, stubPromising } from "./bench.mjs";

const [dir, maxLive] = process.argv.slice(2);
const { instantiate } = await import(pathToFileURL(resolve(dir, "app.js")).href);
const modules = new Map();
const getCoreModule = (path) => {
  if (!modules.has(path)) {
    modules.set(path, new WebAssembly.Module(readFileSync(join(dir, path))));
  }
  return modules.get(path);
};

function procMemory() {
  const status = readFileSync("/proc/self/status", "utf8");
  const kib = (k) => Number(status.match(new RegExp(`${k}:\\s+(\\d+)`))[1]);
  return { rssKiB: kib("VmRSS"), virtKiB: kib("VmSize") };
}

/**
 * The process when the live count ended: V8's JS heap after a full GC
 * (jco's per-instance JavaScript; V8 maps each 256 KiB heap page at a
 * random address, and the holes they leave between 10 GiB memory
 * reservations are address space no memory can use), the virtual size, and
 * the number of mappings.
 */
function liveState() {
  globalThis.gc?.();
  const { heapUsed, heapTotal } = process.memoryUsage();
  const maps = readFileSync("/proc/self/maps", "utf8").split("\n").length - 1;
  const mib = (b) => (b / 2 ** 20).toFixed(0);
  return [mib(heapUsed), mib(heapTotal), (procMemory().virtKiB / 2 ** 30).toFixed(1), maps];
}

const memory = { 0: procMemory() };
const out = await measure({
  instantiate,
  getCoreModule,
  imports: new WASIShim().getImportObject(),
  maxLive: Number(maxLive),
  liveSeconds: 240,
  stub: stubPromising,
  memoryAt: (n) => { memory[n] = procMemory(); },
  liveState,
  heapUsed: () => {
    globalThis.gc();
    return process.memoryUsage().heapUsed;
  },
  log: (m) => console.error(`node: ${(performance.now() / 1000).toFixed(1)} s: ${m}`),
});
out.memory = memory;
out.version = `Node ${process.version} (V8 ${process.versions.v8})`;
process.stdout.write(lines(out));
