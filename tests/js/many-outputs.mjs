// What the examples/many test calls on one instance of the app, the same
// in Node (many.mjs) and in a browser (many-browser.mjs): every export of
// its `app` world, in the order tests/tests/many.rs calls them in
// wasmtime, with u64 results as decimal strings.

/** The list `sum` and `sum-n` add up. */
const XS = [1, 2, 3, 4294967295];

/** Calls every export of `app` (a module jco wrote) with `input` for `run`. */
export function outputs(app, input) {
  return {
    run1: app.run(input),
    run2: app.run(input),
    echo: app.echo("héllo, wörld"),
    sum: String(app.sum(XS)),
    echoN: String(app.echoN("abc", 1000)),
    sumN: String(app.sumN(XS, 100)),
  };
}
