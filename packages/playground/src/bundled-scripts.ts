/**
 * The runtime's prebuilt files, bundled into the page as text (Vite `?raw` imports of
 * packages/runtime/dist, built by `npm run build`): the pieces `runtime: "inline"` picks what it
 * puts in the output from, the trace build the recorder runs programs on, the fixtures' prelude,
 * whose `log` the programs print with, and the library additions the old-engine builds get on top
 * of the runtime's own promise (scripts/engines/library-shims.js: Promise.prototype.finally,
 * allSettled, any).
 */
import piecesText from "@stepwise/runtime/dist/pieces.json?raw";
import traceScriptText from "@stepwise/runtime/dist/runtime-trace.js?raw";
import preludeText from "../../../fixtures/prelude.js?raw";
import libraryShimsText from "../../../scripts/engines/library-shims.js?raw";
import type { RuntimeManifest } from "@stepwise/babel-plugin/browser";

export const runtimePieces = JSON.parse(piecesText) as RuntimeManifest;

export const runtimeSources: Record<string, string> = {
  "runtime-trace.js": traceScriptText,
};

export const traceScript = traceScriptText;
export const prelude = preludeText;
export const libraryShims = libraryShimsText;
