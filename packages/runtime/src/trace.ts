/**
 * Tracing: how a host (the playground) watches machines run, one case at a time. Only in the
 * trace builds of the runtime (`@stepwise/runtime/trace`, dist/runtime-trace.js); the ordinary
 * builds do not contain this module, and code lowered without the plugin's `trace: true` option
 * never calls it.
 *
 * With `trace: true` the plugin adds two calls to each machine it emits, and nothing else:
 *
 *     return _stepwise.traceMachine(_stepwise.generator(countdown, this, function (_ctx) {
 *       for (;;) switch (_ctx.state) {
 *         case 0:
 *           _stepwise.traceCase(_ctx, 0);       // case 0 is about to run
 *           ...
 *     }, _countdownTries), "countdown", 0);   // a machine was made: its name, its function's index in the file
 *
 * `traceMachine` registers the machine and wraps its body, so the tracer also sees every entry
 * into the body (a resume) and every exit (a yield, an await, the end). An async function's first
 * run, up to its first `await`, is usually not a call of the body but its case 0 written in the
 * function itself (the plugin's core/first-run.ts): it is reported as an entry all the same, from
 * its `traceCase(_ctx, 0)` (a case outside any call of the body) to the `settle()`/`drive()` that
 * follows it, which reads how it left; a call of the body it makes is part of it. A host installs a tracer
 * with `setTracer` and receives:
 *
 *     machine(m)          a machine was made (a generator object, an async function call, ...)
 *     enter(m)            its body is entered
 *     step(m, n)          case n is about to run
 *     leave(m, outcome)   the body returned: "yield", "await", "delegate", "again" (re-entered at
 *                         once: a finally block's end, a routed jump), "return" or "throw"
 *
 * and can read any machine's state at any time (`describeMachine`: what the playground's machine
 * panel shows). The job loop (loop.ts) is the runtime's own where there is no native Promise —
 * the host evaluates this build without one — and `waitingJobs`/`runJob` let the host see the
 * queue and run it one job at a time, each job known by a number.
 */
import { Context, Body } from "./machine";
import { SUSPENDED_START, COMPLETED, AGAIN, AWAIT, DELEGATE, THROW, RETURN } from "./constants";
import { AsyncContext, firstRunThrew } from "./async";
import { AsyncGeneratorContext, asyncGeneratorOf } from "./async-generator";
import { generatorKind } from "./realm";
import { waitingJobs as queuedJobs, runNextJob } from "./loop";

/** What the plugin's machine kinds are called here. */
export type MachineKind = "generator" | "async" | "asyncGenerator";

/** One machine as the tracer knows it. */
export interface TracedMachine {
  /** Numbered in order of creation, from 1. */
  id: number;
  /** The lowered function's name, as the plugin saw it ("" when it has none). */
  name: string;
  /** The index of the lowered function in its file (the plugin's count, in lowering order). */
  fn: number;
  kind: MachineKind;
  /** How many calls of the body are under way (more than one only while a body re-enters itself). */
  active: number;
  /** Whether the body was ever entered. */
  started: boolean;
  /** While an async function's first run, in the function itself, is under way. */
  firstRun: boolean;
  ctx: Context;
}

export interface Tracer {
  machine?(machine: TracedMachine): void;
  enter?(machine: TracedMachine): void;
  step?(machine: TracedMachine, n: number): void;
  leave?(machine: TracedMachine, outcome: string): void;
}

/** A pending completion of a finally block: its try table row, and what it will carry on with. */
export interface PendingCompletion {
  row: number;
  kind: "throw" | "return" | "jump";
  value: unknown;
}

/** A machine's state, for display. */
export interface MachineView {
  id: number;
  name: string;
  fn: number;
  kind: MachineKind;
  /** "not started", "running", "suspended", "delegating" (a `yield*` under way) or "done". */
  status: string;
  /** The case it runs next (while running: the case running, or one in the same try region). */
  state: number;
  /** The value the last `next(v)` (or settled await) brought in. */
  sent: unknown;
  /** The exception being delivered to a catch block, if any. */
  caught: unknown;
  /** The innermost try table row whose blocks hold `state` (-1: none), and which block. */
  tryRow: number;
  tryPart: "" | "try" | "catch" | "finally";
  pending: PendingCompletion[];
  /** The iterator a `yield*` is delegating to (null: none). */
  delegate: unknown;
  /** When that iterator is a traced machine's generator object: its id (0 otherwise). */
  delegateId: number;
  /** Requests waiting in an async generator's queue (0 for other machines). */
  queued: number;
  done: boolean;
}

