/**
 * The built-ins the runtime uses, taken once, when it loads, and never again looked up by name.
 *
 * Nothing a program declares or replaces may change the runtime. A script's `var Object = ...` or
 * `Promise = Bluebird` replaces the global for everyone, and with the runtime inlined in a module
 * (runtime: "inline"), the module's own top-level `var Symbol` hides the global from the runtime
 * altogether: declarations are hoisted, so a name the runtime reads is already the module's, still
 * `undefined`, when the runtime's code at the top of the file runs. So the runtime names no global
 * when it runs, and reaches most built-ins at load without naming them either, through syntax:
 *
 *     ({}).constructor               %Object%           (every object literal's prototype's)
 *     "".constructor                 %String%
 *     [].constructor                 %Array%
 *     error of `null.x`              %TypeError%        (what the engine itself throws)
 *     Object(sym).constructor        %Symbol%           (sym: a symbol key of Array.prototype)
 *
 * Only what syntax cannot give is read by name, once: `Symbol` on engines whose arrays have no
 * symbol keys (Duktape, Rhino), `ReferenceError`, `Reflect` (calls.ts: `Reflect.construct`, where there is one), `Promise` (promise.ts; on Node the runtime's Node
 * build gets the engine's own from an async function instead) and `setTimeout` (loop.ts). The other modules import
 * from here; a captured method is called with `.call` where it needs its receiver.
 */

/** %Object%: the constructor of an object literal's prototype. */
const ObjectConstructor = ({} as { constructor: ObjectConstructor }).constructor;

export const ObjectPrototype: object = ObjectConstructor.prototype;
export const create: (proto: object | null) => any = ObjectConstructor.create;
export const defineProperty: (target: object, key: PropertyKey, descriptor: PropertyDescriptor) => object = ObjectConstructor.defineProperty;
export const getOwnPropertyDescriptor: (target: object, key: PropertyKey) => PropertyDescriptor | undefined = ObjectConstructor.getOwnPropertyDescriptor;
export const getPrototypeOf: (target: object) => any = ObjectConstructor.getPrototypeOf;
export const objectKeys: (target: object) => string[] = ObjectConstructor.keys;
/** Missing on ES5 engines (no way to change a function's prototype there). */
export const setPrototypeOf: ((target: object, proto: object | null) => object) | undefined = (
  ObjectConstructor as unknown as { setPrototypeOf?: (target: object, proto: object | null) => object }
).setPrototypeOf;
/** Missing on engines without symbols. */
export const getOwnPropertySymbols: ((target: object) => symbol[]) | undefined = (
  ObjectConstructor as unknown as { getOwnPropertySymbols?: (target: object) => symbol[] }
).getOwnPropertySymbols;
export const propertyIsEnumerable: (this: object, key: PropertyKey) => boolean = ObjectConstructor.prototype.propertyIsEnumerable;
export const objectToString: (this: unknown) => string = ObjectConstructor.prototype.toString;
/** Missing on ES3 engines. */
export const freeze: (<T>(target: T) => T) | undefined = (ObjectConstructor as unknown as { freeze?: <T>(target: T) => T }).freeze;
/** ToObject, as `Object(value)`. */
export const toObject: (value: unknown) => object = ObjectConstructor as unknown as (value: unknown) => object;

/** %Function.prototype%. */
export const FunctionPrototype: object = getPrototypeOf(function () {});

/** %Array%, for arrays made at their final length. */
export const ArrayConstructor: ArrayConstructor = ([] as unknown as { constructor: ArrayConstructor }).constructor;

/** %String%, for error messages: ToString of any value (symbols included, unlike `"" + value`). */
export const toText: (value: unknown) => string = ("" as unknown as { constructor: (value: unknown) => string }).constructor;

/**
 * The TypeError the engine throws when a property of `null` is read: %TypeError%. (Every engine
 * throws there, so the function always returns from its `catch`.)
 */
function engineTypeError(): TypeErrorConstructor {
  const nothing: unknown = null;
  try {
    (nothing as { property: unknown }).property;
  } catch (error) {
    return (error as { constructor: TypeErrorConstructor }).constructor;
  }
  return undefined as never;
}

/** %TypeError%, under its own name in the modules that import it. */
export const TypeError: TypeErrorConstructor = engineTypeError();
/** %Error%: what %TypeError.prototype% inherits from. */
export const Error: ErrorConstructor = getPrototypeOf(TypeError.prototype).constructor;

declare const ReferenceError: ReferenceErrorConstructor | undefined;

/**
 * %ReferenceError%, for the temporal dead zone (bindings.ts). No ES5 syntax reaches it without
 * naming something, so it is read by name, once; undefined where a module hides the name (the
 * runtime then throws an Error named "ReferenceError").
 */
export const ReferenceErrorConstructor: ReferenceErrorConstructor | undefined = typeof ReferenceError === "function" ? ReferenceError : undefined;

/** What the runtime uses of %Symbol% (lib ES5 has no type for it). */
export interface SymbolLike {
  (description?: string): symbol;
  iterator?: symbol;
  asyncIterator?: symbol;
  toStringTag?: symbol;
}
declare const Symbol: SymbolLike | undefined;

/**
 * %Symbol%, or undefined on engines without symbols. Arrays' `Symbol.iterator` key leads to it
 * without the name `Symbol`, which a module may declare for itself; engines whose arrays have no
 * symbol keys are asked by name.
 */
function findSymbol(): SymbolLike | undefined {
  if (getOwnPropertySymbols !== undefined) {
    const keys = getOwnPropertySymbols(ArrayConstructor.prototype);
    for (let i = 0; i < keys.length; i++) {
      const constructor = (toObject(keys[i]) as { constructor: SymbolLike }).constructor;
      if (typeof constructor === "function" && constructor.iterator === keys[i]) return constructor;
    }
  }
  return typeof Symbol === "function" ? Symbol : undefined;
}

/** %Symbol%, or undefined on engines without symbols. */
export const SymbolConstructor: SymbolLike | undefined = findSymbol();
