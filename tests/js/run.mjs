// Runs a component transpiled by `jco transpile` in Node: imports the
// generated ES module and calls its `run(string) -> string` export.
//
// usage: node run.mjs <transpiled module .js> <input>
// Prints the result, exactly, on stdout.
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

const [moduleJs, input] = process.argv.slice(2);
if (moduleJs === undefined || input === undefined) {
  console.error("usage: node run.mjs <transpiled module .js> <input>");
  process.exit(2);
}
const component = await import(pathToFileURL(resolve(moduleJs)).href);
if (typeof component.run !== "function") {
  console.error(`no run export in ${moduleJs}: ${Object.keys(component).join(", ")}`);
  process.exit(1);
}
process.stdout.write(component.run(input));
