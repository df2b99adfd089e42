/**
 * Async generators: the generator machine, driven by a queue of requests and by promises.
 *
 *     async function* ticks() { yield 1; await pause(); yield 2; }
 *       becomes a machine whose `yield v` is an `await v` followed by a yield:
 *         case 0: return _ctx.await(1, 1);
 *         case 1: return _ctx.yield(_ctx.sent, 2);
 *         case 2: return _ctx.await(pause(), 3);
 *         ...
 *
 * `next`/`throw`/`return` never run the body directly: each queues a request with its own promise
 * and returns that promise (a `for await` loop's `next()` may hand the request over without one:
 * `directNext` below). The request at the head of the queue is the one the body is working
 * on; a `yield` settles it with `{ value, done: false }`, and if more requests are already waiting
 * the body carries on at once with the next (spec: AsyncGeneratorYield). When the body finishes,
 * the remaining requests are settled in order (AsyncGeneratorDrainQueue); a `return(v)` request on
 * a finished or unstarted generator first awaits `v` (AsyncGeneratorAwaitReturn).
 *
 * Every wait goes through one pair of callbacks per generator; `waiting` says what the settled
 * value continues: the body after an `await`, a `return(v)` request whose `v` was awaited, a
 * `yield*` step whose inner result was awaited, or a return on a finished generator.
 */
import { Context, run, Body, TryEntry, idleBody, inherit, awaitValue } from "./machine";
import { AWAIT, REQUESTED, DELEGATE, NEXT, THROW, RETURN, SUSPENDED_START, SUSPENDED_YIELD, EXECUTING, COMPLETED } from "./constants";
import { tableMissing } from "./tries";
import { generatorObject, giveInstancePrototype } from "./generator";
import { NO_THROW_METHOD } from "./delegate";
import { getMethod, notAFunction, notAnObjectResult } from "./iteration-errors";
import { isObject } from "./symbols";
import { asyncValues } from "./async-iterate";
import type { IteratorLike, IteratorResultLike } from "./iterate";
import { setPrototypeOf, TypeError } from "./intrinsics";
import { asyncGeneratorKindWith, setName, AsyncGeneratorMachine } from "./realm";
import { keepWarm } from "./keep-alive";
import { awaitNext, directRequests } from "./await-next";

import { PromiseImpl as NativePromise, promiseResolve, promiseReject, promiseThen, PromiseLike, capture, captured } from "./promise";

/** The body finished and the queue is being settled (the spec's draining-queue / awaiting-return). */
const DRAINING = 4;
/** Ordinary completion of a request: `{ value, done }`. */
const NORMAL = NEXT;

// What a settled promise continues (AsyncGeneratorContext.waiting).
const BODY = 0;
const RETURN_VALUE = 1;
const DELEGATE_RESULT = 2;
const CLOSE_THEN_THROW = 3;
const AWAIT_RETURN = 4;

/** One `next`/`throw`/`return` call, waiting for its turn. */
interface Request {
  mode: number;
  value: unknown;
  /** The resolving functions of the promise the call returned (null for a consumer's request). */
  resolve: ((value: unknown) => void) | null;
  reject: ((error: unknown) => void) | null;
  /** The machine that awaits this request's result itself (`directNext`), or null. */
  consumer: Awaiting | null;
  /** The settled promise of the result, when it settled before the consumer began to wait. */
  early: PromiseLike | null;
  /** Whether the consumer waits (`directNext` returned): its callbacks are then subscribed. */
  awaiting: boolean;
}

/**
 * A machine awaiting a request's result (an async function's or async generator's, in `for
 * await`): the two callbacks that resume it, which every await of the machine subscribes.
 */
export interface Awaiting {
  onFulfilled: ((value: unknown) => void) | null;
  onRejected: ((error: unknown) => void) | null;
}


