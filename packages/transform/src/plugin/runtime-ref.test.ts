import { describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parse } from "@babel/parser";
import { transformSync } from "@babel/core";
import { inlineRequest } from "./runtime-ref.js";
import { selectRuntime, runtimeSource, type RuntimeManifest } from "./runtime-pieces.js";
import { engineFallbacks, isRequired, SUPPORT } from "./engine-fallbacks.js";
import { nodeRuntimeScripts } from "./node-runtime-scripts.js";
import plugin from "../index.js";
import { createPlugin } from "./plugin.js";
import { staticRuntimeScripts } from "./runtime-scripts.js";

/** A small manifest: two keyed fallbacks, an install, a verb key. */
const SMALL: RuntimeManifest = {
  version: "0",
  exports: { generator: "generator", mark: "mark", Promise: "PromiseImpl" },
  keys: ["fallback:Promise", "verb:delegate"],
  statements: [
    { code: "var NEXT = 0;", declares: ["NEXT"], uses: [] },
    { code: "function Proto() {}", declares: ["Proto"], uses: [] },
    { code: "Proto.prototype.next = function () { return NEXT; };", declares: [], uses: ["NEXT", "Proto"], writes: ["Proto"] },
    { code: "function delegateVerb() { return 'delegating'; }", declares: ["delegateVerb"], uses: [], key: "verb:delegate" },
    { code: "function generator() { var g = new Proto(); g.delegate = delegateVerb; return g; }", declares: ["generator"], uses: ["Proto", "delegateVerb"] },
    { code: "function mark(f) { return f; }", declares: ["mark"], uses: [] },
    { code: "function FallbackPromise() {}", declares: ["FallbackPromise"], uses: [], key: "fallback:Promise" },
    { code: "var PromiseImpl = typeof Promise === 'function' ? Promise : FallbackPromise;", declares: ["PromiseImpl"], uses: ["FallbackPromise"] },
  ],
};

const codeOf = (manifest: RuntimeManifest, names: string[], keys: string[] = []) =>
  selectRuntime(manifest, { names, keys: new Set(keys) }).statements.map((i) => manifest.statements[i].code);

describe("selectRuntime: the statements a request needs, no more", () => {
  test("the declarations of the names read and everything they use, in the runtime's order, with their installs", () => {
    expect(codeOf(SMALL, ["mark"])).toEqual(["function mark(f) { return f; }"]);
    const generator = selectRuntime(SMALL, { names: ["generator"], keys: new Set() });
    expect(generator.statements).toEqual([0, 1, 2, 4]);
    expect(generator.stubs).toEqual(["delegateVerb"]);
    expect(generator.exports).toEqual([["generator", "generator"]]);
  });

  test("a keyed declaration comes only with its key; without it, it is declared empty", () => {
    expect(codeOf(SMALL, ["generator"], ["verb:delegate"])).toContain("function delegateVerb() { return 'delegating'; }");
    const lean = selectRuntime(SMALL, { names: ["Promise"], keys: new Set() });
    expect(lean.stubs).toEqual(["FallbackPromise"]);
    expect(codeOf(SMALL, ["Promise"], ["fallback:Promise"])).toEqual(SMALL.statements.slice(6).map((s) => s.code));
  });

  test("an install that only stores a name declared empty goes with it, and so does the empty declaration", () => {
    const manifest: RuntimeManifest = {
      ...SMALL,
      statements: [
        ...SMALL.statements,
        { code: "function raiseVerb() {}", declares: ["raiseVerb"], uses: [], key: "tries" },
        { code: "Proto.prototype.raise = raiseVerb;", declares: [], uses: ["Proto", "raiseVerb"], writes: ["Proto"], stores: "raiseVerb" },
      ],
    };
    const lean = selectRuntime(manifest, { names: ["generator"], keys: new Set() });
    expect(lean.statements).toEqual([0, 1, 2, 4]);
    expect(lean.stubs).toEqual(["delegateVerb"]);
    expect(codeOf(manifest, ["generator"], ["tries"])).toEqual([...codeOf(SMALL, ["generator"]), "function raiseVerb() {}", "Proto.prototype.raise = raiseVerb;"]);
  });

  test("the source runs and returns exactly the names asked for", () => {
    const source = runtimeSource(SMALL, selectRuntime(SMALL, { names: ["generator", "mark"], keys: new Set() }));
    const runtime = new Function(`return ${source};`)() as Record<string, () => { next(): number; delegate: unknown }>;
    expect(Object.keys(runtime)).toEqual(["generator", "mark"]);
    expect(runtime.generator().next()).toBe(0);
    expect(runtime.generator().delegate).toBeUndefined();
  });

  test("a name the runtime does not export is an error, not a smaller runtime", () => {
    expect(() => selectRuntime(SMALL, { names: ["somethingNew"], keys: new Set() })).toThrow(/exports no somethingNew/);
  });
});

