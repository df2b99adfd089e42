import { describe, expect, test } from "@jest/globals";
import { transformSync, type PluginObj, type NodePath } from "@babel/core";
import * as t from "@babel/types";
import type { Function as FunctionNode } from "@babel/types";
import vm from "node:vm";
import { lowerUsingDeclarations } from "./using-declarations.js";

/**
 * The rewrite alone, on every generator and async function (no machine after it): what the
 * lowering then sees. The fixtures (fixtures/using) compare whole programs with native runs; these
 * are the two loop heads Babel's own lowering, the fixtures' stand-in for a native `using`, does
 * not handle.
 */
function rewrite(code: string): string {
  const plugin = (): PluginObj => ({
    visitor: {
      Function(path: NodePath<FunctionNode>, state) {
        if (!path.node.async && !path.node.generator) return;
        const file = (state as unknown as { file: { addHelper(name: string): t.Expression } }).file;
        lowerUsingDeclarations(path, t, (name) => file.addHelper(name));
      },
    },
  });
  return transformSync(code, { filename: "input.js", babelrc: false, configFile: false, sourceType: "script", plugins: [plugin] })!.code!;
}

describe("using declarations in loop heads", () => {
  test("`for (await using x of xs)` binds each item with `await using` in a block of its own iteration", () => {
    const code = rewrite("async function f(xs) { for (await using x of xs) { let x2 = x; await x2; } }");
    expect(code).toMatch(/for \(const (_x\d*) of xs\) \{\s*try \{\s*var (_usingCtx\d*) = _usingCtx\d*\(\);\s*const x = \2\.a\(\1\);/);
    expect(code).toMatch(/finally \{\s*await _usingCtx\d*\.d\(\);/);
  });

  test("`for (using x = r; ...)` holds one resource for the whole loop, disposed once when the loop ends", () => {
    const code = rewrite("function* g(r) { for (using x = r; x.more(); ) yield x.next(); }");
    expect(code).toMatch(/try \{\s*var (_usingCtx\d*) = _usingCtx\d*\(\);\s*const x = \1\.u\(r\);\s*for \(; x\.more\(\);\) yield x\.next\(\);/);
  });

  test("each iteration of `for (await using ...)` awaits its async disposer before the next item is read", async () => {
    const code = rewrite(`
      async function f(names) {
        const items = names.map((name) => ({ [Symbol.asyncDispose]: async () => { log("dispose " + name); await null; log("disposed " + name); } }));
        for (await using item of items) log("use");
      }`);
    const lines: string[] = [];
    const context = vm.createContext({ log: (s: string) => lines.push(s) });
    vm.runInContext("(function (d, a) { Object.defineProperty(Symbol, 'dispose', { value: d }); Object.defineProperty(Symbol, 'asyncDispose', { value: a }); })", context)(Symbol.dispose, Symbol.asyncDispose);
    await vm.runInContext(`${code}; f(["a", "b"])`, context);
    expect(lines).toEqual(["use", "dispose a", "disposed a", "use", "dispose b", "disposed b"]);
  });

  test("nested functions keep their own `using` declarations", () => {
    const code = rewrite("async function f() { await null; return function () { using r = open(); }; }");
    expect(code).toContain("using r = open();");
  });
});
