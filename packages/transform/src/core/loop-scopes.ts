/**
 * Per-iteration bindings: a `let`/`const` declared in a loop and captured by a closure gets a
 * fresh copy each iteration, even once it is hoisted to the outer function.
 *
 * Hoisting turns `let i` into one `var i` for the whole function, so closures created in
 * different iterations would all see the last value. Where (and only where) a closure captures
 * such a binding, the binding moves into a small "scope object" that is replaced every
 * iteration, and each closure is handed the scope object of its own iteration:
 *
 *     for (let i = 0; i < 3; i++) {           for (_scope = {}, _scope.i = 0; _scope.i < 3;
 *       fns.push(() => i);                         _scope = { i: _scope.i }, _scope.i++) {
 *       yield i;                                fns.push(function (_scope) { return () => _scope.i; }(_scope));
 *     }                                         yield _scope.i; }
 *
 * The copy before the update step is the spec's CreatePerIterationEnvironment: the closure of one
 * iteration keeps the value it saw, the next iteration starts from it. Block-level bindings of a
 * loop body get a fresh, empty scope object when the block is entered.
 *
 * Collected with Babel's scope information before hoisting (`plan`), applied to the hoisted tree
 * (`apply`), which still holds the same identifier nodes.
 */
import type { NodePath } from "@babel/core";
import type * as BabelTypes from "@babel/types";
import type { Function as FunctionNode, Identifier, Node, Expression } from "@babel/types";
import { mapNodes, replaceChildren, isFunctionNode } from "./walk.js";
import { callText } from "./callee-text.js";
import { containsSuspension } from "./contains.js";

/** The `function (_scope) { return closure; }` wrappers made here (es5-syntax.ts lowers inside them). */
export const scopeWrappers = new WeakSet<Node>();

/**
 * The `_scope.name` members that stand for a binding, with the name the source gave it
 * (patterns.ts gives a function default the binding's name, as `name = function () {}` would; a
 * call of one is made without the scope object as `this`).
 */
export const scopeMembers = new WeakMap<Node, string>();

/** Statements a lowered for-of runs just before it assigns its head binding (for-of.ts). */
export const beforeHeadBinding = new WeakMap<Node, BabelTypes.Statement>();

export interface LoopScopePlan {
  /** Identifier nodes (references, declarations, writes) to turn into `_scope.name`. */
  members: Map<Node, Identifier>;
  /** Closures to wrap, with the scope objects they capture. */
  closures: Map<Node, Set<string>>;
  /** Blocks that create a fresh scope object on entry. */
  blocks: Map<Node, Identifier>;
  /** Switch statements whose cases' bindings get a fresh scope object each time the switch runs. */
  switches: Map<Node, Identifier>;
  /** for-statements whose head bindings are copied each iteration. */
  forHeads: Map<Node, { env: Identifier; names: string[] }>;
  /** catch clauses whose parameter is fresh each time an exception is caught. */
  catches: Map<Node, { env: Identifier; param: Identifier }>;
  /** for-in/for-of statements whose head binding is fresh each iteration. */
  forEach: Map<Node, Identifier>;
  /** Names of scope objects, to declare in the outer function. */
  names: string[];
}

function isInLoop(path: NodePath, fn: NodePath): boolean {
  let current: NodePath | null = path;
  while (current && current !== fn) {
    if (current.isLoop()) return true;
    current = current.parentPath;
  }
  return false;
}

