// The recorder outside the browser: every example of the page (the classics and every fixture
// the plugin lowers) recorded on the trace runtime, in a fresh realm, with the runtime's own job
// loop and the virtual clock — its console must equal the program's run natively in Node (the
// fixtures' harness, same transcript format), and every step must be coherent (the case about
// to run is the one the machine snapshot shows running; every job waiting gets run).
import { describe, expect, test } from "@jest/globals";
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import { hasOwnTargets, listCases, loadCase, preludeSource, runScript, transformFixture } from "../../../fixtures/harness.mjs";
import { record, type Recording } from "./recorder.js";
import { Stepper } from "./stepper.js";
import type { Realm } from "./trace-runtime.js";
import { LEFT_OUT } from "./left-out.js";

const here = dirname(fileURLToPath(import.meta.url));
const traceScript = readFileSync(createRequire(import.meta.url).resolve("@stepwise/runtime/dist/runtime-trace.js"), "utf8");

function freshRealm(): Realm {
  const context = vm.createContext({});
  return { Function: vm.runInContext("Function", context), evaluate: (code) => vm.runInContext(code, context), global: context };
}

const libraryShims = readFileSync(join(here, "..", "..", "..", "scripts", "engines", "library-shims.js"), "utf8");

function lowerAndRecord(source: string, plugin: Record<string, unknown> = {}): Recording {
  const code: string = transformFixture(source, { filename: "input.js", options: { ...plugin, runtime: "global", trace: true } });
  return record(code, { traceScript, prelude: preludeSource, libraryShims, realm: freshRealm() });
}

/** The steps' own consistency: what the stepping UI relies on. */
function coherence(recording: Recording): string[] {
  const problems: string[] = [];
  recording.steps.forEach((step, i) => {
    if (step.kind === "case") {
      const machine = step.machines.find((m) => m.id === step.machine);
      if (!machine || machine.current !== step.n || machine.status !== "running") problems.push(`step ${i}: case ${step.n} not shown running`);
    }
    if (i > 0 && step.lines < recording.steps[i - 1].lines) problems.push(`step ${i}: console went back`);
  });
  const last = recording.steps[recording.steps.length - 1];
  if (last.kind !== "end" || last.queue.length !== 0) problems.push("the recording does not end with an empty queue");
  return problems;
}

const classicsDir = join(here, "..", "examples");
const classics = readdirSync(classicsDir).filter((f) => f.endsWith(".js"));

