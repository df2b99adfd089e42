#!/usr/bin/env node
// `npm run bench`: Stepwise's benchmark suite (issue #6). Writes BENCHMARKS.md at the repository
// root: workload speed against native and the peers, runtime and code size, stack depth, and
// transform speed on real code. Needs the built packages (`npm run build`).
//
//   npm run bench                        everything, writes BENCHMARKS.md (about 10 minutes)
//   npm run bench -- --quick             fewer rounds, coarser stack search; prints, writes nothing
//   npm run bench -- --only=gen-next,await-loop --skip=stack,transform
//   options: --rounds=N --warmup=N --transform-rounds=N --stack-cap=N --out=FILE
//            --skip=speed,size,stack,keepalive,transform
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { VARIANTS, PEERS, compileAll, makeScratchDir, removeScratchDir, rootDir, runtimeDirOf, versions } from "./variants.mjs";
import { workloads as allWorkloads } from "./workloads/index.mjs";
import { measureWorkloads } from "./speed.mjs";
import { stepwiseRuntimeSizes, peerHelperSizes, workloadSizes, bundledSizes } from "./size.mjs";
import { measureStack, STACK_TESTS } from "./stack.mjs";
import { measureTransformSpeed, TOOLS } from "./transform-speed.mjs";
import { measureTraceCost } from "./trace.mjs";
import { measureKeepAlive, KEEP_ALIVE_CALLS } from "./keep-alive.mjs";

// ---- Options ----------------------------------------------------------------------------------

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name, fallback) => {
  const hit = args.find((a) => a.startsWith(`--${name}=`));
  return hit === undefined ? fallback : hit.slice(name.length + 3);
};
const known = ["quick", "rounds", "warmup", "transform-rounds", "stack-cap", "out", "only", "skip"];
for (const a of args) {
  const name = /^--([\w-]+)/.exec(a)?.[1];
  if (!known.includes(name)) {
    console.error(`bench: unknown option ${a} (known: ${known.map((k) => "--" + k).join(", ")})`);
    process.exit(2);
  }
}
const quick = flag("quick");
const rounds = Number(option("rounds", quick ? 5 : 21));
const warmup = Number(option("warmup", quick ? 1 : 2));
const transformRounds = Number(option("transform-rounds", quick ? 1 : 5));
const stackCap = Number(option("stack-cap", 1000000));
const only = option("only", null);
const skip = new Set((option("skip", "") || "").split(",").filter(Boolean));
const partial = quick || only !== null || skip.size > 0 || option("rounds", null) !== null;
const outFile = option("out", partial ? null : path.join(rootDir, "BENCHMARKS.md"));
const workloads = only ? allWorkloads.filter((w) => only.split(",").includes(w.id)) : allWorkloads;
if (workloads.length === 0) {
  console.error(`bench: --only matched no workload (have: ${allWorkloads.map((w) => w.id).join(", ")})`);
  process.exit(2);
}

/** The issue's bars, as ratios to native for the speed workloads. */
const BARS = {
  sync: { max: 1.5, beatsPeers: true, text: "≤ 1.5x, faster than the best peer" },
  await: { max: 2, text: "≤ 2x" },
  asyncCalls: { max: 4, text: "≤ 4x" },
  asyncGen: { max: 2.5, text: "≤ 2.5x" },
};
const CHAIN_BAR = 100000;
/** Issue #20: async recursion depth at Node's default stack. */
const ASYNC_DEPTH_BAR = 6000;
const TRANSFORM_BAR = 1.5;

const log = (line) => console.log(line);
const variantIds = VARIANTS.map((v) => v.id);
const label = Object.fromEntries(VARIANTS.map((v) => [v.id, v.label]));
const startedAt = new Date();
const loadAtStart = os.loadavg()[0];

// ---- Run --------------------------------------------------------------------------------------

