/**
 * The playground page: wires the editors, the compiler, the recorder, the stepping controller,
 * the panels and the diagram together.
 *
 *   edit the source ──(debounced)──> compile for display ──> output editor, case map, diagram
 *   Run / Step ──> compile for running (trace: true) ──> record the whole run once
 *               ──> the stepper moves through the recording; each stop is shown everywhere:
 *                   the case about to run (output) and the source it runs, the machines, the
 *                   job queue, the console, the diagram's current state and the edge just taken
 */
import "./style.css";
import type { MachineGraph } from "@stepwise/babel-plugin/browser";
import { buildGraphs } from "@stepwise/babel-plugin/browser";
import { Editor, type Highlight } from "./editor.js";
import { compileForDisplay, compileForRun, type CompileOptions } from "./compiler.js";
import { mapMachines, traceNumbers, type MachineInfo } from "./machine-map.js";
import { record, type Recording, type Step } from "./recorder.js";
import { Stepper } from "./stepper.js";
import { renderMachines } from "./machine-panel.js";
import { renderQueue } from "./queue-panel.js";
import { renderConsole } from "./console-panel.js";
import { Diagram, type Mark } from "./diagram.js";
import { EXAMPLES, fillExamplesMenu, findExample } from "./examples.js";
import { readHash, writeHash } from "./url-state.js";
import { traceScript, prelude, libraryShims } from "./bundled-scripts.js";
import type { Realm } from "./trace-runtime.js";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const DEFAULTS: CompileOptions = { explain: false, runtime: "import", targets: "" };
const DEBOUNCE_MS = 150;

// ---- Page state -------------------------------------------------------------------------------

let options: CompileOptions = { ...DEFAULTS };
let exampleId: string | null = null;
/** The display compile of the current source: its machines (case map) and their graphs. */
let display: { machines: MachineInfo[]; graphs: MachineGraph[] } | null = null;
/** The run of the current source, once Run or Step asked for it. */
let run: { recording: Recording; stepper: Stepper; positions: Map<number, number> } | null = null;
let runError: string | null = null;
let frame: HTMLIFrameElement | null = null;
/** Timings of the last recompile (and how many there were), for the status line and the tests. */
const timings = { compileMs: 0, recompileMs: 0, compiles: 0 };

// ---- The parts of the page ------------------------------------------------------------------

const source = new Editor($("source"), { readOnly: false, label: "source", onChange: () => sourceChanged() });
const output = new Editor($("output"), { readOnly: true, label: "lowered output" });
const diagram = new Diagram($("diagram"), $<HTMLSelectElement>("diagram-machine"));
const examplesMenu = $<HTMLSelectElement>("examples");
const explainBox = $<HTMLInputElement>("explain");
const runtimeMenu = $<HTMLSelectElement>("runtime");
const targetsInput = $<HTMLInputElement>("targets");
const statusLine = $("compile-status");
const errorBox = $<HTMLPreElement>("compile-error");
const stepInfo = $("step-info");

fillExamplesMenu(examplesMenu);

// ---- Compiling as you type ------------------------------------------------------------------

let timer: number | undefined;
function sourceChanged(): void {
  invalidateRun();
  window.clearTimeout(timer);
  timer = window.setTimeout(recompile, DEBOUNCE_MS);
}

function recompile(): void {
  window.clearTimeout(timer);
  const started = performance.now();
  const text = source.text;
  const compiled = compileForDisplay(text, options);
  timings.compileMs = compiled.ms;
  if (!compiled.ok) {
    display = null;
    output.setText("");
    errorBox.hidden = false;
    errorBox.textContent = compiled.error;
    const where = /\((\d+):(\d+)\)/.exec(compiled.error);
    if (where) {
      const line = source.view.state.doc.line(Math.min(Number(where[1]), source.view.state.doc.lines));
      const from = Math.min(line.from + Number(where[2]), line.to);
      source.highlight({ lines: null, ranges: [{ from, to: Math.max(from + 1, line.to) }], error: true });
    }
    diagram.setGraphs([]);
    statusLine.textContent = "error";
  } else {
    errorBox.hidden = true;
    source.highlight(null);
    output.setText(compiled.code);
    const graphs = buildGraphs(compiled.ast, { code: text });
    display = { machines: mapMachines(compiled.code, compiled.ast, text), graphs };
    diagram.setGraphs(graphs);
    statusLine.textContent = `compiled in ${compiled.ms.toFixed(0)} ms`;
  }
  timings.recompileMs = performance.now() - started;
  timings.compiles++;
  saveHash();
  renderStep();
}

// ---- Running and stepping -------------------------------------------------------------------

function invalidateRun(): void {
  run = null;
  runError = null;
}

