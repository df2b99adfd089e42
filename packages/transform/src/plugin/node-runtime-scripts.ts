/**
 * The runtime's prebuilt scripts read from the installed @stepwise/runtime package (its dist/),
 * once each, when a file first needs them: what the plugin uses under Node. Node-only (node:fs):
 * the browser entry (src/browser.ts) never imports this module.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { RuntimeScript, RuntimeScripts } from "./runtime-scripts.js";
import { RUNTIME_PACKAGE } from "./runtime-ref.js";

const require = createRequire(import.meta.url);
let manifest: RuntimeScript[] | null = null;
const sources = new Map<string, string>();

export const nodeRuntimeScripts: RuntimeScripts = {
  manifest() {
    manifest ??= JSON.parse(readFileSync(require.resolve(`${RUNTIME_PACKAGE}/dist/features.json`), "utf8")) as RuntimeScript[];
    return manifest;
  },
  source(file) {
    let source = sources.get(file);
    if (source === undefined) {
      source = readFileSync(require.resolve(`${RUNTIME_PACKAGE}/dist/${file}`), "utf8");
      sources.set(file, source);
    }
    return source;
  },
};
