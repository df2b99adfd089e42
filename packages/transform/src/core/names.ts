/**
 * Function names that come from where a function stands (the spec's NamedEvaluation).
 *
 * An anonymous function, arrow or class gets the name of the binding it initialises:
 * `let f = function () {}`, `[f = () => {}] = list`, `({ c = class {} } = o)` all give `f.name`
 * "f" (or "c"). The engine does this only for the forms the spec lists (an initialiser, a plain
 * `=` assignment to a name, a property definition); a lowered default such as
 * `f = _value === void 0 ? function () {} : _value` is none of them, so lowered code must keep
 * the function in one of those forms:
 *
 *     [f = function () {}] = list       _value === void 0 ? f = function () {} : f = _value
 *     (f lives in a scope object)       _scope.f = _value === void 0 ? { f: function () {} }.f : _value
 *
 * The second form, a property definition read back, works for every kind of function (arrows and
 * classes cannot be given a name in their own syntax without changing what they bind inside). It
 * also names a closure that loop-scopes.ts wrapped to hand it its iteration's scope object
 * (`function (_scope) { return { f: () => _scope.i }.f; }(_scope)`).
 */
import type * as BabelTypes from "@babel/types";
import type { Expression, Node } from "@babel/types";
import { scopeWrappers } from "./loop-scopes.js";

/**
 * IsAnonymousFunctionDefinition: a function, arrow or class expression without a name of its own,
 * parenthesized or not (`(function () {})` is one; `(0, function () {})` is not).
 */
export function isAnonymousFunctionDefinition(node: Node): boolean {
  if (node.type === "ParenthesizedExpression") return isAnonymousFunctionDefinition(node.expression);
  return (
    node.type === "ArrowFunctionExpression" ||
    ((node.type === "FunctionExpression" || node.type === "ClassExpression") && node.id == null)
  );
}

/**
 * `value` (an anonymous function definition) named `name` wherever it is evaluated:
 * `{ name: value }.name`. The `__proto__` key would set a prototype instead of defining a
 * property, so that one name is given as is (unnamed).
 */
export function namedByProperty(t: typeof BabelTypes, name: string, value: Expression): Expression {
  if (name === "__proto__") return value;
  const key = t.isValidES3Identifier(name) ? t.identifier(name) : t.stringLiteral(name);
  const read = key.type === "Identifier" ? t.identifier(name) : t.stringLiteral(name);
  return t.memberExpression(t.objectExpression([t.objectProperty(key, value)]), read, read.type === "StringLiteral");
}

/**
 * `value` named `name` if it is an anonymous function definition, or one wrapped by loop-scopes.ts
 * (the wrapper's `return` gets the name); `null` when `value` is neither.
 */
export function nameFunctionValue(t: typeof BabelTypes, name: string, value: Expression): Expression | null {
  if (isAnonymousFunctionDefinition(value)) return namedByProperty(t, name, value);
  if (value.type === "CallExpression" && scopeWrappers.has(value.callee)) {
    const wrapper = value.callee as BabelTypes.FunctionExpression;
    const only = wrapper.body.body[0];
    if (only && only.type === "ReturnStatement" && only.argument && isAnonymousFunctionDefinition(only.argument)) {
      only.argument = namedByProperty(t, name, only.argument);
      return value;
    }
  }
  return null;
}
