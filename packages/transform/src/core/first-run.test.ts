import { describe, expect, test } from "@jest/globals";
import { transformSync, parseSync } from "@babel/core";
import type { File, FunctionDeclaration, TryStatement } from "@babel/types";
import stepwise from "../index.js";
import { firstRunAsCase } from "./first-run.js";

function lower(code: string): string {
  return transformSync(code, { filename: "input.js", babelrc: false, configFile: false, sourceType: "script", plugins: [[stepwise, {}]] })!.code!;
}

describe("an async function's first run stands in the function itself", () => {
  test("the recursive call is made from the function's frame, and case 0 is gone from the machine", () => {
    const code = lower(`async function depth(n) { if (n === 0) return 0; return 1 + await depth(n - 1); }`);
    expect(code).not.toMatch(/case 0:/);
    expect(code).toMatch(/_first: \{\s*if \(n === 0\) \{\s*_ctx\.returned = _ctx\.finish\(0\);\s*break _first;\s*\}\s*_ctx\.returned = _ctx\.await\(depth\(n - 1\), 1\);\s*\}/);
  });

  test("a jump or falling off the end runs the machine from the new state", () => {
    const code = lower(`async function f(x) { log(1); if (x) { await a(); } await b(); }`);
    expect(code).toMatch(/_ctx\.state = \d+;\s*_ctx\.returned = \(0, _ctx\.body\)\(\);/);
  });

  test("a loop at the very start is a jump target: case 0 stays in the machine", () => {
    const code = lower(`async function f(n) { while (n--) await n; }`);
    expect(code).toMatch(/case 0:/);
    expect(code).toMatch(/try \{\s*_ctx\.returned = \(0, _ctx\.body\)\(\);/);
  });

  test("a jump out of a native for-of (which closes its iterator first) keeps case 0 in the machine", () => {
    const code = lower(`async function f(xs) { outer: for (;;) { for (const x of xs) { if (x) continue outer; } await 1; } }`);
    expect(code).toMatch(/case 0:/);
  });

  test("a function with no await keeps nothing in its machine", () => {
    const code = lower(`async function f(x) { log(x); return x; }`);
    expect(code).toMatch(/new _stepwise\.AsyncContext\(f, this, function f\(\) \{\}\)/);
    expect(code).toMatch(/log\(x\);\s*_ctx\.returned = _ctx\.finish\(x\);\s*\}\s*catch/);
  });

  test("generators keep case 0: their first run waits for the first next()", () => {
    expect(lower(`function* g() { log(1); yield 2; }`)).toMatch(/case 0:/);
  });
});

describe("firstRunAsCase reads the moved statements back as case 0 (for the graph view)", () => {
  test("exits become return and continue again", () => {
    const code = lower(`async function f(x) { if (x) return 1; log(2); await 3; }`);
    const ast = parseSync(code, { babelrc: false, configFile: false, sourceType: "script" }) as File;
    const fn = ast.program.body.find((s): s is FunctionDeclaration => s.type === "FunctionDeclaration" && s.id?.name === "f")!;
    const first = fn.body.body.find((s): s is TryStatement => s.type === "TryStatement" && !!s.handler && s.handler.body.body.length === 1)!;
    const back = firstRunAsCase(first.block.body, "_ctx")!;
    expect(back.map((s) => s.type)).toEqual(["IfStatement", "ExpressionStatement", "ReturnStatement"]);
    const consequent = back[0].type === "IfStatement" && back[0].consequent.type === "BlockStatement" ? back[0].consequent.body : [];
    expect(consequent.map((s) => s.type)).toEqual(["ReturnStatement"]);
  });

  test("the plain call of the machine is no first run", () => {
    const code = lower(`async function f(n) { while (n--) await n; }`);
    const ast = parseSync(code, { babelrc: false, configFile: false, sourceType: "script" }) as File;
    const fn = ast.program.body.find((s): s is FunctionDeclaration => s.type === "FunctionDeclaration")!;
    const first = fn.body.body.find((s): s is TryStatement => s.type === "TryStatement")!;
    expect(firstRunAsCase(first.block.body, "_ctx")).toBeNull();
  });
});
