/**
 * The coroutine intrinsics — %GeneratorFunction.prototype%, %GeneratorPrototype%, their async and
 * async-generator counterparts — made once per realm and shared by every copy of the runtime in
 * it, one kind at a time.
 *
 * Natively there is one %GeneratorPrototype% per realm: `g() instanceof Object.getPrototypeOf(h)
 * .constructor` holds for generator functions from any file. A program can hold several copies of
 * this runtime (each file compiled with `runtime: "inline"` carries one; a bundle can hold two
 * installs of the package), and they must agree. So the first copy that needs a kind makes its
 * objects and leaves them in a registry; later copies use them:
 *
 *     Function.prototype[Symbol.for("@stepwise/runtime realm 2")]      (non-enumerable, read-only;
 *       .generator, .asyncFunction, .asyncGenerator                      a string key without Symbol)
 *
 * The one property the runtime adds to a built-in; it is defined, not assigned, and no global
 * variable is written. The `2` is the version of the protocol below: a runtime that changes it
 * must change the key too, and then makes its own objects. Each kind is made only by a copy that
 * uses it, so a file of generators alone carries nothing of the async kinds (scripts/pieces.mjs).
 *
 * The protocol. A shared method must work for objects made by any copy, so it holds no machinery:
 * it finds the object's machine in the kind's slot (engine.ts) and calls the machine's own method,
 *
 *     GeneratorPrototype.next(v)        ->  machine.onNext(v)          machine.onThrow(e), .onReturn(v)
 *     AsyncGeneratorPrototype.next(v)   ->  machine.onRequest(NEXT, v)  (THROW, RETURN; 0, 1, 2)
 *
 * and a receiver without a machine gets the engine's own method where the engine has one (its
 * TypeError, with its message, or a native generator of the engine's GeneratorFunction), else a
 * TypeError worded as V8 words it. The functions' own shape follows the spec: `constructor`,
 * `prototype` and `Symbol.toStringTag` read-only, lengths and names as the engine's.
 */
import {
  create,
  defineProperty,
  getPrototypeOf,
  setPrototypeOf,
  FunctionPrototype,
  ObjectPrototype,
  objectToString,
  toText,
  TypeError,
  Error,
  SymbolConstructor,
} from "./intrinsics";
import { iteratorSymbol, asyncIteratorSymbol, toStringTagSymbol, define, defineData } from "./symbols";
import {
  slot,
  generatorMethods,
  asyncGeneratorMethods,
  MethodSet,
  Slot,
  engineAsyncFunctionPrototype,
  engineGeneratorPrototype,
  engineAsyncGeneratorPrototype,
  engineAsyncIteratorPrototype,
  engineIteratorPrototype,
  engineGeneratorFunction,
  engineAsyncGeneratorFunction,
  flavor,
} from "./engine";

/** What a generator object's machine answers (generator.ts's Context). */
export interface GeneratorMachine {
  onNext(value: unknown): unknown;
  onThrow(error: unknown): unknown;
  onReturn(value: unknown): unknown;
}
/** What an async generator object's machine answers (async-generator.ts): a promise per request. */
export interface AsyncGeneratorMachine {
  onRequest(mode: number, value: unknown): unknown;
}

/**
 * A generator kind's shared objects: the function kind (whose `constructor` is the kind's
 * constructor) and its objects' prototype. The records hold no key of Object.prototype's
 * (`constructor`): in a hardened realm (SES's lockdown() freezes Object.prototype) an assignment
 * to such a key of an ordinary object throws, and MuJS then drops it even from an object literal.
 */
export interface GeneratorKind {
  functionPrototype: Record<string, unknown>;
  prototype: Record<string, unknown>;
  /** Where a generator object keeps its machine. */
  slot: Slot;
}
/** The async generator kind: also the answer to a receiver that is not an async generator. */
export interface AsyncGeneratorKind extends GeneratorKind {
  /** A promise rejected with `error` (the first copy's promise constructor). */
  rejected: (error: unknown) => unknown;
}
/** The async function kind: %AsyncFunction.prototype% (its `constructor`: %AsyncFunction%). */
export interface FunctionKind {
  functionPrototype: Record<string, unknown>;
}

