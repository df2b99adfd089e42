/**
 * Async arrow functions. An arrow has no `this`, `arguments`, `new.target` or `super` of its own:
 * it sees those of the code around it. Its machine, a plain `function (_ctx)`, would see its own,
 * so they are saved where they mean what the arrow means by them, and the arrow's code refers to
 * the saved copies (function-env.ts).
 *
 * For targets without arrows, where that place is a block of statements — the body of the
 * function whose `this` the arrow sees, a static block, the program, or a block-bodied arrow in
 * between — the saved values are declared at its top and the arrow becomes an ordinary (ES5)
 * function expression, lowered like any async function (plugin.ts decides by the targets):
 *
 *     method() {                               method() {
 *       return async () => this.x + await y;      var _this = this;
 *     }                                           return _stepwise.markAsync(function () { ... _this.x ... });
 *
 * (A coroutine's outer function is such a place too: its saved values come before its parameters.)
 * Where there is no such block — an arrow that is a class field's initializer, or a parameter's
 * default of an ordinary function (parameters run before the body) — or the targets have arrows,
 * the arrow stays an arrow and its body becomes the machine; the arrow's own `this`, `arguments`
 * and `super` are then the right ones to save (and, as natively, it has no `prototype`, no own
 * `caller`/`arguments`, and `new` on it throws):
 *
 *     class A { f = async () => this.x + await y; }
 *       becomes
 *     class A { f = _stepwise.markAsync(() => { var _this = this; var _ctx = ...; }, "f"); }
 *
 * In a derived class's constructor `this` does not exist until `super()` returns; there it is read
 * through `() => this` when the arrow uses it, and `super(...)` goes through `(...args) =>
 * super(...args)`, so an early read throws as it natively does.
 */
import type { NodePath } from "@babel/core";
import type * as BabelTypes from "@babel/types";
import type { ArrowFunctionExpression, Function as FunctionNode, Identifier, Expression, Node, VariableDeclaration, Statement } from "@babel/types";
import { SavedEnvironment, savedEnvironment, rewriteEnvironment, walkSameThis, outerDeclarators, type EnvironmentKind } from "./function-env.js";
import { isCoroutine } from "./contains.js";

/** Where an arrow's environment is, as seen from the arrow. */
export interface ArrowSurroundings {
  /** Where the environment can be saved: a block, or a coroutine to be lowered (saved in its outer function); null: nowhere. */
  place: NodePath | null;
  kind: EnvironmentKind;
  /** The arrow sees the program's `this` and `arguments` (not a function's). */
  atTopLevel: boolean;
}

function isDerivedConstructor(fn: NodePath): boolean {
  if (!fn.isClassMethod({ kind: "constructor" })) return false;
  const cls = fn.parentPath?.parentPath;
  return cls != null && (cls.isClassDeclaration() || cls.isClassExpression()) && cls.node.superClass != null;
}

/** What `new.target` means inside a function with its own. */
function newTargetOf(fn: NodePath<FunctionNode>): EnvironmentKind["newTarget"] {
  const node = fn.node;
  if (isCoroutine(node)) return "undefined";
  if ((node.type === "FunctionDeclaration" || node.type === "FunctionExpression") && node.id) return { es5Function: node.id.name };
  return "save";
}

export function surroundingsOf(arrow: NodePath): ArrowSurroundings {
  let block: NodePath | null = null;
  let child: NodePath = arrow;
  for (let p = arrow.parentPath; p; child = p, p = p.parentPath) {
    if (p.isProgram() || p.isStaticBlock()) {
      return { place: block ?? p, kind: { lazyThis: false, newTarget: "undefined" }, atTopLevel: p.isProgram() };
    }
    if (p.isClassProperty() || p.isClassPrivateProperty() || p.isClassAccessorProperty()) {
      // A field's initializer has the instance (or, static, the class) as `this`; its computed
      // key is evaluated where the class is.
      if (child.key === "value") return { place: block, kind: { lazyThis: false, newTarget: "undefined" }, atTopLevel: false };
      continue;
    }
    if (p.isFunction()) {
      if (child.key === "key" || child.listKey === "decorators") continue;
      if (p.isArrowFunctionExpression()) {
        // A block-bodied arrow on the way runs before this one exists (not so its parameters).
        if (child.key === "body" && child.isBlockStatement()) block = child;
        continue;
      }
      const kind: EnvironmentKind = { lazyThis: isDerivedConstructor(p), newTarget: newTargetOf(p as NodePath<FunctionNode>) };
      // A coroutine's saved values are declared in its outer function, before its parameters are
      // bound; an ordinary function's at the top of its body, after them.
      if (isCoroutine(p.node)) return { place: p, kind, atTopLevel: false };
      return { place: child.key === "body" ? child : block, kind, atTopLevel: false };
    }
  }
  return { place: null, kind: { lazyThis: false, newTarget: "undefined" }, atTopLevel: true };
}

/** The `var` statement at the top of a block that holds the environments saved there. */
const blockDeclarations = new WeakMap<Node, VariableDeclaration>();

function declareAtTop(place: NodePath, t: typeof BabelTypes, id: Identifier, init: Expression): void {
  let declaration = blockDeclarations.get(place.node);
  if (!declaration) {
    declaration = t.variableDeclaration("var", []);
    blockDeclarations.set(place.node, declaration);
    const [inserted] = (place as NodePath<BabelTypes.BlockStatement>).unshiftContainer("body", declaration as Statement);
    place.scope.registerDeclaration(inserted);
  }
  declaration.declarations.push(t.variableDeclarator(id, init));
}

/** Does the arrow use the `arguments` of its surroundings? */
function usesArguments(arrow: Node): boolean {
  let found = false;
  walkSameThis(arrow, (node) => {
    if (node.type === "Identifier" && node.name === "arguments") found = true;
  });
  return found;
}

/**
 * Prepares an async arrow for lowering: either its environment is saved where it means the same
 * and it becomes a function expression (true), or it stays an arrow (false) and its lowering saves
 * the environment inside it (lowerFunction, with `surroundingsOf(arrow).kind`).
 */
export function arrowToFunction(arrow: NodePath<ArrowFunctionExpression>, t: typeof BabelTypes, runtime: (name: string) => Expression): boolean {
  const { place, kind, atTopLevel } = surroundingsOf(arrow);
  // A script's top level has no `arguments`: an arrow there that mentions it keeps its own lookup.
  if (place === null || (atTopLevel && usesArguments(arrow.node))) return false;
  const env = savedEnvironment(place.node, () => {
    const declare = place.isFunction()
      ? // A coroutine lowered later: its outer function declares them (see captureEnvironment).
        (id: Identifier, init: Expression) => outerDeclarators(place.node).push(t.variableDeclarator(id, init))
      : (id: Identifier, init: Expression) => declareAtTop(place, t, id, init);
    return new SavedEnvironment(t, (hint) => place.scope.generateUidIdentifier(hint), declare, runtime, kind);
  });
  // Babel's paths to the references under a rewritten `super` use are found again (the dead-zone
  // checks of the arrow's lowering replace them).
  if (rewriteEnvironment(arrow, env, t)) arrow.scope.crawl();
  arrow.ensureBlock();
  const node = arrow.node as unknown as BabelTypes.FunctionExpression;
  node.type = "FunctionExpression";
  node.id = null;
  return true;
}
