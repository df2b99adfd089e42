// What the runtime package ships, checked as shipped (needs `npm run build`):
//   - dist/runtime.js and every piece of dist/pieces.json parse as ES3 (reserved words refused as
//     property names), since old engines such as JScript load them;
//   - dist/runtime.js is minified and its source map leads back to src/*.ts;
//   - minifying kept the names user code can see (`next.name`, `GeneratorFunction`, ...);
//   - `import` gets lib/index.mjs and `require` lib/index.js, with the same names, and a bundler
//     keeps only what the importing code uses (the package has `"sideEffects": false`).
import { describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as acorn from "acorn";
import * as esbuild from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = join(here, "..");
const require = createRequire(join(packageDir, "package.json"));
const read = (file: string) => readFileSync(join(packageDir, file), "utf8");
const es3 = (code: string) => acorn.parse(code, { ecmaVersion: 3, allowReserved: "never", sourceType: "script" });

interface Manifest {
  exports: Record<string, string>;
  statements: { code: string; declares: string[] }[];
}

describe("the prebuilt scripts", () => {
  test("dist/runtime.js parses as ES3 and declares one variable", () => {
    const ast = es3(read("dist/runtime.js"));
    expect(ast.body).toHaveLength(1);
    expect(ast.body[0]).toMatchObject({ type: "VariableDeclaration", declarations: [{ id: { name: "stepwise" } }] });
  });

  test("every piece of dist/pieces.json parses as ES3", () => {
    const manifest = JSON.parse(read("dist/pieces.json")) as Manifest;
    for (const piece of manifest.statements) expect(() => es3(piece.code)).not.toThrow();
  });

  test("dist/runtime.js is minified, and its map leads to the TypeScript sources", () => {
    const script = read("dist/runtime.js");
    expect(script.trim().split("\n").length).toBeLessThanOrEqual(3); // banner, code, source map comment
    expect(script).toMatch(/\/\/# sourceMappingURL=runtime\.js\.map\s*$/);
    const map = JSON.parse(read("dist/runtime.js.map")) as { sources: string[]; sourcesContent: string[] };
    expect(map.sources).toContain("../src/generator.ts");
    expect(map.sourcesContent[map.sources.indexOf("../src/generator.ts")]).toBe(read("src/generator.ts"));
  });
});

describe("names user code can see survive minifying", () => {
  const stepwise = new Function(`${read("dist/runtime.js")}\nreturn stepwise;`)();

  test("the generator methods and the function kinds are named as natively", () => {
    const nativeGenerator = Object.getPrototypeOf(function* () {}).prototype;
    const methods = ["next", "throw", "return"];
    for (const name of methods) expect(stepwise.GeneratorPrototype[name].name).toBe(nativeGenerator[name].name);
    const kinds: [string, (f: () => void) => unknown, unknown][] = [
      ["mark", stepwise.mark, function* () {}],
      ["markAsync", stepwise.markAsync, async function () {}],
      ["markAsyncGenerator", stepwise.markAsyncGenerator, async function* () {}],
    ];
    for (const [, markKind, native] of kinds) {
      const lowered = markKind(function () {});
      expect(Object.getPrototypeOf(lowered).constructor.name).toBe(Object.getPrototypeOf(native).constructor.name);
    }
    const asyncGenerator = Object.getPrototypeOf(stepwise.markAsyncGenerator(function () {}).prototype);
    const nativeAsyncGenerator = Object.getPrototypeOf(async function* () {}).prototype;
    for (const name of methods) expect(asyncGenerator[name].name).toBe(nativeAsyncGenerator[name].name);
  });
});

describe("import and require", () => {
  test("Node gets the native build; bundlers the ES module, with the same names", async () => {
    expect(require.resolve("@stepwise/runtime")).toBe(join(packageDir, "lib", "node.js"));
    const esm = await import(pathToFileURL(join(packageDir, "lib", "index.mjs")).href);
    expect(Object.keys(esm).sort()).toEqual(Object.keys(require("@stepwise/runtime")).sort());
    expect(Object.keys(require(join(packageDir, "lib", "index.js"))).sort()).toEqual(Object.keys(esm).sort());
  });

  test("a bundler keeps only what the importing code uses", async () => {
    const bundle = async (names: string[]) => {
      const result = await esbuild.build({
        stdin: { contents: `import { ${names.join(", ")} } from "@stepwise/runtime"; export default [${names.join(", ")}];`, resolveDir: packageDir },
        bundle: true,
        format: "esm",
        write: false,
        logLevel: "silent",
      });
      return result.outputFiles[0].text;
    };
    const generators = await bundle(["generator", "mark"]);
    expect(generators).toMatch(/"GeneratorFunction"/);
    expect(generators).not.toMatch(/AsyncGeneratorContext|AsyncContext|function FallbackPromise|objectRest/);
    const objects = await bundle(["keys"]);
    expect(objects).not.toMatch(/Generator|Context/);
  });
});