const gitAtStart = gitState();
const scratch = makeScratchDir("bench");
const results = {};
let exitCode = 0;
try {
  log(`bench: compiling ${workloads.length} workloads × ${variantIds.length} variants`);
  const compiled = compileAll(scratch, workloads.map((w) => w.id), variantIds);
  results.notes = {};
  for (const w of workloads) for (const v of variantIds) if (compiled[w.id][v].note) results.notes[`${w.id}/${v}`] = compiled[w.id][v].note;

  if (!skip.has("speed")) {
    log(`bench: speed, ${rounds} rounds after ${warmup} warm-up (one process per workload)`);
    results.speed = await measureWorkloads(workloads, compiled, variantIds, { rounds, warmup, log });
  }
  if (!skip.has("size")) {
    log("bench: size");
    results.runtime = await stepwiseRuntimeSizes(runtimeDirOf(scratch));
    results.helpers = await peerHelperSizes();
    results.codeSize = await workloadSizes(compiled);
    results.trace = await measureTraceCost(workloads, runtimeDirOf(scratch));
    results.bundled = await bundledSizes(compiled);
  }
  if (!skip.has("stack")) {
    const needed = STACK_TESTS.map((t) => t.id).filter((id) => !compiled[id]);
    const stackCompiled = needed.length ? { ...compiled, ...compileAll(scratch, needed, variantIds) } : compiled;
    log("bench: stack depth (fresh process per trial)");
    results.stack = await measureStack(stackCompiled, variantIds, { cap: stackCap, log });
  }
  if (!skip.has("keepalive")) {
    log("bench: memory held after a burst of async calls (fresh process per trial)");
    results.keepAlive = await measureKeepAlive(scratch, variantIds, { log });
  }
  if (!skip.has("transform")) {
    log(`bench: transform speed, ${transformRounds} rounds after 1 warm-up`);
    results.transform = measureTransformSpeed({ rounds: transformRounds, log });
  }
} finally {
  removeScratchDir(scratch);
}

// ---- Report -----------------------------------------------------------------------------------

const fmtRatio = (r) => (r >= 10 ? r.toFixed(1) : r.toFixed(2)) + "x";
const fmtInt = (n) => n.toLocaleString("en-US");
const fmtMs = (ms) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
const verdict = (ok) => (ok ? "holds" : "**does not hold**");
const bars = []; // { text, ok, detail }

function gitState() {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: rootDir, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "packages"], { cwd: rootDir, encoding: "utf8" }).trim();
    return `${head}${dirty ? " with uncommitted changes in packages/" : ""}`;
  } catch {
    return "unknown";
  }
}

const md = [];
const cpu = os.cpus();
md.push("# Benchmarks");
md.push("");
md.push(
  "Written by `npm run bench` (scripts/bench/index.mjs; see issue #6). Lower is better everywhere except stack depth. " +
    "Every number below comes from one run of that command on the machine named here; run it again to check them.",
);
md.push("");
md.push(`- Machine: ${cpu[0]?.model.trim() ?? "unknown CPU"}, ${cpu.length} logical cores, ${Math.round(os.totalmem() / 2 ** 30)} GB; ${os.type()} ${os.release()} (${os.arch()})`);
md.push(`- Node ${process.version} (V8 ${process.versions.v8})`);
md.push(`- Stepwise at ${gitAtStart} (the built packages, copied when the run started); Babel ${versions.babel}, @babel/plugin-transform-regenerator ${versions.regenerator}, TypeScript ${versions.typescript} (ts-morph)`);
md.push(`- Run: ${startedAt.toISOString()}${quick ? ", **--quick**" : ""}; ${rounds} timed rounds after ${warmup} warm-up round(s) per workload`);
md.push(
  `- Load average (1 min) on the ${cpu.length} cores: ${loadAtStart.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end` +
    (Math.max(loadAtStart, os.loadavg()[0]) > cpu.length ? " — other work was running, so single runs are noisy; read the medians" : "") +
    (os.getPriority() !== 0 ? `; the bench ran at nice ${os.getPriority()}` : ""),
);
md.push("");
md.push("Variants: **native** (the workload as written, ES2018); **Stepwise** (the plugin, `runtime: \"import\"`, the built `@stepwise/runtime`); " +
  "**Stepwise (inline)** (`runtime: \"inline\"`, the runtime in the file); **regenerator** (Babel 8: transform-async-generator-functions, " +
  "-async-to-generator, -regenerator, helpers inlined; plus transform-for-of where regenerator cannot compile without it); " +
  "**TypeScript 6** (target ES5, `downlevelIteration`, helpers inlined).");
md.push("");

