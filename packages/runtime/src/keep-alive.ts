/**
 * What the runtime keeps alive so that the engine's optimized code survives a full garbage
 * collection.
 *
 * V8 holds some of what its optimized code depends on only weakly, and at a full collection drops
 * whatever no live object still uses; code that depended on it is thrown away and the next call
 * runs unoptimized until the engine has compiled it again. Native generators are not hit by this,
 * because what they depend on hangs off the generator function itself. A lowered generator is made
 * of objects that die with each call, so a program that runs a generator, sits idle, collects, and
 * runs it again (a server between requests; the benchmark, which collects before every run) would
 * pay the warm-up each time. Measured on Node 20 with a full collection before every run:
 *
 *   - the early-return workload (1e5 short generators) ran at 1.1x native in some runs and 2x in
 *     others: the shape `Object.create(fn.prototype)` gives generator objects is remembered only
 *     weakly, and every caller optimized for it deoptimized after a collection that found no
 *     generator object of `fn` alive. `keepShape` keeps one such object per function.
 *   - the lexer workload (one generator, 200,000 yields) ran at 2.1x native: the body closure is
 *     new at every call, and its optimized code (10 ms of compiling for a big switch) is kept only
 *     as long as some closure of that function literal lives. With the last one kept, 1.0x.
 *     `keepWarm` keeps the most recent body of the last few functions that made one.
 *   - the machines' own shape is kept the same way, by one machine of each kind that lives as long
 *     as the runtime (`Context.keptAlive` and its subclasses').
 *
 * The cost is memory: one small object per generator function (in a WeakMap, so it goes with the
 * function and is not visible on it), and the bodies of at most RECENT calls in the whole program,
 * with the variables they close over, until calls of other functions replace them — the same kind
 * of bounded retention as an engine keeping the subject of the last regular-expression match.
 */

declare const WeakMap: (new () => { set(key: object, value: object): unknown }) | undefined;

/** Owner (a generator function, or a prototype for methods) → an object of its objects' shape. */
const shapeKeepers = typeof WeakMap === "function" ? new WeakMap() : undefined;

/**
 * Keeps `sample`, an object of the shape `owner`'s generator objects have, alive as long as `owner`
 * is. Engines without WeakMap are not V8 of this era and have no such problem to solve.
 */
export function keepShape(owner: object, sample: object): void {
  if (shapeKeepers !== undefined) shapeKeepers.set(owner, sample);
}

/** How many functions' latest bodies are kept: a lexer and its consumer, with room to spare. */
const RECENT = 4;
/**
 * Pairs: the owner at an even index, its latest body after it. One array, read by the owner check,
 * because minifiers and bundlers drop stores into an array nothing reads (rollup removed a
 * bodies-only array, and with it what this module is for).
 */
const recent: unknown[] = [undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined];
/** Where the pair written last starts. */
let newest = 0;

/**
 * Keeps `body`, just made by a call of `owner` (null for methods and arrows), as that function's
 * latest body. Consecutive calls of one function overwrite one pair, so a loop that makes many
 * generators of one function does not push out the others.
 */
export function keepWarm(owner: unknown, body: unknown): void {
  if (recent[newest] !== owner) {
    newest = (newest + 2) % (2 * RECENT);
    recent[newest] = owner;
  }
  recent[newest + 1] = body;
}
