// Code size, minified with terser and gzipped with zlib at level 9, in bytes.
//
// - Stepwise's runtime: dist/runtime.js as a whole, and per feature. A feature bundle is made by
//   the runtime's own bundler (packages/runtime/scripts/bundle.mjs, which makes dist/runtime.js):
//   rollup joins tsc's ES modules into one flat scope behind an entry that re-exports only the
//   feature's modules' exports, and keeps what those need.
// - The peers' helpers: a sample program using the feature's constructs is compiled by the peer;
//   the helpers are what the compiler put in front of the program (Babel's inlined regenerator /
//   async helpers, which are the @babel/runtime helpers' code; TypeScript's __generator & co.).
// - Each workload's compiled module, per variant (Stepwise "import" output does not contain the
//   runtime; "inline", regenerator and TypeScript output contain their helpers).
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { minify } from "terser";
import { parse } from "@babel/parser";
import _generate from "@babel/generator";
import { runtimePackageDir, regeneratorPlugins, typescript } from "./variants.mjs";
import { transformSync } from "@babel/core";
import { bundleRuntime, FEATURES } from "../../packages/runtime/scripts/bundle.mjs";

const generate = _generate.default ?? _generate;

/** terser (compress + mangle, top-level names kept) then gzip -9. */
export async function minGz(code, { module = false } = {}) {
  const result = await minify(code, { ecma: 5, module, compress: { passes: 2 }, mangle: true, toplevel: false, format: { comments: false } });
  const min = result.code;
  return { raw: Buffer.byteLength(code), min: Buffer.byteLength(min), gz: zlib.gzipSync(min, { level: 9 }).length };
}

// ---- Stepwise runtime bundles -----------------------------------------------------------------

/**
 * `runtimeDir`: the runtime package (its build/ and dist/), by default packages/runtime. Each
 * feature's bundle is made by the runtime's own bundler (packages/runtime/scripts/bundle.mjs), from
 * tsc's ES modules in build/, with an entry that re-exports only the feature's modules' part of
 * index.js; rollup keeps what those exports need, in one flat scope, as dist/runtime.js is made.
 */
export async function stepwiseRuntimeSizes(runtimeDir = runtimePackageDir) {
  const buildDir = path.join(runtimeDir, "build");
  const out = [];
  const wanted = [];
  for (const feature of FEATURES) {
    wanted.push(...feature.modules);
    const { code, modules } = await bundleRuntime({ buildDir, modules: wanted, format: "iife" });
    // The bundle must load and export what its modules export.
    const exported = new Function(`${code}\nreturn stepwise;`)();
    if (typeof exported.generator !== "function") throw new Error(`size: the ${feature.id} bundle does not work`);
    out.push({ id: feature.id, title: feature.title, modules, ...(await minGz(code)) });
  }
  // The Promise-less fallback: what it adds to the whole runtime, i.e. the last feature bundle
  // against the same bundle made without it (its module replaced by `undefined`).
  const whole = out[out.length - 1];
  const lean = await bundleRuntime({ buildDir, modules: wanted, format: "iife", withoutFallback: true });
  const leanSize = await minGz(lean.code);
  out.push({ id: "nativePromise", title: "all three, for engines with a native Promise (the same without the fallback)", modules: lean.modules, ...leanSize });
  out.push({
    id: "fallback",
    title: "Promise-less fallback, added to the whole",
    modules: whole.modules.filter((m) => !lean.modules.includes(m)),
    min: whole.min - leanSize.min,
    gz: whole.gz - leanSize.gz,
  });
  const dist = fs.readFileSync(path.join(runtimeDir, "dist", "runtime.js"), "utf8");
  const all = fs.readdirSync(buildDir).filter((f) => f.endsWith(".js") && f !== "index.js").map((f) => f.slice(0, -3)).sort();
  out.push({ id: "dist", title: "whole runtime (dist/runtime.js)", modules: all, ...(await minGz(dist)) });
  return out;
}

// ---- Peer helpers ---------------------------------------------------------------------------

// Samples per feature: each uses the constructs whose helpers the feature needs.
const SAMPLES = {
  generators: `
export function* sampleGenerator(items) {
  try {
    const first = yield items.length;
    yield* items;
    return first;
  } catch (error) {
    yield error;
  } finally {
    items.length = 0;
  }
}`,
  async: `
export async function sampleAsync(promise) {
  try {
    return await promise;
  } catch (error) {
    return error;
  }
}`,
  asyncGenerators: `
export async function* sampleAsyncGenerator(source) {
  for await (const item of source) yield item;
  yield* source;
  await source;
}
export async function sampleForAwait(source) {
  let sum = 0;
  for await (const item of source) sum += item;
  return sum;
}`,
};

const MARKER = 'void "sample-start";';

/** Everything the compiler put before the sample: its helpers (minus regenerator's `_marked`). */
function helpersOf(compiled) {
  const ast = parse(compiled, { sourceType: "module" });
  const body = ast.program.body;
  const at = body.findIndex(
    (s) => s.type === "ExpressionStatement" && s.expression.type === "UnaryExpression" && s.expression.argument.value === "sample-start",
  );
  if (at < 0) throw new Error("size: sample marker not found in compiled output");
  const helpers = body
    .slice(0, at)
    .filter((s) => s.type !== "ImportDeclaration")
    .filter((s) => !(s.type === "VariableDeclaration" && s.declarations.every((d) => /^_marked\d*$/.test(d.id.name))));
  ast.program.body = helpers;
  ast.program.directives = [];
  return generate(ast, { comments: false }).code;
}

export function peerHelpers() {
  const out = { regenerator: [], typescript: [] };
  let sample = "";
  for (const feature of FEATURES) {
    sample += SAMPLES[feature.id];
    const source = `${MARKER}\n${sample}`;
    const babel = transformSync(source, {
      filename: "sample.mjs",
      babelrc: false,
      configFile: false,
      sourceType: "module",
      plugins: regeneratorPlugins.plain,
    }).code;
    out.regenerator.push({ id: feature.id, code: helpersOf(babel) });
    out.typescript.push({ id: feature.id, code: helpersOf(typescript(source, "sample.js")) });
  }
  return out;
}

/** Helper names, for the report: Babel's `function _name`, TypeScript's `var __name`. */
export function helperNames(code) {
  const names = new Set();
  const ast = parse(code, { sourceType: "script" });
  for (const s of ast.program.body) {
    if (s.type === "FunctionDeclaration") names.add(s.id.name);
    if (s.type === "VariableDeclaration") for (const d of s.declarations) names.add(d.id.name);
  }
  return [...names];
}

export async function peerHelperSizes() {
  const helpers = peerHelpers();
  const out = {};
  for (const [peer, list] of Object.entries(helpers)) {
    out[peer] = [];
    for (const { id, code } of list) out[peer].push({ id, names: helperNames(code), ...(await minGz(code)) });
  }
  return out;
}

/** min+gz of every compiled workload: { [workload]: { [variant]: { raw, min, gz } } }. */
export async function workloadSizes(compiled) {
  const out = {};
  for (const [id, variants] of Object.entries(compiled)) {
    out[id] = {};
    for (const [variant, { code }] of Object.entries(variants)) out[id][variant] = await minGz(code, { module: true });
  }
  return out;
}
