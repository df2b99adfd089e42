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
 * the iterator is one of this runtime's, the request is handed over with the awaiting machine
 * instead of a promise (async-generator.ts's `directNext`), and the generator resumes the machine
 * when the request settles, in the job a promise of the request would have run it in.
 *
 * The verb reaches async generators through `directRequests`, which the first one made fills in:
 * a file (or bundle) with `for await` over arrays or streams alone carries none of their code.
 *
 * The awaits of a `for await` are in a loop, so its machine is an async generator's or an async
 * function driven by `settle` (never the engine's own async function, whose `await` would not
 * know REQUESTED: the plugin's core/awaits-in-loops.ts).
 */
import { AWAIT } from "./constants";
import type { Context } from "./machine";
import type { IteratorLike } from "./iterate";
import { notAFunction } from "./iteration-errors";

/** What a consumer awaits for `next.call(iterator)` when the request can go directly, else undefined. */
export type DirectNext = (consumer: Context, iterator: IteratorLike, next: IteratorLike["next"]) => unknown;

/** The direct path to this runtime's async generators: set when the first one is made. */
export const directRequests: { next: DirectNext | null } = { next: null };

/** `return _ctx.awaitNext(iterator, next, resume)`: `await next.call(iterator)`, resumed at case `resume`. */
export function awaitNext(this: Context, iterator: IteratorLike, next: IteratorLike["next"], resume: number): unknown {
  const direct = directRequests.next;
  let awaited = direct !== null ? direct(this, iterator, next) : undefined;
  if (awaited === undefined) {
    if (typeof next !== "function") throw notAFunction(next);
    awaited = next.call(iterator);
  }
  this.state = resume;
  this.awaited = awaited;
  return AWAIT;
}
