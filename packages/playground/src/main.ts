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
import { Editor } from "./editor.js";
import { compileForDisplay, compileForRun, type CompileOptions } from "./compiler.js";
import { mapMachines, traceNumbers, type MachineInfo } from "./machine-map.js";
import { record, type Recording, type Step } from "./recorder.js";
import { Stepper } from "./stepper.js";
import { renderMachines } from "./machine-panel.js";
import { renderQueue } from "./queue-panel.js";
import { renderConsole } from "./console-panel.js";
import { Diagram } from "./diagram.js";
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
/** Timings of the last recompile, for the status line and the tests. */
const timings = { compileMs: 0, recompileMs: 0 };

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
  if (fresh && how === "next") stepper.reset();
  else if (fresh && how === "overResume") stepper.reset();
  else stepper[how]();
  renderStep();
}

/** The display machine (diagram index) of a recorded machine id. */
function machineIndex(id: number): number | undefined {
  if (run === null) return undefined;
  const info = run.recording.machines.get(id);
  return info === undefined ? undefined : run.positions.get(info.fn);
}

function renderStep(): void {
  const step: Step | null = run === null ? null : run.stepper.step;
  const recording = run?.recording ?? null;
  renderMachines($("machines"), step);
  renderQueue($("queue"), recording, step);
  if (recording !== null && step !== null) {
    const previous = run!.stepper.index > 0 ? recording.steps[run!.stepper.index - 1].lines : 0;
    renderConsole($("console"), recording.lines, step.kind === "end" ? recording.lines.length : step.lines, previous);
  } else {
    renderConsole($("console"), [], 0, 0);
  }
  document.body.dataset.stepKind = step?.kind ?? "";
  if (runError !== null) {
    stepInfo.textContent = runError;
    stepInfo.className = "error";
    return;
  }
  stepInfo.className = "";
  if (step === null || recording === null) {
    stepInfo.textContent = "Press Step to start stepping, or Run to run to the end.";
    output.highlight(null);
    return;
  }
  const total = recording.steps.length;
  const where = `step ${run!.stepper.index + 1} of ${total}${recording.truncated ? " (recording cut)" : ""}`;
  const k = step.machine !== 0 ? machineIndex(step.machine) : undefined;
  const info = k !== undefined && display !== null ? display.machines[k] : undefined;
  const name = step.machine !== 0 ? `${recording.machines.get(step.machine)?.name || "(anonymous)"} #${step.machine}` : "";
  if (step.kind === "case") {
    const c = info?.cases.get(step.n);
    output.highlight(c ? { lines: c.output, ranges: [] } : null);
    source.highlight(c ? { lines: null, ranges: c.source } : null);
    stepInfo.textContent = `${where} · ${name}: case ${step.n} is about to run${step.from >= 0 ? ` (from case ${step.from})` : " (its first)"}`;
    if (k !== undefined) void diagram.show(k, { n: step.n, from: step.from });
  } else if (step.kind === "suspend") {
    const done = step.outcome === "return" || step.outcome === "throw";
    const c = done ? undefined : info?.cases.get(step.n);
    output.highlight(c ? { lines: c.output, ranges: [] } : null);
    source.highlight(null);
    const words: Record<string, string> = { yield: "yielded", await: "awaits", delegate: "delegates (yield*)", return: "returned", throw: "threw" };
    stepInfo.textContent = `${where} · ${name} ${words[step.outcome] ?? step.outcome}${done ? "" : `; it resumes at case ${step.n}`}`;
    if (k !== undefined) void diagram.show(k, { n: step.n, from: step.from, done });
  } else if (step.kind === "job") {
    output.highlight(null);
    source.highlight(null);
    stepInfo.textContent = `${where} · ${step.task.startsWith("t") ? "timer" : "job"} ${step.task.slice(1)} runs: ${recording.labels.get(step.task) ?? ""}`;
  } else {
    output.highlight(null);
    source.highlight(null);
    stepInfo.textContent = `${where} · the program has finished${recording.aborted ? " (stopped: it ran too long)" : ""}`;
  }
  document.body.dataset.stepMachine = String(step.machine);
  document.body.dataset.stepCase = step.kind === "case" ? String(step.n) : "";
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

function saveHash(): void {
  const example = exampleId !== null ? findExample(exampleId) : undefined;
  const edited = example === undefined || example.source !== source.text;
  const hash = writeHash({ example: exampleId, code: edited ? source.text : null, options });
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

window.addEventListener("hashchange", () => {
  const state = readHash(location.hash, DEFAULTS);
  const example = state.example !== null ? findExample(state.example) : undefined;
  if (state.code === source.text || (state.code === null && example?.source === source.text)) return;
  loadFromHash();
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
  load: (id: string) => loadExample(id),
  timings: () => ({ ...timings }),
  diagramReady: () => diagram.ready,
  /** The console of a run to the end (Run), and whether it was cut or stopped. */
  runToEnd: () => {
    move("run");
    if (run === null) return { error: runError };
    return { lines: run.recording.lines, steps: run.recording.steps.length, truncated: run.recording.truncated, aborted: run.recording.aborted };
  },
  /** Shows every stop of the recording in turn (all panels); the problems found. */
  walk: () => {
    if (!ensureRun()) return { error: runError };
    const problems: string[] = [];
    const stepper = run!.stepper;
    stepper.reset();
    for (;;) {
      renderStep();
      const step = stepper.step;
      if (step.kind === "case") {
        const k = machineIndex(step.machine);
        if (k === undefined || display === null || !display.machines[k]?.cases.has(step.n)) problems.push(`step ${stepper.index}: case ${step.n} of machine ${step.machine} is not in the output`);
        const shown = step.machines.find((m) => m.id === step.machine);
        if (!shown || shown.current !== step.n) problems.push(`step ${stepper.index}: the machine panel does not show case ${step.n} running`);
      }
      if (stepper.atEnd) break;
      stepper.next();
    }
    return { steps: run!.recording.steps.length, problems };
  },
};
