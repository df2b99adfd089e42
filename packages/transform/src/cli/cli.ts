#!/usr/bin/env node
/**
 * `stepwise`: the plugin from the command line (`npx stepwise --help`).
 *
 *   stepwise FILE...                   print the lowered code
 *   stepwise -o DIR FILE...            write it (with --source-maps: and the maps)
 *   stepwise --graph [mermaid] FILE    the state machines as a diagram (-o FILE.svg renders it)
 *   stepwise --compare FILE            beside TypeScript's and regenerator's outputs, with sizes
 *
 * Exit status: 0 fine, 1 an input failed (read, parse, lower, write, render), 2 usage.
 */
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { parseArgs, UsageError, HELP, GRAPH_FILE_TYPES, type CliOptions } from "./cli-args.js";
import type { MachineGraph } from "../views/graph.js";

// Babel, the plugin and the peers are loaded when a command needs them: --help, --version and
// mistakes in the command line answer at once.
const transform = () => import("./cli-transform.js");

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  cwd: string;
  color: boolean;
  columns: number | undefined;
}

interface Input {
  /** As given on the command line. */
  display: string;
  absolute: string;
  code: string;
}

function version(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: string };
    return pkg.version ?? "unknown";
  } catch {
    return "unknown";
  }
}

function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}

/** Babel names the file by its absolute path: show it as the user wrote it. */
function errorText(error: unknown, input: Input): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split(input.absolute).join(input.display);
}

function readInputs(options: CliOptions, io: Io): { inputs: Input[]; failed: number } {
  const inputs: Input[] = [];
  let failed = 0;
  for (const display of options.files) {
    const absolute = path.resolve(io.cwd, display);
    try {
      if (fs.statSync(absolute).isDirectory()) throw new Error("is a directory (give the files)");
      inputs.push({ display, absolute, code: fs.readFileSync(absolute, "utf8") });
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
      io.err(`stepwise: cannot read ${display}: ${reason}\n`);
      failed++;
    }
  }
  return { inputs, failed };
}

/** The deepest directory holding every input. */
function commonDirectory(files: string[]): string {
  let common = path.dirname(files[0]);
  for (const file of files.slice(1)) {
    while (path.relative(common, file).startsWith("..") || path.isAbsolute(path.relative(common, file))) {
      const parent = path.dirname(common);
      if (parent === common) break;
      common = parent;
    }
  }
  return common;
}

function inlineMapComment(map: object): string {
  return `//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(JSON.stringify(map)).toString("base64")}`;
}

async function runTransform(options: CliOptions, io: Io): Promise<number> {
  const { lowerSource, outputName } = await transform();
  const { inputs, failed: unreadable } = readInputs(options, io);
  let failed = unreadable;
  const outDir = options.out === null ? null : path.resolve(io.cwd, options.out);
  const base = inputs.length > 0 ? commonDirectory(inputs.map((i) => i.absolute)) : io.cwd;
  if (outDir !== null && fs.existsSync(outDir) && !fs.statSync(outDir).isDirectory()) {
    io.err(`stepwise: -o/--out-dir ${options.out} is a file, not a directory\n`);
    return 1;
  }
  const printed: string[] = [];
  for (const input of inputs) {
    const outPath = outDir === null ? null : path.join(outDir, outputName(path.relative(base, input.absolute)));
    if (outPath !== null && path.resolve(outPath) === input.absolute) {
      io.err(`stepwise: ${input.display}: the output would overwrite the input (choose another -o directory)\n`);
      failed++;
      continue;
    }
    let code: string;
    let map = null;
    try {
      const sourceFileName =
        options.sourceMaps === null
          ? undefined
          : outPath !== null
            ? toPosix(path.relative(path.dirname(outPath), input.absolute))
            : toPosix(path.relative(io.cwd, input.absolute));
      const result = await lowerSource(input.code, {
        filename: input.absolute,
        runtime: options.runtime,
        explain: options.explain,
        drain: options.drain,
        sourceType: options.sourceType,
        sourceMaps: options.sourceMaps !== null,
        sourceFileName,
        highlightCode: io.color,
      });
      code = (result.code ?? "").replace(/\s*$/, "\n");
      map = result.map;
    } catch (error) {
      io.err(`error: ${errorText(error, input)}\n`);
      failed++;
      continue;
    }
    if (map) {
      const file = outPath !== null ? path.basename(outPath) : path.basename(outputName(input.absolute));
      map = { ...map, file };
      if (options.sourceMaps === "inline" || outPath === null) {
        code += inlineMapComment(map) + "\n";
        map = null;
      } else {
        code += `//# sourceMappingURL=${path.basename(outPath)}.map\n`;
      }
    }
    if (outPath === null) {
      printed.push(inputs.length > 1 ? `// ==> ${input.display} <==\n${code}` : code);
      continue;
    }
    try {
      fs.mkdirSync(path.dirname(outPath), { recursive: true });
      fs.writeFileSync(outPath, code);
      const shown = path.relative(io.cwd, outPath) || outPath;
      if (map) fs.writeFileSync(`${outPath}.map`, JSON.stringify(map) + "\n");
      io.err(`${input.display} -> ${shown}${map ? ` (+ ${shown}.map)` : ""}\n`);
    } catch (error) {
      io.err(`stepwise: cannot write ${outPath}: ${(error as Error).message}\n`);
      failed++;
    }
  }
  if (printed.length > 0) io.out(printed.join("\n"));
  return failed > 0 ? 1 : 0;
}

