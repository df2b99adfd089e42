/**
 * The async driver: an async function is the generator machine, resumed by promise callbacks.
 *
 *     async function f() { const x = await g(); return x + 1; }
 *       becomes
 *     function f() {
 *       var x;
 *       var _ctx = new _stepwise.AsyncContext(f, this, function () {
 *         for (;;) switch (_ctx.state) {
 *           case 0: return _ctx.await(g(), 1);     // wait for g(); resume at case 1
 *           case 1: x = _ctx.sent;
 *                   return _ctx.finish(x + 1);     // resolve the result promise with x + 1
 *         }
 *       });
 *       try { _ctx.returned = (0, _ctx.body)(); } catch (_error) { _ctx.thrown = _error; }
 *       return _ctx.settle();
 *     }
 *
 * (The plugin moves case 0, the run up to the first `await`, out of the body into that `try`
 * where nothing jumps back to it — the plugin's core/first-run.ts — so the function's own frame
 * makes the first run; the runtime sees the same: what that run returned, or threw.)
 *
 * The function runs the body at once, up to its first `await` (a throw before it rejects the
 * promise; it never escapes the call); `settle` then makes the result promise and acts on what
 * the run left. (Where the body awaits only outside loops, the plugin writes `_ctx.drive()`
 * instead, and on engines with async functions a native one drives the call: see `drive` below.)
 * At an `await` the driver subscribes two callbacks, made once per call, to the awaited value; the
 * engine's event loop calls one of them later, and it re-enters the body with the value (`sent`) or the exception (routed to
 * the body's `catch`/`finally` like any other).
 *
 * Timing matches native `await` job for job, because it takes the same steps as the spec's Await:
 * PromiseResolve(%Promise%, value) — the value itself when it is a native promise whose
 * `constructor` is Promise, else a new promise resolved with it (a thenable's `then` then runs in
 * a later job) — and PerformPromiseThen with the resume callbacks. `Promise.resolve` and `then`
 * are captured when the runtime loads, so code that patches them later does not change what
 * `await` does, as it does not natively.
 */
import { Context, run, Body, TryEntry, idleBody, inherit, awaitValue } from "./machine";
import { AGAIN, NEXT, THROW, COMPLETED, REQUESTED } from "./constants";
import { tableMissing } from "./tries";
import { setPrototypeOf, TypeError } from "./intrinsics";
import { asyncFunctionKind, setName } from "./realm";

import { keepWarm } from "./keep-alive";
import { PromiseImpl as NativePromise, promiseResolve, promiseReject, promiseThen, PromiseLike, capture, captured } from "./promise";
import { asyncDriver } from "./engine";
import { awaitNext } from "./await-next";

/** What `thrown` holds while the first run has not thrown (`throw undefined` is a throw too). */
const NOTHING_THROWN = {};

/** Whether the first run of `ctx` threw (for trace.ts, which reports how that run left). */
export function firstRunThrew(ctx: AsyncContext): boolean {
  return ctx.thrown !== NOTHING_THROWN;
}

/**
 * The machine of one async function call: a Context plus its result promise. Made by the lowered
 * function with itself (or null for methods and arrows), its `this`, its body and try table; the
 * function then runs the body itself, up to the first `await`, and hands what happened over:
 *
 *     var _ctx = new _stepwise.AsyncContext(f, this, function () { ... });
 *     try { _ctx.returned = (0, _ctx.body)(); } catch (_error) { _ctx.thrown = _error; }
 *     return _ctx.settle();
 *
 * The body is called from the async function's own frame, not from a runtime function, and takes
 * no parameter (it reads the `_ctx` of the function around it); and the first run, up to the first
 * `await`, is usually not a call of the body at all but its case 0 written in the function itself
 * (the plugin's core/first-run.ts), so each level of async recursion (`await f(n - 1)`) costs one
 * small stack frame. The shape above is also what keeps the
 * function's frame small: V8 gives a frame as many registers as its most demanding call needs,
 * and `new X(a, b, c)`, a store in the `try` and a store in the `catch` each need one less than
 * `_stepwise.async(a, b, c)`, `_ctx.settle(_ctx.body())` and `_ctx.settleThrow(_error)` did —
 * 3% deeper recursion, which is what brings it past half of native's depth.
 */
