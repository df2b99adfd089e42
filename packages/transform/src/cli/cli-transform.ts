/**
 * One file through Babel for the `stepwise` command: the plugin object imported directly (no
 * config files, no plugin loading by name), TypeScript through @babel/preset-typescript.
 */
import path from "node:path";
import * as babel from "@babel/core";
import type { File } from "@babel/types";
import stepwise from "../index.js";
import type { RuntimeMode } from "../plugin/options.js";
import type { SourceType } from "./cli-args.js";

const TS_EXTENSIONS = new Set([".ts", ".mts", ".cts", ".tsx"]);
const OUTPUT_EXTENSION: Record<string, string> = { ".ts": ".js", ".mts": ".mjs", ".cts": ".cjs", ".tsx": ".jsx" };

export function isTypeScript(file: string): boolean {
  return TS_EXTENSIONS.has(path.extname(file).toLowerCase());
}

/** The output file name for an input: TypeScript extensions become JavaScript ones. */
export function outputName(file: string): string {
  const ext = path.extname(file);
  const replacement = OUTPUT_EXTENSION[ext.toLowerCase()];
  return replacement ? file.slice(0, -ext.length) + replacement : file;
}

/** The source type a file is parsed as, unless the command line says otherwise. */
export function defaultSourceType(file: string): SourceType {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".mjs" || ext === ".mts") return "module";
  if (ext === ".cjs" || ext === ".cts") return "script";
  return "unambiguous";
}

export interface LowerOptions {
  /** Absolute path of the input. */
  filename: string;
  runtime?: RuntimeMode;
  explain?: boolean;
  drain?: boolean;
  sourceType?: SourceType | null;
  /** Produce a source map, naming the source this way in it. */
  sourceMaps?: boolean;
  sourceFileName?: string;
  /** Keep the output AST (for --graph); skip the code when `code` is false. */
  ast?: boolean;
  code?: boolean;
  highlightCode?: boolean;
}

export interface LowerResult {
  code: string | null;
  map: SourceMap | null;
  ast: File | null;
}

export interface SourceMap {
  version: number;
  file?: string;
  sources: string[];
  sourcesContent?: (string | null)[];
  names: string[];
  mappings: string;
  [key: string]: unknown;
}

let typescriptPreset: unknown;

async function loadTypeScriptPreset(): Promise<unknown> {
  if (typescriptPreset) return typescriptPreset;
  try {
    const mod = await import("@babel/preset-typescript");
    typescriptPreset = (mod as { default?: unknown }).default ?? mod;
    return typescriptPreset;
  } catch (error) {
    throw new Error(
      `TypeScript input needs @babel/preset-typescript (npm install --save-dev @babel/preset-typescript): ${(error as Error).message}`,
    );
  }
}

/** Presets and parser plugins a file needs before the lowering: TypeScript types removed, JSX parsed. */
export async function inputPresets(filename: string): Promise<{ presets: babel.PresetItem[]; parserPlugins: string[] }> {
  const ext = path.extname(filename).toLowerCase();
  const presets: babel.PresetItem[] = isTypeScript(filename) ? [(await loadTypeScriptPreset()) as babel.PresetItem] : [];
  const parserPlugins = ext === ".jsx" ? ["jsx"] : [];
  return { presets, parserPlugins };
}

/** Runs the plugin over `code`. Errors are Babel's: syntax errors and the plugin's refusals carry a code frame. */
export async function lowerSource(code: string, options: LowerOptions): Promise<LowerResult> {
  const { presets, parserPlugins } = await inputPresets(options.filename);
  const result = babel.transformSync(code, {
    filename: options.filename,
    babelrc: false,
    configFile: false,
    sourceType: options.sourceType ?? defaultSourceType(options.filename),
    highlightCode: options.highlightCode ?? false,
    compact: false,
    sourceMaps: options.sourceMaps ?? false,
    ...(options.sourceFileName !== undefined ? { sourceFileName: options.sourceFileName } : {}),
    ast: options.ast ?? false,
    code: options.code ?? true,
    parserOpts: { plugins: parserPlugins as never[] },
    presets,
    plugins: [[stepwise, { runtime: options.runtime ?? "import", explain: options.explain ?? false, drain: options.drain ?? false }]],
  });
  if (!result) throw new Error(`${options.filename}: Babel returned nothing (is the file ignored?)`);
  return {
    code: result.code ?? null,
    map: (result.map as SourceMap | null | undefined) ?? null,
    ast: (result.ast as File | null | undefined) ?? null,
  };
}

/** Babel's printer (Babel 8's @babel/core exports it), for quoting expressions in diagrams. */
export const printExpression: ((e: babel.types.Expression) => string) | undefined =
  typeof (babel as { generate?: unknown }).generate === "function"
    ? (e) => {
        const generate = (babel as unknown as { generate: (node: unknown, opts: object) => { code: string } }).generate;
        return generate(e, { comments: false, compact: false }).code;
      }
    : undefined;
