/**
 * The temporal dead zone: a `let`, `const` or class binding cannot be read or written before its
 * declaration has run (ReferenceError: "Cannot access 'x' before initialization"), and a parameter
 * default cannot read a parameter that comes after it (or its own).
 *
 * Hoisted to `var`s of the outer function, the bindings would read `undefined` instead. A scope
 * analysis (Babel's bindings, before hoisting) sorts every use of such a binding:
 *
 *   - after the declaration, in the same straight line of code, or in a closure created after it:
 *     nothing to check (the common case, and it costs nothing);
 *   - before the declaration, in the function's own code (not in a closure): it always throws, so
 *     it becomes the throw:  `log(x); let x = 1;`  ->  `log(_stepwise.tdz("x")); x = 1;`
 *   - in a closure created before the declaration (a function declared anywhere in the scope, an
 *     arrow defined earlier, a closure called while the declaration's own initialiser runs), or
 *     in a later `case` of the `switch` that declares it (a jump may skip the declaration): it
 *     depends on when it runs. The binding then holds `_stepwise.uninitialized` from the entry of
 *     its scope until its declaration runs, and those uses check it:
 *
 *         { const f = () => x; f(); let x = 1; }
 *           becomes
 *         { x = _stepwise.uninitialized; f = function () { return _stepwise.checked(x, "x"); }; f(); x = 1; }
 *
 * Parameters are sorted the same way: a default that reads a later parameter (or its own) throws
 * when it runs; a closure in a default that does is checked, and the parameters it reads start out
 * uninitialized (`uninitializedParameters`).
 *
 * Runs before renaming apart, so messages name the binding as the user wrote it.
 */
import type { NodePath } from "@babel/core";
import type * as BabelTypes from "@babel/types";
import type { Function as FunctionNode, Expression, Node, Identifier } from "@babel/types";

type Scope = NodePath["scope"];
type Binding = NonNullable<ReturnType<Scope["getBinding"]>>;
type Use = "safe" | "throws" | "checked";

export interface DeadZoneHelpers {
  t: typeof BabelTypes;
  helper(name: string): Expression;
}

/**
 * The function directly inside `fn` whose body holds `path` (the closure that use belongs to), or
 * null when `path` is in `fn`'s own code. For a method, or an instance field's initialiser (run
 * at each construction): the object literal or class that creates it.
 */
function closureOf(path: NodePath, fn: NodePath): NodePath | null {
  let closure: NodePath | null = null;
  let current: NodePath | null = path.parentPath;
  while (current && current !== fn) {
    if (current.isFunction()) closure = current;
    else if ((current.isClassProperty() || current.isClassPrivateProperty() || current.isClassAccessorProperty()) && !current.node.static) closure = current;
    current = current.parentPath;
  }
  if (closure && closure.isObjectMethod()) return closure.parentPath;
  if (closure && (closure.isClassMethod() || closure.isClassPrivateMethod() || closure.isClassProperty() || closure.isClassPrivateProperty() || closure.isClassAccessorProperty())) {
    return closure.parentPath!.parentPath;
  }
  return closure;
}

function isInside(node: Node | null | undefined, inner: Node): boolean {
  return node != null && node.start != null && node.end != null && inner.start != null && inner.end != null && inner.start >= node.start && inner.end <= node.end;
}

/**
 * Where a closure comes into existence: a function declaration at the entry of the block that
 * holds it (declarations are hoisted), anything else where it stands. A closure that is the whole
 * initialiser of the binding's declaration, or sits in it only inside array and object literals,
 * cannot run before the declaration completes: it counts as created at the end of it.
 */
function createdAt(closure: NodePath, init: Node | null | undefined, end: number): number | null {
  if (closure.isFunctionDeclaration()) return closure.parentPath?.node.start ?? null;
  if (init != null && isInside(init, closure.node) && passivelyHeld(closure, init)) return end;
  return closure.node.start ?? null;
}

