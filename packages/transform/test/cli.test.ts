// The `stepwise` command, run for real: `node packages/transform/lib/cli/cli.js` (the package's bin,
// built by `npm run build`) in a child process, on real files in a temporary directory.
import { describe, expect, test, beforeAll, afterAll } from "@jest/globals";
import { execFile, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SourceMapConsumer, type RawSourceMap } from "source-map";

const here = path.dirname(fileURLToPath(import.meta.url));
const pluginDir = path.resolve(here, "..");
const repoRoot = path.resolve(pluginDir, "..", "..");
const cli = path.join(pluginDir, "lib", "cli", "cli.js");
const nodeModules = path.join(repoRoot, "node_modules");
const hasDot = spawnSync("dot", ["-V"]).status === 0;

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", ...extra };
  delete env.NODE_OPTIONS; // jest's --experimental-vm-modules
  delete env.FORCE_COLOR;
  return env;
}

function run(file: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [file, ...args], { cwd, env: cleanEnv(env), maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ status, stdout, stderr });
    });
  });
}

/** `stepwise ARGS` in `cwd`. */
const stepwise = (args: string[], cwd: string) => run(cli, args, cwd);
/** Runs a script with node; `require("@stepwise/runtime")` resolves to the repository's runtime. */
const node = (file: string, cwd: string) => run(file, [], cwd, { NODE_PATH: nodeModules });

let dir: string;
function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

const COUNTDOWN = `function* countdown(from) {
  try {
    for (let n = from; n > 0; n--) {
      const command = yield n;
      if (command === "stop") return "stopped early";
    }
    return "liftoff";
  } finally {
    console.log("cleaning up");
  }
}
var g = countdown(2);
console.log(JSON.stringify([g.next(), g.next(), g.next(), g.next()]));
async function twice(x) {
  const a = await x;
  return a * 2;
}
twice(21).then(function (v) { console.log("twice", v); });
async function* ticks() {
  yield "a";
  yield await Promise.resolve("b");
}
(async function () {
  for await (const t of ticks()) console.log("tick", t);
})();
`;

const TYPESCRIPT = `interface Point { x: number; y: number }
function* sums(points: Point[]): Generator<number, string, unknown> {
  for (const p of points) {
    yield p.x + p.y;
  }
  return "done";
}
const it: Generator<number, string, unknown> = sums([{ x: 1, y: 2 }, { x: 3, y: 4 }]);
console.log(JSON.stringify([...it]));
`;

beforeAll(() => {
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "stepwise-cli-"));
  write("src/countdown.js", COUNTDOWN);
  write("src/lib/points.ts", TYPESCRIPT);
  write("src/plain.js", "function add(a, b) { return a + b; }\nconsole.log(add(1, 2));\n");
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("stepwise --help / --version", () => {
  test("--help documents every option and exits 0", async () => {
    const r = await stepwise(["--help"], dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: stepwise \[options\] FILE\.\.\./);
    for (const option of [
      "-o, --out-dir DIR",
      "--source-maps [MODE]",
      "--runtime MODE",
      "--explain",
      "--drain",
      "--source-type TYPE",
      "--graph [FORMAT]",
      "-o DIAGRAM",
      "--compare",
      "--side-by-side",
      "--width N",
      "-h, --help",
      "-v, --version",
      "Exit status",
    ]) {
      expect(r.stdout).toContain(option);
    }
    expect((await stepwise(["-h"], dir)).stdout).toBe(r.stdout);
  });

  test("--version prints the plugin's version", async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(pluginDir, "package.json"), "utf8"));
    const r = await stepwise(["--version"], dir);
    expect(r).toEqual({ status: 0, stdout: `${pkg.version}\n`, stderr: "" });
  });

  test("the package's bin runs the CLI: npx stepwise, through the workspace's bin link", async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(pluginDir, "package.json"), "utf8"));
    expect(pkg.bin).toEqual({ stepwise: "./bin/stepwise.js" });
    expect(pkg.files).toEqual(expect.arrayContaining(["lib", "bin"]));
    const link = path.join(nodeModules, ".bin", "stepwise");
    if (!fs.existsSync(link)) throw new Error(`${link} is missing: run npm install (npm links the bin at install time)`);
    expect(fs.realpathSync(link)).toBe(path.join(pluginDir, "bin", "stepwise.js"));
    const r = await new Promise<Run>((resolve) =>
      execFile(link, ["--version"], { cwd: dir, env: cleanEnv() }, (error, stdout, stderr) =>
        resolve({ status: error ? 1 : 0, stdout, stderr }),
      ),
    );
    expect(r).toEqual({ status: 0, stdout: `${pkg.version}\n`, stderr: "" });
    // and does real work the same way as lib/cli/cli.js
    const viaLink = await new Promise<string>((resolve) =>
      execFile(link, ["src/countdown.js"], { cwd: dir, env: cleanEnv() }, (_error, stdout) => resolve(stdout)),
    );
    expect(viaLink).toBe((await stepwise(["src/countdown.js"], dir)).stdout);
  });
});

