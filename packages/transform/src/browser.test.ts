import { describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const srcDir = dirname(fileURLToPath(import.meta.url));

/**
 * The modules a source file loads at run time, as a bundler follows them: static imports and
 * re-exports (type-only ones are erased) and dynamic `import("...")`.
 */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const found: string[] = [];
  const patterns = [/^(?:import|export)\s+(?!type\b)(?:[^;"']*?\sfrom\s+)?["']([^"']+)["']/gm, /\bimport\(\s*["']([^"']+)["']\s*\)/g];
  for (const pattern of patterns) {
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) found.push(match[1]);
  }
  return found;
}

/** Every source file the entry loads, and every package it names. */
function closure(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const spec of runtimeImports(file)) {
      if (spec.startsWith(".")) visit(join(dirname(file), spec.replace(/\.js$/, ".ts")));
      else packages.add(spec);
    }
  };
  visit(join(srcDir, entry));
  return { files: [...files].map((f) => relative(srcDir, f)).sort(), packages: [...packages].sort() };
}

describe("the browser entry loads nothing Node-only", () => {
  const { files, packages } = closure("browser.ts");

  test("no Node built-in, no ts-morph, no package at all (Babel's types come from the api object)", () => {
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    expect(packages.filter((p) => builtins.has(p) || p.startsWith("node:"))).toEqual([]);
    expect(packages).toEqual([]);
  });

  test("nothing from cli/, nor the Node source of runtime scripts", () => {
    expect(files.filter((f) => f.startsWith("cli/") || f === "plugin/node-runtime-scripts.ts" || f === "index.ts")).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(["browser.ts", "plugin/plugin.ts", "core/lower-function.ts", "views/graph.ts"]));
  });

  test("the check sees what the Node entry loads (it would catch a stray import)", () => {
    expect(closure("index.ts").packages).toEqual(expect.arrayContaining(["node:fs", "node:module"]));
    expect(closure("cli/cli.ts").files).toEqual(expect.arrayContaining(["cli/cli-transform.ts"]));
  });
});
