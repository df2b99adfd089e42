/**
 * `stepwise --compare FILE`: Stepwise's output beside the two usual ways of getting generators and
 * async functions onto ES5 — TypeScript's downlevel (`__generator`/`__awaiter` helpers) and
 * regenerator (Babel's transform-regenerator and friends) — with the size of each.
 *
 * The peers are loaded only here, by dynamic import: the plugin does not depend on them. A peer
 * that is missing or fails on the input is reported with its error instead of its output.
 */
import path from "node:path";
import { gzipSync } from "node:zlib";
import * as babel from "@babel/core";
import { lowerSource, inputPresets, defaultSourceType } from "./cli-transform.js";
import type { RuntimeMode } from "../plugin/options.js";
import type { SourceType } from "./cli-args.js";

export interface PeerOutput {
  /** Section title. */
  title: string;
  /** Row name in the size table. */
  short: string;
  code: string | null;
  error: string | null;
  /** Printed as a section (false: only a size row). */
  shown: boolean;
}

export interface Sizes {
  raw: number;
  gzip: number;
}

export function sizesOf(code: string): Sizes {
  return { raw: Buffer.byteLength(code, "utf8"), gzip: gzipSync(code, { level: 9 }).length };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function importDefault(name: string): Promise<unknown> {
  const mod = (await import(name)) as { default?: unknown };
  return mod.default ?? mod;
}

/** TypeScript's ES5 downlevel of the file (no type check: syntax errors only). */
async function typescriptOutput(code: string, filename: string): Promise<{ code: string | null; error: string | null; version: string }> {
  let ts: typeof import("ts-morph").ts;
  try {
    ts = (await import("ts-morph")).ts;
  } catch (error) {
    return { code: null, error: `cannot load ts-morph (npm install --save-dev ts-morph): ${message(error)}`, version: "?" };
  }
  try {
    const result = ts.transpileModule(code, {
      fileName: path.basename(filename),
      reportDiagnostics: true,
      compilerOptions: {
        target: ts.ScriptTarget.ES5,
        ignoreDeprecations: "6.0",
        importHelpers: false,
        // for-of, spread and destructuring over iterators (generators!) as the spec says
        downlevelIteration: true,
        lib: ["lib.es2018.d.ts", "lib.dom.d.ts"],
      },
    });
    const errors = (result.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
    if (errors.length > 0) {
      const lines = errors.map((d) => {
        const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
        if (d.file && d.start !== undefined) {
          const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
          return `${path.basename(filename)}(${line + 1},${character + 1}): error TS${d.code}: ${text}\n${codeFrame(code, line + 1, character + 1)}`;
        }
        return `error TS${d.code}: ${text}`;
      });
      return { code: null, error: lines.join("\n"), version: ts.version };
    }
    return { code: result.outputText, error: null, version: ts.version };
  } catch (error) {
    return { code: null, error: message(error), version: ts.version };
  }
}

/** A two-line code frame: the line, and a caret under the column (1-based). */
export function codeFrame(code: string, line: number, column: number): string {
  const text = code.split(/\r?\n/)[line - 1] ?? "";
  const gutter = `${line} | `;
  return `> ${gutter}${text}\n  ${" ".repeat(gutter.length)}${" ".repeat(Math.max(0, column - 1))}^`;
}

const REGENERATOR_PLUGINS = [
  "@babel/plugin-transform-async-generator-functions",
  "@babel/plugin-transform-async-to-generator",
  "@babel/plugin-transform-regenerator",
  "@babel/plugin-transform-for-of",
];

/** regenerator's output: Babel with the plugins that lower async generators, async functions, generators and for-of. */
async function regeneratorOutput(code: string, filename: string, sourceType: SourceType): Promise<{ code: string | null; error: string | null }> {
  const plugins: babel.PluginItem[] = [];
  for (const name of REGENERATOR_PLUGINS) {
    try {
      plugins.push((await importDefault(name)) as babel.PluginItem);
    } catch (error) {
      return { code: null, error: `cannot load ${name} (npm install --save-dev ${name}): ${message(error)}` };
    }
  }
  try {
    const { presets, parserPlugins } = await inputPresets(filename);
    const result = babel.transformSync(code, {
      filename,
      babelrc: false,
      configFile: false,
      sourceType,
      highlightCode: false,
      compact: false,
      parserOpts: { plugins: parserPlugins as never[] },
      presets,
      plugins,
    });
    return { code: result?.code ?? "", error: null };
  } catch (error) {
    return { code: null, error: message(error) };
  }
}

export interface CompareOptions {
  filename: string;
  runtime: RuntimeMode;
  sourceType: SourceType | null;
  highlightCode?: boolean;
}

/** Every output, in display order. The first is Stepwise's with the chosen runtime mode. */
export async function compareOutputs(code: string, options: CompareOptions): Promise<PeerOutput[]> {
  const sourceType = options.sourceType ?? defaultSourceType(options.filename);
  const stepwise = async (runtime: RuntimeMode) => {
    try {
      const result = await lowerSource(code, { filename: options.filename, runtime, sourceType, highlightCode: options.highlightCode });
      return { code: result.code ?? "", error: null };
    } catch (error) {
      return { code: null, error: message(error) };
    }
  };
  const runtimeWords: Record<RuntimeMode, string> = { import: "runtime imported", inline: "runtime inlined", global: "runtime global" };
  const outputs: PeerOutput[] = [];
  const main = await stepwise(options.runtime);
  outputs.push({
    title: `Stepwise (@stepwise/babel-plugin, runtime: "${options.runtime}")`,
    short: `Stepwise, ${runtimeWords[options.runtime]}`,
    ...main,
    shown: true,
  });
  const ts = await typescriptOutput(code, options.filename);
  outputs.push({
    title: `TypeScript ${ts.version} (transpileModule, target ES5, downlevelIteration; helpers inline)`,
    short: `TypeScript ${ts.version} ES5`,
    code: ts.code,
    error: ts.error,
    shown: true,
  });
  const regenerator = await regeneratorOutput(code, options.filename, sourceType);
  outputs.push({
    title: `regenerator (Babel ${babel.version}: transform-regenerator, -async-to-generator, -async-generator-functions, -for-of; helpers inline)`,
    short: "regenerator",
    ...regenerator,
    shown: true,
  });
  // The other helpers are inlined: Stepwise's size with its runtime inlined too, for a fair count.
  if (options.runtime !== "inline") {
    outputs.splice(1, 0, { title: "", short: `Stepwise, ${runtimeWords.inline}`, ...(await stepwise("inline")), shown: false });
  }
  return outputs;
}

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

/** The size table: one row per output, raw and gzip bytes. */
export function sizeTable(outputs: PeerOutput[]): string {
  const rows = outputs.map((o) => {
    if (o.code === null) return [o.short, "failed", "failed"];
    const s = sizesOf(o.code);
    return [o.short, String(s.raw), String(s.gzip)];
  });
  const nameWidth = Math.max(...rows.map((r) => r[0].length), 6);
  const lines = [`${pad("output", nameWidth)}  ${pad("bytes", 8, true)}  ${pad("gzip -9", 8, true)}`];
  lines.push(`${"-".repeat(nameWidth)}  ${"-".repeat(8)}  ${"-".repeat(8)}`);
  for (const [name, raw, gz] of rows) lines.push(`${pad(name, nameWidth)}  ${pad(raw, 8, true)}  ${pad(gz, 8, true)}`);
  return lines.join("\n");
}

function body(o: PeerOutput): string {
  return o.code !== null ? o.code.replace(/\s+$/, "") : `error: ${o.error}`;
}

/** One section after another. */
export function formatSequential(outputs: PeerOutput[]): string {
  const parts: string[] = [];
  for (const o of outputs.filter((x) => x.shown)) {
    parts.push(`=== ${o.title} ===`, body(o), "");
  }
  parts.push("=== sizes ===", sizeTable(outputs), "");
  return parts.join("\n");
}

function wrap(line: string, width: number): string[] {
  const expanded = line.replace(/\t/g, "  ");
  if (expanded.length <= width) return [expanded];
  // The first piece takes the full width, the rest "↪" and width - 1 characters.
  const out = [expanded.slice(0, width)];
  for (let i = width; i < expanded.length; i += width - 1) out.push("↪" + expanded.slice(i, i + width - 1));
  return out;
}

/** The shown outputs in columns, long lines wrapped, then the size table. */
export function formatSideBySide(outputs: PeerOutput[], totalWidth: number): string {
  const shown = outputs.filter((o) => o.shown);
  const gap = " │ ";
  const width = Math.max(20, Math.floor((totalWidth - gap.length * (shown.length - 1)) / shown.length));
  const columns = shown.map((o) => {
    const lines = [...wrap(o.short, width), "─".repeat(width)];
    for (const line of body(o).split("\n")) lines.push(...wrap(line, width));
    return lines;
  });
  const height = Math.max(...columns.map((c) => c.length));
  const rows: string[] = [];
  for (let i = 0; i < height; i++) {
    rows.push(columns.map((c) => pad(c[i] ?? "", width)).join(gap).replace(/\s+$/, ""));
  }
  return `${rows.join("\n")}\n\n=== sizes ===\n${sizeTable(outputs)}\n`;
}
