/**
 * The machine every coroutine runs on: the state a suspended body needs to continue, the verbs the
 * body calls, and the loop that re-enters it.
 *
 * The plugin turns a generator into a plain function whose locals live in the outer function and
 * whose body is a `switch` over "where was I?":
 *
 *     function* count() { const x = yield 1; return x + 1; }
 *       becomes
 *     function count() {
 *       var x;
 *       return _stepwise.generator(count, this, function (_ctx) {
 *         for (;;) switch (_ctx.state) {
 *           case 0: return _ctx.yield(1, 1);       // hand out 1; resume at case 1
 *           case 1: x = _ctx.sent;                 // the value next(v) brought in
 *                   return _ctx.finish(x + 1);     // done, with x + 1
 *         }
 *       });
 *     }
 *
 * Each resumption stores its value in `sent` and calls the body once; the body runs from `state`
 * until it reaches a verb that suspends (`yield`, `delegate`, `await`) or ends (`finish`).
 *
 * The machine is the core every file needs. What only some files need lives in modules of its own,
 * which a file with `runtime: "inline"` carries only when it uses them (scripts/pieces.mjs): the
 * try router and its verbs (tries.ts), flat `yield*` (delegate.ts), the generator objects
 * (generator.ts), async functions (async.ts), async generators (async-generator.ts). Where the
 * machine refers to them, it does so only on paths such a file never takes: `route` only when the
 * machine has a try table, the verbs only when the body calls them.
 */
import { route, raise, jump, endFinally } from "./tries";
import { COMPLETED, NEXT, RETURN, THROW, AGAIN, AWAIT, SUSPENDED_START } from "./constants";
import { create } from "./intrinsics";
import type { IteratorLike } from "./iterate";

/** One row of a generator's try table: the case where each part starts (0: the part is absent). */
export interface TryEntry {
  ["try"]: number;
  ["catch"]: number;
  ["finally"]: number;
  end: number;
}

export type Body = (ctx: Context) => unknown;

/**
 * Everything a suspended coroutine needs to continue. One per generator object or async call
 * (async functions and generators add their own fields); nothing is allocated per step except the
 * `{ value, done }` result. It is kept small on purpose: it is allocated at every call, and its size
 * is most of what a call costs the garbage collector.
 */
export interface Context {
  /** The case the body runs next; while it runs, a case in the same try region as the current one. */
  state: number;
  /** The value `next(v)` sent in; read by the case that follows a `yield`. */
  sent: unknown;
  /** The exception being delivered to a `catch` block. */
  caught: unknown;
  /** SUSPENDED_START, SUSPENDED_YIELD, EXECUTING or COMPLETED. */
  status: number;
  /** The iterator a `yield*` is delegating to, and its `next` method (read once, as the spec says). */
  inner: IteratorLike | null;
  innerNext: IteratorLike["next"] | null;
  /** While a request runs down a chain of `yield*` between Stepwise generators: the delegator. */
  parent: Context | null;
  /**
   * The completions waiting for the try table rows' `finally` blocks, two slots per row: its
   * kind (THROW, RETURN or JUMP; undefined when nothing waits) and its value. Created on first use.
   */
  pending: unknown[] | null;
  /**
   * `await` (async functions and generators): the value waited for, until the driver takes it.
   * Only their machines have the field (async.ts, async-generator.ts): each field of a generator's
   * machine was ~2% of the early-return workload's time (1e5 short generators), in allocation.
   */
  awaited: unknown;
  /**
   * While a request runs down a chain of `yield*` between Stepwise generators: the request
   * (NEXT, THROW or RETURN) the delegator handed down to this generator (delegate.ts).
   */
  request: number;
  /** The lowered body: one call runs cases until the coroutine suspends or ends. */
  body: Body;
  /** The try table, one row per `try` statement that holds a suspension, in source order. */
  tries: TryEntry[] | undefined;

