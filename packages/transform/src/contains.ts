/**
 * "Does this subtree suspend?" — the question every lowering decision starts from.
 *
 * Only code that contains a `yield` (or, for async functions, an `await`) has to be split into
 * cases; everything else is emitted as it was written, inside one case. The answer never looks
 * inside nested functions: their `yield`s belong to them. Answers are memoised per node, since the
 * statement and expression lowering ask about the same subtrees again and again.
 */
import type { Node } from "@babel/types";
import { childNodes, isFunctionNode, someNode } from "./walk.js";

const memo = new WeakMap<Node, boolean>();

export { isFunctionNode };

export function isSuspension(node: Node): boolean {
  return (
    node.type === "YieldExpression" ||
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
  else if (!isFunctionNode(node)) found = childNodes(node).some((child) => containsSuspension(child));
  else {
    // A method's computed key is evaluated where the method is defined, not inside it.
    const method = node as { computed?: boolean; key?: Node };
    found = node.type !== "ArrowFunctionExpression" && method.computed === true && containsSuspension(method.key);
  }
  memo.set(node, found);
  return found;
}

/**
 * Is there any generator or async function in the file? Most files of a code base have none, and
 * this walk over plain nodes costs far less than the path traversal that lowers them (which would
 * find nothing to do).
 */
export function containsCoroutine(root: Node): boolean {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isFunctionNode(node) && ((node as { async?: boolean }).async || (node as { generator?: boolean }).generator)) return true;
    stack.push(...childNodes(node));
  }
  return false;
}
