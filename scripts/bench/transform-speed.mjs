// Transform speed on a real code base: every .js file of the unbundled `lib/` of the npm packages
// mongodb (7.x) and undici (7.x), installed as devDependencies, transformed by Babel 8 with
//
//   babel        no plugins: parse + generate only (the floor every Babel plugin stands on)
//   stepwise     the Stepwise plugin (runtime "import")
//   regenerator  transform-async-generator-functions, -async-to-generator, -regenerator
//   regenerator + for-of   the same with transform-for-of first (what regenerator needs for
//                `yield`/`await` inside `for-of`)
//
// interleaved in one process: each round transforms each package with each tool once, in an order
// rotated from round to round, after one untimed warm-up round. A file fails when Babel throws.
import fs from "node:fs";
import path from "node:path";
import v8 from "node:v8";
import vm from "node:vm";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { transformSync } from "@babel/core";
import { rootDir, stepwisePlugins, regeneratorPlugins } from "./variants.mjs";
import { median } from "./speed.mjs";

const require = createRequire(path.join(rootDir, "package.json"));

export const PACKAGES = ["mongodb", "undici"];
export const TOOLS = [
  { id: "babel", title: "Babel, no plugins (parse + generate)", plugins: [] },
  { id: "stepwise", title: "Stepwise", plugins: stepwisePlugins.import },
  { id: "regenerator", title: "regenerator", plugins: regeneratorPlugins.plain },
  { id: "regenerator-for-of", title: "regenerator + for-of", plugins: regeneratorPlugins.withForOf },
];

function listJs(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listJs(full));
    else if (entry.name.endsWith(".js")) out.push(full);
  }
  return out.sort();
}

export function loadPackage(name) {
  const root = path.dirname(require.resolve(`${name}/package.json`));
  const version = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version;
  const files = listJs(path.join(root, "lib")).map((file) => ({
    name: path.relative(root, file),
    code: fs.readFileSync(file, "utf8"),
  }));
  return { name, version, files, bytes: files.reduce((n, f) => n + Buffer.byteLength(f.code), 0) };
}

function pass(pkg, tool) {
  const failures = [];
  const start = performance.now();
  for (const file of pkg.files) {
    try {
      transformSync(file.code, {
        filename: path.join(rootDir, "node_modules", pkg.name, file.name),
        babelrc: false,
        configFile: false,
        sourceType: "unambiguous",
        highlightCode: false,
        compact: false,
        plugins: tool.plugins,
      });
    } catch (error) {
      failures.push({ file: file.name, message: String(error && error.message).split("\n")[0].slice(0, 160) });
    }
  }
  return { ms: performance.now() - start, failures };
}

function getGc() {
  if (typeof globalThis.gc === "function") return globalThis.gc;
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc");
}

/** { packages: [{ name, version, files, bytes }], results: { [pkg]: { [tool]: { samples, median, failures } } } } */
export function measureTransformSpeed({ rounds = 5, log = () => {} } = {}) {
  const gc = getGc();
  const packages = PACKAGES.map(loadPackage);
  const results = {};
  for (const pkg of packages) {
    results[pkg.name] = {};
    for (const tool of TOOLS) results[pkg.name][tool.id] = { samples: [], failures: null };
  }
  for (let round = -1; round < rounds; round++) {
    for (const pkg of packages) {
      for (let k = 0; k < TOOLS.length; k++) {
        const tool = TOOLS[(k + Math.max(round, 0)) % TOOLS.length];
        gc();
        const { ms, failures } = pass(pkg, tool);
        const slot = results[pkg.name][tool.id];
        if (slot.failures === null) slot.failures = failures;
        if (round >= 0) slot.samples.push(ms);
      }
    }
    if (round >= 0) log(`  transform round ${round + 1}/${rounds}`);
  }
  for (const pkg of packages) {
    for (const tool of TOOLS) {
      const slot = results[pkg.name][tool.id];
      slot.median = median(slot.samples);
    }
  }
  return { packages: packages.map(({ name, version, files, bytes }) => ({ name, version, files: files.length, bytes })), results };
}
