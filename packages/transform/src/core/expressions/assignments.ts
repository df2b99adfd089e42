/**
 * Assignments and updates around a suspension. The target's object and key are evaluated first and
 * kept, so the same place is read and written; a compound assignment reads the old value before
 * the right side runs (GetValue, then evaluate); a logical assignment runs its right side only when
 * the left one says so:
 *
 *     o[k()] += yield v         _object = o; _key = k(); _old = _object[_key];
 *                               return _ctx.yield(v, 1);
 *                       case 1: _object[_key] = _old + _ctx.sent;
 */
import type { Expression, Identifier, MemberExpression, AssignmentExpression, UpdateExpression } from "@babel/types";
import { containsSuspension, isLoweredInPlace } from "../contains.js";
import type { Lowering } from "../lowering.js";
import type { ExpressionLowering } from "./explode.js";
import { binary, type BinaryOperator } from "./operators.js";
import { unwrapTarget } from "../patterns.js";

/**
 * A member expression used as an assignment or update target: its object (and computed key)
 * are evaluated first and kept (`keep`), so the same place is read and written.
 */
export function explodeTarget(x: ExpressionLowering, node: Expression, keep: boolean): { target: Expression & (Identifier | MemberExpression) } {
  const t = x.l.t;
  node = unwrapTarget(node);
  if (node.type === "Identifier") return { target: node };
  if (node.type === "MemberExpression") {
    const property = node.property;
    // The object is evaluated before the key: saved if the key suspends.
    const keepObject = keep || (node.computed && containsSuspension(property));
    const object = keepObject ? x.spill(node.object as Expression, "object") : x.explode(node.object as Expression);
    if (!node.computed || property.type === "PrivateName") {
      return { target: t.memberExpression(object, property as Identifier) };
    }
    const key = keep ? x.spill(property as Expression, "key") : x.explode(property as Expression);
    return { target: t.memberExpression(object, key, true) };
  }
  throw x.l.error(node, `stepwise: internal error: unexpected assignment target ${node.type}.`);
}

export function explodeUpdate(x: ExpressionLowering, node: UpdateExpression): Expression {
  return x.l.t.updateExpression(node.operator, explodeTarget(x, node.argument as Expression, false).target, node.prefix);
}

export function explodeAssignment(x: ExpressionLowering, node: AssignmentExpression, ignoreResult: boolean): Expression {
  const t = x.l.t;
  const rightSuspends = containsSuspension(node.right);
  if (isLoweredInPlace(node)) return x.l.lowerInPlace(node, ignoreResult);
  const left = unwrapTarget(node.left as Expression);
  if (left.type !== "Identifier" && left.type !== "MemberExpression") {
    throw x.l.error(node, "stepwise: internal error: destructuring should have been lowered before.");
  }
  const operator = node.operator;
  // Logical assignment: the right side runs only when the left one says so.
  if (operator === "&&=" || operator === "||=" || operator === "??=") {
    const { target } = explodeTarget(x, left, true);
    const result = x.l.temp("value");
    const end = x.l.emitter.label();
    x.l.emitter.emitExpression(t.assignmentExpression("=", result, target));
    const test =
      operator === "&&=" ? t.unaryExpression("!", result) : operator === "||=" ? result : t.binaryExpression("!=", result, t.nullLiteral());
    x.l.emitter.jumpIf(test, end);
    x.l.emitter.emitExpression(t.assignmentExpression("=", result, t.assignmentExpression("=", cloneTarget(t, target), x.explode(node.right))));
    x.l.emitter.jump(end);
    x.l.emitter.mark(end);
    return result;
  }
  // A compound assignment reads and writes the same place: its object and key are evaluated once.
  const { target } = explodeTarget(x, left, rightSuspends || operator !== "=");
  if (operator === "=") {
    const value = t.assignmentExpression("=", target, x.explode(node.right));
    return ignoreResult ? value : x.spillExpression(value, "value");
  }
  // Compound assignment reads the target before the right side runs (GetValue, then evaluate).
  const old = rightSuspends ? x.spillExpression(cloneTarget(t, target), "old") : cloneTarget(t, target);
  const value = t.assignmentExpression("=", target, binary(t, operator.slice(0, -1) as BinaryOperator, old, x.explode(node.right), x.l.syntax.exponent));
  return ignoreResult ? value : x.spillExpression(value, "value");
}

function cloneTarget(t: Lowering["t"], target: Identifier | MemberExpression): Identifier | MemberExpression {
  return target.type === "Identifier" ? t.identifier(target.name) : t.memberExpression(target.object, target.property, target.computed);
}
