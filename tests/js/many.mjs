// Runs the examples/many app transpiled by `jco transpile`, in Node: calls
// every export of its `app` world on one instance and prints the results
// as one JSON object (u64 results as decimal strings).
//
// usage: node many.mjs <transpiled module .js> <run input>
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import { outputs } from "./many-outputs.mjs";

const [moduleJs, input] = process.argv.slice(2);
if (moduleJs === undefined || input === undefined) {
  console.error("usage: node many.mjs <transpiled module .js> <run input>");
  process.exit(2);
}
const app = await import(pathToFileURL(resolve(moduleJs)).href);
for (const name of ["run", "echo", "sum", "echoN", "sumN"]) {
  if (typeof app[name] !== "function") {
    console.error(`no ${name} export in ${moduleJs}: ${Object.keys(app).join(", ")}`);
    process.exit(1);
  }
}
process.stdout.write(JSON.stringify(outputs(app, input)));
