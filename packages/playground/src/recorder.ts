/**
 * The recorder: runs a program lowered with `trace: true` to the end, once, and keeps every step
 * with what the panels show at that moment. Stepping in the page then moves through the
 * recording (as Python Tutor does): a program cannot be paused in the middle of a case, but it
 * can be replayed exactly, since it runs on its own job loop and a virtual clock.
 *
 * The host loop is the event loop of the textbook, made explicit:
 *
 *     run the script                           (task "script")
 *     loop:
 *       while a job waits: run the oldest one  (a promise reaction: an `await` resuming, a `then` callback)
 *       else fire the timer due first          (the clock moves to its time)
 *     until neither is left
 *
 * What it records, in order (`Step.kind`):
 *     "case"     case n of a machine is about to run
 *     "suspend"  a machine's body has left: it yielded, awaits, delegates, returned or threw
 *     "job"      a job (or a timer) starts that resumes no machine first (e.g. a `then` callback)
 *     "end"      nothing is left to run
 * each with the machines (state, sent, try row, pending finally completion, delegate), the jobs
 * and timers waiting, and how many console lines were printed by then. Every job and timer gets a
 * label from what it did when it ran ("countdown #1 → case 2"): the queue panel can say what a
 * waiting job will resume, because the recording knows.
 */
import { loadTraceRuntime, type Realm, type TracedMachine, type TraceRuntime } from "./trace-runtime.js";
import { VirtualTimers } from "./virtual-timers.js";
import { makeConsole } from "./console-format.js";
import { preview } from "./preview.js";

export interface MachineSnapshot {
  id: number;
  name: string;
  /** The lowered function's index in the file (the plugin's count), which maps it to its diagram. */
  fn: number;
  kind: string;
  status: string;
  state: number;
  /** The case running now (while the machine runs), else null. */
  current: number | null;
  sent: string;
  caught: string | null;
  tryRow: number;
  tryPart: string;
  pending: { row: number; kind: string; value: string }[];
  /** `yield*`: what it delegates to ("generator #2", or a preview of the iterator). */
  delegate: string | null;
  queued: number;
  done: boolean;
}

/** A job or timer waiting: its key ("j3", "t1") and, for timers, when it fires. */
export interface QueueEntry {
  key: string;
  due?: number;
}

export type StepKind = "case" | "suspend" | "job" | "end";

export interface Step {
  kind: StepKind;
  /** The machine (its id; 0 for none). */
  machine: number;
  /** "case": the case about to run; "suspend": the state it left for. */
  n: number;
  /** "case": the case this machine ran before (the edge just taken is from → n); -1: it starts. */
  from: number;
  /** "suspend": yield, await, delegate, return or throw. */
  outcome: string;
  /** The task this step runs in: "script", a job "j3" or a timer "t1". */
  task: string;
  /** How many machine bodies are running (nested resumes) at this step. */
  depth: number;
  /** The resume (one entry into a body, counting re-entries to run a finally block as the same) this step is in. */
  resume: number;
  machines: MachineSnapshot[];
  queue: QueueEntry[];
  /** Console lines printed before this step. */
  lines: number;
  /** The virtual clock, in ms. */
  clock: number;
}

export interface Recording {
  steps: Step[];
  /** Every console line of the run (also those after the last recorded step). */
  lines: string[];
  /** What each job and timer did when it ran, by key: "countdown #1 → case 2". */
  labels: Map<string, string>;
  /** Machines by id: name and function index. */
  machines: Map<number, { name: string; fn: number; kind: string }>;
  /** Stopped recording after this many steps (the run went on to its end). */
  truncated: boolean;
  /** The run was stopped: it took more steps than a playground program should (a runaway loop). */
  aborted: boolean;
}

export interface RecordOptions {
  /** dist/runtime-trace.js */
  traceScript: string;
  /** fixtures/prelude.js */
  prelude: string;
  /**
   * scripts/engines/library-shims.js: the library additions a real build for an engine without a
   * Promise would add on top of the runtime's own (Promise.prototype.finally, allSettled, any),
   * evaluated in the program's realm after the globals are set, as on the old engines.
   */
  libraryShims?: string;
  /** Where the runtime and the program run (an iframe's window in the page). */
  realm: Realm;
  /** Steps kept for stepping (the run itself goes on). Default 20,000. */
  maxSteps?: number;
  /** Cases run before the run is stopped as a runaway. Default 2,000,000. */
  maxCases?: number;
  /** Machines shown in one snapshot (running and most recent first). Default 24. */
  maxMachines?: number;
}

