/**
 * `using` and `await using` declarations in a lowered body. A block that declares one disposes its
 * resources whenever it is left: at its end, by `break`/`continue`/`return`, by a throw, and when
 * `return()` or `throw()` closes a generator suspended inside it. The machine replaces blocks by
 * its cases, so those exits exist only as the machine's jumps, and `await using` suspends at the
 * exit. Before the body is lowered, each such block becomes the `try` that says all of this, around
 * a stack of resources (Babel's `usingCtx` helper, which implements the spec's DisposeResources:
 * the order, the awaits, SuppressedError); the machine then lowers it as it lowers any `finally`.
 *
 *     async function f() {                 async function f() {
 *       await using r = open();              try {
 *       use(r);                                var _usingCtx = _usingCtx2();
 *     }                                        const r = _usingCtx.a(open());   // `using`: .u(...)
 *                                              use(r);
 *                                            } catch (_) { _usingCtx.e = _; }
 *                                            finally { await _usingCtx.d(); }   // `using`: no await
 *                                          }
 *
 * Loop heads: `for (using x of xs) body` binds a fresh resource per iteration, so it reads
 * `for (const _x of xs) { using x = _x; body }`; `for (using x = r; test; update) body` has one
 * resource for the whole loop (a `using` binding is constant, so its per-iteration copies all hold
 * the same value): `{ using x = r; for (; test; update) body }`.
 *
 * Only the lowered function's own blocks are rewritten; nested functions and class bodies keep
 * their `using` for the targets (or for another plugin) to decide.
 */
import type { NodePath } from "@babel/core";
import type * as BabelTypes from "@babel/types";
import type { Expression, Function as FunctionNode, Identifier, Node, Statement, VariableDeclaration } from "@babel/types";
import { isFunctionNode, someNode, someChild } from "./walk.js";

type UsingDeclaration = VariableDeclaration & { kind: "using" | "await using" };

function isUsing(node: Node | null | undefined): node is UsingDeclaration {
  return node != null && node.type === "VariableDeclaration" && (node.kind === "using" || node.kind === "await using");
}

/** Scopes of their own, which the lowered function does not rewrite. */
function isOwnScope(node: Node): boolean {
  return isFunctionNode(node) || node.type === "ClassBody" || node.type === "StaticBlock";
}

export interface UsingContext {
  t: typeof BabelTypes;
  /** A fresh name in the lowered function's scope. */
  uid(hint: string): Identifier;
  /** A reference to one of Babel's helpers (`usingCtx`, `setFunctionName`), added to the file. */
  babelHelper(name: string): Expression;
}

/** Does the body of `fn` (not its nested functions) declare a `using`? */
export function hasUsingDeclarations(fn: FunctionNode): boolean {
  return someNode(fn.body, isUsing, (n) => n === fn.body || !isOwnScope(n));
}

/** Rewrites every `using` of `fn`'s own body as described above; true if anything changed. */
export function lowerUsingDeclarations(path: NodePath<FunctionNode>, t: typeof BabelTypes, babelHelper: (name: string) => Expression): boolean {
  const fn = path.node;
  if (fn.body.type !== "BlockStatement" || !hasUsingDeclarations(fn)) return false;
  const cx: UsingContext = { t, uid: (hint) => path.scope.generateUidIdentifier(hint), babelHelper };
  rewriteInside(fn.body, cx);
  return true;
}

/** Loop heads first, then, innermost first, every block whose statements declare a `using`. */
function rewriteInside(node: Node, cx: UsingContext): void {
  someChild(node, (child) => {
    if (!isOwnScope(child)) rewriteInside(child, cx);
    return false;
  });
  if (node.type === "ForOfStatement" && isUsing(node.left)) bindPerIteration(node, node.left, cx);
  if (node.type === "BlockStatement") rewriteBlock(node, cx);
}

/** One block's own statements (what is inside them is done): loop heads, then its resources. */
function rewriteBlock(block: BabelTypes.BlockStatement, cx: UsingContext): void {
  block.body = block.body.map((s) => (s.type === "ForStatement" && isUsing(s.init) ? hoistForInit(s, s.init, cx) : s));
  if (block.body.some(isUsing)) block.body = [disposingTry(block.body, cx)];
}

/** `for (using x of xs) body` → `for (const _x of xs) { using x = _x; body }`. */
function bindPerIteration(loop: BabelTypes.ForOfStatement, head: UsingDeclaration, cx: UsingContext): void {
  const { t } = cx;
  const declarator = head.declarations[0];
  const value = cx.uid(declarator.id.type === "Identifier" ? declarator.id.name : "resource");
  const binding = t.variableDeclaration(head.kind, [t.variableDeclarator(declarator.id, t.cloneNode(value))]);
  loop.left = t.variableDeclaration("const", [t.variableDeclarator(value)]);
  const body = loop.body.type === "BlockStatement" ? loop.body.body : [loop.body];
  // The body's own block, inside the resource's: a declaration in the body may shadow the name.
  loop.body = t.blockStatement([binding, ...(body.length ? [t.blockStatement(body)] : [])]);
  rewriteBlock(loop.body, cx);
}

/** `for (using x = r; test; update) body` → `{ using x = r; for (; test; update) body }`. */
function hoistForInit(loop: BabelTypes.ForStatement, init: UsingDeclaration, cx: UsingContext): Statement {
  loop.init = null;
  const block = cx.t.blockStatement([init, loop]);
  rewriteBlock(block, cx);
  return block;
}

/** The statements of a block that declares resources, inside the `try` that disposes them. */
function disposingTry(body: Statement[], cx: UsingContext): Statement {
  const { t } = cx;
  const stack = cx.uid("usingCtx");
  let awaits = false;
  for (const statement of body) {
    if (!isUsing(statement)) continue;
    const async = statement.kind === "await using";
    awaits ||= async;
    (statement as VariableDeclaration).kind = "const";
    for (const declarator of statement.declarations) {
      declarator.init = t.callExpression(t.memberExpression(t.cloneNode(stack), t.identifier(async ? "a" : "u")), [named(declarator, cx)]);
    }
  }
  const caught = cx.uid("error");
  const dispose: Expression = t.callExpression(t.memberExpression(t.cloneNode(stack), t.identifier("d")), []);
  return t.tryStatement(
    t.blockStatement([t.variableDeclaration("var", [t.variableDeclarator(stack, t.callExpression(cx.babelHelper("usingCtx"), []))]), ...body]),
    t.catchClause(t.cloneNode(caught), t.blockStatement([t.expressionStatement(t.assignmentExpression("=", t.memberExpression(t.cloneNode(stack), t.identifier("e")), t.cloneNode(caught)))])),
    t.blockStatement([t.expressionStatement(awaits ? t.awaitExpression(dispose) : dispose)]),
  );
}

/**
 * A declarator's value, named as the declaration would name it: `using c = class { ... }` gives
 * `c.name === "c"`, which passing the class to a call would lose.
 */
function named(declarator: BabelTypes.VariableDeclarator, cx: UsingContext): Expression {
  const value = declarator.init!;
  const anonymous =
    value.type === "ArrowFunctionExpression" || ((value.type === "FunctionExpression" || value.type === "ClassExpression") && !value.id);
  if (!anonymous || declarator.id.type !== "Identifier") return value;
  return cx.t.callExpression(cx.babelHelper("setFunctionName"), [value, cx.t.stringLiteral(declarator.id.name)]);
}
