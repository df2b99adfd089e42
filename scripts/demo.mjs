#!/usr/bin/env node
// `npm start`: shows what the Stepwise Babel plugin does to a generator.
//
// 1. Transforms examples/countdown.js with the repository's own babel.config.js
//    (which applies "@stepwise" to files under ./examples).
// 2. Prints the source and the lowered state machine.
// 3. Runs the original (native generator) and the lowered code, each in a fresh
//    vm context, with the same driver appended, and compares the transcripts.
//
// Needs the built packages: run `npm run build` first.
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const exampleFile = path.join(repoRoot, "examples", "countdown.js");
const require = createRequire(import.meta.url);

function fail(message) {
  console.error(message);
  process.exit(1);
}

// --- Preconditions ----------------------------------------------------------

const builtEntries = [
  path.join(repoRoot, "packages", "transform", "lib", "index.js"),
  path.join(repoRoot, "packages", "runtime", "lib", "index.js"),
];
for (const entry of builtEntries) {
  if (!fs.existsSync(entry)) {
    fail(`The Stepwise packages are not built (missing ${path.relative(repoRoot, entry)}): run npm run build first.`);
  }
}

let babel;
try {
  babel = await import("@babel/core");
} catch (error) {
  fail(`Cannot load @babel/core (${error.message}): run npm install first.`);
}

// --- Transform --------------------------------------------------------------

const source = fs.readFileSync(exampleFile, "utf8");
let lowered;
try {
  // No plugins here: babel.config.js at repoRoot applies "@stepwise" to ./examples.
  // The example is a plain script, so the runtime is pulled in with require().
  const result = babel.transformFileSync(exampleFile, {
    cwd: repoRoot,
    root: repoRoot,
    sourceType: "script",
    highlightCode: false,
  });
  lowered = result && result.code;
} catch (error) {
  if (error && error.code === "MODULE_NOT_FOUND" && /stepwise/.test(error.message)) {
    fail(`Cannot load the Stepwise plugin: run npm run build first.\n(${error.message.split("\n")[0]})`);
  }
  fail(`Babel failed on ${path.relative(repoRoot, exampleFile)}:\n${error && error.message}`);
}
if (typeof lowered !== "string") fail("Babel returned no code (is examples/ ignored by the config?).");
if (!/_stepwise\b/.test(lowered)) {
  fail("The output does not use @stepwise/runtime: babel.config.js did not apply the plugin to examples/.");
}

// --- Running ----------------------------------------------------------------

// Appended to both programs, so the native and the lowered generator receive
// exactly the same calls. Plain ES5; formats results itself so the output does
// not depend on which realm created the result objects.
const driver = `
;(function () {
  function show(call, r) {
    var v = typeof r.value === "string" ? '"' + r.value + '"' : String(r.value);
    console.log("  " + call + " -> { value: " + v + ", done: " + r.done + " }");
  }
  function run(title, steps) {
    console.log(title);
    var g = countdown(3);
    for (var i = 0; i < steps.length; i++) {
      var s = steps[i];
      var call = s.method + "(" + (s.arg === undefined ? "" : '"' + s.arg + '"') + ")";
      try {
        show(call, s.arg === undefined ? g[s.method]() : g[s.method](s.arg));
      } catch (e) {
        console.log("  " + call + " threw " + e);
      }
    }
  }
  var next = { method: "next" };
  run("1. next() until done", [next, next, next, next, next]);
  run('2. send "stop" after the second value', [next, next, { method: "next", arg: "stop" }]);
  run('3. return("cancelled") mid-way',
      [next, { method: "return", arg: "cancelled" }, next]);
})();
`;

function runInFreshContext(code, filename) {
  const lines = [];
  const sandbox = {
    console: { log: (...args) => lines.push(args.map(String).join(" ")) },
    require(name) {
      if (name === "@stepwise/runtime") return require("@stepwise/runtime");
      throw new Error(`demo: only @stepwise/runtime can be required, not ${JSON.stringify(name)}`);
    },
  };
  try {
    vm.runInContext(code + driver, vm.createContext(sandbox), { filename });
  } catch (error) {
    lines.push(`uncaught: ${error && error.stack ? error.stack.split("\n")[0] : error}`);
  }
  return lines;
}

const nativeRun = runInFreshContext(source, "countdown.js (native)");
const loweredRun = runInFreshContext(lowered, "countdown.js (lowered)");

// --- Output -----------------------------------------------------------------

const rule = (title) => `\n--- ${title} ${"-".repeat(Math.max(3, 66 - title.length))}`;
const print = (text) => console.log(text.replace(/\s+$/, ""));

console.log("Stepwise demo: a generator lowered to a switch-based state machine");
console.log(rule("source: examples/countdown.js"));
print(source);
console.log(rule("the state machine (output of @stepwise/babel-plugin)"));
print(lowered);
console.log(rule("native generator"));
print(nativeRun.join("\n"));
console.log(rule("lowered state machine"));
print(loweredRun.join("\n"));
console.log();

const agree = nativeRun.length === loweredRun.length && nativeRun.every((line, i) => line === loweredRun[i]);
if (agree) {
  console.log("native and lowered runs agree: yes");
} else {
  console.log("native and lowered runs agree: NO");
  const max = Math.max(nativeRun.length, loweredRun.length);
  for (let i = 0; i < max; i++) {
    if (nativeRun[i] !== loweredRun[i]) {
      console.log(`  first difference at line ${i + 1}:`);
      console.log(`    native : ${nativeRun[i] ?? "(missing)"}`);
      console.log(`    lowered: ${loweredRun[i] ?? "(missing)"}`);
      break;
    }
  }
  process.exitCode = 1;
}
