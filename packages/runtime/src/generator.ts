/**
 * The generator machine: the object `next`/`throw`/`return` talk to, and the loop that re-enters a
 * lowered generator body.
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
 * Each call of `next(v)` stores `v` in `sent` and calls the body once; the body runs from
 * `state` until it reaches a verb that suspends (`yield`, `delegate`) or ends (`finish`).
 *
 * Exceptions and `finally`. A `try` statement whose blocks contain a `yield` cannot stay a native
 * `try` (a case cannot start inside one), so the plugin describes it in a table instead: the case
 * numbers where its `try`, `catch` and `finally` blocks start and where it ends. The cases are
 * numbered in source order, so "is case 5 inside this try block?" is a range check. When the body
 * throws, the loop here catches the exception and `route`s it: to the innermost `catch` whose try
 * block holds the current state, or to a `finally` after recording the exception as that finally's
 * pending completion. `return` and `break`/`continue` that cross a `finally` are routed the same
 * way, and `endFinally(i)` at the end of finally block `i` resumes whatever was pending.
 */
import { values, IteratorLike, IteratorResultLike } from "./iterate";
import { keepWarm } from "./keep-alive";
import { create, defineProperty, setPrototypeOf, ArrayConstructor, toText, TypeError, Error } from "./intrinsics";
import { realm, setName, GeneratorMachine } from "./realm";

/** One row of a generator's try table: the case where each part starts (0: the part is absent). */
export interface TryEntry {
  ["try"]: number;
  ["catch"]: number;
  ["finally"]: number;
  end: number;
}

// The spec's generator states (GeneratorState).
const SUSPENDED_START = 0;
const SUSPENDED_YIELD = 1;
const EXECUTING = 2;
const COMPLETED = 3;

// What a resumption asks for, and the kinds of abrupt completion `route` carries.
const NEXT = 0;
const THROW = 1;
const RETURN = 2;
const JUMP = 3;

/** Returned by a verb when the body must be entered again at the (new) `state`. */
const AGAIN = {};
/** Returned by `await`: the driver must wait for `awaited` to settle, then resume. */
const AWAIT = {};
/** Returned by `yield*` in an async generator: the driver delegates to `awaited` (an iterable). */
const DELEGATE = {};
/** Returned by `run` when the `yield*` target is another Stepwise generator: resume descends into it. */
const DESCEND = {};

export type Body = (ctx: Context) => unknown;

/**
 * Everything a suspended generator needs to continue. One per generator object (async functions
 * and async generators add their own fields in async.ts and async-generator.ts); nothing is
 * allocated per step except the `{ value, done }` result. It is kept small on purpose: it is
 * allocated at every call, and its size is most of what a call costs the garbage collector.
 */
export class Context implements GeneratorMachine {
  /**
   * One machine kept alive as long as the runtime is, so that the engine keeps the shape (hidden
   * class) all machines share: V8 drops a shape no live object has at a full garbage collection,
   * and code optimized for it (each `_ctx.finish`, `_ctx.yield` call site of the bodies) then
   * deoptimizes the next time it runs — in a program that is idle between bursts of calls, again
   * and again (measured: an await loop run after a full collection deoptimized every time).
   */
  static keptAlive: Context;
  /** The case the body runs next; while it runs, a case in the same try region as the current one. */
  state = 0;
  /** The value `next(v)` sent in; read by the case that follows a `yield`. */
  sent: unknown = undefined;
  /** The exception being delivered to a `catch` block. */
  caught: unknown = undefined;
  /** SUSPENDED_START, SUSPENDED_YIELD, EXECUTING or COMPLETED. */
  status = SUSPENDED_START;
  /** The iterator a `yield*` is delegating to, and its `next` method (read once, as the spec says). */
  inner: IteratorLike | null = null;
  innerNext: IteratorLike["next"] | null = null;
  /** While a request runs down a chain of `yield*` between Stepwise generators: the delegator. */
  parent: Context | null = null;
  /**
   * The completions waiting for the try table rows' `finally` blocks, two slots per row: its
   * kind (THROW, RETURN or JUMP; undefined when nothing waits) and its value. Created on first use.
   */
  pending: unknown[] | null = null;
  /** `await` (async functions and generators): the value waited for, until the driver takes it. */
  awaited: unknown = undefined;
  /**
   * While a request runs down a chain of `yield*` between Stepwise generators: the request
   * (NEXT, THROW or RETURN) the delegator handed down to this generator. When this generator
   * completes, it decides how the delegator's `yield*` ends (a return() stays a return, whatever
   * this generator ran on the way, e.g. a `yield*` of its own in a finally block).
   */
  request = NEXT;