if (results.speed) {
  md.push("## Speed");
  md.push("");
  md.push(
    "Each workload runs in its own process; inside it the variants run interleaved (each round runs every variant once, the order rotated " +
      "every round, a full GC before each timed run). Shown: native's median time, and for each variant the median over the rounds of its time divided by native's time in the same round " +
      "(pairing within a round cancels the drift of the machine's load). " +
      "The fastest non-native variant is in bold. Bars are the issue's, judged on Stepwise (the default `import` mode).",
  );
  md.push("");
  md.push(`| workload | native (ms) | ${variantIds.slice(1).map((v) => label[v]).join(" | ")} | Stepwise, middle half of rounds | bar | |`);
  md.push(`|---|---:|${variantIds.slice(1).map(() => "---:").join("|")}|---:|---|---|`);
  const mismatches = [];
  for (const w of workloads) {
    const r = results.speed[w.id];
    const native = r.medians.native;
    const ratios = r.ratios;
    const best = Math.min(...variantIds.slice(1).map((v) => ratios[v]));
    const wrong = new Set(variantIds.filter((v) => !Object.is(r.checksums[v], r.checksums.native)));
    for (const m of r.mismatches) mismatches.push(`${w.id}: ${m}`);
    for (const v of wrong) mismatches.push(`${w.id}: ${v} checksum ${r.checksums[v]} (native ${r.checksums.native})`);
    const cells = variantIds.slice(1).map((v) => {
      if (wrong.has(v)) return "wrong result";
      const text = fmtRatio(ratios[v]);
      return ratios[v] === best ? `**${text}**` : text;
    });
    let barText = "—";
    let ok = null;
    const bar = w.bar && BARS[w.bar];
    if (bar) {
      const s = ratios.stepwise;
      const bestPeer = Math.min(...PEERS.map((p) => ratios[p]));
      ok = !wrong.has("stepwise") && s <= bar.max && (!bar.beatsPeers || s < bestPeer);
      barText = bar.text;
      bars.push({
        text: `${w.title}: ${bar.text}`,
        ok,
        detail: `Stepwise ${fmtRatio(s)}${bar.beatsPeers ? `, best peer ${fmtRatio(bestPeer)}` : ""}`,
      });
    }
    if (w.nativeBar !== undefined) {
      const s = ratios.stepwise;
      const okNative = !wrong.has("stepwise") && s <= w.nativeBar;
      bars.push({ text: `${w.title}: ≤ ${w.nativeBar}x native (issue #20)`, ok: okNative, detail: `Stepwise ${fmtRatio(s)}` });
      barText += `; ≤ ${w.nativeBar}x (#20)`;
      ok = ok !== false && okNative;
    }
    const [q1, q3] = r.ratioQuartiles.stepwise;
    md.push(`| ${w.title} | ${fmtMs(native)} | ${cells.join(" | ")} | ${q1.toFixed(2)}–${q3.toFixed(2)}x | ${barText} | ${ok === null ? "" : ok ? "✓" : "✗"} |`);
  }
  md.push("");
  if (mismatches.length === 0) {
    md.push("Checksums: every variant's result equalled native's, in every run.");
  } else {
    exitCode = 1;
    md.push("Checksums that differ from native's:");
    md.push("");
    for (const m of [...new Set(mismatches)].slice(0, 30)) md.push(`- ${m}`);
  }
  const spreads = workloads.flatMap((w) => variantIds.map((v) => results.speed[w.id].spread[v])).sort((a, b) => a - b);
  const pct = (x) => `${(x * 100).toFixed(0)}%`;
  md.push("");
  md.push(
    `Noise: the median absolute deviation of a cell's timed runs, relative to its median, was ${pct(spreads[0])} to ${pct(spreads.at(-1))} ` +
      `(typically ${pct(spreads[spreads.length >> 1])}). "Middle half of rounds" is the interquartile range of Stepwise's per-round ratio: ` +
      "a bar inside it is within the noise of this run.",
  );
  md.push("");
  md.push("The fastest run of each variant as a ratio to native's fastest run (the cost with the least interference from other work on the machine):");
  md.push("");
  md.push(`| workload | ${variantIds.slice(1).map((v) => label[v]).join(" | ")} |`);
  md.push(`|---|${variantIds.slice(1).map(() => "---:").join("|")}|`);
  for (const w of workloads) {
    md.push(`| ${w.title} | ${variantIds.slice(1).map((v) => fmtRatio(results.speed[w.id].minRatios[v])).join(" | ")} |`);
  }
  const notes = Object.entries(results.notes);
  if (notes.length) {
    md.push("");
    md.push(`Compiled differently: ${notes.map(([k, n]) => `${k} (${n})`).join(", ")}.`);
  }
  md.push("");
}

