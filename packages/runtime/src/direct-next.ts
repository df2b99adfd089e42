/**
 * `for await` over an async generator of this runtime: the request goes to the generator directly
 * (async-generator.ts's `requestNext`), without a promise of its own. With `runtime: "inline"` only
 * files that make async generators carry this module (key "asyncGenerators", scripts/bundle.mjs):
 * elsewhere no iterator can be one of the runtime's own.
 *
 * Nothing observable changes: the loop read `next` once, it is the intrinsic one, and the promise
 * it would have returned was awaited at once. The machine must be of this copy of the runtime
 * (copies share the generator objects' prototype and slot, realm.ts, but not their machinery).
 */
import type { Context } from "./machine";
import type { IteratorLike } from "./iterate";
import { AsyncGeneratorContext, AsyncGeneratorPrototype, asyncGeneratorOf, requestNext, Awaiting } from "./async-generator";

const asyncGeneratorNext = AsyncGeneratorPrototype.next;

/** What `consumer` awaits for `next.call(iterator)` when the request can go directly (else undefined). */
export function directNext(consumer: Context, iterator: IteratorLike, next: IteratorLike["next"]): unknown {
  if (next !== asyncGeneratorNext) return undefined;
  const machine = asyncGeneratorOf(iterator);
  if (!(machine instanceof AsyncGeneratorContext)) return undefined;
  return requestNext(machine, consumer as Context & Awaiting);
}
