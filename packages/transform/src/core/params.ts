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
import type { Expression, Identifier, Statement, Node, PatternLike, RestElement } from "@babel/types";
import { bindPattern, type PatternContext } from "./patterns.js";
import { recordParameterPattern } from "./iteration-text.js";

export interface LoweredParams {
  params: (Identifier | RestElement)[];
  /** Statements that bind the rest, in order. */
  statements: Statement[];
  /** Names the statements assign, to declare with `var`. */
  names: string[];
}

/**
 * With `unmap`, even plain parameters are received under fresh names and copied: a sloppy-mode
 * `arguments` object is then not linked to them, as it is not for a function whose parameter list
 * has defaults, patterns or rest (only simple parameter lists get a mapped `arguments`).
 *
 * An arrow function has no `arguments` of its own (`fromRest`): the parameters after the first
 * default or rest come from a rest parameter instead, which `length` does not count either:
 *
 *     async (a, b = 1, ...c) => {}   ->   (a, ..._args) => { b = _args[0] === void 0 ? 1 : ...; c = slice(_args, 1); ... }
 */
export function lowerParams(c: PatternContext, params: Node[], fresh: (hint: string) => Identifier, unmap = false, fromRest = false): LoweredParams {
  const t = c.t;
  const result: LoweredParams = { params: [], statements: [], names: [] };
  const firstOptional = params.findIndex((p) => p.type === "AssignmentPattern" || p.type === "RestElement");
  const length = firstOptional === -1 ? params.length : firstOptional;
  const bind = (target: Node, value: Expression) => {
    const pattern = target.type === "AssignmentPattern" ? target.left : target;
    if (pattern.type === "ObjectPattern") recordParameterPattern(pattern);
    bindPattern(c, target as PatternLike, value, result.statements);
    for (const name of Object.keys(t.getBindingIdentifiers(target as BabelTypes.Node))) result.names.push(name);
  };
  const useRest = fromRest && length < params.length;
  const source: Identifier = useRest ? fresh("args") : t.identifier("arguments");
  const offset = useRest ? length : 0;
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
    const argument = t.memberExpression(t.identifier(source.name), t.numericLiteral(i - offset), true);
    if (param.type === "RestElement") {
      bind(param.argument, t.callExpression(c.helper("restArguments"), [t.identifier(source.name), t.numericLiteral(i - offset)]));
      return;
    }
    bind(param, argument);
  });
  if (useRest) result.params.push(t.restElement(source));
  return result;
}
