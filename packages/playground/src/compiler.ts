/**
 * The compiler in the page: Babel (@babel/core, bundled) with the Stepwise plugin's browser entry
 * — the same plugin code the CLI runs, handed the runtime scripts the page bundles. Each edit
 * compiles the source twice:
 *
 *     for display   the options the reader picked (explain, runtime mode, targets): what the
 *                   output editor shows, and the AST the diagram and the case map are read from
 *     for running   the same, with `trace: true` and `runtime: "global"`: what the recorder runs
 *                   (its machines have the same cases: the hooks are added after every touch-up)
 */
import { transformSync } from "@babel/core";
import type { File } from "@babel/types";
import { createPlugin, staticRuntimeScripts, type RuntimeMode } from "@stepwise/babel-plugin/browser";
import { runtimePieces, runtimeSources } from "./bundled-scripts.js";

export interface CompileOptions {
  explain: boolean;
  runtime: RuntimeMode;
  /** A browserslist query for Babel's `targets` ("" for Babel's default). */
  targets: string;
}

export type Compiled = { ok: true; code: string; ast: File; ms: number } | { ok: false; error: string; ms: number };

const stepwise = createPlugin(staticRuntimeScripts(runtimePieces, runtimeSources));

function compile(source: string, pluginOptions: Record<string, unknown>, targets: string): Compiled {
  const started = performance.now();
  try {
    const result = transformSync(source, {
      filename: "input.js",
      sourceType: "script",
      configFile: false,
      babelrc: false,
      browserslistConfigFile: false,
      highlightCode: false,
      ast: true,
      ...(targets.trim() !== "" ? { targets: targets.trim() } : {}),
      plugins: [[stepwise, pluginOptions]],
    });
    if (!result || typeof result.code !== "string" || !result.ast) throw new Error("Babel returned no code");
    return { ok: true, code: result.code, ast: result.ast as File, ms: performance.now() - started };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: message, ms: performance.now() - started };
  }
}

/** What the output editor shows. */
export function compileForDisplay(source: string, options: CompileOptions): Compiled {
  return compile(source, { explain: options.explain, runtime: options.runtime }, options.targets);
}

/** What the recorder runs: traced, reaching the runtime through the `stepwise` it is given. */
export function compileForRun(source: string, options: CompileOptions): Compiled {
  return compile(source, { runtime: "global", trace: true }, options.targets);
}