export function planLoopScopes(fn: NodePath<FunctionNode>, blocks: NodePath[]): LoopScopePlan {
  const plan: LoopScopePlan = { members: new Map(), closures: new Map(), blocks: new Map(), switches: new Map(), forHeads: new Map(), forEach: new Map(), catches: new Map(), names: [] };
  for (const scopePath of blocks) {
    const owner = scopePath;
    if (!isInLoop(owner, fn) && !owner.isLoop()) continue;
    if (!(owner.isBlockStatement() || owner.isSwitchStatement() || owner.isForStatement() || owner.isForInStatement() || owner.isForOfStatement() || owner.isCatchClause())) continue;
    const captured: string[] = [];
    for (const [name, binding] of Object.entries(scopePath.scope.bindings)) {
      // let/const, and functions declared in a block (a fresh binding per iteration too).
      if (binding.kind !== "let" && binding.kind !== "const" && binding.kind !== "hoisted") continue;
      const uses = [...binding.referencePaths, ...binding.constantViolations];
      const closures = uses.map((use) => closureOf(use, fn)).filter((c): c is NodePath => c !== null);
      if (closures.length === 0) continue;
      captured.push(name);
    }
    if (captured.length === 0) continue;
    const env = fn.scope.generateUidIdentifier("scope");
    plan.names.push(env.name);
    for (const name of captured) {
      const binding = scopePath.scope.bindings[name];
      plan.members.set(binding.identifier, env);
      for (const use of binding.referencePaths) {
        plan.members.set(use.node, env);
        const closure = closureOf(use, fn);
        if (closure) {
          const set = plan.closures.get(closure.node) ?? new Set<string>();
          set.add(env.name);
          plan.closures.set(closure.node, set);
        }
      }
      for (const write of binding.constantViolations) {
        for (const id of Object.values(write.getBindingIdentifiers() as Record<string, Identifier>)) {
          if (id.name === name) plan.members.set(id, env);
        }
        const closure = closureOf(write, fn);
        if (closure) {
          const set = plan.closures.get(closure.node) ?? new Set<string>();
          set.add(env.name);
          plan.closures.set(closure.node, set);
        }
      }
    }
    if (owner.isForStatement()) plan.forHeads.set(owner.node, { env, names: captured });
    else if (owner.isForInStatement() || owner.isForOfStatement()) plan.forEach.set(owner.node, env);
    else if (owner.isCatchClause()) {
      const param = fn.scope.generateUidIdentifier("error");
      plan.names.push(param.name);
      plan.catches.set(owner.node, { env, param });
    }
    else if (owner.isSwitchStatement()) plan.switches.set(owner.node, env);
    else plan.blocks.set(owner.node, env);
  }
  return plan;
}

/**
 * The expression directly inside the generator body that creates the closure containing `path`,
 * if any: the function itself, or, for a method or an instance field's value, its object literal or
 * class (a method cannot be wrapped on its own).
 */
function closureOf(path: NodePath, fn: NodePath): NodePath | null {
  let closure: NodePath | null = null;
  let child: NodePath = path;
  let current: NodePath | null = path.parentPath;
  while (current && current !== fn) {
    // A method's computed key is evaluated where the method is defined, not inside it.
    if (current.isFunction() && child.key !== "key" && child.listKey !== "decorators") closure = current;
    // An instance field's value is evaluated when an instance is made: its class is the closure.
    if (isInstanceField(current) && child.key === "value") closure = current.parentPath!.parentPath;
    child = current;
    current = current.parentPath;
  }
  if (closure && closure.isObjectMethod()) return closure.parentPath;
  if (closure && (closure.isClassMethod() || closure.isClassPrivateMethod())) return closure.parentPath!.parentPath;
  return closure;
}

function isInstanceField(path: NodePath): boolean {
  return (path.isClassProperty() || path.isClassPrivateProperty() || path.isClassAccessorProperty()) && !path.node.static;
}

export interface LoopScopeContext {
  t: typeof BabelTypes;
  helper(name: string): Expression;
  /** A temporary of the lowered function (see evaluateOutside). */
  temp(hint: string): Identifier;
  /** The name the source gave a binding whose identifier this is (names.ts: renamed apart or not). */
  sourceName(id: Identifier): string;
  /** A wrapped closure, named as where it stood would have named it (names.ts), or as it is. */
  nameWrapped(closure: Expression): Expression;
}

/**
 * A class or object literal about to be wrapped whose heritage, computed keys, values or spreads
 * suspend: those parts are evaluated first, in order, into temporaries (keys converted at once,
 * spreads copied at once), and only what is left — the definitions — goes into the wrapper, so
 * the suspensions stay in the machine:
 *
 *     { [k()]: yield v, m() { return i; } }   ->   (_t = toPropertyKey(k()), _t2 = yield v,
 *                                                   function (_scope) { return { [_t]: _t2, m() {...} }; }(_scope))
 */
