// Keep-alive: what the runtime keeps reachable after a burst of async calls (keep-alive.ts keeps
// the latest call of the last few coroutine functions, so that their optimized code and shapes
// survive a full collection). Each variant runs in a fresh child process: a full collection, the
// burst (1e5 calls of an async function, each holding a 100-element array across an await, all
// pending at once, then all awaited), a full collection again; the heap growth is what stays held.
//
//   node --expose-gc scripts/bench/keep-alive.mjs <file> <calls>   (one trial; spawned below)
import fs from "node:fs";
import path from "node:path";
import { execFile } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { compile } from "./variants.mjs";

const self = fileURLToPath(import.meta.url);

export const KEEP_ALIVE_CALLS = 100000;

/** The burst, as a module: `n` calls pending at once, then awaited; the checksum is n * 100. */
export const KEEP_ALIVE_SOURCE = `async function call(i) {
  const data = new Array(100).fill(i);
  await null;
  return data.length;
}

export default async function burst(n) {
  const pending = [];
  for (let i = 0; i < n; i++) pending.push(call(i));
  let sum = 0;
  for (let i = 0; i < n; i++) sum += await pending[i];
  return sum;
}
`;

function trial(file, calls) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ["--expose-gc", self, file, String(calls)], { env: { ...process.env, NODE_OPTIONS: "" } }, (error, stdout, stderr) => {
      if (error) reject(new Error(`bench: keep-alive trial failed: ${stderr || error.message}`));
      else resolve(JSON.parse(stdout));
    });
  });
}

/** { [variant]: { held, checksum } }: bytes still reachable after the burst, per variant. */
export async function measureKeepAlive(scratch, variantIds, { log = () => {} } = {}) {
  const out = {};
  for (const variant of variantIds) {
    const file = path.join(scratch, `keep-alive.${variant}.mjs`);
    fs.writeFileSync(file, compile(KEEP_ALIVE_SOURCE, variant, "keep-alive.mjs").code);
    // The median of three fresh processes.
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await trial(file, KEEP_ALIVE_CALLS));
    runs.sort((a, b) => a.held - b.held);
    out[variant] = runs[1];
    log(`  keep-alive ${variant}: ${runs[1].held} bytes held`);
  }
  return out;
}

if (process.argv[1] === self) {
  const [file, callsText] = process.argv.slice(2);
  const { default: burst } = await import(pathToFileURL(file).href);
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  const collect = async () => {
    for (let i = 0; i < 3; i++) {
      await settle();
      globalThis.gc();
    }
    return process.memoryUsage().heapUsed;
  };
  // A small burst first, so that both measurements see the code loaded and compiled.
  await burst(100);
  const before = await collect();
  const checksum = await burst(Number(callsText));
  const after = await collect();
  process.stdout.write(JSON.stringify({ held: after - before, checksum }));
}
