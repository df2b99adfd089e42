// Promises/A+ adapter for the runtime's FALLBACK promise (packages/runtime/src/fallback-promise.ts), the one
// engines without a Promise of their own get (Duktape, MuJS): `promises-aplus-tests` requires this
// file (see promises-aplus.test.ts).
//
// Node has a native Promise, and the runtime uses it when there is one, so the prebuilt script
// dist/runtime.js (the ES5 build, which reads `Promise` by name when it loads) is evaluated in this
// realm inside a function whose parameter `Promise` is undefined and whose `setTimeout` is the
// host's, as a browser or Rhino would have: the runtime's job loop then drains itself with a timer
// (loop.ts), which is what lets the suite's asynchronous checks see the callbacks. The runtime's
// TypeError is this realm's (it takes the one the engine throws), as the suite's
// `reason instanceof TypeError` expects.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const distPath = path.join(__dirname, "..", "dist", "runtime.js");
const load = vm.runInThisContext(`(function (Promise, setTimeout) {\n${fs.readFileSync(distPath, "utf8")}\nreturn stepwise;\n})`, {
  filename: distPath,
});
const stepwise = load(undefined, setTimeout);
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
