/**
 * Exceptions and `finally`: the try router and the verbs of try tables. Only files whose lowered
 * functions have a try table carry this module with `runtime: "inline"` (its key is "tries",
 * scripts/bundle.mjs; the machine reaches `route` only when it has a table).
 *
 * A `try` statement whose blocks contain a suspension cannot stay a native `try` (a case cannot
 * start inside one), so the plugin describes it in a table instead: the case numbers where its
 * `try`, `catch` and `finally` blocks start and where it ends. The cases are numbered in source
 * order, so "is case 5 inside this try block?" is a range check. When the body throws, the machine
 * catches the exception and `route`s it: to the innermost `catch` whose try block holds the current
 * state, or to a `finally` after recording the exception as that finally's pending completion.
 * `return` and `break`/`continue` that cross a `finally` are routed the same way, and
 * `endFinally(i)` at the end of finally block `i` resumes whatever was pending.
 *
 *     try { yield 1; } finally { log("done"); }      tries: [{ try: 1, catch: 0, finally: 2, end: 3 }]
 *       case 1: return _ctx.yield(1, 2);              return() at case 2: route → pending RETURN, state 2
 *       case 2: log("done"); return _ctx.endFinally(0);   → the pending return completes the generator
 */
import { THROW, JUMP, AGAIN } from "./constants";
import { ArrayConstructor, Error } from "./intrinsics";
import type { Context } from "./machine";

/**
 * Sends an abrupt completion (an exception, a return, a jump to case `value`) from the current
 * state to the innermost `catch` or `finally` that must see it. Returns false when no handler
 * stands in the way: the completion leaves the try statements (or the function).
 */
export function route(ctx: Context, type: number, value: unknown): boolean {
  const tries = ctx.tries!;
  const at = ctx.state;
  for (let i = tries.length - 1; i >= 0; i--) {
    const entry = tries[i];
    if (at < entry["try"] || at >= entry.end) continue; // not inside this try statement
    if (type === JUMP && (value as number) >= entry["try"] && (value as number) < entry.end) continue; // stays inside it
    const catchAt = entry["catch"];
    const finallyAt = entry["finally"];
    if (type === THROW && catchAt !== 0 && at < catchAt) {
      ctx.state = catchAt;
      ctx.caught = value;
      return true;
    }
    if (finallyAt !== 0) {
      const pending = ctx.pending || (ctx.pending = newPending(tries.length));
      if (at < finallyAt) {
        pending[2 * i] = type;
        pending[2 * i + 1] = value;
        ctx.state = finallyAt;
        return true;
      }
      // Leaving a finally block abruptly discards the completion it was holding.
      pending[2 * i] = pending[2 * i + 1] = undefined;
    }
  }
  return false;
}

/**
 * The pending-completion slots for a try table of `rows` rows, at their final length: an empty
 * array grown by its first store would reserve room for 17 elements, and early `return()` through
 * a `finally` (closing a `for-of`) makes one of these per generator. A one-row table's is a
 * literal: allocated inline by optimized code (`new Array(n)` is a call), 4% of the early-return
 * workload's time.
 */
function newPending(rows: number): unknown[] {
  if (rows === 1) return [undefined, undefined];
  const pending = new ArrayConstructor<unknown>(2 * rows);
  for (let i = 0; i < pending.length; i++) pending[i] = undefined;
  return pending;
}

/**
 * `throw value` from the body's own code (not inside a native `try` or a nested function): sent
 * to its catch or finally block without a JavaScript exception, which costs the engine far more
 * than a jump; with no handler in the way, it is thrown for real.
 */
export function raise(this: Context, value: unknown): unknown {
  if (route(this, THROW, value)) return AGAIN;
  throw value;
}

/** `break`/`continue` that leaves a `finally`-guarded block: run the finally blocks on the way. */
export function jump(this: Context, target: number): void {
  if (!route(this, JUMP, target)) this.state = target;
}

/** The end of try table row `index`'s finally block: carry on with what was pending before it. */
export function endFinally(this: Context, index: number): unknown {
  const pending = this.pending;
  this.state = this.tries![index].end;
  const type = pending === null ? undefined : pending[2 * index];
  if (type === undefined) return AGAIN;
  const value = pending![2 * index + 1];
  pending![2 * index] = pending![2 * index + 1] = undefined;
  if (type === THROW) throw value;
  if (type === JUMP) {
    this.jump(value as number);
    return AGAIN;
  }
  return this.finish(value);
}

/**
 * The lowered call passed its try table's variable before the file's top ran (a module import
 * cycle calling a function of this module before its body): without the table, `catch` and
 * `finally` would be skipped. Fail loudly instead.
 */
export function tableMissing(): never {
  throw new Error("stepwise: a try table is not set yet (called before its file's top ran)");
}
