/**
 * Functions declared in blocks of sloppy-mode code (ECMAScript Annex B.3.3, what every browser
 * does): besides the block's own binding, the name is also a `var` of the function, `undefined`
 * until the declaration is evaluated, and from then on the block's function. So code after the
 * block still sees it, and a function that replaces itself on its first call ("lazy definition")
 * replaces only the block's binding:
 *
 *     function* g() {                          function g() {
 *       if (x) {                                 var lazy, _lazy;
 *         function lazy() {                      ... if (x) {
 *           lazy = function () { ... };                _lazy = function () { _lazy = ...; ... };
 *           return 1;                                  lazy = _lazy;          // where it was declared
 *         }                                        }
 *       }                                        ... lazy() ...
 *       yield lazy();
 *     }
 *
 * Babel's scope tracker does not model this (it sees the outer `lazy` as a global), so the two
 * bindings are told apart here: the block's is renamed apart (rename-apart.ts), and hoisting
 * (hoist.ts) puts the copy where the declaration stood. Not in strict code, not for generator or
 * async functions, not when a `var` of that name would be an early error (a `let`, `const`,
 * class or block function of the same name around it) or the name is a parameter's.
 */
import type { NodePath } from "@babel/core";
import type { Function as FunctionNode, Node } from "@babel/types";
import { loweredCoroutines } from "./contains.js";

type Binding = NonNullable<ReturnType<NodePath["scope"]["getBinding"]>>;
type Scope = NodePath["scope"];

export interface AnnexBFunctions {
  /** The `var` names the function gets. */
  names: Set<string>;
  /** The block bindings that must be renamed apart from those vars. */
  bindings: Set<Binding>;
  /** The declarations, each with the name of the var it sets when evaluated. */
  declarations: Map<Node, string>;
}

/** Would a `var name` in `scope` clash with a lexical declaration between it and the function? */
function lexicallyDeclaredOnTheWay(scope: Scope, fnScope: Scope, name: string): boolean {
  for (let current: Scope | undefined = scope; current !== undefined; current = current.parent) {
    const binding = current.getOwnBinding(name);
    if (binding !== undefined && binding.scope === current) {
      if (binding.kind === "let" || binding.kind === "const") {
        // A catch clause's simple parameter does not (B.3.4); any other lexical declaration does.
        const simpleCatchParameter = binding.path.isCatchClause() && binding.path.node.param?.type === "Identifier";
        if (!simpleCatchParameter) return true;
      }
      if (binding.kind === "hoisted" && current !== fnScope) return true; // a function in an enclosing block
    }
    if (current === fnScope) return false;
  }
  return false;
}

export function findAnnexBFunctions(fn: NodePath<FunctionNode>, blocks: NodePath[]): AnnexBFunctions {
  const found: AnnexBFunctions = { names: new Set(), bindings: new Set(), declarations: new Map() };
  // (Babel's isInStrictMode looks from the parent: asked of the body, it reads the function's directives.)
  if (blocks.length === 0 || fn.get("body").isInStrictMode()) return found;
  for (const block of blocks) {
    if (!block.isBlockStatement() && !block.isSwitchStatement()) continue;
    const scope = block.scope;
    for (const [name, binding] of Object.entries(scope.bindings)) {
      if (binding.scope !== scope || binding.kind !== "hoisted" || !binding.path.isFunctionDeclaration()) continue;
      const declaration = binding.path.node;
      if (declaration.generator || declaration.async || loweredCoroutines.has(declaration) || name === "arguments") continue;
      const own = fn.scope.getOwnBinding(name);
      if (own !== undefined && own.kind === "param") continue;
      // Nothing can read the var unless a use of the name reaches past the blocks: Babel then took
      // it for a global, or for an outer or function-level binding.
      const readable = own !== undefined || fn.scope.hasGlobal(name) || (fn.scope.parent !== undefined && fn.scope.parent.hasBinding(name));
      if (!readable) continue;
      if (scope.parent !== undefined && lexicallyDeclaredOnTheWay(scope.parent, fn.scope, name)) continue;
      found.names.add(name);
      found.bindings.add(binding);
      found.declarations.set(declaration, name);
    }
  }
  return found;
}
