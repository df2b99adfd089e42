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

// Runtime imported (Node loads lib/node.js) and inlined for Babel 8's default targets (the
// native build's pieces): both have the engine's Promise and private fields.
describe.each(["import", "inline"])("hygiene in a real process (runtime: %s, the native build)", (runtime) => {
  test("generator objects have no own keys or symbols: util.inspect, spread and JSON see nothing", () => {
    const { native, lowered } = runFiles({ "main.js": UNREACHABLE }, { main: "main.js", lowered: ["main.js"], options: { runtime } });
    expect(native).toContain("Object [Generator] {}");
    expect(lowered).toBe(native);
  });

  test("a global Promise replaced before the runtime loads: async functions still use the engine's", () => {
    const { native, lowered } = runFiles(
      { "library.js": LIBRARY_PROMISE, "main.js": USES_ASYNC },
      { main: "main.js", lowered: ["main.js"], options: { runtime }, nodeArgs: ["--require", "./library.js"] },
    );
    expect(native).toContain("engine promise: true false");
    expect(lowered).toBe(native);
  });
});

// A CommonJS module's own top-level names: its `require`, and (runtime inlined) a library's
// Promise and its own `Symbol`, hoisted `var`s that are still undefined when the inlined runtime
// at the top of the file runs.
const COMMONJS = `
  var Promise = require("./library-promise.js");
  var Symbol = "the module's Symbol";
  function* g() { yield 1; yield 2; }
  async function f() { await null; return [...g()]; }
  var p = f();
  console.log("engine promise:", Object.getPrototypeOf(p) === require("./engine.js"), typeof Promise.library);
  p.then(function (v) { console.log("f:", JSON.stringify(v)); });
`;
const LIBRARY = `
  function LibraryPromise() {}
  LibraryPromise.library = true;
  module.exports = LibraryPromise;
`;
// Not lowered: the engine's own promise prototype, for comparison.
const ENGINE = `module.exports = Object.getPrototypeOf((async function () {})());`;
const OWN_REQUIRE = `
  var real = module.require.bind(module);
  function require(name) { return "the module's require of " + name; }
  function* g() { yield require("x"); }
  console.log(g().next().value, typeof real("util").inspect);
`;

// An ES module's own top-level names (runtime inlined): lexical declarations of the names the
// inlined runtime reads, an exported one, and an anonymous default-exported generator, which
// stays a generator function named "default" with its own prototype.
const MODULE = `
  import { createRequire } from "module";
  const require = createRequire(import.meta.url);
  const Promise = "the module's Promise";
  let Symbol = "the module's Symbol";
  export var setTimeout = "the module's setTimeout";
  export default function* () { yield typeof require("util").inspect; }
  export async function later() { await null; return [Promise, Symbol, setTimeout].join(", "); }
`;
const MAIN = `
  import g, { later, setTimeout as exported } from "./module.mjs";
  const it = g();
  console.log(g.name, Object.getPrototypeOf(it) === g.prototype, Object.prototype.toString.call(g), it.next().value, exported);
  const p = later();
  console.log("engine promise:", Object.getPrototypeOf(p) === Object.getPrototypeOf((async () => {})()));
  p.then((v) => console.log("later:", v));
`;

describe("the file's own top-level names (real modules)", () => {
  test("CommonJS, runtime inlined: a hoisted `var Promise` and `var Symbol` do not reach the runtime", () => {
    const { native, lowered } = runFiles({ "main.js": COMMONJS, "library-promise.js": LIBRARY, "engine.js": ENGINE }, { main: "main.js", lowered: ["main.js"], options: { runtime: "inline" } });
    expect(native).toContain("engine promise: true boolean");
    expect(lowered).toBe(native);
  });

  test("CommonJS, runtime imported: the module's own `require` is not what loads the runtime", () => {
    const { native, lowered } = runFiles({ "main.js": OWN_REQUIRE }, { main: "main.js", lowered: ["main.js"], options: { runtime: "import" } });
    expect(lowered).toBe(native);
  });

  for (const runtime of ["inline", "import"]) {
    test(`ES module, runtime ${runtime}: lexical and exported declarations of the runtime's names; an anonymous default-exported generator`, () => {
      const { native, lowered } = runFiles({ "module.mjs": MODULE, "main.mjs": MAIN }, { main: "main.mjs", lowered: ["module.mjs"], options: { runtime } });
      expect(native).toContain("default true [object GeneratorFunction] function");
      expect(lowered).toBe(native);
    });
  }
});