/** Is `path` held by `root` only through literals (no call, no assignment could run it early)? */
function passivelyHeld(path: NodePath, root: Node): boolean {
  let current: NodePath | null = path;
  while (current && current.node !== root) {
    const parent: NodePath | null = current.parentPath;
    if (!parent) return false;
    const ok =
      parent.isArrayExpression() ||
      (parent.isObjectProperty() && current.key === "value") ||
      parent.isObjectExpression() ||
      parent.isParenthesizedExpression() ||
      (parent.isSequenceExpression() && current.key === parent.node.expressions.length - 1) ||
      (parent.isConditionalExpression() && current.key !== "test") ||
      (parent.isLogicalExpression() && current.key === "right");
    if (!ok) return false;
    current = parent;
  }
  return current !== null;
}

/**
 * Is `path` still where Babel recorded it, inside `fn`? A coroutine nested in `fn` was lowered
 * before `fn` (its body rebuilt), so a binding's reference list can hold paths to nodes that
 * moved or left the tree, next to the fresh ones the traversal since added.
 */
function isLive(path: NodePath, fn: NodePath): boolean {
  let current: NodePath | null = path;
  while (current && current !== fn) {
    const container = current.container as unknown as Record<string | number, unknown> | null;
    if (container == null || container[current.key as string | number] !== current.node) return false;
    current = current.parentPath;
  }
  return current === fn;
}

/** The `case` clause of `switchPath` that holds `path` (null if none does). */
function caseOf(path: NodePath, switchPath: NodePath): Node | null {
  let current: NodePath | null = path;
  while (current && current.parentPath !== switchPath) current = current.parentPath;
  return current && current.isSwitchCase() ? current.node : null;
}

interface Declaration {
  /** Where the declaration is complete: uses after it are safe. */
  end: number;
  /** Expressions evaluated while the binding is uninitialised though they follow its name (an initialiser, a for-of's right side). */
  pending: Node[];
  /**
   * The declaration's pattern, if it is one, and where in it the binding is initialised: names
   * are bound in turn (`let [a = b, b] = list` reads b too early; `let [a, b = a]` does not).
   */
  pattern: Node | null;
  patternEnd: number;
  /** Ignore uses inside this node (a class's own body sees its inner binding). */
  own: Node | null;
  /** What initialises the binding: a closure held by it alone cannot run before (createdAt). */
  init: Node | null;
}

/** The default of `id` within the pattern `root` (`id = default`), if it has one. */
function defaultOf(root: NodePath, id: Identifier): BabelTypes.AssignmentPattern | null {
  if (root.isAssignmentPattern() && root.node.left === id) return root.node;
  let found: BabelTypes.AssignmentPattern | null = null;
  root.traverse({
    AssignmentPattern(p) {
      if (p.node.left === id) found = p.node;
    },
  });
  return found;
}

/** Where `id` is bound within the pattern `root`: after its default, if it has one. */
function boundAt(root: NodePath, id: Identifier): number {
  const withDefault = defaultOf(root, id);
  return withDefault?.end ?? id.end!;
}

/** When a use at `at` (a position inside or after the declaration's start) is initialised. */
function isBefore(d: Declaration, use: Node, at: number): boolean {
  if (d.pattern && isInside(d.pattern, use)) return at < d.patternEnd;
  return at < d.end;
}

/** Where a `let`/`const`/class binding is declared and initialised (null: nothing to check). */
function declarationOf(binding: Binding): Declaration | null {
  const path = binding.path;
  const id = binding.identifier;
  if (id.start == null || id.end == null) return null;
  if (path.isClassDeclaration()) {
    const end = path.node.end;
    if (end == null) return null;
    return { end, pending: [], pattern: null, patternEnd: end, own: path.node, init: null };
  }
  if (!path.isVariableDeclarator()) return null;
  const declarator = path.node;
  const declaration = path.parentPath;
  if (declarator.end == null) return null;
  const pattern = path.get("id") as NodePath;
  const pending: Node[] = [];
  if (declarator.init) pending.push(declarator.init);
  let end = declarator.end;
  const loop = declaration?.parentPath;
  if (loop && (loop.isForOfStatement() || loop.isForInStatement()) && declaration!.key === "left") {
    // for (let x of list): list is evaluated with x already in its dead zone.
    pending.push(loop.node.right);
    end = loop.node.right.end ?? end;
  }
  // The binding's own default, or else the declaration's initialiser, gives it its value.
  const own = defaultOf(pattern, id);
  return { end, pending, pattern: pattern.node, patternEnd: boundAt(pattern, id), own: null, init: own ? own.right : (declarator.init ?? null) };
}

