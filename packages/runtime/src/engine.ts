/**
 * What the runtime takes from the engine beyond ES5 — in the ES5 build (this file), only what a
 * name can reach. The Node build and the inline runtime for targets with native coroutines swap
 * in native/engine.ts, which has the same exports, made with the syntax ES5 lacks:
 *
 *     the engine's own Promise       from `async function () {}`'s result, even when a library
 *                                    replaced the global `Promise` before the runtime loaded
 *     %AsyncFunction.prototype%      which lowered async functions then share: `f instanceof
 *                                    AsyncFunction`, is-async-function and the like hold
 *     %GeneratorPrototype% ...       whose methods answer for receivers that are not ours (their
 *                                    TypeErrors are the engine's own), and the constructors that
 *                                    make generator functions from source text
 *     slots                          a generator object's machine in a class private field, which
 *                                    no reflection sees (here: a symbol-keyed property)
 *     methods                        the generator methods made with method syntax: not
 *                                    constructors, no `prototype`, as the engine's own
 *     an async driver                a native async function that drives a lowered async call
 *                                    (async.ts's `drive`): its promise is the call's, its `await`
 *                                    the engine's own
 *
 * scripts/bundle.mjs picks the file for each build; the rest of the runtime imports "./engine".
 */
import { SymbolConstructor, defineProperty } from "./intrinsics";
import type { PromiseConstructorLike } from "./promise";

declare const Promise: PromiseConstructorLike | undefined;

/** Which build this is: "es5" or "native". */
export const flavor: string = "es5";

/** The engine's Promise, read once by name at load (undefined on Duktape, MuJS, old Rhino). */
export const enginePromise: PromiseConstructorLike | undefined = typeof Promise === "function" ? Promise : undefined;

/**
 * Makes the driver of lowered async calls where the engine has async functions (native/engine.ts);
 * the ES5 build has none, and async.ts drives every call with promise callbacks of its own.
 */
export const asyncDriver: AsyncDriverFactory | undefined = undefined;

/** native/engine.ts's asyncDriver: `advance` steps a machine, `done` is what it answers when the call completed. */
export type AsyncDriverFactory = (advance: (machine: AsyncDriven, mode: number, arg: unknown) => unknown, done: object) => (machine: AsyncDriven) => unknown;
/** What the driver reads of a machine: the result of a completed call. */
export interface AsyncDriven {
  returned: unknown;
}

/** %AsyncFunction.prototype%; %GeneratorPrototype%, %AsyncGeneratorPrototype%, %IteratorPrototype%, %AsyncIteratorPrototype%. */
export const engineAsyncFunctionPrototype: object | undefined = undefined;
export const engineGeneratorPrototype: Record<string, Function> | undefined = undefined;
export const engineAsyncGeneratorPrototype: Record<string, Function> | undefined = undefined;
export const engineIteratorPrototype: object | undefined = undefined;
export const engineAsyncIteratorPrototype: object | undefined = undefined;

/** %GeneratorFunction% and %AsyncGeneratorFunction%: they compile source text, which needs eval. */
export const engineGeneratorFunction: Function | undefined = undefined;
export const engineAsyncGeneratorFunction: Function | undefined = undefined;

/** next/return/throw of generator objects, each its own function (so each call site stays monomorphic). */
export interface MethodSet {
  next: Function;
  ["return"]: Function;
  ["throw"]: Function;
}

/** What a machine in a slot answers (realm.ts's GeneratorMachine and AsyncGeneratorMachine). */
interface Machine {
  onNext(value: unknown): unknown;
  onThrow(error: unknown): unknown;
  onReturn(value: unknown): unknown;
  onRequest(mode: number, value: unknown): unknown;
}

/**
 * %GeneratorPrototype%'s methods: each finds the machine in its receiver's slot (`machineOf`) and
 * calls it; a receiver without one goes to `foreign(receiver, value, name)`. ES5 has only
 * functions, constructors included (the native build's are methods).
 */
export function generatorMethods(machineOf: (object: unknown) => unknown, foreign: (receiver: unknown, value: unknown, name: string) => unknown): MethodSet {
  return {
    next: function next(this: unknown, value?: unknown) {
      const machine = machineOf(this) as Machine | undefined;
      return machine !== undefined ? machine.onNext(value) : foreign(this, value, "next");
    },
    ["return"]: function (this: unknown, value?: unknown) {
      const machine = machineOf(this) as Machine | undefined;
      return machine !== undefined ? machine.onReturn(value) : foreign(this, value, "return");
    },
    ["throw"]: function (this: unknown, error?: unknown) {
      const machine = machineOf(this) as Machine | undefined;
      return machine !== undefined ? machine.onThrow(error) : foreign(this, error, "throw");
    },
  };
}

/** %AsyncGeneratorPrototype%'s methods: a request (NEXT 0, THROW 1, RETURN 2) to the machine. */
export function asyncGeneratorMethods(machineOf: (object: unknown) => unknown, foreign: (receiver: unknown, value: unknown, name: string) => unknown): MethodSet {
  return {
    next: function next(this: unknown, value?: unknown) {
      const machine = machineOf(this) as Machine | undefined;
      return machine !== undefined ? machine.onRequest(0, value) : foreign(this, value, "next");
    },
    ["return"]: function (this: unknown, value?: unknown) {
      const machine = machineOf(this) as Machine | undefined;
      return machine !== undefined ? machine.onRequest(2, value) : foreign(this, value, "return");
    },
    ["throw"]: function (this: unknown, error?: unknown) {
      const machine = machineOf(this) as Machine | undefined;
      return machine !== undefined ? machine.onRequest(1, error) : foreign(this, error, "throw");
    },
  };
}

/** A hidden slot on objects: `attach` stores a value on an object, `get` reads it back (or undefined). */
export interface Slot {
  attach(object: object, value: unknown): void;
  get(object: unknown): unknown;
}

/**
 * A slot under a key of its own: a symbol (`Object.getOwnPropertySymbols` sees it, but no string
 * key, `for-in` or `JSON.stringify` does), or, without symbols, a non-enumerable string key.
 * Plain assignment where it can: defining a non-enumerable property costs V8 ~200 ns per object.
 */
export function slot(description: string): Slot {
  const symbols = SymbolConstructor !== undefined;
  const key = (symbols ? SymbolConstructor!(description) : "@@" + description) as unknown as string;
  return {
    attach: symbols
      ? function (object: object, value: unknown) {
          (object as Record<string, unknown>)[key] = value;
        }
      : function (object: object, value: unknown) {
          defineProperty(object, key, { value: value, writable: false, enumerable: false, configurable: false });
        },
    get: function (object: unknown) {
      return object != null ? (object as Record<string, unknown>)[key] : undefined;
    },
  };
}
