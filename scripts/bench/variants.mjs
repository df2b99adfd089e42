// The variants every workload is compiled to, and how a compiled workload is loaded.
//
//   native             the module as written (ES2018)
//   stepwise           the Stepwise plugin, runtime "import": `import * as _stepwise from
//                      "@stepwise/runtime"`, which resolves to a copy of the built
//                      packages/runtime (lib/) taken when the run starts
//   stepwise-inline    the Stepwise plugin, runtime "inline": in the file, the smallest prebuilt
//                      runtime script with what the file calls
//   regenerator        Babel 8: transform-async-generator-functions, -async-to-generator and
//                      -regenerator (helpers inlined), plus transform-for-of when regenerator
//                      cannot compile the file without it
//   typescript         TypeScript 6 (ts-morph's bundled compiler), target ES5, downlevelIteration,
//                      helpers inlined (importHelpers: false)
//
// Every variant stays an ES module (`export default`), so all of them are loaded the same way:
// written to a scratch directory under node_modules/.cache and imported.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { transformSync } from "@babel/core";
import asyncGeneratorFunctions from "@babel/plugin-transform-async-generator-functions";
import asyncToGenerator from "@babel/plugin-transform-async-to-generator";
import regenerator from "@babel/plugin-transform-regenerator";
import forOf from "@babel/plugin-transform-for-of";
import tsMorph from "ts-morph";

const { ts } = tsMorph;
const here = path.dirname(fileURLToPath(import.meta.url));
export const rootDir = path.resolve(here, "..", "..");
export const workloadsDir = path.join(here, "workloads");
const require = createRequire(import.meta.url);

// The built plugin (ESM), imported directly: Babel's own require() of an ES module does not work
// inside Jest's module system (see fixtures/harness.mjs).
const pluginEntry = path.join(rootDir, "packages", "transform", "lib", "index.js");
if (
  !fs.existsSync(pluginEntry) ||
  !fs.existsSync(path.join(rootDir, "packages", "runtime", "lib", "index.js")) ||
  !fs.existsSync(path.join(rootDir, "packages", "runtime", "dist", "runtime.js"))
) {
  throw new Error("bench: the Stepwise packages are not built: run `npm run build` first");
}
const stepwiseModule = await import(pathToFileURL(pluginEntry).href);
export const stepwisePlugin = stepwiseModule.default ?? stepwiseModule;

export const VARIANTS = [
  { id: "native", label: "native" },
  { id: "stepwise", label: "Stepwise" },
  { id: "stepwise-inline", label: "Stepwise (inline)" },
  { id: "regenerator", label: "regenerator" },
  { id: "typescript", label: "TypeScript 6" },
];
export const PEERS = ["regenerator", "typescript"];

export const versions = {
  babel: require("@babel/core/package.json").version,
  regenerator: require("@babel/plugin-transform-regenerator/package.json").version,
  typescript: ts.version,
};

/** Babel options shared by every Babel-based compile here (no config files are read). */
function babelOptions(filename, plugins, sourceType = "module") {
  return {
    filename,
    babelrc: false,
    configFile: false,
    sourceType,
    highlightCode: false,
    compact: false,
    comments: true,
    plugins,
  };
}

// Plugin lists are built once, so Babel reuses its plugin instances across files.
export const stepwisePlugins = {
  import: [[stepwisePlugin, { runtime: "import" }]],
  inline: [[stepwisePlugin, { runtime: "inline" }]],
};
export const regeneratorPlugins = {
  plain: [asyncGeneratorFunctions, asyncToGenerator, regenerator],
  withForOf: [forOf, asyncGeneratorFunctions, asyncToGenerator, regenerator],
};

function babel(source, filename, plugins, sourceType) {
  const result = transformSync(source, babelOptions(filename, plugins, sourceType));
  if (!result || typeof result.code !== "string") throw new Error(`${filename}: Babel returned no code`);
  return result.code;
}