  constructor(
    /** The lowered body: one call runs cases until the generator suspends or ends. */
    public body: Body,
    /** The try table, one row per `try` statement that holds a suspension, in source order. */
    public tries: TryEntry[] | undefined
  ) {}

  /** A generator object's `next(value)` (the realm's shared method finds the machine and calls this). */
  onNext(value: unknown): unknown {
    if (this.inner !== null || (this.status !== SUSPENDED_YIELD && this.status !== SUSPENDED_START)) return resume(this, NEXT, value);
    this.status = EXECUTING;
    this.sent = value;
    return runBody(this);
  }

  /** A generator object's `throw(error)`. */
  onThrow(error: unknown): unknown {
    return abrupt(this, THROW, error);
  }

  /** A generator object's `return(value)`. */
  onReturn(value: unknown): unknown {
    return abrupt(this, RETURN, value);
  }

  /** `yield value`: hand `value` out and resume at case `resume`. */
  ["yield"](value: unknown, resume: number): unknown {
    this.state = resume;
    return value;
  }

  /** `yield* iterable`: pass every request through to its iterator until it is done, then resume. */
  delegate(iterable: unknown, resume: number): unknown {
    const inner = values(iterable);
    this.state = resume;
    this.inner = inner;
    this.innerNext = inner.next;
    return AGAIN;
  }

  /** `await value`: suspend until `value` settles; resume at case `resume` with its result. */
  ["await"](value: unknown, resume: number): unknown {
    this.state = resume;
    this.awaited = value;
    return AWAIT;
  }

  /**
   * `throw value` from the body's own code (not inside a native `try` or a nested function): sent
   * to its catch or finally block without a JavaScript exception, which costs the engine far more
   * than a jump; with no handler in the way, it is thrown for real.
   */
  raise(value: unknown): unknown {
    if (route(this, THROW, value)) return AGAIN;
    throw value;
  }

  /** `return value`: run the `finally` blocks around the current state, then complete. */
  finish(value?: unknown): unknown {
    if (route(this, RETURN, value)) return AGAIN;
    this.status = COMPLETED;
    return value;
  }

  /** `break`/`continue` that leaves a `finally`-guarded block: run the finally blocks on the way. */
  jump(target: number): void {
    if (!route(this, JUMP, target)) this.state = target;
  }

  /** The end of try table row `index`'s finally block: carry on with what was pending before it. */
  endFinally(index: number): unknown {
    const pending = this.pending;
    this.state = this.tries![index].end;
    const type = pending === null ? undefined : pending[2 * index];
    if (type === undefined) return AGAIN;
    const value = pending![2 * index + 1];
    pending![2 * index] = pending![2 * index + 1] = undefined;
    if (type === THROW) throw value;
    if (type === JUMP) {
      this.jump(value as number);
      return AGAIN;
    }
    return this.finish(value);
  }
}

/** The body of the machines kept alive for their shape: never run. */
export function idleBody(): unknown {
  return undefined;
}
Context.keptAlive = new Context(idleBody, undefined);

/**
 * Sends an abrupt completion (an exception, a return, a jump to case `value`) from the current
 * state to the innermost `catch` or `finally` that must see it. Returns false when no handler
 * stands in the way: the completion leaves the try statements (or the function).
 */
function route(ctx: Context, type: number, value: unknown): boolean {
  const tries = ctx.tries;
  if (tries === undefined) return false;
  const at = ctx.state;
  for (let i = tries.length - 1; i >= 0; i--) {
    const entry = tries[i];
    if (at < entry["try"] || at >= entry.end) continue; // not inside this try statement
    if (type === JUMP && (value as number) >= entry["try"] && (value as number) < entry.end) continue; // stays inside it
    const catchAt = entry["catch"];
    const finallyAt = entry["finally"];
    if (type === THROW && catchAt !== 0 && at < catchAt) {
      ctx.state = catchAt;
      ctx.caught = value;
      return true;
    }
    if (finallyAt !== 0) {
      const pending = ctx.pending || (ctx.pending = newPending(tries.length));
      if (at < finallyAt) {
        pending[2 * i] = type;
        pending[2 * i + 1] = value;
        ctx.state = finallyAt;
        return true;
      }
      // Leaving a finally block abruptly discards the completion it was holding.
      pending[2 * i] = pending[2 * i + 1] = undefined;
    }
  }
  return false;
}

/**
 * The pending-completion slots for a try table of `rows` rows, at their final length: an empty
 * array grown by its first store would reserve room for 17 elements, and early `return()` through
 * a `finally` (closing a `for-of`) makes one of these per generator.
 */
function newPending(rows: number): unknown[] {
  const pending = new ArrayConstructor<unknown>(2 * rows);
  for (let i = 0; i < pending.length; i++) pending[i] = undefined;
  return pending;
}

