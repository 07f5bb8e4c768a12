// The browser side of the examples/many functional test: instantiates the
// variant named by `?variant=` (a directory written by `jco transpile
// --instantiation async --name app`), calls the same exports with the same
// inputs as many.mjs does in Node, and POSTs the JSON to /result.
import { WASIShim } from "@bytecodealliance/preview2-shim/instantiation";

const params = new URLSearchParams(location.search);
const variant = params.get("variant");
const input = params.get("input");

async function main() {
  const { instantiate } = await import(`/${variant}/app.js`);
  const getCoreModule = (path) => WebAssembly.compileStreaming(fetch(`/${variant}/${path}`));
  const app = await instantiate(getCoreModule, new WASIShim().getImportObject());
  const xs = [1, 2, 3, 4294967295];
  return JSON.stringify({
    run1: app.run(input),
    run2: app.run(input),
    echo: app.echo("héllo, wörld"),
    sum: String(app.sum(xs)),
    echoN: String(app.echoN("abc", 1000)),
    sumN: String(app.sumN(xs, 100)),
  });
}

let body;
try {
  body = await main();
} catch (e) {
  body = `failed\t${String(e && e.stack ? e.stack : e).replace(/\s+/g, " ")}\n`;
}
await fetch(`/result?variant=${variant}`, { method: "POST", body });
document.body.textContent = "done";
