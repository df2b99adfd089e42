/**
 * Generator objects: what `next`/`throw`/`return` talk to, on the machine of machine.ts.
 *
 *     _stepwise.mark(count);                    count's prototype chain: %GeneratorFunction.prototype%
 *     function count() {
 *       return _stepwise.generator(count, this, function (_ctx) { ... });
 *     }                                         a generator object, its machine in the kind's slot
 *
 * The object's methods are the realm's shared ones (realm.ts): they find the machine and call its
 * `onNext`/`onThrow`/`onReturn`, here. The common step, a `next(v)` at a `yield`, runs the body
 * directly (`runBody`); everything else goes through `resume`, which checks the generator's state
 * as the spec does. A `yield*` under way is delegate.ts's (`drive`), which a file without `yield*`
 * does not carry; nor one without try tables the router (tries.ts).
 */
import { Context, Body, TryEntry, inherit, idleBody } from "./machine";
import { SUSPENDED_START, SUSPENDED_YIELD, EXECUTING, COMPLETED, NEXT, THROW, RETURN, AGAIN } from "./constants";
import { route, tableMissing } from "./tries";
import { delegate, drive } from "./delegate";
import type { IteratorResultLike } from "./iterate";
import { keepWarm } from "./keep-alive";
import { create, setPrototypeOf, TypeError } from "./intrinsics";
import { defineData } from "./symbols";
import { generatorKind, setName, GeneratorMachine } from "./realm";

/** The machine of a generator object: a Context that answers the shared methods. */
export interface GeneratorContext extends Context, GeneratorMachine {}
interface GeneratorContextConstructor {
  new (body: Body, tries: TryEntry[] | undefined): GeneratorContext;
  prototype: GeneratorContext;
  /** Keeps the shape of these machines alive (keep-alive.ts). */
  keptAlive: GeneratorContext;
}

export const GeneratorContext = function GeneratorContext(this: GeneratorContext, body: Body, tries: TryEntry[] | undefined) {
  // Context's fields, written out (machine.ts, `Context`, says why).
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
} as unknown as GeneratorContextConstructor;
inherit(GeneratorContext, Context);

/** A generator object's `next(value)`. */
GeneratorContext.prototype.onNext = function (this: GeneratorContext, value: unknown): unknown {
  if (this.inner !== null || (this.status !== SUSPENDED_YIELD && this.status !== SUSPENDED_START)) return resume(this, NEXT, value);
  this.status = EXECUTING;
  this.sent = value;
  return runBody(this);
};
/** A generator object's `throw(error)`. */
GeneratorContext.prototype.onThrow = function (this: GeneratorContext, error: unknown): unknown {
  return resume(this, THROW, error);
};
/** A generator object's `return(value)`. */
GeneratorContext.prototype.onReturn = function (this: GeneratorContext, value: unknown): unknown {
  return resume(this, RETURN, value);
};
// `yield*`: a body calls it only if its function has one, and a file without one carries none of
// delegate.ts (it is undefined here then).
GeneratorContext.prototype.delegate = delegate;
GeneratorContext.keptAlive = new GeneratorContext(idleBody, undefined);

/**
 * A generator's `next`/`throw`/`return`, from any state: the spec's checks (running: TypeError;
 * not started or completed: done at once), then the request — a `yield*` under way takes it
 * (delegate.ts); an abrupt one goes to the catch or finally blocks around the current state, and
 * completes the generator when there are none (what `for-of`'s `break` usually meets).
 */
function resume(ctx: GeneratorContext, mode: number, arg: unknown): IteratorResultLike {
  const status = ctx.status;
  if (status === EXECUTING) throw new TypeError("Generator is already running");
  if (status === SUSPENDED_START && mode !== NEXT) ctx.status = COMPLETED;
  if (ctx.status === COMPLETED) {
    if (mode === THROW) throw arg;
    return { value: mode === RETURN ? arg : undefined, done: true };
  }
  ctx.status = EXECUTING;
  if (ctx.inner !== null) return drive(ctx, mode, arg);
  if (mode === NEXT) {
    ctx.sent = arg;
  } else if (!(ctx.tries !== undefined && route(ctx, mode, arg))) {
    ctx.status = COMPLETED;
    if (mode === THROW) throw arg;
    return { value: arg, done: true };
  }
  return runBody(ctx);
}