/**
 * A function's `name`, as SetFunctionName gives it (configurable, read-only) from a name or a
 * property key: a symbol gives "[description]" ("" when it has none), `prefix` ("get", "set")
 * comes before it. Engines that refuse keep theirs.
 */
export function setName(fn: Function, key: unknown, prefix?: string): void {
  let name = typeof key === "symbol" ? symbolName(key) : toText(key);
  if (prefix !== undefined) name = prefix + " " + name;
  try {
    defineProperty(fn, "name", { value: name, writable: false, enumerable: false, configurable: true });
  } catch (_e) {
    // ES5 engines: `name` is not configurable (or does not exist); nothing depends on it.
  }
}

/** "[description]" of a symbol key; %String% of a symbol is "Symbol(description)" (the `description` getter is ES2019). */
function symbolName(key: symbol): string {
  const text = toText(key);
  return text === "Symbol()" && (key as { description?: string }).description !== "" ? "" : "[" + text.slice(7, -1) + "]";
}

/**
 * How V8 shows a receiver in "called on incompatible receiver X": primitives as strings, ordinary
 * objects as `#<Constructor>`, others by their class tag. (The native build passes such receivers
 * to the engine's own methods, which word it themselves.)
 */
export function describeReceiver(value: unknown): string {
  if ((typeof value !== "object" || value === null) && typeof value !== "function") return toText(value);
  if (typeof value === "function") return "function";
  const tag = objectToString.call(value);
  if (tag === "[object Object]") {
    // Only a function's `name` (MuJS's Function.prototype.name throws for other receivers).
    const constructor: unknown = (value as { constructor?: unknown }).constructor;
    const name = typeof constructor === "function" ? (constructor as { name?: unknown }).name : undefined;
    if (typeof name === "string" && name !== "" && getPrototypeOf(value) !== null) return "#<" + name + ">";
  }
  return tag;
}

/** `Method [Generator].prototype.next called on incompatible receiver X`, V8's wording. */
export function incompatible(kind: string, name: string, receiver: unknown): Error {
  return new TypeError("Method [" + kind + "].prototype." + name + " called on incompatible receiver " + describeReceiver(receiver));
}

/**
 * Where `[Symbol.iterator]() { return this }` lives: the engine's %IteratorPrototype% (the native
 * build's engine.ts has it from syntax), or one of ours.
 */
function iteratorPrototype(): object {
  if (flavor === "native") return engineIteratorPrototype!;
  try {
    const arrayIterator = ([] as unknown as Record<string, () => object>)[iteratorSymbol as string]();
    const proto = getPrototypeOf(getPrototypeOf(arrayIterator));
    if (proto && proto !== ObjectPrototype) return proto;
  } catch (_e) {
    // No native array iterators (no Symbol.iterator): make our own.
  }
  return ownIteratorPrototype(iteratorSymbol, "[Symbol.iterator]");
}

/** %AsyncIteratorPrototype%: the engine's where it has async generators, or one of ours. */
function asyncIteratorPrototype(): object {
  if (flavor === "native") return engineAsyncIteratorPrototype!;
  return ownIteratorPrototype(asyncIteratorSymbol, "[Symbol.asyncIterator]");
}

/** An iterator prototype of our own: its method `key` (named `name`) returns `this`. */
function ownIteratorPrototype(key: string | symbol, name: string): object {
  const own = {};
  const returnThis = function (this: unknown) {
    return this;
  };
  setName(returnThis, name);
  define(own, key, returnThis);
  return own;
}

/**
 * The constructors of the function kinds (%GeneratorFunction% and the like): `length` 1, their
 * `prototype` read-only, inheriting from %Function% (`kindConstructor`). Called, they make a
 * function from source text, which only the engine can do: the native build asks the engine's own
 * constructor, then gives the function our prototypes; the ES5 build cannot without eval, and
 * says so. Declared by name, as engines that cannot rename a function (Rhino) show it.
 */
