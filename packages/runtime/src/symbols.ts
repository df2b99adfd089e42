/**
 * Well-known symbols, with the string keys old engines and polyfills use when `Symbol` is missing.
 *
 * Babel's helpers and core-js look up `"@@iterator"` on engines without `Symbol.iterator`, so a
 * generator object answers to both: `g[Symbol.iterator]()` where it exists, `g["@@iterator"]()`
 * everywhere.
 */

declare const Symbol: { (description?: string): symbol; iterator?: symbol; asyncIterator?: symbol; toStringTag?: symbol };

type Key = string | symbol;

const hasSymbol = typeof Symbol === "function";

export const iteratorSymbol: Key = (hasSymbol && Symbol.iterator) || "@@iterator";
export const asyncIteratorSymbol: Key = (hasSymbol && Symbol.asyncIterator) || "@@asyncIterator";
export const toStringTagSymbol: Key | undefined = (hasSymbol && Symbol.toStringTag) || undefined;

/** Defines `key` as a non-enumerable method or value, as built-in prototypes have them. */
export function define(target: object, key: Key, value: unknown): void {
  try {
    Object.defineProperty(target, key as string, { value: value, writable: true, configurable: true, enumerable: false });
  } catch (_e) {
    (target as Record<string, unknown>)[key as string] = value;
  }
}

/** Is `value` an object (including functions), as the spec's "Type(x) is Object"? */
export function isObject(value: unknown): value is object {
  return (typeof value === "object" && value !== null) || typeof value === "function";
}
