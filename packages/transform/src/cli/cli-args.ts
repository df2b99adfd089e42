/**
 * The `stepwise` command line: what it accepts, checked up front (a wrong option is an error that
 * says what is allowed, never ignored), and the help text.
 */
import type { RuntimeMode } from "../plugin/options.js";

export type SourceMapMode = "inline" | "file";
export type GraphFormat = "dot" | "mermaid";
export type SourceType = "script" | "module" | "unambiguous";
export type Mode = "transform" | "graph" | "compare";

export interface CliOptions {
  mode: Mode;
  files: string[];
  /** -o: a directory when transforming, a file with --graph. */
  out: string | null;
  runtime: RuntimeMode;
  explain: boolean;
  drain: boolean;
  /** null: no source maps. */
  sourceMaps: SourceMapMode | null;
  /** Only with --graph: null when neither given nor implied by -o's extension yet. */
  graphFormat: GraphFormat;
  sourceType: SourceType | null;
  sideBySide: boolean;
  width: number | null;
  help: boolean;
  version: boolean;
}

/** A mistake in the command line: printed with a pointer to --help, exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

const RUNTIMES: RuntimeMode[] = ["import", "inline", "global"];
const SOURCE_MAP_MODES: SourceMapMode[] = ["inline", "file"];
const GRAPH_FORMATS: GraphFormat[] = ["dot", "mermaid"];
const SOURCE_TYPES: SourceType[] = ["script", "module", "unambiguous"];

/** Extensions `-o` may have with --graph, and what they mean. */
export const GRAPH_FILE_TYPES: Record<string, { format: GraphFormat; render: string | null }> = {
  ".svg": { format: "dot", render: "svg" },
  ".png": { format: "dot", render: "png" },
  ".pdf": { format: "dot", render: "pdf" },
  ".dot": { format: "dot", render: null },
  ".gv": { format: "dot", render: null },
  ".mmd": { format: "mermaid", render: null },
  ".mermaid": { format: "mermaid", render: null },
};