function evaluateOutside(t: typeof BabelTypes, w: LoopScopeContext, node: Node): Expression[] {
  const prefix: Expression[] = [];
  const save = (value: Expression, hint: string): Expression => {
    const id = w.temp(hint);
    prefix.push(t.assignmentExpression("=", id, value));
    return t.identifier(id.name);
  };
  const key = (member: { computed?: boolean; key: Node }) => {
    if (member.computed) member.key = save(t.callExpression(w.helper("toPropertyKey"), [member.key as Expression]), "key");
  };
  if (node.type === "ClassExpression") {
    if (node.superClass) node.superClass = save(node.superClass, "superClass");
    for (const member of node.body.body) if ("key" in member && member.type !== "ClassPrivateProperty" && member.type !== "ClassPrivateMethod") key(member as { computed?: boolean; key: Node });
  } else if (node.type === "ObjectExpression") {
    for (const prop of node.properties) {
      if (prop.type === "SpreadElement") {
        prop.argument = save(t.callExpression(w.helper("spreadProps"), [t.objectExpression([]), prop.argument]), "spread");
        continue;
      }
      key(prop);
      if (prop.type === "ObjectProperty") prop.value = save(prop.value as Expression, "value");
    }
  }
  return prefix;
}

export function applyLoopScopes<T extends Node>(c: LoopScopeContext, plan: LoopScopePlan, root: T): T {
  if (plan.names.length === 0) return root;
  const t = c.t;
  const fresh = (env: Identifier) => t.assignmentExpression("=", t.identifier(env.name), t.objectExpression([]));
  const member = (env: Identifier, name: string) => t.memberExpression(t.identifier(env.name), t.identifier(name));
  const callOfBinding = callOfBindingIn(c);
  // Closures are wrapped where they stand (not entered: their own bodies are rewritten below).
  const rewrite = (node: Node): Node | void => {
    if (node.type === "Identifier") {
      const env = plan.members.get(node);
      if (!env) return;
      const replacement = member(env, node.name);
      scopeMembers.set(replacement, c.sourceName(node));
      return replacement;
    }
    if (node.type === "CallExpression" || node.type === "OptionalCallExpression" || node.type === "TaggedTemplateExpression") {
      const name = scopeMembers.get(node.type === "TaggedTemplateExpression" ? node.tag : node.callee);
      if (name !== undefined) return callOfBinding(node, name);
    }
    const captured = plan.closures.get(node);
    if (captured) {
      // (Its computed key, if a method's, was mapped already: mapNodes maps keys.)
      if (isFunctionNode(node)) mapInside(node, rewrite, false);
      else replaceChildren(node, (child) => mapDeep(child, rewrite)); // an object literal or class with methods
      // What suspends in a class or literal must stay outside the wrapper, in the machine.
      const prefix = !isFunctionNode(node) && containsSuspension(node) ? evaluateOutside(t, c, node) : [];
      const params = [...captured].map((name) => t.identifier(name));
      // The closure is no longer where its name came from: it is named inside the wrapper (names.ts).
      const closure = c.nameWrapped(node as Expression);
      const wrapper = t.functionExpression(null, params, t.blockStatement([t.returnStatement(closure)]));
      scopeWrappers.add(wrapper);
      const call = t.callExpression(wrapper, [...captured].map((name) => t.identifier(name)));
      return prefix.length > 0 ? t.sequenceExpression([...prefix, call]) : call;
    }
    if (node.type === "BlockStatement" && plan.blocks.has(node)) {
      node.body.unshift(t.expressionStatement(fresh(plan.blocks.get(node)!)));
      return;
    }
    if (node.type === "SwitchStatement" && plan.switches.has(node)) {
      // The cases' block is created once the discriminant is evaluated: switch ((_scope = {}, x)).
      node.discriminant = t.sequenceExpression([fresh(plan.switches.get(node)!), node.discriminant]);
      return;
    }
    if (node.type === "CatchClause" && plan.catches.has(node)) {
      // catch (e) { ... }  ->  catch (_error) { _scope = {}; _scope.e = _error; ... }
      const { env, param } = plan.catches.get(node)!;
      const prologue = [t.expressionStatement(fresh(env))];
      const current = node.param as Node | null | undefined;
      if (current && current.type === "MemberExpression") {
        prologue.push(t.expressionStatement(t.assignmentExpression("=", current, t.identifier(param.name))));
        node.param = t.identifier(param.name);
      }
      node.body.body.unshift(...prologue);
      return;
    }
    if (node.type === "ForStatement" && plan.forHeads.has(node)) {
      const { env, names } = plan.forHeads.get(node)!;
      node.init = node.init ? t.sequenceExpression([fresh(env), node.init as Expression]) : fresh(env);
      const copy = t.assignmentExpression(
        "=",
        t.identifier(env.name),
        t.objectExpression(names.map((name) => t.objectProperty(t.identifier(name), member(env, name)))),
      );
      node.update = node.update ? t.sequenceExpression([copy, node.update]) : copy;
      return;
    }
    if ((node.type === "ForInStatement" || node.type === "ForOfStatement") && plan.forEach.has(node)) {
      // The head binding is assigned first thing each iteration: create its scope object there.
      const env = plan.forEach.get(node)!;
      const left = node.left;
      if (left.type === "MemberExpression" && left.object.type === "Identifier" && left.object.name === env.name) {
        left.object = t.assignmentExpression("=", t.identifier(env.name), t.objectExpression([])) as unknown as Expression;
      } else if (node.type === "ForOfStatement") {
        beforeHeadBinding.set(node, t.expressionStatement(fresh(env)));
      } else if (node.body.type === "BlockStatement") {
        node.body.body.unshift(t.expressionStatement(fresh(env)));
      }
      return;
    }
  };
  return mapNodes(root, rewrite) as T;
}