/** The machine of one async generator: a Context plus its request queue and `yield*` state. */
export interface AsyncGeneratorContext extends Context, AsyncGeneratorMachine {
  /** The `next`/`throw`/`return` requests not settled yet; the head is the one being served. */
  queue: Request[];
  /** What the pending promise callback continues (BODY, RETURN_VALUE, ...). */
  waiting: number;
  /** The async iterator an async `yield*` is delegating to, its `next`, and the request passed on. */
  asyncInner: IteratorLike | null;
  asyncInnerNext: IteratorLike["next"] | null;
  delegateMode: number;
  /** The two callbacks every promise this generator waits for is subscribed with. */
  onFulfilled: (value: unknown) => void;
  onRejected: (error: unknown) => void;
}
interface AsyncGeneratorContextConstructor {
  new (body: Body, tries: TryEntry[] | undefined): AsyncGeneratorContext;
  prototype: AsyncGeneratorContext;
  /** Keeps the shape of these machines alive (keep-alive.ts). */
  keptAlive: AsyncGeneratorContext;
}

export const AsyncGeneratorContext = function AsyncGeneratorContext(this: AsyncGeneratorContext, body: Body, tries: TryEntry[] | undefined) {
  Context.call(this, body, tries);
  this.awaited = undefined;
  this.queue = [];
  this.waiting = BODY;
  this.asyncInner = null;
  this.asyncInnerNext = null;
  this.delegateMode = NEXT;
  const ctx = this;
  this.onFulfilled = function (value) {
    settled(ctx, true, value);
  };
  this.onRejected = function (error) {
    settled(ctx, false, error);
  };
} as unknown as AsyncGeneratorContextConstructor;
inherit(AsyncGeneratorContext, Context);

/** A request of the async generator object (`next`, `throw`, `return`): its promise. */
AsyncGeneratorContext.prototype.onRequest = function (this: AsyncGeneratorContext, mode: number, value: unknown): unknown {
  return enqueue(this, mode, value);
};
/** `yield*` in an async generator: the driver delegates, awaiting each inner result (below). */
AsyncGeneratorContext.prototype.delegate = function (this: AsyncGeneratorContext, iterable: unknown, resume: number): unknown {
  this.state = resume;
  this.awaited = iterable;
  return DELEGATE;
};
AsyncGeneratorContext.prototype["await"] = awaitValue;
AsyncGeneratorContext.prototype.awaitNext = awaitNext;
AsyncGeneratorContext.keptAlive = new AsyncGeneratorContext(idleBody, undefined);

/** Settles the request at the head of the queue (AsyncGeneratorCompleteStep). */
function completeStep(ctx: AsyncGeneratorContext, type: number, value: unknown, done: boolean): void {
  settleRequest(ctx.queue.shift()!, type, value, done);
}

/**
 * Settles one request: resolves its promise with `{ value, done }` or rejects it. A consumer's
 * request has no promise; what the consumer awaits instead is a promise settled the same way at
 * the same moment (`Promise.resolve` of the result looks up its `then` as resolving does), and
 * its callbacks are subscribed to it at once, as they were to the request's promise natively.
 */
function settleRequest(request: Request, type: number, value: unknown, done: boolean): void {
  const consumer = request.consumer;
  if (consumer === null) {
    if (type === THROW) request.reject!(value);
    else request.resolve!({ value: value, done: done });
    return;
  }
  const settled: PromiseLike = type === THROW ? promiseReject.call(NativePromise, value) : promiseResolve.call(NativePromise, { value: value, done: done });
  if (request.awaiting) promiseThen.call(settled, consumer.onFulfilled, consumer.onRejected);
  else request.early = settled;
}

/** Waits for `value` (PromiseResolve + then, as Await does); `waiting` says what comes next. */
function wait(ctx: AsyncGeneratorContext, waiting: number, value: unknown): void {
  ctx.waiting = waiting;
  let promise: PromiseLike;
  try {
    promise = promiseResolve.call(NativePromise, value);
  } catch (error) {
    settled(ctx, false, error);
    return;
  }
  promiseThen.call(promise, ctx.onFulfilled!, ctx.onRejected!);
}

