/**
 * The runtime's prebuilt files read from the installed @stepwise/runtime package (its dist/), once
 * each, when a file first needs them: what the plugin uses under Node. Node-only (node:fs): the
 * browser entry (src/browser.ts) never imports this module.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { RuntimeScripts } from "./runtime-scripts.js";
import type { RuntimeManifest } from "./runtime-pieces.js";
import { RUNTIME_PACKAGE } from "./runtime-ref.js";

const require = createRequire(import.meta.url);
const pieces = new Map<string, RuntimeManifest>();
const sources = new Map<string, string>();

const read = (file: string) => readFileSync(require.resolve(`${RUNTIME_PACKAGE}/dist/${file}`), "utf8");

export const nodeRuntimeScripts: RuntimeScripts = {
  pieces(build = "es5") {
    let manifest = pieces.get(build);
    if (manifest === undefined) {
      manifest = JSON.parse(read(build === "native" ? "native/pieces.json" : "pieces.json")) as RuntimeManifest;
      pieces.set(build, manifest);
    }
    return manifest;
  },
  source(file) {
    let source = sources.get(file);
    if (source === undefined) {
      source = read(file);
      sources.set(file, source);
    }
    return source;
  },
};
