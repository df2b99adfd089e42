/**
 * Operators around a suspension. Operands run left to right, so the left one is saved before a
 * suspension on the right; operators that may skip an operand (`&&`, `||`, `??`, `?:`) become jumps
 * around it, so a `yield` there runs only when the original would have reached it:
 *
 *     a() && (yield b)          _value = a();
 *                               if (!_value) { _ctx.state = 2; continue; }
 *                               return _ctx.yield(b, 1);
 *                       case 1: _value = _ctx.sent;
 *                       case 2: ... _value ...
 */
import type { Expression, UnaryExpression, BinaryExpression } from "@babel/types";
import { containsSuspension } from "../contains.js";
import type { Lowering } from "../lowering.js";
import type { ExpressionLowering } from "./explode.js";
import { explodeOptionalChain } from "./calls.js";

export type BinaryOperator = Parameters<Lowering["t"]["binaryExpression"]>[0];

export function explodeUnary(x: ExpressionLowering, node: UnaryExpression): Expression {
  if (node.operator === "delete" && node.argument.type === "OptionalMemberExpression") {
    return explodeOptionalChain(x, node.argument, true);
  }
  return x.l.t.unaryExpression(node.operator, x.explode(node.argument), node.prefix);
}

export function explodeBinary(x: ExpressionLowering, node: BinaryExpression): Expression {
  // `#field in (await o)`: a private name is not evaluated, only the right side is.
  if (node.left.type === "PrivateName") return x.l.t.binaryExpression("in", node.left, x.explode(node.right));
  const [left, right] = x.explodeOperands([node.left as Expression, node.right]);
  return binary(x.l.t, node.operator, left, right, x.l.syntax.exponent);
}

/** A binary expression; `**` is `Math.pow` where the targets lack it (`keepExponent` false). */
export function binary(t: Lowering["t"], operator: BinaryOperator, left: Expression, right: Expression, keepExponent: boolean): Expression {
  if (operator === "**" && !keepExponent) return t.callExpression(t.memberExpression(t.identifier("Math"), t.identifier("pow")), [left, right]);
  return t.binaryExpression(operator, left, right);
}

export function explodeLogical(x: ExpressionLowering, operator: "&&" | "||" | "??", leftNode: Expression, rightNode: Expression, ignoreResult: boolean): Expression {
  const { t, emitter } = x.l;
  if (!containsSuspension(rightNode) && operator !== "??") return t.logicalExpression(operator, x.explode(leftNode), rightNode);
  const result = x.l.temp("value");
  const end = emitter.label();
  emitter.emitExpression(t.assignmentExpression("=", result, x.explode(leftNode)));
  const skip = operator === "&&" ? t.unaryExpression("!", result) : operator === "||" ? result : t.binaryExpression("!=", result, t.nullLiteral());
  emitter.jumpIf(skip, end);
  if (ignoreResult) x.emitIgnored(rightNode);
  else emitter.emitExpression(t.assignmentExpression("=", result, x.explode(rightNode)));
  emitter.jump(end);
  emitter.mark(end);
  return result;
}

export function explodeConditional(x: ExpressionLowering, test: Expression, consequent: Expression, alternate: Expression, ignoreResult: boolean): Expression {
  const { t, emitter } = x.l;
  if (!containsSuspension(consequent) && !containsSuspension(alternate)) {
    return t.conditionalExpression(x.explode(test), consequent, alternate);
  }
  const result = x.l.temp("value");
  const otherwise = emitter.label();
  const end = emitter.label();
  emitter.jumpIfNot(x.explode(test), otherwise);
  if (ignoreResult) x.emitIgnored(consequent);
  else emitter.emitExpression(t.assignmentExpression("=", result, x.explode(consequent)));
  emitter.jump(end);
  emitter.mark(otherwise);
  if (ignoreResult) x.emitIgnored(alternate);
  else emitter.emitExpression(t.assignmentExpression("=", result, x.explode(alternate)));
  emitter.jump(end);
  emitter.mark(end);
  return result;
}
