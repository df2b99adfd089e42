// Bundles the runtime into one flat scope with rollup. tsc compiles src/ to ES5 ES modules in
// build/ (one per idea); rollup then joins them, so that a hot path in async.ts calls generator.ts's
// `run` as a plain local function instead of reading `generator_1.run` off a module object, and
// only one copy of TypeScript's `__extends` helper (class-helpers.ts, in place of tslib's) is kept.
//
// Two builds ("flavors") differ in one module, engine.ts (what the runtime takes from the engine
// beyond ES5). The ES5 build runs everywhere; the native build swaps in native/engine.ts (compiled
// apart, tsconfig.native.json, ES2022: async functions, generators, class private fields), which
// takes the engine's own Promise and coroutine prototypes from syntax and hides each generator's
// machine in a private field; it needs no Promise fallback. Files that come out:
//
//     lib/index.js       CommonJS, ES5 build: the package's main for bundlers and other hosts
//     lib/node.js        CommonJS, native build: what Node loads (package.json `exports`, "node")
//     dist/runtime.js    one ES5 script that declares exactly one variable and writes no other global,
//                        for engines and pages without a module system and for `runtime: "inline"`:
//                            var stepwise = (function (exports) { ... return exports; })({});
//     dist/runtime-generators.js, dist/runtime-async.js
//                        the same script with only the first features of FEATURES (generators; and
//                        async functions), for `runtime: "inline"` files that need no more
//     dist/native/*.js   the same three scripts, native build: what `runtime: "inline"` puts in files
//                        whose Babel targets all have native coroutines and private fields
//     dist/features.json which script exports which names, smallest first: the plugin inlines the
//                        first one that has every `_stepwise.<name>` a file reads (both builds export
//                        the same names)
//     lib/traced.js, dist/runtime-trace.js
//                        the whole runtime plus src/trace.ts, the hooks that code lowered with the
//                        plugin's `trace: true` calls (`@stepwise/runtime/trace`; the playground);
//                        no other file holds any of it (ES5 build)
//
// `bundleRuntime` is also what scripts/bench/size.mjs uses to measure each feature on its own: an
// entry that re-exports only some modules' part of index.js, tree-shaken the same way; and, with
// `withoutFallback`, what the runtime would weigh if it did not carry the Promise-less fallback
// (fallback-promise.ts and the job loop it needs) — a measurement only, never a build.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { rollup } from "rollup";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const ENTRY = "\0stepwise-entry";
const NO_FALLBACK = "\0stepwise-no-fallback";

/**
 * The runtime's features, each adding modules to the one before (their imports come along): what
 * the size benchmark measures one by one, and what the smaller prebuilt scripts hold.
 */
export const FEATURES = [
  { id: "generators", title: "generators", modules: ["generator", "iterate", "objects", "symbols", "calls"] },
  { id: "async", title: "+ async functions", modules: ["async"] },
  { id: "asyncGenerators", title: "+ async generators, `for await`", modules: ["async-generator", "async-iterate"] },
];

/** index.js of `buildDir`, keeping only the re-exports of `modules` (all of them when omitted). */
export function entryFor(buildDir, modules) {
  const lines = readFileSync(join(buildDir, "index.js"), "utf8").split("\n");
  const kept = lines.filter((line) => {
    const from = /^export \{[^}]*\} from "\.\/([\w.-]+)";$/.exec(line);
    return from !== null && (modules === undefined || modules.includes(from[1]));
  });
  return kept.join("\n") + "\n";
}

/** The module only the trace builds hold, and the line that adds its exports to an entry. */
export const TRACE_MODULE = "trace";
/** The prebuilt script with the tracing hooks (what `runtime: "inline"` puts in with `trace: true`). */
export const TRACE_SCRIPT = "runtime-trace.js";
const TRACE_EXPORTS = `export * from "./${TRACE_MODULE}";\n`;

/**
 * The runtime as one script of the given rollup `format` ("cjs" or "iife"): `{ code, modules }`,
 * `modules` naming the runtime modules the script holds. `modules` limits the exports to those
 * modules' (and keeps what they need); `buildDir` holds tsc's ES module output; `trace` adds the
 * tracing hooks (trace.ts).
 */