function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${option} must be one of ${allowed.join(", ")}; got "${value}".`);
}

type Spec =
  | { kind: "flag"; set: (o: CliOptions) => void }
  | { kind: "value"; set: (o: CliOptions, value: string, name: string) => void }
  /** A value that may be left out: taken from `--x=v`, or from the next word when it is one of `values`. */
  | { kind: "optional"; values: readonly string[]; set: (o: CliOptions, value: string | null, name: string) => void };

const SPECS: Record<string, Spec> = {
  "--out-dir": { kind: "value", set: (o, v) => (o.out = v) },
  "--out": { kind: "value", set: (o, v) => (o.out = v) },
  "-o": { kind: "value", set: (o, v) => (o.out = v) },
  "--runtime": { kind: "value", set: (o, v, name) => (o.runtime = oneOf(name, v, RUNTIMES)) },
  "--explain": { kind: "flag", set: (o) => (o.explain = true) },
  "--drain": { kind: "flag", set: (o) => (o.drain = true) },
  "--source-maps": {
    kind: "optional",
    values: SOURCE_MAP_MODES,
    set: (o, v, name) => (o.sourceMaps = v === null ? "file" : oneOf(name, v, SOURCE_MAP_MODES)),
  },
  "--source-type": { kind: "value", set: (o, v, name) => (o.sourceType = oneOf(name, v, SOURCE_TYPES)) },
  "--graph": {
    kind: "optional",
    values: GRAPH_FORMATS,
    set: (o, v, name) => {
      o.mode = setMode(o, "graph");
      if (v !== null) {
        o.graphFormat = oneOf(name, v, GRAPH_FORMATS);
        explicitGraphFormat.add(o);
      }
    },
  },
  "--compare": { kind: "flag", set: (o) => (o.mode = setMode(o, "compare")) },
  "--side-by-side": { kind: "flag", set: (o) => (o.sideBySide = true) },
  "--width": {
    kind: "value",
    set: (o, v, name) => {
      const n = Number(v);
      if (!/^\d+$/.test(v) || n < 40) throw new UsageError(`${name} must be a whole number of columns, at least 40; got "${v}".`);
      o.width = n;
    },
  },
  "--help": { kind: "flag", set: (o) => (o.help = true) },
  "-h": { kind: "flag", set: (o) => (o.help = true) },
  "--version": { kind: "flag", set: (o) => (o.version = true) },
  "-v": { kind: "flag", set: (o) => (o.version = true) },
};

const explicitGraphFormat = new WeakSet<CliOptions>();

function setMode(o: CliOptions, mode: Mode): Mode {
  if (o.mode !== "transform" && o.mode !== mode) throw new UsageError(`--${o.mode} and --${mode} cannot be used together.`);
  return mode;
}

function closest(word: string): string | null {
  const names = Object.keys(SPECS).filter((n) => n.startsWith("--"));
  const stem = word.replace(/^-+/, "").split("=")[0];
  const match = names.find((n) => n.slice(2).startsWith(stem) || stem.startsWith(n.slice(2)));
  return match ?? null;
}

/** Reads `argv` (without node and the script). Throws UsageError. */
export function parseArgs(argv: string[]): CliOptions {
  const o: CliOptions = {
    mode: "transform",
    files: [],
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
  };
  const given = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (word === "--") {
      o.files.push(...argv.slice(i + 1));
      break;
    }
    if (!word.startsWith("-") || word === "-") {
      o.files.push(word);
      continue;
    }
    const eq = word.startsWith("--") ? word.indexOf("=") : -1;
    const name = eq === -1 ? word : word.slice(0, eq);
    const inline = eq === -1 ? null : word.slice(eq + 1);
    const spec = SPECS[name];
    if (!spec) {
      const hint = closest(word);
      throw new UsageError(`unknown option ${name}.${hint ? ` Did you mean ${hint}?` : ""}`);
    }
    given.add(name === "-o" || name === "--out" ? "--out-dir" : name);
    if (spec.kind === "flag") {
      if (inline !== null) throw new UsageError(`${name} takes no value; got "${word}".`);
      spec.set(o);
    } else if (spec.kind === "value") {
      let value = inline;
      if (value === null) {
        if (i + 1 >= argv.length) throw new UsageError(`${name} needs a value.`);
        value = argv[++i];
      }
      if (value === "") throw new UsageError(`${name} needs a value.`);
      spec.set(o, value, name);
    } else {
      let value = inline;
      if (value === null && i + 1 < argv.length && spec.values.includes(argv[i + 1])) value = argv[++i];
      spec.set(o, value, name);
    }
  }
  if (o.help || o.version) return o;
  check(o, given);
  return o;
}

function check(o: CliOptions, given: Set<string>): void {
  const refuse = (option: string, what: string) => {
    if (given.has(option)) throw new UsageError(`${option === "--out-dir" ? "-o/--out-dir" : option} ${what}.`);
  };
  if (o.files.length === 0) throw new UsageError("no input files (stepwise FILE...).");
  if (o.mode === "compare") {
    if (o.files.length !== 1) throw new UsageError(`--compare takes exactly one FILE; got ${o.files.length}.`);
    refuse("--out-dir", "cannot be used with --compare (it prints to stdout)");
    refuse("--source-maps", "cannot be used with --compare");
    refuse("--explain", "cannot be used with --compare (it compares plain outputs)");
  } else {
    refuse("--side-by-side", "only applies to --compare");
    refuse("--width", "only applies to --compare");
  }
  if (o.mode === "graph") {
    refuse("--source-maps", "cannot be used with --graph");
    refuse("--explain", "cannot be used with --graph (the graph always carries the explanations, as tooltips)");
    refuse("--drain", "cannot be used with --graph");
    if (o.out !== null) {
      const ext = extname(o.out);
      const type = GRAPH_FILE_TYPES[ext];
      if (!type) {
        throw new UsageError(
          `with --graph, -o names the diagram file, ending in ${Object.keys(GRAPH_FILE_TYPES).join(", ")}; got "${o.out}".`,
        );
      }
      if (explicitGraphFormat.has(o) && o.graphFormat !== type.format) {
        throw new UsageError(
          type.render
            ? `--graph ${o.graphFormat} cannot be rendered to ${ext}: only DOT is (through Graphviz); write Mermaid to a .mmd file.`
            : `--graph ${o.graphFormat} does not match the ${ext} file extension.`,
        );
      }
      o.graphFormat = type.format;
    }
  }
  if (o.mode === "transform" && o.sourceMaps === "file" && o.out === null && given.has("--source-maps")) {
    // Bare --source-maps to stdout: inline is the only way to keep the map with the code.
    o.sourceMaps = "inline";
  }
}

function extname(file: string): string {
  const base = file.slice(Math.max(file.lastIndexOf("/"), file.lastIndexOf("\\")) + 1);
  const dot = base.lastIndexOf(".");
  return dot <= 0 ? "" : base.slice(dot).toLowerCase();
}

export const HELP = `Usage: stepwise [options] FILE...
       stepwise --graph [dot|mermaid] [-o DIAGRAM] FILE...
       stepwise --compare [--side-by-side] FILE

