/**
 * Object operations lowered code needs in ES5: for-in key lists, `{ ...spread }`, object patterns
 * (the check before one is taken apart, and its rest) and properties defined (not assigned) in
 * object literals.
 */
import { defineProperty, objectKeys, getOwnPropertySymbols, propertyIsEnumerable, toObject, toText, freeze, TypeError } from "./intrinsics";
import { setName } from "./realm";
import { describeValue } from "./iteration-errors";

/**
 * The keys a `for-in` loop would visit, collected up front because the loop's body is spread over
 * several states; the lowered loop skips a key that was deleted before its turn (`key in object`).
 */
export function keys(object: unknown): string[] {
  const out: string[] = [];
  // eslint-disable-next-line guard-for-in -- for-in itself is being emulated, prototype keys included
  for (const key in object as object) out.push(key);
  return out;
}

/**
 * RequireObjectCoercible of an object pattern's value, before any of its computed keys or targets
 * runs, failing as V8 words it: `text` is the source's text for the value ("" for a parameter's
 * pattern and a nested one: the value is described), `key` the pattern's first key when it is not
 * computed:
 *
 *     const { a } = res       _ref = _stepwise.destructurable(res, "res", "a")
 *                             // TypeError: Cannot destructure property 'a' of 'res' as it is undefined.
 *     const { [k]: a } = res  // TypeError: Cannot destructure 'res' as it is undefined.
 */
export function destructurable(value: unknown, text?: string, key?: string): unknown {
  if (value == null) {
    const subject = "'" + (text ? text : describeValue(value)) + "' as it is " + value + ".";
    throw new TypeError("Cannot destructure " + (key !== undefined ? "property '" + key + "' of " + subject : subject));
  }
  return value;
}

/** `{ ...rest } = source`: own enumerable properties except those the pattern already took. */
export function objectRest(source: unknown, taken: unknown[]): Record<string | symbol, unknown> {
  if (source == null) throw new TypeError("Cannot destructure " + toText(source));
  const out: Record<string | symbol, unknown> = {};
  const copied = spreadProps(out, source);
  for (let i = 0; i < taken.length; i++) delete copied[taken[i] as string];
  return copied;
}

/** A property defined by an object literal (CreateDataProperty), not assigned through setters. */
export function defineValue(target: object, key: unknown, value: unknown): void {
  defineProperty(target, key as string, { value: value, writable: true, enumerable: true, configurable: true });
}

/**
 * A method or accessor of an object literal, defined after a suspension: named as the literal
 * names it (SetFunctionName: the key, "[description]" for a symbol, "get "/"set " before it), and
 * defined as the literal defines it (an accessor keeps the other half of a get/set pair).
 */
export function defineMethod(target: object, key: unknown, fn: Function, kind: string): void {
  setName(fn, key, kind === "method" ? undefined : kind);
  if (kind === "method") defineValue(target, key, fn);
  else if (kind === "get") defineProperty(target, key as string, { get: fn as () => unknown, enumerable: true, configurable: true });
  else defineProperty(target, key as string, { set: fn as (v: unknown) => void, enumerable: true, configurable: true });
}

/** `{ ...source }`: CopyDataProperties, own enumerable keys (symbols too), reading getters once. */
export function spreadProps(target: Record<string | symbol, unknown>, source: unknown): Record<string | symbol, unknown> {
  if (source == null) return target;
  const from = toObject(source) as Record<string | symbol, unknown>;
  const names: (string | symbol)[] = objectKeys(from);
  if (getOwnPropertySymbols !== undefined) {
    const symbols = getOwnPropertySymbols(from);
    for (let i = 0; i < symbols.length; i++) {
      if (propertyIsEnumerable.call(from, symbols[i])) names.push(symbols[i]);
    }
  }
  for (let i = 0; i < names.length; i++) {
    defineProperty(target, names[i] as string, {
      value: from[names[i] as string],
      writable: true,
      enumerable: true,
      configurable: true
    });
  }
  return target;
}

/**
 * A place read and written through two functions: `super[key]` as an assignment target, where the
 * lowered code cannot write `super` (`_superRef(key).value += 1`, `[_superRef(key).value] = list`).
 */
export function reference(get: () => unknown, set: (value: unknown) => void): { value: unknown } {
  const place = {} as { value: unknown };
  defineProperty(place, "value", { get: get, set: set, enumerable: true, configurable: true });
  return place;
}

/**
 * A tagged template's template object: the cooked strings (undefined where an escape is invalid),
 * frozen, with the raw strings, frozen too, as `raw`. Made once per call site, so the tag receives
 * the same array each time that site is evaluated.
 */
export function template(cooked: unknown[], raw: unknown[]): unknown[] {
  defineProperty(cooked, "raw", { value: freeze ? freeze(raw) : raw });
  return freeze ? freeze(cooked) : cooked;
}

/** A write to a `const` binding (hoisted to a `var`) fails as it natively would. */
export function readOnly(name: string): never {
  throw new TypeError("Assignment to constant variable '" + name + "'.");
}

/**
 * A `const` binding as the target of a destructuring assignment or a for-in/for-of head
 * (`[c] = xs`, `for (c of xs)`): `readOnlyTarget("c").value`, whose write fails as the binding's
 * would, at the same point (after the value for it was taken from the iterator or object).
 */
export function readOnlyTarget(name: string): { value: unknown } {
  const target = {} as { value: unknown };
  defineProperty(target, "value", {
    set: function () {
      readOnly(name);
    },
  });
  return target;
}

/**
 * `for (key in value)`: the object whose keys the lowered loop walks and tests with `in` (ToObject;
 * null and undefined give an empty object, which a native for-in skips the same way). A runtime
 * helper rather than `Object(value)` in the output, which a program's own `Object` would change.
 */
export function forInObject(value: unknown): object {
  return toObject(value);
}

/** A rest parameter: the arguments from index `from` on (`Array.prototype.slice`, unpatchable). */
export function restArguments(args: ArrayLike<unknown>, from: number): unknown[] {
  const rest: unknown[] = [];
  for (let i = from; i < args.length; i++) rest.push(args[i]);
  return rest;
}

/** ToPropertyKey: what a computed key becomes, at the moment the spec converts it. */
export function toPropertyKey(key: unknown): unknown {
  return typeof key === "symbol" ? key : toText(key);
}