/**
 * Runs the executing body from its state until it yields or completes. The body returns AGAIN
 * when it must be entered again at a new state (the end of a finally block, a routed jump or
 * `raise`) or has started a `yield*`; a `throw` from it goes to its catch or finally block; one
 * that nothing catches completes the generator.
 */
function runBody(ctx: GeneratorContext): IteratorResultLike {
  let result: unknown;
  for (;;) {
    try {
      result = (0, ctx.body)(ctx);
      while (result === AGAIN && ctx.inner === null) {
        ctx.sent = undefined;
        result = (0, ctx.body)(ctx);
      }
      break;
    } catch (error) {
      if (!(ctx.tries !== undefined && route(ctx, THROW, error))) {
        ctx.status = COMPLETED;
        throw error;
      }
    }
  }
  if (result === AGAIN) return drive(ctx, NEXT, undefined); // a yield* has started
  if (ctx.status === COMPLETED) return { value: result, done: true };
  ctx.status = SUSPENDED_YIELD;
  return { value: result, done: false };
}

/** %GeneratorPrototype%, shared by the realm (realm.ts). */
export const GeneratorPrototype = generatorKind.prototype;

/**
 * Makes `fn` a generator function: its own `prototype`, where its generator objects inherit from
 * (so `g instanceof fn` holds), and, where the engine allows, `fn` itself inherits from
 * %GeneratorFunction.prototype% (so `fn.constructor.name === "GeneratorFunction"`). `name`: the
 * name the function should have, or the property key that names it (a computed key, evaluated).
 */
export function mark<F extends Function>(fn: F, name?: string | symbol): F {
  if (setPrototypeOf !== undefined) setPrototypeOf(fn, generatorKind.functionPrototype);
  if (name !== undefined) setName(fn, name);
  giveInstancePrototype(fn, generatorKind.prototype);
  return fn;
}

/**
 * Gives a generator (or async generator) function `fn` its own `prototype`, inheriting from
 * `instances`, as the spec does for every generator function: writable, not enumerable, not
 * configurable.
 */
export function giveInstancePrototype(fn: Function, instances: object): void {
  defineData(fn, "prototype", create(instances), true, false);
}

/**
 * Called by a lowered generator function with itself (or null for methods), its `this`, its body
 * and its try table (when it has one): creates the generator object, suspended at its start.
 */
export function generator(fn: Function | null, self: unknown, body: Body, tries?: TryEntry[]): object {
  if (tries === undefined && arguments.length > 3) tableMissing();
  const ctx = new GeneratorContext(body, tries);
  const object = generatorObject(fn, self, generatorKind.prototype, generatorKind.slot.get);
  generatorKind.slot.attach(object, ctx);
  keepWarm(fn, object);
  return object;
}

/**
 * The object a generator (or async generator) function call returns: it inherits from
 * `fn.prototype` (from `fallback` when that is not an object, as the spec's
 * OrdinaryCreateFromConstructor does), and `new fn()` throws, as generator functions are not
 * constructors. (A call with a `this` that inherits from `fn.prototype` is `new` unless that `this`
 * is a generator object itself: `it.method = fn; it.method()`.) The caller attaches the machine
 * (realm.ts's slots keep it out of reach of the program) and keeps the object as `fn`'s latest
 * (keep-alive.ts), so that its shape outlives a full collection.
 */
export function generatorObject(fn: Function | null, self: unknown, fallback: object, machineOf: (object: unknown) => unknown): object {
  const proto = fn !== null ? fn.prototype : undefined;
  const hasPrototype = (typeof proto === "object" && proto !== null) || typeof proto === "function";
  // A plain call's `this` is undefined (strict code) or the global object: testing for it first
  // spares strict calls the `instanceof` (2% of the early-return workload's time).
  if (self != null && hasPrototype && self instanceof fn! && machineOf(self) === undefined) {
    throw new TypeError(((fn as { name?: string }).name || "anonymous") + " is not a constructor");
  }
  return create(hasPrototype ? proto : fallback);
}
