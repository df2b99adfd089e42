// The fixtures on old engines: Duktape (`duk`), MuJS (`mujs`) and Rhino (`rhino`), engines with
// no generators, no Promise (Rhino by default) and no event loop (Duktape, MuJS).
//
// For every fixture case with a behaviour check (no `throws`, no `targets` of its own: those are
// about what modern targets keep), input.js is lowered by the built plugin with
// `{ runtime: "global", drain: true }` and the rest of its ES2015+ syntax by @babel/preset-env
// for IE 9, then run by each engine as ONE script:
//
//     packages/runtime/dist/runtime.js        declares `stepwise`
//     shims for the FIXTURE's own code         Promise = stepwise.Promise, Symbol.* keys (below)
//     var __print = function (s) { print(s); };
//     fixtures/prelude.js                      log(), console, __format
//     try { eval("...lowered input.js...") } catch (e) { __print("uncaught: " + __format(e)); }
//     stepwise.drain();                        jobs queued before an uncaught error
//
// The engine's stdout lines must equal the transcript of input.js run natively in Node
// (fixtures/harness.mjs runScript, as the fixture test does). The generator fixtures also run in
// `runtime: "inline"` mode (no dist/runtime.js, no Promise shim: generators need no Promise).
//
// The shims serve the fixture's code, never the runtime: the runtime script is evaluated before
// them and must work on the bare engine. They are:
//   - `Promise = stepwise.Promise` where the engine has no Promise (fixtures build promises);
//   - `Symbol.iterator` / `Symbol.asyncIterator` = "@@iterator" / "@@asyncIterator", the string
//     keys the runtime itself falls back to (packages/runtime/src/symbols.ts) where the engine has
//     no such symbol, so a fixture's hand-made iterable (`obj[Symbol.iterator] = ...`) is seen by
//     the runtime; where there is no `Symbol` at all (MuJS; Rhino below -version 200), `Symbol(d)`
//     makes the string "Symbol(d)" (unique enough for a fixture, and prints as a symbol does).
//
// Why the lowered code runs through a direct `eval` inside the try: a `function` declaration
// inside a block is not ES5, and Rhino treats it as a statement (the function does not exist
// before the statement runs), which would break hoisting. A direct eval at the top level runs the
// text as global code, as a separate script would be, and lets the try catch what it throws.
//
// Engine quirks handled here, not by marking: MuJS enumerates keys in sorted order (its
// transcripts are compared up to the order of `{ ... }` entries), Duktape and MuJS print
// characters outside the BMP as CESU-8 (decoded), and Rhino's shell prints "Unhandled rejected
// promise" reports after the script (dropped; see engines.rhino).
//
// A fixture whose OWN code needs what an engine lacks (timers, real symbols, strict `this` on
// Rhino, ...) is marked in its options.json: `{ "engines": { "mujs": "uses setTimeout; ..." } }`.
// Marked fixtures still run; they are reported apart and do not fail the run.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { transformSync } from "@babel/core";
import presetEnv from "@babel/preset-env";
import { babelInputOptions, getPlugin, hasOwnTargets, listCases, loadCase, preludeSource, rootDir, runScript } from "../../fixtures/harness.mjs";

/** The prebuilt runtime script (`npm run build`). */
export const distPath = path.join(rootDir, "packages", "runtime", "dist", "runtime.js");

/**
 * How each engine runs a program file. Rhino is a JVM (about 0.4 s of CPU to start); `-opt -1` is
 * its interpreter (no bytecode generation: the mode that takes functions of any size), and
 * `-version 200` its most standard language level: integer keys enumerate first, arrays and
 * `arguments` have Symbol.iterator, Map/Set/WeakMap/Array.from exist, and Promise is native (the
 * runtime then uses it; its fallback promise is exercised on Duktape and MuJS). It changes nothing
 * the runtime needs (STEPWISE_RHINO_VERSION="" runs Rhino's default level instead, to compare).
 * Strict functions still get the global object as `this` at every level. `-encoding UTF-8`: read
 * the file as UTF-8 whatever the locale.
 */
