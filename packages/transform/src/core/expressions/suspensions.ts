/**
 * The suspension points themselves: where the machine leaves and where it comes back.
 *
 *     x = yield v;          return _ctx.yield(v, 1);      // hand v out, resume at case 1
 *                   case 1: x = _ctx.sent;                // the value next(v) sent in
 *
 * `yield*` leaves through `delegate` (the runtime forwards next/throw/return to the inner iterator
 * until it is done) and `await` through `await` (the runtime subscribes to the promise); both
 * resume the same way, with the result in `_ctx.sent`. A `for await` step, `await
 * _next.call(_iterator)`, leaves through `awaitNext(_iterator, _next, resume)`: the runtime calls
 * `next` itself, and hands the request to an async generator of its own without a promise.
 */
import type { CallExpression, Expression, MemberExpression } from "@babel/types";
import type { ExpressionLowering } from "./explode.js";

export function explodeYield(x: ExpressionLowering, argument: Expression | null, delegate: boolean, ignoreResult: boolean): Expression {
  const { t, emitter } = x.l;
  const value = argument === null ? t.unaryExpression("void", t.numericLiteral(0)) : x.explode(argument);
  const resume = emitter.label();
  const exit = emitter.leave(delegate ? "delegate" : "yield", [value, emitter.ref(resume)]);
  const what = delegate ? `yield* ${x.l.snippet(argument)}` : `yield ${x.l.snippet(argument)}`.trimEnd();
  emitter.mark(resume, `resumes after \`${what}\``);
  emitter.comment(
    exit,
    delegate
      ? `suspends in \`${what}\`: next/throw/return go to the inner iterator until it is done, then case ${resume.value}`
      : `suspends at \`${what}\`: the value goes out; next(v) resumes at case ${resume.value} with v in ${emitter.ctx.name}.sent`,
  );
  return ignoreResult ? t.unaryExpression("void", t.numericLiteral(0)) : emitter.ctxMember("sent");
}

/** `await` is a suspension the async driver answers by subscribing to the promise. */
export function explodeAwait(x: ExpressionLowering, argument: Expression, ignoreResult: boolean): Expression {
  const { t, emitter } = x.l;
  const value = x.explode(argument);
  const resume = emitter.label();
  const exit = emitter.leave("await", [value, emitter.ref(resume)]);
  const what = `await ${x.l.snippet(argument)}`;
  emitter.mark(resume, `resumes after \`${what}\``);
  emitter.comment(exit, `suspends at \`${what}\`: when it settles, the promise callback resumes case ${resume.value} (value in ${emitter.ctx.name}.sent, or thrown)`);
  return ignoreResult ? t.unaryExpression("void", t.numericLiteral(0)) : emitter.ctxMember("sent");
}

/** The await of a `for await` step (for-of.ts): `return _ctx.awaitNext(_iterator, _next, resume)`. */
export function explodeForAwaitStep(x: ExpressionLowering, call: CallExpression, ignoreResult: boolean): Expression {
  const { emitter } = x.l;
  const next = (call.callee as MemberExpression).object as Expression;
  const iterator = call.arguments[0] as Expression;
  const resume = emitter.label();
  const exit = emitter.leave("awaitNext", [iterator, next, emitter.ref(resume)]);
  emitter.mark(resume, "resumes after the `for await` step's `await next()`");
  emitter.comment(exit, `suspends at the \`for await\` step: calls the iterator's next() and awaits its result; resumes case ${resume.value} (result in ${emitter.ctx.name}.sent, or thrown)`);
  return ignoreResult ? x.l.t.unaryExpression("void", x.l.t.numericLiteral(0)) : emitter.ctxMember("sent");
}
