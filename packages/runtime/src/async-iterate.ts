/**
 * The async iterator protocol, as `for await` and `yield*` in async generators use it.
 *
 * `asyncValues(x)` is the spec's GetIterator(x, async): `x[Symbol.asyncIterator]()`, or, for a
 * plain iterable, an async-from-sync iterator that awaits each value the sync iterator produces
 * (so `for await (const v of [p1, p2])` sees the values of the promises).
 *
 *     for await (const x of source) body
 *       becomes (for-of.ts)
 *     _iterator = _stepwise.asyncValues(source);
 *     ... _step = await _iterator.next(); if (_step.done) break; x = _step.value; body ...
 *     ... on break/return: await _stepwise.asyncClose(_iterator) ...
 */
import { asyncIteratorSymbol, isObject } from "./symbols";
import { values, IteratorLike, IteratorResultLike } from "./iterate";

import { PromiseImpl as NativePromise, PromiseLike, promiseThen, promiseResolve, promiseReject } from "./promise";
import { toText, TypeError } from "./intrinsics";


/** CreateAsyncFromSyncIterator: each result's value is awaited before it is handed on. */
function AsyncFromSyncIterator(this: { sync: IteratorLike; syncNext: IteratorLike["next"] }, sync: IteratorLike) {
  this.sync = sync;
  this.syncNext = sync.next;
}

/** AsyncFromSyncIteratorContinuation: a promise of `{ value: await result.value, done }`. */
function continuation(result: unknown): PromiseLike {
  if (!isObject(result)) return promiseReject.call(NativePromise, new TypeError("Iterator result " + toText(result) + " is not an object"));
  const done = !!(result as IteratorResultLike).done;
  let wrapper: PromiseLike;
  try {
    wrapper = promiseResolve.call(NativePromise, (result as IteratorResultLike).value);
  } catch (error) {
    return promiseReject.call(NativePromise, error);
  }
  // The `then` captured at load time, as the spec's PerformPromiseThen (not a patched one).
  return promiseThen.call(wrapper, function (value) {
    return { value: value, done: done };
  });
}

AsyncFromSyncIterator.prototype.next = function (this: { sync: IteratorLike; syncNext: IteratorLike["next"] }, value?: unknown) {
  let result: unknown;
  try {
    result = arguments.length > 0 ? this.syncNext.call(this.sync, value) : this.syncNext.call(this.sync);
  } catch (error) {
    return promiseReject.call(NativePromise, error);
  }
  return continuation(result);
};
AsyncFromSyncIterator.prototype["return"] = function (this: { sync: IteratorLike }, value?: unknown) {
  let result: unknown;
  try {
    const method = this.sync["return"];
    if (method == null) return promiseResolve.call(NativePromise, { value: value, done: true });
    result = arguments.length > 0 ? method.call(this.sync, value) : method.call(this.sync);
  } catch (error) {
    return promiseReject.call(NativePromise, error);
  }
  return continuation(result);
};
AsyncFromSyncIterator.prototype["throw"] = function (this: { sync: IteratorLike }, error?: unknown) {
  let result: unknown;
  try {
    const method = this.sync["throw"];
    if (method == null) return promiseReject.call(NativePromise, error);
    result = method.call(this.sync, error);
  } catch (thrown) {
    return promiseReject.call(NativePromise, thrown);
  }
  return continuation(result);
};

/** GetIterator(value, async). */
export function asyncValues(iterable: unknown): IteratorLike {
  if (iterable != null) {
    const method = (iterable as Record<string, unknown>)[asyncIteratorSymbol as string];
    if (method != null) {
      if (typeof method !== "function") throw new TypeError("Symbol.asyncIterator is not a function");
      const iterator = method.call(iterable);
      if (!isObject(iterator)) throw new TypeError("Result of the Symbol.asyncIterator method is not an object");
      return iterator as IteratorLike;
    }
  }
  const sync = values(iterable);
  return new (AsyncFromSyncIterator as unknown as new (sync: IteratorLike) => IteratorLike)(sync);
}

/** The awaited result of `next()` or `return()` in `for await`: it must be an object. */
export function asyncStep(result: unknown): IteratorResultLike {
  if (!isObject(result)) throw new TypeError("Iterator result " + toText(result) + " is not an object");
  return result as IteratorResultLike;
}
