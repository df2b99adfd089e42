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
 *     generator object of `fn` alive. Keeping the latest one keeps the shape.
 *   - the lexer workload (one generator, 200,000 yields) ran at 2.1x native: the body closure is
 *     new at every call, and its optimized code (10 ms of compiling for a big switch) is kept only
 *     as long as some closure of that function literal lives. With the latest one kept, 1.0x.
 *   - the machines' own shape is kept the same way, by one machine of each kind that lives as long
 *     as the runtime (`Context.keptAlive` and its subclasses').
 *
 * So `keepWarm` keeps, for the last RECENT coroutine functions called, the object of their latest
 * call: the generator object (its shape), which holds its machine, which holds the body. (An
 * async function's machine lets go of its body when the call completes: async.ts, `release`.) The cost
 * is memory, bounded: those few calls' variables and machines stay reachable until calls of other
 * functions replace them — the same kind of retention as an engine keeping the subject of the
 * last regular-expression match. (A per-function keeper in a WeakMap,
 * tried first, made every creation of a generator function closure ~450 ns dearer.)
 */

/** How many functions' latest calls are kept: a lexer and its consumer, with room to spare. */
const RECENT = 4;
/** Per function: its owner, and the object of its latest call. */
const SLOT = 2;
/**
 * The slots, one after the other. One array, read by the owner check, because minifiers and
 * bundlers drop stores into an array nothing reads (rollup removed a bodies-only array, and with
 * it what this module is for).
 */
const recent: unknown[] = emptySlots(RECENT * SLOT);
/** `length` slots holding undefined (the array's final size, so that no store grows it). */
function emptySlots(length: number): unknown[] {
  const slots: unknown[] = [];
  for (let i = 0; i < length; i++) slots.push(undefined);
  return slots;
}
/** Where the slot written last starts. */
let newest = 0;

/**
 * Keeps `object` (a generator object, or an async function's machine), just made by a call of
 * `owner` (null for methods and arrows), as that function's latest. Consecutive calls of one
 * function overwrite one slot, so a loop that makes many generators of one function does not push
 * out the others. (One store per call: each store of a new object into this old array costs the
 * collector a remembered-set entry, measurable on a workload of a million short generators.)
 */
export function keepWarm(owner: unknown, object: unknown): void {
  // The latest, not the first of a run of calls (which would spare this store): an object made
  // during warm-up can carry a map the engine has since replaced, and keeping it kept nothing the
  // optimized code needs (the await loop ran 1.5x slower).
  if (recent[newest] !== owner) {
    newest = (newest + SLOT) % (RECENT * SLOT);
    recent[newest] = owner;
  }
  recent[newest + 1] = object;
}
