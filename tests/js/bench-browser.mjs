// The browser side of the app benchmark: measures the variant named by
// `?variant=` (a directory written by `jco transpile --instantiation
// async --name app`) with bench.mjs and POSTs the result lines to /result.
// Loaded by page.html, served by serve.mjs. `&only=instantiate` stops after
// the instantiation figures, for profiling by hand:
// `node serve.mjs target/weld-many/js firefox bench-browser.mjs weld 0 only=instantiate`.
import { WASIShim } from "@bytecodealliance/preview2-shim/instantiation";
import { measure, lines, stubPromising } from "/bench.mjs";

const params = new URLSearchParams(location.search);
const variant = params.get("variant");
const maxLive = Number(params.get("max") ?? "15000");

async function main() {
  const { instantiate } = await import(`/${variant}/app.js`);
  const modules = new Map();
  const getCoreModule = (path) => {
    if (!modules.has(path)) {
      modules.set(path, WebAssembly.compileStreaming(fetch(`/${variant}/${path}`)));
    }
    return modules.get(path);
  };
  const out = await measure({
    instantiate,
    getCoreModule,
    imports: new WASIShim().getImportObject(),
    maxLive,
    liveSeconds: 100,
    stub: stubPromising,
    only: params.get("only") ?? undefined,
  });
  out.version = navigator.userAgent;
  return lines(out);
}

let body;
try {
  body = await main();
} catch (e) {
  body = `failed\t${String(e && e.stack ? e.stack : e).replace(/\s+/g, " ")}\n`;
}
await fetch(`/result?variant=${variant}`, { method: "POST", body });
document.body.textContent = "done";
