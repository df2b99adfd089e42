/**
 * Iteration where the engine has no `Symbol.iterator` (Duktape without symbol keys on arrays, MuJS,
 * old Rhino, ES5 browsers): arrays, strings (by code point) and `arguments` are walked by index.
 * Only files whose Babel targets include such engines carry this module with `runtime: "inline"`
 * (its key is "fallback:Symbol", scripts/bundle.mjs); elsewhere `arrayLikeIterator` is undefined,
 * and iterate.ts never needs it: those values have a `Symbol.iterator` method there.
 */
import { objectToString } from "./intrinsics";
import type { IteratorLike } from "./iterate";
import { iteratorSymbol } from "./symbols";

/**
 * Did arrays and strings have an iterator method when the runtime loaded? Where they did (this
 * module inlined for old targets, run on a newer engine), one missing later was deleted by the
 * program, and iterating is a TypeError as natively.
 */
const arraysIterable = typeof ([] as unknown as Record<string, unknown>)[iteratorSymbol as unknown as string] === "function";
const stringsIterable = typeof ("" as unknown as Record<string, unknown>)[iteratorSymbol as unknown as string] === "function";

/** Walks an array-like by index. */
function ArrayLikeIterator(this: { list: ArrayLike<unknown>; index: number }, list: ArrayLike<unknown>) {
  this.list = list;
  this.index = 0;
}
ArrayLikeIterator.prototype.next = function (this: { list: ArrayLike<unknown> | null; index: number }) {
  const list = this.list;
  if (list === null || this.index >= list.length) {
    this.list = null;
    return { value: undefined, done: true };
  }
  let value = list[this.index++];
  if (typeof list === "string") {
    // Strings iterate by code point: keep a surrogate pair together.
    const first = (value as string).charCodeAt(0);
    const next = this.index < list.length ? list.charCodeAt(this.index) : 0;
    if (first >= 0xd800 && first <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      value = (value as string) + list.charAt(this.index++);
    }
  }
  return { value: value, done: false };
};

/** An iterator over `value` if it is a string, an array or an `arguments` object; else undefined. */
export const arrayLikeIterator: ((value: unknown) => IteratorLike | undefined) | undefined = function (value: unknown) {
  if (typeof value === "string" ? stringsIterable : arraysIterable) return undefined;
  const tag = objectToString.call(value);
  if (typeof value !== "string" && tag !== "[object Array]" && tag !== "[object Arguments]") return undefined;
  return new (ArrayLikeIterator as unknown as new (list: ArrayLike<unknown>) => IteratorLike)(value as ArrayLike<unknown>);
};
