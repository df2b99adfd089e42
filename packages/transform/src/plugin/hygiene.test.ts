import { describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parseSync, transformSync, traverse } from "@babel/core";
import plugin from "../index.js";
import { RUNTIME_GLOBALS } from "./hygiene.js";

const require = createRequire(import.meta.url);

/** The identifiers a script reads without declaring them. */
function freeNames(code: string): string[] {
  const ast = parseSync(code, { sourceType: "script", configFile: false, babelrc: false })!;
  const names = new Set<string>();
  traverse(ast, {
    ReferencedIdentifier(path) {
      const name = path.node.name;
      if (name !== "arguments" && !path.scope.hasBinding(name, true)) names.add(name);
    },
  });
  return [...names].sort();
}

function lower(code: string, runtime: string, sourceType: "script" | "module" = "script"): string {
  return transformSync(code, { configFile: false, babelrc: false, sourceType, plugins: [[plugin, { runtime }]] })!.code!;
}

describe("names the output reads that the file may declare", () => {
  test("the runtime's prebuilt scripts read no global but RUNTIME_GLOBALS (the rest they take without names)", () => {
    for (const file of ["runtime.js", "native/runtime.js"]) {
      const source = readFileSync(require.resolve(`@stepwise/runtime/dist/${file}`), "utf8");
      const free = freeNames(source).filter((name) => name !== "stepwise");
      expect({ file, free: free.filter((name) => !RUNTIME_GLOBALS.includes(name)) }).toEqual({ file, free: [] });
    }
  });

  test('runtime "global": a script\'s own top-level `stepwise` is renamed, and the output still finds the runtime', () => {
    const out = lower("var stepwise = 'mine'; function* g() { yield stepwise; }", "global");
    expect(out).toMatch(/^var _stepwise = stepwise;/);
    expect(out).not.toMatch(/var stepwise =/);
    const runtime = { mark: (f: unknown) => f, generator: () => ({ next: () => "ran" }) };
    const value = new Function("stepwise", `${out}; return g().next() + " " + _stepwise2;`)(runtime);
    expect(value).toBe("ran mine");
  });

  test('runtime "import": a script\'s own `require` is renamed; an ES module\'s is left alone (it imports)', () => {
    expect(lower("function require(n) { return n; } function* g() { yield require('x'); }", "import")).toMatch(/^var _stepwise = require\("@stepwise\/runtime"\);[\s\S]*function _require\(n\)/);
    const module = lower("const require = null; export function* g() { yield require; }", "import", "module");
    expect(module).toMatch(/^import \* as _stepwise from "@stepwise\/runtime";[\s\S]*const require = null;/);
  });

  test('runtime "inline": a script\'s own `var Promise` is the global and stays; its `let Symbol` (in its TDZ when the runtime loads) is renamed; in a CommonJS file both are', () => {
    const script = lower("var Promise = 1; let Symbol = 2; function* g() { yield [Promise, Symbol]; }", "inline");
    expect(script).toMatch(/\nvar Promise = 1;\nlet _Symbol = 2;/);
    const commonjs = lower("var Promise = require('bluebird'); function* g() { yield Promise; } module.exports = g;", "inline");
    expect(commonjs).toMatch(/\nvar _Promise = require\('bluebird'\);|\nvar _Promise = require\("bluebird"\);/);
  });

  test('runtime "inline" carries the native build where every target has its syntax (Babel 8\'s defaults), else the ES5 build', () => {
    // The inlined runtime (what comes before the file's own function): the native build takes the
    // engine's %AsyncFunction.prototype% from an async function of its own; the ES5 build has none.
    const runtimeFor = (targets?: Record<string, string>) =>
      transformSync("async function f() { await 1; }", { configFile: false, babelrc: false, sourceType: "script", ...(targets ? { targets } : {}), plugins: [[plugin, { runtime: "inline" }]] })!.code!.split("function f()")[0];
    expect(runtimeFor()).toMatch(/\basync\b/);
    expect(runtimeFor({ chrome: "90" })).not.toMatch(/\basync\b/);
    expect(runtimeFor({ ie: "9" })).not.toMatch(/\basync\b/);
    expect(runtimeFor({ node: "20" })).toMatch(/\basync\b/);
  });
});
