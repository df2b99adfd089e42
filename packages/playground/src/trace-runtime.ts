/**
 * The runtime the playground runs programs on: the trace build (dist/runtime-trace.js, whose
 * hooks the plugin's `trace: true` output calls), evaluated afresh for every run in the realm the
 * program runs in, with no `Promise` and no `setTimeout` in its scope. So it takes the road it
 * takes on old engines: its own Promises/A+ promise, whose jobs wait in its own queue, and nothing
 * schedules that queue behind our back — the recorder runs it, one job at a time, and sees every
 * job waiting.
 */

/** A machine as the trace hooks report it (packages/runtime/src/trace.ts). */
export interface TracedMachine {
  id: number;
  name: string;
  fn: number;
  kind: "generator" | "async" | "asyncGenerator";
  active: number;
  started: boolean;
}

export interface MachineView {
  id: number;
  name: string;
  fn: number;
  kind: string;
  status: string;
  state: number;
  sent: unknown;
  caught: unknown;
  tryRow: number;
  tryPart: string;
  pending: { row: number; kind: string; value: unknown }[];
  delegate: unknown;
  delegateId: number;
  queued: number;
  done: boolean;
}

export interface Tracer {
  machine?(machine: TracedMachine): void;
  enter?(machine: TracedMachine): void;
  step?(machine: TracedMachine, n: number): void;
  leave?(machine: TracedMachine, outcome: string): void;
}

/** The part of the trace build the recorder uses (besides what lowered code calls). */
export interface TraceRuntime {
  setTracer(tracer: Tracer | null): void;
  tracedMachines(): TracedMachine[];
  describeMachine(machine: TracedMachine): MachineView;
  waitingJobs(): number[];
  runJob(): number;
  /** The runtime's promise: here always its own (fallback) one. */
  Promise: unknown;
}

/**
 * Where a program runs: a realm of its own (an iframe's window in the page, a vm context in the
 * tests), so that its globals, and whatever it patches, stay apart from the page's. `evaluate`
 * runs a script at the realm's top level (a `var` becomes a global, as in a real script).
 */
export interface Realm {
  Function: FunctionConstructor;
  evaluate(code: string): unknown;
  global: Record<string, unknown>;
}

/** A fresh instance of the trace build, in `realm`, with no Promise and no timers in its scope. */
export function loadTraceRuntime(script: string, realm: Realm): TraceRuntime {
  const make = new realm.Function("Promise", "setTimeout", "queueMicrotask", `${script}\nreturn stepwise;`);
  return make(undefined, undefined, undefined) as TraceRuntime;
}
