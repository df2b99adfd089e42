// What the plugin's `trace` option costs when it is off: nothing. Measured, not assumed:
//
// - every workload lowered with `trace: false` is byte for byte what it is without the option
//   (and with `trace: true`, how much the hooks add, for comparison);
// - the runtime's ordinary files (dist/runtime.js, dist/pieces.json, their native builds,
//   lib/index.js, lib/index.mjs, lib/node.js) hold
//   nothing of the tracing hooks: none of the names only trace.ts and its helpers in loop.ts
//   define appears in them; only the trace builds (dist/runtime-trace.js, lib/traced.js) hold them.
import fs from "node:fs";
import path from "node:path";
import { transformSync } from "@babel/core";
import { minGz } from "./size.mjs";
import { stepwisePlugin, workloadsDir, runtimePackageDir } from "./variants.mjs";

/** Names that exist only in the trace module and what only it calls. */
export const TRACE_ONLY_NAMES = ["traceMachine", "traceCase", "setTracer", "describeMachine", "tracedMachines", "waitingJobs", "runNextJob", "runJob"];

function lower(source, filename, options) {
  return transformSync(source, { filename, babelrc: false, configFile: false, sourceType: "module", comments: true, plugins: [[stepwisePlugin, options]] }).code;
}

/** `workloads`: [{ id }] of scripts/bench/workloads. */
export async function measureTraceCost(workloads, runtimeDir = runtimePackageDir) {
  const outputs = [];
  for (const w of workloads) {
    const filename = path.join(workloadsDir, `${w.id}.mjs`);
    const source = fs.readFileSync(filename, "utf8");
    const plain = lower(source, filename, { runtime: "import" });
    const off = lower(source, filename, { runtime: "import", trace: false });
    const on = lower(source, filename, { runtime: "import", trace: true });
    outputs.push({ id: w.id, identical: plain === off, bytes: Buffer.byteLength(plain), plain: await minGz(plain, { module: true }), on: await minGz(on, { module: true }) });
  }
  const scripts = [];
  const files = [
    ["dist/runtime.js", false],
    ["dist/pieces.json", false],
    ["lib/index.js", false],
    ["lib/index.mjs", false],
    ["lib/node.js", false],
    ["dist/native/runtime.js", false],
    ["dist/native/pieces.json", false],
    ["dist/runtime-trace.js", true],
    ["lib/traced.js", true],
  ].filter(([file]) => fs.existsSync(path.join(runtimeDir, file)));
  for (const [file, traced] of files) {
    const code = fs.readFileSync(path.join(runtimeDir, file), "utf8");
    const found = TRACE_ONLY_NAMES.filter((name) => new RegExp(`\\b${name}\\b`).test(code));
    scripts.push({ file, traced, found, size: file.endsWith(".js") && file.startsWith("dist/") ? await minGz(code) : null });
  }
  return { outputs, scripts };
}
