// Promises/A+ adapter for the runtime's FALLBACK promise (packages/runtime/src/fallback-promise.ts), the one
// engines without a Promise of their own get (Duktape, MuJS): `promises-aplus-tests` requires this
// file (see promises-aplus.test.ts).
//
// Node has a native Promise, and the runtime uses it when there is one, so the prebuilt script
// dist/runtime.js is evaluated in a vm context whose global has NO Promise. The context gets the
// host's setTimeout, as a browser or Rhino would have: the runtime's job loop then drains itself
// with a timer (loop.ts), which is what lets the suite's asynchronous checks see the callbacks.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const distPath = path.join(__dirname, "..", "dist", "runtime.js");
// TypeError is the host's, so that the TypeError the runtime rejects a chaining cycle with passes
// the suite's `reason instanceof TypeError` (the suite runs in the host realm).
const context = vm.createContext({ setTimeout: setTimeout, clearTimeout: clearTimeout, TypeError: TypeError });
vm.runInContext("delete globalThis.Promise;", context);
if (vm.runInContext("typeof Promise", context) !== "undefined") throw new Error("the context still has a Promise");
vm.runInContext(fs.readFileSync(distPath, "utf8"), context, { filename: distPath });

const stepwise = context.stepwise;
const FallbackPromise = stepwise.Promise;
if (typeof FallbackPromise !== "function" || FallbackPromise === Promise) {
  throw new Error("dist/runtime.js did not export its fallback Promise");
}

module.exports = {
  resolved: (value) => FallbackPromise.resolve(value),
  rejected: (reason) => FallbackPromise.reject(reason),
  deferred: () => {
    let resolve;
    let reject;
    const promise = new FallbackPromise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  },
};