Lowers the generators, async functions and async generators of each FILE into switch-based
ES5 state machines (@stepwise/babel-plugin) and prints the result, or writes it with -o.
FILE is JavaScript (.js .mjs .cjs .jsx) or TypeScript (.ts .mts .cts .tsx: types are removed
first, by @babel/preset-typescript). Nothing else of the file is changed.

Output
  -o, --out-dir DIR       write each FILE's output into DIR instead of printing it; files keep
                          their paths relative to the directory that holds all the FILEs, and
                          .ts/.tsx/.mts/.cts become .js/.jsx/.mjs/.cjs
  --source-maps [MODE]    add a source map: MODE "file" writes OUT.map beside each output, with a
                          //# sourceMappingURL comment (the default with -o); "inline" puts the
                          map in that comment as a data: URL (the default without -o)

Plugin options (see the README's "Options")
  --runtime MODE          how the output reaches @stepwise/runtime: import (default: an import
                          in ES modules, require() in scripts), inline (the runtime is put at
                          the top of the file), global (the prebuilt runtime script's global)
  --explain               comment every case of every machine: its source line, what it is, what
                          suspends there and what resumes it
  --drain                 end the file with _stepwise.drain(), for engines without an event loop

Input
  --source-type TYPE      script, module or unambiguous (default: module for .mjs/.mts, script
                          for .cjs/.cts, unambiguous otherwise: a module if the file has import
                          or export)

Graph: --graph [FORMAT]
  Prints the state machine of each lowered function as a diagram: FORMAT dot (Graphviz, the
  default) or mermaid. A node per case ("case 2 · line 6": the source lines it runs), boxes for
  the try table's try/catch/finally blocks; edges: fall-through and jumps (solid, labelled with
  the if-test when conditional), yield/await/yield* (dashed, to the case that resumes), return
  (to "done", or first to the finally block that runs), throw (dotted: from every case of a
  try block to its catch or finally, from a catch block to its finally), and the ends of
  finally blocks (to the row's end case, and "rethrow"/"return" onwards).
  -o DIAGRAM              write it to a file instead: .svg, .png or .pdf are rendered with
                          Graphviz (the dot command: apt-get install graphviz), .dot/.gv hold
                          DOT, .mmd/.mermaid hold Mermaid

Compare: --compare FILE
  Prints Stepwise's output beside TypeScript's ES5 downlevel (ts.transpileModule, target ES5,
  downlevelIteration; needs ts-morph) and regenerator's (Babel with transform-regenerator,
  -async-to-generator, -async-generator-functions and -for-of), then the size of each in
  bytes, raw and gzipped, with the runtime imported and inlined. A tool that fails on FILE
  shows its error instead of its output.
  --side-by-side          print the outputs in columns instead of one after another
  --width N               total width of the columns (default: the terminal's, or 160)

Other
  -h, --help              this text
  -v, --version           the plugin's version

An option's value may follow it (--runtime inline) or be joined with = (--runtime=inline); a
word after --graph or --source-maps is taken as its value only if it is one of the values, so
"--graph mermaid" is the format and "--graph ./mermaid" a file. "--" ends the options.

Exit status: 0 when every FILE was transformed (or drawn, or compared); 1 when a FILE could not
be read, parsed, lowered (the error shows a code frame) or written, or Graphviz failed; 2 for a
mistake in the command line.

Examples
  stepwise src/countdown.js                       print the lowered code
  stepwise --explain src/countdown.js             ... with every case explained
  stepwise -o lib --source-maps src/*.ts          write lib/*.js and lib/*.js.map
  stepwise --graph -o countdown.svg src/countdown.js
  stepwise --graph mermaid src/countdown.js
  stepwise --compare src/countdown.js
`;
