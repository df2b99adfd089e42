/**
 * Fixtures the examples menu leaves out, each with why: what its own code needs that the
 * playground's environment does not give. The playground runs programs on the runtime's own
 * promise and job loop (as on engines without a Promise), so a fixture that needs the engine's
 * Promise itself cannot show native behaviour there. (Fixtures the plugin refuses, `throws` in
 * their options.json, are left out too: they have nothing to run.) The recorder's test checks that
 * each reason still holds — a fixture that now runs as natively must come back into the menu.
 */
export const LEFT_OUT: Record<string, string> = {
  "async-generators/yield-promise-subclass-calls-its-then":
    "subclasses Promise (class MyPromise extends Promise): on the runtime's own promise, MyPromise.resolve makes a plain promise, so MyPromise's then is never called",
};