// Handed from `run` to `drive` as soon as `run` returns (so they need no field in every Context):
// the request to pass down when `run` answers DESCEND, and whether its answer is an inner
// iterator's result object to hand out as it is.
let descendMode = NEXT;
let descendArg: unknown = undefined;
let delegated = false;

/**
 * Runs the body for one request (`next(arg)`, `throw(arg)` or `return(arg)` at the current
 * state) until it suspends or completes. Returns what the body left with: a yielded value, the
 * AWAIT marker, or — with `status` COMPLETED — the return value. An exception that no `catch`
 * takes completes the machine and propagates.
 */
export function run(ctx: Context, mode: number, arg: unknown): unknown {
  for (;;) {
    if (ctx.inner !== null) {
      // yield*: the request goes to the inner iterator; only its final result comes back here.
      const inner = ctx.inner;
      if (isOwnGenerator(ctx, mode)) {
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
          const method = getMethod(inner, mode === THROW ? "throw" : "return");
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
          throw new TypeError("Iterator result " + toText(result) + " is not an object");
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
    if (mode === NEXT) {
      ctx.sent = arg;
    } else if (!route(ctx, mode, arg)) {
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
    if (value !== AGAIN) return value;
  }
}

/** The TypeError of a `yield*` whose iterator gets a throw() it has no method for (V8's words). */
export const NO_THROW_METHOD = "The iterator does not provide a 'throw' method.";

/**
 * GetMethod(object, key): the method, or undefined when the property is undefined or null (so
 * `{ return: null }` has no `return`); anything else that is not callable is a TypeError, worded
 * as V8 words it ("number 5 is not a function").
 */
export function getMethod(object: unknown, key: string): Function | undefined {
  const method = (object as Record<string, unknown>)[key];
  if (method == null) return undefined;
  if (typeof method !== "function") {
    const type = typeof method;
    const shown = type === "string" ? 'string "' + method + '"' : type === "number" || type === "boolean" ? type + " " + toText(method) : type;
    throw new TypeError(shown + " is not a function");
  }
  return method;
}

/**
 * IteratorClose of a `yield*` target on the way to the TypeError above: its `return()`, whose
 * errors (and a result that is not an object) take the TypeError's place.
 */
function closeInner(inner: unknown): void {
  const method = getMethod(inner, "return");
  if (method === undefined) return;
  const result = method.call(inner);
  if ((typeof result !== "object" || result === null) && typeof result !== "function") {
    throw new TypeError("Iterator result " + toText(result) + " is not an object");
  }
}

/**
 * Is the `yield*` target another Stepwise generator whose method for this request is still the
 * runtime's own? Then `resume` can run it directly instead of calling it (see below).
 */
function isOwnGenerator(ctx: Context, mode: number): boolean {
  const inner = ctx.inner as unknown as Record<string, unknown>;
  const method = mode === NEXT ? ctx.innerNext : mode === THROW ? inner["throw"] : inner["return"];
  if (method !== (mode === NEXT ? generatorNext : mode === THROW ? generatorThrow : generatorReturn)) return false;
  // A machine of this copy of the runtime (another copy's generators are called like any iterator).
  const innerCtx = generatorOf(inner) as Context | undefined;
  return innerCtx !== undefined && innerCtx.constructor === Context;
}

/**
 * A generator's `next`/`throw`/`return`: one request, one `{ value, done }`.
 *
 * `yield*` between Stepwise generators does not nest calls: when the machine delegates to one of
 * our own generators, `run` answers DESCEND and the request continues in the inner machine, here,
 * with `parent` remembering the way back. A completed inner machine hands its result to its parent
 * in the same loop. The stack stays flat however deep the `yield*` chain is; nothing observable
 * differs from calling the inner generator's `next` (a yielded result is passed up unchanged).
 */
function resume(ctx: Context, mode: number, arg: unknown): IteratorResultLike {
  const status = ctx.status;
  if (status === EXECUTING) throw new TypeError("Generator is already running");
  if (status === SUSPENDED_START && mode !== NEXT) ctx.status = COMPLETED;
  if (ctx.status === COMPLETED) {
    if (mode === THROW) throw arg;
    return { value: mode === RETURN ? arg : undefined, done: true };
  }
  ctx.status = EXECUTING;
  return drive(ctx, mode, arg);
}

/** The loop of `resume`, once `ctx` is executing. */
function drive(ctx: Context, mode: number, arg: unknown): IteratorResultLike {
  ctx.parent = null;
  let top = ctx;
  for (;;) {
    let value: unknown;
    try {
      value = run(top, mode, arg);
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

// ---- The objects user code sees -------------------------------------------------------------

/** %GeneratorPrototype% and %GeneratorFunction.prototype%, shared by the realm (realm.ts). */
const GeneratorPrototype = realm.GeneratorPrototype;
const GeneratorFunctionPrototype = realm.GeneratorFunctionPrototype;
/** Reads a generator object's machine (undefined for any other value). */
const generatorOf = realm.generatorSlot.get;
const attachGenerator = realm.generatorSlot.attach;
/** The shared methods, to recognise a `yield*` target whose methods are still the runtime's own. */
const generatorNext = GeneratorPrototype.next;
const generatorThrow = GeneratorPrototype["throw"];
const generatorReturn = GeneratorPrototype["return"];

/** The machine of a generator or async generator object (trace.ts shows it), or undefined. */
export function machineOf(object: unknown): Context | undefined {
  const machine = generatorOf(object);
  return (machine !== undefined ? machine : realm.asyncGeneratorSlot.get(object)) as Context | undefined;
}

/**
 * `throw(error)` / `return(value)`: at a yield with no `yield*` under way, the completion is routed
 * to the catch or finally blocks around it and the body runs on from there; with none (what
 * `for-of`'s `break` usually meets) the generator is done at once. Anything else takes `resume`.
 */
function abrupt(ctx: Context, mode: number, arg: unknown): IteratorResultLike {
  if (ctx.inner !== null || ctx.status !== SUSPENDED_YIELD) return resume(ctx, mode, arg);
  ctx.status = EXECUTING;
  if (!route(ctx, mode, arg)) {
    ctx.status = COMPLETED;
    if (mode === THROW) throw arg;
    return { value: arg, done: true };
  }
  return runBody(ctx);
}

/**
 * The common step of `next`/`throw`/`return` when no `yield*` is under way, without the general
 * loop of `drive` and `run`: runs the executing body from its state until it yields or completes.
 * The body returns AGAIN when it must be entered again at a new state (the end of a finally block,
 * a routed jump or `raise`); a `throw` from it goes to its catch or finally block; one that nothing
 * catches completes the generator.
 */
function runBody(ctx: Context): IteratorResultLike {
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
      if (!route(ctx, THROW, error)) {
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

/**
 * Makes `fn` a generator function: its own `prototype`, where its generator objects inherit from
 * (so `g instanceof fn` holds), and, where the engine allows, `fn` itself inherits from
 * %GeneratorFunction.prototype% (so `fn.constructor.name === "GeneratorFunction"`).
 */
export function mark<F extends Function>(fn: F, name?: string): F {
  if (setPrototypeOf !== undefined) setPrototypeOf(fn, GeneratorFunctionPrototype);
  if (name !== undefined) setName(fn, name);
  giveInstancePrototype(fn, GeneratorPrototype);
  return fn;
}

/**
 * Gives a generator (or async generator) function `fn` its own `prototype`, inheriting from
 * `instances`, as the spec does for every generator function: writable, not enumerable, not
 * configurable.
 */
export function giveInstancePrototype(fn: Function, instances: object): void {
  const proto = create(instances);
  try {
    defineProperty(fn, "prototype", { value: proto, writable: true, enumerable: false, configurable: false });
  } catch (_e) {
    (fn as unknown as { prototype: object }).prototype = proto;
  }
}

/**
 * The lowered call passed its try table's variable before the file's top ran (a module import
 * cycle calling a function of this module before its body): without the table, `catch` and
 * `finally` would be skipped. Fail loudly instead.
 */
export function tableMissing(): never {
  throw new Error("stepwise: a lowered function was called before its file's top-level code ran (its try table is not set yet)");
}

/**
 * Called by a lowered generator function with itself (or null for methods), its `this`, and its
 * body: creates the generator object, suspended at its start.
 */
export function generator(fn: Function | null, self: unknown, body: Body, tries?: TryEntry[]): object {
  if (tries === undefined && arguments.length > 3) tableMissing();
  const ctx = new Context(body, tries);
  const object = generatorObject(fn, self, GeneratorPrototype, generatorOf);
  attachGenerator(object, ctx);
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
  if (hasPrototype && self instanceof fn! && machineOf(self) === undefined) {
    throw new TypeError(((fn as { name?: string }).name || "anonymous") + " is not a constructor");
  }
  return create(hasPrototype ? proto : fallback);
}

// What the other runtime modules share with this one (constants, prototypes): listed once here
// rather than at each declaration. The bundle (scripts/bundle.mjs) joins the modules in one scope,
// so these stay plain local bindings on the hot paths either way.
export {
  SUSPENDED_START,
  SUSPENDED_YIELD,
  EXECUTING,
  COMPLETED,
  NEXT,
  THROW,
  RETURN,
  AGAIN,
  AWAIT,
  DELEGATE,
  GeneratorPrototype,
  GeneratorFunctionPrototype,
};
