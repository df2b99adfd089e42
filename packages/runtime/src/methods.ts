/**
 * Generator, async and async generator *methods* (object literals and classes) as the functions
 * they are natively: each a GeneratorFunction (AsyncFunction, AsyncGeneratorFunction) with, for
 * the generator kinds, its own `prototype`, from which the objects its calls make inherit.
 *
 * A lowered function declaration refers to itself by its name; a method has no name to refer to
 * itself by, and is made anew each time its object literal or class is evaluated. So the plugin
 * wraps that literal or class in a function of an array, `_methods`, that the runtime makes for
 * each evaluation; once the methods exist, the runtime finds each lowered method under its key,
 * marks it, and leaves it in the array, where the method's body reads it:
 *
 *     var o = { *m() { yield 1; } };
 *       becomes
 *     var o = _stepwise.withMethods(function (_methods) {
 *       return { m() { return _stepwise.generator(_methods[0], this, function (_ctx) { ... }); } };
 *     }, [_stepwise.mark, "m", 1]);
 *
 * When is "once the methods exist"? A literal's methods cannot be reached before the literal is
 * complete, so `withMethods` marks them then. A class defines all its methods first and then runs
 * its static fields and blocks in order, any of which may call a method, replace one (`this.m =
 * this.m.bind(this)`, a static field of the same name) or freeze one: the plugin puts the marking
 * (`markMethods`, with `this`, the class) in front of the first static element that runs code,
 * and `withMethods` gets no marks; a class without one is marked by `withMethods` afterwards:
 *
 *     class C { async m() { ... } static x = new C().m(); }
 *       becomes
 *     let C = _stepwise.withMethods(_methods => class C {
 *       m() { ... _methods[0] ... }
 *       static x = (_stepwise.markMethods(_methods, this, [_stepwise.markAsync, "m", 0]), new C().m());
 *     }, null);
 *
 * `marks` lists, for each lowered method in order, how to mark it (the runtime's `mark`,
 * `markAsync` or `markAsyncGenerator`), its key and where it lives: 1 on the object (or class:
 * static), 0 on the class's prototype. The key is the property key; null for a computed one, which
 * the literal passed through `methodKey` as it was evaluated (left in `_methods` at the method's
 * index); `false` for a method the plugin cannot tell apart from what a later member may have put
 * under its key (a spread after it): never looked up, its machine falls back to the kind's shared
 * prototype. A key may come with *rivals*, `[key, rival...]`: the keys of later members that
 * replace the method if equal to its key (a static key, or the index in `_methods` where
 * `methodKey` left a computed one); an equal one leaves the method unmarked too. Only functions
 * the literal or class made are ever marked; what a spread or a later member put there is not.
 */
import { getOwnPropertyDescriptor } from "./intrinsics";
import { toPropertyKey } from "./objects";
import { setName } from "./realm";

/** A computed key, converted once where the literal or class evaluates it, and kept for the marking. */
export function methodKey(methods: unknown[], index: number, key: unknown): unknown {
  const converted = toPropertyKey(key);
  methods[index] = converted;
  return converted;
}

/**
 * Marks the lowered methods of `made` (a finished literal, or a class whose methods are all
 * defined) and leaves each in `methods` (null for one not found).
 */
export function markMethods(methods: unknown[], made: unknown, marks: unknown[]): void {
  for (let i = 0, m = 0; i < marks.length; i += 3, m++) {
    const mark = marks[i] as (fn: Function) => Function;
    let key = marks[i + 1];
    let fn: unknown;
    if (key !== false) {
      let rivals: unknown[] | null = null;
      if (typeof key === "object" && key !== null) {
        rivals = key as unknown[];
        key = rivals[0];
      }
      if (key === null) key = methods[m];
      const home = marks[i + 2] === 1 ? made : (made as { prototype: object }).prototype;
      const descriptor = home != null && !replaced(methods, key, rivals) ? getOwnPropertyDescriptor(home as object, key as string) : undefined;
      fn = descriptor !== undefined ? descriptor.value : undefined;
    }
    methods[m] = typeof fn === "function" ? mark(fn) : null;
  }
}

/** Is `key` among `rivals` (after the key itself: static keys, or indices in `methods`)? */
function replaced(methods: unknown[], key: unknown, rivals: unknown[] | null): boolean {
  if (rivals === null) return false;
  for (let r = 1; r < rivals.length; r++) {
    const rival = typeof rivals[r] === "number" ? methods[rivals[r] as number] : rivals[r];
    if (rival === key) return true;
  }
  return false;
}

/**
 * Evaluates `build(methods)` (an object literal or a class), then marks its lowered methods
 * (unless `marks` is null: the class marked them itself). `name`: an anonymous class's name (or
 * the property key that names it), which the call around it hides from the name inference that
 * would give it natively (`const C = class {}`).
 */
export function withMethods<T>(build: (methods: unknown[]) => T, marks: unknown[] | null, name?: string | symbol): T {
  const methods: unknown[] = [];
  const made = build(methods);
  if (marks !== null) markMethods(methods, made, marks);
  if (name !== undefined) setName(made as unknown as Function, name);
  return made;
}
