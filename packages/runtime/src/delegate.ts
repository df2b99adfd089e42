/**
 * `yield*` in generators, with a flat stack. Only files whose machines call `_ctx.delegate` carry
 * this module with `runtime: "inline"` (its key is "verb:delegate", scripts/bundle.mjs): the
 * machine reaches `drive` only once `delegate` has set `inner`.
 *
 * `yield* iterable` passes every `next`/`throw`/`return` to the iterable's iterator until it is
 * done, and evaluates to its result. Between Stepwise generators it does not nest calls: when the
 * machine delegates to one of our own generators, `runInner` answers DESCEND and the request
 * continues in the inner machine, in `drive`'s loop, with `parent` remembering the way back. A
 * completed inner machine hands its result to its parent in the same loop. The stack stays flat
 * however deep the `yield*` chain is; a yielded result is passed up unchanged, as calling the inner
 * generator's `next` would (only the innermost `yield*` reads its `done`, where natively each level
 * reads it again: README, Limits).
 */
import { run, Context } from "./machine";
import { NEXT, THROW, RETURN, EXECUTING, COMPLETED, SUSPENDED_START, SUSPENDED_YIELD, AGAIN } from "./constants";
import { values, IteratorResultLike } from "./iterate";
import { TypeError } from "./intrinsics";
import { getMethod, methodOrUndefined, notAFunction, notAnObjectResult } from "./iteration-errors";
import { generatorKind } from "./realm";

/** Returned by `runInner` when the `yield*` target is another Stepwise generator: descend into it. */
const DESCEND = {};

/**
 * `yield* iterable` in a generator: pass every request through to its iterator until it is done,
 * then resume. What is not iterable is described by its value, as V8 does for a name
 * ("number 5 is not iterable (cannot read property Symbol(Symbol.iterator))").
 */
export function delegate(this: Context, iterable: unknown, resume: number): unknown {
  // GetIterator, `next` included, before anything changes: if either throws (a `next` getter),
  // the error is thrown at the `yield*`, with no delegation under way.
  const inner = values(iterable);
  const next = inner.next;
  // The first request calls `next` at once (drive), and it is the same value for the whole
  // delegation: one that is not callable fails here, so that runInner's calls need no check.
  if (typeof next !== "function") throw notAFunction(next);
  this.state = resume;
  this.inner = inner;
  this.innerNext = next;
  return AGAIN;
}

/** The TypeError of a `yield*` whose iterator gets a throw() it has no method for (V8's words). */
export const NO_THROW_METHOD = "The iterator does not provide a 'throw' method.";

/**
 * IteratorClose of a `yield*` target on the way to the TypeError above: its `return()`, whose
 * errors (and a result that is not an object) take the TypeError's place.
 */
function closeInner(inner: unknown): void {
  const method = getMethod(inner, "return");
  if (method === undefined) return;
  const result = method.call(inner);
  if ((typeof result !== "object" || result === null) && typeof result !== "function") {
    throw notAnObjectResult(result);
  }
}

// Handed from `runInner` to `drive` as soon as it returns (so they need no field in every machine):
// the request to pass down when it answers DESCEND, and whether its answer is an inner iterator's
// result object to hand out as it is.
let descendMode = NEXT;
let descendArg: unknown = undefined;
let delegated = false;

/**
 * `run` with a `yield*` under way: the request goes to the inner iterator first; only its final
 * result comes back to the body. Answers DESCEND when the inner iterator is another Stepwise
 * generator, which `drive` then runs itself.
 */