/** How a use (a reference or a write) of a binding declared as `d` must be treated. */
function classify(use: NodePath, d: Declaration, fn: NodePath, switchPath: NodePath | null, declarationPath: NodePath): Use {
  // Only reads and plain writes are checked (a write guardConstants already turned into a throw,
  // a for-in/of head or a pattern assigning to the binding is left as it is).
  if (!use.isIdentifier() && !use.isAssignmentExpression() && !use.isUpdateExpression()) return "safe";
  if (d.own && isInside(d.own, use.node)) return "safe";
  // (Babel puts a switch's discriminant in the scope of its cases; it is evaluated outside them.)
  if (switchPath && isInside((switchPath.node as BabelTypes.SwitchStatement).discriminant, use.node)) return "safe";
  const closure = closureOf(use, fn);
  if (closure === null) {
    const at = use.node.start;
    if (at == null) return "checked";
    if (d.pending.some((n) => isInside(n, use.node))) return "throws";
    if (isBefore(d, use.node, at)) return "throws";
    if (switchPath && caseOf(use, switchPath) !== caseOf(declarationPath, switchPath)) return "checked";
    return "safe";
  }
  const initialised = d.pattern && isInside(d.pattern, closure.node) ? d.patternEnd : d.end;
  const at = createdAt(closure, d.init, initialised);
  if (at == null || (at !== initialised && d.pending.some((n) => isInside(n, closure.node))) || isBefore(d, closure.node, at)) return "checked";
  if (switchPath && caseOf(closure, switchPath) !== caseOf(declarationPath, switchPath)) return "checked";
  return "safe";
}

/** Replaces a use that always throws by the throw (the right side of an assignment still runs first). */
function replaceByThrow(use: NodePath, name: string, h: DeadZoneHelpers): void {
  const t = h.t;
  const thrown = () => t.callExpression(h.helper("tdz"), [t.stringLiteral(name)]);
  if (use.isIdentifier()) {
    use.replaceWith(thrown());
  } else if (use.isAssignmentExpression() && use.node.left.type === "Identifier") {
    // x = v: v is evaluated, then storing throws; x += v: reading x throws first.
    use.replaceWith(use.node.operator === "=" ? t.sequenceExpression([use.node.right, thrown()]) : thrown());
  } else if (use.isUpdateExpression()) {
    use.replaceWith(thrown());
  }
  // Patterns and for-in/of heads that assign to a binding in its dead zone are left as they are.
}

/**
 * Checks a use that may run before the declaration. Returns the path of the binding's identifier
 * afterwards (Babel's reference lists must keep pointing at it: loop-scopes.ts reads them).
 */
