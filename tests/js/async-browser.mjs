// The browser side of tests/tests/async_host.rs's jco test: instantiates
// the async root exports' component (`jco transpile --instantiation async
// --name app` into `/<variant>/`), calls them as the wasmtime tests do
// (at once, pending on the linked crate's tasks, ten at once, a
// `yield_async` loop released by a later call) and POSTs one line per call to /result. Loaded by
// page.html, served by serve.mjs.
import { WASIShim } from "@bytecodealliance/preview2-shim/instantiation";

const variant = new URLSearchParams(location.search).get("variant");
const lines = [];
const show = (v) => JSON.stringify(v, (_, x) => (typeof x === "bigint" ? String(x) : x));

async function step(name, f) {
  try {
    lines.push(`${name}: ${show(await f())}`);
  } catch (e) {
    lines.push(`${name} failed: ${String(e && e.stack ? e.stack : e).replace(/\s+/g, " ")}`);
  }
}

async function main() {
  const { instantiate } = await import(`/${variant}/app.js`);
  const getCoreModule = (path) => WebAssembly.compileStreaming(fetch(`/${variant}/${path}`));
  const app = await instantiate(getCoreModule, new WASIShim().getImportObject());
  const h = app.hostCalls;
  await step("live before", () => h.live());
  await step("add-one", () => h.addOne(41));
  await step("echo, pending", () => h.echo("héllo wörld ✓", 3));
  await step("echo, at once", () => h.echo("", 0));
  await step("summarize", () => h.summarize(new Uint32Array([1, 2, 3, 4294967295]), "ünïcödé"));
  await step("touch", async () => {
    const before = h.touched();
    await h.touch();
    return h.touched() - before;
  });
  await step("reverse", () => app.reverse("abc✓"));
  await step("ten at once", () => Promise.all([...Array(10).keys()].map((i) => h.echo(`e${i}`, i % 3))));
  await step("spin until the gate opens", async () => {
    const spinning = h.spin();
    await new Promise((r) => setTimeout(r, 10));
    h.openGate();
    return (await spinning) > 0;
  });
  await step("live after", () => h.live());
}

try {
  await main();
} catch (e) {
  lines.push(`failed\t${String(e && e.stack ? e.stack : e).replace(/\s+/g, " ")}`);
}
await fetch(`/result?variant=${variant}`, { method: "POST", body: lines.join("\n") + "\n" });
document.body.textContent = "done";
