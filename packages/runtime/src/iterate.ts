/**
 * The iterator protocol, as `for-of`, spread, destructuring and `yield*` use it.
 *
 * Lowered code cannot write `for (x of list)` (ES5 has no such loop), so it asks the runtime:
 *
 *     for (const x of list) f(x);
 *       becomes
 *     _it = _stepwise.values(list);
 *     _next = _it.next;
 *     while (!(_step = _stepwise.step(_it, _next)).done) { x = _step.value; f(x); }
 *
 * `values` finds the iterator the way the spec's GetIterator does (`list[Symbol.iterator]()`), also
 * for arrays: a replaced `Array.prototype[Symbol.iterator]` is called, a deleted one is a
 * TypeError. Only on engines whose arrays had no iterator method when the runtime loaded (no
 * Symbol, no polyfill) does it fall back to `"@@iterator"` and then to walking array-likes (arrays,
 * strings by code point, `arguments`) by index. `close` is the spec's IteratorClose: the loop calls
 * it when it is left early, so a generator being iterated gets to run its `finally` blocks.
 */
import { iteratorSymbol, isObject } from "./symbols";
import { TypeError } from "./intrinsics";
import { arrayLikeIterator } from "./fallback-symbol";
import { notAFunction, notAnObjectResult, notIterable, methodOrUndefined, NOT_ITERABLE_DESCRIBED } from "./iteration-errors";

export interface IteratorLike {
  next(value?: unknown): IteratorResultLike;
  ["return"]?: (value?: unknown) => IteratorResultLike;
  ["throw"]?: (error?: unknown) => IteratorResultLike;
}
export interface IteratorResultLike {
  value: unknown;
  done?: boolean;
}


/**
 * GetIterator(value, sync): the iterator `for-of` and `yield*` walk. `text` is the source's text
 * for the value where V8 prints it in the TypeError ("v is not iterable"; iteration-errors.ts).
 */
export function values(iterable: unknown, text?: string): IteratorLike {
  const iterator = iteratorOf(iterable);
  if (iterator === undefined) throw notIterable(iterable, text);
  return iterator;
}

/** GetIterator without its TypeError: undefined when the value has no iterator method. */
function iteratorOf(iterable: unknown): IteratorLike | undefined {
  return iterable != null ? iteratorFrom(iterable, (iterable as Record<string | symbol, unknown>)[iteratorSymbol as string]) : undefined;
}

/**
 * The iterator that `method`, the value's Symbol.iterator (read once by the caller), makes; undefined
 * when it is not callable, but on engines that walk array-likes without one (fallback-symbol.ts,
 * only in builds for them).
 */
export function iteratorFrom(iterable: unknown, method: unknown): IteratorLike | undefined {
  if (typeof method === "function") {
    const iterator = method.call(iterable);
    if (!isObject(iterator)) throw new TypeError("Result of the Symbol.iterator method is not an object");
    return iterator as IteratorLike;
  }
  return method == null && arrayLikeIterator !== undefined ? arrayLikeIterator(iterable) : undefined;
}

/**
 * IteratorStep: calls `next()` and insists on an object result, as the spec does. A loop passes
 * the `next` method it read once when it started (the spec's iterator record); one that is not
 * callable fails as V8 words it ("number 5 is not a function").
 */
export function step(iterator: IteratorLike, next: IteratorLike["next"]): IteratorResultLike {
  if (typeof next !== "function") throw notAFunction(next);
  const result = next.call(iterator);
  if (!isObject(result)) throw notAnObjectResult(result);
  return result;
}

/**
 * IteratorClose after a `break` or `return` left the loop: errors from `return()` propagate, and
 * `return()` must give an object.
 */
export function close(iterator: IteratorLike): void {
  const method = methodOrUndefined(iterator["return"]);
  if (method === undefined) return;
  const result = method.call(iterator);
  if (!isObject(result)) throw notAnObjectResult(result);
}

/**
 * IteratorClose while an exception is already leaving the loop: the original exception wins, so
 * whatever `return()` does (throw, or give a non-object) is ignored.
 */
