// The browser side of tests/tests/wasi3.rs's jco test: instantiates the
// WASI 0.3 command (`jco transpile --instantiation async --name app` into
// `/<variant>/`) with preview2-shim for what std reaches (WASI 0.2) and
// this page's WASI 0.3 `wasi:cli/stdout` (jco keys imports without their
// version, so the two stdout versions share one object), runs its
// `wasi:cli/run` and POSTs what `run` returned and what it wrote.
// Loaded by page.html, served by serve.mjs.
import { WASIShim } from "@bytecodealliance/preview2-shim/instantiation";

const variant = new URLSearchParams(location.search).get("variant");
const lines = [];

/// `write-via-stream`: reads `data` to its end into `out.text`; the
/// returned promise is the `future<result<_, error-code>>` (ok).
function writeViaStream(out) {
  return (data) =>
    (async () => {
      const decoder = new TextDecoder();
      for (;;) {
        const { value, done } = await data.read({ count: 4096 });
        if (value !== undefined) out.text += decoder.decode(new Uint8Array(value), { stream: true });
        if (done) break;
      }
      return undefined;
    })();
}

async function main() {
  const { instantiate } = await import(`/${variant}/app.js`);
  const getCoreModule = (path) => WebAssembly.compileStreaming(fetch(`/${variant}/${path}`));
  const imports = new WASIShim().getImportObject();
  const out = { text: "" };
  imports["wasi:cli/types"] = {};
  imports["wasi:cli/stdout"] = { ...imports["wasi:cli/stdout"], writeViaStream: writeViaStream(out) };
  const app = await instantiate(getCoreModule, imports);
  const result = await app["wasi:cli/run@0.3.0"].run();
  lines.push(`run: ${JSON.stringify(result ?? "ok")}`);
  lines.push(`stdout: ${JSON.stringify(out.text)}`);
}

try {
  await main();
} catch (e) {
  lines.push(`failed\t${String(e && e.stack ? e.stack : e).replace(/\s+/g, " ")}`);
}
await fetch(`/result?variant=${variant}`, { method: "POST", body: lines.join("\n") + "\n" });
document.body.textContent = "done";