export interface AsyncContext extends Context {
  /** The result promise and its resolving functions (set by `settle`). */
  promise: unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** The two callbacks every `await` subscribes (made at the first `await`). */
  onFulfilled: ((value: unknown) => void) | null;
  onRejected: ((error: unknown) => void) | null;
  /** What the body's first run returned (a verb's answer), or the exception it threw. */
  returned: unknown;
  thrown: unknown;
  /** `return _ctx.settle()`: acts on what the first run left (see `settle` below); the result promise. */
  settle(): unknown;
  /** `return _ctx.drive()`: the same, for a body whose awaits are not in a loop (see `drive` below). */
  drive(): unknown;
  /** `_ctx.fail(error)`: binding the parameters threw; the call gives a rejected promise. */
  fail(error: unknown): unknown;
}
interface AsyncContextConstructor {
  new (fn: Function | null, self: unknown, body: Body, tries?: TryEntry[]): AsyncContext;
  prototype: AsyncContext;
  /** Keeps the shape of these machines alive (keep-alive.ts). */
  keptAlive: AsyncContext;
}

export const AsyncContext = function AsyncContext(this: AsyncContext, fn: Function | null, self: unknown, body: Body, tries?: TryEntry[]) {
  if (tries === undefined && arguments.length > 3) tableMissing();
  // `new f()` of an async function is a TypeError. A plain call's `this` is undefined (strict
  // code) or the global object: testing for it first spares every strict call the `prototype`
  // read and the `instanceof` (8% of an async recursion's time on Node 20).
  if (self != null && fn !== null && typeof fn.prototype === "object" && fn.prototype !== null && self instanceof fn) {
    throw new TypeError(((fn as { name?: string }).name || "anonymous") + " is not a constructor");
  }
  Context.call(this, body, tries);
  this.awaited = undefined;
  this.onFulfilled = null;
  this.onRejected = null;
  this.returned = undefined;
  this.thrown = NOTHING_THROWN;
  keepWarm(fn, this);
} as unknown as AsyncContextConstructor;
inherit(AsyncContext, Context);

AsyncContext.prototype["await"] = awaitValue;
AsyncContext.prototype.awaitNext = awaitNext;

AsyncContext.prototype.settle = function (this: AsyncContext): unknown {
  this.promise = new NativePromise(capture);
  this.resolve = captured.resolve;
  this.reject = captured.reject;
  const thrown = this.thrown;
  const returned = this.returned;
  this.returned = undefined;
  if (thrown === NOTHING_THROWN) {
    settle(this, returned, NEXT, undefined);
  } else {
    this.thrown = NOTHING_THROWN;
    settle(this, AGAIN, THROW, thrown);
  }
  return this.promise;
};

AsyncContext.prototype.fail = function (this: AsyncContext, error: unknown): unknown {
  this.status = COMPLETED;
  release(this);
  return promiseReject.call(NativePromise, error);
};

/**
 * A call completed: its machine lets go of the body, and with it the call's variables, and of the
 * last value it was sent. keep-alive.ts keeps the latest machine of each of the last few async
 * functions (their shape, which the engine's optimized code depends on, survives a collection
 * that way); without this, it kept the variables of those calls too: after 1e5 calls pending in
 * an array and awaited from it, the array of the caller's latest call (5.7 MB), where native
 * holds nothing. Measured on the bench's async rows: no change in speed.
 */
function release(ctx: AsyncContext): void {
  ctx.body = idleBody;
  ctx.sent = undefined;
}

/** What `advance` answers when the call completed (its result then in `returned`). */
const DONE = {};
/** `advance`'s mode for acting on the first run, which the lowered function did itself. */
const FIRST = -1;

/**
 * One step of the native driver: acts on what the first run left, or resumes the body with a
 * settled await (NEXT with the value, THROW with the reason), then answers the value the body
 * awaits next, or DONE. The steps of `step` and `settle` below; an exception no `catch` takes
 * propagates to the driver, which rejects the call's promise.
 */
function advance(ctx: AsyncContext, mode: number, arg: unknown): unknown {
  let value: unknown = AGAIN;
  if (mode === FIRST) {
    value = ctx.returned;
    ctx.returned = undefined;
    mode = NEXT;
    if (ctx.thrown !== NOTHING_THROWN) {
      mode = THROW;
      arg = ctx.thrown;
      ctx.thrown = NOTHING_THROWN;
      value = AGAIN;
    }
  } else if (mode === NEXT) {
    // The common case calls the body directly, as `step` does.
    ctx.sent = arg;
    try {
      value = (0, ctx.body)(ctx);
    } catch (error) {
      mode = THROW;
      arg = error;
    }
  }
  if (value === AGAIN) {
    try {
      value = run(ctx, mode, mode === NEXT ? undefined : arg);
    } catch (error) {
      release(ctx);
      throw error;
    }
  }
  if (ctx.status === COMPLETED) {
    release(ctx);
    ctx.returned = value;
    return DONE;
  }
  // The body awaits ctx.awaited; the driver takes it from here.
  const awaited = ctx.awaited;
  ctx.awaited = undefined;
  return awaited;
}

