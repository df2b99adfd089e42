/**
 * Hoisting: every variable of a lowered body moves to the function that creates the machine.
 *
 * The body runs as many short calls (one per `next()`), so its locals cannot live in the body's
 * own call: they become `var`s of the outer function, which the body closes over. Declarations
 * turn into plain assignments where they stood:
 *
 *     function* g() {                  function g() {
 *       let a = 1;                        var a, a2;
 *       { const a = yield; log(a); }      ... a = 1; ... a2 = _ctx.sent; log(a2); ...
 *     }
 *
 * Block scoping must survive the move: a binding whose name is already taken (by another binding
 * of the function, or by an outer or global name the function can see) is renamed apart first
 * (rename-apart.ts). A `let` without initialiser is reset to `undefined` each time its declaration
 * runs (a loop body gets a fresh one every iteration). Function declarations at the top of the
 * body move to the outer function whole; those in blocks become assignments at the top of their
 * block (of their switch, for a `case`: `switch ((f = function f() {}, x))`), and, in sloppy
 * code, also set the function's var where they stood (annex-b.ts). Functions and classes keep the
 * names the source gave them (names.ts).
 */
import type { NodePath, Visitor } from "@babel/core";
import type * as BabelTypes from "@babel/types";
import type { Statement, FunctionDeclaration, Function as FunctionNode, Identifier, Expression, LVal, Node } from "@babel/types";
import { containsSuspension } from "./contains.js";
import { holdsNoDeclarations } from "./walk.js";
import { originalNames, mentionedInside } from "./names.js";

export interface Hoisted {
  /** Names to declare with `var` in the outer function. */
  names: Set<string>;
  /** Function declarations of the body's top level, to place in the outer function. */
  functions: FunctionDeclaration[];
}

type Scope = NodePath["scope"];

/**
 * Writes to a `const` throw a TypeError, as they would natively; as a hoisted `var` they would
 * silently succeed. The right side is still evaluated first (and, for `+=`, the old value read);
 * a logical assignment writes, and so throws, only when it would assign (`c ??= v` on a non-null
 * `c` does nothing). Writes from closures inside the function are guarded too. As the target of a
 * destructuring assignment or a for-in/for-of head, the binding becomes
 * `_stepwise.readOnlyTarget("c").value`, which throws when that target is written.
 */
export function guardConstants(
  fn: NodePath<FunctionNode>,
  blocks: NodePath[],
  t: typeof BabelTypes,
  readOnly: (name: string) => Expression,
  readOnlyTarget: (name: string) => Expression,
): void {
  const scopes: Scope[] = [fn.scope, ...blocks.map((block) => block.scope)];
  for (const scope of scopes) {
    for (const binding of Object.values(scope.bindings)) {
      if (binding.kind !== "const") continue;
      const name = binding.identifier.name;
      for (const write of binding.constantViolations) {
        if (write.isAssignmentExpression() && write.node.left.type === "Identifier") {
          const { operator, right } = write.node;
          if (operator === "=") {
            write.replaceWith(t.sequenceExpression([right, readOnly(name)]));
          } else if (operator === "||=" || operator === "&&=" || operator === "??=") {
            write.replaceWith(t.logicalExpression(operator.slice(0, -1) as "||", t.identifier(name), t.sequenceExpression([right, readOnly(name)])));
          } else {
            write.replaceWith(t.sequenceExpression([t.binaryExpression(operator.slice(0, -1) as "+", t.identifier(name), right), readOnly(name)]));
          }
        } else if (write.isUpdateExpression()) {
          write.replaceWith(t.sequenceExpression([t.unaryExpression("+", t.identifier(name)), readOnly(name)]));
        } else if (write.isAssignmentExpression() || write.isForInStatement() || write.isForOfStatement()) {
          const target = write.get("left") as NodePath;
          guardPatternTargets(target, binding, t, () => t.memberExpression(readOnlyTarget(name), t.identifier("value")));
        }
      }
    }
  }
}

/** Replaces the binding's identifiers among the targets of a pattern (or a lone target) by `target()`. */
function guardPatternTargets(path: NodePath, binding: NonNullable<ReturnType<Scope["getBinding"]>>, t: typeof BabelTypes, target: () => Expression): void {
  if (path.isIdentifier()) {
    if (path.scope.getBinding(path.node.name) === binding) path.replaceWith(target());
    return;
  }
  if (path.isArrayPattern()) {
    for (const element of path.get("elements")) if (element.node) guardPatternTargets(element as NodePath, binding, t, target);
  } else if (path.isObjectPattern()) {
    for (const property of path.get("properties")) {
      if (property.isRestElement()) {
        guardPatternTargets(property.get("argument") as NodePath, binding, t, target);
      } else if (property.isObjectProperty()) {
        const value = property.get("value") as NodePath;
        if (property.node.shorthand && value.isIdentifier() && path.scope.getBinding(value.node.name) === binding) property.node.shorthand = false;
        guardPatternTargets(value, binding, t, target);
      }
    }
  } else if (path.isAssignmentPattern()) {
    guardPatternTargets(path.get("left") as NodePath, binding, t, target);
  } else if (path.isRestElement()) {
    guardPatternTargets(path.get("argument") as NodePath, binding, t, target);
  }
}