export const engines = {
  duk: {
    command: "duk",
    args: (file) => [file],
  },
  mujs: {
    command: "mujs",
    args: (file) => [file],
    // MuJS enumerates object keys in sorted order: transcripts are compared up to that order.
    sortsKeys: true,
  },
  rhino: {
    command: "rhino",
    args: (file) => ["-opt", "-1", ...rhinoFlags(), "-encoding", "UTF-8", "-f", file],
    // With a native Promise (-version 200), Rhino's shell reports rejected promises it thinks are
    // unhandled on stdout once the script ends; Node does not, and neither does the fixture
    // harness. Its tracker is also wrong about `p.then(f)` with no rejection handler (it reports
    // `p` even when the derived promise is handled). Those reports are not the program's output.
    filterOutput: dropUnhandledRejectionReports,
    // Quicker JVM start-up for short scripts; UTF-8 output whatever the locale.
    env: {
      JAVA_TOOL_OPTIONS: "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dfile.encoding=UTF-8 -Dsun.stdout.encoding=UTF-8",
    },
  },
};
export const engineNames = Object.keys(engines);

/**
 * Drops Rhino's "Unhandled rejected promise: <error>" reports: the line, its stack lines (a tab and
 * "at "), the blank line after them, and "  and N other unhandled rejected promises".
 */
export function dropUnhandledRejectionReports(lines) {
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].startsWith("Unhandled rejected promise: ")) {
      while (i + 1 < lines.length && lines[i + 1].startsWith("\tat ")) i++;
      if (i + 1 < lines.length && lines[i + 1] === "") i++;
    } else if (!/^  and \d+ other unhandled rejected promises$/.test(lines[i])) out.push(lines[i]);
  }
  return out;
}

/** Rhino's language level: STEPWISE_RHINO_VERSION overrides it ("" for Rhino's default). */
function rhinoFlags() {
  const version = process.env.STEPWISE_RHINO_VERSION ?? "200";
  return version === "" ? [] : ["-version", version];
}

