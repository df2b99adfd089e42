// The runtime's fallback promise — the one Duktape and MuJS get, which have no Promise — passes the
// Promises/A+ compliance suite (promises-aplus-tests 2.1.2). Node has a native Promise, which the
// runtime would use instead, so the adapter (promises-aplus-adapter.cjs) evaluates the prebuilt
// dist/runtime.js in a vm context whose global has no Promise, only setTimeout: the runtime's job
// loop drains itself with timers there. The suite runs in its own Node process through its CLI,
// with a 5 s per-test timeout instead of its 200 ms (the timers must not flake on a busy machine).
// Needs `npm run build` (dist/runtime.js). Takes about 15 s: the suite waits on real timers.
import { describe, expect, test } from "@jest/globals";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const rootDir = join(here, "..", "..", "..");
const cli = join(rootDir, "node_modules", "promises-aplus-tests", "lib", "cli.js");
const adapter = join(here, "promises-aplus-adapter.cjs");
const dist = join(here, "..", "dist", "runtime.js");

function runSuite(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    // The CLI resolves the adapter against its working directory.
    execFile(
      process.execPath,
      [cli, relative(rootDir, adapter), "--reporter", "dot", "--timeout", "5000"],
      { cwd: rootDir, env: { ...process.env, NODE_OPTIONS: "" }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
        resolve({ code, output: `${stdout}\n${stderr}` });
      },
    );
  });
}

describe("fallback promise", () => {
  test("passes the Promises/A+ suite", async () => {
    expect(existsSync(dist)).toBe(true);
    const { code, output } = await runSuite();
    const passing = /(\d+) passing/.exec(output);
    const failing = /(\d+) failing/.exec(output);
    if (code !== 0 || failing) throw new Error(`promises-aplus-tests failed (exit ${code}):\n${output.slice(-6000)}`);
    expect(passing).not.toBeNull();
    expect(Number(passing![1])).toBe(872);
  }, 180_000);
});
