#!/usr/bin/env node
// The trace in the README's walk-through: which cases of the lowered examples/countdown.js run
// for each call, which verb each run ends with, and the state the machine is left in.
//
//   npm run build && node docs/trace-countdown.mjs
//
// It lowers the example with the built plugin, puts `__trace(N)` at the top of every case, and
// wraps the runtime's verbs (Context.prototype.yield, finish, endFinally, ...) to log their calls.
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { transformSync } from "@babel/core";
import stepwise from "../packages/transform/lib/index.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const runtime = require("@stepwise/runtime");

const source = fs.readFileSync(path.join(root, "examples", "countdown.js"), "utf8");
const lowered = transformSync(source, {
  filename: "countdown.js",
  babelrc: false,
  configFile: false,
  sourceType: "script",
  plugins: [[stepwise, {}]],
}).code.replace(/^(\s*)case (\d+):$/gm, "$1case $2: __trace($2);");

let line = [];
let context = null;
const show = (v) => (typeof v === "string" ? JSON.stringify(v) : String(v));
for (const verb of ["yield", "await", "delegate", "finish", "jump", "endFinally"]) {
  const original = runtime.Context.prototype[verb];
  runtime.Context.prototype[verb] = function (...args) {
    context = this;
    line.push(`${verb}(${args.map(show).join(", ")})`);
    return original.apply(this, args);
  };
}

const sandbox = {
  require: () => runtime,
  __trace: (n) => line.push(`case ${n}`),
  console: { log: (text) => line.push(`log ${JSON.stringify(String(text).trim())}`) },
};
vm.runInContext(lowered, vm.createContext(sandbox));

const g = sandbox.countdown(2);
const calls = [["next"], ["next"], ["next", "stop"], ["next"]];
console.log("const g = countdown(2);");
for (const [method, arg] of calls) {
  line = [];
  const result = g[method](arg);
  const call = `g.${method}(${arg === undefined ? "" : show(arg)})`;
  const state = context ? context.state : "?";
  console.log(`${call.padEnd(15)} ${line.join(" → ")}`);
  console.log(`${"".padEnd(15)} = { value: ${show(result.value)}, done: ${result.done} }, state ${state}`);
}
