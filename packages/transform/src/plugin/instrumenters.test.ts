import { describe, expect, test } from "@jest/globals";
import { createRequire } from "node:module";
import vm from "node:vm";
import { transformSync, type PluginItem } from "@babel/core";
import plugin from "../index.js";

// babel-jest and nyc put babel-plugin-istanbul after the config's plugins; jest brings it along.
const require = createRequire(import.meta.url);
const istanbulModule = require("babel-plugin-istanbul");
const istanbul: PluginItem = [istanbulModule.default ?? istanbulModule, { cwd: process.cwd(), exclude: [] }];

const source = `
function* g(n) {
  for (let i = 0; i < n; i++) {
    if (i > 5) {
      yield "big";
      break;
    }
    yield i;
  }
}
async function a(x) {
  const v = await x;
  return v ? "yes" : "no";
}
const never = async () => { await 1; return 2; };
class K { async *m() { try { yield 1; } finally { hits++; } } }
var hits = 0;
module.exports = { g, a, K };
`;

interface Coverage {
  s: Record<string, number>;
  f: Record<string, number>;
  b: Record<string, number[]>;
  statementMap: Record<string, { start: { line: number; column: number } }>;
  fnMap: Record<string, { name: string; loc: { start: { line: number } } }>;
}

/** Runs the instrumented file and reads its counters as line:count lists. */
async function covered(plugins: PluginItem[], targets: Record<string, string>, presets: PluginItem[] = [], text = source) {
  const code = transformSync(text, { filename: `${process.cwd()}/instrumented.js`, babelrc: false, configFile: false, targets, plugins, presets })!.code!;
  const module = { exports: {} as { g: (n: number) => Iterable<unknown>; a: (x: unknown) => Promise<unknown>; K: new () => { m(): AsyncIterator<unknown> } } };
  const sandbox: Record<string, unknown> = { module, Promise, Symbol };
  vm.runInNewContext(code, sandbox);
  const { g, a, K } = module.exports;
  Array.from(g(3));
  await a(1);
  if (K) {
    const it = new K().m();
    await it.next();
    await it.return!(undefined);
  }
  const coverage = Object.values(vm.runInNewContext("__coverage__", sandbox) as Record<string, Coverage>)[0];
  return {
    code,
    statements: Object.entries(coverage.s).map(([k, n]) => `${coverage.statementMap[k].start.line}:${coverage.statementMap[k].start.column}=${n}`),
    functions: Object.entries(coverage.f).map(([k, n]) => `${coverage.fnMap[k].name}@${coverage.fnMap[k].loc.start.line}=${n}`),
    branches: Object.values(coverage.b).map((counts) => counts.join("/")),
  };
}

describe("a coverage instrumenter after the plugin counts the source, not the machine", () => {
  test.each([
    ["ie 11", { ie: "11" }],
    ["node 20", { node: "20" }],
  ])("%s: statements, functions and branches counted as without the plugin", async (_name, targets) => {
    const native = await covered([istanbul], targets);
    const lowered = await covered([[plugin, { runtime: "inline" }], istanbul], targets);
    // The source's coroutines are lowered (the inline runtime's native build has its own).
    expect(lowered.code).not.toMatch(/function\* g|async function a|async \*m|async \(\) =>/);
    expect(lowered.statements).toEqual(native.statements);
    expect(lowered.functions).toEqual(native.functions);
    expect(lowered.branches).toEqual(native.branches);
  });
});

describe("with @babel/preset-env for IE 11 in the same run", () => {
  test("a file without async generators or for await is counted as written too", async () => {
    const presetEnv = ((await import("@babel/preset-env")) as { default: PluginItem }).default;
    const text = source.replace(/class K .*\n/, "").replace("g, a, K", "g, a");
    const native = await covered([istanbul], { ie: "11" }, [], text);
    const lowered = await covered([[plugin, { runtime: "inline" }], istanbul], { ie: "11" }, [[presetEnv, { modules: false }]], text);
    expect(lowered.code).not.toMatch(/regeneratorRuntime|_asyncToGenerator/);
    expect(lowered.statements).toEqual(native.statements);
    expect(lowered.functions).toEqual(native.functions);
    expect(lowered.branches).toEqual(native.branches);
  });
});

describe("a Babel transform that lowers coroutines on entering the program still finds them lowered", () => {
  test("with an instrumenter between, an async generator and a for await are counted as written and lowered by the plugin", async () => {
    const presetEnv = ((await import("@babel/preset-env")) as { default: PluginItem }).default;
    const text = source.replace("const never", "async function iterate(xs) { for await (const x of xs) hits += x; }\nconst never");
    const native = await covered([istanbul], { ie: "11" }, [], text);
    const lowered = await covered([[plugin, { runtime: "inline" }], istanbul], { ie: "11" }, [[presetEnv, { modules: false }]], text);
    expect(lowered.code).not.toMatch(/_wrapAsyncGenerator|_asyncIterator\(|regeneratorRuntime|_asyncToGenerator/);
    expect(lowered.statements).toEqual(native.statements);
    expect(lowered.functions).toEqual(native.functions);
    expect(lowered.branches).toEqual(native.branches);
  });

  test("@babel/preset-env's async generator transform after the plugin (and an instrumenter) sees no async generator", async () => {
    const presetEnv = ((await import("@babel/preset-env")) as { default: PluginItem }).default;
    const code = transformSync("async function* f() { yield 1; }\nasync function h() { for await (const x of f()) {} }", {
      filename: "/src/file.js",
      babelrc: false,
      configFile: false,
      targets: { ie: "11" },
      plugins: [[plugin, { runtime: "inline" }], istanbul],
      presets: [[presetEnv, { modules: false }]],
    })!.code!;
    expect(code).not.toMatch(/_wrapAsyncGenerator|_asyncIterator|regeneratorRuntime/);
    expect(code).not.toMatch(/async function\* f|async function h|for await/);
  });
});

describe("a later plugin that skips the program", () => {
  test("the file is still lowered, after the traversal", () => {
    const skipper = () => ({ visitor: { Program: { enter: (path: { skip(): void }) => path.skip() } } });
    const code = transformSync("function* g() { yield 1; }\nconst a = async () => await 1;", { filename: "/src/file.js", babelrc: false, configFile: false, targets: { ie: "11" }, plugins: [[plugin, { runtime: "import" }], skipper] })!.code!;
    expect(code).toMatch(/_stepwise\.mark\(g\)/);
    expect(code).not.toMatch(/function\* g|async \(\) =>/);
  });
});
