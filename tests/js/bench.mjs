// The app benchmark's JS side, shared by Node and the browsers: one variant
// of the app transpiled by `jco transpile --instantiation async`, measured
// from JS. `measure(options)` returns plain numbers (see the keys below).
//
// - instantiate: mean microseconds of 20 instantiations (core modules
//   compiled once beforehand), per repeat, timing each core instance and
//   each JSPI wrapper jco makes (see `instantiationProfile`); again with
//   `WebAssembly.promising` stubbed; run: mean of 50 `run` calls;
// - crossings: ns per internal crossing, (t(n) - t(0)) / n with n doubled
//   until t(n) >= 50 ms, per repeat,
//   for echo-n 16 B and 64 KiB, sum-n 16 and 16,384;
// - live: instances held before the engine refuses a new one (stops at
//   `maxLive`), the error, and memory samples at chosen counts; where the
//   engine can say (Node), the JS heap kept per instance.

/** Repeats of 20 instantiations (more than of the other figures: a
 * garbage collection in a batch moves it by milliseconds). */
const INSTANTIATE_REPEATS = 9;

/** Instances over which the JS heap kept per instance is averaged. */
const KEPT_OVER = 300;

/** Nanoseconds now (performance.now, so it runs in Node and browsers). */
const nowNs = () => performance.now() * 1e6;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/**
 * options: { instantiate, getCoreModule, imports, repeats, maxLive,
 *            liveSeconds (time limit of the live-instance count),
 *            stub: () => void (called after the first instantiation
 *            figures, e.g. `stubPromising`; instantiation is measured
 *            again, and the rest runs with it),
 *            memoryAt: n => void (called after n live instances),
 *            liveState: () => numbers (the engine's state when the live
 *            count ends, with the instances still held),
 *            heapUsed: () => bytes (the JS heap in use after a full GC;
 *            gives `jsKeptBytes`, per instance, over 300 instances), log,
 *            only: "instantiate" (stop after the instantiation figures) }
 */
export async function measure(options) {
  const { instantiate, getCoreModule, imports } = options;
  const repeats = options.repeats ?? 5;
  const log = options.log ?? (() => {});
  // Core instances synchronously: jco's default (`WebAssembly.instantiate`,
  // awaited once per core module) costs far more than the instantiation.
  const instantiateCore = (module, imports) => new WebAssembly.Instance(module, imports);
  const make = () => instantiate(getCoreModule, imports, instantiateCore);
  const out = { instantiateUs: [], crossings: {}, runUs: [], live: { count: 0, error: "not counted" } };

  const app = await make();
  if (!app.run(RUN_INPUT).includes("top: THE=3")) {
    throw new Error(`unexpected run output: ${app.run(RUN_INPUT)}`);
  }
  // Time batches, not single calls: browsers clamp timers (serve.mjs asks
  // for their finest, 5 µs in Chromium, 1 µs in Firefox).
  const profile = () => instantiationProfile(instantiate, getCoreModule, imports, INSTANTIATE_REPEATS);
  out.profile = await profile();
  out.instantiateUs = out.profile.total;
  for (let r = 0; r < repeats; r++) {
    const t = nowNs();
    for (let i = 0; i < 50; i++) app.run(RUN_INPUT);
    out.runUs.push((nowNs() - t) / 50 / 1e3);
  }
  log("instantiation measured");
  // The same with `WebAssembly.promising` stubbed (see `stubPromising`);
  // the crossings and the live count run with it too.
  if (options.stub) {
    options.stub();
    out.profileStubbed = await profile();
    out.instantiateFastUs = out.profileStubbed.total;
    log("instantiation measured again (WebAssembly.promising stubbed)");
  }

  if (options.only === "instantiate") return out;

  const s16 = "x".repeat(16);
  const s64k = "x".repeat(64 * 1024);
  const xs16 = Uint32Array.from({ length: 16 }, (_, i) => i);
  const xs16k = Uint32Array.from({ length: 16384 }, (_, i) => i);
  const probes = {
    "echo-n 16 B": (n) => app.echoN(s16, n),
    "echo-n 64 KiB": (n) => app.echoN(s64k, n),
    "sum-n 16": (n) => app.sumN(xs16, n),
    "sum-n 16,384": (n) => app.sumN(xs16k, n),
  };
  const time = (call, n) => {
    const t = nowNs();
    call(n);
    return nowNs() - t;
  };
  for (const [name, call] of Object.entries(probes)) {
    // n doubles until one call takes 50 ms, so that clamped timers do not
    // matter; the host's call itself is subtracted (n = 0).
    let n = 16;
    while (n < 1 << 24 && time(call, n) < 50e6) n *= 2;
    const samples = [];
    for (let r = 0; r < repeats; r++) {
      const empty = time(call, 0);
      const full = time(call, n);
      samples.push(Math.max(0, full - empty) / n);
    }
    out.crossings[name] = samples;
  }
  log("crossings measured");

  const held = [app];
  out.live = { count: 1, error: null };
  options.memoryAt?.(1);
  // The JS heap jco's glue keeps per instance: heap used after a full GC
  // with 1 and with 1 + KEPT_OVER instances held.
  const heapAt1 = options.heapUsed?.();
  const deadline = performance.now() + (options.liveSeconds ?? 120) * 1000;
  while (held.length < options.maxLive) {
    if (performance.now() > deadline) {
      out.live.error = `stopped by the time limit (${options.liveSeconds ?? 120} s), not refused`;
      break;
    }
    try {
      held.push(await make());
    } catch (e) {
      out.live.error = String(e && e.message ? e.message : e);
      break;
    }
    if ([10, 100].includes(held.length)) options.memoryAt?.(held.length);
    if (heapAt1 !== undefined && held.length === 1 + KEPT_OVER) {
      out.jsKeptBytes = (options.heapUsed() - heapAt1) / KEPT_OVER;
    }
    if (held.length % 1000 === 0) log(`${held.length} live`);
  }
  out.live.count = held.length;
  // While the instances are still held.
  out.liveState = options.liveState?.();
  return out;
}