/** A fresh realm for each run: the program's globals stay out of the page's. */
function freshRealm(): Realm {
  frame?.remove();
  frame = document.createElement("iframe");
  frame.hidden = true;
  frame.title = "program realm";
  document.body.append(frame);
  const window = frame.contentWindow as unknown as Record<string, unknown> & { Function: FunctionConstructor; eval(code: string): unknown };
  return { Function: window.Function, evaluate: (code) => window.eval(code), global: window };
}

function ensureRun(): boolean {
  if (run !== null) return true;
  if (display === null) recompile();
  const compiled = compileForRun(source.text, options);
  if (!compiled.ok) {
    runError = compiled.error;
    renderStep();
    return false;
  }
  try {
    const recording = record(compiled.code, { traceScript, prelude, libraryShims, realm: freshRealm() });
    run = { recording, stepper: new Stepper(recording), positions: traceNumbers(compiled.ast) };
    runError = null;
  } catch (error) {
    runError = `the playground could not run this program: ${error instanceof Error ? error.message : String(error)}`;
    run = null;
  }
  return run !== null;
}

type Move = "next" | "back" | "overResume" | "nextJob" | "run" | "reset";

function move(how: Move): void {
  const fresh = run === null;
  if (!ensureRun()) return;
  const stepper = run!.stepper;
  // The first Step (or Step over, Next job) of a new run shows its first stop.
  if (fresh && how !== "run") stepper.reset();
  else stepper[how]();
  renderStep();
}

/** The display machine (diagram index) of a recorded machine id. */
function machineIndex(id: number): number | undefined {
  if (run === null) return undefined;
  const info = run.recording.machines.get(id);
  return info === undefined ? undefined : run.positions.get(info.fn);
}

/** What one stop shows, worked out before anything is drawn (the tests check it for every stop). */
interface StopView {
  step: Step | null;
  info: string;
  error: boolean;
  output: Highlight | null;
  source: Highlight | null;
  diagram: { index: number; mark: Mark } | null;
  /** Something the stop refers to that the display cannot show (the tests fail on it). */
  problems: string[];
}

function viewOf(step: Step | null): StopView {
  const view: StopView = { step, info: "", error: false, output: null, source: null, diagram: null, problems: [] };
  if (runError !== null) return { ...view, info: runError, error: true };
  const recording = run?.recording ?? null;
  if (step === null || recording === null) return { ...view, info: "Press Step to start stepping, or Run to run to the end." };
  const where = `step ${run!.stepper.index + 1} of ${recording.steps.length}${recording.truncated ? " (recording cut)" : ""}`;
  const k = step.machine !== 0 ? machineIndex(step.machine) : undefined;
  const info = k !== undefined && display !== null ? display.machines[k] : undefined;
  const name = step.machine !== 0 ? `${recording.machines.get(step.machine)?.name || "(anonymous)"} #${step.machine}` : "";
  if (step.machine !== 0 && info === undefined) view.problems.push(`${name} is not among the output's machines`);
  if (step.kind === "case") {
    const c = info?.cases.get(step.n);
    if (info !== undefined && c === undefined) view.problems.push(`case ${step.n} of ${name} is not in the output`);
    const shown = step.machines.find((m) => m.id === step.machine);
    if (!shown || shown.current !== step.n) view.problems.push(`the machine panel does not show ${name} running case ${step.n}`);
    view.output = c ? { lines: c.output, ranges: [] } : null;
    view.source = c ? { lines: null, ranges: c.source } : null;
    view.info = `${where} · ${name}: case ${step.n} is about to run${step.from >= 0 ? ` (from case ${step.from})` : " (its first)"}`;
    if (k !== undefined) view.diagram = { index: k, mark: { n: step.n, from: step.from } };
  } else if (step.kind === "suspend") {
    const done = step.outcome === "return";
    const c = done || step.outcome === "throw" ? undefined : info?.cases.get(step.n);
    view.output = c ? { lines: c.output, ranges: [] } : null;
    const words: Record<string, string> = {
      yield: "yielded",
      await: "awaits",
      delegate: "delegates (yield*)",
      return: "returned",
      throw: "threw: the runtime routes the exception to a catch or finally block of its try table, or out of the function",
    };
    view.info = `${where} · ${name} ${words[step.outcome] ?? step.outcome}${c ? `; it resumes at case ${step.n}` : ""}`;
    if (k !== undefined && step.outcome !== "throw") view.diagram = { index: k, mark: { n: step.n, from: step.from, done } };
  } else if (step.kind === "job") {
    view.info = `${where} · ${step.task.startsWith("t") ? "timer" : "job"} ${step.task.slice(1)} runs: ${recording.labels.get(step.task) ?? ""}`;
  } else {
    view.info = `${where} · the program has finished${recording.aborted ? " (stopped: it ran too long)" : ""}`;
  }
  return view;
}

function renderStep(): void {
  paint(viewOf(run === null ? null : run.stepper.step));
}