describe("stepwise FILE...", () => {
  test("prints the lowered code, which runs like the original", async () => {
    const r = await stepwise(["src/countdown.js"], dir);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain('var _stepwise = require("@stepwise/runtime");');
    expect(r.stdout).toContain("return _stepwise.generator(countdown, this, function countdown(_ctx) {");
    expect(r.stdout).toContain("new _stepwise.AsyncContext(twice, this");
    expect(r.stdout).toContain("_stepwise.asyncGenerator(ticks, this");
    expect(r.stdout).not.toMatch(/function\*|(^|[^.\w])(await|yield)\b/m);
    const lowered = write("printed/countdown.js", r.stdout);
    const [native, ours] = [await node(path.join(dir, "src/countdown.js"), dir), await node(lowered, dir)];
    expect(native.status).toBe(0);
    expect(ours).toEqual(native);
  });

  test("several files: each under a header", async () => {
    const r = await stepwise(["src/countdown.js", "src/plain.js"], dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\/\/ ==> src\/countdown\.js <==\n/);
    expect(r.stdout).toContain("\n// ==> src/plain.js <==\nfunction add(a, b) {");
  });

  test("TypeScript: types removed, then lowered", async () => {
    const r = await stepwise(["src/lib/points.ts"], dir);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/interface|: number|Generator</);
    expect(r.stdout).toContain("_stepwise.generator(sums, this");
  });

  test("--runtime inline: the output runs alone; global: uses the prebuilt script's variable", async () => {
    const inline = await stepwise(["--runtime", "inline", "src/countdown.js"], dir);
    expect(inline.status).toBe(0);
    expect(inline.stdout).not.toContain('require("@stepwise/runtime")');
    const file = write("inline/countdown.js", inline.stdout);
    const alone = await run(file, [], dir); // no NODE_PATH: nothing to require
    expect(alone).toEqual(await node(path.join(dir, "src/countdown.js"), dir));

    const global = await stepwise(["--runtime=global", "src/countdown.js"], dir);
    expect(global.stdout).toContain("var _stepwise = stepwise;");
  });

  test("--drain ends the file with _stepwise.drain()", async () => {
    const r = await stepwise(["--drain", "--runtime", "global", "src/countdown.js"], dir);
    expect(r.stdout.trimEnd().endsWith("_stepwise.drain();")).toBe(true);
  });

  test("--source-type module: the runtime is imported", async () => {
    const r = await stepwise(["--source-type", "module", "src/countdown.js"], dir);
    expect(r.stdout).toMatch(/^import \* as _stepwise from "@stepwise\/runtime";/);
  });

  test("--explain comments every case with its line and what it is", async () => {
    const r = await stepwise(["--explain", "src/countdown.js"], dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("// line 3: start: try block (try table row 0)\n      case 0:");
    expect(r.stdout).toContain("// line 3: for loop: test `n > 0`\n      case 1:");
    expect(r.stdout).toMatch(/return _ctx\.yield\(n, 2\); \/\/ suspends at `yield n`/);
    expect(r.stdout).toContain("return _ctx.endFinally(0); // end of finally");
  });

  test.each(fs.readdirSync(path.join(repoRoot, "fixtures", "explained")))(
    "stepwise --explain fixtures/…/%s/input.js is that explained fixture's output.js",
    async (name) => {
      const caseDir = path.join(repoRoot, "fixtures", "explained", name);
      const input = fs.readFileSync(path.join(caseDir, "input.js"), "utf8");
      const original = ["generators", "async-functions", "async-generators"]
        .map((group) => path.join(repoRoot, "fixtures", group, name, "input.js"))
        .find((file) => fs.existsSync(file));
      expect(original && fs.readFileSync(original, "utf8")).toBe(input); // a copy of an existing case
      const r = await stepwise(["--explain", path.join(caseDir, "input.js")], dir);
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(fs.readFileSync(path.join(caseDir, "output.js"), "utf8"));
    },
  );
});

