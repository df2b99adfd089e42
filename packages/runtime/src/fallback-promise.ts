/**
 * The promise of engines that have none (Duktape, MuJS, old Rhino): a small Promises/A+
 * implementation whose jobs run on the runtime's job loop (loop.ts). promise.ts picks it only when
 * there is no native `Promise`, so none of it runs where there is one.
 *
 * It follows the spec's job structure — one job per reaction (PromiseReactionJob) and one per
 * thenable being adopted (PromiseResolveThenableJob) — so callbacks run in the same order as with
 * a native promise:
 *
 *     new FallbackPromise(r => r(1)).then(log);   // log(1) runs in a later job, from the loop
 */
import { enqueueJob } from "./loop";
import { toStringTagSymbol, define, isObject } from "./symbols";
import { TypeError } from "./intrinsics";
import type { PromiseLike, PromiseConstructorLike } from "./promise";

const PENDING = 0;
const FULFILLED = 1;
const REJECTED = 2;

interface Reaction {
  onFulfilled: unknown;
  onRejected: unknown;
  resolve: (value?: unknown) => void;
  reject: (error?: unknown) => void;
}

interface FallbackState {
  state: number;
  value: unknown;
  reactions: Reaction[] | null;
}


function settle(promise: FallbackState, state: number, value: unknown): void {
  if (promise.state !== PENDING) return;
  promise.state = state;
  promise.value = value;
  const reactions = promise.reactions!;
  promise.reactions = null;
  for (let i = 0; i < reactions.length; i++) react(reactions[i], state, value);
}

/** PromiseReactionJob: call the handler later; its result settles the derived promise. */
function react(reaction: Reaction, state: number, value: unknown): void {
  enqueueJob(function () {
    const handler = state === FULFILLED ? reaction.onFulfilled : reaction.onRejected;
    if (typeof handler !== "function") {
      if (state === FULFILLED) reaction.resolve(value);
      else reaction.reject(value);
      return;
    }
    let result: unknown;
    try {
      result = handler(value);
    } catch (error) {
      reaction.reject(error);
      return;
    }
    reaction.resolve(result);
  });
}

/** CreateResolvingFunctions: the first call wins; resolving with a thenable adopts it later. */
function resolvingFunctions(promise: FallbackState) {
  let done = false;
  return {
    resolve: function (value?: unknown) {
      if (done) return;
      done = true;
      resolveWith(promise, value);
    },
    reject: function (error?: unknown) {
      if (done) return;
      done = true;
      settle(promise, REJECTED, error);
    }
  };
}

function resolveWith(promise: FallbackState, value: unknown): void {
  if (value === promise) {
    settle(promise, REJECTED, new TypeError("Chaining cycle detected for promise"));
    return;
  }
  if (isObject(value)) {
    let then: unknown;
    try {
      then = (value as { then?: unknown }).then;
    } catch (error) {
      settle(promise, REJECTED, error);
      return;
    }
    if (typeof then === "function") {
      // PromiseResolveThenableJob: the thenable's `then` runs in a later job.
      enqueueJob(function () {
        const functions = resolvingFunctions(promise);
        try {
          then.call(value, functions.resolve, functions.reject);
        } catch (error) {
          functions.reject(error);
        }
      });
      return;
    }
  }
  settle(promise, FULFILLED, value);
}

export function FallbackPromise(this: FallbackState, executor: (resolve: (value?: unknown) => void, reject: (error?: unknown) => void) => void) {
  if (!(this instanceof FallbackPromise)) throw new TypeError("Promise constructor cannot be invoked without 'new'");
  if (typeof executor !== "function") throw new TypeError("Promise resolver is not a function");
  this.state = PENDING;
  this.value = undefined;
  this.reactions = [];
  const functions = resolvingFunctions(this);
  try {
    executor(functions.resolve, functions.reject);
  } catch (error) {
    functions.reject(error);
  }
}

FallbackPromise.prototype.then = function (this: FallbackState, onFulfilled?: unknown, onRejected?: unknown) {
  let resolve: (value?: unknown) => void;
  let reject: (error?: unknown) => void;
  const derived = new (FallbackPromise as unknown as PromiseConstructorLike)(function (res, rej) {
    resolve = res;
    reject = rej;
  });
  const reaction: Reaction = { onFulfilled: onFulfilled, onRejected: onRejected, resolve: resolve!, reject: reject! };
  if (this.state === PENDING) this.reactions!.push(reaction);
  else react(reaction, this.state, this.value);
  return derived;
};
FallbackPromise.prototype["catch"] = function (this: PromiseLike, onRejected?: unknown) {
  return this.then(undefined, onRejected as (error: unknown) => unknown);
};
/** PromiseResolve: a promise of this kind is returned as it is. */
(FallbackPromise as unknown as PromiseConstructorLike).resolve = function (value?: unknown) {
  if (value instanceof FallbackPromise && (value as { constructor?: unknown }).constructor === FallbackPromise) return value as PromiseLike;
  return new (FallbackPromise as unknown as PromiseConstructorLike)(function (resolve) {
    resolve(value);
  });
};
(FallbackPromise as unknown as PromiseConstructorLike).reject = function (error?: unknown) {
  return new (FallbackPromise as unknown as PromiseConstructorLike)(function (_resolve, reject) {
    reject(error);
  });
};

if (toStringTagSymbol) define(FallbackPromise.prototype, toStringTagSymbol, "Promise");

/** Promise.all and Promise.race, for programs on engines that have no Promise of their own. */
(FallbackPromise as unknown as { all: unknown }).all = function (items: ArrayLike<unknown>) {
  return new (FallbackPromise as unknown as PromiseConstructorLike)(function (resolve, reject) {
    const results: unknown[] = [];
    let remaining = items.length;
    if (remaining === 0) resolve(results);
    for (let i = 0; i < items.length; i++) {
      (function (index: number) {
        (FallbackPromise as unknown as PromiseConstructorLike).resolve(items[index]).then(function (value) {
          results[index] = value;
          if (--remaining === 0) resolve(results);
        }, reject as (error: unknown) => unknown);
      })(i);
    }
  });
};
(FallbackPromise as unknown as { race: unknown }).race = function (items: ArrayLike<unknown>) {
  return new (FallbackPromise as unknown as PromiseConstructorLike)(function (resolve, reject) {
    for (let i = 0; i < items.length; i++) {
      (FallbackPromise as unknown as PromiseConstructorLike).resolve(items[i]).then(resolve as (v: unknown) => unknown, reject as (e: unknown) => unknown);
    }
  });
};
