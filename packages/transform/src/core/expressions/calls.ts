/**
 * Member access, calls and `new` around a suspension. The callee is read before the arguments run
 * and the call gets the `this` it would have had; an optional chain tests each optional link and
 * skips the rest of the chain with `undefined`:
 *
 *     o.m(a(), yield b)         _object = o; _method = _object.m; _t = a();
 *                               return _ctx.yield(b, 1);
 *                       case 1: _method.call(_object, _t, _ctx.sent);
 */
import type {
  Expression,
  CallExpression,
  NewExpression,
  OptionalCallExpression,
  OptionalMemberExpression,
  MemberExpression,
  PrivateName,
} from "@babel/types";
import { containsSuspension } from "../contains.js";
import type { ExpressionLowering } from "./explode.js";
import { explodeList } from "./literals.js";

export function explodeMember(x: ExpressionLowering, node: MemberExpression): Expression {
  const t = x.l.t;
  if (node.property.type === "PrivateName") {
    const object = x.explode(node.object as Expression);
    return t.memberExpression(object, node.property);
  }
  if (!node.computed) return t.memberExpression(x.explode(node.object as Expression), node.property, false);
  const [object, property] = x.explodeOperands([node.object as Expression, node.property as Expression]);
  return t.memberExpression(object, property, true);
}

/** The callee of a call, split into the function and the `this` it must be called with. */
function explodeCallee(x: ExpressionLowering, callee: Expression, argsSuspend: boolean): { fn: Expression; thisArg: Expression | null } {
  const t = x.l.t;
  // A runtime helper (`_stepwise.asyncStep(await x)`) can be read after the arguments: the
  // namespace never changes, and keeping it out of a variable keeps it a read of a name.
  if (callee.type === "MemberExpression" && !callee.computed && x.l.isRuntime(callee.object)) return { fn: callee, thisArg: null };
  if (callee.type === "MemberExpression" && (argsSuspend || containsSuspension(callee))) {
    if (!argsSuspend) return { fn: explodeMember(x, callee), thisArg: null };
    const object = x.spill(callee.object as Expression, "object");
    const key = callee.computed ? x.spill(callee.property as Expression, "key") : callee.property;
    // The method is read before the arguments run, as in `o.m(a)`.
    const fn = x.spillExpression(t.memberExpression(object, key as Expression, callee.computed), "method");
    return { fn, thisArg: object };
  }
  return { fn: argsSuspend ? x.spill(callee, "callee") : x.explode(callee), thisArg: null };
}

export function explodeCall(x: ExpressionLowering, node: CallExpression): Expression {
  const t = x.l.t;
  // `import(specifier, options)` as Babel 7 parses it: the arguments in order, then the import.
  if (node.callee.type === "Import") return t.callExpression(node.callee, x.explodeOperands(node.arguments as Expression[]));
  if (node.callee.type === "Super" || node.callee.type === "V8IntrinsicIdentifier") {
    // super(...) was made a call of an accessor (function-env.ts); %Intrinsics are not JavaScript.
    throw x.l.error(node, `stepwise: internal error: a suspension inside a ${node.callee.type} call was not lowered.`);
  }
  const argsSuspend = node.arguments.some((arg) => containsSuspension(arg));
  const { fn, thisArg } = explodeCallee(x, node.callee, argsSuspend);
  const { list, spread } = explodeList(x, node.arguments, node);
  return buildCall(x, fn, thisArg, list as Expression[], spread);
}

function buildCall(x: ExpressionLowering, fn: Expression, thisArg: Expression | null, args: Expression[], spread: boolean): Expression {
  const t = x.l.t;
  if (spread) {
    return t.callExpression(t.memberExpression(fn, t.identifier("apply")), [thisArg ?? t.unaryExpression("void", t.numericLiteral(0)), args[0]]);
  }
  if (thisArg !== null) return t.callExpression(t.memberExpression(fn, t.identifier("call")), [thisArg, ...args]);
  return t.callExpression(fn, args);
}

export function explodeNew(x: ExpressionLowering, node: NewExpression): Expression {
  const t = x.l.t;
  const argsSuspend = node.arguments.some((arg) => containsSuspension(arg));
  const callee = argsSuspend ? x.spill(node.callee as Expression, "constructor") : x.explode(node.callee as Expression);
  const { list, spread } = explodeList(x, node.arguments, node);
  if (!spread) return t.newExpression(callee, list as Expression[]);
  // new C(...args) in ES5: bind the arguments, then construct.
  const bound = t.callExpression(
    t.memberExpression(t.memberExpression(t.memberExpression(t.identifier("Function"), t.identifier("prototype")), t.identifier("bind")), t.identifier("apply")),
    [callee, t.callExpression(t.memberExpression(t.arrayExpression([t.nullLiteral()]), t.identifier("concat")), [list[0]!])],
  );
  return t.newExpression(bound, []);
}

/**
 * `a?.b.c(yield x)`: each optional link tests the value so far and, when it is null or
 * undefined, skips the rest of the chain with `undefined` as the result.
 */
export function explodeOptionalChain(x: ExpressionLowering, node: OptionalMemberExpression | OptionalCallExpression, asDelete = false): Expression {
  const { t, emitter } = x.l;
  const links: (OptionalMemberExpression | OptionalCallExpression)[] = [];
  let base: Expression = node;
  // Babel marks every link after the first `?.` as optional-chain nodes; the first other node is the base.
  while (base.type === "OptionalMemberExpression" || base.type === "OptionalCallExpression") {
    links.unshift(base);
    base = base.type === "OptionalMemberExpression" ? base.object : (base.callee as Expression);
  }
  const result = x.l.temp("value");
  const end = emitter.label();
  let current: Expression;
  let thisValue: Expression | null = null;
  if (base.type === "MemberExpression" && links[0].type === "OptionalCallExpression") {
    // `o.m?.(x)` calls m with `this` = o.
    thisValue = x.spill(base.object as Expression, "object");
    const key = base.computed ? x.spill(base.property as Expression, "key") : base.property;
    current = x.spillExpression(t.memberExpression(thisValue, key as Expression, base.computed), "method");
  } else {
    current = x.spill(base, "object");
  }
  for (const link of links) {
    if (link.optional) {
      emitter.jumpIf(t.binaryExpression("==", current, t.nullLiteral()), end);
    }
    if (link.type === "OptionalMemberExpression") {
      const property: Expression | PrivateName = link.computed ? x.spill(link.property as Expression, "key") : link.property;
      thisValue = current;
      const member = t.memberExpression(current, property, link.computed);
      // `delete a?.[k]` deletes through the chain (and is `true` when the chain short-circuits).
      const last = asDelete && link === links[links.length - 1];
      current = x.spillExpression(last ? t.unaryExpression("delete", member) : member, "value");
    } else {
      const { list, spread } = explodeList(x, link.arguments, link);
      current = x.spillExpression(buildCall(x, current, thisValue, list as Expression[], spread), "value");
      thisValue = null;
    }
  }
  emitter.emitExpression(t.assignmentExpression("=", result, current));
  const done = emitter.label();
  emitter.jump(done);
  emitter.mark(end);
  const skipped = asDelete ? t.booleanLiteral(true) : t.unaryExpression("void", t.numericLiteral(0));
  emitter.emitExpression(t.assignmentExpression("=", result, skipped));
  emitter.mark(done);
  return result;
}
