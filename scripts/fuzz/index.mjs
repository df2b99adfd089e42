#!/usr/bin/env node
// Differential fuzzer: random programs (generate.mjs) run natively and lowered by the
// built plugin (runtime "import" or --runtime, through fixtures/harness.mjs); the transcripts must
// agree and the output must be ES5/ES3 (check.mjs). Failures are shrunk (shrink.mjs)
// and written to fuzz-failures/.
//
//   npm run build
//   npm run fuzz -- --seed 1 --count 2000 [--jobs 2] [--timeout 5000] [--features sync|all]
//   npm run fuzz -- --seed 42 --count 1 --print        # the program of seed 42
//
// Options:
//   --seed S        first seed (default 1); programs use seeds S .. S+N-1
//   --count N       number of programs (default 100)
//   --jobs J        worker processes (default 1; 0: in this process, no hang protection)
//   --timeout MS    per run of a program (vm timeout and timer wait; default 5000)
//   --features F    "all" (default): generators, async functions, async generators;
//                   "sync": generators only
//   --size S        "normal" (default) or "small"
//   --es5           no program declares classes outside coroutines (by default about a third
//                   do: class fields, static blocks and methods holding coroutines; see generate.mjs)
//   --print         print the programs instead of running them
//   --shrink K      shrink at most K failures (default 12; 0: none): each plugin crash
//                   and each non-ES5 construct once, behaviour differences one by one
//   --shrink-kinds  which of them (default "crash,behaviour,syntax")
//   --out DIR       where reproducers go (default fuzz-failures)
//   --quiet         no progress lines
//   --runtime R     the plugin's runtime option: "import" (default) or "inline" (the file
//                   carries the runtime's pieces it uses)
//   --strict-es5    count ES2015+ syntax the plugin keeps as the user wrote it (optional
//                   chaining, computed keys, … and anything in ordinary functions nested
//                   in coroutines; es5-syntax.ts leaves it to other plugins) as failures too
// Exit status: 1 when a program diverged (behaviour, plugin crash, non-ES5 output or hang).
import fs from "node:fs";
import path from "node:path";
import { fork } from "node:child_process";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { generateProgram } from "./generate.mjs";
import { coverage, formatCoverage } from "./report.mjs";
import { shrink, undeclaredNames } from "./shrink.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const rootDir = path.resolve(here, "..", "..");

let parsed;
try {
  parsed = parseArgs({
    options: {
      seed: { type: "string", default: "1" },
      count: { type: "string", default: "100" },
      jobs: { type: "string", default: "1" },
      timeout: { type: "string", default: "5000" },
      features: { type: "string", default: "all" },
      size: { type: "string", default: "normal" },
      print: { type: "boolean", default: false },
      shrink: { type: "string", default: "12" },
      out: { type: "string", default: "fuzz-failures" },
      "shrink-kinds": { type: "string", default: "crash,behaviour,syntax" },
      quiet: { type: "boolean", default: false },
      "strict-es5": { type: "boolean", default: false },
      es5: { type: "boolean", default: false },
      runtime: { type: "string", default: "import" },
    },
    strict: true,
  });
} catch (error) {
  usage(`${error.message} (see the options at the top of scripts/fuzz/index.mjs)`);
}
const args = parsed.values;

const first = toInt("seed", args.seed);
const count = toInt("count", args.count);
const jobs = toInt("jobs", args.jobs);
const timeout = toInt("timeout", args.timeout);
const shrinkMax = toInt("shrink", args.shrink);
if (!["all", "sync"].includes(args.features)) usage(`--features must be "all" or "sync"`);
if (!["normal", "small"].includes(args.size)) usage(`--size must be "normal" or "small"`);
if (!["import", "inline"].includes(args.runtime)) usage(`--runtime must be "import" or "inline"`);
/** What every check gets (checkProgram's options). */
const checkOptions = { timeout, strictEs5: args["strict-es5"], runtime: args.runtime };
const outDir = path.resolve(rootDir, args.out);
const last = first + count - 1;

function toInt(name, text) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) usage(`--${name} must be a non-negative integer, got "${text}"`);
  return n;
}
function usage(message) {
  console.error(`fuzz: ${message}`);
  process.exit(2);
}

if (args.print) {
  for (let seed = first; seed <= last; seed++) {
    const program = generateProgram(seed, { features: args.features, size: args.size, es5: args.es5 });
    process.stdout.write(program.code);
    if (count > 1) process.stdout.write("\n");
  }
  process.exit(0);
}

// ---------------------------------------------------------------------------
// Running checks: in worker processes (killed and replaced when a check hangs) or here.