  /** `yield value`: hand `value` out and resume at case `resume`. */
  ["yield"](value: unknown, resume: number): unknown;
  /** `return value`: run the `finally` blocks around the current state, then complete. */
  finish(value?: unknown): unknown;
  /** The try table's verbs (tries.ts). */
  raise(value: unknown): unknown;
  jump(target: number): void;
  endFinally(index: number): unknown;
  /** `yield* iterable` (delegate.ts for generators, async-generator.ts for async generators). */
  delegate(iterable: unknown, resume: number): unknown;
  /** `await value` (async functions and generators: `awaitValue`). */
  ["await"](value: unknown, resume: number): unknown;
  /** `await next.call(iterator)`, a `for await` loop's step (async functions and generators: await-next.ts). */
  awaitNext(iterator: IteratorLike, next: IteratorLike["next"], resume: number): unknown;
}

export interface ContextConstructor {
  new (body: Body, tries: TryEntry[] | undefined): Context;
  prototype: Context;
}

/**
 * The fields every machine starts with: its constructor calls this one (`Context.call(this, ...)`).
 * GeneratorContext writes these assignments out instead: V8 gives a constructor's objects room
 * inside them for about as many fields as the `this.x = ...` in its own body, and puts the rest in
 * a separate array; a generator's machine kept `tries` (read at every `return()`) out there, 32
 * bytes and an indirection more per generator (early-return workload: 604 → 572 bytes per
 * generator). (Written out in the async machines too, it measured no faster: they make promises.)
 */
export const Context = function Context(this: Context, body: Body, tries: TryEntry[] | undefined) {
  this.state = 0;
  this.sent = undefined;
  this.caught = undefined;
  this.status = SUSPENDED_START;
  this.inner = null;
  this.innerNext = null;
  this.parent = null;
  this.pending = null;
  this.request = NEXT;
  this.body = body;
  this.tries = tries;
} as unknown as ContextConstructor;

Context.prototype["yield"] = function (this: Context, value: unknown, resume: number): unknown {
  this.state = resume;
  return value;
};
Context.prototype.finish = function (this: Context, value?: unknown): unknown {
  if (this.tries !== undefined && route(this, RETURN, value)) return AGAIN;
  this.status = COMPLETED;
  return value;
};
// The try table's verbs: a body calls them only if its function has a try table, and a file
// without one carries none of tries.ts (they are undefined here then).
Context.prototype.raise = raise;
Context.prototype.jump = jump;
Context.prototype.endFinally = endFinally;

/** `await value` (async functions and async generators): suspend until `value` settles; resume at case `resume`. */
export function awaitValue(this: Context, value: unknown, resume: number): unknown {
  this.state = resume;
  this.awaited = value;
  return AWAIT;
}

/** `Derived.prototype` inherits `Base.prototype` (what `class Derived extends Base` sets up, in ES5). */
export function inherit(Derived: Function, Base: Function): void {
  Derived.prototype = create(Base.prototype);
}

/** The body of the machines kept alive for their shape (keep-alive.ts): never run. */
export function idleBody(): unknown {
  return undefined;
}

/**
 * Runs the body for one resumption (`next(arg)`, `throw(arg)` or `return(arg)` at the current
 * state) until it suspends or completes. Returns what the body left with: a yielded value, the
 * AWAIT marker, or — with `status` COMPLETED — the return value; AGAIN when the body started a
 * `yield*` (delegate.ts takes it from there). An exception that no `catch` takes completes the
 * machine and propagates.
 */
export function run(ctx: Context, mode: number, arg: unknown): unknown {
  for (;;) {
    if (mode === NEXT) {
      ctx.sent = arg;
    } else if (!(ctx.tries !== undefined && route(ctx, mode, arg))) {
      ctx.status = COMPLETED;
      if (mode === THROW) throw arg;
      return arg;
    }
    mode = NEXT;
    arg = undefined;
    let value: unknown;
    try {
      value = (0, ctx.body)(ctx);
    } catch (error) {
      mode = THROW;
      arg = error;
      continue;
    }
    if (value !== AGAIN || ctx.inner !== null) return value;
  }
}
