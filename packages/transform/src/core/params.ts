/**
 * Parameters: defaults, destructuring and rest, evaluated when the function is *called*.
 *
 * A generator's parameters are bound before its generator object exists, so a default that throws
 * throws from the call, not from the first `next()`. They are therefore lowered into the outer
 * function, ahead of the machine, in ES5 form. The function's `length` counts the parameters before
 * the first default or rest, so exactly those stay real parameters:
 *
 *     function* g(a, { b }, c = a, ...rest)
 *       becomes
 *     function g(a, _ref) {
 *       var b, c, rest, _value;
 *       _ref2 = _ref, b = _ref2.b;
 *       _value = arguments[2], c = _value === void 0 ? a : _value;
 *       rest = _stepwise.restArguments(arguments, 3);
 */
import type * as BabelTypes from "@babel/types";
import type { Expression, Identifier, Statement, Node, PatternLike } from "@babel/types";
import { assignPattern, type PatternContext } from "./patterns.js";

export interface LoweredParams {
  params: Identifier[];
  /** Statements that bind the rest, in order. */
  statements: Statement[];
  /** Names the statements assign, to declare with `var`. */
  names: string[];
}

/**
 * With `unmap`, even plain parameters are received under fresh names and copied: a sloppy-mode
 * `arguments` object is then not linked to them, as it is not for a function whose parameter list
 * has defaults, patterns or rest (only simple parameter lists get a mapped `arguments`).
 */
export function lowerParams(c: PatternContext, params: Node[], fresh: (hint: string) => Identifier, unmap = false): LoweredParams {
  const t = c.t;
  const result: LoweredParams = { params: [], statements: [], names: [] };
  const firstOptional = params.findIndex((p) => p.type === "AssignmentPattern" || p.type === "RestElement");
  const length = firstOptional === -1 ? params.length : firstOptional;
  const bind = (target: Node, value: Expression) => {
    const out: Expression[] = [];
    assignPattern(c, target as PatternLike, value, out);
    for (const name of Object.keys(t.getBindingIdentifiers(target as BabelTypes.Node))) result.names.push(name);
    out.forEach((e) => result.statements.push(t.expressionStatement(e)));
  };
  params.forEach((param, i) => {
    if (i < length) {
      if (param.type === "Identifier" && !unmap) {
        result.params.push(t.identifier(param.name));
        return;
      }
      const id = fresh("ref");
      result.params.push(id);
      bind(param, t.identifier(id.name));
      return;
    }
    const argument = t.memberExpression(t.identifier("arguments"), t.numericLiteral(i), true);
    if (param.type === "RestElement") {
      bind(param.argument, t.callExpression(c.helper("restArguments"), [t.identifier("arguments"), t.numericLiteral(i)]));
      return;
    }
    bind(param, argument);
  });
  return result;
}