class Pool {
  constructor(size) {
    this.size = size;
    this.workers = [];
    this.queue = [];
    this.nextId = 1;
    this.hardTimeout = timeout * 3 + 10000;
    for (let i = 0; i < size; i++) this.workers.push(this.spawn());
    process.on("exit", () => this.close());
  }
  spawn() {
    // A lowering bug can loop forever filling an array: cap the heap so that such a worker
    // dies quickly (reported as a failure) instead of taking the machine's memory.
    const child = fork(path.join(here, "worker.mjs"), [], {
      stdio: ["ignore", "inherit", "pipe", "ipc"],
      execArgv: ["--max-old-space-size=1536"],
    });
    const worker = { child, job: null, timer: null, dead: false, stderr: "" };
    // A worker that dies while a job is sent to it: 'exit' below recovers; no crash here.
    child.on("error", () => {});
    child.stderr.on("data", (chunk) => {
      worker.stderr = (worker.stderr + chunk).slice(-2000);
    });
    child.on("message", (message) => {
      if (!worker.job || worker.job.id !== message.id) return;
      clearTimeout(worker.timer);
      const { resolve } = worker.job;
      worker.job = null;
      resolve(message.result);
      this.pump();
    });
    child.on("exit", () => {
      worker.dead = true;
      if (worker.job) {
        clearTimeout(worker.timer);
        const { resolve } = worker.job;
        worker.job = null;
        const last = worker.stderr.trim().split("\n").filter((l) => /error|Error|fatal/.test(l)).slice(-3).join(" | ");
        resolve({
          status: "fail",
          failures: [{ kind: "hang", signature: "worker died", detail: `the worker process died during the check: ${last || "no message"}` }],
        });
      }
      const i = this.workers.indexOf(worker);
      if (i >= 0 && !this.closing) {
        this.workers[i] = this.spawn();
        this.pump();
      }
    });
    return worker;
  }
  run(message) {
    return new Promise((resolve) => {
      this.queue.push({ message: { ...message, check: checkOptions }, resolve });
      this.pump();
    });
  }
  pump() {
    for (const worker of this.workers) {
      if (worker.job || worker.dead || !worker.child.connected || this.queue.length === 0) continue;
      const job = this.queue.shift();
      job.id = this.nextId++;
      worker.job = job;
      worker.timer = setTimeout(() => {
        // Hung (an endless promise-job loop, which no vm timeout stops): end this worker.
        const { resolve } = worker.job;
        worker.job = null;
        resolve({
          status: "fail",
          failures: [{ kind: "hang", signature: "no answer", detail: `no answer within ${this.hardTimeout} ms` }],
        });
        worker.child.kill("SIGKILL");
      }, this.hardTimeout);
      try {
        worker.child.send({ ...job.message, id: job.id });
      } catch {
        // the 'exit' handler answers the job and replaces the worker
      }
    }
  }
  close() {
    this.closing = true;
    for (const worker of this.workers) if (!worker.dead) worker.child.kill();
  }
}

let runner;
if (jobs === 0) {
  const { checkProgram } = await import("./check.mjs");
  process.on("unhandledRejection", () => {});
  runner = {
    async run(message) {
      if (message.type === "program") {
        const program = generateProgram(message.seed, { features: message.features, size: message.size, es5: message.es5 });
        const checked = await checkProgram(program.code, checkOptions);
        const result = {
          status: checked.status,
          failures: checked.failures,
          userSyntax: checked.userSyntax || [],
          seed: message.seed,
          features: program.features,
        };
        if (checked.invalid) result.invalid = checked.invalid;
        if (checked.refusal) result.refusal = checked.refusal;
        if (checked.status !== "ok") result.code = program.code;
        return result;
      }
      return checkProgram(message.code, checkOptions);
    },
    close() {},
  };
} else {
  runner = new Pool(jobs);
}

// ---------------------------------------------------------------------------
// The run

const started = Date.now();
const results = new Array(count);
let done = 0;
let nextSeed = first;
const progressEvery = Math.max(1, Math.round(count / 20));

