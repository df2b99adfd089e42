// Stack depth: the deepest `yield*` chain and the deepest async recursion each variant survives at
// Node's default stack size. Each trial runs in a fresh child process (no flags), on the compiled
// yield-star-chain and async-recursion workloads with one item / one call:
//
//   yield-star-chain  run(1, depth): a chain of `depth` generators delegating with `yield*`;
//                     checksum 1 + depth
//   async-recursion   run(1, depth): an async function awaiting itself `depth` levels deep;
//                     checksum depth
//
// A trial survives when it completes with the right checksum (a RangeError, thrown or as a
// rejection, or a wrong result is a failure). The depth is found by doubling from 1,000, then
// bisecting to within 0.5%, up to a cap.
//
//   node scripts/bench/stack.mjs <file> <depth>   (one trial; spawned by measureStack below)
import { execFile } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";

const self = fileURLToPath(import.meta.url);

export const STACK_TESTS = [
  { id: "yield-star-chain", title: "`yield*` chain depth", expected: (depth) => 1 + depth },
  { id: "async-recursion", title: "async recursion depth", expected: (depth) => depth },
];

function trial(file, depth, expected) {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [self, file, String(depth)],
      { timeout: 120000, env: { ...process.env, NODE_OPTIONS: "" } },
      (error, stdout) => {
        if (error) return resolve(false);
        resolve(stdout.trim() === `ok ${expected}`);
      },
    );
  });
}

/** The deepest depth (within 0.5%) at which `file` survives, up to `cap`. */
export async function deepest(file, expected, { cap = 1000000, precision = 0.005 } = {}) {
  let lo = 0;
  let hi = null;
  let probe = 1000;
  let trials = 0;
  while (hi === null) {
    trials++;
    if (await trial(file, probe, expected(probe))) {
      lo = probe;
      if (probe >= cap) return { depth: cap, capped: true, trials };
      probe = Math.min(cap, probe * 2);
    } else {
      hi = probe;
    }
  }
  while (hi - lo > Math.max(1, Math.ceil(lo * precision))) {
    const mid = Math.floor((lo + hi) / 2);
    trials++;
    if (await trial(file, mid, expected(mid))) lo = mid;
    else hi = mid;
  }
  return { depth: lo, capped: false, trials };
}

/** { [test]: { [variant]: { depth, capped } } } for the compiled workloads. */
export async function measureStack(compiled, variantIds, { cap, log = () => {} } = {}) {
  const out = {};
  for (const test of STACK_TESTS) {
    out[test.id] = {};
    for (const variant of variantIds) {
      const result = await deepest(compiled[test.id][variant].file, test.expected, { cap });
      out[test.id][variant] = result;
      log(`  ${test.id} ${variant}: ${result.capped ? "≥ " : ""}${result.depth} (${result.trials} trials)`);
    }
  }
  return out;
}

if (process.argv[1] === self) {
  const [file, depthText] = process.argv.slice(2);
  const depth = Number(depthText);
  const { default: run } = await import(pathToFileURL(file).href);
  try {
    Promise.resolve(run(1, depth)).then(
      (value) => console.log(`ok ${value}`),
      (error) => console.log(`failed ${error && error.name}`),
    );
  } catch (error) {
    console.log(`failed ${error && error.name}`);
  }
}
