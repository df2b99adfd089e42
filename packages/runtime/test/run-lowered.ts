// Runs a program lowered by the plugin (runtime inline) in a fresh Node process with the default
// stack size and --expose-gc, so that what a test measures does not depend on Jest's own process.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
// @ts-expect-error -- plain ESM helper without types for this import path
import { transformFixture } from "../../../fixtures/harness.mjs";

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
