/**
 * Fixtures the examples menu leaves out, each with why: what its own code needs that the
 * playground's environment does not give. The playground runs a program at the top level of a
 * browser frame (so a `var` is a global, as in a script), on the runtime's own promise and job
 * loop (as on engines without a Promise). A fixture that needs the engine's own Promise, or
 * declares a global a browser window already has and cannot give up, cannot show native
 * behaviour there. (Fixtures the plugin refuses, `throws` in their options.json, are left out
 * too: they have nothing to run.) The recorder's test checks that each reason still holds.
 */
export interface LeftOut {
  reason: string;
  /** "browser": only a browser window lacks what it needs (it runs as natively in the tests' Node realm). */
  where: "browser" | "everywhere";
}

const TOP = "declares a global function named `top`: every browser window already has `top` (window.top, which cannot be redeclared), so the script throws there before it starts";

export const LEFT_OUT: Record<string, LeftOut> = {
  "async-generators/yield-promise-subclass-calls-its-then": {
    reason: "subclasses Promise (class MyPromise extends Promise): on the runtime's own promise, MyPromise.resolve makes a plain promise, so MyPromise's then is never called",
    where: "everywhere",
  },
  "async-functions/dynamic-import-of-an-awaited-specifier": {
    reason: "imports data: URLs with import(); the playground runs a script with no module loader",
    where: "everywhere",
  },
  "async-functions/nested-async-calls-settle-inside-out": { reason: TOP, where: "browser" },
  "async-generators/yield-star-recursive-tree-walk": { reason: TOP, where: "browser" },
};
