/**
 * Calls of a body about to be lowered, looked at while the tree is still the source's: what the
 * call lowering (expressions/calls.ts, es5-syntax.ts) needs to know once hoisting, renaming and
 * `this` have changed the callee's spelling.
 *
 *  - The callee's text, as the engine prints it in "… is not a function" (callee-text.ts): a call
 *    that must go through a runtime helper still fails naming what the user wrote.
 *  - Whether a callee identifier (or the object of a called method) can be read again at the call
 *    instead of being saved before the arguments run: it can when nothing can assign the binding
 *    in between. Then `f(a, await b)` stays `f(_t, _ctx.sent)`, a call of the source's shape.
 *
 *     const api = ...;  api.saveUser(await x)    stays a method call of `api`: `api` is stable
 *     handler(await x)  (handler a global)       _callee = handler; ... _stepwise.call(_callee, void 0, "handler", _ctx.sent)
 *
 * A binding is stable when the only writes to it are the lowered function's own statements (not a
 * closure, which might run during the suspension, nor any other code) outside the call itself,
 * and it is not a global, an import (a live binding) or a script's top-level `let`/`var` (which
 * other scripts can assign).
 */
import type { NodePath } from "@babel/core";
import type { Function as FunctionNode, Node, Identifier } from "@babel/types";
import { callText } from "./callee-text.js";
import { containsSuspension } from "./contains.js";
import { isFunctionNode, someNode } from "./walk.js";

type Binding = NonNullable<ReturnType<NodePath["scope"]["getBinding"]>>;

export interface CallSites {
  /** The callee text recorded for a call, optional call or `new` (or rendered now, if none was). */
  text(call: Node): string;
  /** Was this identifier node found stable (see above)? */
  isStable(id: Node): boolean;
}

function isCall(node: Node): node is Node & { callee: Node; arguments: Node[] } {
  return node.type === "CallExpression" || node.type === "NewExpression" || node.type === "OptionalCallExpression";
}

/** The callee, or for a method call the object, whose binding the call lowering asks about. */
function candidateOf(call: Node & { callee: Node }): Identifier | null {
  const callee = call.callee;
  if (callee.type === "Identifier") return callee;
  if (callee.type === "MemberExpression" && callee.object.type === "Identifier") return callee.object;
  return null;
}

function stable(binding: Binding | undefined, call: NodePath, fn: NodePath<FunctionNode>, usesArguments: boolean): boolean {
  if (binding === undefined || binding.kind === "module") return false;
  const program = binding.scope.path;
  if (program.isProgram() && program.node.sourceType !== "module" && binding.kind !== "const") return false;
  // A sloppy function's `arguments[i] = v` writes its parameters too.
  if (binding.kind === "param" && usesArguments) return false;
  return binding.constantViolations.every((write) => write.getFunctionParent() === fn && !write.isDescendant(call));
}

export function recordCallSites(fn: NodePath<FunctionNode>): CallSites {
  const texts = new WeakMap<Node, string>();
  const candidates = new Map<Node, Identifier>();
  const stableIds = new WeakSet<Node>();
  const body = fn.node.body;
  // Arrow functions' bodies are lowered to ES5 with the body's (es5-syntax.ts): their spread calls too.
  someNode(
    body,
    (node) => {
      if (!isCall(node)) return false;
      const spread = node.arguments.some((arg) => arg.type === "SpreadElement");
      if (!spread && !containsSuspension(node)) return false;
      texts.set(node, callText(node));
      const candidate = candidateOf(node);
      if (candidate !== null && node.arguments.some((arg) => containsSuspension(arg))) candidates.set(node, candidate);
      return false;
    },
    (node) => node === body || !isFunctionNode(node) || node.type === "ArrowFunctionExpression",
  );
  if (candidates.size > 0) {
    const usesArguments = someNode(body, (n) => n.type === "Identifier" && n.name === "arguments", () => true);
    fn.get("body").traverse({
      Function(path) {
        path.skip();
      },
      enter(path) {
        const candidate = candidates.get(path.node);
        if (candidate !== undefined && stable(path.scope.getBinding(candidate.name), path, fn, usesArguments)) stableIds.add(candidate);
        if (path.isExpression() && !containsSuspension(path.node)) path.skip();
      },
    });
  }
  return {
    text: (call) => texts.get(call) ?? (isCall(call) ? callText(call) : "(intermediate value)"),
    isStable: (id) => stableIds.has(id),
  };
}
