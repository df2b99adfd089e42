// Long-running async code stays safe: memory stays flat over a million awaits, and async recursion
// goes thousands of levels deep. Each program is lowered by the plugin and run in a fresh Node
// process (default stack size, --expose-gc), so the numbers do not depend on Jest's own stack.
import { describe, expect, test } from "@jest/globals";
import { runLowered } from "./run-lowered";

describe("async functions and generators over long runs", () => {
  test("a loop of 1,000,000 awaits completes with flat memory", () => {
    const out = runLowered(`
      async function loop(n) { var sum = 0; for (let i = 0; i < n; i++) sum += await i; return sum; }
      global.gc(); var before = process.memoryUsage().heapUsed;
      loop(1000000).then(function (sum) {
        global.gc(); var after = process.memoryUsage().heapUsed;
        console.log(JSON.stringify({ sum: sum, growth: after - before }));
      });
    `);
    const { sum, growth } = JSON.parse(out);
    expect(sum).toBe(499999500000);
    // Nothing of the million iterations may stay reachable: allow 1 MB of noise.
    expect(growth).toBeLessThan(1024 * 1024);
  });

  test("an async generator of 1,000,000 items consumed by for await completes with flat memory", () => {
    const out = runLowered(`
      async function* numbers(n) { for (let i = 0; i < n; i++) yield i; }
      async function consume(n) { var sum = 0; for await (const v of numbers(n)) sum += v; return sum; }
      global.gc(); var before = process.memoryUsage().heapUsed;
      consume(1000000).then(function (sum) {
        global.gc(); var after = process.memoryUsage().heapUsed;
        console.log(JSON.stringify({ sum: sum, growth: after - before }));
      });
    `);
    const { sum, growth } = JSON.parse(out);
    expect(sum).toBe(499999500000);
    expect(growth).toBeLessThan(1024 * 1024);
  });

  test("a yield* chain 100,000 deep runs at the default stack size (delegation does not nest calls)", () => {
    const out = runLowered(`
      function* leaf() { var sent = yield "leaf"; return sent; }
      function* chain(n) { if (n === 0) return yield* leaf(); return 1 + (yield* chain(n - 1)); }
      var g = chain(100000);
      var first = g.next();
      var last = g.next(7);
      console.log(JSON.stringify([first, last]));
    `);
    expect(JSON.parse(out)).toEqual([
      { value: "leaf", done: false },
      { value: 100007, done: true },
    ]);
  });

  test("async recursion 4,000 deep completes at the default stack size", () => {
    const out = runLowered(
      `
      async function depth(n) { if (n === 0) return 0; return 1 + (await depth(n - 1)); }
      depth(+process.argv[2]).then(function (v) { console.log("ok " + v); }, function (e) { console.log("failed " + e.name); });
    `,
      ["4000"],
    );
    expect(out).toBe("ok 4000");
  });
});
