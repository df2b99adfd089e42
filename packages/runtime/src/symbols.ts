/**
 * Well-known symbols, with the string keys old engines and polyfills use when `Symbol` is missing.
 *
 * Babel's helpers and core-js look up `"@@iterator"` on engines without `Symbol.iterator`, so a
 * generator object answers to both: `g[Symbol.iterator]()` where it exists, `g["@@iterator"]()`
 * everywhere.
 */
import { SymbolConstructor, defineProperty } from "./intrinsics";

type Key = string | symbol;

export const iteratorSymbol: Key = (SymbolConstructor && SymbolConstructor.iterator) || "@@iterator";
export const asyncIteratorSymbol: Key = (SymbolConstructor && SymbolConstructor.asyncIterator) || "@@asyncIterator";
export const toStringTagSymbol: Key | undefined = (SymbolConstructor && SymbolConstructor.toStringTag) || undefined;

/** Defines `key` as a non-enumerable method or value, as built-in prototypes have them. */
export function define(target: object, key: Key, value: unknown): void {
  defineData(target, key, value, true, true);
}

/**
 * A non-enumerable data property `{ value, writable, configurable }`, as built-ins have them; an
 * assignment on engines that cannot define one.
 */
export function defineData(target: object, key: Key, value: unknown, writable: boolean, configurable: boolean): void {
  try {
    defineProperty(target, key, { value: value, writable: writable, enumerable: false, configurable: configurable });
  } catch (_e) {
    (target as Record<string, unknown>)[key as string] = value;
  }
}

/** Is `value` an object (including functions), as the spec's "Type(x) is Object"? */
export function isObject(value: unknown): value is object {
  return (typeof value === "object" && value !== null) || typeof value === "function";
}
