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

/** `void 0`: the `this` of a call whose callee is not a member expression. */
function noThis(x: ExpressionLowering): Expression {
  return x.l.t.unaryExpression("void", x.l.t.numericLiteral(0));
}

/**
 * A call that cannot keep the source's shape: `_stepwise.call(fn, this, "callee text", ...args)`
 * (or `_stepwise.apply(fn, this, "callee text", array)` with spread arguments). The helper reads
 * nothing off `fn` and fails as the source's call would have, naming its callee.
 */
export function helperCall(x: ExpressionLowering, fn: Expression, thisArg: Expression | null, text: string, args: Expression[], spread: boolean): Expression {
  const t = x.l.t;
  const head = [fn, thisArg ?? noThis(x), t.stringLiteral(text)];
  return spread ? t.callExpression(x.l.helper("apply"), [...head, args[0]]) : t.callExpression(x.l.helper("call"), [...head, ...args]);
}

/** An identifier (or the saved `this`) that the call can read again instead of saving it first. */
function isStableReference(x: ExpressionLowering, node: Expression): boolean {
  return node.type === "Identifier" && x.l.isStable(node);
}

/**
 * A call with a suspension in its arguments or its callee. The callee is evaluated first (and a
 * method read off its object) as in the source; the call keeps the source's shape where it can:
 *
 *     f(a, await b)        f(_t, _ctx.sent)                    when nothing can assign `f` meanwhile
 *     o.m(a, await b)      _method = o.m; ...; _stepwise.call(_method, o, "o.m", _t, _ctx.sent)
 *     (await g)(x)         _stepwise.call(_ctx.sent, void 0, "(intermediate value)", x)
 */
export function explodeCall(x: ExpressionLowering, node: CallExpression): Expression {
  const t = x.l.t;
  const callee = node.callee;
  // `import(specifier, options)` as Babel 7 parses it: the arguments in order, then the import.
  if (callee.type === "Import") return t.callExpression(callee, x.explodeOperands(node.arguments as Expression[]));
  if (callee.type === "Super" || callee.type === "V8IntrinsicIdentifier") {
    // super(...) was made a call of an accessor (function-env.ts); %Intrinsics are not JavaScript.
    throw x.l.error(node, `stepwise: internal error: a suspension inside a ${callee.type} call was not lowered.`);
  }
  if (x.l.isHelper(callee)) {
    // The plugin's own call of a runtime helper: nothing to keep apart.
    const { list } = explodeList(x, node.arguments, node);
    return t.callExpression(callee, list as Expression[]);
  }
  const text = x.l.calls.text(node);
  const argsSuspend = node.arguments.some((arg) => containsSuspension(arg));
  if (callee.type === "Identifier") {
    const stable = isStableReference(x, callee);
    const fn = stable ? callee : x.spill(callee, "callee");
    const { list, spread } = explodeList(x, node.arguments, node);
    if (stable && !spread) return t.callExpression(callee, list as Expression[]);
    return helperCall(x, fn, null, text, list as Expression[], spread);
  }
  if (callee.type === "MemberExpression") {
    // The object, then the key, then the method is read, all before the arguments run.
    const keepObject = argsSuspend || (callee.computed && containsSuspension(callee.property)) || !isStableReference(x, callee.object as Expression);
    const object = isStableReference(x, callee.object as Expression)
      ? (callee.object as Expression)
      : keepObject
        ? x.spill(callee.object as Expression, "object")
        : x.explode(callee.object as Expression);
    const key = callee.computed ? (argsSuspend ? x.spill(callee.property as Expression, "key") : x.explode(callee.property as Expression)) : callee.property;
    const member = t.memberExpression(object, key as Expression, callee.computed);
    const fn = argsSuspend ? x.spillExpression(member, "method") : member;
    const { list, spread } = explodeList(x, node.arguments, node);
    return helperCall(x, fn, object, text, list as Expression[], spread);
  }
  if (callee.type === "OptionalMemberExpression") {
    // `(o?.m)(x)`: the parenthesized chain is still a reference, so `this` is `o`.
    const { value, thisValue } = explodeOptionalChainWithThis(x, callee);
    const { list, spread } = explodeList(x, node.arguments, node);
    return helperCall(x, value, thisValue, text, list as Expression[], spread);
  }
  const fn = argsSuspend ? x.spill(callee as Expression, "callee") : x.explode(callee as Expression);
  const { list, spread } = explodeList(x, node.arguments, node);
  return helperCall(x, fn, null, text, list as Expression[], spread);
}

export function explodeNew(x: ExpressionLowering, node: NewExpression): Expression {
  const t = x.l.t;
  const argsSuspend = node.arguments.some((arg) => containsSuspension(arg));
  const stable = isStableReference(x, node.callee as Expression);
  const callee = stable ? (node.callee as Expression) : argsSuspend ? x.spill(node.callee as Expression, "constructor") : x.explode(node.callee as Expression);
  const { list, spread } = explodeList(x, node.arguments, node);
  if (stable && !spread) return t.newExpression(callee, list as Expression[]);
  // Not the source's shape: `_stepwise.construct(C, "C", [args])` fails as `new C(...)` would.
  const args = spread ? list[0]! : t.arrayExpression(list as Expression[]);
  return t.callExpression(x.l.helper("construct"), [callee, t.stringLiteral(x.l.calls.text(node)), args]);
}

/**
 * `a?.b.c(yield x)`: each optional link tests the value so far and, when it is null or
 * undefined, skips the rest of the chain with `undefined` as the result.
 */
export function explodeOptionalChain(x: ExpressionLowering, node: OptionalMemberExpression | OptionalCallExpression, asDelete = false): Expression {
  return explodeChain(x, node, asDelete).value;
}

/** The chain's value, and the object its last member was read from (the `this` of `(o?.m)()`). */
function explodeOptionalChainWithThis(x: ExpressionLowering, node: OptionalMemberExpression): { value: Expression; thisValue: Expression | null } {
  return explodeChain(x, node, false);
}

function explodeChain(x: ExpressionLowering, node: OptionalMemberExpression | OptionalCallExpression, asDelete: boolean): { value: Expression; thisValue: Expression | null } {
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
      current = x.spillExpression(helperCall(x, current, thisValue, x.l.calls.text(link), list as Expression[], spread), "value");
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
  return { value: result, thisValue };
}
