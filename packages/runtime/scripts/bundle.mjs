// Bundles the runtime into one flat scope with rollup, and writes everything the package ships. tsc
// compiles src/ to ES5 ES modules in build/ (one per idea, with source maps); rollup joins them, so
// that a hot path in async.ts calls generator.ts's `run` as a plain local function instead of
// reading `generator_1.run` off a module object.
//
// Two builds ("flavors") differ in one module, engine.ts (what the runtime takes from the engine
// beyond ES5). The ES5 build runs everywhere; the native build swaps in native/engine.ts (compiled
// apart, tsconfig.native.json, ES2022: async functions, generators, class private fields), which
// takes the engine's own Promise and coroutine prototypes from syntax and hides each generator's
// machine in a private field; it needs no Promise fallback. Out come:
//
//     lib/index.js        CommonJS, ES5 build: the package's main for hosts other than Node
//     lib/node.js         CommonJS, native build: what Node loads, for `require` and `import`
//                         (package.json `exports`, "node")
//     lib/index.mjs       ES module, ES5 build, for `import` in bundlers: with the package's
//                         `"sideEffects": false`, a bundler keeps only what the compiled code imports
//     dist/runtime.js     one ES5 (and ES3-parseable) script, minified, that declares exactly one
//                         variable and writes no other global, for engines and pages without modules:
//                             var stepwise = function (exports) { ... return exports; }({});
//                         with dist/runtime.js.map, which maps it back to src/*.ts
//     dist/pieces.json    the flat scope cut into its top-level statements, each with the names it
//                         declares and uses (scripts/pieces.mjs): what `runtime: "inline"` picks
//                         from, so that a file carries only the statements it needs
//     dist/native/        runtime.js (+ .map) and pieces.json of the native build, for inline
//                         runtimes of targets that have native coroutines and private fields
//     lib/traced.js, dist/runtime-trace.js (+ .map)
//                         the whole runtime (ES5 build) plus src/trace.ts, the hooks that code
//                         lowered with the plugin's `trace: true` calls (`@stepwise/runtime/trace`;
//                         the playground); no other file holds any of it
//
// The build fails if a piece uses a name no piece declares, if the runtime reads a global it is not
// meant to (pieces.mjs: ALLOWED_GLOBALS), or if a shipped ES5 script does not parse as ES3.
import { readFileSync, writeFileSync, mkdirSync, existsSync, rmSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { rollup } from "rollup";
import { minify } from "terser";
import * as acorn from "acorn";
import { splitPieces, checkPieces, esModuleFromPieces } from "./pieces.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const buildDir = join(root, "build");

/** The module only the trace builds hold, and their entry: the runtime's exports and its. */
export const TRACE_MODULE = "trace";
const TRACED_ENTRY = "\0stepwise-traced";
const TRACED_ENTRY_CODE = `export * from "./index";\nexport * from "./${TRACE_MODULE}";\n`;

const NO_FALLBACK = "\0stepwise-no-fallback";

/**
 * Runtime modules whose declarations a file gets only when it needs them, each under a key the
 * plugin sets (plugin/runtime-pieces.ts says when). Their other code must not reach them without
 * the key: a declaration left out is `undefined`.
 */
export const OPTIONAL = {
  // The Promises/A+ promise of engines without one (promise.ts picks the native one where it exists).
  "fallback-promise": "fallback:Promise",
  // Iteration of arrays, strings and `arguments` where the engine has no Symbol.iterator.
  "fallback-symbol": "fallback:Symbol",
  // The try router and the try table's verbs: the machine routes only when it has a table.
  tries: "tries",
  // Flat `yield*`: the machine drives a delegation only once `delegate` has started one.
  delegate: "verb:delegate",
  // `for await`'s step as one verb.
  "await-next": "verb:awaitNext",
};

/**
 * The modules of `buildDir` joined by rollup: the output chunk of the given `format`; `flavor`
 * "native" swaps in native/engine.ts (and leaves out the Promise-less fallback, which it never
 * needs); `trace` adds the tracing hooks. `file` names the script, for its source map.
 */
async function bundleFlat(format, { banner, trace = false, flavor = "es5", file = "runtime.js" } = {}) {
  const native = flavor === "native";
  const bundle = await rollup({
    input: trace ? TRACED_ENTRY : join(buildDir, "index.js"),
    // An unused intrinsic (`export var getOwnPropertyDescriptor = ObjectConstructor.getOwnPropertyDescriptor`)
    // goes entirely: reading a built-in's property at load has no effect to keep.
    treeshake: { propertyReadSideEffects: false },
    // A warning here means the bundle is not what the sources say (a cycle, a missing export).
    onwarn(warning) {
      throw new Error(`runtime bundle: ${warning.message}`);
    },
    plugins: [
      {
        name: "stepwise-runtime-sources",
        resolveId(source, importer) {
          if (source === TRACED_ENTRY) return TRACED_ENTRY;
          if (importer === TRACED_ENTRY) return join(buildDir, `${source}.js`);
          if (native && source === "./fallback-promise") return NO_FALLBACK;
          // Kept as written: rollup does not see that `new Holder(object)` (a private field put on
          // an existing object) has an effect, and would drop it.
          if (native && source === "./engine") return { id: join(buildDir, "native", "engine.js"), moduleSideEffects: "no-treeshake" };
          // No compiler helper in what ships (issue #18): the ES5 sources write constructors and
          // `inherit` (machine.ts) where tsc would call tslib's `__extends` & co.
          if (source === "tslib") throw new Error(`runtime bundle: ${importer} needs a TypeScript helper (tslib); write it in ES5 instead`);
          return null;
        },
        // tsc's source maps, so that the bundle's map reaches src/*.ts.
        load(id) {
          if (id === NO_FALLBACK) return "export var FallbackPromise = undefined;\n";
          if (id === TRACED_ENTRY) return TRACED_ENTRY_CODE;
          const mapFile = `${id}.map`;
          if (!existsSync(mapFile)) return null;
          return { code: readFileSync(id, "utf8").replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n"), map: readFileSync(mapFile, "utf8") };
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
    // Only dist/runtime.js ships a map; its sources are relative to dist/.
    ...(format === "iife" ? { sourcemap: true, sourcemapExcludeSources: false, file: join(root, "dist", native ? "native" : ".", file) } : {}),
  });
  await bundle.close();
  return output[0];
}

/** The runtime module (file name without .js) each offset of the ES bundle's code comes from. */
function moduleRanges(chunk) {
  const ranges = [];
  let at = 0;
  for (const [id, rendered] of Object.entries(chunk.modules)) {
    if (!rendered.code) continue;
    const start = chunk.code.indexOf(rendered.code, at);
    if (start < 0) throw new Error(`runtime bundle: cannot find ${id} in the bundle`);
    at = start + rendered.code.length;
    ranges.push({ start, end: at, module: relative(buildDir, id).replace(/\.js$/, "") });
  }
  return (offset) => ranges.find((r) => offset >= r.start && offset < r.end)?.module;
}

/**
 * Functions whose names user code can see: the function kinds' constructors and
 * %GeneratorPrototype%.next. The runtime also names them with setName, which engines such as Rhino
 * refuse, so the minifier keeps their declared names too.
 */
const SEEN_NAMES = /^(GeneratorFunction|AsyncGeneratorFunction|AsyncFunction|next)$/;

/** terser for what the package ships: ES5 out, reserved words quoted for ES3 engines. */
export const TERSER_OPTIONS = {
  ecma: 5,
  ie8: true,
  compress: { passes: 2, keep_fnames: SEEN_NAMES },
  mangle: { keep_fnames: SEEN_NAMES },
  format: { comments: false },
};

/** Throws unless `code` parses as ES3 with reserved words refused as property names. */
export function assertES3(code, what) {
  try {
    acorn.parse(code, { ecmaVersion: 3, allowReserved: "never", sourceType: "script" });
  } catch (error) {
    throw new Error(`${what} does not parse as ES3: ${error.message}`);
  }
}

/** The flat ES bundle cut into pieces, checked (pieces.mjs). */
function piecesOf(esChunk) {
  const split = splitPieces(esChunk.code, { moduleOf: moduleRanges(esChunk), keyOf: (module) => OPTIONAL[module] });
  checkPieces(split);
  return split;
}

/** The pieces manifest: the statements, minified one by one. */
async function piecesManifest(split, version) {
  const statements = [];
  for (const s of split.statements) {
    // One statement alone: its own locals are mangled; its top-level names stay, for the others.
    const { code } = await minify(s.code, { ...TERSER_OPTIONS, toplevel: false });
    const entry = { code, declares: s.declares, uses: s.uses };
    if (s.writes.length > 0) entry.writes = s.writes;
    if (s.key !== undefined) entry.key = s.key;
    if (s.stores !== undefined) entry.stores = s.stores;
    entry.module = s.module;
    statements.push(entry);
  }
  return { version, exports: split.exports, keys: [...new Set(Object.values(OPTIONAL))].sort(), statements };
}

/**
 * Writes dist/`file`: the IIFE `chunk` minified, and its source map; an ES5 build's is checked to
 * parse as ES3. Returns the script.
 */
async function writeScript(file, chunk, banner, { es3 = true } = {}) {
  const name = file.split("/").pop();
  const min = await minify(chunk.code, {
    ...TERSER_OPTIONS,
    sourceMap: { content: chunk.map.toString(), filename: name, url: `${name}.map`, includeSources: true },
  });
  const script = `${banner}\n${min.code}\n`;
  if (es3) assertES3(script, `dist/${file}`);
  writeFileSync(join(root, "dist", file), script);
  const map = JSON.parse(min.map);
  map.mappings = ";" + map.mappings; // the banner line
  writeFileSync(join(root, "dist", `${file}.map`), JSON.stringify(map) + "\n");
  return script;
}

async function main() {
  const version = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version;
  mkdirSync(join(root, "lib"), { recursive: true });
  rmSync(join(root, "dist"), { recursive: true, force: true });
  mkdirSync(join(root, "dist", "native"), { recursive: true });

  const cjs = await bundleFlat("cjs", { banner: `/* @stepwise/runtime ${version} */` });
  writeFileSync(join(root, "lib", "index.js"), cjs.code);
  const node = await bundleFlat("cjs", { banner: `/* @stepwise/runtime ${version}, native build (Node) */`, flavor: "native" });
  writeFileSync(join(root, "lib", "node.js"), node.code);

  const split = piecesOf(await bundleFlat("es"));
  const esm = esModuleFromPieces(split, `/* @stepwise/runtime ${version} */`);
  writeFileSync(join(root, "lib", "index.mjs"), esm);

  const manifest = await piecesManifest(split, version);
  writeFileSync(join(root, "dist", "pieces.json"), JSON.stringify(manifest) + "\n");

  // The scripts: rollup's IIFE, minified, each map chained through rollup's to src/*.ts.
  const script = await writeScript("runtime.js", await bundleFlat("iife"), `/* @stepwise/runtime ${version}: one ES5 script, one variable. */`);

  // The native build's pieces and script.
  const nativeManifest = await piecesManifest(piecesOf(await bundleFlat("es", { flavor: "native" })), version);
  writeFileSync(join(root, "dist", "native", "pieces.json"), JSON.stringify(nativeManifest) + "\n");
  const nativeBanner = `/* @stepwise/runtime ${version}, native build: one script, one variable. */`;
  await writeScript("native/runtime.js", await bundleFlat("iife", { flavor: "native" }), nativeBanner, { es3: false });

  // The trace builds: not in the pieces (a file lowered with `trace: true` gets the whole trace
  // script), and the only files that hold trace.ts.
  const traced = await bundleFlat("cjs", { banner: `/* @stepwise/runtime ${version}, with tracing hooks */`, trace: true });
  writeFileSync(join(root, "lib", "traced.js"), traced.code);
  writeFileSync(join(root, "lib", "traced.d.ts"), `export * from "./index";\nexport * from "./${TRACE_MODULE}";\n`);
  const traceBanner = `/* @stepwise/runtime ${version}, with tracing hooks: one ES5 script, one variable. */`;
  const traceScript = await writeScript("runtime-trace.js", await bundleFlat("iife", { trace: true, file: "runtime-trace.js" }), traceBanner);

  console.log(
    `lib/index.js: ${cjs.code.length} bytes; lib/node.js: ${node.code.length} bytes; lib/index.mjs: ${esm.length} bytes; dist/runtime.js: ${script.length} bytes; ` +
      `dist/pieces.json: ${manifest.statements.length} statements; lib/traced.js: ${traced.code.length} bytes; dist/runtime-trace.js: ${traceScript.length} bytes`,
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
