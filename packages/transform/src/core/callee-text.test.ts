import { describe, expect, test } from "@jest/globals";
import { parseExpression } from "@babel/parser";
import type { Node } from "@babel/types";
import { calleeText, callText } from "./callee-text.js";

// Each expected text is what V8 (Node 20) prints in "<text> is not a function" for that call.
const text = (call: string) => callText(parseExpression(call, { createParenthesizedExpressions: false }) as Node & { callee: Node; arguments: Node[] });

describe("callee text, as V8 prints it", () => {
  test.each([
    ["api.saveUser(1)", "api.saveUser"],
    ['api["saveUser"](1)', "api.saveUser"],
    ['api["a-b"](1)', "api.a-b"],
    ["api[k](1)", "api[k]"],
    ["arr[0](1)", "arr[0]"],
    ["api.user.save(1)", "api.user.save"],
    ["f()(1)", "f(...)"],
    ["f().m(1)", "f(...).m"],
    ["(0, api.m)(1)", "(0 , api.m)"],
    ["api?.m(1)", "api?.m"],
    ["(api?.m)(1)", "(intermediate value)"],
    ["this.m(1)", "this.m"],
    ['api.user[k + "y"](1)', 'api.user[(k + "y")]'],
    ["(a || b)()", "(a || b)"],
    ["(!a)()", "(!a)"],
    ["(typeof a)()", "(typeof a)"],
    ["(-1)()", "-1"],
    ["[1, 2].x()", "[1,2].x"],
    ["({}).x()", "{}.x"],
    ['"s".x()', '"s".x'],
    ["new X().m()", "(intermediate value).m"],
    ["api[f()]()", "api[f(...)]"],
    ["(q += 1)()", "q"],
    ["(o.x = f)()", "o.x"],
    ["(++q)()", "(++q)"],
    ["(o.x--)()", "(o.x--)"],
    ["f(...a)", "f"],
    ["f(...a, 1)", ""],
    ["f(1, ...a, ...b)", ""],
  ])("%s -> %s", (call, expected) => {
    expect(text(call)).toBe(expected);
  });

  test("an awaited value is an intermediate value", () => {
    const call = parseExpression("(await x)()", { allowAwaitOutsideFunction: true }) as Node & { callee: Node };
    expect(calleeText(call.callee)).toBe("(intermediate value)");
  });
});