function paint(view: StopView): void {
  const step = view.step;
  const recording = run?.recording ?? null;
  renderMachines($("machines"), step);
  renderQueue($("queue"), recording, step);
  if (recording !== null && step !== null) {
    const previous = run!.stepper.index > 0 ? recording.steps[run!.stepper.index - 1].lines : 0;
    renderConsole($("console"), recording.lines, step.kind === "end" ? recording.lines.length : step.lines, previous);
  } else {
    renderConsole($("console"), [], 0, 0);
  }
  stepInfo.textContent = view.info;
  stepInfo.className = view.error ? "error" : "";
  output.highlight(view.output);
  if (view.source !== null || step !== null) source.highlight(view.source);
  if (view.diagram !== null) void diagram.show(view.diagram.index, view.diagram.mark);
  document.body.dataset.stepKind = step?.kind ?? "";
  document.body.dataset.stepMachine = step ? String(step.machine) : "";
  document.body.dataset.stepCase = step?.kind === "case" ? String(step.n) : "";
}

// ---- Controls, options, examples, the URL ---------------------------------------------------

function setOptions(next: CompileOptions): void {
  options = next;
  explainBox.checked = options.explain;
  runtimeMenu.value = options.runtime;
  targetsInput.value = options.targets;
}

function optionsChanged(): void {
  options = { explain: explainBox.checked, runtime: runtimeMenu.value as CompileOptions["runtime"], targets: targetsInput.value };
  invalidateRun();
  recompile();
}

function loadExample(id: string): void {
  const example = findExample(id) ?? EXAMPLES[0];
  exampleId = example.id;
  examplesMenu.value = example.id;
  if (example.explain) setOptions({ ...options, explain: true });
  source.setText(example.source);
  invalidateRun();
  recompile();
}

let writtenHash = "";
function saveHash(): void {
  const example = exampleId !== null ? findExample(exampleId) : undefined;
  const edited = example === undefined || example.source !== source.text;
  const hash = writeHash({ example: exampleId, code: edited ? source.text : null, options });
  writtenHash = hash;
  if (location.hash !== hash) history.replaceState(null, "", hash);
}

$("run").addEventListener("click", () => move("run"));
$("step").addEventListener("click", () => move("next"));
$("step-over").addEventListener("click", () => move("overResume"));
$("next-job").addEventListener("click", () => move("nextJob"));
$("back").addEventListener("click", () => move("back"));
$("reset").addEventListener("click", () => {
  invalidateRun();
  renderStep();
});
examplesMenu.addEventListener("change", () => loadExample(examplesMenu.value));
explainBox.addEventListener("change", optionsChanged);
runtimeMenu.addEventListener("change", optionsChanged);
targetsInput.addEventListener("change", optionsChanged);
$("share").addEventListener("click", (event) => {
  event.preventDefault();
  saveHash();
  void navigator.clipboard?.writeText(location.href).catch(() => undefined);
});

function loadFromHash(): void {
  const state = readHash(location.hash, DEFAULTS);
  setOptions(state.options);
  if (state.code !== null) {
    exampleId = state.example;
    if (state.example !== null) examplesMenu.value = state.example;
    source.setText(state.code);
    invalidateRun();
    recompile();
  } else {
    loadExample(state.example ?? EXAMPLES[0].id);
  }
}

// A link followed or the hash edited by hand (not the page's own writes): take what it says.
window.addEventListener("hashchange", () => {
  if (location.hash !== writtenHash) loadFromHash();
});

loadFromHash();

// ---- For the browser tests --------------------------------------------------------------------

declare global {
  interface Window {
    playground: unknown;
  }
}

window.playground = {
  examples: () => EXAMPLES.map((e) => e.id),
  source: () => source.text,
  output: () => output.text,
  options: () => ({ ...options }),
  load: (id: string) => loadExample(id),
  timings: () => ({ ...timings }),
  diagramReady: () => diagram.ready,
  /** The console of a run to the end (Run), and whether it was cut or stopped. */
  runToEnd: () => {
    move("run");
    if (run === null) return { error: runError };
    return { lines: run.recording.lines, steps: run.recording.steps.length, truncated: run.recording.truncated, aborted: run.recording.aborted };
  },
  /**
   * Goes through every stop of the recording: works out what each shows (and what it refers to
   * that the display lacks), and draws the first `painted` of them and the last, all panels.
   */
  walk: (painted = 150) => {
    if (!ensureRun()) return { error: runError };
    const problems: string[] = [];
    const stepper = run!.stepper;
    stepper.reset();
    let drawn = 0;
    for (;;) {
      const view = viewOf(stepper.step);
      for (const problem of view.problems) problems.push(`stop ${stepper.index + 1}: ${problem}`);
      if (stepper.index < painted || stepper.atEnd) {
        paint(view);
        drawn++;
      }
      if (stepper.atEnd) break;
      stepper.next();
    }
    return { steps: run!.recording.steps.length, drawn, problems };
  },
};
