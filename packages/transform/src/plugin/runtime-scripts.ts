/**
 * The runtime's prebuilt files, as the plugin sees them: what `runtime: "inline"` puts at the top
 * of a file. The plugin never reads files itself; it is handed a `RuntimeScripts`:
 *
 *     Node (src/index.ts)       node-runtime-scripts.ts reads @stepwise/runtime's dist/
 *     a page (src/browser.ts)   the page passes what it bundled: staticRuntimeScripts(...)
 *
 * so the compiler runs unchanged where there is no file system.
 */
import type { RuntimeManifest } from "./runtime-pieces.js";

/** The runtime's two builds: ES5 (every engine), and native (engines with ES2022; engine.ts in the runtime). */
export type RuntimeBuild = "es5" | "native";

export interface RuntimeScripts {
  /**
   * dist/pieces.json (dist/native/pieces.json for the native build): the runtime cut into
   * statements, which `runtime: "inline"` picks from.
   */
  pieces(build?: RuntimeBuild): RuntimeManifest;
  /**
   * The text of a whole prebuilt script of dist/ (`var stepwise = ...;`): the trace build,
   * dist/runtime-trace.js, that a file lowered with `trace: true` carries.
   */
  source(file: string): string;
}

/**
 * The files given as data: the pieces manifest and the whole scripts a page needs (for a browser
 * bundle); a page that passes no native manifest gets the ES5 build's pieces for every file.
 */
export function staticRuntimeScripts(pieces: RuntimeManifest, sources: Record<string, string> = {}, nativePieces?: RuntimeManifest): RuntimeScripts {
  return {
    pieces: (build) => (build === "native" && nativePieces !== undefined ? nativePieces : pieces),
    source: (file) => {
      const text = sources[file];
      if (text === undefined) throw new Error(`stepwise: runtime script "${file}" was not provided`);
      return text;
    },
  };
}