/**
 * `return _ctx.drive()`, which the plugin writes instead of `settle()` where no `await` of the
 * body is in a loop (most async functions await a few times per call): where the engine has
 * async functions, a native async function drives the call (engine.ts's asyncDriver). Its promise
 * is the result and its `await`s are the engine's, so a call makes no resolving functions and no
 * callbacks of its own: on Node 20, async recursion 500 deep took 1.74x native's CPU time instead
 * of 2.47x, 1e4 calls under `Promise.all` 1.96x instead of 2.12x. But an engine's `await`
 * allocates more than our `then` (two closures and their context, against one derived promise):
 * 1e5 awaits in one call's loop took 1.40x native instead of 1.05x. So a body that awaits in a
 * loop keeps `settle`. Elsewhere (the ES5 build) `drive` is `settle`.
 */
const driver = asyncDriver !== undefined ? asyncDriver(advance as (machine: unknown, mode: number, arg: unknown) => unknown, DONE) : undefined;
AsyncContext.prototype.drive =
  driver !== undefined
    ? function (this: AsyncContext): unknown {
        return driver(this);
      }
    : AsyncContext.prototype.settle;

AsyncContext.keptAlive = new AsyncContext(null, undefined, idleBody);

/** Resumes the body with a settled await (or starts it): runs it, then `settle`s. */
function step(ctx: AsyncContext, mode: number, arg: unknown): void {
  let value: unknown = AGAIN;
  if (mode === NEXT) {
    // The common case calls the body directly: async recursion then costs few stack frames.
    ctx.sent = arg;
    try {
      value = (0, ctx.body)(ctx);
    } catch (error) {
      mode = THROW;
      arg = error;
    }
  }
  settle(ctx, value, mode, arg);
}

/**
 * What the body left with decides what happens next: AGAIN (or an exception) goes through the
 * full machine loop (`run`: try table, finally blocks); a completion settles the result promise;
 * AWAIT subscribes the resume callbacks to the awaited value.
 */
function settle(ctx: AsyncContext, value: unknown, mode: number, arg: unknown): void {
  if (value === AGAIN) {
    try {
      value = run(ctx, mode, mode === NEXT ? undefined : arg);
    } catch (error) {
      release(ctx);
      ctx.reject(error);
      return;
    }
  }
  if (ctx.status === COMPLETED) {
    release(ctx);
    ctx.resolve(value);
    return;
  }
  // value is AWAIT: the body is waiting for ctx.awaited.
  const awaited = ctx.awaited;
  ctx.awaited = undefined;
  if (ctx.onFulfilled === null) callbacks(ctx);
  // REQUESTED: a `for await` handed its request to an async generator, which subscribes the
  // callbacks itself when the request settles (await-next.ts).
  if (awaited === REQUESTED) return;
  let promise: PromiseLike;
  try {
    promise = promiseResolve.call(NativePromise, awaited);
  } catch (error) {
    // PromiseResolve itself threw (a `constructor` getter): the await throws, synchronously.
    settle(ctx, AGAIN, THROW, error);
    return;
  }
  promiseThen.call(promise, ctx.onFulfilled!, ctx.onRejected!);
}

/** The two callbacks every `await` of one call subscribes, made at its first `await`. */
function callbacks(ctx: AsyncContext): void {
  ctx.onFulfilled = function (value) {
    step(ctx, NEXT, value);
  };
  ctx.onRejected = function (error) {
    step(ctx, THROW, error);
  };
}

/**
 * %AsyncFunction.prototype% (realm.ts): the engine's own where it has async functions (the runtime's
 * native build), so that `f instanceof AsyncFunction` holds for lowered and native ones alike.
 */
const AsyncFunctionPrototype = asyncFunctionKind.functionPrototype;

/** Makes `fn` look like an async function: its prototype chain, and the name it should have (or the property key that names it). */
export function markAsync<F extends Function>(fn: F, name?: string | symbol): F {
  if (setPrototypeOf !== undefined) setPrototypeOf(fn, AsyncFunctionPrototype);
  if (name !== undefined) setName(fn, name);
  return fn;
}
