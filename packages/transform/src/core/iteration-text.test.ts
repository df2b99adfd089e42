import { describe, expect, test } from "@jest/globals";
import { parse, parseExpression } from "@babel/parser";
import type { Expression, Node } from "@babel/types";
import { forOfText, forAwaitText, arraySpreadText, declarationText, recordIterationTexts, iterationText } from "./iteration-text.js";
import { someNode } from "./walk.js";

// Each expected text is what V8 (Node 20) prints before " is not iterable" (" is not async
// iterable" for for-await) for that expression; undefined where it describes the value instead.
const expr = (code: string) => parseExpression(code, { createParenthesizedExpressions: false }) as Expression;
const RV = " is not a function or its return value";

describe("iteration texts, as V8 prints them", () => {
  test.each([
    ["v", "v"],
    ["o.list", "o.list"],
    ["o[k]", "o[k]"],
    ["this.list", "this.list"],
    ["f()", "f(...)"],
    ["new f()", "f(...)"],
    ["o.m()", "o.m(...)"],
    ["f`x`", "f(...)"],
    ["(0, v)", "(0 , v)"],
    ["true", "true"],
    ["{}", "{}"],
    ["q = 5", "q"],
    ["q++", "(q++)"],
    ["o ? 5 : 6", "(intermediate value)(intermediate value)(intermediate value)"],
    ["v || 5", "(v || 5)"],
    ["v ?? w", "(v ?? w)"],
    ["o?.list", undefined],
    ["v || w", undefined],
    ["o.x ?? 5", undefined],
    ["v ? w : w", undefined],
    ["[v]", undefined],
    ["({ a: 1 })", "{(intermediate value)}"],
    ["({ [k]: 5 })", undefined],
    ["({ m() {} })", undefined],
  ])("for-of %s -> %s", (code, expected) => {
    expect(forOfText(expr(code))).toBe(expected);
  });

  test.each([
    ["v", "v"],
    ["f()", "f(...)"],
    ["o.m()", "o.m(...)"],
    ["new f()", "(intermediate value)" + RV],
    ["f`x`", "f(...)"],
    ["v ?? w", "(v ?? w)"],
    ["v || w", undefined],
    ["o?.y", undefined],
  ])("for-await %s -> %s", (code, expected) => {
    expect(forAwaitText(expr(code))).toBe(expected);
  });

  test.each([
    ["v", "v"],
    ["o.list", "o.list"],
    ["f()", "f(...)"],
    ["o?.list", "(intermediate value)"],
    ["v || w", "(v || w)"],
    ["v ? w : w", "(intermediate value)(intermediate value)(intermediate value)"],
  ])("array spread %s -> %s", (code, expected) => {
    expect(arraySpreadText(expr(code))).toBe(expected);
  });

  test.each([
    ["v", "v"],
    ["this", "this"],
    ["5", "5"],
    ["!o", "(!o)"],
    ["f()", "f(...)"],
    ["new o.C()", "o.C(...)"],
    ["o.list", undefined],
    ["o.m()", undefined],
    ["(v)", undefined],
    ["(0, f)()", undefined],
    ["f`x`", undefined],
    ["v || w", undefined],
    ["{ [k]: 5 }", "{(intermediate value)}"],
  ])("declaration const [a] = %s -> %s", (code, expected) => {
    expect(declarationText(expr(code))).toBe(expected);
  });

  /** The texts recorded for the first node of `type` in `code`, as a generator's body. */
  const recorded = (code: string, type: string, asyncGenerator = false) => {
    const body = parse(`${asyncGenerator ? "async " : ""}function* g() { ${code} }`).program.body[0] as Node & { body: Node };
    recordIterationTexts(body.body);
    let found: Node | undefined;
    someNode(body.body, (n) => (n.type === type ? ((found = n), true) : false));
    return iterationText(found!);
  };

  test.each([
    ["f(...v)", ["v", "f"]],
    ["f(1, ...v)", ["v", "f"]],
    ["o.m(...u())", ["u(...)", "o.m"]],
    ["new o.C(...null)", ["null", "o.C"]],
    ["f(...o.x?.y)", ["(intermediate value)", "f"]],
    ["f(...v, 1)", []],
    ["f(...v, ...w)", []],
    ["f(...t(), 1)", ["t", ""]],
    ["new f(1, ...o.m(), ...w)", ["o.m", ""]],
  ])("call spread %s -> %j", (code, expected) => {
    expect(recorded(code, "SpreadElement")).toEqual(expected);
  });

  test("a for-of head's own array pattern is '.for'; nested ones have no text", () => {
    expect(recorded("for (const [a] of x);", "ArrayPattern")).toEqual([".for"]);
    expect(recorded("for (const { a: [b] } of x);", "ArrayPattern")).toEqual([]);
    expect(recorded("const [[a]] = v;", "ArrayPattern")).toEqual(["v"]);
  });

  test("a call spread of an array literal has no text", () => {
    expect(recorded("f(...[1, 2]);", "SpreadElement")).toEqual([]);
  });
});