function GeneratorFunction(this: unknown, _source?: unknown): Function {
  return compile("GeneratorFunction", engineGeneratorFunction, (registry.generator as FunctionKind).functionPrototype, arguments);
}
function AsyncGeneratorFunction(this: unknown, _source?: unknown): Function {
  return compile("AsyncGeneratorFunction", engineAsyncGeneratorFunction, (registry.asyncGenerator as FunctionKind).functionPrototype, arguments);
}
function AsyncFunction(this: unknown, _source?: unknown): Function {
  return compile("AsyncFunction", undefined, (registry.asyncFunction as FunctionKind).functionPrototype, arguments);
}

function compile(name: string, engineConstructor: Function | undefined, kind: Record<string, unknown>, args: IArguments): Function {
  // Only the native build has the engine's constructors (and never calls this for AsyncFunction,
  // whose kind is then the engine's own); `flavor` is a constant, so each build keeps one branch.
  if (flavor !== "native") {
    throw new Error("stepwise: " + name + " needs eval");
  }
  const fn = engineConstructor!.apply(undefined, args) as Function;
  if (setPrototypeOf !== undefined) {
    setPrototypeOf(fn, kind);
    setPrototypeOf((fn as { prototype: object }).prototype, kind.prototype as object);
  }
  return fn;
}

/** A kind's constructor, inheriting from %Function% as the spec's do. */
function kindConstructor(constructor: Function): Function {
  if (setPrototypeOf !== undefined) setPrototypeOf(constructor, (FunctionPrototype as { constructor: object }).constructor);
  return constructor;
}

/**
 * The shared prototype of a function kind (spec: %GeneratorFunction.prototype% and the like),
 * linked with its constructor and, for generator kinds, with the prototype of their objects
 * (`instances`): the own keys in the engine's order, read-only as the spec has them.
 */
function kindPrototype(constructor: Function, tag: string, instances: Record<string, unknown> | undefined): Record<string, unknown> {
  const proto: Record<string, unknown> = create(FunctionPrototype);
  setName(constructor, tag); // as declared, also where a minifier renamed it
  if (instances !== undefined) defineData(proto, "prototype", instances, false, true);
  defineData(proto, "constructor", constructor, false, true);
  if (toStringTagSymbol !== undefined) defineData(proto, toStringTagSymbol, tag, false, true);
  defineData(constructor, "prototype", proto, false, false);
  if (instances !== undefined) defineData(instances, "constructor", proto, false, true);
  return proto;
}

/**
 * %GeneratorPrototype%'s methods (engine.ts makes them, in the build's syntax). A receiver without a
 * machine: the native build hands it to the engine's own method (its TypeError, with its message,
 * or a native generator of the engine's GeneratorFunction); the ES5 build, whose engine has none,
 * refuses it with V8's words. `flavor` is a constant of each build's engine.ts, so a minifier keeps
 * only the build's own branch: the native build carries no message text.
 */
function generatorMethodsOf(kind: GeneratorKind): MethodSet {
  return generatorMethods(
    kind.slot.get,
    flavor === "native"
      ? engineMethods(engineGeneratorPrototype!)
      : function (receiver: unknown, _value: unknown, name: string) {
          throw incompatible("Generator", name, receiver);
        },
  );
}

/** %AsyncGeneratorPrototype%'s methods: a receiver without a machine gets a rejected promise. */
function asyncGeneratorMethodsOf(kind: AsyncGeneratorKind): MethodSet {
  return asyncGeneratorMethods(
    kind.slot.get,
    flavor === "native"
      ? engineMethods(engineAsyncGeneratorPrototype!)
      : function (receiver: unknown, _value: unknown, name: string) {
          return kind.rejected(incompatible("AsyncGenerator", name, receiver));
        },
  );
}

/**
 * The engine's own next/return/throw of `prototype`, taken when the kind is made (as every built-in
 * the runtime uses: a program that replaces them later does not change the runtime), called with
 * a receiver that is not ours.
 */
function engineMethods(prototype: Record<string, Function>): (receiver: unknown, value: unknown, name: string) => unknown {
  const methods: Record<string, Function> = { next: prototype.next, ["return"]: prototype["return"], ["throw"]: prototype["throw"] };
  return function (receiver: unknown, value: unknown, name: string) {
    return methods[name].call(receiver, value);
  };
}