async function runGraph(options: CliOptions, io: Io): Promise<number> {
  const { lowerSource, printExpression } = await transform();
  const { buildGraphs, toDot, toMermaid } = await import("../views/graph.js");
  const { inputs, failed: unreadable } = readInputs(options, io);
  let failed = unreadable;
  const graphs: MachineGraph[] = [];
  for (const input of inputs) {
    try {
      const result = await lowerSource(input.code, {
        filename: input.absolute,
        runtime: options.runtime,
        explain: true, // the notes become tooltips
        sourceType: options.sourceType,
        ast: true,
        code: false,
        highlightCode: io.color,
      });
      const found = buildGraphs(result.ast!, {
        code: input.code,
        print: printExpression,
        file: inputs.length > 1 ? input.display : undefined,
        firstId: graphs.length,
      });
      if (found.length === 0) io.err(`stepwise: ${input.display} has no generator, async function or async generator to draw\n`);
      graphs.push(...found);
    } catch (error) {
      io.err(`error: ${errorText(error, input)}\n`);
      failed++;
    }
  }
  if (failed > 0) return 1;
  const title = inputs.length === 1 ? path.basename(inputs[0].display) : "stepwise";
  const text = options.graphFormat === "mermaid" ? toMermaid(graphs) : toDot(graphs, title);
  if (options.out === null) {
    io.out(text);
    return 0;
  }
  const outPath = path.resolve(io.cwd, options.out);
  const type = GRAPH_FILE_TYPES[path.extname(outPath).toLowerCase()];
  try {
    fs.mkdirSync(path.dirname(outPath), { recursive: true });
    if (type.render === null) {
      fs.writeFileSync(outPath, text);
    } else {
      const dot = spawnSync("dot", [`-T${type.render}`, "-o", outPath], { input: text, encoding: "utf8" });
      if (dot.error) {
        const missing = (dot.error as NodeJS.ErrnoException).code === "ENOENT";
        io.err(
          missing
            ? `stepwise: cannot render ${options.out}: Graphviz's dot command is not installed (apt-get install graphviz, or brew install graphviz); write DOT instead with -o FILE.dot\n`
            : `stepwise: cannot run dot: ${dot.error.message}\n`,
        );
        return 1;
      }
      if (dot.status !== 0) {
        io.err(`stepwise: dot failed (exit status ${dot.status}) rendering ${options.out}:\n${dot.stderr}`);
        return 1;
      }
    }
  } catch (error) {
    io.err(`stepwise: cannot write ${options.out}: ${(error as Error).message}\n`);
    return 1;
  }
  io.err(`wrote ${options.out} (${graphs.length} state machine${graphs.length === 1 ? "" : "s"})\n`);
  return 0;
}

async function runCompare(options: CliOptions, io: Io): Promise<number> {
  const { compareOutputs, formatSequential, formatSideBySide } = await import("./compare.js");
  const { inputs } = readInputs(options, io);
  if (inputs.length === 0) return 1;
  const input = inputs[0];
  const outputs = await compareOutputs(input.code, {
    filename: input.absolute,
    runtime: options.runtime,
    sourceType: options.sourceType,
    highlightCode: false,
  });
  for (const o of outputs) if (o.error !== null) o.error = errorText(o.error, input);
  const width = options.width ?? io.columns ?? 160;
  io.out(options.sideBySide ? formatSideBySide(outputs, width) : formatSequential(outputs));
  // Stepwise failing on the input is this command failing; a peer failing is part of the comparison.
  return outputs[0].code === null ? 1 : 0;
}

export async function main(argv: string[], io: Io): Promise<number> {
  let options: CliOptions;
  try {
    options = parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`stepwise: ${error.message}\nRun "stepwise --help" for the options.\n`);
      return 2;
    }
    throw error;
  }
  if (options.help) {
    io.out(HELP);
    return 0;
  }
  if (options.version) {
    io.out(`${version()}\n`);
    return 0;
  }
  if (options.mode === "graph") return runGraph(options, io);
  if (options.mode === "compare") return runCompare(options, io);
  return runTransform(options, io);
}

// A closed pipe (`stepwise file.js | head`) is not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

const color = Boolean(process.stderr.isTTY) && !process.env.NO_COLOR;
process.exitCode = await main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  color,
  columns: process.stdout.isTTY ? process.stdout.columns : undefined,
});
