/**
 * The temporal dead zone of `let`, `const` and class bindings that lowering hoisted to `var`s
 * (the plugin's tdz.ts decides where these are needed; most uses need none):
 *
 *     log(x); let x = 1;                  log(_stepwise.tdz("x"));        (always too early)
 *     f = () => x; ... let x = 1;         x = _stepwise.uninitialized;    (at the scope's entry)
 *                                         ... _stepwise.checked(x, "x") ...   (in the closure)
 */

import { ReferenceErrorConstructor, Error } from "./intrinsics";

/** What a binding holds from its scope's entry until its declaration runs: only this runtime makes it. */
export const uninitialized: object = {};

/** Reading or writing a binding in its dead zone: V8's ReferenceError. */
export function tdz(name: string): never {
  const message = "Cannot access '" + name + "' before initialization";
  if (ReferenceErrorConstructor !== undefined) throw new ReferenceErrorConstructor(message);
  const error = new Error(message);
  error.name = "ReferenceError";
  throw error;
}

/** A read that may come before the declaration: the value, or the ReferenceError. */
export function checked<T>(value: T, name: string): T {
  if (value === uninitialized) tdz(name);
  return value;
}

/** `x = value` that may come before the declaration: value was evaluated first, then the store checks. */
export function checkedWrite<T>(value: T, current: unknown, name: string): T {
  if (current === uninitialized) tdz(name);
  return value;
}
