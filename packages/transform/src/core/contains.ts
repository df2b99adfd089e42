/**
 * "Does this subtree suspend?" — the question every lowering decision starts from.
 *
 * Only code that contains a `yield` (or, for async functions, an `await`) has to be split into
 * cases; everything else is emitted as it was written, inside one case. The answer never looks
 * inside nested functions: their `yield`s belong to them. Answers are memoised per node, since the
 * statement and expression lowering ask about the same subtrees again and again.
 */
import type { Node } from "@babel/types";
import { isFunctionNode, someChild, someNode } from "./walk.js";

// A plain Map, emptied when the next function's lowering starts (forgetSuspensions): cheaper to
// read and write than a WeakMap, and no answer outlives the lowering that asked for it.
const memo = new Map<Node, boolean>();

/** Called as each function's lowering starts: the answers about the previous one are dropped. */
export function forgetSuspensions(): void {
  memo.clear();
}

export { isFunctionNode };

/**
 * Expressions that must be lowered as statements where they stand (a destructuring assignment
 * whose iterator is closed by a `try`, in the middle of an expression: destructuring.ts). The
 * expression lowering treats them as suspensions: what is evaluated before them is saved first.
 */
const loweredInPlace = new WeakSet<Node>();

export function markLoweredInPlace(node: Node): void {
  loweredInPlace.add(node);
}

export function isLoweredInPlace(node: Node): boolean {
  return loweredInPlace.has(node);
}

export function isSuspension(node: Node): boolean {
  return (
    node.type === "YieldExpression" ||
    loweredInPlace.has(node) ||
    node.type === "AwaitExpression" ||
    (node.type === "ForOfStatement" && node.await) ||
    leavesThroughFinally(node)
  );
}

/**
 * A `try` with a `finally` that a `return`, `break` or `continue` leaves is lowered even without a
 * suspension: those become runtime verbs that must route through the try table, and a native
 * `finally` would run after the verb had already moved the machine on (and, if it ends abruptly
 * itself, replace the completion the machine had recorded).
 */
function leavesThroughFinally(node: Node): boolean {
  if (node.type !== "TryStatement" || node.finalizer == null) return false;
  const leaps = (n: Node) => n.type === "ReturnStatement" || n.type === "BreakStatement" || n.type === "ContinueStatement";
  return someNode(node.block, leaps) || (node.handler != null && someNode(node.handler, leaps));
}

export function containsSuspension(node: Node | null | undefined): boolean {
  if (node == null) return false;
  const known = memo.get(node);
  if (known !== undefined) return known;
  let found: boolean;
  if (isSuspension(node)) found = true;
  else if (!isFunctionNode(node)) found = someChild(node, containsSuspension);
  else {
    // A method's computed key is evaluated where the method is defined, not inside it.
    const method = node as { computed?: boolean; key?: Node };
    found = node.type !== "ArrowFunctionExpression" && method.computed === true && containsSuspension(method.key);
  }
  memo.set(node, found);
  return found;
}

/** The functions lowered so far: they no longer say `generator` or `async` themselves. */
export const loweredCoroutines = new WeakSet<Node>();

export function isCoroutine(node: Node): boolean {
  return isFunctionNode(node) && ((node as { async?: boolean }).async === true || (node as { generator?: boolean }).generator === true);
}

/**
 * The nodes with a generator or async function somewhere inside them (strictly below). The
 * lowering traversal only goes down these: most of a code base is outside every coroutine, and a
 * walk over plain nodes costs far less than Babel's path traversal, which would find nothing to
 * do there. Empty for a file without coroutines.
 */
export function coroutineSpine(root: Node): Set<Node> {
  const spine = new Set<Node>();
  const visit = (node: Node): boolean => {
    let found = false;
    // Every child is visited (no early exit): each one's own spine is needed too.
    someChild(node, (child) => {
      if (visit(child) || isCoroutine(child)) found = true;
      return false;
    });
    if (found) spine.add(node);
    return found;
  };
  visit(root);
  return spine;
}
