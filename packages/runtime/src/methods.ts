/**
 * Generator, async and async generator *methods* (object literals and classes) as the functions
 * they are natively: each a GeneratorFunction (AsyncFunction, AsyncGeneratorFunction) with, for
 * the generator kinds, its own `prototype`, from which the objects its calls make inherit.
 *
 * A lowered function declaration refers to itself by its name; a method has no name to refer to
 * itself by, and is made anew each time its object literal or class is evaluated. So the plugin
 * wraps that literal or class in a function of an array, `_methods`, that the runtime makes for
 * each evaluation; once the object exists, the runtime finds each lowered method under its key,
 * marks it, and leaves it in the array, where the method's body reads it:
 *
 *     var o = { *m() { yield 1; } };
 *       becomes
 *     var o = _stepwise.withMethods(function (_methods) {
 *       return { m() { return _stepwise.generator(_methods[0], this, function (_ctx) { ... }); } };
 *     }, [_stepwise.mark, "m", 1]);
 *
 * `marks` lists, for each lowered method in order, how to mark it (the runtime's `mark`,
 * `markAsync` or `markAsyncGenerator`), its key (null for a computed one, which the literal passed
 * through `methodKey` as it was evaluated) and where it lives: 1 on the object (or class: static),
 * 0 on the class's prototype. A key that a later property replaced (or a getter took) leaves
 * `null`, and its machine falls back to the kind's shared prototype, as before any of this.
 */
import { getOwnPropertyDescriptor } from "./intrinsics";
import { toPropertyKey } from "./objects";
import { setName } from "./realm";

/** A computed method key, converted once where the literal evaluates it, and kept for `withMethods`. */
export function methodKey(methods: unknown[], index: number, key: unknown): unknown {
  const converted = toPropertyKey(key);
  methods[index] = converted;
  return converted;
}

/**
 * Evaluates `build(methods)` (an object literal or a class), then marks its lowered methods and
 * leaves each in `methods`. `name`: an anonymous class's name (or the property key that names it),
 * which the call around it hides from the name inference that would give it natively
 * (`const C = class {}`).
 */
export function withMethods<T>(build: (methods: unknown[]) => T, marks: unknown[], name?: string | symbol): T {
  const methods: unknown[] = [];
  const made = build(methods);
  for (let i = 0, m = 0; i < marks.length; i += 3, m++) {
    const mark = marks[i] as (fn: Function) => Function;
    const key = marks[i + 1] !== null ? marks[i + 1] : methods[m];
    const home = marks[i + 2] === 1 ? made : (made as unknown as { prototype: object }).prototype;
    const descriptor = home != null ? getOwnPropertyDescriptor(home as object, key as string) : undefined;
    const fn = descriptor !== undefined ? descriptor.value : undefined;
    methods[m] = typeof fn === "function" ? mark(fn) : null;
  }
  if (name !== undefined) setName(made as unknown as Function, name);
  return made;
}