function replaceByCheck(use: NodePath, name: string, h: DeadZoneHelpers): NodePath | null {
  const t = h.t;
  // A for-in/of head that assigns the binding is left as it is (README, Limits), as patterns are.
  if (use.isIdentifier() && use.parentPath !== null && use.parentPath.isForXStatement() && use.key === "left") return null;
  if (use.isIdentifier()) {
    const [call] = use.replaceWith(t.callExpression(h.helper("checked"), [use.node, t.stringLiteral(name)])) as unknown as NodePath<BabelTypes.CallExpression>[];
    return call.get("arguments.0") as NodePath;
  }
  // The read a check adds is a reference like any other (a per-iteration scope object, loop-scopes.ts, must rewrite it too).
  const register = (read: NodePath, binding: Binding | undefined) => binding?.reference(read);
  if (use.isAssignmentExpression() && use.node.left.type === "Identifier") {
    const left = use.node.left;
    const binding = use.scope.getBinding(left.name);
    if (use.node.operator === "=") {
      // The value is evaluated first, then the store checks the binding.
      const right = use.get("right");
      const read = right.isIdentifier() ? right.scope.getBinding(right.node.name) : undefined;
      right.replaceWith(t.callExpression(h.helper("checkedWrite"), [use.node.right, t.identifier(left.name), t.stringLiteral(name)]));
      register(use.get("right.arguments.1") as NodePath, binding);
      repoint(read?.referencePaths, right, use.get("right.arguments.0") as NodePath);
    } else {
      const [sequence] = use.replaceWith(t.sequenceExpression([t.callExpression(h.helper("checked"), [t.identifier(left.name), t.stringLiteral(name)]), use.node]));
      register(sequence.get("expressions.0.arguments.0") as NodePath, binding);
      repoint(binding?.constantViolations, use, sequence.get("expressions.1") as NodePath);
    }
    return null;
  }
  if (use.isUpdateExpression() && use.node.argument.type === "Identifier") {
    const argument = use.node.argument;
    const binding = use.scope.getBinding(argument.name);
    const [sequence] = use.replaceWith(t.sequenceExpression([t.callExpression(h.helper("checked"), [t.identifier(argument.name), t.stringLiteral(name)]), use.node]));
    register(sequence.get("expressions.0.arguments.0") as NodePath, binding);
    repoint(binding?.constantViolations, use, sequence.get("expressions.1") as NodePath);
  }
  return null;
}

/**
 * A use moved under a new node by a check: the path Babel lists it by (a binding's reference or
 * write list) now holds the new node, so the list is pointed at the use's new path. Writes
 * (`x += v`, `x++`) move into the sequence that checks them first; a read that was the whole value
 * of a checked write (`v = x` -> `v = checkedWrite(x, v, "v")`) into the call. loop-scopes.ts
 * rewrites a per-iteration binding through these lists.
 */
function repoint(list: NodePath[] | undefined, old: NodePath, moved: NodePath): void {
  const at = list === undefined ? -1 : list.indexOf(old);
  if (at >= 0) list![at] = moved;
}

/** How many paths lie above `path` (a use inside another is deeper). */
function depthOf(path: NodePath): number {
  let n = 0;
  for (let p = path.parentPath; p !== null; p = p.parentPath) n++;
  return n;
}

/**
 * `name = _stepwise.uninitialized` where the binding's scope is entered: the top of its block (or
 * of the function body), the discriminant of its `switch`. Registered as a write of the binding,
 * so that later steps (renaming, per-iteration scope objects) treat it as one.
 */
function startUninitialized(binding: Binding, fn: NodePath<FunctionNode>, h: DeadZoneHelpers): boolean {
  const t = h.t;
  const scopePath = binding.scope.path;
  const assignment = () => t.assignmentExpression("=", t.identifier(binding.identifier.name), h.helper("uninitialized"));
  let inserted: NodePath | null = null;
  if (scopePath === fn || scopePath.isBlockStatement() || scopePath.isCatchClause()) {
    const block = (scopePath === fn ? fn.get("body") : scopePath.isCatchClause() ? scopePath.get("body") : scopePath) as NodePath<BabelTypes.BlockStatement>;
    inserted = block.unshiftContainer("body", t.expressionStatement(assignment()))[0].get("expression") as NodePath;
  } else if (scopePath.isSwitchStatement()) {
    // The node is changed in place, not through the discriminant's path: that path may be a
    // reference of a binding (`switch (i)`), which must keep pointing at the identifier (a
    // per-iteration scope object, loop-scopes.ts, rewrites the references it lists).
    const node = scopePath.node as BabelTypes.SwitchStatement;
    node.discriminant = t.sequenceExpression([assignment(), node.discriminant]);
    inserted = scopePath.get("discriminant.expressions.0") as NodePath;
  } else {
    return false; // a loop head: not checked (see README, Limits)
  }
  binding.reassign(inserted);
  return true;
}