/** A promise the generator waited for has settled. */
function settled(ctx: AsyncGeneratorContext, ok: boolean, value: unknown): void {
  switch (ctx.waiting) {
    case BODY:
      drive(ctx, ok ? NEXT : THROW, value);
      return;
    case RETURN_VALUE:
      drive(ctx, ok ? RETURN : THROW, value);
      return;
    case DELEGATE_RESULT:
      delegateResult(ctx, ok, value);
      return;
    case CLOSE_THEN_THROW:
      // The inner iterator had no `throw`: it was closed, now the delegating generator complains.
      if (ok && !isObject(value)) drive(ctx, THROW, notAnObjectResult(value));
      else drive(ctx, THROW, ok ? new TypeError(NO_THROW_METHOD) : value);
      return;
    default:
      // AWAIT_RETURN: return(v) on a finished generator, v now awaited.
      ctx.status = COMPLETED;
      completeStep(ctx, ok ? NORMAL : THROW, value, true);
      drain(ctx);
  }
}

/** Runs the body (or the `yield*` it is in) with one resumption, until it waits, yields or ends. */
function drive(ctx: AsyncGeneratorContext, mode: number, arg: unknown): void {
  ctx.status = EXECUTING;
  if (ctx.asyncInner !== null) {
    delegateStep(ctx, mode, arg);
    return;
  }
  let value: unknown;
  try {
    value = run(ctx, mode, arg);
  } catch (error) {
    finish(ctx, THROW, error);
    return;
  }
  if (value === AWAIT) {
    const awaited = ctx.awaited;
    ctx.awaited = undefined;
    // REQUESTED: a `for await` handed its request to a generator, which resumes the body itself.
    if (awaited === REQUESTED) ctx.waiting = BODY;
    else wait(ctx, BODY, awaited);
  } else if (value === DELEGATE) {
    const iterable = ctx.awaited;
    ctx.awaited = undefined;
    let inner;
    let next;
    try {
      // GetIterator(iterable, async), `next` included: a getter that throws there is thrown at
      // the `yield*` (the request's promise rejects), not out of the caller's next().
      inner = asyncValues(iterable);
      next = inner.next;
      // Called at once (delegateStep), and the same value for the whole delegation: checked once.
      if (typeof next !== "function") throw notAFunction(next);
    } catch (error) {
      drive(ctx, THROW, error);
      return;
    }
    ctx.asyncInner = inner;
    ctx.asyncInnerNext = next;
    delegateStep(ctx, NEXT, undefined);
  } else if (ctx.status === COMPLETED) {
    finish(ctx, NORMAL, value);
  } else {
    yieldValue(ctx, value);
  }
}

/** The body ended (returned or threw): settle the request it was serving, then the others. */
function finish(ctx: AsyncGeneratorContext, type: number, value: unknown): void {
  ctx.status = COMPLETED;
  completeStep(ctx, type, value, true);
  drain(ctx);
}

/** AsyncGeneratorYield: settle the head request, carry on with the next one if there is one. */
function yieldValue(ctx: AsyncGeneratorContext, value: unknown): void {
  completeStep(ctx, NORMAL, value, false);
  const queue = ctx.queue;
  if (queue.length > 0) resumeWith(ctx, queue[0]);
  else ctx.status = SUSPENDED_YIELD;
}

/** AsyncGeneratorResume; a `return(v)` at a `yield` awaits `v` first (UnwrapYieldResumption). */
function resumeWith(ctx: AsyncGeneratorContext, request: Request): void {
  ctx.status = EXECUTING;
  if (request.mode === RETURN && ctx.status !== SUSPENDED_START) wait(ctx, RETURN_VALUE, request.value);
  else drive(ctx, request.mode, request.value);
}

