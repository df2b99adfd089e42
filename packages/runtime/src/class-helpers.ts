/**
 * `__extends`, the one helper TypeScript's ES5 output of `class A extends B` calls, written with
 * the built-ins intrinsics.ts captured: tslib's own reads the global `Object` while the runtime
 * loads, which a module that inlines the runtime may have declared for itself (hoisted, so still
 * undefined). scripts/bundle.mjs resolves the compiled code's `import { __extends } from "tslib"`
 * here.
 */
import { create, defineProperty, setPrototypeOf } from "./intrinsics";

export function __extends(derived: Function, base: Function): void {
  if (setPrototypeOf !== undefined) {
    setPrototypeOf(derived, base); // static members inherit, as with `class`
  } else {
    for (const key in base) {
      if ({}.hasOwnProperty.call(base, key)) (derived as unknown as Record<string, unknown>)[key] = (base as unknown as Record<string, unknown>)[key];
    }
  }
  const proto = create(base.prototype);
  defineProperty(proto, "constructor", { value: derived, writable: true, enumerable: false, configurable: true });
  derived.prototype = proto;
}
