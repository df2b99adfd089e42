/**
 * `for await`'s step, `await _next.call(_iterator)`, as one verb. Only files whose machines call
 * `_ctx.awaitNext` carry this module with `runtime: "inline"` (its key is "verb:awaitNext",
 * scripts/bundle.mjs).
 *
 *     for await (const x of source) ...
 *       _step = _stepwise.asyncStep(await _next.call(_iterator));     (core/for-of.ts)
 *       becomes
 *         case 2: return _ctx.awaitNext(_iterator, _next, 3);         // call next(), await it
 *         case 3: _step = _stepwise.asyncStep(_ctx.sent); ...
 *
 * What the verb knows that `await` does not: the promise `next()` returns goes straight into the
 * await, where no code can see it. So when `_next` is the intrinsic `next` of async generators and
 * the iterator is one of this runtime's (direct-next.ts), the request is handed over with the
 * awaiting machine instead of a promise, and the generator resumes the machine when the request
 * settles, in the job a promise of the request would have run it in.
 *
 * The awaits of a `for await` are in a loop, so its machine is an async generator's or an async
 * function driven by `settle` (never the engine's own async function, whose `await` would not
 * know REQUESTED: the plugin's core/awaits-in-loops.ts).
 */
import { AWAIT } from "./constants";
import type { Context } from "./machine";
import type { IteratorLike } from "./iterate";
import { AsyncContext } from "./async";
import { AsyncGeneratorContext } from "./async-generator";
import { directNext } from "./direct-next";

/** `return _ctx.awaitNext(iterator, next, resume)`: `await next.call(iterator)`, resumed at case `resume`. */
export function awaitNext(this: Context, iterator: IteratorLike, next: IteratorLike["next"], resume: number): unknown {
  // directNext is left out (undefined) in a file that makes no async generators of its own.
  let awaited = directNext !== undefined ? directNext(this, iterator, next) : undefined;
  if (awaited === undefined) awaited = next.call(iterator);
  this.state = resume;
  this.awaited = awaited;
  return AWAIT;
}
AsyncContext.prototype.awaitNext = awaitNext;
AsyncGeneratorContext.prototype.awaitNext = awaitNext;
