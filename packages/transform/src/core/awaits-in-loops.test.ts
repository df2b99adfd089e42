import { parse } from "@babel/parser";
import type { Node } from "@babel/types";
import { awaitsInLoop } from "./awaits-in-loops.js";

function bodyOf(source: string): Node {
  const program = parse(source, { sourceType: "module" }).program;
  const fn = program.body[0] as unknown as { body: Node };
  return fn.body;
}

describe("awaitsInLoop", () => {
  it("is false for awaits outside loops", () => {
    expect(awaitsInLoop(bodyOf("async function f(n) { if (n) return 1 + (await f(n - 1)); await null; }"))).toBe(false);
  });
  it("is true for an await in any loop, its test included", () => {
    expect(awaitsInLoop(bodyOf("async function f(a) { for (let i = 0; i < 3; i++) await a; }"))).toBe(true);
    expect(awaitsInLoop(bodyOf("async function f(a) { while (await a()) {} }"))).toBe(true);
    expect(awaitsInLoop(bodyOf("async function f(a) { do { x = [await a]; } while (0); }"))).toBe(true);
    expect(awaitsInLoop(bodyOf("async function f(a) { for (const k in a) { if (k) { try { await k; } finally {} } } }"))).toBe(true);
  });
  it("counts `for await` as a loop that awaits", () => {
    expect(awaitsInLoop(bodyOf("async function f(a) { for await (const x of a) log(x); }"))).toBe(true);
  });
  it("leaves nested functions to themselves", () => {
    expect(awaitsInLoop(bodyOf("async function f(a) { for (const x of a) a.push(async () => await x); await a; }"))).toBe(false);
    expect(awaitsInLoop(bodyOf("async function f(a) { const g = async () => { for (;;) await a; }; await g(); }"))).toBe(false);
  });
});