/** The engine's binary on PATH, or null. */
export function findBinary(command) {
  for (const dir of (process.env.PATH || "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/** Names of the engines whose binary is installed. */
export function availableEngines(names = engineNames) {
  return names.filter((name) => findBinary(engines[name].command) !== null);
}

// ---------------------------------------------------------------------------
// Programs

/** @babel/preset-env 8 for IE 9, leaving generators and async functions to Stepwise. */
export const presetEnvOptions = {
  targets: { ie: "9" },
  exclude: ["transform-regenerator", "transform-async-to-generator", "transform-async-generator-functions"],
  modules: false,
};

/**
 * Lowers a fixture's input.js for an old engine: one Babel run with the plugin and preset-env.
 * `separate: true` (a diagnostic, `--separate`) runs the plugin alone first and preset-env over its
 * output, so preset-env never sees the inside of a generator or async function.
 * @param {string} code
 * @param {{ filename?: string, plugin?: object, runtime?: "global" | "inline", separate?: boolean }} [opts]
 */
export function transformForEngine(code, { filename = "input.js", plugin = {}, runtime = "global", separate = false } = {}) {
  const pluginOptions = runtime === "global" ? { ...plugin, runtime, drain: true } : { ...plugin, runtime };
  // The plugin reads Babel's top-level `targets` (api.targets()), preset-env its own: both IE 9, so
  // the plugin rewrites what IE 9 lacks itself, as a build for an old engine configures it.
  const typescript = babelInputOptions(filename);
  const base = {
    filename,
    babelrc: false,
    configFile: false,
    browserslistConfigFile: false,
    targets: presetEnvOptions.targets,
    sourceType: "script",
    highlightCode: false,
    compact: false,
    parserOpts: typescript.parserOpts,
  };
  const inputPresets = typescript.presets ?? [];
  const run = (input, config) => {
    const result = transformSync(input, { ...base, ...config });
    if (!result || typeof result.code !== "string") throw new Error(`${filename}: Babel returned no code`);
    return result.code;
  };
  const stepwisePlugin = [getPlugin(), pluginOptions];
  const env = [presetEnv, presetEnvOptions];
  if (separate) return run(run(code, { plugins: [stepwisePlugin], presets: inputPresets }), { presets: [env] });
  return run(code, { plugins: [stepwisePlugin], presets: [env, ...inputPresets] });
}

/** Shims for the FIXTURE's code (the runtime, evaluated before them, needs none). */
export const promiseShim = 'if (typeof Promise === "undefined") { Promise = stepwise.Promise; }';
export const symbolShim = [
  'if (typeof Symbol === "undefined") { Symbol = function (description) { return "Symbol(" + (description === undefined ? "" : description) + ")"; }; }',
  'if (!Symbol.iterator) { Symbol.iterator = "@@iterator"; }',
  'if (!Symbol.asyncIterator) { Symbol.asyncIterator = "@@asyncIterator"; }',
].join("\n");
export const printShim = "var __print = function (s) { print(s); };";

/** A JavaScript string literal of `text` that is ASCII and ES3-safe (no U+2028/9 raw). */
function asciiStringLiteral(text) {
  return JSON.stringify(text).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** library-shims.js: Map, Set, timers, function names, ... for the FIXTURE's code (read it). */
export const libraryShimsPath = path.join(rootDir, "scripts", "engines", "library-shims.js");
let libraryShimsSource;
function readLibraryShims() {
  if (libraryShimsSource === undefined) libraryShimsSource = fs.readFileSync(libraryShimsPath, "utf8");
  return libraryShimsSource;
}

let distSource;
function readDist() {
  if (distSource === undefined) {
    if (!fs.existsSync(distPath)) throw new Error(`${distPath} is missing: run \`npm run build\``);
    distSource = fs.readFileSync(distPath, "utf8");
  }
  return distSource;
}

/**
 * The whole program an engine runs.
 * @param {string} lowered the transformed fixture
 * @param {{ runtime?: "global" | "inline", before?: string }} [opts]  before: a case's before.js
 */
export function buildProgram(lowered, { runtime = "global", before } = {}) {
  const parts = [];
  if (before === undefined) {
    if (runtime === "global") parts.push(readDist(), promiseShim);
    parts.push(symbolShim, readLibraryShims(), printShim, preludeSource);
  } else {
    // A case's before.js (fixtures/README.md) runs ahead of the runtime, as natively; the shims
    // serve the case's code and go first, since before.js may freeze what they extend.
    parts.push(symbolShim, readLibraryShims(), printShim, preludeSource, before);
    if (runtime === "global") parts.push(readDist(), promiseShim);
  }
  parts.push(
    `try {\n  eval(${asciiStringLiteral(lowered)});\n} catch (__error) {\n  __print("uncaught: " + __format(__error));\n}`,
  );
  if (runtime === "global") parts.push("stepwise.drain();");
  // The harness's own event loop for the fixture's timers (library-shims.js), as Node runs them.
  parts.push(`__runTimers(function () {${runtime === "global" ? " stepwise.drain(); " : ""}});`);
  return parts.join("\n") + "\n";
}

// ---------------------------------------------------------------------------
// Running

// Engine process groups still running: killed if this process exits first (Ctrl-C, a crash).
const running = new Set();
let exitHookInstalled = false;
function killRunning() {
  for (const pid of running) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // gone already
    }
  }
}
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", killRunning);
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, () => {
      killRunning();
      process.kill(process.pid, signal);
    });
  }
}

/**
 * Runs a program file on an engine.
 * @returns {Promise<{ stdout: string, stderr: string, code: number | null, signal: string | null, timedOut: boolean, ms: number }>}
 */
