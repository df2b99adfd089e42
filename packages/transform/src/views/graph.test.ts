import { describe, expect, test } from "@jest/globals";
import { transformSync } from "@babel/core";
import type { File } from "@babel/types";
import stepwise from "../index.js";
import { buildGraphs, toDot, toMermaid, type MachineGraph } from "./graph.js";

function graphsOf(code: string, options: object = {}): MachineGraph[] {
  const result = transformSync(code, {
    filename: "input.js",
    babelrc: false,
    configFile: false,
    sourceType: "script",
    ast: true,
    code: false,
    plugins: [[stepwise, options]],
  });
  return buildGraphs(result!.ast as File, { code });
}

/** "c1 -> c4 jump 'if !(n > 0)'" lines, with the machine's id prefix dropped. */
function edges(graph: MachineGraph): string[] {
  const short = (id: string) => id.slice(graph.id.length + 1);
  return graph.edges.map((e) => `${short(e.from)} -> ${short(e.to)} ${e.kind}${e.label ? ` '${e.label}'` : ""}`);
}

const countdown = `function* countdown(from) {
  try {
    for (let n = from; n > 0; n--) {
      const command = yield n;
      if (command === "stop") return "stopped early";
    }
    return "liftoff";
  } finally {
    console.log("cleaning up");
  }
}`;

describe("buildGraphs", () => {
  test("countdown: cases with their source lines, every kind of edge", () => {
    const [graph] = graphsOf(countdown);
    expect(graph.name).toBe("countdown");
    expect(graph.kind).toBe("generator");
    expect(graph.line).toBe(1);
    expect(graph.tries).toEqual([{ try: 0, catch: 0, finally: 5, end: 6 }]);
    expect(graph.cases.map((c) => c.label)).toEqual([
      "case 0 · line 3",
      "case 1 · lines 3–4",
      "case 2 · lines 4–5",
      "case 3 · line 3",
      "case 4 · line 7",
      "case 5 · line 9",
      "case 6",
    ]);
    expect(edges(graph).sort()).toEqual(
      [
        "start -> c0 start",
        "c0 -> c1 fallthrough",
        "c1 -> c4 jump 'if !(n > 0)'",
        "c1 -> c2 yield 'yield'",
        "c2 -> c5 return 'if command === \"stop\": return (finally first)'",
        "c2 -> c3 fallthrough",
        "c3 -> c1 jump",
        "c4 -> c5 return 'return (finally first)'",
        // every case of the try block can throw into the finally block
        "c0 -> c5 throw 'throw'",
        "c1 -> c5 throw 'throw'",
        "c2 -> c5 throw 'throw'",
        "c3 -> c5 throw 'throw'",
        "c4 -> c5 throw 'throw'",
        // the end of the finally block: on, or on with what was pending
        "c5 -> c6 end-finally 'end of finally'",
        "c5 -> done return 'return'",
        "c5 -> throws rethrow 'rethrow'",
        "c6 -> done return 'return'",
      ].sort(),
    );
    expect(graph.blocks.map((b) => [b.part, b.start, b.end])).toEqual([
      ["try", 0, 5],
      ["finally", 5, 6],
    ]);
    expect(graph.usesDone && graph.usesThrows).toBe(true);
  });

  test("conditional edges are marked, unconditional ones are not", () => {
    const [graph] = graphsOf(countdown);
    const find = (from: string, to: string) => graph.edges.find((e) => e.from.endsWith(`_${from}`) && e.to.endsWith(`_${to}`) && e.kind !== "throw");
    expect(find("c1", "c4")!.conditional).toBe(true);
    expect(find("c1", "c2")!.conditional).toBe(false);
    expect(find("c3", "c1")!.conditional).toBe(false);
  });

  test("notes of explained output become the cases' notes", () => {
    const [graph] = graphsOf(countdown, { explain: true });
    expect(graph.cases[1].note).toBe("for loop: test `n > 0`");
    expect(graph.cases[2].note).toBe("resumes after `yield n`");
    const [plain] = graphsOf(countdown);
    expect(plain.cases[1].note).toBeUndefined();
  });

  test("async function: await edges, catch targets, a throw from the catch block leaves the function", () => {
    const [graph] = graphsOf(`async function load(x) {
  try {
    await x;
  } catch (e) {
    throw e;
  }
}`);
    expect(graph.kind).toBe("async");
    expect(graph.tries).toEqual([{ try: 0, catch: 2, finally: 0, end: 3 }]);
    expect(edges(graph)).toEqual(
      expect.arrayContaining(["c0 -> c1 await 'await'", "c0 -> c2 throw 'throw'", "c1 -> c2 throw 'throw'", "c2 -> throws throw 'throw'", "c1 -> c3 jump"]),
    );
    // the catch block's throw ends the case: no fall-through after it
    expect(edges(graph)).not.toContain("c2 -> c3 fallthrough");
  });

  test("async generator: yield awaits its operand first; yield* is labelled yield*", () => {
    const [graph] = graphsOf(`async function* pairs(a) {
  yield a;
  yield* a;
}`);
    expect(graph.kind).toBe("asyncGenerator");
    expect(edges(graph)).toEqual(["start -> c0 start", "c0 -> c1 await 'await'", "c1 -> c2 yield 'yield'", "c2 -> c3 delegate 'yield*'", "c3 -> done return 'return'"]);
  });

  test("break out of a try/finally: the runtime's jump goes through the finally block, whose end goes on to the target", () => {
    const [graph] = graphsOf(`function* g() {
  for (;;) {
    try {
      yield 1;
      break;
    } finally {
      log();
    }
  }
  return 2;
}`);
    const finallyCase = graph.tries[0].finally;
    const target = graph.cases[graph.cases.length - 1].n;
    expect(edges(graph)).toEqual(
      expect.arrayContaining([
        `c1 -> c${finallyCase} jump 'jump to case ${target} (finally first)'`,
        `c${finallyCase} -> c${target} jump 'jump'`,
        // return() at the yield runs the finally block, then completes
        `c${finallyCase} -> done return 'return'`,
      ]),
    );
    // `{ _ctx.jump(5); continue; }` never falls through
    expect(edges(graph)).not.toContain("c1 -> c2 fallthrough");
  });

  test("nested try: an inner finally's pending exception goes on to the outer catch", () => {
    const [graph] = graphsOf(`async function* g() {
  try {
    try {
      yield 1;
    } finally {
      await 2;
    }
  } catch (e) {
    log(e);
  }
}`);
    expect(graph.tries).toHaveLength(2);
    const outer = graph.tries.find((r) => r.catch !== 0)!;
    const inner = graph.tries.find((r) => r.finally !== 0)!;
    const endOfInnerFinally = inner.end - 1;
    expect(edges(graph)).toEqual(
      expect.arrayContaining([
        `c${endOfInnerFinally} -> c${inner.end} end-finally 'end of finally'`,
        `c${endOfInnerFinally} -> c${outer.catch} rethrow 'rethrow'`,
      ]),
    );
    // blocks nest: the inner try statement's blocks sit in the outer try block
    const outerTry = graph.blocks.find((b) => b.part === "try")!;
    expect(outerTry.children.map((b) => b.part)).toEqual(["try", "finally"]);
  });

  test("several functions: distinct ids, names of methods and of anonymous functions", () => {
    const graphs = graphsOf(`var o = { *items() { yield 1; } };
var f = function* () { yield 2; };
class C { async run() { await 3; } }
(function* () { yield 4; });`);
    expect(graphs.map((g) => [g.id, g.name, g.kind])).toEqual([
      ["m0", "items", "generator"],
      ["m1", "f", "generator"],
      ["m2", "run", "async"],
      ["m3", "(anonymous)", "generator"],
    ]);
  });

  test("a function with no try statement has no exception edges, except explicit throws", () => {
    const [graph] = graphsOf(`function* g(x) {
  yield x;
  if (x) throw new Error("x");
}`);
    expect(graph.blocks).toEqual([]);
    expect(edges(graph)).toEqual(["start -> c0 start", "c0 -> c1 yield 'yield'", "c1 -> throws throw 'if x: throw'", "c1 -> done return 'return'"]);
  });

  test("a file without generators or async functions has no graphs", () => {
    expect(graphsOf("function f() { return 1; }")).toEqual([]);
  });
});