export function checkDeadZones(fn: NodePath<FunctionNode>, blocks: NodePath[], h: DeadZoneHelpers): void {
  const scopes: Scope[] = [fn.scope, ...blocks.map((block) => block.scope)];
  // (a class declaration's binding is listed in its own scope too)
  const seen = new Set<Binding>();
  for (const scope of scopes) {
    for (const [name, binding] of Object.entries(scope.bindings)) {
      if ((binding.kind !== "let" && binding.kind !== "const") || seen.has(binding)) continue;
      seen.add(binding);
      const d = declarationOf(binding);
      if (d === null) continue;
      const switchPath = binding.scope.path.isSwitchStatement() ? binding.scope.path : null;
      const seenNodes = new Set<Node>();
      const uses: { path: NodePath; reference: boolean; index: number }[] = [
        ...binding.referencePaths.map((path, index) => ({ path, reference: true, index })),
        ...binding.constantViolations.map((path, index) => ({ path, reference: false, index })),
      ].filter(({ path, reference }) => {
        if (seenNodes.has(path.node) || !isLive(path, fn)) return false;
        seenNodes.add(path.node);
        if (!reference) return true;
        // `x++` and `x += 1` read x too, but are handled as the writes they also are.
        const parent = path.parentPath;
        if (parent && (parent.isUpdateExpression() || (parent.isAssignmentExpression() && path.key === "left"))) return false;
        return path.node.type === "Identifier" && path.node.name === name;
      });
      const sorted = uses.map((use) => ({ ...use, kind: classify(use.path, d, fn, switchPath, binding.path) }));
      if (sorted.every((use) => use.kind === "safe")) continue;
      const checked = sorted.filter((use) => use.kind === "checked");
      if (checked.length > 0 && !startUninitialized(binding, fn, h)) {
        checked.forEach((use) => (use.kind = "safe"));
      }
      // Nested uses first (`v = [v += 1]`, `v = (v = 1)`): replacing an outer use moves the nodes
      // under it, and the path of a use inside would then point at the old place.
      const innermostFirst = sorted.map((use) => ({ use, depth: depthOf(use.path) })).sort((a, b) => b.depth - a.depth);
      for (const { use } of innermostFirst) {
        if (use.kind === "throws") replaceByThrow(use.path, name, h);
        else if (use.kind === "checked") {
          const identifier = replaceByCheck(use.path, name, h);
          if (identifier && use.reference) binding.referencePaths[use.index] = identifier;
        }
      }
    }
  }
}

/**
 * Parameters: `function* g(a = b, b)` reads b before it is bound. Returns the names of parameters
 * that must start out uninitialized (closures in earlier defaults read them, checked).
 */
export function checkParameterDeadZones(fn: NodePath<FunctionNode>, h: DeadZoneHelpers): Identifier[] {
  const params = fn.get("params") as NodePath[];
  if (params.every((p) => p.isIdentifier())) return [];
  const uninitialized: Identifier[] = [];
  for (const [name, binding] of Object.entries(fn.scope.bindings)) {
    if (binding.kind !== "param") continue;
    const id = binding.identifier;
    if (id.end == null) continue;
    // Initialised once its default (if any) has run; a closure that is the default itself cannot run before.
    const end = boundAt(binding.path, id);
    const own = defaultOf(binding.path, id);
    let needsStart = false;
    binding.referencePaths.forEach((use, index) => {
      if (!isLive(use, fn) || !params.some((p) => use.isDescendant(p))) return;
      const closure = closureOf(use, fn);
      const at = closure ? createdAt(closure, own?.right, end) : use.node.start;
      if (at == null || at >= end) return;
      if (closure === null) {
        replaceByThrow(use, name, h);
        return;
      }
      const identifier = replaceByCheck(use, name, h);
      if (identifier) binding.referencePaths[index] = identifier;
      needsStart = true;
    });
    if (needsStart) uninitialized.push(h.t.identifier(name));
  }
  return uninitialized;
}
