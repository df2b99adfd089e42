/**
 * The TypeErrors of the iteration protocols, worded as V8 words them, so that a lowered body fails
 * with the message the source would have failed with (users' tests compare `e.message`).
 *
 * Where V8 prints the source's text (`for (const x of o.list)` → "o.list is not iterable") the
 * plugin passes that text, and the runtime only appends the ending. Where it has none, V8 describes
 * the value by its type:
 *
 *     for (const x of v)         v = 5      "v is not iterable"                       (text from the plugin)
 *     yield* v                   v = 5      "number 5 is not iterable (cannot read property Symbol(Symbol.iterator))"
 *     { next: 5 }                           "number 5 is not a function"
 *
 * The messages are built only when throwing: nothing here runs on the success path.
 */
import { toText, TypeError } from "./intrinsics";

/** A value as V8 describes it where it has no text for it: `undefined`, `object null`, `number 5`, `string "s"`, `object`. */
export function describeValue(value: unknown): string {
  if (value === null) return "object null";
  const type = typeof value;
  return type === "string" ? 'string "' + value + '"' : type === "number" || type === "boolean" ? type + " " + toText(value) : type;
}

/** The TypeError of calling a protocol method that is not callable (`next`, `return`, `throw`, `[Symbol.iterator]`). */
export function notAFunction(value: unknown): TypeError {
  return new TypeError(describeValue(value) + " is not a function");
}

/** IteratorComplete/IteratorValue need an object: the TypeError of a `next`/`return`/`throw` result that is not one. */
export function notAnObjectResult(result: unknown): TypeError {
  return new TypeError("Iterator result " + toText(result) + " is not an object");
}

/** The ending of V8's "… is not iterable" where it describes the value. */
export const NOT_ITERABLE_DESCRIBED = " is not iterable (cannot read property Symbol(Symbol.iterator))";

/**
 * The subject of V8's "… is not iterable" from the plugin's text. A call's value comes as "f(...)":
 * V8 says "f is not a function or its return value", and for `for await` "f(...) is not a function
 * or its return value" (`keepCall`).
 */
export function subjectOf(text: string, keepCall: boolean): string {
  if (text.slice(-5) !== "(...)") return text;
  return (keepCall ? text : text.slice(0, -5)) + " is not a function or its return value";
}

/**
 * GetIterator's TypeError for a value without an iterator method: the source's text and " is not
 * iterable" where the plugin passed one, else V8's description of the value.
 */
export function notIterable(value: unknown, text: string | undefined): TypeError {
  return new TypeError(text !== undefined ? subjectOf(text, false) + " is not iterable" : describeValue(value) + NOT_ITERABLE_DESCRIBED);
}

/**
 * GetMethod(object, key): the method, or undefined when the property is undefined or null (so
 * `{ return: null }` has no `return`); anything else that is not callable is a TypeError.
 */
export function getMethod(object: unknown, key: string): Function | undefined {
  return methodOrUndefined((object as Record<string, unknown>)[key]);
}

/** GetMethod's check of a property value already read: undefined for undefined or null, else it must be callable. */
export function methodOrUndefined(method: unknown): Function | undefined {
  if (method == null) return undefined;
  if (typeof method !== "function") throw notAFunction(method);
  return method;
}