function runInner(ctx: Context, mode: number, arg: unknown): unknown {
  for (;;) {
    if (ctx.inner !== null) {
      const inner = ctx.inner;
      // The inner iterator's method for this request, read once (a getter runs once, as natively):
      // both the check for one of our own generators and the call use this value.
      const requested = mode === NEXT ? ctx.innerNext : (inner as unknown as Record<string, unknown>)[mode === THROW ? "throw" : "return"];
      if (isOwnGenerator(ctx, mode, requested)) {
        // Hand the request as it stands now (the body may have started this yield* just now).
        descendMode = mode;
        descendArg = arg;
        return DESCEND;
      }
      let result: IteratorResultLike;
      try {
        if (mode === NEXT) {
          result = ctx.innerNext!.call(inner, arg);
        } else {
          const method = methodOrUndefined(requested);
          if (method === undefined) {
            ctx.inner = ctx.innerNext = null;
            if (mode === THROW) {
              // The inner iterator cannot take the exception: close it, then complain (spec: yield*).
              closeInner(inner);
              throw new TypeError(NO_THROW_METHOD);
            }
            continue; // return(arg) goes on to the delegating generator itself
          }
          result = method.call(inner, arg);
        }
        if ((typeof result !== "object" || result === null) && typeof result !== "function") {
          throw notAnObjectResult(result);
        }
        if (!result.done) {
          delegated = true;
          return result; // re-yielded as it is, not copied (GeneratorYield(innerResult))
        }
        ctx.inner = ctx.innerNext = null;
        arg = result.value;
        if (mode !== RETURN) mode = NEXT;
      } catch (error) {
        ctx.inner = ctx.innerNext = null;
        mode = THROW;
        arg = error;
      }
    }
    const value = run(ctx, mode, arg);
    if (value !== AGAIN) return value; // AGAIN: the body has started another yield*
    mode = NEXT;
    arg = undefined;
  }
}

/** The shared generator methods, to recognise a `yield*` target whose methods are still those. */
const generatorNext = generatorKind.prototype.next;
const generatorThrow = generatorKind.prototype["throw"];
const generatorReturn = generatorKind.prototype["return"];
const generatorOf = generatorKind.slot.get;

/**
 * Is the `yield*` target another Stepwise generator of this copy of the runtime, whose method for
 * this request (read once, by the caller) is still the shared one? Then `drive` can run it directly instead of calling it.
 */
function isOwnGenerator(ctx: Context, mode: number, method: unknown): boolean {
  if (method !== (mode === NEXT ? generatorNext : mode === THROW ? generatorThrow : generatorReturn)) return false;
  const inner = ctx.inner;
  // A machine of this copy of the runtime, like the delegating one (another copy's generators are
  // called like any iterator): every machine's `constructor` is its copy's Context (inherited).
  // Not `getPrototypeOf(innerCtx) === getPrototypeOf(ctx)`: that call through the captured
  // intrinsic was 17% of the recursive yield* workload's time (37 ms against 24 ms).
  const innerCtx = generatorOf(inner);
  return innerCtx !== undefined && (innerCtx as Context).constructor === ctx.constructor;
}

/**
 * One request (`next`, `throw`, `return`) of a generator whose `yield*` is under way (or has just
 * started): the loop that runs the chain of delegating machines, until the top one yields or the
 * bottom one completes.
 */
export function drive(ctx: Context, mode: number, arg: unknown): IteratorResultLike {
  ctx.parent = null;
  let top = ctx;
  for (;;) {
    let value: unknown;
    try {
      value = runInner(top, mode, arg);
    } catch (error) {
      top.status = COMPLETED;
      if (top === ctx) throw error;
      // The inner generator threw: its delegator receives the exception at its `yield*`.
      top = top.parent!;
      top.inner = top.innerNext = null;
      mode = THROW;
      arg = error;
      continue;
    }
    if (value === DESCEND) {
      mode = descendMode;
      arg = descendArg;
      descendArg = undefined;
      const inner = generatorOf(top.inner) as Context;
      // The checks the inner generator's own next/throw/return would make.
      if (inner.status === EXECUTING) {
        top.inner = top.innerNext = null;
        mode = THROW;
        arg = new TypeError("Generator is already running");
        continue;
      }
      if (inner.status === SUSPENDED_START && mode !== NEXT) inner.status = COMPLETED;
      if (inner.status === COMPLETED) {
        top.inner = top.innerNext = null;
        if (mode === NEXT) arg = undefined; // { value: undefined, done: true }; throw/return pass through
        continue;
      }
      inner.status = EXECUTING;
      inner.parent = top;
      inner.request = mode;
      top = inner;
      continue;
    }
    if (top.status === COMPLETED) {
      if (top === ctx) return { value: value, done: true };
      // The inner generator is done: `yield*` evaluates to its value (or returns it, for return()).
      mode = top.request === RETURN ? RETURN : NEXT;
      top = top.parent!;
      top.inner = top.innerNext = null;
      arg = value;
      continue;
    }
    let result: IteratorResultLike;
    if (delegated) {
      delegated = false;
      result = value as IteratorResultLike;
    } else {
      result = { value: value, done: false };
    }
    for (let level: Context | null = top; level !== null; level = level.parent) level.status = SUSPENDED_YIELD;
    return result;
  }
}