/**
 * A generator kind: its objects' prototype (inheriting `base`, with the `methods` and the toStringTag
 * `tag`), and its function kind, `constructor` named `name`.
 */
function generatorKindOf<K extends GeneratorKind>(kind: K, constructor: Function, name: string, tag: string, base: object, methods: (kind: K) => MethodSet): K {
  const prototype: Record<string, unknown> = create(base);
  kind.prototype = prototype;
  kind.functionPrototype = kindPrototype(kindConstructor(constructor), name, prototype);
  const made = methods(kind);
  // Named where the engine allows: `throw` and `return` cannot be ES5 function names, and a
  // minifier renames the others.
  setName(made.next, "next");
  setName(made["return"], "return");
  setName(made["throw"], "throw");
  define(prototype, "next", made.next);
  define(prototype, "return", made["return"]);
  define(prototype, "throw", made["throw"]);
  if (toStringTagSymbol !== undefined) defineData(prototype, toStringTagSymbol, tag, false, true);
  return kind;
}

/** The registry's key: a symbol shared by every copy (Symbol.for), or a string without symbols. */
const KEY = "@stepwise/runtime realm 2";
function registryKey(): string {
  const symbolFor = SymbolConstructor !== undefined ? (SymbolConstructor as unknown as { for?: (key: string) => symbol })["for"] : undefined;
  return (typeof symbolFor === "function" ? symbolFor(KEY) : "@@" + KEY) as unknown as string;
}

/** The realm's registry: the one another copy left on Function.prototype, or a new one, left there. */
function findRegistry(): Record<string, unknown> {
  const key = registryKey();
  const existing = (FunctionPrototype as Record<string, unknown>)[key] as Record<string, unknown> | undefined;
  if (existing !== undefined && existing !== null && typeof existing === "object") return existing;
  const made: Record<string, unknown> = {};
  try {
    defineProperty(FunctionPrototype, key, { value: made, writable: false, enumerable: false, configurable: false });
  } catch (_e) {
    // Function.prototype is frozen (a hardened realm): this copy keeps its own objects.
  }
  return made;
}

const registry = findRegistry();

/** One kind's shared objects: another copy's, or made by `make` and left in the registry. */
export function shared<T>(name: string, make: () => T): T {
  let kind = registry[name] as T | undefined;
  if (kind === undefined) registry[name] = kind = make();
  return kind;
}

/** %GeneratorPrototype%, %GeneratorFunction.prototype%, %GeneratorFunction%, and the generators' slot. */
export const generatorKind: GeneratorKind = shared("generator", function () {
  const kind = { slot: slot("stepwise.generator") } as GeneratorKind;
  return generatorKindOf(kind, GeneratorFunction, "GeneratorFunction", "Generator", iteratorPrototype(), generatorMethodsOf);
});

/** The same for async generators; `rejected` is made with the promise of the copy that makes it. */
export function asyncGeneratorKindWith(rejected: (error: unknown) => unknown): AsyncGeneratorKind {
  return shared("asyncGenerator", function () {
    const kind = { slot: slot("stepwise.asyncGenerator"), rejected: rejected } as AsyncGeneratorKind;
    return generatorKindOf(kind, AsyncGeneratorFunction, "AsyncGeneratorFunction", "AsyncGenerator", asyncIteratorPrototype(), asyncGeneratorMethodsOf);
  });
}

/**
 * %AsyncFunction.prototype% and %AsyncFunction%: the engine's own where it has async functions (the
 * native build), so that lowered async functions are the engine's AsyncFunction instances
 * (is-async-function and the like hold, and `.constructor` compiles source text as natively).
 */
export const asyncFunctionKind: FunctionKind = shared("asyncFunction", function (): FunctionKind {
  if (flavor === "native") {
    return { functionPrototype: engineAsyncFunctionPrototype as Record<string, unknown> };
  }
  return { functionPrototype: kindPrototype(kindConstructor(AsyncFunction), "AsyncFunction", undefined) };
});
