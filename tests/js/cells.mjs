// Drives tests/guests/host-export (a root crate exporting the `cell`
// resource), transpiled by `jco transpile`, from Node: the resource's
// handles live in jco's handle table. Prints one line per step, for
// tests/tests/jco.rs to compare with what wasmtime gives.
//
// usage: node cells.mjs <transpiled module .js>
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

const [moduleJs] = process.argv.slice(2);
if (moduleJs === undefined) {
  console.error("usage: node cells.mjs <transpiled module .js>");
  process.exit(2);
}
const { cells } = await import(pathToFileURL(resolve(moduleJs)).href);
const dispose = Symbol.dispose || Symbol.for("dispose");
const counts = () => `live ${cells.live()} dropped ${cells.dropped()}`;

const a = new cells.Cell(5);
console.log(`get ${a.get()} add ${a.add(10)}`);
const z = cells.Cell.zero();
const m = a.merge(z);
console.log(`merge ${m.get()} ${counts()}`);
console.log(`consume ${cells.consume(new cells.Cell(7))} ${counts()}`);
const [p, q] = cells.pair(1, 2);
console.log(`total ${cells.total([p, q, p])}`);
console.log(`name-of ${cells.nameOf(cells.wrap("one", p))} ${counts()}`);
for (const c of [a, z, m, q]) c[dispose]();
console.log(counts());
