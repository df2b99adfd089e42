import { describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parse } from "@babel/parser";
import { transformSync } from "@babel/core";
import { isOwnRuntimeFile } from "./own-runtime.js";
import plugin from "../index.js";

const require = createRequire(import.meta.url);
const builtFile = (name: string) => readFileSync(require.resolve(`@stepwise/runtime/${name}`), "utf8");
const nativeBuild = () => readFileSync(require.resolve("@stepwise/runtime/package.json").replace(/package\.json$/, "lib/node.js"), "utf8");
const parsed = (code: string) => parse(code, { sourceType: "script" });

describe("isOwnRuntimeFile: the runtime's files, by the banner its bundle script writes", () => {
  test("every build of the runtime is recognised", () => {
    expect(isOwnRuntimeFile(parsed(nativeBuild()))).toBe(true);
    expect(isOwnRuntimeFile(parsed(builtFile("dist/runtime.js")))).toBe(true);
    expect(isOwnRuntimeFile(parsed(builtFile("dist/runtime-trace.js")))).toBe(true);
  });

  test("only a block comment opening with the package name, ahead of all code", () => {
    const body = "\nasync function f() {}";
    expect(isOwnRuntimeFile(parsed(`/* @stepwise/runtime 1.2.3 */${body}`))).toBe(true);
    expect(isOwnRuntimeFile(parsed(`/* @stepwise/runtime 1.2.3 */\n"use strict";${body}`))).toBe(true);
    expect(isOwnRuntimeFile(parsed(`// @stepwise/runtime 1.2.3${body}`))).toBe(false);
    expect(isOwnRuntimeFile(parsed(`/* uses @stepwise/runtime 1.2.3 */${body}`))).toBe(false);
    expect(isOwnRuntimeFile(parsed(`/* @stepwise/runtime-like */${body}`))).toBe(false);
    expect(isOwnRuntimeFile(parsed(`"use strict"; /* @stepwise/runtime 1.2.3 */${body}`))).toBe(false);
    expect(isOwnRuntimeFile(parsed(`var x; /* @stepwise/runtime 1.2.3 */${body}`))).toBe(false);
    expect(isOwnRuntimeFile(parsed(body))).toBe(false);
  });
});

describe("a build that compiles node_modules leaves the runtime as it is", () => {
  test.each(["import", "inline"])("the native build, lowered with runtime %s, is the same program, not a require of itself", (runtime) => {
    const compile = (plugins: unknown[]) =>
      transformSync(nativeBuild(), {
        filename: "node_modules/@stepwise/runtime/lib/node.js",
        babelrc: false,
        configFile: false,
        targets: { node: "20" },
        plugins: plugins as never,
      })!.code!;
    const out = compile([[plugin, { runtime }]]);
    expect(out).toEqual(compile([]));
    expect(out).toContain("getPrototypeOf(async function () {})");
  });
});
