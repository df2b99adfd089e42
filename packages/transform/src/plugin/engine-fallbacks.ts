/**
 * Which of the runtime's fallbacks a file compiled with `runtime: "inline"` must carry: the
 * Promises/A+ promise and job loop for engines without `Promise`, and the string keys and array-like
 * iteration for engines without `Symbol` (or without `Symbol.iterator`/`Symbol.asyncIterator`).
 * Where every engine the build is for has them, the runtime never reaches its fallbacks, and the
 * file can leave them out.
 *
 * Two things say what the build is for:
 *   - Babel's targets (`api.targets()`): with none configured, Babel 7 gives `{}` (every ES5
 *     engine: both fallbacks) and Babel 8 browserslist's defaults (engines that have both);
 *   - the other plugins of the same run: @babel/preset-env may have targets of its own, which
 *     `api.targets()` does not see, and its plugin list shows them (`transform-for-of` in the run
 *     means some target has no for-of, so no Symbol.iterator either).
 * The fallbacks are left out only when neither says an engine may lack the feature.
 *
 * A feature is taken as present from the first version where the transform that would replace it
 * is no longer needed, as @babel/compat-data lists them for preset-env: `transform-typeof-symbol`
 * and `transform-for-of` for Symbol and Symbol.iterator, `transform-async-generator-functions` for
 * Symbol.asyncIterator, `transform-async-to-generator` for Promise (an engine with async functions
 * has promises). The table is copied here (the plugin needs no package, also in a page); a test
 * compares it with @babel/compat-data.
 */

/** Engine → first version that has the feature (@babel/compat-data 8.1, data/plugins.json). */
export const SUPPORT: Record<string, Record<string, string>> = {
  "transform-regenerator": {
    chrome: "50",
    opera: "37",
    edge: "13",
    firefox: "53",
    safari: "10",
    node: "6",
    deno: "1",
    ios: "10",
    samsung: "5",
    opera_mobile: "37",
    electron: "1.1",
  },
  "transform-private-property-in-object": {
    chrome: "91",
    opera: "77",
    edge: "91",
    firefox: "90",
    safari: "15",
    node: "16.9",
    deno: "1.9",
    ios: "15",
    samsung: "16",
    opera_mobile: "64",
    electron: "13.0",
  },
  "transform-typeof-symbol": {
    chrome: "48",
    opera: "35",
    edge: "12",
    firefox: "36",
    safari: "9",
    node: "6",
    deno: "1",
    ios: "9",
    samsung: "5",
    rhino: "1.8",
    opera_mobile: "35",
    electron: "0.37",
  },
  "transform-for-of": {
    chrome: "51",
    opera: "38",
    edge: "15",
    firefox: "53",
    safari: "10",
    node: "6.5",
    deno: "1",
    ios: "10",
    samsung: "5",
    opera_mobile: "41",
    electron: "1.2",
  },
  "transform-async-to-generator": {
    chrome: "55",
    opera: "42",
    edge: "15",
    firefox: "52",
    safari: "11",
    node: "7.6",
    deno: "1",
    ios: "11",
    samsung: "6",
    opera_mobile: "42",
    electron: "1.6",
  },
  "transform-async-generator-functions": {
    chrome: "63",
    opera: "50",
    edge: "79",
    firefox: "57",
    safari: "12",
    node: "10",
    deno: "1",
    ios: "12",
    samsung: "8",
    opera_mobile: "46",
    electron: "3.0",
  },
};

/** Compares dotted version numbers ("9.0.0" against "53"): negative when `a` is older. */
export function compareVersions(a: string, b: string): number {
  const x = a.split(".").map(Number);
  const y = b.split(".").map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] || 0) - (y[i] || 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Does some target lack what `plugin` would replace? (`{}`: every engine, so yes.) Android's
 * browser counts as Chrome of the same version, as @babel/helper-compilation-targets has it; an
 * engine the data does not know is taken to lack it.
 */
export function isRequired(plugin: string, targets: Record<string, string>): boolean {
  const engines = Object.keys(targets);
  if (engines.length === 0) return true;
  const data = SUPPORT[plugin];
  return engines.some((engine) => {
    const first = data[engine] ?? (engine === "android" ? data.chrome : undefined);
    return first === undefined || compareVersions(targets[engine], first) < 0;
  });
}

/** The transforms that, when another plugin of the run applies them, mean a target lacks the feature. */
const SYMBOL_SIGNS = ["transform-typeof-symbol", "transform-for-of", "transform-async-generator-functions"];
const PROMISE_SIGNS = [
  "transform-async-to-generator",
  "transform-regenerator",
  "transform-arrow-functions",
  "transform-block-scoping",
  "transform-classes",
  "transform-for-of",
  "transform-typeof-symbol",
];

/**
 * The fallback keys of the runtime's pieces manifest ("fallback:Promise", "fallback:Symbol") that
 * a file needs, given Babel's targets and the keys of the plugins in the same run.
 */
export function engineFallbacks(targets: Record<string, string>, pluginKeys: readonly string[]): Set<string> {
  const keys = new Set<string>();
  const inRun = (names: string[]) => names.some((name) => pluginKeys.includes(name));
  if (SYMBOL_SIGNS.some((plugin) => isRequired(plugin, targets)) || inRun(SYMBOL_SIGNS)) keys.add("fallback:Symbol");
  if (isRequired("transform-async-to-generator", targets) || inRun(PROMISE_SIGNS)) keys.add("fallback:Promise");
  return keys;
}

/**
 * The syntax the runtime's native build is written in (its engine.ts): generators, async functions
 * and async generators (the engine's own prototypes and Promise come from them) and class private
 * fields with `#x in o` (the newest, ES2022). Where a transform of these is needed by a target, or
 * applied by another plugin of the run, the file gets the ES5 build.
 */
const NATIVE_SYNTAX = [
  "transform-regenerator",
  "transform-async-to-generator",
  "transform-async-generator-functions",
  "transform-private-property-in-object",
  "transform-class-properties",
  "transform-private-methods",
];

/**
 * Can an inlining file carry the runtime's native build (dist/native/pieces.json)? Only where every
 * target has the native build's syntax and no fallback is needed (engineFallbacks is empty).
 */
export function nativeRuntimeFits(targets: Record<string, string>, pluginKeys: readonly string[]): boolean {
  if (engineFallbacks(targets, pluginKeys).size > 0) return false;
  if (NATIVE_SYNTAX.some((plugin) => pluginKeys.includes(plugin))) return false;
  return !NATIVE_SYNTAX.filter((plugin) => plugin in SUPPORT).some((plugin) => isRequired(plugin, targets));
}
