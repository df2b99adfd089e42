/**
 * The block scopes of a body about to be lowered: every block, loop head, `switch`, `catch` clause
 * and class inside it that has bindings of its own, outside nested functions.
 *
 *     function* g() {          block scopes of g's body:
 *       for (let i ...) {        the for statement (i) and its block
 *         try {} catch (e) {}    the catch clause (e)
 *       }
 *     }
 *
 * Babel keeps no list of a scope's children, so finding them takes a traversal of the body; three
 * steps need the list (const writes, renaming apart, per-iteration bindings), all before hoisting
 * changes the tree, and they share this one traversal.
 */
import type { NodePath, Visitor } from "@babel/core";
import type { Function as FunctionNode } from "@babel/types";
import { holdsNoDeclarations } from "./walk.js";

interface Search {
  body: NodePath;
  found: NodePath[];
}

// One visitor object for every search: Babel prepares (explodes) a visitor the first time it
// sees it, so a literal made per call would be prepared again for each function.
const visitor: Visitor<Search> = {
  enter(path) {
    if (path.isExpression() && holdsNoDeclarations(path.node)) path.skip();
  },
  Scopable(path, search) {
    if (path.isFunction()) path.skip();
    else if (path !== search.body && path.scope.path === path) search.found.push(path);
  },
};

export function blockScopePaths(fn: NodePath<FunctionNode>): NodePath[] {
  const search: Search = { body: fn.get("body") as NodePath, found: [] };
  search.body.traverse(visitor, search);
  return search.found;
}
