// Child-process helper for babel-versions.test.ts.
// Babel must load the plugin in a plain Node process: inside Jest's module
// registry, Babel's own require()/import() of the ESM plugin goes through
// jest-runtime, which cannot require(esm) on Node < 24.9.
//
// Usage: node run-babel.mjs '<json>' where json is
//   { core: "8" | "7", mode: "sync" | "async", source, options }
// Prints one line of JSON: { ok, babelVersion, code } or { ok: false, message }.
const { core, mode, source, options } = JSON.parse(process.argv[2]);
const babel = core === "7" ? await import("babel-core-7") : await import("@babel/core");
const api = babel.default ?? babel;

let result;
try {
  const out =
    mode === "async" ? await api.transformAsync(source, options) : api.transformSync(source, options);
  result = { ok: true, babelVersion: api.version, code: out ? out.code : null };
} catch (error) {
  result = { ok: false, babelVersion: api.version, message: String(error && error.message) };
}
process.stdout.write(JSON.stringify(result) + "\n");
