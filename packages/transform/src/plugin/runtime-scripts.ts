/**
 * The runtime's prebuilt scripts, as the plugin sees them: what `runtime: "inline"` puts at the
 * top of a file. The plugin never reads files itself; it is handed a `RuntimeScripts`:
 *
 *     Node (src/index.ts)       node-runtime-scripts.ts reads @stepwise/runtime's dist/
 *     a page (src/browser.ts)   the page passes the scripts it bundled: staticRuntimeScripts(...)
 *
 * so the compiler runs unchanged where there is no file system.
 */

/** One prebuilt ES5 script of the runtime package's dist/, and the names it exports. */
export interface RuntimeScript {
  file: string;
  exports: string[];
}

export interface RuntimeScripts {
  /**
   * The scripts an inlining file may get, smallest first (`dist/features.json`, written with them
   * by the runtime's bundler): the generators alone, with async functions, and the whole runtime.
   */
  manifest(): RuntimeScript[];
  /** The source text of one of them: `var stepwise = (function (exports) { ... })({});` */
  source(file: string): string;
}

/** Scripts given as data: the manifest and every script's text (for a browser bundle). */
export function staticRuntimeScripts(manifest: RuntimeScript[], sources: Record<string, string>): RuntimeScripts {
  return {
    manifest: () => manifest,
    source: (file) => {
      const text = sources[file];
      if (text === undefined) throw new Error(`stepwise: runtime script "${file}" was not provided`);
      return text;
    },
  };
}