interface Hoisting {
  fn: NodePath<FunctionNode>;
  body: NodePath<BabelTypes.BlockStatement>;
  t: typeof BabelTypes;
  hoisted: Hoisted;
  /** Block functions that also set a function-level var where they are declared (annex-b.ts). */
  annexB: Map<Node, string>;
  /** Tells later passes that `copy`, a new identifier, refers to the same binding as `id`. */
  alias(copy: Identifier, id: Identifier): void;
  /** Do the targets have `catch {}` (target-syntax.ts)? */
  keepOptionalCatch: boolean;
}

function declare(t: typeof BabelTypes, hoisted: Hoisted, id: LVal | BabelTypes.VoidPattern): void {
  for (const name of Object.keys(t.getBindingIdentifiers(id as BabelTypes.Node))) hoisted.names.add(name);
}

// One visitor object for every function (Babel prepares a visitor the first time it sees it).
const hoistingVisitor: Visitor<Hoisting> = {
  enter(path) {
    if (path.isExpression() && holdsNoDeclarations(path.node)) path.skip();
  },
  Function(path) {
    path.skip();
  },
  VariableDeclaration(path, { t, hoisted }) {
    const node = path.node;
    // TypeScript's `declare let x: T` declares nothing at run time.
    if (node.declare) {
      path.remove();
      return;
    }
    node.declarations.forEach((d) => declare(t, hoisted, d.id as LVal));
    const parent = path.parentPath;
    if ((parent.isForInStatement() || parent.isForOfStatement()) && path.key === "left") {
      path.replaceWith(node.declarations[0].id as LVal);
      return;
    }
    const assignments: Expression[] = [];
    for (const d of node.declarations) {
      if (d.init) assignments.push(t.assignmentExpression("=", d.id as LVal, d.init));
      else if (node.kind !== "var" && d.id.type === "Identifier") {
        assignments.push(t.assignmentExpression("=", d.id, t.unaryExpression("void", t.numericLiteral(0))));
      }
    }
    if (parent.isForStatement() && path.key === "init") {
      if (assignments.length === 0) path.remove();
      else path.replaceWith(assignments.length === 1 ? assignments[0] : t.sequenceExpression(assignments));
      return;
    }
    if (assignments.length === 0) path.remove();
    else {
      // Each assignment keeps the place of its declarator, for source maps and explanations.
      const statements = assignments.map((a) => {
        const statement = t.expressionStatement(a);
        statement.loc = node.declarations.find((d) => d.id === (a as BabelTypes.AssignmentExpression).left)?.loc ?? node.loc ?? null;
        return statement;
      });
      path.replaceWithMultiple(statements);
    }
  },
  FunctionDeclaration(path, { t, hoisted, body, annexB, alias }) {
    const node = path.node;
    path.skip();
    if (node.id == null) return;
    if (path.parentPath === body) {
      hoisted.functions.push(node);
      path.remove();
      return;
    }
    // A function declared in a block exists from the top of that block. The node becomes the
    // expression itself (same object: later passes may know it as a closure to wrap), and the
    // binding's identifier becomes the assignment's target (loop scopes may rewrite it). It keeps
    // its source name as its own, unless its body refers to the binding by that name (a function
    // that replaces itself): its own name would capture those references, so it stays anonymous
    // and gets its name from the assignment (names.ts names it where that would not).
    const id = node.id;
    hoisted.names.add(id.name);
    // A label on a function declaration (sloppy code) labels nothing.
    let holder: NodePath = path;
    while (holder.parentPath !== null && holder.parentPath.isLabeledStatement()) holder = holder.parentPath;
    const container = holder.parentPath!;
    // `if (x) function f() {}` (sloppy code, Annex B): the declaration is a block of its own.
    const alone = !(container.isBlockStatement() || container.isProgram() || container.isSwitchCase());
    const varName = annexB.get(node);
    let annexCopy: BabelTypes.Statement | null = null;
    if (varName !== undefined) {
      // Annex B: evaluating the declaration copies the block's function into the function's var.
      const copy = t.identifier(id.name);
      alias(copy, id);
      hoisted.names.add(varName);
      annexCopy = t.expressionStatement(t.assignmentExpression("=", t.identifier(varName), copy));
      if (!alone) holder.replaceWith(annexCopy);
    } else if (!alone) {
      holder.remove();
    }
    const name = originalNames.get(id) ?? id.name;
    const expression = node as unknown as BabelTypes.FunctionExpression;
    expression.type = "FunctionExpression";
    expression.id = mentionedInside(node, name) ? null : t.identifier(name);
    const assignment = t.assignmentExpression("=", id, expression);
    if (container.isBlockStatement() || container.isProgram()) {
      (container as NodePath<BabelTypes.BlockStatement>).unshiftContainer("body", t.expressionStatement(assignment));
    } else if (container.isSwitchCase()) {
      // The cases of a switch share one block, created once the discriminant is evaluated: every
      // case can call the function, whichever case control enters.
      const switchStatement = container.parent as BabelTypes.SwitchStatement;
      switchStatement.discriminant = t.sequenceExpression([assignment, switchStatement.discriminant]);
    } else {
      holder.replaceWith(t.blockStatement([t.expressionStatement(assignment), ...(annexCopy !== null ? [annexCopy] : [])]));
    }
  },
  /**
   * A TypeScript enum or namespace becomes a variable of the outer function, assigned where the
   * declaration stood; @babel/preset-typescript, which runs after the lowering, then compiles the
   * declaration inside a small function (it only handles them in blocks, and its `var`s would be
   * the machine's own):
   *
   *     enum E { A }   ->   E = function (E) { enum E { A } return E; }(E);
   *
   * An enum declared again adds to the same object (the function receives it); a namespace starts
   * afresh (its compiled form declares its own binding).
   */
  "TSEnumDeclaration|TSModuleDeclaration"(path, { t, hoisted }) {
    const node = path.node as BabelTypes.TSEnumDeclaration | BabelTypes.TSModuleDeclaration;
    path.skip();
    if (node.declare) {
      path.remove();
      return;
    }
    if (node.id.type !== "Identifier") return;
    const name = node.id.name;
    hoisted.names.add(name);
    const merges = node.type === "TSEnumDeclaration";
    const body = t.blockStatement([node as BabelTypes.Statement, t.returnStatement(t.identifier(name))]);
    const fn = t.functionExpression(null, merges ? [t.identifier(name)] : [], body);
    const call = t.callExpression(fn, merges ? [t.identifier(name)] : []);
    path.replaceWith(t.expressionStatement(t.assignmentExpression("=", t.identifier(name), call)));
  },
  ClassDeclaration(path, { t, hoisted }) {
    const node = path.node;
    if (node.id == null) return;
    const id = node.id;
    hoisted.names.add(id.name);
    const expression = node as unknown as BabelTypes.ClassExpression;
    expression.type = "ClassExpression";
    // Inside its body, a class's name is its own binding (rename-apart.ts kept those references).
    expression.id = t.identifier(originalNames.get(id) ?? id.name);
    path.replaceWith(t.expressionStatement(t.assignmentExpression("=", id, expression)));
    path.skip();
  },
  CatchClause(path, { fn, t, hoisted, keepOptionalCatch }) {
    const param = path.node.param;
    const lowered = containsSuspension(path.parentPath.node);
    if (param == null) {
      // ES5 has no optional catch binding.
      if (!lowered && !keepOptionalCatch) path.node.param = fn.scope.generateUidIdentifier("error");
      return;
    }
    if (param.type === "Identifier") {
      if (lowered) hoisted.names.add(param.name);
      return;
    }
    // catch ({ message }) { ... }  ->  catch (_error) { ({ message } = _error); ... }
    declare(t, hoisted, param as LVal);
    const error = fn.scope.generateUidIdentifier("error");
    if (lowered) hoisted.names.add(error.name);
    path.node.param = error;
    path.node.body.body.unshift(t.expressionStatement(t.assignmentExpression("=", param as LVal, t.identifier(error.name))));
  },
};

/**
 * Turns every declaration in the body into assignments, collecting the names to declare.
 * Patterns stay patterns here (`[a, b] = value`); destructuring lowering runs afterwards.
 */
export function hoistDeclarations(
  fn: NodePath<FunctionNode>,
  t: typeof BabelTypes,
  annexB: Map<Node, string>,
  alias: (copy: Identifier, id: Identifier) => void,
  keepOptionalCatch: boolean,
): Hoisted {
  const body = fn.get("body") as NodePath<BabelTypes.BlockStatement>;
  const hoisting: Hoisting = { fn, t, body, hoisted: { names: new Set(), functions: [] }, annexB, alias, keepOptionalCatch };
  hoisting.body.traverse(hoistingVisitor, hoisting);
  return hoisting.hoisted;
}

export type { Statement, Identifier };