async function lane() {
  while (nextSeed <= last) {
    const seed = nextSeed++;
    const result = await runner.run({ type: "program", seed, features: args.features, size: args.size, es5: args.es5 });
    if (!result.features) {
      // The worker died or hung: regenerate the program here for the report.
      const program = generateProgram(seed, { features: args.features, size: args.size, es5: args.es5 });
      Object.assign(result, { seed, features: program.features, code: program.code });
    }
    results[seed - first] = result;
    done++;
    if (!args.quiet && (done % progressEvery === 0 || done === count)) {
      const failing = results.filter((r) => r && r.status === "fail").length;
      process.stderr.write(`fuzz: ${done}/${count} programs, ${failing} failing, ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    }
  }
}
await Promise.all(Array.from({ length: Math.max(1, jobs) }, lane));
const runSeconds = (Date.now() - started) / 1000;

// ---------------------------------------------------------------------------
// Tally

const failing = results.filter((r) => r.status === "fail");
const refused = results.filter((r) => r.status === "refused");
const invalid = results.filter((r) => r.status === "invalid" || r.status === "error");
const byKind = { behaviour: [], crash: [], syntax: [], hang: [] };
for (const r of failing) for (const f of r.failures) (byKind[f.kind] ||= []).push({ result: r, failure: f });

// Grouped: crashes by message, syntax by construct, behaviour one group per seed.
const groups = new Map();
const addGroup = (key, entry) => {
  if (!groups.has(key)) groups.set(key, []);
  groups.get(key).push(entry);
};
for (const e of byKind.crash) addGroup(`crash: ${e.failure.signature}`, e);
for (const e of byKind.hang) addGroup("hang", e);
for (const e of byKind.behaviour) addGroup("behaviour", e);
// A non-ES5 output whose construct has no name (constructs is empty) is grouped by its signature,
// so it is still listed, with its seed, and shrunk.
for (const e of byKind.syntax) {
  const constructs = e.failure.constructs && e.failure.constructs.length ? e.failure.constructs : [e.failure.signature];
  for (const construct of constructs) addGroup(`syntax: ${construct}`, { ...e, construct });
}

// What to shrink: each crash and each non-ES5 construct once (its smallest program), and
// behaviour differences one by one (two seeds may be one bug or two: that needs a look).
const shrinkKinds = new Set(args["shrink-kinds"].split(","));
const shrinkTargets = [];
for (const [key, entries] of groups) {
  const kind = entries[0].failure.kind;
  if (!shrinkKinds.has(kind) || kind === "hang") continue;
  if (kind === "behaviour") for (const e of entries) shrinkTargets.push([`behaviour: seed ${e.result.seed}`, [e]]);
  else shrinkTargets.push([key, entries]);
}

// ---------------------------------------------------------------------------
// Shrinking

const written = [];
if (shrinkMax > 0 && shrinkTargets.length > 0) {
  fs.mkdirSync(outDir, { recursive: true });
  const order = shrinkTargets.sort((a, b) => rank(a[0]) - rank(b[0]));
  const targets = order.slice(0, shrinkMax);
  if (!args.quiet) process.stderr.write(`fuzz: shrinking ${targets.length} of ${shrinkTargets.length} failures\n`);
  let nextTarget = 0;
  const shrinkLane = async () => {
    while (nextTarget < targets.length) {
      const [key, entries] = targets[nextTarget++];
      // The smallest program of the group shrinks fastest.
      const entry = entries.slice().sort((a, b) => a.result.code.length - b.result.code.length)[0];
      if (entry.failure.kind === "hang") continue;
      const predicate = predicateFor(entry);
      const t0 = Date.now();
      const { code, checks } = await shrink(entry.result.code, predicate, { timeLimit: 240000 });
      const final = await runner.run({ type: "check", code });
      const file = writeReproducer(key, entry, code, final, checks, (Date.now() - t0) / 1000);
      written.push({ key, file, programs: entries.length });
      if (!args.quiet) process.stderr.write(`fuzz: ${key}: ${path.relative(rootDir, file)} (${checks} checks)\n`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, shrinkLane));
}

function rank(key) {
  return key.startsWith("crash") ? 0 : key.startsWith("behaviour") ? 1 : key.startsWith("syntax") ? 2 : 3;
}

function predicateFor(entry) {
  const { failure } = entry;
  const known = new Set(undeclaredNames(entry.result.code));
  let hangs = 0;
  return async (code) => {
    if (undeclaredNames(code).some((name) => !known.has(name))) return false;
    const r = await runner.run({ type: "check", code });
    if (r.failures && r.failures.some((f) => f.kind === "hang") && hangs < 3) {
      // A step of shrinking made a program that hangs or kills its worker: natively, or
      // only lowered (a bug of its own). Kept for a look; shrinking goes on without it.
      const file = path.join(outDir, `seed-${entry.result.seed}-hang-${++hangs}.js`);
      const detail = r.failures.find((f) => f.kind === "hang").detail;
      fs.writeFileSync(file, `// fuzz: a shrinking step of seed ${entry.result.seed} hung or killed its worker: ${detail}\n${code}`);
    }
    if (r.status !== "fail") return false;
    return r.failures.some((f) => {
      if (f.kind !== failure.kind) return false;
      if (f.kind === "crash") return f.signature === failure.signature;
      if (f.kind === "syntax") return f.constructs && f.constructs.length ? f.constructs.includes(entry.construct) : f.signature === entry.construct;
      return true; // behaviour: any difference
    });
  };
}

function writeReproducer(key, entry, code, final, checks, seconds) {
  const seed = entry.result.seed;
  const slug = (text) =>
    text
      .replace(/\|\|=/g, "or-assign")
      .replace(/&&=/g, "and-assign")
      .replace(/\?\?=/g, "nullish-assign")
      .replace(/\*\*=/g, "pow-assign")
      .replace(/\?\?/g, "nullish")
      .replace(/\*\*/g, "pow")
      .replace(/[^\w-]+/g, "-")
      .replace(/^-+|-+$/g, "");
  const suffix = entry.failure.kind === "syntax" ? `-syntax-${slug(entry.construct)}` : "";
  const file = path.join(outDir, `seed-${seed}${suffix}.js`);
  const failure = (final.failures || []).find((f) => f.kind === entry.failure.kind) || entry.failure;
  const header = [
    `// fuzz reproducer: seed ${seed} (--features ${args.features}), ${key}`,
    `// shrunk from ${entry.result.code.length} to ${code.length} characters in ${checks} checks, ${seconds.toFixed(0)} s`,
    ...String(failure.detail || "")
      .split("\n")
      .slice(0, 24)
      .map((l) => `// ${l}`),
    `// as a fixture: node scripts/fuzz/to-fixture.mjs ${path.relative(rootDir, file)} fuzz-<short-description>`,
  ];
  fs.writeFileSync(file, header.join("\n") + "\n" + code);
  fs.writeFileSync(path.join(outDir, `seed-${seed}.orig.js`), entry.result.code);
  return file;
}

runner.close();

// ---------------------------------------------------------------------------
// Report

const table = coverage(
  results.map((r) => r.features || {}),
  args.features,
);
console.log(`coverage (${count} programs, --features ${args.features}):`);
console.log(formatCoverage(table));
if (table.rare.length) console.log(`constructs in fewer than 1% of programs: ${table.rare.join(", ")}`);

if (invalid.length) {
  console.log(`invalid programs (a generator problem, not counted): ${invalid.length}`);
  for (const r of invalid.slice(0, 10)) console.log(`  seed ${r.seed}: ${(r.invalid || r.error || "").split("\n")[0]}`);
}
const kept = new Map();
for (const r of results) for (const construct of r.userSyntax || []) kept.set(construct, (kept.get(construct) || 0) + 1);
if (kept.size) {
  const list = [...kept.entries()].sort((a, b) => b[1] - a[1]).map(([construct, n]) => `${construct} ${n}`);
  console.log(`kept user syntax (not failures, see --strict-es5), programs per construct: ${list.join(", ")}`);
}
if (refused.length) {
  const reasons = new Map();
  for (const r of refused) reasons.set(r.refusal, (reasons.get(r.refusal) || 0) + 1);
  console.log(`refused: ${refused.length}`);
  for (const [reason, n] of reasons) console.log(`  ${n} × ${reason}`);
}
if (groups.size) {
  console.log(
    `failing programs: ${failing.length} (behaviour ${new Set(byKind.behaviour.map((e) => e.result.seed)).size}, ` +
      `plugin crash or unparsable output ${new Set(byKind.crash.map((e) => e.result.seed)).size}, ` +
      `non-ES5 output ${new Set(byKind.syntax.map((e) => e.result.seed)).size}, hang ${byKind.hang.length})`,
  );
  for (const [key, entries] of [...groups.entries()].sort((a, b) => rank(a[0]) - rank(b[0]) || b[1].length - a[1].length)) {
    const seeds = entries.map((e) => e.result.seed);
    const shown = seeds.slice(0, 12).join(", ") + (seeds.length > 12 ? ", …" : "");
    console.log(`  ${key.length > 110 ? key.slice(0, 107) + "…" : key}: ${entries.length} program(s), seeds ${shown}`);
  }
  for (const w of written) {
    console.log(`  reproducer ${path.relative(rootDir, w.file)}  →  node scripts/fuzz/to-fixture.mjs ${path.relative(rootDir, w.file)} fuzz-<short-description>`);
  }
}
console.log(
  `fuzz: ${count} programs, ${failing.length} divergences, ${refused.length} refused, ${runSeconds.toFixed(1)} s (seeds ${first}..${last})`,
);
process.exit(failing.length > 0 ? 1 : 0);
