/**
 * The promise the runtime uses: the engine's own `Promise` when there is one (so results are
 * real promises and `instanceof Promise` holds), otherwise the Promises/A+ fallback of
 * fallback-promise.ts, whose jobs run on the runtime's job loop. `await` and the async drivers
 * reach it through what this module captures once, at load: a `Promise` replaced or patched later
 * changes nothing, and engine.ts finds the engine's own even where a library replaced the global
 * before the runtime loaded (in the native build; the ES5 build can only read the global).
 */
import { FallbackPromise } from "./fallback-promise";
import { enginePromise } from "./engine";

export interface PromiseLike {
  then(onFulfilled?: ((value: unknown) => unknown) | null, onRejected?: ((error: unknown) => unknown) | null): PromiseLike;
}
export interface PromiseConstructorLike {
  new (executor: (resolve: (value?: unknown) => void, reject: (error?: unknown) => void) => void): PromiseLike;
  resolve(value?: unknown): PromiseLike;
  reject(error?: unknown): PromiseLike;
  prototype: PromiseLike;
}
/** The promise constructor the runtime uses (and exports, for code on engines without one). */
export const PromiseImpl: PromiseConstructorLike = enginePromise !== undefined ? enginePromise : (FallbackPromise as unknown as PromiseConstructorLike);

/** Captured once: code that patches them later does not change what `await` does. Call with PromiseImpl. */
export const promiseResolve = PromiseImpl.resolve;
export const promiseReject = PromiseImpl.reject;
export const promiseThen = PromiseImpl.prototype.then;

/**
 * `new PromiseImpl(capture)` makes a promise and leaves its resolving functions in `captured`
 * (the executor runs synchronously): one shared executor instead of a new closure per promise.
 * Read them at once, before making another promise.
 */
export const captured: { resolve: (value?: unknown) => void; reject: (error?: unknown) => void } = {
  resolve: unset,
  reject: unset,
};
function unset(): void {}
export function capture(resolve: (value?: unknown) => void, reject: (error?: unknown) => void): void {
  captured.resolve = resolve;
  captured.reject = reject;
}
