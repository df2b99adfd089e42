#!/usr/bin/env node
// Regenerates fixtures/<group>/<case>/output.js (the plugin's output with
// { runtime: "import" }) for every case, or for the cases whose name contains
// one of the arguments:  node scripts/update-fixtures.mjs [filter...]
// Needs the built plugin (npm run build).
import fs from "node:fs";
import {
  listCases,
  listModuleCases,
  loadCase,
  loadOptions,
  normalizeOutput,
  pluginOptionsFor,
  readModuleFiles,
  transformFixture,
  transformModuleFiles,
} from "../fixtures/harness.mjs";

const filters = process.argv.slice(2);
const cases = listCases().filter((c) => filters.length === 0 || filters.some((f) => c.name.includes(f)));

let changed = 0;
let unchanged = 0;
let skipped = 0;
const failures = [];

for (const fixture of cases) {
  const { input, output, options } = loadCase(fixture);
  if (options.throws !== undefined) {
    skipped++;
    continue;
  }
  let fresh;
  try {
    fresh = normalizeOutput(
      transformFixture(input, { filename: fixture.inputPath, options: pluginOptionsFor(options, "import"), targets: options.targets }),
    );
  } catch (error) {
    failures.push(`${fixture.name}: ${error && error.message ? error.message : error}`);
    continue;
  }
  if (output !== undefined && normalizeOutput(output) === fresh) {
    unchanged++;
    continue;
  }
  fs.writeFileSync(fixture.outputPath, fresh);
  changed++;
  console.log(`${output === undefined ? "wrote" : "updated"} ${fixture.name}/output.js`);
}

// Module cases: output/<file> for every lowered file of input/.
const moduleCases = listModuleCases().filter((c) => filters.length === 0 || filters.some((f) => c.name.includes(f)));
for (const fixture of moduleCases) {
  const options = loadOptions(fixture);
  let lowered;
  try {
    lowered = transformModuleFiles(readModuleFiles(fixture.inputDir), { options: pluginOptionsFor(options, "import"), commonjs: options.commonjs, targets: options.targets });
  } catch (error) {
    failures.push(`${fixture.name}: ${error && error.message ? error.message : error}`);
    continue;
  }
  fs.mkdirSync(fixture.outputDir, { recursive: true });
  for (const [name, code] of Object.entries(lowered)) {
    if (name === "package.json") continue;
    const file = `${fixture.outputDir}/${name}`;
    const fresh = normalizeOutput(code);
    if (fs.existsSync(file) && normalizeOutput(fs.readFileSync(file, "utf8")) === fresh) continue;
    fs.writeFileSync(file, fresh);
    console.log(`wrote ${fixture.name}/output/${name}`);
  }
}

console.log(
  `${changed} of ${cases.length} output.js changed (${unchanged} unchanged, ${skipped} expected to throw, ${failures.length} failed)`,
);
if (failures.length > 0) {
  for (const failure of failures) console.error(`\nfailed: ${failure}`);
  process.exitCode = 1;
}