/**
 * Where one instantiation's time goes. Each repeat instantiates the app 20
 * times, timing every core instance (`new WebAssembly.Instance`, by module
 * path) and every call jco makes to `WebAssembly.promising` (it wraps each
 * realloc and post-return export in a JSPI wrapper, even for a component
 * with no async import, and never calls the wrapper then); the rest is
 * jco's other JavaScript. Returns, per repeat, mean microseconds per app
 * instantiation: `total`, `jspi`, `core[path]`; and calls per app
 * instantiation: `jspiCalls`, `coreCalls[path]`.
 */
async function instantiationProfile(instantiate, getCoreModule, imports, repeats) {
  const paths = new Map();
  const getNamed = async (path) => {
    const module = await getCoreModule(path);
    paths.set(module, path);
    return module;
  };
  let spent = new Map();
  const account = (key, t) => {
    const [us, n] = spent.get(key) ?? [0, 0];
    spent.set(key, [us + (performance.now() - t) * 1e3, n + 1]);
  };
  const timedCore = (module, imports) => {
    const t = performance.now();
    try {
      return new WebAssembly.Instance(module, imports);
    } finally {
      account(`core ${paths.get(module) ?? "?"}`, t);
    }
  };
  const promising = WebAssembly.promising;
  const out = { total: [], jspi: [], jspiCalls: 0, core: {}, coreCalls: {} };
  if (typeof promising === "function") {
    WebAssembly.promising = (f) => {
      const t = performance.now();
      try {
        return promising(f);
      } finally {
        account("jspi", t);
      }
    };
  }
  try {
    for (let r = 0; r < repeats; r++) {
      spent = new Map();
      const t = nowNs();
      for (let i = 0; i < 20; i++) await instantiate(getNamed, imports, timedCore);
      out.total.push((nowNs() - t) / 20 / 1e3);
      const [jspiUs, jspiN] = spent.get("jspi") ?? [0, 0];
      out.jspi.push(jspiUs / 20);
      out.jspiCalls = jspiN / 20;
      for (const [key, [us, n]] of spent) {
        if (!key.startsWith("core ")) continue;
        const path = key.slice(5);
        (out.core[path] ??= []).push(us / 20);
        out.coreCalls[path] = n / 20;
      }
    }
  } finally {
    if (typeof promising === "function") WebAssembly.promising = promising;
  }
  return out;
}

/**
 * Replaces `WebAssembly.promising` with the identity, so that jco keeps the
 * plain export (what its fallback keeps) for each JSPI wrapper it makes per
 * instantiation of a component without async imports, and never calls.
 * Where the engine has no `WebAssembly.promising` (Node 20), jco's call
 * throws a TypeError whose message V8 builds by re-parsing the enclosing
 * generated function (thousands of lines): milliseconds per instance.
 * Where it has one (Chromium, Firefox), each wrapper is a real one, and
 * SpiderMonkey compiles a wasm module for each (about half a millisecond).
 */
export function stubPromising() {
  WebAssembly.promising = (f) => f;
}

/** The input of `run` (the same as the functional test's). */
export const RUN_INPUT = "the quick brown fox jumps over the lazy dog the end";

/**
 * The rows of `instantiationProfile`'s result `p`: `<prefix>_total_us`,
 * `<prefix>_jspi_us`, `<prefix>_jspi_calls`, and per core module path
 * (paths have no spaces) `<prefix>_core_us <path>` and
 * `<prefix>_core_calls <path>`.
 */
function profileRows(prefix, p) {
  return [
    [`${prefix}_total_us`, p.total],
    [`${prefix}_jspi_us`, p.jspi],
    [`${prefix}_jspi_calls`, [p.jspiCalls]],
    ...Object.entries(p.core).map(([path, us]) => [`${prefix}_core_us ${path}`, us]),
    ...Object.entries(p.coreCalls).map(([path, n]) => [`${prefix}_core_calls ${path}`, [n]]),
  ];
}

/**
 * The results as `key<TAB>value value ...` lines, which the Rust runner
 * reads: numbers are samples (the runner takes medians).
 */
export function lines(out) {
  const rows = [
    ["instantiate_us", out.instantiateUs],
    ["run_us", out.runUs],
    ...(out.instantiateFastUs ? [["instantiate_fast_us", out.instantiateFastUs]] : []),
    ...(out.profile ? profileRows("profile", out.profile) : []),
    ...(out.profileStubbed ? profileRows("profile_stubbed", out.profileStubbed) : []),
    ...Object.entries(out.crossings).map(([k, v]) => [`crossing ${k}`, v]),
    ["live", [out.live.count]],
    ["live_error", [out.live.error ?? "none"]],
    ...(out.liveState ? [["live_state", out.liveState]] : []),
    ...(out.jsKeptBytes !== undefined ? [["js_kept_bytes", [out.jsKeptBytes]]] : []),
    ["version", [out.version ?? "?"]],
  ];
  for (const [n, m] of Object.entries(out.memory ?? {})) {
    rows.push([`memory ${n}`, [m.rssKiB, m.virtKiB]]);
  }
  return rows.map(([k, v]) => `${k}\t${v.join(" ")}\n`).join("");
}
