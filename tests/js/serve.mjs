// Serves a directory on loopback, opens its page.html in a headless browser
// (fresh profile) to run <script> there, waits for the page to POST its
// results, prints them on stdout and stops the browser. The one browser
// driver of the tests (tests/tests/many.rs, script many-browser.mjs) and
// the app benchmark (weld-bench app, script bench-browser.mjs).
//
// usage: node serve.mjs <dir> <chromium | firefox> <script> <variant> <max live> [<more query>]
import { createServer } from "node:http";
import { readFile, writeFile, mkdtemp, rm } from "node:fs/promises";
import { spawn } from "node:child_process";
import { join, normalize, extname, resolve } from "node:path";
import { tmpdir } from "node:os";

const [dirArg, browser, script, variant, maxLive, more] = process.argv.slice(2);
const dir = resolve(dirArg);
const TYPES = { ".html": "text/html", ".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm" };
const TIMEOUT_MS = 300_000;

let finish;
const done = new Promise((resolve) => { finish = resolve; });

const server = createServer(async (req, res) => {
  const url = new URL(req.url, "http://127.0.0.1");
  if (req.method === "POST" && url.pathname === "/result") {
    let body = "";
    for await (const chunk of req) body += chunk;
    res.end("ok");
    finish(body);
    return;
  }
  const path = normalize(join(dir, decodeURIComponent(url.pathname)));
  if (!path.startsWith(normalize(dir))) { res.statusCode = 403; res.end(); return; }
  try {
    const data = await readFile(url.pathname === "/" ? join(dir, "page.html") : path);
    res.setHeader("content-type", TYPES[extname(path)] ?? "application/octet-stream");
    // Cross-origin isolation: Chromium then clamps performance.now() to 5 µs
    // instead of 100 µs.
    res.setHeader("cross-origin-opener-policy", "same-origin");
    res.setHeader("cross-origin-embedder-policy", "require-corp");
    res.end(data);
  } catch {
    res.statusCode = 404;
    res.end();
  }
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const query = `script=${script}&variant=${variant}&max=${maxLive}` + (more ? `&${more}` : "");
const page = `http://127.0.0.1:${server.address().port}/page.html?${query}`;

const profile = await mkdtemp(join(tmpdir(), `weld-${browser}-`));
if (browser !== "chromium") {
  // Firefox clamps performance.now() to 1 ms unless told not to.
  await writeFile(join(profile, "user.js"), 'user_pref("privacy.reduceTimerPrecision", false);\n');
}
const args = browser === "chromium"
  ? ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
     "--disable-background-networking", "--disable-component-update", "--disable-sync",
     `--user-data-dir=${profile}`, page]
  : ["--headless", "--no-remote", "--profile", profile, page];
const child = spawn(browser === "chromium" ? "chromium" : "firefox-esr", args, { stdio: "ignore" });
const timer = setTimeout(() => finish(`failed\ttimed out after ${TIMEOUT_MS / 1000} s\n`), TIMEOUT_MS);
const result = await done;
clearTimeout(timer);
child.kill("SIGKILL");
server.close();
await rm(profile, { recursive: true, force: true }).catch(() => {});
process.stdout.write(result);
process.exit(0);