const machines: TracedMachine[] = [];
let tracer: Tracer = {};

/** Installs the host's tracer (null: none). */
export function setTracer(next: Tracer | null): void {
  tracer = next || {};
}

/** Every machine made since the runtime loaded, oldest first. */
export function tracedMachines(): TracedMachine[] {
  return machines.slice();
}

/** The machine of a generator or async generator object, or undefined. */
function machineOf(object: unknown): Context | undefined {
  const machine = generatorKind.slot.get(object);
  return (machine !== undefined ? machine : asyncGeneratorOf(object)) as Context | undefined;
}

function kindOf(ctx: Context): MachineKind {
  if (ctx instanceof AsyncContext) return "async";
  if (ctx instanceof AsyncGeneratorContext) return "asyncGenerator";
  return "generator";
}

function outcomeOf(ctx: Context, result: unknown): string {
  if (result === AWAIT) return "await";
  if (result === DELEGATE) return "delegate";
  if (result === AGAIN) return ctx.inner !== null ? "delegate" : "again";
  return ctx.status === COMPLETED ? "return" : "yield";
}

/**
 * `_stepwise.traceMachine(made, name, fn)`: registers the machine of `made` (a generator object,
 * or an async function's machine) and returns `made`. The body is wrapped so that each entry and
 * exit is reported; it is called as before (as a method of the machine, with the same argument).
 */
export function traceMachine<T>(made: T, name: string, fn: number): T {
  const ctx = (made instanceof Context ? made : machineOf(made)) as Context;
  const machine: TracedMachine = { id: machines.length + 1, name: name, fn: fn, kind: kindOf(ctx), active: 0, started: false, firstRun: false, ctx: ctx };
  machines.push(machine);
  (ctx as unknown as { traced: TracedMachine }).traced = machine;
  const body = ctx.body;
  ctx.body = function (this: unknown, arg: Context) {
    // Called by a first run in the function itself: part of that entry.
    if (machine.firstRun) return body.call(this, arg);
    machine.active++;
    machine.started = true;
    if (tracer.enter) tracer.enter(machine);
    let result: unknown;
    try {
      result = body.call(this, arg);
    } catch (error) {
      machine.active--;
      if (tracer.leave) tracer.leave(machine, "throw");
      throw error;
    }
    machine.active--;
    if (tracer.leave) tracer.leave(machine, outcomeOf(ctx, result));
    return result;
  } as Body;
  if (ctx instanceof AsyncContext) endFirstRunAt(ctx, machine);
  if (tracer.machine) tracer.machine(machine);
  return made;
}

/**
 * An async function's `settle()` and `drive()` (own properties of this traced machine) first end
 * the entry its first run made, if the run stood in the function itself: how it left is what it
 * stored, or that it threw.
 */
function endFirstRunAt(ctx: AsyncContext, machine: TracedMachine): void {
  const settle = ctx.settle;
  const drive = ctx.drive;
  const end = function () {
    if (!machine.firstRun) return;
    machine.firstRun = false;
    machine.active--;
    if (tracer.leave) tracer.leave(machine, firstRunThrew(ctx) ? "throw" : outcomeOf(ctx, ctx.returned));
  };
  ctx.settle = function (this: AsyncContext) {
    end();
    return settle.call(this);
  };
  ctx.drive = function (this: AsyncContext) {
    end();
    return drive.call(this);
  };
}

/** `_stepwise.traceCase(_ctx, n)`: the first statement of case n. */
export function traceCase(ctx: Context, n: number): void {
  const machine = (ctx as unknown as { traced?: TracedMachine }).traced;
  if (machine === undefined) return;
  if (machine.active === 0 && machine.kind === "async" && !machine.started) {
    // A case outside any call of the body: the first run, in the function itself, begins.
    machine.firstRun = true;
    machine.active++;
    machine.started = true;
    if (tracer.enter) tracer.enter(machine);
  }
  if (tracer.step) tracer.step(machine, n);
}

