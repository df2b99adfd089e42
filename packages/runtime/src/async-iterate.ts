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
import { asyncIteratorSymbol, iteratorSymbol, isObject } from "./symbols";
import { methodOrUndefined, notAFunction, notAnObjectResult, subjectOf } from "./iteration-errors";
import { iteratorFrom, IteratorLike, IteratorResultLike } from "./iterate";

import { PromiseImpl as NativePromise, PromiseLike, promiseThen, promiseResolve, promiseReject } from "./promise";
import { TypeError } from "./intrinsics";


/** CreateAsyncFromSyncIterator: each result's value is awaited before it is handed on. */
function AsyncFromSyncIterator(this: { sync: IteratorLike; syncNext: IteratorLike["next"] }, sync: IteratorLike) {
  this.sync = sync;
  this.syncNext = sync.next;
}

/** AsyncFromSyncIteratorContinuation: a promise of `{ value: await result.value, done }`. */
function continuation(result: unknown): PromiseLike {
  if (!isObject(result)) return promiseReject.call(NativePromise, notAnObjectResult(result));
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
    const next = this.syncNext;
    if (typeof next !== "function") throw notAFunction(next);
    result = arguments.length > 0 ? next.call(this.sync, value) : next.call(this.sync);
  } catch (error) {
    return promiseReject.call(NativePromise, error);
  }
  return continuation(result);
};
AsyncFromSyncIterator.prototype["return"] = function (this: { sync: IteratorLike }, value?: unknown) {
  let result: unknown;
  try {
    const method = methodOrUndefined(this.sync["return"]);
    if (method === undefined) return promiseResolve.call(NativePromise, { value: value, done: true });
    result = arguments.length > 0 ? method.call(this.sync, value) : method.call(this.sync);
  } catch (error) {
    return promiseReject.call(NativePromise, error);
  }
  return continuation(result);
};
AsyncFromSyncIterator.prototype["throw"] = function (this: { sync: IteratorLike }, error?: unknown) {
  let result: unknown;
  try {
    const method = methodOrUndefined(this.sync["throw"]);
    if (method === undefined) return promiseReject.call(NativePromise, error);
    result = method.call(this.sync, error);
  } catch (thrown) {
    return promiseReject.call(NativePromise, thrown);
  }
  return continuation(result);
};

/**
 * The TypeError of a value without a callable async or sync iterator method: the source's text
 * where V8 prints it ("v is not async iterable"), else the method it found ("undefined is not a
 * function": a `yield*` in an async generator, or a `||` as the iterable).
 */
function notAsyncIterable(method: unknown, text: string | undefined): TypeError {
  return text !== undefined ? new TypeError(subjectOf(text, true) + " is not async iterable") : notAFunction(method);
}

/** GetIterator(value, async), failing as V8 does (null and undefined: as a read of their Symbol.asyncIterator). */
export function asyncValues(iterable: unknown, text?: string): IteratorLike {
  if (iterable == null) throw new TypeError("Cannot read properties of " + iterable + " (reading 'Symbol(Symbol.asyncIterator)')");
  const method = (iterable as Record<string, unknown>)[asyncIteratorSymbol as string];
  if (method != null) {
    if (typeof method !== "function") throw notAsyncIterable(method, text);
    const iterator = method.call(iterable);
    if (!isObject(iterator)) throw new TypeError("Result of the Symbol.asyncIterator method is not an object");
    return iterator as IteratorLike;
  }
  // The sync iterator, its method read once here: its TypeError is worded for `for await`.
  const syncMethod = (iterable as Record<string, unknown>)[iteratorSymbol as string];
  const sync = iteratorFrom(iterable, syncMethod);
  if (sync === undefined) throw notAsyncIterable(syncMethod, text);
  return new (AsyncFromSyncIterator as unknown as new (sync: IteratorLike) => IteratorLike)(sync);
}

/** The awaited result of `next()` or `return()` in `for await`: it must be an object. */
export function asyncStep(result: unknown): IteratorResultLike {
  if (!isObject(result)) throw notAnObjectResult(result);
  return result as IteratorResultLike;
}
