/**
 * "Does this subtree suspend?" — the question every lowering decision starts from.
 *
 * Only code that contains a `yield` (or, for async functions, an `await`) has to be split into
 * cases; everything else is emitted as it was written, inside one case. The answer never looks
 * inside nested functions: their `yield`s belong to them. Answers are memoised per node, since the
 * statement and expression lowering ask about the same subtrees again and again.
 */
import type { Node } from "@babel/types";

const memo = new WeakMap<Node, boolean>();

/** Node fields that hold metadata, never child nodes. */
const NOT_CHILDREN = new Set(["loc", "leadingComments", "trailingComments", "innerComments", "extra", "range", "typeAnnotation", "returnType", "typeParameters"]);

const FUNCTIONS = new Set([
  "FunctionDeclaration",
  "FunctionExpression",
  "ArrowFunctionExpression",
  "ObjectMethod",
  "ClassMethod",
  "ClassPrivateMethod",
]);

export function isFunctionNode(node: Node): boolean {
  return FUNCTIONS.has(node.type);
}

export function isSuspension(node: Node): boolean {
  return node.type === "YieldExpression" || node.type === "AwaitExpression" || (node.type === "ForOfStatement" && node.await);
}

export function containsSuspension(node: Node | null | undefined): boolean {
  if (node == null) return false;
  const known = memo.get(node);
  if (known !== undefined) return known;
  let found = isSuspension(node);
  if (!found && !isFunctionNode(node)) {
    for (const key of Object.keys(node)) {
      if (NOT_CHILDREN.has(key)) continue;
      const child = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        found = child.some((item) => item != null && typeof item === "object" && containsSuspension(item as Node));
      } else if (child != null && typeof child === "object" && typeof (child as Node).type === "string") {
        found = containsSuspension(child as Node);
      }
      if (found) break;
    }
  } else if (!found && node.type !== "ArrowFunctionExpression" && isFunctionNode(node)) {
    // A method's computed key is evaluated where the method is defined, not inside it.
    const key = (node as { computed?: boolean; key?: Node }).computed ? (node as { key?: Node }).key : null;
    found = containsSuspension(key);
  }
  memo.set(node, found);
  return found;
}

/** Forgets what was learnt about `node` (after the node was rewritten in place). */
export function forget(node: Node): void {
  memo.delete(node);
}