/** Thrown through the program to stop a runaway run. */
class Abort extends Error {}

/** Runs `code` (lowered with `runtime: "global", trace: true`) and records it. */
export function record(code: string, options: RecordOptions): Recording {
  const maxSteps = options.maxSteps ?? 20000;
  const maxCases = options.maxCases ?? 2000000;
  const maxMachines = options.maxMachines ?? 24;
  const runtime: TraceRuntime = loadTraceRuntime(options.traceScript, options.realm);
  const timers = new VirtualTimers();
  const lines: string[] = [];
  const programConsole = makeConsole(options.prelude, options.realm, (line) => lines.push(line));
  const recording: Recording = { steps: [], lines, labels: new Map(), machines: new Map(), truncated: false, aborted: false };

  let task = "script";
  let depth = 0;
  let cases = 0;
  let resumes = 0;
  /** Per machine id: the case it runs (while running), the case it ran last, its resume, and whether it left to re-enter at once. */
  const current = new Map<number, number>();
  const last = new Map<number, number>();
  const resumeOf = new Map<number, number>();
  const reentering = new Set<number>();
  /** The order machines last ran in (most recent last), for choosing which to show. */
  const recency: number[] = [];

  /** Machines by id, those running now, and those made but never started (oldest first). */
  const byId = new Map<number, TracedMachine>();
  const running = new Set<number>();
  const unstarted: number[] = [];
  /** The machine the step being recorded is about. */
  let focus = 0;

  /**
   * The machines a snapshot shows, at most maxMachines: the one the step is about, those running,
   * those that ran most recently, those not started yet — in order of creation.
   */
  const snapshotMachines = (): MachineSnapshot[] => {
    const chosen: TracedMachine[] = [];
    const take = (id: number) => {
      const m = byId.get(id);
      if (m !== undefined && !chosen.includes(m) && chosen.length < maxMachines) chosen.push(m);
    };
    take(focus);
    for (const id of running) take(id);
    for (let i = recency.length - 1; i >= 0 && chosen.length < maxMachines; i--) take(recency[i]);
    for (const id of unstarted) take(id);
    chosen.sort((a, b) => a.id - b.id);
    return chosen.map((m) => {
      const view = runtime.describeMachine(m);
      const delegateName = view.delegateId ? recording.machines.get(view.delegateId) : undefined;
      return {
        id: view.id,
        name: view.name,
        fn: view.fn,
        kind: view.kind,
        status: view.status,
        state: view.state,
        current: current.get(m.id) ?? null,
        sent: preview(view.sent),
        caught: view.caught === undefined ? null : preview(view.caught),
        tryRow: view.tryRow,
        tryPart: view.tryPart,
        pending: view.pending.map((p) => ({ row: p.row, kind: p.kind, value: preview(p.value) })),
        delegate: view.delegate === null ? null : delegateName ? `${delegateName.name || "(anonymous)"} #${view.delegateId}` : preview(view.delegate),
        queued: view.queued,
        done: view.done,
      };
    });
  };

  const snapshotQueue = (): QueueEntry[] => {
    // The job list is an array of the program's realm: read by index, never through its
    // iterator, which the program may have replaced or deleted.
    const jobs = runtime.waitingJobs();
    const queue: QueueEntry[] = [];
    for (let i = 0; i < jobs.length; i++) queue.push({ key: `j${jobs[i]}` });
    return [...queue, ...timers.waiting().map((t) => ({ key: `t${t.id}`, due: t.due }))];
  };

  /** The task being run has not been labelled yet: the first thing it does names it. */
  let unlabelled = false;
  const label = (text: string) => {
    if (!unlabelled) return;
    unlabelled = false;
    if (!recording.labels.has(task)) recording.labels.set(task, text);
  };

  const full = (step: Omit<Step, "machines" | "queue" | "lines" | "clock" | "task" | "depth">): Step => ({
    ...step,
    task,
    depth,
    machines: snapshotMachines(),
    queue: snapshotQueue(),
    lines: lines.length,
    clock: timers.now,
  });
  /**
   * The "job" stop of the task that just started, held back: it is kept (before the task's first
   * step) only when that first step is not a case — a case of a machine is stop enough.
   */
  let jobMarker: Step | null = null;
  const keep = (step: Step) => {
    if (recording.steps.length >= maxSteps) recording.truncated = true;
    else recording.steps.push(step);
  };
  const push = (step: Omit<Step, "machines" | "queue" | "lines" | "clock" | "task" | "depth">) => {
    if (recording.steps.length >= maxSteps) {
      recording.truncated = true;
      return;
    }
    if (jobMarker !== null && step.kind !== "case") keep(jobMarker);
    jobMarker = null;
    focus = step.machine;
    keep(full(step));
  };

  const nameOf = (m: TracedMachine) => `${m.name || "(anonymous)"} #${m.id}`;

  runtime.setTracer({
    machine(m) {
      recording.machines.set(m.id, { name: m.name, fn: m.fn, kind: m.kind });
      byId.set(m.id, m);
      if (unstarted.length < maxMachines) unstarted.push(m.id);
    },
    enter(m) {
      depth++;
      running.add(m.id);
      if (!reentering.delete(m.id)) resumeOf.set(m.id, ++resumes);
      const first = unstarted.indexOf(m.id);
      if (first !== -1) unstarted.splice(first, 1);
      const at = recency.indexOf(m.id);
      if (at !== -1) recency.splice(at, 1);
      recency.push(m.id);
      if (recency.length > maxMachines) recency.shift();
    },
    step(m, n) {
      if (++cases > maxCases) throw new Abort("stopped: more than " + maxCases + " cases ran");
      label(`${nameOf(m)} → case ${n}`);
      current.set(m.id, n);
      push({ kind: "case", machine: m.id, n, from: last.has(m.id) ? last.get(m.id)! : -1, outcome: "", resume: resumeOf.get(m.id) ?? 0 });
      last.set(m.id, n);
    },
    leave(m, outcome) {
      depth--;
      if (m.active === 0) running.delete(m.id);
      current.delete(m.id);
      if (outcome === "again") {
        reentering.add(m.id);
        return;
      }
      const view = runtime.describeMachine(m);
      push({ kind: "suspend", machine: m.id, n: view.state, from: last.get(m.id) ?? -1, outcome, resume: resumeOf.get(m.id) ?? 0 });
    },
  });

  /** Runs one task; an exception nothing caught is printed as the harness prints it. */
  const runTask = (name: string, body: () => void) => {
    task = name;
    unlabelled = name !== "script";
    const linesBefore = lines.length;
    if (name !== "script" && recording.steps.length < maxSteps) jobMarker = full({ kind: "job", machine: 0, n: -1, from: -1, outcome: "", resume: 0 });
    try {
      body();
    } catch (error) {
      if (error instanceof Abort) throw error;
      let text: string;
      try {
        text = programConsole.format(error);
      } catch {
        text = "<unformattable error>";
      }
      lines.push(`uncaught: ${text}`);
    }
    if (jobMarker !== null) keep(jobMarker);
    jobMarker = null;
    // A task that resumed no machine: named for what it printed, if anything.
    const printed = lines[linesBefore];
    label(`${name.startsWith("t") ? "timer callback" : "callback"}${printed !== undefined ? ` · prints ${JSON.stringify(printed.length > 30 ? printed.slice(0, 29) + "…" : printed)}` : ""}`);
  };

  // The program's globals: the runtime (`runtime: "global"` output reads `stepwise`), the
  // console, the timers on the virtual clock, and the runtime's own Promise, so that the
  // program's promises and the runtime's share one job queue.
  const timerGlobals = timers.globals();
  const RuntimePromise = runtime.Promise as { resolve(): { then(fn: () => void): unknown } };
  Object.assign(options.realm.global, {
    stepwise: runtime,
    console: programConsole.console,
    log: programConsole.log,
    ...timerGlobals,
    queueMicrotask: (fn: () => void) => {
      RuntimePromise.resolve().then(() => fn());
    },
    Promise: runtime.Promise,
  });
  if (options.libraryShims !== undefined) options.realm.evaluate(options.libraryShims);

  try {
    runTask("script", () => options.realm.evaluate(code));
    for (;;) {
      const job = runtime.waitingJobs()[0]; // (by index, as in snapshotQueue)
      if (job !== undefined) {
        runTask(`j${job}`, () => runtime.runJob());
        continue;
      }
      const timer = timers.next();
      if (timer === null) break;
      runTask(`t${timer.id}`, () => timer.callback());
    }
  } catch (error) {
    if (!(error instanceof Abort)) throw error;
    recording.aborted = true;
    lines.push(`playground: ${error.message}`);
  }
  task = "end";
  // The last stop is always kept, even past maxSteps: the program's final state.
  if (jobMarker !== null) keep(jobMarker);
  focus = 0;
  recording.steps.push(full({ kind: "end", machine: 0, n: -1, from: -1, outcome: "", resume: 0 }));
  runtime.setTracer(null);
  return recording;
}
