/**
 * Calls the lowered code cannot write the way the source did.
 *
 * `o.m(a, yield b)` reads `o.m` before the arguments run, so the lowered code reads it into a
 * temporary and must then call that value with `o` as `this`. Writing `_method.call(o, ...)` would
 * read a `call` property off the user's function, which a callable Proxy (an RPC client, a deep
 * mock) sees and which fails with "Cannot read properties of undefined (reading 'call')" when the
 * method is missing. These helpers call the function directly, or through the engine's own
 * `Function.prototype.call`/`apply` taken when the runtime loads, so they read nothing off it,
 * and they fail as the engine would have failed the source's call, naming what the user wrote
 * (the plugin passes the text, as V8 prints it):
 *
 *     o.m(a, yield b)      _method = o.m; _t = a; return _ctx.yield(b, 1);
 *                  case 1: _stepwise.call(_method, o, "o.m", _t, _ctx.sent);
 *                          // TypeError: o.m is not a function
 */
import { FunctionPrototype, TypeError, getPrototypeOf, objectToString, toText } from "./intrinsics";

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;
// One declaration per name: the runtime is cut into statements by what each declares (scripts/pieces.mjs).
const functionMethods = FunctionPrototype as unknown as { call: AnyFunction; apply: AnyFunction; bind: AnyFunction };
const callMethod = functionMethods.call;
const applyMethod = functionMethods.apply;
const bindMethod = functionMethods.bind;

/**
 * %Reflect.construct%, read by name once (no syntax reaches it; see intrinsics.ts): `new` with an
 * argument list, reading nothing off the constructor. Without it, `bind` (which reads the
 * constructor's `length` and `name`).
 */
declare const Reflect: { construct?: (target: Function, args: unknown[]) => unknown } | undefined;
const reflectConstruct = typeof Reflect === "object" && Reflect !== null && typeof Reflect.construct === "function" ? Reflect.construct : undefined;

/** Function.prototype.apply and .call as plain functions of (fn, this, ...): ES5's uncurryThis. */
const applyFunction = bindMethod.call(callMethod, applyMethod) as (fn: Function, self: unknown, args: unknown[]) => unknown;
const callFunction = bindMethod.call(callMethod, callMethod) as (fn: Function, self: unknown, ...args: unknown[]) => unknown;

/**
 * The TypeError for calling (or constructing) `value`, which the source wrote as `name`. An empty
 * `name` stands for a call V8 makes through `Function.prototype.apply` (a spread argument before
 * another one), whose message describes the value instead.
 */
function notCallable(value: unknown, name: string, what: string): TypeError {
  if (name !== "") return new TypeError(name + " is not a " + what);
  const description = describe(value);
  if (what === "constructor") return new TypeError(description + " is not a constructor");
  const type = value === null ? "null" : typeof value === "object" ? "an object" : "a " + typeof value;
  return new TypeError("Function.prototype.apply was called on " + description + ", which is " + type + " and not a function");
}

/** A value as V8 shows it in those messages: `undefined`, `1`, `#<Foo>`, `[object Array]`. */
function describe(value: unknown): string {
  if (typeof value !== "object" || value === null) return toText(value);
  if (objectToString.call(value) === "[object Array]") return "[object Array]";
  const proto = getPrototypeOf(value);
  const constructor = proto !== null ? proto.constructor : undefined;
  return typeof constructor === "function" && constructor.name ? "#<" + constructor.name + ">" : "[object Object]";
}

/**
 * `fn(...args)` with `this` = `self`, where the source wrote the callee `name`. Without a `this`,
 * a plain call (a sloppy function then gets the global object, on every engine); with up to four
 * arguments, no array is made.
 */
export function call(fn: unknown, self: unknown, name: string, a?: unknown, b?: unknown, c?: unknown, d?: unknown): unknown {
  if (typeof fn !== "function") throw notCallable(fn, name, "function");
  const count = arguments.length - 3;
  if (self === undefined) {
    switch (count) {
      case 0:
        return fn();
      case 1:
        return fn(a);
      case 2:
        return fn(a, b);
      case 3:
        return fn(a, b, c);
      case 4:
        return fn(a, b, c, d);
    }
  } else {
    switch (count) {
      case 0:
        return callFunction(fn, self);
      case 1:
        return callFunction(fn, self, a);
      case 2:
        return callFunction(fn, self, a, b);
      case 3:
        return callFunction(fn, self, a, b, c);
      case 4:
        return callFunction(fn, self, a, b, c, d);
    }
  }
  const args: unknown[] = [];
  for (let i = 3; i < arguments.length; i++) args.push(arguments[i]);
  return applyFunction(fn, self, args);
}

/** The same with the arguments in an array (a call with spread arguments). */
export function apply(fn: unknown, self: unknown, name: string, args: unknown[]): unknown {
  if (typeof fn !== "function") throw notCallable(fn, name, "function");
  if (self === undefined && args.length === 0) return fn();
  return applyFunction(fn, self, args);
}

/** `new C(...args)`, where the source wrote the constructor `name`. */
export function construct(constructor: unknown, name: string, args: unknown[]): unknown {
  if (typeof constructor !== "function") throw notCallable(constructor, name, "constructor");
  if (reflectConstruct !== undefined) return reflectConstruct(constructor, args);
  // new (C.bind(null, ...args))(): `new.target` is C, as for `new C(...args)`.
  const bound = applyFunction(bindMethod, constructor, ([null] as unknown[]).concat(args)) as new () => unknown;
  return new bound();
}
