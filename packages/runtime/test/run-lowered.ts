// Runs a program lowered by the plugin (runtime inline) in a fresh Node process with the default
// stack size and --expose-gc, so that what a test measures does not depend on Jest's own process.
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { transformSync } from "@babel/core";
// @ts-expect-error -- plain ESM helper without types for this import path
import { transformFixture, getPlugin } from "../../../fixtures/harness.mjs";

/** Lowers `source` (or, with `native`, keeps it as written) and runs it; its trimmed stdout. */
export function runLowered(source: string, args: string[] = [], { native = false } = {}): string {
  const code: string = native ? source : transformFixture(source, { filename: "program.js", options: { runtime: "inline" } });
  const dir = mkdtempSync(join(tmpdir(), "stepwise-run-"));
  try {
    const file = join(dir, "program.cjs");
    writeFileSync(file, code);
    return execFileSync(process.execPath, ["--expose-gc", file, ...args], { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } }).trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A small program of several files run in a fresh Node process, natively and lowered: for what a
 * vm context cannot show (util.inspect, a global replaced before the runtime loads, real ES and
 * CommonJS modules). `files` maps names to sources; those in `lowered` go through the plugin
 * (`.mjs` as an ES module, anything else as a script/CommonJS) with `options`. The directory has
 * `node_modules/@stepwise/runtime` linked to the built package, so `require`/`import` of it
 * resolve as in an application (package.json `exports`: Node gets lib/node.js). Returns the
 * trimmed stdout of `node [nodeArgs] main` for the native files and for the lowered ones.
 */
export function runFiles(
  files: Record<string, string>,
  { main, lowered, options = {}, nodeArgs = [] }: { main: string; lowered: string[]; options?: Record<string, unknown>; nodeArgs?: string[] },
): { native: string; lowered: string } {
  const run = (lower: boolean): string => {
    const dir = mkdtempSync(join(tmpdir(), "stepwise-files-"));
    try {
      mkdirSync(join(dir, "node_modules", "@stepwise"), { recursive: true });
      symlinkSync(runtimePackage, join(dir, "node_modules", "@stepwise", "runtime"), "dir");
      for (const [name, source] of Object.entries(files)) {
        const code = lower && lowered.includes(name) ? lowerFile(source, name, options) : source;
        writeFileSync(join(dir, name), code);
      }
      return execFileSync(process.execPath, [...nodeArgs, join(dir, main)], { cwd: dir, encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } }).trim();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  return { native: run(false), lowered: run(true) };
}

/** The built runtime package (this test's parent directory). */
const runtimePackage = join(dirname(fileURLToPath(import.meta.url)), "..");

function lowerFile(source: string, filename: string, options: Record<string, unknown>): string {
  const result = transformSync(source, {
    filename,
    babelrc: false,
    configFile: false,
    sourceType: filename.endsWith(".mjs") ? "module" : "script",
    plugins: [[getPlugin(), options]],
  });
  if (!result || typeof result.code !== "string") throw new Error(`${filename}: Babel returned no code`);
  return result.code;
}