/**
 * `f(x)` where `f` now lives in a scope object: a call of `_scope.f` would pass the scope object
 * as `this`. The function is called with `this` undefined, as `f(x)` does, through the runtime's
 * call helper (which fails naming `f`, as the source's call would):
 *
 *     f(a, b)    ->   _stepwise.call(_scope.f, void 0, "f", a, b)
 *     f(...a)    ->   _stepwise.apply(_scope.f, void 0, "f", [...a])    (es5-syntax.ts: spread)
 *     f?.(x), f`t`   ->   (0, _scope.f)?.(x), (0, _scope.f)`t`
 */
function callOfBindingIn(c: LoopScopeContext): (node: BabelTypes.CallExpression | BabelTypes.OptionalCallExpression | BabelTypes.TaggedTemplateExpression, name: string) => Node {
  const t = c.t;
  const unbound = (callee: Expression) => t.sequenceExpression([t.numericLiteral(0), callee]);
  return (node, name) => {
    if (node.type === "TaggedTemplateExpression") {
      node.tag = unbound(node.tag);
      return node;
    }
    if (node.type === "OptionalCallExpression") {
      node.callee = unbound(node.callee as Expression);
      return node;
    }
    const callee = node.callee as Expression;
    const args = node.arguments as (Expression | BabelTypes.SpreadElement)[];
    const text = callText({ ...node, callee: t.identifier(name) });
    const head = [callee, t.unaryExpression("void", t.numericLiteral(0)), t.stringLiteral(text)];
    if (args.some((arg) => arg.type === "SpreadElement")) return t.callExpression(c.helper("apply"), [...head, t.arrayExpression(args)]);
    return t.callExpression(c.helper("call"), [...head, ...(args as Expression[])]);
  };
}

/** Applies `leave` to everything inside a function node and its computed key (mapNodes stops at functions). */
function mapInside(fn: Node, leave: (node: Node) => Node | void, withKey = true): void {
  const record = fn as unknown as Record<string, unknown>;
  // A method's computed key too (it reads the bindings where the method is defined).
  for (const key of withKey && record.computed === true ? ["key", "params", "body"] : ["params", "body"]) {
    const child = record[key];
    if (Array.isArray(child)) child.forEach((c, i) => (child[i] = mapDeep(c as Node, leave)));
    else if (child) record[key] = mapDeep(child as Node, leave);
  }
}

function mapDeep(node: Node, leave: (node: Node) => Node | void): Node {
  if (isFunctionNode(node)) {
    mapInside(node, leave);
    return leave(node) ?? node;
  }
  // Every kind of function, declarations included: a `function f() { return x; }` declared
  // inside a closure reads the loop's binding as much as the closure itself does.
  return mapNodes(node, (n) => {
    if (isFunctionNode(n)) mapInside(n, leave);
    return leave(n);
  });
}