describe("inlineRequest: what a finished file reads off the runtime", () => {
  const manifest: RuntimeManifest = { ...SMALL, exports: { generator: "generator", mark: "mark", AsyncContext: "AsyncContext", drain: "drain" } };
  const request = (code: string, keys: string[] = []) => {
    const r = inlineRequest(parse(code, { sourceType: "script" }).program, "_stepwise", manifest, new Set(keys));
    return { names: [...r.names], keys: [...r.keys].sort() };
  };

  test("the names read, the verb keys of the manifest its machines call, and the keys the lowering set", () => {
    expect(request("_stepwise.mark(g); function g() { return _stepwise.generator(g, this, function (_ctx) { return _ctx.delegate(x, 1); }); }", ["tries"])).toEqual({
      names: ["generator", "mark"],
      keys: ["tries", "verb:delegate"],
    });
    expect(request("function f() { var _ctx = new _stepwise.AsyncContext(f, this, function () { return _ctx.finish(); }); } _stepwise.drain();").names).toEqual([
      "AsyncContext",
      "drain",
    ]);
  });

  test("a use of the namespace that is not a read of a name takes every name", () => {
    const all = ["AsyncContext", "drain", "generator", "mark"];
    expect(request("_stepwise.mark(g); keep(_stepwise);").names).toEqual(all);
    expect(request("_stepwise.mark(g); var o = { _stepwise: 1 };").names).toEqual(all);
    expect(request('_stepwise.mark(g); _stepwise["generator"];').names).toEqual(all);
  });
});

describe("engineFallbacks: the fallbacks Babel's targets (or the run's other plugins) need", () => {
  test("no targets (Babel 7's {}) means every ES5 engine: both; modern targets: none", () => {
    expect([...engineFallbacks({}, [])].sort()).toEqual(["fallback:Promise", "fallback:Symbol"]);
    expect([...engineFallbacks({ chrome: "109.0.0", safari: "26.6.0", firefox: "153.0.0" }, [])]).toEqual([]);
    expect([...engineFallbacks({ ie: "9.0.0" }, [])].sort()).toEqual(["fallback:Promise", "fallback:Symbol"]);
    // Safari 10: Symbol.iterator, no async functions (so maybe no Promise, by the data's measure).
    expect([...engineFallbacks({ safari: "10.0.0" }, [])].sort()).toEqual(["fallback:Promise", "fallback:Symbol"]);
    expect([...engineFallbacks({ chrome: "60.0.0" }, [])].sort()).toEqual(["fallback:Symbol"]);
  });

  test("preset-env's own targets show in its plugins of the same run", () => {
    expect([...engineFallbacks({ chrome: "109.0.0" }, ["transform-for-of"])].sort()).toEqual(["fallback:Promise", "fallback:Symbol"]);
    expect([...engineFallbacks({ chrome: "109.0.0" }, ["transform-optional-chaining"])]).toEqual([]);
  });

  test("Babel 8's default targets (with Android's browser, counted as Chrome) need neither", () => {
    const defaults = { android: "157.0.0", chrome: "109.0.0", edge: "154.0.0", firefox: "153.0.0", ios: "18.5.0", opera: "139.0.0", opera_mobile: "80.0.0", safari: "26.6.0", samsung: "30.0.0" };
    expect([...engineFallbacks(defaults, [])]).toEqual([]);
    expect([...engineFallbacks({ android: "4.4.0" }, [])].sort()).toEqual(["fallback:Promise", "fallback:Symbol"]);
  });

  test("the support table is @babel/compat-data's", () => {
    const data = createRequire(import.meta.url)("@babel/compat-data/plugins") as Record<string, Record<string, string>>;
    for (const plugin of Object.keys(SUPPORT)) expect(SUPPORT[plugin]).toEqual(data[plugin]);
  });

  test("version comparison", () => {
    expect(isRequired("transform-for-of", { node: "6.4.0" })).toBe(true);
    expect(isRequired("transform-for-of", { node: "6.5.0" })).toBe(false);
    expect(isRequired("transform-for-of", { unknownEngine: "1.0.0" })).toBe(true);
  });
});