export function closeQuietly(iterator: IteratorLike): void {
  try {
    const method = iterator["return"];
    if (method != null) method.call(iterator);
  } catch (_ignored) {
    // The exception that is already propagating takes precedence (spec: IteratorClose step 5).
  }
}

/**
 * `[...iterable]`: spread elements and arguments become plain arrays before a suspension. `text`
 * is the source's text for the spread value where V8 prints it; for a call's spread argument,
 * `callee` is the callee's text, which V8 words apart for the single last one, and "" for the
 * others (V8 calls through Function.prototype.apply then; `text` is a call's callee, printed in
 * the described form):
 *
 *     f(a, ...v)     v = undefined    "v is not iterable (cannot read property undefined)"
 *                    v = 5            "Spread syntax requires ...iterable[Symbol.iterator] to be a function"
 *                    v's next = 5     "f is not a function"
 *     f(...t(), a)   t() = 5          "t is not iterable (cannot read property Symbol(Symbol.iterator))"
 */
export function toArray(iterable: unknown, text?: string, callee?: string): unknown[] {
  const iterator = iteratorOf(iterable);
  if (iterator === undefined) {
    if (callee === undefined) throw notIterable(iterable, text);
    if (callee === "") throw new TypeError(text + NOT_ITERABLE_DESCRIBED);
    throw new TypeError(
      iterable == null ? text + " is not iterable (cannot read property " + iterable + ")" : "Spread syntax requires ...iterable[Symbol.iterator] to be a function",
    );
  }
  const next = iterator.next; // read once (the spec's iterator record)
  if (typeof next !== "function") {
    throw callee ? new TypeError(callee + " is not a function") : text !== undefined && callee === undefined ? notIterable(iterable, text) : notAFunction(next);
  }
  const out: unknown[] = [];
  for (;;) {
    const result = step(iterator, next);
    if (result.done) return out;
    out.push(result.value);
  }
}

/**
 * An iterator being destructured (the spec's iterator record: the iterator, its `next` method read
 * once, and whether it is done).
 */
interface Unpacking {
  iterator: IteratorLike;
  next: IteratorLike["next"];
  done: boolean;
}

/** Array destructuring starts: `[a, b] = value` takes items from value's iterator one by one. */
export function unpack(iterable: unknown, text?: string): Unpacking {
  const iterator = values(iterable, text);
  return { iterator: iterator, next: iterator.next, done: false };
}

/**
 * The next item for a pattern element (`undefined` once the iterator is exhausted): IteratorStep
 * and IteratorValue, after which an exception from next() or `.value` leaves the iterator as done
 * (not closed).
 */
export function unpackNext(record: Unpacking): unknown {
  if (record.done) return undefined;
  record.done = true;
  const result = step(record.iterator, record.next);
  if (result.done) return undefined;
  const value = result.value;
  record.done = false;
  return value;
}

/**
 * An elision (`[a, , b]`): IteratorStep without IteratorValue, so the hole's `value` is never read
 * (a getter there does not run), as natively.
 */
export function unpackSkip(record: Unpacking): void {
  if (record.done) return;
  record.done = true;
  if (!step(record.iterator, record.next).done) record.done = false;
}

/** `...rest`: every remaining item. */
export function unpackRest(record: Unpacking): unknown[] {
  const out: unknown[] = [];
  for (;;) {
    const value = unpackNext(record);
    if (record.done) return out;
    out.push(value);
  }
}

/**
 * The pattern is done, or a `return` leaves it (a generator's return() while suspended in a
 * default): close the iterator if it is not done (IteratorClose; errors from `return()` propagate).
 */
export function unpackEnd(record: Unpacking): void {
  if (!record.done) {
    record.done = true;
    close(record.iterator);
  }
}

/**
 * A default, a target or a nested pattern threw (or a generator's throw() arrived while suspended
 * in the pattern): close the iterator if it is not done, the exception already thrown winning over
 * anything `return()` does (IteratorClose with a throw completion). The caller rethrows.
 */
export function unpackAbort(record: Unpacking): void {
  if (!record.done) {
    record.done = true;
    closeQuietly(record.iterator);
  }
}