export function runOnEngine(engineName, file, { timeout = 20000, maxBytes = 1 << 20 } = {}) {
  const engine = engines[engineName];
  if (!engine) throw new Error(`unknown engine "${engineName}" (known: ${engineNames.join(", ")})`);
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(engine.command, engine.args(file), {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...(engine.env || {}) },
      // Its own process group: `rhino` is a shell script running java, and a kill must reach both.
      detached: true,
    });
    installExitHook();
    if (child.pid !== undefined) running.add(child.pid);
    const kill = () => {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    };
    const out = [];
    const err = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, timeout);
    let outBytes = 0;
    let overflow = false;
    child.stdout.on("data", (chunk) => {
      if (overflow) return;
      outBytes += chunk.length;
      out.push(chunk);
      // A runaway program (a loop that never ends) is stopped once it printed maxBytes.
      if (outBytes > maxBytes) {
        overflow = true;
        kill();
      }
    });
    child.stderr.on("data", (chunk) => err.push(chunk));
    child.on("error", (error) => {
      clearTimeout(timer);
      running.delete(child.pid);
      resolve({ stdout: "", stderr: String(error.message), code: null, signal: null, timedOut: false, ms: Date.now() - started, spawnError: true });
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      running.delete(child.pid);
      resolve({
        stdout: decodeOutput(Buffer.concat(out)),
        stderr: Buffer.concat(err).toString("utf8"),
        code,
        signal,
        timedOut,
        overflow,
        ms: Date.now() - started,
      });
    });
  });
}

/**
 * Decodes an engine's output: UTF-8, except that Duktape and MuJS print a character outside the
 * BMP as its two UTF-16 surrogates, each encoded on its own (CESU-8: ED A0-AF xx ED B0-BF xx),
 * which is never valid UTF-8. Such pairs are read as the one character they stand for.
 */
export function decodeOutput(buffer) {
  const bytes = [];
  for (let i = 0; i < buffer.length; i++) {
    const b = buffer[i];
    if (
      b === 0xed &&
      i + 5 < buffer.length &&
     
      buffer[i + 1] >= 0xa0 && buffer[i + 1] <= 0xaf && buffer[i + 3] === 0xed && buffer[i + 4] >= 0xb0 && buffer[i + 4] <= 0xbf
    ) {
      const high = 0xd000 | ((buffer[i + 1] & 0x3f) << 6) | (buffer[i + 2] & 0x3f);
      const low = 0xd000 | ((buffer[i + 4] & 0x3f) << 6) | (buffer[i + 5] & 0x3f);
      const codePoint = 0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00);
      bytes.push(...Buffer.from(String.fromCodePoint(codePoint), "utf8"));
      i += 5;
    } else bytes.push(b);
  }
  return Buffer.from(bytes).toString("utf8");
}

