/**
 * The runtime's prebuilt scripts, bundled into the page as text (Vite `?raw` imports of
 * packages/runtime/dist, built by `npm run build`): the ones `runtime: "inline"` puts in the
 * output, the trace build the recorder runs programs on, the fixtures' prelude, whose `log` the
 * programs print with, and the library additions the old-engine builds get on top of the
 * runtime's own promise (scripts/engines/library-shims.js: Promise.prototype.finally,
 * allSettled, any).
 */
import manifestText from "@stepwise/runtime/dist/features.json?raw";
import generatorsScript from "@stepwise/runtime/dist/runtime-generators.js?raw";
import asyncScript from "@stepwise/runtime/dist/runtime-async.js?raw";
import wholeScript from "@stepwise/runtime/dist/runtime.js?raw";
import traceScriptText from "@stepwise/runtime/dist/runtime-trace.js?raw";
import preludeText from "../../../fixtures/prelude.js?raw";
import libraryShimsText from "../../../scripts/engines/library-shims.js?raw";
import type { RuntimeScript } from "@stepwise/babel-plugin/browser";

export const runtimeManifest = JSON.parse(manifestText) as RuntimeScript[];

export const runtimeSources: Record<string, string> = {
  "runtime-generators.js": generatorsScript,
  "runtime-async.js": asyncScript,
  "runtime.js": wholeScript,
  "runtime-trace.js": traceScriptText,
};

for (const script of runtimeManifest) {
  if (runtimeSources[script.file] === undefined) throw new Error(`playground: runtime script ${script.file} is not bundled`);
}

export const traceScript = traceScriptText;
export const prelude = preludeText;
export const libraryShims = libraryShimsText;