export async function bundleRuntime({ buildDir = join(root, "build"), modules, format, banner, withoutFallback = false, trace = false, flavor = "es5" } = {}) {
  const native = flavor === "native";
  if (native) withoutFallback = true;
  const entry = entryFor(buildDir, modules) + (trace ? TRACE_EXPORTS : "");
  const bundle = await rollup({
    input: ENTRY,
    // A warning here means the bundle is not what the sources say (a cycle, a missing export).
    onwarn(warning) {
      throw new Error(`runtime bundle: ${warning.message}`);
    },
    plugins: [
      {
        name: "stepwise-runtime-modules",
        resolveId(source, importer) {
          if (source === ENTRY) return ENTRY;
          if (withoutFallback && source === "./fallback-promise") return NO_FALLBACK;
          // Kept as written: rollup does not see that `new Holder(object)` (a private field put on
          // an existing object) has an effect, and would drop it.
          if (native && source === "./engine") return { id: join(buildDir, "native", "engine.js"), moduleSideEffects: "no-treeshake" };
          // TypeScript's helper for `class ... extends`, written with the captured built-ins.
          if (source === "tslib") return join(buildDir, "class-helpers.js");
          if (importer !== undefined && source.startsWith("./")) {
            const base = importer === ENTRY ? buildDir : dirname(importer);
            return join(base, source.endsWith(".js") ? source : source + ".js");
          }
          return null;
        },
        load(id) {
          if (id === NO_FALLBACK) return "export var FallbackPromise = undefined;\n";
          return id === ENTRY ? entry : null;
        },
      },
    ],
  });
  const { output } = await bundle.generate({
    format,
    name: "stepwise",
    banner,
    generatedCode: "es5",
    freeze: false,
    esModule: false,
    strict: true,
  });
  await bundle.close();
  const held = Object.keys(output[0].modules)
    .filter((id) => dirname(id) === buildDir && id.endsWith(".js") && !id.endsWith("index.js"))
    .map((id) => id.slice(buildDir.length + 1, -3))
    .sort();
  return { code: output[0].code, modules: held, exports: [...output[0].exports].sort() };
}

/** The prebuilt scripts of one flavor, smallest first: `[{ file, code, exports }]`. */
async function scriptsOf(flavor, banner) {
  const scripts = [];
  const modules = [];
  // The first features alone (the last one would be the whole runtime less `drain` and `Promise`).
  for (const feature of FEATURES.slice(0, -1)) {
    modules.push(...feature.modules);
    scripts.push({ file: `runtime-${feature.id}.js`, ...(await bundleRuntime({ format: "iife", banner, modules, flavor })) });
  }
  scripts.push({ file: "runtime.js", ...(await bundleRuntime({ format: "iife", banner, flavor })) });
  return scripts;
}

async function main() {
  const version = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version;
  const { code: cjs } = await bundleRuntime({ format: "cjs", banner: `/* @stepwise/runtime ${version} */` });
  writeFileSync(join(root, "lib", "index.js"), cjs);
  const { code: node } = await bundleRuntime({ format: "cjs", banner: `/* @stepwise/runtime ${version}, native build (Node) */`, flavor: "native" });
  writeFileSync(join(root, "lib", "node.js"), node);
  mkdirSync(join(root, "dist", "native"), { recursive: true });
  const scripts = await scriptsOf("es5", `/* @stepwise/runtime ${version}: one ES5 script, one variable. */`);
  const native = await scriptsOf("native", `/* @stepwise/runtime ${version}, native build: one script, one variable. */`);
  for (const { file, code } of scripts) writeFileSync(join(root, "dist", file), code);
  for (const { file, code } of native) writeFileSync(join(root, "dist", "native", file), code);
  const manifest = scripts.map(({ file, exports }) => ({ file, exports }));
  writeFileSync(join(root, "dist", "features.json"), JSON.stringify(manifest, null, 2) + "\n");
  // The trace builds: not in the manifest (a file inlines this script only when lowered with
  // `trace: true`), and the only files that hold trace.ts.
  const { code: tracedCjs } = await bundleRuntime({ format: "cjs", banner: `/* @stepwise/runtime ${version}, with tracing hooks */`, trace: true });
  writeFileSync(join(root, "lib", "traced.js"), tracedCjs);
  writeFileSync(join(root, "lib", "traced.d.ts"), `export * from "./index";\nexport * from "./${TRACE_MODULE}";\n`);
  const { code: tracedScript } = await bundleRuntime({ format: "iife", banner: `/* @stepwise/runtime ${version}, with tracing hooks: one ES5 script, one variable. */`, trace: true });
  writeFileSync(join(root, "dist", TRACE_SCRIPT), tracedScript);
  const sizes = [
    ["lib/index.js", cjs],
    ["lib/node.js", node],
    ...scripts.map(({ file, code }) => [`dist/${file}`, code]),
    ...native.map(({ file, code }) => [`dist/native/${file}`, code]),
    [`dist/${TRACE_SCRIPT}`, tracedScript],
  ];
  console.log(sizes.map(([file, code]) => `${file}: ${code.length} bytes`).join("; "));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