/** Transcript lines, split on newlines (a logged string may hold one). */
export function toLines(text) {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

function normalizeTranscript(lines) {
  return lines.length === 0 ? [] : toLines(lines.join("\n"));
}

/** Lines of stderr worth showing (not the JVM's "Picked up JAVA_TOOL_OPTIONS"). */
function stderrLines(stderr) {
  return toLines(stderr).filter((line) => !line.startsWith("Picked up JAVA_TOOL_OPTIONS"));
}

/** The engine's transcript: stdout, then what went wrong with the process, if anything. */
export function engineTranscript(result, timeout, engineName) {
  const filter = engineName && engines[engineName].filterOutput;
  const lines = filter ? filter(toLines(result.stdout)) : toLines(result.stdout);
  if (result.spawnError) lines.push(`engine: could not start: ${result.stderr}`);
  else if (result.overflow) {
    lines.length = Math.min(lines.length, 1000);
    lines.push("engine: killed: too much output");
  } else if (result.timedOut) lines.push(`engine: killed after ${timeout} ms`);
  else if (result.code !== 0) {
    lines.push(`engine: exit ${result.code === null ? `signal ${result.signal}` : result.code}`);
    for (const line of stderrLines(result.stderr).slice(0, 10)) lines.push(`engine stderr: ${line}`);
  }
  return lines;
}

/** The native transcript of a fixture, as fixtures/fixtures.test.ts makes it. */
export async function nativeTranscript(fixture) {
  return normalizeTranscript(await runScript(fixture.native, { requireRuntime: false, filename: fixture.inputPath, before: fixture.before }));
}

/** A short diff: where the transcripts part, with a little context. */
export function shortDiff(expected, actual, { context = 2, after = 4, engine } = {}) {
  const same = (a, b) => a === b || sameTranscript(engine, [a], [b]);
  let i = 0;
  while (i < expected.length && i < actual.length && same(expected[i], actual[i])) i++;
  const out = [];
  for (let k = Math.max(0, i - context); k < i; k++) out.push(`    ${expected[k]}`);
  for (let k = i; k < Math.min(expected.length, i + after); k++) out.push(`  - ${expected[k]}`);
  if (expected.length > i + after) out.push(`  - … ${expected.length - i - after} more native line(s)`);
  for (let k = i; k < Math.min(actual.length, i + after); k++) out.push(`  + ${actual[k]}`);
  if (actual.length > i + after) out.push(`  + … ${actual.length - i - after} more engine line(s)`);
  return [`  first difference at line ${i + 1} (native ${expected.length} lines, engine ${actual.length})`, ...out].join("\n");
}

// ---------------------------------------------------------------------------
// MuJS enumerates an object's keys in sorted order, not in insertion order: `{ value: 1, done:
// false }` prints as `{ done: false, value: 1 }` there. Its transcripts are compared after
// sorting the entries of every `{ key: value, ... }` the prelude printed, on both sides.

/** End of the formatted value starting at i: the next ", " / " }" / "]" outside quotes and brackets. */
function valueEnd(s, i) {
  let depth = 0;
  for (; i < s.length; i++) {
    const c = s[i];
    if (c === "'") {
      for (i++; i < s.length && s[i] !== "'"; i++) if (s[i] === "\\") i++;
    } else if (c === "[" || c === "{") depth++;
    else if (c === "]" || c === "}") {
      if (depth === 0) return c === "}" && s[i - 1] === " " ? i - 1 : i;
      depth--;
    } else if (depth === 0 && c === "," && s[i + 1] === " ") return i;
  }
  return i;
}

/** Parses `{ k: v, ... }` at i; returns { end, text } with the entries sorted, or null. */
function sortedObject(s, i) {
  if (s.startsWith("{}", i)) return { end: i + 2, text: "{}" };
  if (!s.startsWith("{ ", i)) return null;
  const entries = [];
  let j = i + 2;
  for (;;) {
    const key = /^(?:[A-Za-z_$][A-Za-z0-9_$]*|[0-9]+|'(?:[^'\\]|\\.)*'): /.exec(s.slice(j, j + 1000));
    if (!key) return null;
    const start = j + key[0].length;
    const end = valueEnd(s, start);
    if (end >= s.length) return null;
    entries.push(key[0] + sortObjectKeys(s.slice(start, end)));
    j = end;
    if (s.startsWith(", ", j)) j += 2;
    else if (s.startsWith(" }", j)) {
      entries.sort();
      return { end: j + 2, text: `{ ${entries.join(", ")} }` };
    } else return null;
  }
}

/** The line with the entries of every printed object sorted by key (see above). */
export function sortObjectKeys(line) {
  let out = "";
  for (let i = 0; i < line.length; ) {
    const object = line[i] === "{" ? sortedObject(line, i) : null;
    if (object) {
      out += object.text;
      i = object.end;
    } else out += line[i++];
  }
  return out;
}

