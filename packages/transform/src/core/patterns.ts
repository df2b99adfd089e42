/**
 * Destructuring, lowered to ES5 assignments.
 *
 * A pattern becomes a sequence of plain assignments from a saved value. Array patterns go through
 * the iterator protocol one step per element (`unpackNext`), and `unpackEnd` closes the iterator
 * if items are left (so a generator being destructured runs its `finally` blocks):
 *
 *     [a, b = 2] = list        _iterator = _stepwise.unpack(list), a = _stepwise.unpackNext(_iterator),
 *                              _value = _stepwise.unpackNext(_iterator), b = _value === void 0 ? 2 : _value,
 *                              _stepwise.unpackEnd(_iterator)
 *     ({ x, ...rest } = obj)   _ref2 = obj, x = _ref2.x, rest = _stepwise.objectRest(_ref2, ["x"])
 *
 * Each default is evaluated only when its value is `undefined`, in pattern order; a `yield` in a
 * default or a computed key is lowered afterwards with the rest of the expression.
 */
import type * as BabelTypes from "@babel/types";
import type { Expression, LVal, Identifier, Node, PatternLike } from "@babel/types";
import { mapNodes } from "./walk.js";
import { isAnonymousFunctionDefinition, nameFunctionValue } from "./names.js";
import { scopeMembers } from "./loop-scopes.js";

export interface PatternContext {
  t: typeof BabelTypes;
  temp(hint: string): Identifier;
  helper(name: string): Expression;
  error(node: Node, message: string): Error;
}

function isPattern(node: Node): boolean {
  return node.type === "ObjectPattern" || node.type === "ArrayPattern" || node.type === "AssignmentPattern" || node.type === "RestElement";
}

/**
 * The name of the binding a pattern target stands for: an identifier, or the `_scope.name` that a
 * loop-scoped binding became (a member expression the user wrote binds no name).
 */
function bindingName(target: Node): string | null {
  if (target.type === "Identifier") return target.name;
  if (target.type === "MemberExpression" && scopeMembers.has(target) && target.property.type === "Identifier") return target.property.name;
  return null;
}

/** TypeScript's and Flow's wrappers around an assignment target (`x!`, `x as T`, `<T>x`, `x satisfies T`) say nothing at run time. */
const TARGET_WRAPPERS = new Set(["TSNonNullExpression", "TSAsExpression", "TSSatisfiesExpression", "TSTypeAssertion", "TypeCastExpression", "ParenthesizedExpression"]);

/** The target inside any type wrappers. */
export function unwrapTarget<T extends Node>(target: T): T {
  let node: Node = target;
  while (TARGET_WRAPPERS.has(node.type)) node = (node as unknown as { expression: Node }).expression;
  return node as T;
}

/** Appends to `out` the assignments that store `value` into `target`. */
export function assignPattern(c: PatternContext, target: Node, value: Expression, out: Expression[]): void {
  const t = c.t;
  target = unwrapTarget(target);
  switch (target.type) {
    case "Identifier":
    case "MemberExpression":
      out.push(t.assignmentExpression("=", target, value));
      return;
    case "AssignmentPattern": {
      const saved = c.temp("value");
      out.push(t.assignmentExpression("=", saved, value));
      const missing = t.binaryExpression("===", saved, t.unaryExpression("void", t.numericLiteral(0)));
      const left = target.left;
      // A function default is named for its binding (names.ts): `f = function () {}` in a branch
      // of its own, or, for a binding in a scope object, the function named where it stands.
      if (left.type === "Identifier" && isAnonymousFunctionDefinition(target.right)) {
        const assignDefault = t.assignmentExpression("=", left, target.right);
        out.push(t.conditionalExpression(missing, assignDefault, t.assignmentExpression("=", t.identifier(left.name), t.identifier(saved.name))));
        return;
      }
      const name = bindingName(left);
      const named = name === null ? null : nameFunctionValue(t, name, target.right);
      assignPattern(c, left, t.conditionalExpression(missing, named ?? target.right, t.identifier(saved.name)), out);
      return;
    }
    case "ObjectPattern": {
      const source = c.temp("ref");
      out.push(t.assignmentExpression("=", source, value));
      if (target.properties.length === 0) {
        out.push(t.callExpression(c.helper("objectRest"), [t.identifier(source.name), t.arrayExpression([])]));
        return;
      }
      const usedKeys: Expression[] = [];
      for (const property of target.properties) {
        if (property.type === "RestElement") {
          const rest = t.callExpression(c.helper("objectRest"), [t.identifier(source.name), t.arrayExpression(usedKeys.slice())]);
          assignPattern(c, property.argument, rest, out);
          continue;
        }
        let key: Expression;
        if (property.computed) {
          const saved = c.temp("key");
          out.push(t.assignmentExpression("=", saved, property.key as Expression));
          key = saved;
        } else if (property.key.type === "Identifier") {
          key = t.stringLiteral(property.key.name);
        } else {
          key = t.stringLiteral(String((property.key as BabelTypes.StringLiteral | BabelTypes.NumericLiteral).value));
        }
        usedKeys.push(key.type === "Identifier" ? t.identifier(key.name) : key);
        const read =
          key.type === "StringLiteral" && t.isValidES3Identifier(key.value)
            ? t.memberExpression(t.identifier(source.name), t.identifier(key.value))
            : t.memberExpression(t.identifier(source.name), key.type === "Identifier" ? t.identifier(key.name) : key, true);
        assignPattern(c, property.value as Node, read, out);
      }
      return;
    }
    case "ArrayPattern": {
      // One iterator step per element, in pattern order, so defaults and targets run between
      // steps as they do natively; the iterator is closed at the end if it is not exhausted.
      const items = c.temp("iterator");
      const record = () => t.identifier(items.name);
      out.push(t.assignmentExpression("=", items, t.callExpression(c.helper("unpack"), [value])));
      let rest = false;
      for (const element of target.elements) {
        if (element != null && element.type === "RestElement") {
          assignPattern(c, element.argument, t.callExpression(c.helper("unpackRest"), [record()]), out);
          rest = true;
          continue;
        }
        const item = t.callExpression(c.helper("unpackNext"), [record()]);
        if (element == null) out.push(item);
        else assignPattern(c, element, item, out);
      }
      if (!rest) out.push(t.callExpression(c.helper("unpackEnd"), [record()]));
      return;
    }
    default:
      throw c.error(target, `stepwise: internal error: unexpected destructuring target ${target.type}.`);
  }
}

/**
 * Rewrites every destructuring assignment under `root` (not entering nested functions) into a
 * sequence of plain assignments. The sequence's value is the assigned value, as the original's was.
 */
export function lowerDestructuring<T extends Node>(c: PatternContext, root: T): T {
  const t = c.t;
  // An assignment that is a whole statement needs no value of its own.
  const unused = new WeakSet<Node>();
  mapNodes(root, (node) => {
    if (node.type === "ExpressionStatement") unused.add(node.expression);
  });
  return mapNodes(root, (node) => {
    if (node.type !== "AssignmentExpression" || node.operator !== "=" || !isPattern(node.left)) return undefined;
    const out: Expression[] = [];
    if (unused.has(node)) {
      assignPattern(c, node.left as PatternLike, node.right, out);
    } else {
      const value = c.temp("value");
      out.push(t.assignmentExpression("=", value, node.right));
      assignPattern(c, node.left as PatternLike, t.identifier(value.name), out);
      out.push(t.identifier(value.name));
    }
    return out.length === 1 ? out[0] : t.sequenceExpression(out);
  }) as T;
}

export type { LVal };
