// Workload timing. One child process per workload (a fresh heap and JIT state for each); inside
// it, every variant of the workload runs interleaved: each round runs each variant once, in an
// order rotated from round to round, with a full GC before each timed run. We report medians.
//
//   node --expose-gc scripts/bench/speed.mjs '<json job>'   (spawned by measureWorkloads below)
import { execFile } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";

const self = fileURLToPath(import.meta.url);

/** The q-quantile (0..1) of `values`, interpolated. */
export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (at - lo);
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median absolute deviation, relative to the median: a robust "how noisy was this". */
export function relativeSpread(values) {
  const m = median(values);
  return m === 0 ? 0 : median(values.map((v) => Math.abs(v - m))) / m;
}

/** Runs in the child: times one workload's variants. */
async function timeWorkload(job) {
  const gc = globalThis.gc;
  if (typeof gc !== "function") throw new Error("speed.mjs: run with --expose-gc");
  const fns = [];
  for (const variant of job.variants) {
    const mod = await import(pathToFileURL(job.files[variant]).href);
    fns.push(mod.default);
  }
  const runOnce = async (i) => {
    const start = performance.now();
    let result = fns[i](...job.args);
    if (job.kind === "async") result = await result;
    return { ms: performance.now() - start, result };
  };
  const n = job.variants.length;
  const checksums = {};
  const mismatches = [];
  // First run of each variant: the checksum, then warm-up rounds.
  for (let i = 0; i < n; i++) checksums[job.variants[i]] = (await runOnce(i)).result;
  const expected = checksums[job.variants[0]];
  for (let w = 0; w < job.warmup; w++) for (let i = 0; i < n; i++) await runOnce(i);
  const samples = Object.fromEntries(job.variants.map((v) => [v, []]));
  for (let round = 0; round < job.rounds; round++) {
    for (let k = 0; k < n; k++) {
      const i = (k + round) % n;
      gc();
      const { ms, result } = await runOnce(i);
      samples[job.variants[i]].push(ms);
      if (!Object.is(result, expected)) mismatches.push(`${job.variants[i]} round ${round}: ${result} (expected ${expected})`);
    }
  }
  return { checksums, samples, mismatches };
}

/**
 * Parent side: times every workload, one child at a time. `compiled[workload][variant].file`.
 * Returns { [workload]: { checksums, samples, mismatches, medians } }.
 */
export async function measureWorkloads(workloads, compiled, variantIds, { rounds, warmup, log = () => {} }) {
  const results = {};
  for (const w of workloads) {
    const job = {
      id: w.id,
      kind: w.kind,
      args: w.args,
      rounds,
      warmup,
      variants: variantIds,
      files: Object.fromEntries(variantIds.map((v) => [v, compiled[w.id][v].file])),
    };
    const started = Date.now();
    const out = await new Promise((resolve, reject) => {
      execFile(
        process.execPath,
        ["--expose-gc", self, JSON.stringify(job)],
        { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NODE_OPTIONS: "" } },
        (error, stdout, stderr) => {
          if (error) reject(new Error(`bench: workload ${w.id} failed: ${stderr || error.message}`));
          else resolve(JSON.parse(stdout));
        },
      );
    });
    out.medians = Object.fromEntries(variantIds.map((v) => [v, median(out.samples[v])]));
    // Each round's time over native's in the same round, then the median: the machine's load
    // drifts over a run, and a round's variants run close together in time.
    const perRound = Object.fromEntries(
      variantIds.map((v) => [v, out.samples[v].map((ms, round) => ms / out.samples[variantIds[0]][round])]),
    );
    out.ratios = Object.fromEntries(variantIds.map((v) => [v, median(perRound[v])]));
    out.ratioQuartiles = Object.fromEntries(variantIds.map((v) => [v, [quantile(perRound[v], 0.25), quantile(perRound[v], 0.75)]]));
    // The fastest run of each, over native's fastest: what the code costs with the least interference.
    out.minRatios = Object.fromEntries(
      variantIds.map((v) => [v, Math.min(...out.samples[v]) / Math.min(...out.samples[variantIds[0]])]),
    );
    out.spread = Object.fromEntries(variantIds.map((v) => [v, relativeSpread(out.samples[v])]));
    results[w.id] = out;
    const native = out.medians[variantIds[0]];
    log(
      `  ${w.id.padEnd(18)} native ${native.toFixed(2)} ms; ` +
        variantIds
          .slice(1)
          .map((v) => `${v} ${out.ratios[v].toFixed(2)}x`)
          .join(", ") +
        ` (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
  }
  return results;
}

if (process.argv[1] === self) {
  const job = JSON.parse(process.argv[2]);
  timeWorkload(job).then(
    (out) => process.stdout.write(JSON.stringify(out)),
    (error) => {
      process.stderr.write(String(error && error.stack ? error.stack : error));
      process.exit(1);
    },
  );
}