/** The id of the traced machine whose generator object `object` is (0: none). */
function tracedId(object: unknown): number {
  const ctx = machineOf(object);
  const machine = ctx instanceof Context ? (ctx as unknown as { traced?: TracedMachine }).traced : undefined;
  return machine !== undefined ? machine.id : 0;
}

/** The try table row whose blocks hold case `n` innermost, and which block (as the runtime's `route` sees it). */
function regionOf(ctx: Context, n: number): { row: number; part: "" | "try" | "catch" | "finally" } {
  const tries = ctx.tries;
  if (tries === undefined) return { row: -1, part: "" };
  for (let i = tries.length - 1; i >= 0; i--) {
    const entry = tries[i];
    if (n < entry["try"] || n >= entry.end) continue;
    if (entry["finally"] !== 0 && n >= entry["finally"]) return { row: i, part: "finally" };
    if (entry["catch"] !== 0 && n >= entry["catch"]) return { row: i, part: "catch" };
    return { row: i, part: "try" };
  }
  return { row: -1, part: "" };
}

const PENDING_KINDS: Record<number, "throw" | "return" | "jump"> = {};
PENDING_KINDS[THROW] = "throw";
PENDING_KINDS[RETURN] = "return";

/** What the machine panel shows of a machine, read off its context. */
export function describeMachine(machine: TracedMachine): MachineView {
  const ctx = machine.ctx;
  const region = regionOf(ctx, ctx.state);
  const pending: PendingCompletion[] = [];
  if (ctx.pending !== null) {
    for (let row = 0; 2 * row < ctx.pending.length; row++) {
      const type = ctx.pending[2 * row];
      if (type !== undefined) pending.push({ row: row, kind: PENDING_KINDS[type as number] || "jump", value: ctx.pending[2 * row + 1] });
    }
  }
  const asyncGenerator = ctx instanceof AsyncGeneratorContext ? ctx : null;
  const delegate = ctx.inner !== null ? ctx.inner : asyncGenerator !== null ? asyncGenerator.asyncInner : null;
  const done = ctx.status === COMPLETED;
  // The runtime's own status says EXECUTING from a request's start to its end, also while the
  // body has already left (a yield being handed out) or while a `yield*` runs the delegate: what
  // matters to a reader is whether this body is running.
  let status: string;
  if (machine.active > 0) status = "running";
  else if (done) status = "done";
  else if (!machine.started && ctx.status === SUSPENDED_START) status = "not started";
  else if (delegate !== null) status = "delegating";
  else status = "suspended";
  return {
    id: machine.id,
    name: machine.name,
    fn: machine.fn,
    kind: machine.kind,
    status: status,
    state: ctx.state,
    sent: ctx.sent,
    caught: ctx.caught,
    tryRow: region.row,
    tryPart: region.part,
    pending: pending,
    delegate: delegate,
    delegateId: delegate !== null ? tracedId(delegate) : 0,
    queued: asyncGenerator !== null ? asyncGenerator.queue.length : 0,
    done: done,
  };
}

// ---- The job queue, one job at a time --------------------------------------------------------

/** The jobs seen so far and their numbers (a job is a closure: known by identity). */
const jobIds: { job: () => void; id: number }[] = [];
let nextJobId = 1;

function idOf(job: () => void): number {
  for (let i = jobIds.length - 1; i >= 0; i--) if (jobIds[i].job === job) return jobIds[i].id;
  const id = nextJobId++;
  jobIds.push({ job: job, id: id });
  return id;
}

/** The numbers of the jobs waiting in the runtime's queue, oldest first. */
export function waitingJobs(): number[] {
  const jobs = queuedJobs();
  const ids: number[] = [];
  for (let i = 0; i < jobs.length; i++) ids.push(idOf(jobs[i]));
  return ids;
}

/** Runs the oldest waiting job; its number, or 0 when the queue is empty. */
export function runJob(): number {
  const jobs = queuedJobs();
  if (jobs.length === 0) return 0;
  const id = idOf(jobs[0]);
  // Forget it: it runs once, and its closure may be garbage after.
  for (let i = 0; i < jobIds.length; i++) {
    if (jobIds[i].id === id) {
      jobIds.splice(i, 1);
      break;
    }
  }
  runNextJob();
  return id;
}