describe("stepwise -o DIR", () => {
  test("writes every file, keeping paths relative to their common directory; .ts becomes .js", async () => {
    const r = await stepwise(["-o", "out", "src/countdown.js", "src/lib/points.ts", "src/plain.js"], dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      [
        `src/countdown.js -> ${path.join("out", "countdown.js")}`,
        `src/lib/points.ts -> ${path.join("out", "lib", "points.js")}`,
        `src/plain.js -> ${path.join("out", "plain.js")}`,
        "",
      ].join("\n"),
    );
    expect(await node(path.join(dir, "out/countdown.js"), dir)).toEqual(await node(path.join(dir, "src/countdown.js"), dir));
    expect(await node(path.join(dir, "out/lib/points.js"), dir)).toEqual({ status: 0, stdout: "[3,7]\n", stderr: "" });
    expect(fs.readFileSync(path.join(dir, "out/plain.js"), "utf8")).toContain("function add(a, b)");
    expect(fs.existsSync(path.join(dir, "out/countdown.js.map"))).toBe(false);
  });

  test("refuses to overwrite an input", async () => {
    const r = await stepwise(["-o", "src", "src/countdown.js"], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("src/countdown.js: the output would overwrite the input");
  });

  test("-o naming a file is an error", async () => {
    const r = await stepwise(["-o", "src/plain.js", "src/countdown.js"], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("-o/--out-dir src/plain.js is a file, not a directory");
  });
});

describe("stepwise --source-maps", () => {
  const APP = `function* steps() {
  yield 1;
  throw new Error("boom from a lowered generator");
}
var it = steps();
it.next();
it.next();
`;

  /** Runs a lowered file that dies of an uncaught error; maps its top frame in `name` back. */
  async function throwSite(file: string, map: RawSourceMap): Promise<{ source: string | null; line: number | null; column: number | null }> {
    const r = await node(file, dir);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("boom from a lowered generator");
    const name = path.basename(file).replace(/\./g, "\\.");
    const m = new RegExp(`${name}:(\\d+):(\\d+)\\)`).exec(r.stderr);
    expect(m).not.toBeNull();
    return SourceMapConsumer.with(map, null, (consumer) => {
      const { source, line, column } = consumer.originalPositionFor({ line: Number(m![1]), column: Number(m![2]) - 1 });
      return { source, line, column };
    });
  }

  test("with -o: FILE.js.map beside the output; the throw site maps back to the source", async () => {
    write("maps/src/app.js", APP);
    const r = await stepwise(["--source-maps", "-o", "maps/out", "maps/src/app.js"], dir);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`(+ ${path.join("maps", "out", "app.js.map")})`);
    const out = path.join(dir, "maps/out/app.js");
    const code = fs.readFileSync(out, "utf8");
    expect(code.trimEnd().endsWith("//# sourceMappingURL=app.js.map")).toBe(true);
    const map = JSON.parse(fs.readFileSync(`${out}.map`, "utf8"));
    expect(map.file).toBe("app.js");
    expect(map.sources).toEqual(["../src/app.js"]);
    expect(map.sourcesContent).toEqual([APP]);
    // `throw new Error(...)`: line 3, column 2; the stack points at its `new`, column 8
    expect(await throwSite(out, map)).toEqual({ source: "../src/app.js", line: 3, column: 8 });
  });

  test("--source-maps inline (and the default without -o): a data: URL comment", async () => {
    write("maps/src/app.js", APP);
    const printed = await stepwise(["--source-maps", "maps/src/app.js"], dir);
    const written = await stepwise(["--source-maps", "inline", "-o", "maps/inline", "maps/src/app.js"], dir);
    expect(written.status).toBe(0);
    expect(fs.existsSync(path.join(dir, "maps/inline/app.js.map"))).toBe(false);
    for (const [code, source] of [
      [printed.stdout, "maps/src/app.js"],
      [fs.readFileSync(path.join(dir, "maps/inline/app.js"), "utf8"), "../src/app.js"],
    ]) {
      const m = /\/\/# sourceMappingURL=data:application\/json;charset=utf-8;base64,(\S+)\n$/.exec(code);
      expect(m).not.toBeNull();
      const map = JSON.parse(Buffer.from(m![1], "base64").toString("utf8"));
      expect(map.sources).toEqual([source]);
      const file = write(`maps/run-${source === "../src/app.js" ? "w" : "p"}/app.js`, code);
      expect(await throwSite(file, map)).toEqual({ source, line: 3, column: 8 });
    }
  });
});

describe("errors", () => {
  test("a syntax error: code frame, file as given, exit 1", async () => {
    write("bad/syntax.js", "function* g() {\n  yield 1;\n  let x = ;\n}\n");
    const r = await stepwise(["bad/syntax.js"], dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("error: bad/syntax.js: Unexpected token (3:10)");
    expect(r.stderr).toMatch(/^> 3 \| {3}let x = ;$/m);
    expect(r.stderr).toMatch(/^ {4}\| {11}\^$/m);
    expect(r.stderr).not.toContain(dir); // the path as the user wrote it
  });

  test("a construct the plugin refuses: its message and code frame, exit 1", async () => {
    write("bad/eval.js", "var t = function* () {\n  yield eval(\"1\");\n};\n");
    const r = await stepwise(["bad/eval.js"], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("error: bad/eval.js: stepwise: a direct `eval(...)` cannot be lowered");
    expect(r.stderr).toMatch(/^> 2 \| {3}yield eval\("1"\);$/m);
  });

  test("one bad file among good ones: the good ones are still written, exit 1", async () => {
    write("bad/syntax.js", "function* g() {\n  yield 1;\n  let x = ;\n}\n");
    const r = await stepwise(["-o", "partial", "src/plain.js", "bad/syntax.js", "src/countdown.js"], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("Unexpected token (3:10)");
    expect(fs.existsSync(path.join(dir, "partial/src/plain.js"))).toBe(true);
    expect(fs.existsSync(path.join(dir, "partial/src/countdown.js"))).toBe(true);
    expect(fs.existsSync(path.join(dir, "partial/bad/syntax.js"))).toBe(false);
  });

  test("a missing file: exit 1", async () => {
    const r = await stepwise(["nope.js"], dir);
    expect(r).toEqual({ status: 1, stdout: "", stderr: "stepwise: cannot read nope.js: no such file\n" });
  });

  test.each([
    [["--runtime", "sometimes", "src/plain.js"], '--runtime must be one of import, inline, global; got "sometimes".'],
    [["--bogus", "src/plain.js"], "unknown option --bogus."],
    [["--explian", "src/plain.js"], "unknown option --explian."],
    [["--source-map", "src/plain.js"], "unknown option --source-map. Did you mean --source-maps?"],
    [[], "no input files (stepwise FILE...)."],
    [["--runtime"], "--runtime needs a value."],
    [["--source-maps=external", "src/plain.js"], '--source-maps must be one of inline, file; got "external".'],
    [["--source-type", "esm", "src/plain.js"], '--source-type must be one of script, module, unambiguous; got "esm".'],
    [["--explain=yes", "src/plain.js"], '--explain takes no value; got "--explain=yes".'],
    [["--compare", "src/plain.js", "src/countdown.js"], "--compare takes exactly one FILE; got 2."],
    [["--compare", "-o", "x", "src/plain.js"], "-o/--out-dir cannot be used with --compare (it prints to stdout)."],
    [["--compare", "--graph", "src/plain.js"], "--compare and --graph cannot be used together."],
    [["--graph", "mermaid", "-o", "g.svg", "src/plain.js"], "--graph mermaid cannot be rendered to .svg: only DOT is (through Graphviz); write Mermaid to a .mmd file."],
    [["--graph", "-o", "g.txt", "src/plain.js"], 'with --graph, -o names the diagram file, ending in .svg, .png, .pdf, .dot, .gv, .mmd, .mermaid; got "g.txt".'],
    [["--graph", "--source-maps", "src/plain.js"], "--source-maps cannot be used with --graph."],
    [["--side-by-side", "src/plain.js"], "--side-by-side only applies to --compare."],
    [["--compare", "--width", "10", "src/plain.js"], '--width must be a whole number of columns, at least 40; got "10".'],
  ])("bad command line %j: exit 2 and says what is wrong", async (args, message) => {
    const r = await stepwise(args as string[], dir);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`stepwise: ${message}\nRun "stepwise --help" for the options.\n`);
  });
});

describe("stepwise --graph", () => {
  test("DOT on stdout: a cluster per lowered function, a node per case, the kinds of edges", async () => {
    const r = await stepwise(["--graph", "src/countdown.js"], dir);
    expect(r.status).toBe(0);
    const dot = r.stdout;
    expect(dot.startsWith('digraph "countdown.js" {')).toBe(true);
    expect(dot).toContain('label="function* countdown · line 1"');
    expect(dot).toContain('label="async function twice · line 14"');
    expect(dot).toContain('label="async function* ticks · line 19"');
    expect(dot).toContain('m0_c2 [label="case 2 · lines 4–5"');
    expect(dot).toContain('m0_c1 -> m0_c4 [label="if !(n > 0)"];'); // conditional jump
    expect(dot).toContain("m0_c2 -> m0_c3 [color=gray45];"); // fall-through
    expect(dot).toContain('m0_c1 -> m0_c2 [label="yield", style=dashed'); // suspension
    expect(dot).toContain('m1_c0 -> m1_c1 [label="await", style=dashed');
    expect(dot).toContain('m0_c0 -> m0_c5 [label="throw", style=dotted'); // exception path
    expect(dot).toContain('m0_c5 -> m0_c6 [label="end of finally"'); // endFinally
    expect(dot).toContain('m0_c5 -> m0_throws [label="rethrow"');
    expect(dot).toContain('m0_c4 -> m0_c5 [label="return (finally first)"');
    expect(dot).toMatch(/m1_c\d+ -> m1_done \[label="return"/); // completion
    if (hasDot) {
      const check = spawnSync("dot", ["-Tsvg"], { input: dot, encoding: "utf8" });
      expect(check.stderr).toBe("");
      expect(check.status).toBe(0);
    }
  });

  test("--graph mermaid: a Mermaid flowchart", async () => {
    const r = await stepwise(["--graph", "mermaid", "src/countdown.js"], dir);
    expect(r.status).toBe(0);
    expect(r.stdout.startsWith("flowchart TD\n")).toBe(true);
    expect(r.stdout).toContain('subgraph m0["function* countdown · line 1"]');
    expect(r.stdout).toContain('m0_c1 -.->|"yield"| m0_c2');
    expect(r.stdout).toContain('m0_c1 -->|"if !(n #gt; 0)"| m0_c4');
  });

  test("-o FILE.svg renders with Graphviz", async () => {
    const r = await stepwise(["--graph", "-o", "graphs/countdown.svg", "src/countdown.js"], dir);
    if (!hasDot) {
      console.warn("Graphviz (dot) is not installed: checking the error instead of the SVG");
      expect(r.status).toBe(1);
      expect(r.stderr).toContain("Graphviz's dot command is not installed (apt-get install graphviz");
      return;
    }
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("wrote graphs/countdown.svg (4 state machines)\n");
    const svg = fs.readFileSync(path.join(dir, "graphs/countdown.svg"), "utf8");
    expect(svg).toContain("<svg");
    expect(svg).toContain("case 2 · lines 4–5");
    expect(svg).toContain("function* countdown · line 1");
  });

  test("-o FILE.dot and FILE.mmd write the text", async () => {
    expect((await stepwise(["--graph", "-o", "graphs/c.dot", "src/countdown.js"], dir)).status).toBe(0);
    expect((await stepwise(["--graph", "-o", "graphs/c.mmd", "src/countdown.js"], dir)).status).toBe(0);
    expect(fs.readFileSync(path.join(dir, "graphs/c.dot"), "utf8")).toBe((await stepwise(["--graph", "src/countdown.js"], dir)).stdout);
    expect(fs.readFileSync(path.join(dir, "graphs/c.mmd"), "utf8")).toBe((await stepwise(["--graph", "mermaid", "src/countdown.js"], dir)).stdout);
  });

  test("several files: each function names its file; TypeScript works too", async () => {
    const r = await stepwise(["--graph", "src/countdown.js", "src/lib/points.ts"], dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('label="function* countdown · src/countdown.js line 1"');
    expect(r.stdout).toContain('label="function* sums · src/lib/points.ts line 2"');
    expect(r.stdout).toContain("subgraph cluster_m3 {"); // ids go on across files
  });

  test("a file without lowered functions: a note, an empty graph, exit 0", async () => {
    const r = await stepwise(["--graph", "src/plain.js"], dir);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("stepwise: src/plain.js has no generator, async function or async generator to draw\n");
    expect(r.stdout).toMatch(/^digraph "plain\.js" \{[^]*\}\n$/);
  });

  test("a file that does not parse: exit 1 with the code frame", async () => {
    write("bad/syntax.js", "function* g() {\n  yield 1;\n  let x = ;\n}\n");
    const r = await stepwise(["--graph", "bad/syntax.js"], dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^> 3 \| {3}let x = ;$/m);
  });
});

describe("stepwise --compare", () => {
  test("Stepwise, TypeScript's ES5 downlevel and regenerator, with sizes", async () => {
    const r = await stepwise(["--compare", "src/countdown.js"], dir);
    expect(r.status).toBe(0);
    const out = r.stdout;
    const sections = out.split(/^=== (.*) ===$/m).filter((_, i) => i % 2 === 1);
    expect(sections).toEqual([
      'Stepwise (@stepwise/babel-plugin, runtime: "import")',
      expect.stringMatching(/^TypeScript 6\.\d+\.\d+ \(transpileModule, target ES5/),
      expect.stringMatching(/^regenerator \(Babel 8\.\d+\.\d+: transform-regenerator/),
      "sizes",
    ]);
    expect(out).toContain("return _stepwise.generator(countdown, this, function countdown(_ctx) {");
    expect(out).toContain("var __generator = ");
    expect(out).toContain("return __generator(this, function (_a) {");
    expect(out).toContain("_regenerator().w(function (_context) {");
    const table = out.slice(out.indexOf("=== sizes ===")).split("\n").slice(1);
    expect(table[0]).toMatch(/^output\s+bytes\s+gzip -9$/);
    for (const row of ["Stepwise, runtime imported", "Stepwise, runtime inlined", "TypeScript 6", "regenerator"]) {
      expect(table.find((line) => line.startsWith(row))).toMatch(/\s\d+\s+\d+$/);
    }
    // the sizes are those of the outputs shown
    const stepwiseOut = out.split(/^=== .* ===$/m)[1].replace(/^\n/, "").replace(/\n+$/, "\n");
    const printed = (await stepwise(["src/countdown.js"], dir)).stdout;
    expect(stepwiseOut).toBe(printed);
    const imported = table.find((line) => line.startsWith("Stepwise, runtime imported"))!;
    expect(imported).toMatch(new RegExp(`\\s${Buffer.byteLength(printed.trimEnd())}\\s`));
  });

  test("--side-by-side: the outputs in columns", async () => {
    const r = await stepwise(["--compare", "--side-by-side", "--width", "150", "src/countdown.js"], dir);
    expect(r.status).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(/^Stepwise, runtime imported\s+│ TypeScript 6\.\d+\.\d+ ES5\s+│ regenerator$/);
    const columns = lines.slice(0, lines.indexOf("")).filter((l) => l.includes("│"));
    expect(columns.length).toBeGreaterThan(20);
    for (const line of columns) expect(line.length).toBeLessThanOrEqual(150);
    expect(r.stdout).toContain("=== sizes ===");
  });

  test("a peer that fails on the input shows its error instead of its output", async () => {
    // A legacy octal literal: fine in a sloppy script for Babel, refused by TypeScript.
    write("legacy.js", "var mode = 010;\nfunction* g() {\n  yield mode;\n}\n");
    const r = await stepwise(["--compare", "legacy.js"], dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/=== TypeScript [^\n]* ===\nerror: legacy\.js\(1,12\): error TS1121: Octal literals are not allowed/);
    expect(r.stdout).toMatch(/^> 1 \| var mode = 010;$/m);
    expect(r.stdout).toMatch(/^TypeScript 6\.\d+\.\d+ ES5\s+failed\s+failed$/m);
    expect(r.stdout).toContain("_stepwise.generator(g, this");
  });

  test("Stepwise failing on the input: every error shown, exit 1", async () => {
    write("bad/syntax.js", "function* g() {\n  yield 1;\n  let x = ;\n}\n");
    const r = await stepwise(["--compare", "bad/syntax.js"], dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/=== Stepwise [^\n]* ===\nerror: bad\/syntax\.js: Unexpected token \(3:10\)/);
    expect(r.stdout).toMatch(/error TS1109: Expression expected/);
  });
});

describe("the README's walk-through is real output", () => {
  const readme = () => fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
  const section = () => {
    const text = readme();
    const start = text.indexOf("## Walk-through");
    expect(start).toBeGreaterThan(-1);
    return text.slice(start, text.indexOf("\n## ", start + 1));
  };
  const blocks = () => [...section().matchAll(/```(\w*)\n([^]*?)\n```/g)].map((m) => m[2]);

  test("the explained output is `stepwise --explain examples/countdown.js`", async () => {
    const r = await stepwise(["--explain", path.join(repoRoot, "examples", "countdown.js")], dir);
    expect(r.status).toBe(0);
    expect(blocks()[0]).toBe(r.stdout.trimEnd());
  });

  test("the trace is `node docs/trace-countdown.mjs`", async () => {
    const r = await run(path.join(repoRoot, "docs", "trace-countdown.mjs"), [], repoRoot);
    expect(r.status).toBe(0);
    const trace = r.stdout.split("\n").map((l) => l.trimEnd()).join("\n").trimEnd();
    expect(blocks()[1]).toBe(trace);
  });

  test("the diagram is docs/countdown.svg, of the same machine", async () => {
    expect(section()).toContain("![countdown's state machine](docs/countdown.svg)");
    const svg = fs.readFileSync(path.join(repoRoot, "docs", "countdown.svg"), "utf8");
    const dot = (await stepwise(["--graph", path.join(repoRoot, "examples", "countdown.js")], dir)).stdout;
    // every node and edge label of today's graph is in the committed picture
    const labels = [...dot.matchAll(/label="((?:[^"\\]|\\.)*)"/g)].map((m) => m[1].replace(/\\"/g, '"')).filter((l) => l !== "");
    const text = svg.replace(/&quot;/g, '"').replace(/&gt;/g, ">").replace(/&lt;/g, "<").replace(/&amp;/g, "&").replace(/&#45;/g, "-");
    for (const label of new Set(labels)) expect(text).toContain(label);
  });
});
