// What the runtime keeps alive so that optimized code survives a full collection (keep-alive.ts),
// and the bound on it: the variables of a finished generator (and the function) stay reachable
// only until four other coroutine functions have been called, and a loop making many generators
// of one function keeps only the last. A finished async call keeps none: its machine, kept for its
// shape, lets go of the body (async.ts, release). Natively nothing is kept; each program also runs natively to
// show the test can tell the difference.
import { describe, expect, test } from "@jest/globals";
import { runLowered } from "./run-lowered";

// `finish(i)` runs a coroutine of function number i to completion with a fresh object in its
// variables; `alive()` collects (in a later job, so WeakRefs made in this one may clear) and lists
// which of those objects are still reachable. Functions 0..4 are generator functions made by a
// factory (five distinct functions of one literal), 5 an async function.
const PRELUDE = `
  function make() { return function* (big) { yield big.length; }; }
  var fns = [make(), make(), make(), make(), make()];
  async function waits(big) { await null; return big.length; }
  var refs = [];
  function finish(i, k) {
    var big = [i, k];
    refs.push(new WeakRef(big));
    if (i < 5) { var it = fns[i](big); it.next(); it.next(); } else waits(big);
  }
  function alive() { global.gc(); return refs.map(function (r) { return r.deref() !== undefined; }); }
  function later(f) { setTimeout(f, 0); }
`;

describe("keep-alive: what lowered coroutines leave reachable", () => {
  test("the latest body of the four functions that made one last is kept; a fifth function releases the oldest; a finished async call keeps nothing", () => {
    const program = `${PRELUDE}
      finish(0); finish(1); finish(2); finish(3);
      later(function () {
        var four = alive();
        finish(5);
        later(function () {
          var five = alive();
          console.log(JSON.stringify({ four: four, five: five }));
        });
      });
    `;
    expect(JSON.parse(runLowered(program))).toEqual({
      four: [true, true, true, true],
      five: [false, true, true, true, false],
    });
    expect(JSON.parse(runLowered(program, [], { native: true }))).toEqual({
      four: [false, false, false, false],
      five: [false, false, false, false, false],
    });
  });

  test("many generators of one function keep only the last one's variables", () => {
    const program = `${PRELUDE}
      for (var k = 0; k < 1000; k++) finish(0, k);
      later(function () {
        var kept = alive();
        console.log(JSON.stringify({ count: kept.filter(Boolean).length, last: kept[999] }));
      });
    `;
    expect(JSON.parse(runLowered(program))).toEqual({ count: 1, last: true });
  });

  test("a generator function made at run time is released once four other functions have been called", () => {
    const program = `${PRELUDE}
      var made = make();
      var fnRef = new WeakRef(made);
      var it = made([]); it.next(); it.next();
      made = it = undefined;
      finish(0); finish(1); finish(2); finish(5);
      later(function () {
        global.gc();
        console.log(JSON.stringify({ released: fnRef.deref() === undefined }));
      });
    `;
    expect(JSON.parse(runLowered(program))).toEqual({ released: true });
  });
});