/** AsyncGeneratorDrainQueue: the body is done; every waiting request gets `done: true`. */
function drain(ctx: AsyncGeneratorContext): void {
  const queue = ctx.queue;
  while (queue.length > 0) {
    const request = queue[0];
    if (request.mode === RETURN) {
      ctx.status = DRAINING;
      wait(ctx, AWAIT_RETURN, request.value);
      return;
    }
    completeStep(ctx, request.mode === THROW ? THROW : NORMAL, request.mode === THROW ? request.value : undefined, true);
  }
}

/** One request of a `yield*`, passed to the inner async iterator; its result is awaited. */
function delegateStep(ctx: AsyncGeneratorContext, mode: number, arg: unknown): void {
  const inner = ctx.asyncInner!;
  let result: unknown;
  try {
    if (mode === NEXT) {
      result = ctx.asyncInnerNext!.call(inner, arg);
    } else {
      const method = getMethod(inner, mode === THROW ? "throw" : "return");
      if (method === undefined) {
        ctx.asyncInner = ctx.asyncInnerNext = null;
        if (mode === RETURN) {
          // No `return` to pass it on to: the delegating generator returns (the value awaited again).
          wait(ctx, RETURN_VALUE, arg);
          return;
        }
        // No `throw`: close the inner iterator (awaiting its `return()`), then throw a TypeError.
        const close = getMethod(inner, "return");
        if (close === undefined) {
          drive(ctx, THROW, new TypeError(NO_THROW_METHOD));
          return;
        }
        wait(ctx, CLOSE_THEN_THROW, close.call(inner));
        return;
      }
      result = method.call(inner, arg);
    }
  } catch (error) {
    ctx.asyncInner = ctx.asyncInnerNext = null;
    drive(ctx, THROW, error);
    return;
  }
  ctx.delegateMode = mode;
  wait(ctx, DELEGATE_RESULT, result);
}

/** The awaited result of the inner iterator: yield its value on, or finish the `yield*`. */
function delegateResult(ctx: AsyncGeneratorContext, ok: boolean, result: unknown): void {
  let done: boolean;
  let value: unknown;
  try {
    if (!ok) throw result;
    if (!isObject(result)) throw notAnObjectResult(result);
    done = !!(result as IteratorResultLike).done;
    value = (result as IteratorResultLike).value;
  } catch (error) {
    ctx.asyncInner = ctx.asyncInnerNext = null;
    drive(ctx, THROW, error);
    return;
  }
  if (!done) {
    yieldValue(ctx, value); // handed on without a second await
    return;
  }
  ctx.asyncInner = ctx.asyncInnerNext = null;
  // A `return(v)` the inner iterator accepted ends the `yield*` with its value as it is: the
  // result was awaited already (Node, like the current spec, does not await the value again).
  drive(ctx, ctx.delegateMode === RETURN ? RETURN : NEXT, value);
}

/** AsyncGenerator.prototype.next/throw/return: a request with a promise, which it returns. */
function enqueue(ctx: AsyncGeneratorContext, mode: number, value: unknown): unknown {
  const promise = new NativePromise(capture);
  submit(ctx, { mode: mode, value: value, resolve: captured.resolve, reject: captured.reject, consumer: null, early: null, awaiting: false });
  return promise;
}

/** AsyncGeneratorEnqueue: queue the request, start it if the body is idle (settle it if done). */
function submit(ctx: AsyncGeneratorContext, request: Request): void {
  const mode = request.mode;
  const value = request.value;
  const status = ctx.status;
  if (mode === THROW && status === SUSPENDED_START) ctx.status = COMPLETED;
  if (ctx.status === COMPLETED && mode !== RETURN) {
    settleRequest(request, mode === THROW ? THROW : NORMAL, mode === THROW ? value : undefined, true);
    return;
  }
  const queue = ctx.queue;
  // An indexed store, not `push`: optimized code inlines it, and with it `enqueue` into the
  // request methods (for-await workload: 1.34x -> 1.27x native; the pipeline 1.32x -> 1.24x).
  queue[queue.length] = request;
  if (mode === RETURN && (status === SUSPENDED_START || status === COMPLETED)) {
    ctx.status = DRAINING;
    wait(ctx, AWAIT_RETURN, value);
  } else if (queue.length === 1 && (status === SUSPENDED_START || status === SUSPENDED_YIELD)) {
    if (mode === RETURN) {
      ctx.status = EXECUTING;
      wait(ctx, RETURN_VALUE, value);
    } else {
      drive(ctx, mode, value);
    }
  }
}

