#!/usr/bin/env node
// The fixtures on Duktape, MuJS and Rhino (see run.mjs for how a program is built and run).
//
//   npm run build
//   npm run engines                          every fixture on every installed engine
//   npm run engines -- --engine duk yield    only Duktape, only cases whose name contains "yield"
//
// Options:
//   --engine E     an engine: duk, mujs or rhino (repeatable, or comma-separated; default: all)
//   --jobs N       engine processes at once (default: the number of cores + 1)
//   --timeout MS   per engine run (default 20000)
//   --no-inline    skip the inline-mode runs of the generator fixtures
//   --keep DIR     write the programs to DIR and keep them (to rerun one by hand)
//   --verbose      also show marked fixtures' diffs
//   --json FILE    also write every run (engine, mode, name, equal, marked, native, actual) to FILE
//   --separate     diagnostic: run the plugin alone, then preset-env over its output (two Babel
//                  runs), instead of both in one run; shows which differences come from
//                  preset-env rewriting the inside of generator and async functions first
//   other words    name filters: keep cases whose name contains one of them
// Environment: STEPWISE_RHINO_VERSION="" runs Rhino at its default language level instead of
// -version 200 (to compare; see run.mjs).
//
// Prints, per engine, the share of transcripts equal to native and the number of marked cases,
// then every mismatch with a short diff, the marked cases and their reasons, and stale marks.
// Exit status 1 when an unmarked fixture differs on an engine, a marked one no longer differs
// (stale mark), a mark is malformed, or an asked-for engine is not installed.
import fs from "node:fs";
import { parseArgs } from "node:util";
import {
  availableEngines,
  engineNames,
  engines,
  formatSummaryLine,
  runFixturesOnEngines,
  shortDiff,
  staleMarks,
  summarize,
} from "./run.mjs";

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    engine: { type: "string", multiple: true },
    jobs: { type: "string" },
    timeout: { type: "string", default: "20000" },
    "no-inline": { type: "boolean", default: false },
    keep: { type: "string" },
    verbose: { type: "boolean", default: false },
    separate: { type: "boolean", default: false },
    json: { type: "string" },
  },
});

const asked = args.engine ? args.engine.flatMap((e) => e.split(",")).filter(Boolean) : engineNames;
for (const name of asked) {
  if (!engines[name]) {
    console.error(`unknown engine "${name}" (known: ${engineNames.join(", ")})`);
    process.exit(2);
  }
}
const installed = availableEngines(asked);
const missing = asked.filter((name) => !installed.includes(name));
for (const name of missing) {
  console.error(`${name}: \`${engines[name].command}\` is not installed (apt-get install -y duktape mujs rhino)`);
}
if (installed.length === 0) process.exit(1);

const timeout = Number(args.timeout);
let done = 0;
const progress = process.stderr.isTTY
  ? () => {
      done++;
      if (done % 10 === 0) process.stderr.write(`\r${done} runs`);
    }
  : undefined;

const { results, problems, ms } = await runFixturesOnEngines({
  engines: installed,
  filter: positionals,
  jobs: args.jobs ? Number(args.jobs) : undefined,
  timeout,
  inline: !args["no-inline"],
  keep: args.keep,
  separate: args.separate,
  onResult: progress,
});
if (progress) process.stderr.write("\r");

if (args.json) fs.writeFileSync(args.json, JSON.stringify(results, null, 1));
const summaries = summarize(results);
let failing = 0;
for (const s of summaries) {
  console.log(formatSummaryLine(s));
}
console.log(`(${results.length} runs in ${(ms / 1000).toFixed(1)} s)`);

for (const s of summaries) {
  for (const r of s.failing) {
    failing++;
    console.log(`\nDIFFERS ${r.engine} ${r.mode === "inline" ? "(inline) " : ""}${r.name}`);
    console.log(shortDiff(r.native, r.actual, { engine: r.engine }));
  }
}
const shownMarks = new Set();
for (const s of summaries) {
  for (const r of s.markedDiffer) {
    const key = `${r.engine} ${r.name}`;
    if (!args.verbose && shownMarks.has(key)) continue;
    if (!shownMarks.has(key)) {
      if (shownMarks.size === 0) console.log("");
      console.log(`marked ${r.engine} ${r.name}: ${r.marked}`);
    }
    shownMarks.add(key);
    if (args.verbose) console.log(`${r.mode === "inline" ? "  (inline)\n" : ""}${shortDiff(r.native, r.actual, { engine: r.engine })}`);
  }
}
const stale = staleMarks(results);
for (const m of stale) {
  console.log(`\nSTALE MARK ${m.engine} ${m.name}: equal to native although marked ("${m.marked}"); remove the mark`);
}
for (const problem of problems) console.log(`\nPROBLEM ${problem}`);

if (failing > 0 || problems.length > 0 || missing.length > 0 || stale.length > 0) {
  console.log(`\n${failing} unmarked transcript(s) differ from native`);
  process.exitCode = 1;
}