if (results.runtime) {
  md.push("## Size");
  md.push("");
  md.push(
    "Bytes after terser (compress, mangle) and gzip level 9. Bars from issue #18. Stepwise's rows are what a file compiled with " +
      "`runtime: \"inline\"` carries for each kind of use: the runtime's statements picked from its pieces manifest " +
      "(packages/runtime/dist/pieces.json) exactly as the plugin picks them, from the names the file reads and what it needs " +
      "besides (try tables, `yield*`, the engines' fallbacks where Babel's targets need them). " +
      "The peers' helpers are what each puts in front of a sample program using the row's constructs (Babel inlines the same code " +
      "as @babel/runtime's helpers). What each feature the core carries costs, which issue requires it, and the core without them: " +
      "[docs/size-account.md](docs/size-account.md) (measured by hand, not by this script).",
  );
  md.push("");
  md.push("| runtime a file carries | statements | Stepwise min | Stepwise min+gz | regenerator min+gz | TypeScript 6 min+gz | bar (Stepwise min+gz) | |");
  md.push("|---|---:|---:|---:|---:|---:|---|---|");
  for (const entry of results.runtime) {
    const reg = entry.peer && results.helpers.regenerator.find((h) => h.id === entry.peer);
    const tsh = entry.peer && results.helpers.typescript.find((h) => h.id === entry.peer);
    const ok = entry.bar === undefined ? null : entry.gz <= entry.bar;
    if (entry.bar !== undefined) bars.push({ text: `runtime, ${entry.title}: ≤ ${fmtInt(entry.bar)} B min+gz`, ok, detail: `${fmtInt(entry.gz)} B` });
    md.push(
      `| ${entry.title} | ${entry.statements ?? ""} | ${fmtInt(entry.min)} | ${fmtInt(entry.gz)} | ` +
        `${reg ? fmtInt(reg.gz) : "—"} | ${tsh ? fmtInt(tsh.gz) : "—"} | ${entry.bar ? `≤ ${fmtInt(entry.bar)}` : ""} | ${ok === null ? "" : ok ? "✓" : "✗"} |`,
    );
  }
  md.push("");
  md.push(`Peer helpers counted: regenerator ${results.helpers.regenerator.at(-1).names.join(", ")}; TypeScript ${results.helpers.typescript.at(-1).names.join(", ")}.`);
  md.push("");
  md.push(
    "Each workload file compiled self-contained (Stepwise `runtime: \"inline\"`, Babel 8 without targets, i.e. browserslist's defaults: " +
      "no fallbacks; the peers with their helpers inlined), min+gz bytes, and Stepwise's size as a ratio to regenerator's:",
  );
  md.push("");
  md.push("| workload | Stepwise (inline) | regenerator | TypeScript 6 | Stepwise ÷ regenerator | bar | |");
  md.push("|---|---:|---:|---:|---:|---|---|");
  for (const w of workloads) {
    const size = results.codeSize[w.id];
    const ratio = size["stepwise-inline"].gz / size.regenerator.gz;
    const ok = ratio <= w.sizeBar;
    bars.push({ text: `${w.id} inline ≤ ${w.sizeBar}x regenerator's bytes`, ok, detail: `${fmtRatio(ratio)} (${fmtInt(size["stepwise-inline"].gz)} B)` });
    md.push(
      `| ${w.id} | ${fmtInt(size["stepwise-inline"].gz)} | ${fmtInt(size.regenerator.gz)} | ${fmtInt(size.typescript.gz)} | ${fmtRatio(ratio)} | ≤ ${w.sizeBar}x | ${ok ? "✓" : "✗"} |`,
    );
  }
  md.push("");
  md.push(
    "Import mode: each workload's Stepwise `runtime: \"import\"` output alone, and bundled by esbuild with the runtime package's ES module " +
      "build (tree-shaken: a bundler keeps what the file imports and what that uses), min+gz bytes:",
  );
  md.push("");
  md.push("| workload | native | Stepwise (import), the file alone | Stepwise (import) + runtime, bundled by esbuild | Stepwise (inline) | regenerator | TypeScript 6 |");
  md.push("|---|---:|---:|---:|---:|---:|---:|");
  for (const w of workloads) {
    const size = results.codeSize[w.id];
    md.push(
      `| ${w.id} | ${fmtInt(size.native.gz)} | ${fmtInt(size.stepwise.gz)} | ${fmtInt(results.bundled[w.id].gz)} | ${fmtInt(size["stepwise-inline"].gz)} | ` +
        `${fmtInt(size.regenerator.gz)} | ${fmtInt(size.typescript.gz)} |`,
    );
  }
  md.push("");
}

