/**
 * Catch parameters whose pattern reads its own bindings: `catch ([a, b = a + 1])`,
 * `catch ({ x, f = () => x })`. Babel gives such a pattern a scope of its own whose parent is the
 * scope around the catch clause, so `a` in the default is not found among the catch clause's
 * bindings: it is taken for an outer `a`, or a global. The passes that work from Babel's scope
 * (renaming apart, dead zones, per-iteration scope objects) would then rename the binding and not
 * the read (`_a = _ref[0], b = ... a + 1`: "a is not defined"), or rename the read with an outer `a`.
 *
 * Before those passes run, such a clause binds a plain parameter and declares the pattern with
 * `let` at the top of its block, a form Babel resolves:
 *
 *     catch ([a, b = a + 1]) { body }      catch (_error) { let [a, b = a + 1] = _error; body }
 *
 * The same program: the catch parameter's bindings are created uninitialized and initialized in
 * order (a default reading a later one throws, as a `let` does), and the block may not declare
 * any of their names again (an early error), so nothing in it changes meaning. Nested functions
 * are rewritten too (their reads of the lowered function's bindings are renamed with them); a
 * pattern that reads none of its own bindings stays as written.
 */
import type { NodePath } from "@babel/core";
import type * as BabelTypes from "@babel/types";
import type { CatchClause, Function as FunctionNode, Node } from "@babel/types";
import { mentions } from "./names.js";
import { someChild } from "./walk.js";

/** The expressions a pattern evaluates: its defaults and computed keys. */
function patternExpressions(pattern: Node): Node[] {
  const found: Node[] = [];
  const visit = (n: Node): boolean => {
    if (n.type === "AssignmentPattern") {
      found.push(n.right);
      visit(n.left);
    } else if (n.type === "ObjectProperty") {
      if (n.computed) found.push(n.key);
      visit(n.value);
    } else if (n.type === "ObjectPattern" || n.type === "ArrayPattern" || n.type === "RestElement") {
      someChild(n, visit);
    }
    // Member expressions cannot stand in a binding pattern; identifiers evaluate nothing.
    return false;
  };
  visit(pattern);
  return found;
}

/** Does the clause's pattern evaluate an expression that mentions a name the pattern binds? */
export function readsOwnBindings(t: typeof BabelTypes, clause: CatchClause): boolean {
  const param = clause.param;
  if (param == null || param.type === "Identifier") return false;
  const names = Object.keys(t.getBindingIdentifiers(param));
  return patternExpressions(param).some((expression) => names.some((name) => mentions(expression, name)));
}

/**
 * Rewrites the catch clauses of `fn` (nested functions included) whose pattern reads its own
 * bindings, as the header shows; true when one was, and Babel's scope of `fn` must be crawled again.
 */
export function separateCatchPatterns(fn: NodePath<FunctionNode>, t: typeof BabelTypes): boolean {
  let changed = false;
  fn.traverse({
    CatchClause(path) {
      const node = path.node;
      if (!readsOwnBindings(t, node)) return;
      const error = fn.scope.generateUidIdentifier("error");
      const pattern = node.param as BabelTypes.ArrayPattern | BabelTypes.ObjectPattern;
      node.param = error;
      const declarator = t.variableDeclarator(pattern, t.identifier(error.name));
      const declaration = t.variableDeclaration("let", [declarator]);
      // Where the pattern stood: the dead-zone analysis (tdz.ts) orders uses by source position.
      for (const made of [declarator, declaration]) Object.assign(made, { start: pattern.start, end: pattern.end, loc: pattern.loc });
      node.body.body.unshift(declaration);
      changed = true;
    },
  });
  return changed;
}
