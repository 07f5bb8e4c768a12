// The browser side of the examples/many functional test: instantiates the
// variant named by `?variant=` (a directory written by `jco transpile
// --instantiation async --name app`), calls the same exports with the same
// inputs as many.mjs does in Node (many-outputs.mjs), and POSTs the JSON
// to /result. Loaded by page.html, served by serve.mjs.
import { WASIShim } from "@bytecodealliance/preview2-shim/instantiation";
import { outputs } from "/many-outputs.mjs";

const params = new URLSearchParams(location.search);
const variant = params.get("variant");
const input = params.get("input");

async function main() {
  const { instantiate } = await import(`/${variant}/app.js`);
  const getCoreModule = (path) => WebAssembly.compileStreaming(fetch(`/${variant}/${path}`));
  const app = await instantiate(getCoreModule, new WASIShim().getImportObject());
  return JSON.stringify(outputs(app, input));
}

let body;
try {
  body = await main();
} catch (e) {
  body = `failed\t${String(e && e.stack ? e.stack : e).replace(/\s+/g, " ")}\n`;
}
await fetch(`/result?variant=${variant}`, { method: "POST", body });
document.body.textContent = "done";