if (results.trace) {
  const { outputs, scripts } = results.trace;
  md.push("### The `trace` option, off");
  md.push("");
  md.push(
    "`trace: true` (for the playground) adds two hooks to every machine and needs the runtime's trace build; off (the default) it must cost nothing. " +
      "Each workload lowered with `trace: false` against the same without the option (Stepwise `import` output, bytes), and with `trace: true` for comparison (min+gz):",
  );
  md.push("");
  md.push("| workload | bytes, no option | `trace: false` | min+gz | min+gz with `trace: true` |");
  md.push("|---|---:|---|---:|---:|");
  for (const o of outputs) md.push(`| ${o.id} | ${fmtInt(o.bytes)} | ${o.identical ? "identical" : "**differs**"} | ${fmtInt(o.plain.gz)} | ${fmtInt(o.on.gz)} |`);
  md.push("");
  md.push(
    "The runtime's scripts and whether they hold any of the names only the tracing hooks define (" +
      "trace.ts, and the job-by-job helpers of loop.ts that only it calls, which rollup leaves out of every other build):",
  );
  md.push("");
  md.push("| script | min | min+gz | trace code |");
  md.push("|---|---:|---:|---|");
  for (const s of scripts) {
    md.push(`| ${s.file} | ${s.size ? fmtInt(s.size.min) : "—"} | ${s.size ? fmtInt(s.size.gz) : "—"} | ${s.found.length ? s.found.join(", ") : "none"} |`);
  }
  md.push("");
  const identical = outputs.every((o) => o.identical);
  const clean = scripts.filter((s) => !s.traced).every((s) => s.found.length === 0);
  bars.push({ text: "`trace: false`: output identical to no option", ok: identical, detail: `${outputs.filter((o) => o.identical).length} of ${outputs.length} workloads identical` });
  bars.push({ text: "`trace: false`: the ordinary runtime scripts hold no trace code", ok: clean, detail: clean ? "none in " + scripts.filter((s) => !s.traced).map((s) => s.file).join(", ") : "found" });
}

if (results.keepAlive) {
  md.push("## Memory held after a burst of async calls");
  md.push("");
  md.push(
    `The runtime keeps the latest call of the last few coroutine functions reachable (packages/runtime/src/keep-alive.ts), so that the ` +
      `engine's optimized code and object shapes survive a full collection; the price is that call's variables. Measured ` +
      `(scripts/bench/keep-alive.mjs): ${fmtInt(KEEP_ALIVE_CALLS)} calls of an async function, each holding a 100-element array ` +
      "across an `await`, all pending at once and then awaited one by one from an array; the heap after a full collection, minus the heap " +
      "before the burst (median of three fresh processes). A completed async call's machine lets go of its body, so the kept machines " +
      "hold neither the calls' arrays nor the burst function's array of settled promises (5.77 MB held before that, at 8ee753d).",
  );
  md.push("");
  md.push(`| | ${variantIds.map((v) => label[v]).join(" | ")} |`);
  md.push(`|---|${variantIds.map(() => "---:").join("|")}|`);
  md.push(`| bytes held | ${variantIds.map((v) => fmtInt(results.keepAlive[v].held)).join(" | ")} |`);
  md.push("");
}

