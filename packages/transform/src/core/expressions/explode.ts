/**
 * Lowering expressions that suspend: the dispatcher, and the few tools every family shares.
 *
 * A `yield` in the middle of an expression splits it in two: the part before runs in one case, the
 * rest after the machine resumes. JavaScript evaluates operands left to right, so whatever was
 * evaluated before the suspension must be saved in a temporary, or it would be evaluated again (or
 * see a changed value) afterwards:
 *
 *     log(a(), yield b, c())         _t = log; _t2 = a();
 *                                    return _ctx.yield(b, 1);
 *                             case 1: _t(_t2, _ctx.sent, c());
 *
 * Only what comes *before* a suspension is saved, and only in expressions that contain one: an
 * expression without `yield` comes out exactly as it went in. Each family of expressions lowers in
 * a module of its own:
 *
 *   suspensions.ts   `yield`, `yield*`, `await`: where the machine leaves and resumes
 *   operators.ts     unary, binary, `&&`/`||`/`??`, `?:` (short-circuits become jumps)
 *   assignments.ts   `=`, `op=`, logical assignment, `++`/`--`: the target is evaluated once
 *   calls.ts         member access, calls, `new`, optional chains: callee and `this` kept
 *   literals.ts      arrays, objects, templates, argument lists with spread
 *   definitions.ts   classes (heritage, computed keys), tagged templates, import(), JSX
 */
import type { CallExpression, Expression } from "@babel/types";
import { containsSuspension } from "../contains.js";
import type { Lowering } from "../lowering.js";
import { explodeYield, explodeAwait, explodeForAwaitStep } from "./suspensions.js";
import { isForAwaitStep } from "../for-of.js";
import { explodeUnary, explodeBinary, explodeLogical, explodeConditional } from "./operators.js";
import { explodeAssignment, explodeUpdate } from "./assignments.js";
import { explodeMember, explodeOptionalChain, explodeCall, explodeNew } from "./calls.js";
import { explodeArray, explodeObject, explodeTemplate } from "./literals.js";
import { explodeClass, explodeTaggedTemplate, explodeImport, explodeJsx } from "./definitions.js";

/** Does evaluating this expression again give the same value with no side effect? */
export function isStable(node: Expression): boolean {
  switch (node.type) {
    case "NumericLiteral":
    case "StringLiteral":
    case "BooleanLiteral":
    case "NullLiteral":
    case "BigIntLiteral":
      return true;
    case "Identifier":
      return node.name === "undefined";
    case "UnaryExpression":
      return node.operator === "void" && node.argument.type === "NumericLiteral";
    default:
      return false;
  }
}

export class ExpressionLowering {
  constructor(readonly l: Lowering) {}

  /**
   * Emits whatever of `node` must run before its value is known, and returns an expression for the
   * value (valid until the next suspension). With `ignoreResult` the value is not needed.
   */
  explode(node: Expression, ignoreResult = false): Expression {
    if (!containsSuspension(node)) return node;
    switch (node.type) {
      case "YieldExpression":
        return explodeYield(this, node.argument ?? null, node.delegate, ignoreResult);
      case "AwaitExpression":
        if (isForAwaitStep(node)) return explodeForAwaitStep(this, node.argument as CallExpression, ignoreResult);
        return explodeAwait(this, node.argument, ignoreResult);
      case "MemberExpression":
        return explodeMember(this, node);
      case "OptionalMemberExpression":
      case "OptionalCallExpression":
        return explodeOptionalChain(this, node);
      case "CallExpression":
        return explodeCall(this, node);
      case "NewExpression":
        return explodeNew(this, node);
      case "SequenceExpression": {
        const last = node.expressions.length - 1;
        node.expressions.slice(0, last).forEach((e) => this.emitIgnored(e));
        return this.explode(node.expressions[last], ignoreResult);
      }
      case "UnaryExpression":
        return explodeUnary(this, node);
      case "UpdateExpression":
        return explodeUpdate(this, node);
      case "BinaryExpression":
        return explodeBinary(this, node);
      case "LogicalExpression":
        return explodeLogical(this, node.operator, node.left, node.right, ignoreResult);
      case "ConditionalExpression":
        return explodeConditional(this, node.test, node.consequent, node.alternate, ignoreResult);
      case "AssignmentExpression":
        return explodeAssignment(this, node, ignoreResult);
      case "ArrayExpression":
        return explodeArray(this, node);
      case "ObjectExpression":
        return explodeObject(this, node);
      case "TemplateLiteral":
        return explodeTemplate(this, node);
      case "ParenthesizedExpression":
        return this.explode(node.expression, ignoreResult);
      case "TSAsExpression":
      case "TSSatisfiesExpression":
      case "TSNonNullExpression":
      case "TSTypeAssertion":
      case "TypeCastExpression":
        return this.explode(node.expression, ignoreResult);
      case "TSInstantiationExpression":
        return this.explode(node.expression, ignoreResult);
      case "TaggedTemplateExpression":
        return explodeTaggedTemplate(this, node);
      case "ClassExpression":
        return explodeClass(this, node);
      case "ImportExpression":
        return explodeImport(this, node);
      case "JSXElement":
      case "JSXFragment":
        return explodeJsx(this, node);
      default:
        throw this.l.error(node, `stepwise: internal error: a \`yield\`/\`await\` inside a ${node.type} was not lowered.`);
    }
  }

  /** Evaluates `node` for its side effects only. */
  emitIgnored(node: Expression): void {
    const result = this.explode(node, true);
    if (!isStable(result) && !this.l.t.isIdentifier(result)) this.l.emitter.emitExpression(result);
  }

  /** Evaluates `node` into a value that survives later suspensions: a literal or a temporary. */
  spill(node: Expression, hint = "t"): Expression {
    const value = this.explode(node);
    // Making a function observes nothing, so it can wait; and a temporary would name it ("_t").
    if (isStable(value) || value.type === "FunctionExpression" || value.type === "ArrowFunctionExpression") return value;
    return this.spillExpression(value, hint);
  }

  /** Saves an already-lowered expression in a temporary. */
  spillExpression(value: Expression, hint: string): Expression {
    const temp = this.l.temp(hint);
    this.l.emitter.emitExpression(this.l.t.assignmentExpression("=", temp, value));
    return temp;
  }

  /** Lowers operands left to right; an operand followed by a suspension is saved first. */
  explodeOperands(nodes: Expression[]): Expression[] {
    return nodes.map((node, i) =>
      nodes.slice(i + 1).some((later) => containsSuspension(later)) ? this.spill(node) : this.explode(node),
    );
  }
}
