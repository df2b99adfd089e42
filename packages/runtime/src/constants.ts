/**
 * The numbers and markers the machines share: a generator's state, what a resumption asks for, and
 * what a verb answers the loop that called the body. Their own module, so that the optional parts
 * of the runtime (tries.ts, delegate.ts) can use them without importing the machine itself.
 */

// The spec's generator states (GeneratorState).
export const SUSPENDED_START = 0;
export const SUSPENDED_YIELD = 1;
export const EXECUTING = 2;
export const COMPLETED = 3;

// What a resumption asks for, and the kinds of abrupt completion the try router carries.
export const NEXT = 0;
export const THROW = 1;
export const RETURN = 2;
export const JUMP = 3;

/** Returned by a verb when the body must be entered again at the (new) `state`. */
export const AGAIN = {};
/** Returned by `await`: the driver must wait for `awaited` to settle, then resume. */
export const AWAIT = {};
/** Returned by `yield*` in an async generator: the driver delegates to `awaited` (an iterable). */
export const DELEGATE = {};
/**
 * Left in `awaited` by `awaitNext` when it handed the request to an async generator of this runtime
 * directly: the generator resumes the awaiting machine itself (`resumeWhen`), the driver waits for nothing.
 */
export const REQUESTED = {};
