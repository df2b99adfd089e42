// What only a real Node process shows: generator objects print and copy as empty objects (their
// machine is out of reach of every reflection), and a global Promise replaced by a library before
// the runtime loads changes nothing (async functions return the engine's promises and resume on
// its own job queue). Each program runs natively and lowered; the outputs must be equal.
import { describe, expect, test } from "@jest/globals";
import { runFiles } from "./run-lowered";

const UNREACHABLE = `
  var util = require("util");
  function* g() { yield 1; }
  async function* ag() { yield 1; }
  async function af() {}
  var it = g();
  it.next();
  var objects = [it, g(), ag()];
  for (var i = 0; i < objects.length; i++) {
    var o = objects[i];
    console.log(util.inspect(o), Reflect.ownKeys(o).length, Object.keys(Object.assign({}, o)).length, JSON.stringify(o));
  }
  console.log(Reflect.ownKeys(g.prototype).length, Reflect.ownKeys(ag.prototype).length);
`;

// A library that replaces the global Promise before anything else loads (as bluebird users do with
// `global.Promise = require("bluebird")`): its promises are not the engine's, and run their
// callbacks from setImmediate.
const LIBRARY_PROMISE = `
  var Engine = Promise;
  function LibraryPromise(executor) {
    var p = new Engine(executor);
    Object.setPrototypeOf(p, LibraryPromise.prototype);
    return p;
  }
  LibraryPromise.prototype = Object.create(Engine.prototype);
  LibraryPromise.prototype.then = function (a, b) {
    var self = this;
    return new LibraryPromise(function (resolve, reject) {
      setImmediate(function () { Engine.prototype.then.call(self, a, b).then(resolve, reject); });
    });
  };
  LibraryPromise.resolve = function (v) { return new LibraryPromise(function (r) { r(v); }); };
  LibraryPromise.reject = function (e) { return new LibraryPromise(function (_, r) { r(e); }); };
  global.EnginePromise = Engine;
  global.Promise = LibraryPromise;
`;

const USES_ASYNC = `
  async function f(x) { var a = await x; var b = await null; return a + 1; }
  async function* ag() { yield await 1; yield 2; }
  var p = f(1);
  console.log("engine promise:", Object.getPrototypeOf(p) === EnginePromise.prototype, p instanceof Promise);
  p.then(function (v) { console.log("f:", v); });
  EnginePromise.resolve().then(function () { console.log("tick 1"); }).then(function () { console.log("tick 2"); }).then(function () { console.log("tick 3"); });
  var it = ag();
  var n = it.next();
  console.log("async generator result is an engine promise:", Object.getPrototypeOf(n) === EnginePromise.prototype);
  n.then(function (r) { console.log("ag:", JSON.stringify(r)); });
  process.nextTick(function () { console.log("next tick"); });
`;

describe("hygiene in a real process (runtime: import, the Node build)", () => {
  test("generator objects have no own keys or symbols: util.inspect, spread and JSON see nothing", () => {
    const { native, lowered } = runFiles({ "main.js": UNREACHABLE }, { main: "main.js", lowered: ["main.js"], options: { runtime: "import" } });
    expect(native).toContain("Object [Generator] {}");
    expect(lowered).toBe(native);
  });

  test("a global Promise replaced before the runtime loads: async functions still use the engine's", () => {
    const { native, lowered } = runFiles(
      { "library.js": LIBRARY_PROMISE, "main.js": USES_ASYNC },
      { main: "main.js", lowered: ["main.js"], options: { runtime: "import" }, nodeArgs: ["--require", "./library.js"] },
    );
    expect(native).toContain("engine promise: true false");
    expect(lowered).toBe(native);
  });
});
