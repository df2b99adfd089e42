import { describe, expect, test } from "@jest/globals";
import { parseArgs, UsageError, HELP } from "./cli-args.js";

describe("parseArgs", () => {
  test("defaults: transform to stdout, runtime import, no maps", () => {
    expect(parseArgs(["a.js"])).toEqual({
      mode: "transform",
      files: ["a.js"],
      out: null,
      runtime: "import",
      explain: false,
      drain: false,
      sourceMaps: null,
      graphFormat: "dot",
      sourceType: null,
      sideBySide: false,
      width: null,
      help: false,
      version: false,
    });
  });

  test("values follow the option or are joined with =", () => {
    expect(parseArgs(["--runtime", "inline", "a.js"]).runtime).toBe("inline");
    expect(parseArgs(["--runtime=global", "a.js"]).runtime).toBe("global");
    expect(parseArgs(["-o", "lib", "a.js"]).out).toBe("lib");
    expect(parseArgs(["--out-dir=lib", "a.js"]).out).toBe("lib");
  });

  test("--source-maps: file with -o, inline without; an explicit mode wins", () => {
    expect(parseArgs(["--source-maps", "-o", "lib", "a.js"]).sourceMaps).toBe("file");
    expect(parseArgs(["--source-maps", "a.js"]).sourceMaps).toBe("inline");
    expect(parseArgs(["--source-maps", "inline", "-o", "lib", "a.js"]).sourceMaps).toBe("inline");
    expect(parseArgs(["--source-maps=file", "-o", "lib", "a.js"]).sourceMaps).toBe("file");
  });

  test("--graph takes the next word as its format only if it is one", () => {
    expect(parseArgs(["--graph", "mermaid", "a.js"])).toMatchObject({ mode: "graph", graphFormat: "mermaid", files: ["a.js"] });
    expect(parseArgs(["--graph", "./mermaid"])).toMatchObject({ mode: "graph", graphFormat: "dot", files: ["./mermaid"] });
    expect(parseArgs(["--graph", "a.js"])).toMatchObject({ mode: "graph", graphFormat: "dot", files: ["a.js"] });
  });

  test("--graph -o: the file's extension picks the format", () => {
    expect(parseArgs(["--graph", "-o", "g.mmd", "a.js"]).graphFormat).toBe("mermaid");
    expect(parseArgs(["--graph", "-o", "g.SVG", "a.js"]).graphFormat).toBe("dot");
    expect(parseArgs(["--graph", "dot", "-o", "g.gv", "a.js"]).graphFormat).toBe("dot");
    expect(() => parseArgs(["--graph", "dot", "-o", "g.mmd", "a.js"])).toThrow("--graph dot does not match the .mmd file extension.");
  });

  test("-- ends the options", () => {
    expect(parseArgs(["--", "--explain", "-x.js"]).files).toEqual(["--explain", "-x.js"]);
    expect(parseArgs(["--explain", "--", "a.js"])).toMatchObject({ explain: true, files: ["a.js"] });
  });

  test("--help and --version need no files", () => {
    expect(parseArgs(["--help"]).help).toBe(true);
    expect(parseArgs(["-v"]).version).toBe(true);
  });

  test("mistakes are UsageErrors", () => {
    expect(() => parseArgs(["--nope", "a.js"])).toThrow(UsageError);
    expect(() => parseArgs(["--graph", "--compare", "a.js"])).toThrow("--graph and --compare cannot be used together.");
    expect(() => parseArgs(["--graph", "--explain", "a.js"])).toThrow(/--explain cannot be used with --graph/);
    expect(() => parseArgs(["--compare", "--explain", "a.js"])).toThrow(/--explain cannot be used with --compare/);
    expect(() => parseArgs(["--width", "100", "a.js"])).toThrow("--width only applies to --compare.");
    expect(() => parseArgs(["-o"])).toThrow("-o needs a value.");
    expect(() => parseArgs(["-o", "", "a.js"])).toThrow("-o needs a value.");
  });

  test("the help text names every long option the parser knows", () => {
    for (const option of ["--out-dir", "--source-maps", "--runtime", "--explain", "--drain", "--source-type", "--graph", "--compare", "--side-by-side", "--width", "--help", "--version"]) {
      expect(HELP).toContain(option);
    }
  });
});
