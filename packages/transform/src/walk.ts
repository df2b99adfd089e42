/**
 * A plain walk over raw AST nodes that lets a visitor replace a node on the way out. The lowering
 * passes after hoisting work on nodes, not paths: they only need structure, never scope.
 * Nested functions are not entered; their bodies are their own business.
 */
import type { Node } from "@babel/types";
import { isFunctionNode } from "./contains.js";

const NOT_CHILDREN = new Set(["loc", "leadingComments", "trailingComments", "innerComments", "extra", "range"]);

/** Calls `leave(node)` bottom-up; a returned node replaces the visited one. */
export function mapNodes(node: Node, leave: (node: Node) => Node | void): Node {
  if (isFunctionNode(node)) return leave(node) ?? node;
  for (const key of Object.keys(node)) {
    if (NOT_CHILDREN.has(key)) continue;
    const record = node as unknown as Record<string, unknown>;
    const child = record[key];
    if (Array.isArray(child)) {
      for (let i = 0; i < child.length; i++) {
        const item = child[i];
        if (item && typeof item === "object" && typeof (item as Node).type === "string") child[i] = mapNodes(item as Node, leave);
      }
    } else if (child && typeof child === "object" && typeof (child as Node).type === "string") {
      record[key] = mapNodes(child as Node, leave);
    }
  }
  return leave(node) ?? node;
}