/**
 * `next()` from a `for await` loop of this runtime (await-next.ts), whose machine `consumer`
 * awaits the result at once: when the loop read the intrinsic `next` and the iterator is an async
 * generator of this copy of the runtime, the request carries the consumer instead of a promise,
 * which nothing else could see. Answers the settled promise of the result if the request settled
 * during the call, else REQUESTED (the consumer's callbacks are subscribed when it settles); and
 * undefined for any other iterator, whose `next` the loop then calls. (Copies of the runtime
 * share the generator objects' prototype and slot, realm.ts, but not their machinery.)
 *
 * Per item of a `for await`, that spares the request's promise, its two resolving functions and
 * the consumer's `then` on it (bench, back to back: for-await 1.40x native -> 1.02x, the pipeline
 * 1.36x -> 1.03x, the async-generator lexer 1.49x -> 1.15x).
 */
function directNext(consumer: Context, iterator: IteratorLike, next: IteratorLike["next"]): unknown {
  if (next !== asyncGeneratorNext) return undefined;
  const ctx = asyncGeneratorOf(iterator);
  if (!(ctx instanceof AsyncGeneratorContext)) return undefined;
  const request: Request = { mode: NEXT, value: undefined, resolve: null, reject: null, consumer: consumer as Context & Awaiting, early: null, awaiting: false };
  submit(ctx, request);
  if (request.early !== null) return request.early;
  request.awaiting = true;
  return REQUESTED;
}

/**
 * %AsyncGeneratorPrototype% and %AsyncGeneratorFunction.prototype%, shared by the realm (realm.ts).
 * The copy that makes them gives the shared methods' answer to a receiver that is not an async
 * generator: a promise rejected with the TypeError.
 */
const asyncGeneratorKind = asyncGeneratorKindWith(function (error: unknown) {
  return promiseReject.call(NativePromise, error);
});
export const AsyncGeneratorPrototype = asyncGeneratorKind.prototype;
const asyncGeneratorNext = AsyncGeneratorPrototype.next;
const AsyncGeneratorFunctionPrototype = asyncGeneratorKind.functionPrototype;
export const asyncGeneratorOf = asyncGeneratorKind.slot.get;
const attachAsyncGenerator = asyncGeneratorKind.slot.attach;

/** Makes `fn` an async generator function: its own `prototype` for its generator objects. */
export function markAsyncGenerator<F extends Function>(fn: F, name?: string | symbol): F {
  if (setPrototypeOf !== undefined) setPrototypeOf(fn, AsyncGeneratorFunctionPrototype);
  if (name !== undefined) setName(fn, name);
  giveInstancePrototype(fn, AsyncGeneratorPrototype);
  return fn;
}

/** Called by a lowered async generator function: its generator object, suspended at the start. */
export function asyncGenerator(fn: Function | null, self: unknown, body: Body, tries?: TryEntry[]): object {
  if (tries === undefined && arguments.length > 3) tableMissing();
  const ctx = new AsyncGeneratorContext(body, tries);
  // for await reaches async generators through this (await-next.ts), which an inline runtime
  // without a for await leaves out (undefined).
  if (directRequests !== undefined && directRequests.next === null) directRequests.next = directNext;
  const object = generatorObject(fn, self, AsyncGeneratorPrototype, asyncGeneratorOf);
  attachAsyncGenerator(object, ctx);
  keepWarm(fn, object);
  return object;
}
