/**
 * native/engine.ts: what the runtime takes from the engine beyond ES5, made with the syntax ES5
 * lacks (async functions, generators, class private fields, methods). The same exports as
 * ../engine.ts, which it replaces in the Node build (lib/node.js) and in the inline runtime for
 * targets that have these (dist/native/*.js); scripts/bundle.mjs does the swap. Compiled on its
 * own (tsconfig.native.json, ES2022) and importing nothing, so that its syntax stays as written.
 */

/** The parts of a promise constructor the runtime uses (as in ../promise.ts). */
interface PromiseConstructorLike {
  new (executor: (resolve: (value?: unknown) => void, reject: (error?: unknown) => void) => void): unknown;
  resolve(value?: unknown): unknown;
  reject(error?: unknown): unknown;
  prototype: unknown;
}

/** %Object.getPrototypeOf%, reached without the name `Object`, which a module may declare. */
const getPrototypeOf: (value: object) => any = ({} as { constructor: ObjectConstructor }).constructor.getPrototypeOf;

/** Which build this is: "es5" or "native". */
export const flavor: string = "native";

/** %AsyncFunction.prototype%, %GeneratorFunction.prototype%, %AsyncGeneratorFunction.prototype%. */
const asyncFunctionPrototype: object = getPrototypeOf(async function () {});
const generatorFunctionPrototype: { prototype: Record<string, Function>; constructor: Function } = getPrototypeOf(function* () {});
const asyncGeneratorFunctionPrototype: { prototype: Record<string, Function>; constructor: Function } = getPrototypeOf(async function* () {});

/**
 * The engine's own Promise: the constructor of an async function's result. A global `Promise`
 * replaced before the runtime loaded (`global.Promise = Bluebird`) does not change it.
 */
export const enginePromise: PromiseConstructorLike | undefined = getPrototypeOf((async function () {})()).constructor;

export const engineAsyncFunctionPrototype: object | undefined = asyncFunctionPrototype;
export const engineGeneratorPrototype: Record<string, Function> | undefined = generatorFunctionPrototype.prototype;
export const engineAsyncGeneratorPrototype: Record<string, Function> | undefined = asyncGeneratorFunctionPrototype.prototype;
export const engineIteratorPrototype: object | undefined = getPrototypeOf(generatorFunctionPrototype.prototype);
export const engineAsyncIteratorPrototype: object | undefined = getPrototypeOf(asyncGeneratorFunctionPrototype.prototype);

/** %GeneratorFunction% and %AsyncGeneratorFunction%: the engine compiles source text for them. */
export const engineGeneratorFunction: Function | undefined = generatorFunctionPrototype.constructor;
export const engineAsyncGeneratorFunction: Function | undefined = asyncGeneratorFunctionPrototype.constructor;

/** What the driver reads of a machine: the result of a completed call. */
export interface AsyncDriven {
  returned: unknown;
}

/**
 * The driver of a lowered async call (async.ts's `drive`): a native async function, one per call,
 * whose promise is the call's result and whose `await` is the engine's own. `advance(machine,
 * mode, arg)` acts on what the first run left (mode -1; the lowered function ran it itself) or
 * resumes the body with a settled await (0 with the value, 1 with the reason), and answers the
 * value the body awaits next, or `done` once the call completed (its result in `returned`). An
 * exception no `catch` of the body takes propagates from `advance` and rejects the promise.
 *
 * A call then makes no resolving functions and no resume callbacks of its own, and its `await`s
 * take exactly the engine's steps (PromiseResolve, then PerformPromiseThen with no derived
 * promise): the tick order is native's by construction, and `return value` settles the promise
 * as a native `return` does (a thenable adopted in a later job).
 */
export function asyncDriver(advance: (machine: AsyncDriven, mode: number, arg: unknown) => unknown, done: object): (machine: AsyncDriven) => unknown {
  return async function (machine: AsyncDriven): Promise<unknown> {
    let awaited = advance(machine, -1, undefined);
    while (awaited !== done) {
      let mode = 0;
      let arg: unknown;
      try {
        arg = await awaited;
      } catch (error) {
        mode = 1;
        arg = error;
      }
      awaited = advance(machine, mode, arg);
    }
    const value = machine.returned;
    machine.returned = undefined;
    return value;
  };
}

/** next/return/throw of generator objects, each its own function (so each call site stays monomorphic). */
export interface MethodSet {
  next: Function;
  ["return"]: Function;
  ["throw"]: Function;
}

/** What a machine in a slot answers (../realm.ts's GeneratorMachine and AsyncGeneratorMachine). */
interface Machine {
  onNext(value: unknown): unknown;
  onThrow(error: unknown): unknown;
  onReturn(value: unknown): unknown;
  onRequest(mode: number, value: unknown): unknown;
}

/**
 * %GeneratorPrototype%'s methods: each finds the machine in its receiver's slot (`machineOf`) and
 * calls it; a receiver without one goes to `foreign(receiver, value, name)`. Method definitions,
 * so, like the engine's own `next`, not constructors and without a `prototype`; length 1.
 */
export function generatorMethods(machineOf: (object: unknown) => unknown, foreign: (receiver: unknown, value: unknown, name: string) => unknown): MethodSet {
  return {
    next(value?: unknown) {
      const machine = machineOf(this) as Machine | undefined;
      return machine !== undefined ? machine.onNext(value) : foreign(this, value, "next");
    },
    return(value?: unknown) {
      const machine = machineOf(this) as Machine | undefined;
      return machine !== undefined ? machine.onReturn(value) : foreign(this, value, "return");
    },
    throw(error?: unknown) {
      const machine = machineOf(this) as Machine | undefined;
      return machine !== undefined ? machine.onThrow(error) : foreign(this, error, "throw");
    },
  };
}

/** %AsyncGeneratorPrototype%'s methods: a request (NEXT 0, THROW 1, RETURN 2) to the machine. */
export function asyncGeneratorMethods(machineOf: (object: unknown) => unknown, foreign: (receiver: unknown, value: unknown, name: string) => unknown): MethodSet {
  return {
    next(value?: unknown) {
      const machine = machineOf(this) as Machine | undefined;
      return machine !== undefined ? machine.onRequest(0, value) : foreign(this, value, "next");
    },
    return(value?: unknown) {
      const machine = machineOf(this) as Machine | undefined;
      return machine !== undefined ? machine.onRequest(2, value) : foreign(this, value, "return");
    },
    throw(error?: unknown) {
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
 * A slot in a class private field, put on an existing object by a base constructor that returns
 * it: invisible to every reflection (`Reflect.ownKeys`, `util.inspect`, spread) and as fast to
 * read as a property. The field's initializer takes the value from `pending`, so attaching costs
 * one store.
 */
export function slot(_description: string): Slot {
  let pending: unknown;
  class Stamp {
    constructor(object: object) {
      return object;
    }
  }
  class Holder extends Stamp {
    #value = pending;
    // Written out: an implicit derived constructor spreads its arguments through the (replaceable)
    // Array.prototype[Symbol.iterator] in V8.
    constructor(object: object) {
      super(object);
    }
    static get(object: unknown): unknown {
      return typeof object === "object" && object !== null && #value in object ? (object as Holder).#value : undefined;
    }
  }
  return {
    attach: function (object: object, value: unknown) {
      pending = value;
      new Holder(object);
      pending = undefined;
    },
    get: Holder.get,
  };
}
