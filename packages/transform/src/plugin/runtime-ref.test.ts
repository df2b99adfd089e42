import { describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parse } from "@babel/parser";
import { transformSync } from "@babel/core";
import { inlineScriptFor } from "./runtime-ref.js";
import plugin from "../index.js";
import { createPlugin } from "./plugin.js";
import { staticRuntimeScripts } from "./runtime-scripts.js";

const SCRIPTS = [
  { file: "small.js", exports: ["generator", "mark"] },
  { file: "middle.js", exports: ["generator", "mark", "AsyncContext"] },
  { file: "whole.js", exports: ["generator", "mark", "AsyncContext", "asyncGenerator", "drain"] },
];

function chosen(code: string): string {
  return inlineScriptFor(parse(code, { sourceType: "script" }).program, "_stepwise", SCRIPTS).file;
}

describe("runtime: \"inline\" puts in the smallest runtime script with what the file reads", () => {
  test("the first script that exports every name read off the runtime", () => {
    expect(chosen("_stepwise.mark(g); function g() { return _stepwise.generator(g, this, function () {}); }")).toBe("small.js");
    expect(chosen("function f() { var _ctx = new _stepwise.AsyncContext(f, this, function () {}); }")).toBe("middle.js");
    expect(chosen("function f() { return _stepwise.asyncGenerator(null, this, function () {}); } _stepwise.drain();")).toBe("whole.js");
  });

  test("a name no smaller script exports, or a use that is not a read of a name, takes the whole runtime", () => {
    expect(chosen("_stepwise.somethingNew();")).toBe("whole.js");
    expect(chosen("_stepwise.mark(g); keep(_stepwise);")).toBe("whole.js");
    expect(chosen("_stepwise.mark(g); var o = { _stepwise: 1 };")).toBe("whole.js");
    expect(chosen('_stepwise.mark(g); _stepwise["generator"];')).toBe("whole.js");
  });

  test("the prebuilt scripts grow by feature and the last exports everything the runtime package does", () => {
    const require = createRequire(import.meta.url);
    const scripts = JSON.parse(readFileSync(require.resolve("@stepwise/runtime/dist/features.json"), "utf8")) as { file: string; exports: string[] }[];
    expect(scripts.map((s) => s.file)).toEqual(["runtime-generators.js", "runtime-async.js", "runtime.js"]);
    for (let i = 1; i < scripts.length; i++) expect(scripts[i].exports).toEqual(expect.arrayContaining(scripts[i - 1].exports));
    const whole = scripts[scripts.length - 1].exports;
    expect([...whole].sort()).toEqual(Object.keys(require("@stepwise/runtime")).sort());
  });

  test("a file of generators alone runs on the generators script; one with an async function on the next", () => {
    const lower = (code: string) => transformSync(code, { configFile: false, babelrc: false, sourceType: "script", plugins: [[plugin, { runtime: "inline" }]] })!.code!;
    const generators = lower("function* g() { yield 1; yield* [2, 3]; } var out = []; for (var x of g()) out.push(x);");
    const withAsync = lower("async function f() { return await 1; }");
    expect(generators).not.toMatch(/AsyncContext/);
    expect(new Function(`${generators}; return out;`)()).toEqual([1, 2, 3]);
    expect(withAsync).toMatch(/AsyncContext/);
    expect(withAsync).not.toMatch(/AsyncGeneratorContext/);
  });

  test("scripts handed in as data (the browser entry's way) give the same output as those read from dist/", () => {
    const require = createRequire(import.meta.url);
    const read = (file: string) => readFileSync(require.resolve(`@stepwise/runtime/dist/${file}`), "utf8");
    const manifest = JSON.parse(read("features.json")) as { file: string; exports: string[] }[];
    const handed = createPlugin(staticRuntimeScripts(manifest, Object.fromEntries(manifest.map((s) => [s.file, read(s.file)]))));
    const lower = (p: unknown, code: string) =>
      transformSync(code, { configFile: false, babelrc: false, sourceType: "script", plugins: [[p, { runtime: "inline" }]] })!.code!;
    for (const code of ["function* g() { yield 1; }", "async function f() { await 1; }", "async function* h() { yield 1; }"]) {
      expect(lower(handed, code)).toBe(lower(plugin, code));
    }
    const missing = createPlugin(staticRuntimeScripts(manifest, {}));
    expect(() => lower(missing, "function* g() { yield 1; }")).toThrow(/runtime script "runtime-generators.js" was not provided/);
  });
});