/** Whether an engine's transcript equals the native one (MuJS: up to the order of keys). */
export function sameTranscript(engineName, native, actual) {
  if (native.length !== actual.length) return false;
  const canonical = engines[engineName] && engines[engineName].sortsKeys ? sortObjectKeys : (line) => line;
  return native.every((line, i) => line === actual[i] || canonical(line) === canonical(actual[i]));
}

/** Checks a fixture's `engines` marks: known engines, non-empty reasons. */
export function checkMarks(name, marks) {
  const problems = [];
  if (marks === undefined) return problems;
  if (typeof marks !== "object" || marks === null || Array.isArray(marks)) {
    return [`${name}: option "engines" must be an object { engine: "reason" }`];
  }
  for (const [engine, reason] of Object.entries(marks)) {
    if (!engines[engine]) problems.push(`${name}: option "engines" names an unknown engine "${engine}" (known: ${engineNames.join(", ")})`);
    if (typeof reason !== "string" || reason.trim() === "") problems.push(`${name}: option "engines.${engine}" must be a reason (a string)`);
  }
  return problems;
}

/**
 * Engine processes to run at once: one more than the cores, since a JVM (Rhino) spends part of
 * its start-up waiting on the disk (measured on 2 cores: 3 at once is ~15% quicker than 2).
 */
export function defaultJobs() {
  return (os.availableParallelism ? os.availableParallelism() : os.cpus().length) + 1;
}

/**
 * Runs the fixtures on the engines.
 *
 * @param {{
 *   engines?: string[],          engine names (default: all)
 *   filter?: string[],           keep cases whose name contains one of these
 *   jobs?: number,               engine processes at once (default: cores + 1)
 *   timeout?: number,            ms per engine run (default 20000)
 *   inline?: boolean,            also run the generator fixtures in inline mode (default true)
 *   keep?: string,               write the programs to this directory and keep them
 *   separate?: boolean,          diagnostic: the plugin and preset-env in two Babel runs
 *   onResult?: (r) => void,      called as each run finishes
 * }} [opts]
 * @returns {Promise<{ results: Result[], problems: string[], ms: number }>}
 *   Result: { engine, name, mode: "global" | "inline", equal, marked: string | undefined,
 *             native: string[], actual: string[], ms }
 */