if (results.stack) {
  md.push("## Stack depth");
  md.push("");
  md.push(
    "The deepest `yield*` chain (yield-star-chain with one item) and async recursion (async-recursion, one call) each variant completes " +
      "at Node's default stack size. Every trial is a fresh process; the depth is found by doubling from 1,000 and bisecting to within 0.5%.",
  );
  md.push("");
  md.push(`| test | ${variantIds.map((v) => label[v]).join(" | ")} | bar | |`);
  md.push(`|---|${variantIds.map(() => "---:").join("|")}|---|---|`);
  for (const test of STACK_TESTS) {
    const row = results.stack[test.id];
    const cells = variantIds.map((v) => `${row[v].capped ? "≥ " : ""}${fmtInt(row[v].depth)}`);
    let ok;
    let barText;
    if (test.id === "yield-star-chain") {
      ok = row.stepwise.depth >= CHAIN_BAR;
      barText = `≥ ${fmtInt(CHAIN_BAR)}`;
    } else {
      ok = row.stepwise.depth >= row.native.depth / 2;
      barText = `≥ half native (${fmtInt(Math.ceil(row.native.depth / 2))})`;
    }
    bars.push({ text: `${test.title}: ${barText}`, ok, detail: fmtInt(row.stepwise.depth) });
    if (test.id === "async-recursion") {
      // Issue #20's absolute bar, with native's depth on this machine beside it.
      const okDepth = row.stepwise.depth >= ASYNC_DEPTH_BAR;
      bars.push({ text: `${test.title}: ≥ ${fmtInt(ASYNC_DEPTH_BAR)} (issue #20)`, ok: okDepth, detail: fmtInt(row.stepwise.depth) });
      barText += `; ≥ ${fmtInt(ASYNC_DEPTH_BAR)} (#20)`;
      ok = ok && okDepth;
    }
    md.push(`| ${test.title} | ${cells.join(" | ")} | ${barText} | ${ok ? "✓" : "✗"} |`);
  }
  md.push("");
}

if (results.transform) {
  const { packages, results: tr } = results.transform;
  md.push("## Transform speed");
  md.push("");
  md.push(
    "Every `.js` file of the unbundled `lib/` of " +
      packages.map((p) => `${p.name} ${p.version} (${p.files} files, ${(p.bytes / 1e6).toFixed(2)} MB)`).join(" and ") +
      ", transformed with Babel's `transformSync` (no config files, `sourceType: \"unambiguous\"`), tools interleaved in one process: " +
      `${transformRounds} timed round(s) after one warm-up, median per package. A file fails when Babel throws; a failed file's time counts up to the throw.`,
  );
  md.push("");
  md.push(`| tool | ${packages.map((p) => `${p.name} (ms) | vs. no plugins | failed files`).join(" | ")} |`);
  md.push(`|---|${packages.map(() => "---:|---:|---:").join("|")}|`);
  for (const tool of TOOLS) {
    md.push(
      `| ${tool.title} | ${packages
        .map((p) => {
          const s = tr[p.name][tool.id];
          return `${fmtInt(Math.round(s.median))} | ${fmtRatio(s.median / tr[p.name].babel.median)} | ${s.failures.length} of ${p.files}`;
        })
        .join(" | ")} |`,
    );
  }
  md.push("");
  for (const p of packages) {
    const failing = tr[p.name].stepwise.failures.length;
    const ratio = tr[p.name].stepwise.median / tr[p.name].babel.median;
    bars.push({ text: `transform ${p.name}: every file compiles with Stepwise`, ok: failing === 0, detail: `${failing} of ${p.files} fail` });
    bars.push({ text: `transform ${p.name}: Stepwise ≤ ${TRANSFORM_BAR}x the plugin-less pass`, ok: ratio <= TRANSFORM_BAR, detail: fmtRatio(ratio) });
  }
  md.push("Failures (first line of Babel's error; the file name prefix removed):");
  md.push("");
  for (const p of packages) {
    for (const tool of TOOLS) {
      const failures = tr[p.name][tool.id].failures;
      if (failures.length === 0) continue;
      const byMessage = new Map();
      for (const f of failures) {
        const message = f.message.replace(/^\/\S+: /, "");
        if (!byMessage.has(message)) byMessage.set(message, []);
        byMessage.get(message).push(f.file);
      }
      for (const [message, files] of byMessage) {
        md.push(`- ${p.name}, ${tool.title}: ${files.length} file(s), \`${message.replace(/`/g, "'")}\` (${files.slice(0, 3).join(", ")}${files.length > 3 ? ", …" : ""})`);
      }
    }
  }
  md.push("");
}

if (bars.length) {
  md.push("## The issue's bars");
  md.push("");
  md.push("| bar | Stepwise | |");
  md.push("|---|---|---|");
  for (const b of bars) md.push(`| ${b.text} | ${b.detail} | ${verdict(b.ok)} |`);
  md.push("");
  md.push(`${bars.filter((b) => b.ok).length} of ${bars.length} bars hold.`);
  md.push("");
}

const text = md.join("\n");
if (outFile) {
  fs.writeFileSync(outFile, text);
  log(`bench: wrote ${path.relative(process.cwd(), outFile) || outFile}`);
} else {
  log("");
  log(text);
}
process.exitCode = exitCode;
