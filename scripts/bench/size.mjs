// Code size, minified with terser and gzipped with zlib at level 9, in bytes.
//
// - Stepwise's runtime, piece by piece: what a file compiled with `runtime: "inline"` carries for
//   each kind of use, picked from the runtime's pieces manifest (dist/pieces.json) exactly as the
//   plugin picks it (packages/transform/src/plugin/runtime-pieces.ts).
// - The peers' helpers: a sample program using the feature's constructs is compiled by the peer;
//   the helpers are what the compiler put in front of the program (Babel's inlined regenerator /
//   async helpers, which are the @babel/runtime helpers' code; TypeScript's __generator & co.).
// - Each workload's compiled module, per variant (Stepwise "import" output does not contain the
//   runtime; "inline", regenerator and TypeScript output contain their helpers), and the "import"
//   output bundled with esbuild against the runtime package's ES module build, which a bundler
//   tree-shakes (the package has `"sideEffects": false`).
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { pathToFileURL } from "node:url";
import { minify } from "terser";
import * as esbuild from "esbuild";
import { parse } from "@babel/parser";
import _generate from "@babel/generator";
import { rootDir, regeneratorPlugins, typescript } from "./variants.mjs";
import { transformSync } from "@babel/core";

const generate = _generate.default ?? _generate;
const { selectRuntime, runtimeSource } = await import(
  pathToFileURL(path.join(rootDir, "packages", "transform", "lib", "plugin", "runtime-pieces.js")).href
);

/** terser (compress, mangle, top-level names kept) then gzip -9. */
export async function minGz(code, { module = false } = {}) {
  const result = await minify(code, { ecma: 5, module, compress: { passes: 2 }, mangle: true, toplevel: false, format: { comments: false } });
  const min = result.code;
  return { raw: Buffer.byteLength(code), min: Buffer.byteLength(min), gz: zlib.gzipSync(min, { level: 9 }).length };
}

// ---- Stepwise runtime pieces ------------------------------------------------------------------

const GENERATORS = ["generator", "mark"];
const ASYNC = ["AsyncContext", "markAsync"];
const ASYNC_GENERATORS = ["asyncGenerator", "markAsyncGenerator", "asyncValues", "asyncStep", ...ASYNC];
const ITERATE = ["values", "step", "close", "closeQuietly", "toArray", "unpack", "unpackNext", "unpackRest", "unpackEnd"];
const OBJECTS = ["keys", "spreadProps", "objectRest", "defineValue", "readOnly", "toPropertyKey"];
const FALLBACKS = ["fallback:Promise", "fallback:Symbol"];
/** Every key a file can request (the plugin sets "tries" and the verbs; its targets, the fallbacks). */
const ALL_KEYS = ["tries", "verb:delegate", ...FALLBACKS];

/**
 * What a file carries for each kind of use: `names` read off the runtime and `keys` (see
 * plugin/runtime-ref.ts). `all` takes every name the runtime exports. `bar`: the issue's (#18).
 * `peer`: the peers' helper sample it compares with (SAMPLES below).
 */
export const PIECES = [
  { id: "core", title: "core: generators with `yield` (next/throw/return, yield, finish, the object model)", names: GENERATORS, keys: [], bar: 1000 },
  { id: "coreTry", title: "core + try/catch/finally routing", names: GENERATORS, keys: ["tries"], bar: 1450 },
  { id: "coreDelegate", title: "core + flat `yield*`", names: GENERATORS, keys: ["verb:delegate"] },
  { id: "generators", title: "generators with try and `yield*`", names: GENERATORS, keys: ["tries", "verb:delegate"], peer: "generators" },
  { id: "async", title: "async functions without try", names: ASYNC, keys: [] },
  { id: "asyncTry", title: "async functions with try", names: ASYNC, keys: ["tries"], peer: "async" },
  { id: "asyncGenerators", title: "async generators, `for await`, async functions, try", names: ASYNC_GENERATORS, keys: ["tries", "verb:delegate"], peer: "asyncGenerators" },
  { id: "iterate", title: "iterator helpers alone (lowered for-of, spread, array destructuring)", names: ITERATE, keys: [] },
  { id: "objects", title: "object helpers alone (for-in, object rest/spread, literal properties)", names: OBJECTS, keys: [] },
  { id: "modern", title: "everything, for targets with Promise and Symbol", names: "all", keys: ["tries", "verb:delegate"] },
  { id: "nativePromise", title: "everything with a native Promise (everything but the Promise-less fallback)", names: "all", keys: ["tries", "verb:delegate", "fallback:Symbol"], bar: 4100 },
  { id: "all", title: "everything, with both fallbacks (Babel 7 with no targets: every ES5 engine)", names: "all", keys: ALL_KEYS },
];

/** The runtime a request picks, as the script `var stepwise = (...)();`. */
function pieceScript(manifest, names, keys) {
  const selection = selectRuntime(manifest, { names: names === "all" ? Object.keys(manifest.exports).sort() : names, keys: new Set(keys) });
  return { code: `var stepwise = ${runtimeSource(manifest, selection)};`, statements: selection.statements.length };
}

/**
 * Each row of PIECES measured from the runtime package in `runtimeDir` (its dist/pieces.json), plus
 * what the fallbacks add and the whole prebuilt script.
 */
export async function stepwiseRuntimeSizes(runtimeDir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(runtimeDir, "dist", "pieces.json"), "utf8"));
  const out = [];
  for (const row of PIECES) {
    const { code, statements } = pieceScript(manifest, row.names, row.keys);
    const loaded = new Function(`${code}\nreturn stepwise;`)();
    if (Object.keys(loaded).length === 0) throw new Error(`size: the ${row.id} runtime does not load`);
    out.push({ ...row, statements, ...(await minGz(code)) });
  }
  const byId = (id) => out.find((r) => r.id === id);
  const added = (id, title, from, to) => ({ id, title, min: byId(to).min - byId(from).min, gz: byId(to).gz - byId(from).gz });
  out.push(added("promiseFallback", "Promise-less fallback, added to everything", "nativePromise", "all"));
  out.push(added("symbolFallback", "Symbol-less fallbacks, added to everything", "modern", "nativePromise"));
  const dist = fs.readFileSync(path.join(runtimeDir, "dist", "runtime.js"), "utf8");
  out.push({ id: "dist", title: "dist/runtime.js (the prebuilt script: everything)", ...(await minGz(dist)) });
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
  for (const id of Object.keys(SAMPLES)) {
    sample += SAMPLES[id];
    const source = `${MARKER}\n${sample}`;
    const babel = transformSync(source, {
      filename: "sample.mjs",
      babelrc: false,
      configFile: false,
      sourceType: "module",
      plugins: regeneratorPlugins.plain,
    }).code;
    out.regenerator.push({ id, code: helpersOf(babel) });
    out.typescript.push({ id, code: helpersOf(typescript(source, "sample.js")) });
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

/**
 * min+gz of each workload's Stepwise "import" output bundled by esbuild (ES module, tree-shaken;
 * minified by terser like every other size here): { [workload]: { raw, min, gz } }. The compiled
 * files sit in the run's scratch directory, whose node_modules holds the runtime package copy.
 */
export async function bundledSizes(compiled) {
  const out = {};
  for (const [id, variants] of Object.entries(compiled)) {
    const result = await esbuild.build({ entryPoints: [variants.stepwise.file], bundle: true, format: "esm", write: false, logLevel: "silent" });
    out[id] = await minGz(result.outputFiles[0].text, { module: true });
  }
  return out;
}