export async function runFixturesOnEngines({
  engines: names = engineNames,
  filter = [],
  jobs = defaultJobs(),
  timeout = 20000,
  inline = true,
  keep,
  separate = false,
  onResult,
} = {}) {
  for (const name of names) if (!engines[name]) throw new Error(`unknown engine "${name}" (known: ${engineNames.join(", ")})`);
  const started = Date.now();
  const dir = keep ? path.resolve(keep) : fs.mkdtempSync(path.join(os.tmpdir(), "stepwise-engines-"));
  fs.mkdirSync(dir, { recursive: true });
  const problems = [];
  const results = [];

  try {
    const cases = listCases()
      .filter((c) => filter.length === 0 || filter.some((f) => c.name.includes(f)))
      .map(loadCase)
      // (A case lowered for targets of its own, modern ones, is about what those targets keep.)
      .filter((c) => c.options.throws === undefined && !hasOwnTargets(c.options));

    // The programs are made here (Babel and the native runs are in-process work) while the engine
    // processes already run: a task queue fed case by case, drained by `jobs` runners. Rhino's
    // tasks (a JVM each, the long ones) go first within each case.
    const queue = [];
    let producing = true;
    let waiting = [];
    const wake = () => {
      const resume = waiting;
      waiting = [];
      for (const fn of resume) fn();
    };
    const order = [...names].sort((a, b) => (a === "rhino" ? -1 : b === "rhino" ? 1 : 0));

    const runTask = async (task) => {
      let actual;
      let ms = 0;
      if (task.transformError) actual = [task.transformError];
      else {
        const result = await runOnEngine(task.engine, task.file, { timeout });
        actual = engineTranscript(result, timeout, task.engine);
        ms = result.ms;
      }
      const record = {
        engine: task.engine,
        name: task.fixture.name,
        mode: task.mode,
        equal: sameTranscript(task.engine, task.native, actual),
        marked: task.marked,
        native: task.native,
        actual,
        ms,
        file: task.file,
      };
      results.push(record);
      if (onResult) onResult(record);
    };
    const runner = async () => {
      for (;;) {
        if (queue.length > 0) await runTask(queue.shift());
        else if (!producing) return;
        else await new Promise((resolve) => waiting.push(resolve));
      }
    };
    const runners = [];
    for (let r = 0; r < Math.max(1, jobs); r++) runners.push(runner());

    try {
      for (const fixture of cases) {
        const marks = fixture.options.engines;
        problems.push(...checkMarks(fixture.name, marks));
        const native = await nativeTranscript(fixture);
        const modes = fixture.group === "generators" && inline ? ["global", "inline"] : ["global"];
        for (const mode of modes) {
          let program;
          let transformError;
          try {
            program = buildProgram(
              transformForEngine(fixture.input, { filename: fixture.inputPath, plugin: fixture.options.plugin, runtime: mode, separate }),
              { runtime: mode, before: fixture.before },
            );
          } catch (error) {
            transformError = `transform error: ${String(error && error.message ? error.message : error).split("\n")[0]}`;
          }
          const file = path.join(dir, `${fixture.name.replace(/\//g, "__")}.${mode}.js`);
          if (program !== undefined) fs.writeFileSync(file, program);
          for (const engine of order) {
            queue.push({ engine, fixture, mode, file, native, transformError, marked: marks && marks[engine] });
          }
        }
        wake();
        // Let finished engine processes be collected and new ones started between cases.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      producing = false;
      wake();
      await Promise.all(runners);
    }
  } finally {
    if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  }

  const order = (r) => `${engineNames.indexOf(r.engine)} ${r.mode === "global" ? 0 : 1} ${r.name}`;
  results.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
  return { results, problems, ms: Date.now() - started };
}

/**
 * Per engine and mode: { engine, mode, total, equal, marked, failing: Result[] (unmarked and
 * different from native), markedDiffer: Result[] }.
 */
export function summarize(results) {
  const groups = new Map();
  for (const r of results) {
    const key = `${r.engine}/${r.mode}`;
    if (!groups.has(key)) groups.set(key, { engine: r.engine, mode: r.mode, total: 0, equal: 0, marked: 0, failing: [], markedDiffer: [] });
    const g = groups.get(key);
    g.total++;
    if (r.equal) g.equal++;
    if (r.marked) {
      g.marked++;
      if (!r.equal) g.markedDiffer.push(r);
    } else if (!r.equal) g.failing.push(r);
  }
  return [...groups.values()];
}

/**
 * Marks that no longer hold: the fixture is marked for an engine but every run of it there (both
 * modes for generators) equals native. [{ engine, name, marked }]
 */
export function staleMarks(results) {
  const byKey = new Map();
  for (const r of results) {
    if (!r.marked) continue;
    const key = `${r.engine} ${r.name}`;
    const entry = byKey.get(key) || { engine: r.engine, name: r.name, marked: r.marked, allEqual: true };
    entry.allEqual = entry.allEqual && r.equal;
    byKey.set(key, entry);
  }
  return [...byKey.values()].filter((e) => e.allEqual).map(({ engine, name, marked }) => ({ engine, name, marked }));
}

/** `duk: 243/250 (97.2%) equal, 3 marked` */
export function formatSummaryLine(s) {
  const share = s.total === 0 ? "0.0" : ((100 * s.equal) / s.total).toFixed(1);
  const label = s.mode === "global" ? s.engine : `${s.engine} (inline, generators)`;
  return `${label}: ${s.equal}/${s.total} (${share}%) equal, ${s.marked} marked`;
}
