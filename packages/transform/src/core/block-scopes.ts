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
import { holdsNoDeclarationsOrFunctions } from "./walk.js";

interface Search {
  body: NodePath;
  found: NodePath[];
}

// One visitor object for every search: Babel prepares (explodes) a visitor the first time it
// sees it, so a literal made per call would be prepared again for each function.
const visitor: Visitor<Search> = {
  // Expressions are skipped unless a class or a function is inside. The functions must be visited
  // even though nothing is collected in them: a nested coroutine lowered before this one was
  // replaced by a call around it, and only a traversal that passes through that call gives Babel
  // fresh paths (and a fresh scope) for the function inside; without them the references to a
  // loop binding from inside it would not show the closure, and the binding would lose its
  // per-iteration copy (loop-scopes.ts). Found by the fuzzer, seed 400009.
  enter(path) {
    if (path.isExpression() && holdsNoDeclarationsOrFunctions(path.node)) path.skip();
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
