// Loads the BUILT plugin (packages/transform/lib, from `npm run build`) through
// Babel 8 (@babel/core) and Babel 7 (babel-core-7, an npm alias of @babel/core@7),
// by package name, by short name and by path, with transformSync and transformAsync.
//
// Each case runs Babel in a separate plain Node process (helpers/run-babel.mjs):
// inside Jest's module registry Babel cannot load an ESM plugin on Node 20
// (jest-runtime has no require(esm) before Node 24.9), whereas users' Node can.
import { describe, expect, test } from "@jest/globals";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const pluginDir = resolve(here, "..");
const repoRoot = resolve(pluginDir, "..", "..");
const helper = resolve(here, "helpers", "run-babel.mjs");
const source = "function* g() { yield 1; }";

type Core = "8" | "7";
type Mode = "sync" | "async";
interface RunResult {
  ok: boolean;
  babelVersion: string;
  code?: string | null;
  message?: string;
}

function runBabel(core: Core, mode: Mode, plugin: unknown, extra: Record<string, unknown> = {}, code = source): Promise<RunResult> {
  const options = { babelrc: false, configFile: false, cwd: repoRoot, filename: "input.js", plugins: [plugin], ...extra };
  const env = { ...process.env };
  delete env.NODE_OPTIONS; // drop Jest's --experimental-vm-modules
  return new Promise((resolvePromise, reject) => {
    execFile(
      process.execPath,
      [helper, JSON.stringify({ core, mode, source: code, options })],
      { cwd: repoRoot, env },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`helper failed: ${error.message}\n${stderr}`));
          return;
        }
        const lines = stdout.trim().split("\n");
        resolvePromise(JSON.parse(lines[lines.length - 1]) as RunResult);
      },
    );
  });
}

const cores: Array<[string, Core]> = [
  ["Babel 8", "8"],
  ["Babel 7", "7"],
];
const pluginRefs: Array<[string, string]> = [
  ["package name", "@stepwise/babel-plugin"],
  ["short name", "@stepwise"],
  ["path", pluginDir],
];
const modes: Mode[] = ["sync", "async"];

test("the plugin has been built (run `npm run build` first)", () => {
  expect(existsSync(resolve(pluginDir, "lib", "index.js"))).toBe(true);
});

describe.each(cores)("%s", (_label, core) => {
  describe.each(pluginRefs)("plugin by %s", (_how, ref) => {
    test.each(modes)("loads and transforms (%s)", async (mode) => {
      const result = await runBabel(core, mode, ref);
      expect(result.message).toBeUndefined();
      expect(result.ok).toBe(true);
      expect(result.babelVersion.split(".")[0]).toBe(core);
      expect(typeof result.code).toBe("string");
    });
  });

  // Inside a lowered body, syntax is rewritten only where Babel's targets lack it (core/target-syntax.ts).
  const modern = "function* g() { const square = (x) => x ** 2; const o = { m() {} }; yield square(2); }";
  test("keeps arrows, `**` and methods for targets that have them", async () => {
    const result = await runBabel(core, "sync", "@stepwise/babel-plugin", { targets: "chrome 120", browserslistConfigFile: false }, modern);
    expect(result.message).toBeUndefined();
    expect(result.code).toContain("x => x ** 2");
    expect(result.code).toContain("m() {}");
  });

  test("rewrites them for old targets", async () => {
    const result = await runBabel(core, "sync", "@stepwise/babel-plugin", { targets: "ie 8", browserslistConfigFile: false }, modern);
    expect(result.code).toContain("Math.pow(x, 2)");
    expect(result.code).not.toContain("=>");
    expect(result.code).toContain("m: function () {}");
  });

  test("rejects an unknown option, naming it", async () => {
    const result = await runBabel(core, "sync", ["@stepwise/babel-plugin", { bogus: 1 }]);
    expect(result.ok).toBe(false);
    expect(result.message).toContain("bogus");
  });
});