/** TypeScript 6 to ES5, helpers inlined. The options ES5 output needs are deprecated in 6.0. */
export const typescriptOptions = {
  target: ts.ScriptTarget.ES5,
  module: ts.ModuleKind.ES2015,
  downlevelIteration: true,
  importHelpers: false,
  noEmitHelpers: false,
  allowJs: true,
  ignoreDeprecations: "6.0",
};

export function typescript(source, filename, compilerOptions = typescriptOptions) {
  const out = ts.transpileModule(source, { compilerOptions, fileName: filename, reportDiagnostics: true });
  const errors = (out.diagnostics || []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    throw new Error(`${filename}: TypeScript: ${errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")).join("; ")}`);
  }
  return out.outputText;
}

/**
 * Compiles one workload source for one variant. Returns { code, note } (note: how it was
 * compiled, when that differs from the default, e.g. the for-of plugin regenerator needed).
 */
export function compile(source, variant, filename = "workload.mjs") {
  switch (variant) {
    case "native":
      return { code: source, note: "" };
    case "stepwise":
      return { code: babel(source, filename, stepwisePlugins.import), note: "" };
    case "stepwise-inline":
      return { code: babel(source, filename, stepwisePlugins.inline), note: "" };
    case "regenerator":
      try {
        return { code: babel(source, filename, regeneratorPlugins.plain), note: "" };
      } catch (error) {
        if (!/ForOfStatement/.test(String(error && error.message))) throw error;
        return { code: babel(source, filename, regeneratorPlugins.withForOf), note: "+ transform-for-of" };
      }
    case "typescript":
      return { code: typescript(source, filename), note: "" };
    default:
      throw new Error(`bench: unknown variant ${variant}`);
  }
}

export function readWorkload(id) {
  return fs.readFileSync(path.join(workloadsDir, `${id}.mjs`), "utf8");
}

export const runtimePackageDir = path.join(rootDir, "packages", "runtime");

/**
 * A scratch directory for compiled modules, one per process, inside the repository's
 * node_modules (so that bare imports of other packages resolve as they would in a project).
 *
 * It holds its own copy of the built runtime (package.json, build/, lib/, dist/) as
 * node_modules/@stepwise/runtime, which is what the compiled modules' `import ... from
 * "@stepwise/runtime"` finds: every part of one run measures the same build, even if
 * packages/runtime is rebuilt while the run goes on.
 */
export function makeScratchDir(tag = "run") {
  const base = path.join(rootDir, "node_modules", ".cache", "stepwise-bench");
  fs.mkdirSync(base, { recursive: true });
  const dir = fs.mkdtempSync(path.join(base, `${tag}-${process.pid}-`));
  const copy = runtimeDirOf(dir);
  fs.mkdirSync(copy, { recursive: true });
  for (const part of ["package.json", "build", "lib", "dist"]) {
    fs.cpSync(path.join(runtimePackageDir, part), path.join(copy, part), { recursive: true });
  }
  return dir;
}

/** The copy of the runtime package in a scratch directory. */
export function runtimeDirOf(dir) {
  return path.join(dir, "node_modules", "@stepwise", "runtime");
}

export function removeScratchDir(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * Compiles `workloadIds` for `variantIds` into `dir` as `<workload>.<variant>.mjs`. Returns
 * { [workload]: { [variant]: { file, code, note } } }.
 */
export function compileAll(dir, workloadIds, variantIds = VARIANTS.map((v) => v.id)) {
  const out = {};
  for (const id of workloadIds) {
    const source = readWorkload(id);
    out[id] = {};
    for (const variant of variantIds) {
      const { code, note } = compile(source, variant, `${id}.mjs`);
      const file = path.join(dir, `${id}.${variant}.mjs`);
      fs.writeFileSync(file, code);
      out[id][variant] = { file, code, note };
    }
  }
  return out;
}

/** Imports a compiled workload; resolves to its default export (the run function). */
export async function load(file) {
  const mod = await import(pathToFileURL(file).href);
  if (typeof mod.default !== "function") throw new Error(`${file}: no default export function`);
  return mod.default;
}