describe("the runtime package's pieces", () => {
  const require = createRequire(import.meta.url);
  const manifest = nodeRuntimeScripts.pieces();

  test("every name the package exports can be inlined, and the whole runtime has exactly them", () => {
    const names = Object.keys(require("@stepwise/runtime")).sort();
    expect(Object.keys(manifest.exports).sort()).toEqual(names);
    const whole = new Function(`return ${runtimeSource(manifest, selectRuntime(manifest, { names, keys: new Set(manifest.keys) }))};`)();
    expect(Object.keys(whole).sort()).toEqual(names);
  });

  test.each(Object.keys(nodeRuntimeScripts.pieces().exports))("%s alone loads, with and without the fallbacks", (name) => {
    for (const keys of [new Set<string>(), new Set(manifest.keys)]) {
      const runtime = new Function(`return ${runtimeSource(manifest, selectRuntime(manifest, { names: [name], keys }))};`)();
      expect(Object.keys(runtime)).toEqual([name]);
      expect(runtime[name]).toBeDefined();
    }
  });
});

describe('runtime: "inline" files carry what they use', () => {
  const lower = (code: string, options: object = {}) =>
    transformSync(code, { configFile: false, babelrc: false, sourceType: "script", plugins: [[plugin, { runtime: "inline" }]], ...options })!.code!;

  test("a file of generators alone gets no async machinery and runs", () => {
    const generators = lower("function* g() { yield 1; yield* [2, 3]; } var out = []; for (var x of g()) out.push(x);");
    expect(generators).not.toMatch(/AsyncContext|FallbackPromise|objectRest/);
    expect(new Function(`${generators}; return out;`)()).toEqual([1, 2, 3]);
  });

  test("for await reads names off the runtime, so the file does not get all of it", () => {
    const forAwait = lower("async function f(xs) { var n = 0; for await (var x of xs) n += x; return n; }");
    expect(forAwait).not.toMatch(/_stepwise;/);
    expect(forAwait).not.toMatch(/objectRest|unpackRest|function enqueue/);
  });

  test("the Promise-less fallback comes with targets that may lack Promise, and runs there", () => {
    const source = "async function f() { return (await 1) + 1; } var result; f().then(function (v) { result = v; });";
    const drained = (targets: string) =>
      transformSync(source, { configFile: false, babelrc: false, sourceType: "script", targets, plugins: [[plugin, { runtime: "inline", drain: true }]] })!.code!;
    const modern = drained("chrome 109");
    const old = drained("ie 9");
    expect(modern).not.toMatch(/function FallbackPromise/);
    expect(old).toMatch(/function FallbackPromise/);
    // On an engine without Promise (and without timers), the old build runs on its own job loop.
    expect(new Function("Promise", "setTimeout", `${old}; return result;`)(undefined, undefined)).toBe(2);
  });

  test("pieces handed in as data (the browser entry's way) give the same output as those read from dist/", () => {
    const require = createRequire(import.meta.url);
    const read = (file: string) => readFileSync(require.resolve(`@stepwise/runtime/dist/${file}`), "utf8");
    const handed = createPlugin(staticRuntimeScripts(JSON.parse(read("pieces.json")) as RuntimeManifest, { "runtime-trace.js": read("runtime-trace.js") }));
    const lower = (p: unknown, code: string, options: object = { runtime: "inline" }) =>
      // For an ES5 engine: a page's plugin has no compat data (it lowers for ES5) and no native build.
      transformSync(code, { configFile: false, babelrc: false, sourceType: "script", targets: { ie: "9" }, plugins: [[p, options]] })!.code!;
    for (const code of ["function* g() { yield 1; }", "async function f() { await 1; }", "async function* h() { yield 1; }"]) {
      expect(lower(handed, code)).toBe(lower(plugin, code));
      expect(lower(handed, code, { runtime: "inline", trace: true })).toBe(lower(plugin, code, { runtime: "inline", trace: true }));
    }
    const missing = createPlugin(staticRuntimeScripts(JSON.parse(read("pieces.json")) as RuntimeManifest));
    expect(() => lower(missing, "function* g() { yield 1; }", { runtime: "inline", trace: true })).toThrow(/runtime script "runtime-trace.js" was not provided/);
  });
});
