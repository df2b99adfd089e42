// The tracing hooks (src/trace.ts): what a host sees of programs lowered with `trace: true`, run
// on the trace build evaluated without a native Promise (as the playground runs it), so that
// promise jobs wait in the runtime's own queue.
import { describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
// @ts-expect-error -- plain ESM helper without types for this import path
import { transformFixture } from "../../../fixtures/harness.mjs";

const require = createRequire(import.meta.url);
const traceScript = readFileSync(require.resolve("@stepwise/runtime/dist/runtime-trace.js"), "utf8");

interface Machine {
  id: number;
  name: string;
  fn: number;
  kind: string;
}
interface Runtime {
  setTracer(tracer: object | null): void;
  describeMachine(machine: Machine): Record<string, unknown>;
  tracedMachines(): Machine[];
  waitingJobs(): number[];
  runJob(): number;
}

/** A fresh trace runtime (no Promise, no timers: its own job loop) and `source` lowered to run on it. */
function load(source: string) {
  const runtime = new Function("Promise", "setTimeout", `${traceScript}\nreturn stepwise;`)(undefined, undefined) as Runtime;
  const code: string = transformFixture(source, { filename: "program.js", options: { runtime: "global", trace: true } });
  const events: string[] = [];
  const views: Record<string, unknown>[] = [];
  runtime.setTracer({
    machine: (m: Machine) => events.push(`machine ${m.name} #${m.id} (${m.kind})`),
    enter: (m: Machine) => events.push(`enter ${m.name}`),
    step: (m: Machine, n: number) => {
      events.push(`${m.name} case ${n}`);
      views.push(runtime.describeMachine(m));
    },
    leave: (m: Machine, outcome: string) => events.push(`leave ${m.name}: ${outcome}`),
  });
  const run = () => new Function("stepwise", "log", code)(runtime, (...args: unknown[]) => events.push(`log ${args.join(" ")}`));
  return { runtime, events, views, run, code };
}

describe("trace: what the host sees", () => {
  test("a generator: each machine made, every case before it runs, each entry and exit of its body", () => {
    const { runtime, events, views, run } = load(`
      function* countdown(from) {
        try {
          for (let n = from; n > 0; n--) {
            const command = yield n;
            if (command === "stop") return "stopped";
          }
        } finally {
          log("cleanup");
        }
      }
      var g = countdown(2);
      g.next();
      g.next("stop");
    `);
    run();
    expect(events).toEqual([
      "machine countdown #1 (generator)",
      "enter countdown",
      "countdown case 0",
      "countdown case 1",
      "leave countdown: yield",
      "enter countdown",
      "countdown case 2",
      "leave countdown: again", // the return goes through the finally block first
      "enter countdown",
      "countdown case 5",
      "log cleanup",
      "leave countdown: return",
    ]);
    // While case 5 (the finally block) runs, the return waits as row 0's pending completion.
    expect(views[3]).toMatchObject({ name: "countdown", status: "running", tryRow: 0, tryPart: "finally", sent: undefined });
    // Between requests, suspended at its yield: what the panel shows between steps.
    expect(runtime.describeMachine(runtime.tracedMachines()[0]).status).toBe("done");
    expect(views[3].pending).toEqual([{ row: 0, kind: "return", value: "stopped" }]);
    expect(views[0]).toMatchObject({ status: "running", tryRow: 0, tryPart: "try", pending: [] });
    const [machine] = runtime.tracedMachines();
    expect(runtime.describeMachine(machine)).toMatchObject({ status: "done", done: true, pending: [] });
  });

  test("yield*: the delegating machine shows its delegate while the inner one runs", () => {
    const { runtime, run } = load(`
      function* inner() { yield 1; }
      function* outer() { yield* inner(); return 2; }
      var it = outer();
      it.next();
      it.next();
    `);
    const outerWhileInnerRuns: Record<string, unknown>[] = [];
    runtime.setTracer({
      step: (m: Machine) => {
        if (m.name !== "inner") return;
        const outer = runtime.tracedMachines().find((machine) => machine.name === "outer")!;
        outerWhileInnerRuns.push(runtime.describeMachine(outer));
      },
    });
    run();
    expect(runtime.tracedMachines().map((m) => `${m.name} #${m.id} fn ${m.fn}`)).toEqual(["outer #1 fn 1", "inner #2 fn 0"]);
    expect(outerWhileInnerRuns.length).toBeGreaterThan(0);
    for (const view of outerWhileInnerRuns) {
      expect(view.delegate).toEqual(expect.objectContaining({ next: expect.any(Function) }));
      expect(view).toMatchObject({ status: "delegating", delegateId: 2 });
    }
    expect(runtime.describeMachine(runtime.tracedMachines()[0])).toMatchObject({ done: true, status: "done", delegate: null });
  });

  test("an async function: its continuation waits in the job queue, and runs when the host runs that job", () => {
    const { runtime, events, run } = load(`
      async function f() { log("a"); await null; log("b"); return 1; }
      f().then(function (v) { log("then", v); });
      log("sync");
    `);
    run();
    expect(events).toEqual(["machine f #1 (async)", "enter f", "f case 0", "log a", "leave f: await", "log sync"]);
    const waiting = runtime.waitingJobs();
    expect(waiting).toHaveLength(1);
    const [f] = runtime.tracedMachines();
    expect(runtime.describeMachine(f)).toMatchObject({ status: "suspended", state: 1, done: false });
    events.length = 0;
    expect(runtime.runJob()).toBe(waiting[0]);
    expect(events).toEqual(["enter f", "f case 1", "log b", "leave f: return"]);
    // Resolving f's promise queued the `then` callback: a job of its own.
    const next = runtime.waitingJobs();
    expect(next).toHaveLength(1);
    expect(next[0]).not.toBe(waiting[0]);
    events.length = 0;
    expect(runtime.runJob()).toBe(next[0]);
    expect(events).toEqual(["log then 1"]);
    expect(runtime.runJob()).toBe(0);
  });

  test("trace: false lowers nothing of it, and the ordinary builds hold no trace code", () => {
    const off: string = transformFixture("function* g() { yield 1; }", { filename: "p.js", options: { runtime: "inline", trace: false } });
    const plain: string = transformFixture("function* g() { yield 1; }", { filename: "p.js", options: { runtime: "inline" } });
    expect(off).toBe(plain);
    expect(off).not.toMatch(/trace/i);
    // dist/pieces.json keeps every top-level name of the runtime (dist/runtime.js is minified).
    for (const file of ["runtime.js", "pieces.json"]) {
      expect(readFileSync(require.resolve(`@stepwise/runtime/dist/${file}`), "utf8")).not.toMatch(/traceCase|waitingJobs|runNextJob/);
    }
    expect(Object.keys(require("@stepwise/runtime"))).not.toContain("traceCase");
    expect(Object.keys(require("@stepwise/runtime/trace"))).toEqual(expect.arrayContaining(["traceCase", "traceMachine", "setTracer", ...Object.keys(require("@stepwise/runtime"))]));
  });
});