describe("renderers", () => {
  test("DOT: a cluster per function, try blocks as nested clusters, styled edges", () => {
    const dot = toDot(graphsOf(countdown, { explain: true }), "countdown.js");
    expect(dot.startsWith('digraph "countdown.js" {')).toBe(true);
    expect(dot).toContain('subgraph cluster_m0 {\n    label="function* countdown · line 1";');
    expect(dot).toContain("subgraph cluster_m0_r0_try {");
    expect(dot).toContain('m0_c2 [label="case 2 · lines 4–5", tooltip="resumes after `yield n`"];');
    expect(dot).toContain('m0_c1 -> m0_c2 [label="yield", style=dashed');
    expect(dot).toContain('m0_c0 -> m0_c5 [label="throw", style=dotted');
    expect(dot).toContain('m0_c2 -> m0_c5 [label="if command === \\"stop\\": return (finally first)"');
    expect(dot.trimEnd().endsWith("}")).toBe(true);
  });

  test("Mermaid: a flowchart with subgraphs, dotted suspensions, escaped labels", () => {
    const mermaid = toMermaid(graphsOf(countdown));
    expect(mermaid.startsWith("flowchart TD\n")).toBe(true);
    expect(mermaid).toContain('subgraph m0["function* countdown · line 1"]');
    expect(mermaid).toContain('m0_c1 -.->|"yield"| m0_c2');
    expect(mermaid).toContain('m0_c1 -->|"if !(n #gt; 0)"| m0_c4');
    expect(mermaid).toContain('m0_c2 -->|"if command === #quot;stop#quot;: return (finally first)"| m0_c5');
    expect(mermaid).toMatch(/linkStyle \d+ stroke:#c01818/);
    // every subgraph is closed
    expect(mermaid.match(/^\s*subgraph /gm)!.length).toBe(mermaid.match(/^\s*end$/gm)!.length);
  });
});