describe("recorder: the classics", () => {
  for (const file of classics) {
    test(file, async () => {
      const source = readFileSync(join(classicsDir, file), "utf8");
      const recording = lowerAndRecord(source);
      expect(recording.lines).toEqual(await runScript(source, { requireRuntime: false, filename: file }));
      expect(coherence(recording)).toEqual([]);
      expect(recording.truncated || recording.aborted).toBe(false);
    });
  }

  test("countdown, step by step: the stops, the edges taken, the moves of the stepper", () => {
    const recording = lowerAndRecord(readFileSync(join(classicsDir, "countdown.js"), "utf8"));
    const stops = recording.steps.map((s) => (s.kind === "case" ? `${s.from}->${s.n}` : s.kind === "suspend" ? `${s.outcome} ${s.n}` : s.kind));
    expect(stops).toEqual(["-1->0", "0->1", "yield 2", "1->2", "2->3", "3->1", "yield 2", "1->2", "2->5", "return 6", "end"]);
    const stepper = new Stepper(recording);
    expect(stepper.overResume().kind).toBe("suspend"); // case 0's resume ends at the first yield
    expect(stepper.step.outcome).toBe("yield");
    expect(stepper.next().n).toBe(2);
    const finallyStop = stepper.overResume();
    expect(finallyStop).toMatchObject({ kind: "suspend", outcome: "yield" });
    stepper.next();
    const atFinally = stepper.next();
    expect(atFinally).toMatchObject({ kind: "case", n: 5 });
    expect(atFinally.machines[0]).toMatchObject({ tryRow: 0, tryPart: "finally", pending: [{ row: 0, kind: "return", value: '"stopped early"' }] });
    expect(stepper.run().kind).toBe("end");
    expect(stepper.reset().n).toBe(0);
  });

  test("an async function: each await's continuation is a job in the queue, labelled with what it resumes", () => {
    const recording = lowerAndRecord(`
      async function tick(name) { console.log(name, 1); await null; console.log(name, 2); }
      tick("a"); tick("b");
      console.log("sync");
    `);
    expect(recording.lines).toEqual(["a 1", "b 1", "sync", "a 2", "b 2"]);
    // Each await queued its continuation as the script ran; the first job resumes tick #1 while
    // tick #2's waits behind it.
    const endOfScript = recording.steps.filter((s) => s.task === "script").pop()!;
    const firstJob = recording.steps.find((s) => s.task !== "script")!;
    expect(recording.labels.get(firstJob.task)).toBe("tick #1 → case 1");
    expect(firstJob.queue.map((q) => recording.labels.get(q.key))).toEqual(["tick #2 → case 1"]);
    expect(firstJob.machines.find((m) => m.id === 2)).toMatchObject({ status: "suspended", state: 1 });
    const stepper = new Stepper(recording);
    stepper.index = recording.steps.indexOf(endOfScript);
    expect(stepper.nextJob()).toBe(firstJob);
    expect(firstJob).toMatchObject({ kind: "case", machine: 1, n: 1 });
  });

  test("timers run on the virtual clock, after the jobs, in order of due time", () => {
    const recording = lowerAndRecord(`
      setTimeout(function () { console.log("late"); }, 100);
      setTimeout(function () { console.log("early"); }, 10);
      Promise.resolve().then(function () { console.log("job"); });
    `);
    expect(recording.lines).toEqual(["job", "early", "late"]);
    const clocks = recording.steps.filter((s) => s.kind === "job").map((s) => `${recording.labels.get(s.task)} at ${s.clock}`);
    expect(clocks).toEqual(['callback · prints "job" at 0', 'timer callback · prints "early" at 10', 'timer callback · prints "late" at 100']);
  });

  test("a runaway program is stopped, with what it printed so far", () => {
    const recording = record(transformFixture("function* g() { for (;;) yield 1; } for (var x of g()) {}", { filename: "p.js", options: { runtime: "global", trace: true } }), {
      traceScript,
      prelude: preludeSource,
      realm: freshRealm(),
      maxCases: 1000,
      maxSteps: 100,
    });
    expect(recording.aborted).toBe(true);
    expect(recording.truncated).toBe(true);
    expect(recording.steps).toHaveLength(101); // and the last stop, the end
    expect(recording.steps[100].kind).toBe("end");
    expect(recording.lines[recording.lines.length - 1]).toMatch(/stopped: more than 1000 cases ran/);
  });
});

describe("recorder: every fixture the plugin lowers", () => {
  // The menu's fixtures: scripts (input.js; TypeScript cases are not in it) that the plugin lowers.
  // (Not the cases lowered for modern targets: the page's plugin has no compat data, its output is ES5.)
  const cases = listCases()
    .filter((c) => c.inputPath.endsWith(".js"))
    .map(loadCase)
    .filter((c) => c.options.throws === undefined && !hasOwnTargets(c.options));
  for (const fixture of cases) {
    test(fixture.name, async () => {
      const recording = lowerAndRecord(fixture.input, fixture.options.plugin);
      const native = await runScript(fixture.native, { requireRuntime: false, filename: fixture.inputPath });
      if (LEFT_OUT[fixture.name]?.where === "everywhere") {
        // Left out of the menu for a reason that must still hold.
        expect(recording.lines).not.toEqual(native);
        return;
      }
      expect(recording.lines).toEqual(native);
      expect(coherence(recording)).toEqual([]);
    }, 60_000);
  }
});
