/**
 * The function environment a lowered body must keep: `this`, `arguments` and `new.target`.
 *
 * The body runs inside a nested `function (_ctx)`, which has its own `this` and `arguments`. So
 * the outer function saves its own and the body (arrow functions inside it too, since they see
 * the same ones) refers to the saved copies:
 *
 *     function* g() { yield this.x + arguments[0]; }
 *       becomes
 *     function g() { var _this = this, _arguments = arguments; ... _this.x + _arguments[0] ... }
 *
 * `new.target` is always `undefined` in a generator or async function (they are not
 * constructors). `super` cannot be used from the nested function at all, so the method defines
 * two tiny arrow functions that can (`_superGet(key)`, `_superSet(key, value)`) and the body calls
 * those; `super.m(x)` becomes `_superGet("m").call(_this, x)`.
 */
import type { NodePath } from "@babel/core";
import type * as BabelTypes from "@babel/types";
import type { Function as FunctionNode, Identifier, VariableDeclarator, Expression, Node } from "@babel/types";
import { isFunctionNode, replaceChildren } from "./walk.js";

export interface FunctionEnvironment {
  thisId: Identifier | null;
  argumentsId: Identifier | null;
  /** `var` declarators for the super accessors the body uses (arrows: only they can see `super`). */
  superHelpers: VariableDeclarator[];
}

/** Nodes whose insides do not see the function's `this` and `arguments` (besides non-arrow functions). */
const OWN_THIS = new Set(["ClassProperty", "ClassPrivateProperty", "ClassAccessorProperty", "StaticBlock"]);

/** Calls `visit(node, parent, grandparent)` on every node whose `this` is the function's, before its children. */
function walkSameThis(body: Node, fnNode: Node, visit: (node: Node, parent: Node, grandparent: Node) => Node | void): void {
  const down = (node: Node, parent: Node, grandparent: Node): Node => {
    const replaced = visit(node, parent, grandparent);
    if (replaced) return replaced;
    if ((isFunctionNode(node) && node.type !== "ArrowFunctionExpression") || OWN_THIS.has(node.type)) return node;
    replaceChildren(node, (child) => down(child, node, parent));
    return node;
  };
  replaceChildren(body, (child) => down(child, body, fnNode));
}

/**
 * The common case needs no paths: no `super`, and `arguments` only ever read (nothing declares
 * that name where the body could see it). Then a walk over plain nodes does the replacements, far
 * cheaper than Babel's path traversal.
 */
function plainWalkWillDo(fn: NodePath<FunctionNode>, t: typeof BabelTypes): boolean {
  if (fn.scope.getBinding("arguments") !== undefined) return false;
  let simple = true;
  walkSameThis(fn.node.body, fn.node, (node, parent, grandparent) => {
    if (node.type === "Super" || (node.type === "Identifier" && node.name === "arguments" && !t.isReferenced(node, parent, grandparent))) simple = false;
  });
  return simple;
}

export function captureEnvironment(fn: NodePath<FunctionNode>, t: typeof BabelTypes): FunctionEnvironment {
  const env: FunctionEnvironment = { thisId: null, argumentsId: null, superHelpers: [...(pendingSuperHelpers.get(fn.node) ?? [])] };
  const thisRef = () => {
    env.thisId ??= fn.scope.generateUidIdentifier("this");
    return t.identifier(env.thisId.name);
  };
  if (plainWalkWillDo(fn, t)) {
    walkSameThis(fn.node.body, fn.node, (node, parent, grandparent) => {
      if (node.type === "ThisExpression") return thisRef();
      if (node.type === "Identifier" && node.name === "arguments" && t.isReferenced(node, parent, grandparent)) {
        env.argumentsId ??= fn.scope.generateUidIdentifier("arguments");
        return t.identifier(env.argumentsId.name);
      }
      if (node.type === "MetaProperty" && node.meta.name === "new" && node.property.name === "target") return t.unaryExpression("void", t.numericLiteral(0));
    });
    return env;
  }
  fn.get("body").traverse({
    Function(path) {
      if (!path.isArrowFunctionExpression()) path.skip();
    },
    "ClassProperty|ClassPrivateProperty|ClassAccessorProperty|StaticBlock"(path) {
      path.skip();
    },
    ThisExpression(path) {
      env.thisId ??= fn.scope.generateUidIdentifier("this");
      path.replaceWith(t.identifier(env.thisId.name));
    },
    Identifier(path) {
      if (path.node.name !== "arguments" || !path.isReferencedIdentifier()) return;
      const binding = path.scope.getBinding("arguments");
      if (binding && binding.kind !== "param" && binding.scope !== fn.scope) return; // a local named `arguments`
      env.argumentsId ??= fn.scope.generateUidIdentifier("arguments");
      path.replaceWith(t.identifier(env.argumentsId.name));
    },
    MetaProperty(path) {
      if (path.node.meta.name === "new" && path.node.property.name === "target") {
        path.replaceWith(t.unaryExpression("void", t.numericLiteral(0)));
      }
    },
    Super(path) {
      replaceSuper(path, fn, t, thisRef, env.superHelpers);
    },
  });
  return env;
}

/** The accessors already declared in each home function. */
const superAccessors = new WeakMap<BabelTypes.Node, { get?: Identifier; set?: Identifier }>();

/**
 * Accessors made for async arrows inside a method that will itself be lowered: they must end up in
 * that method's outer function (where `super` works), so its lowering picks them up from here.
 */
const pendingSuperHelpers = new WeakMap<BabelTypes.Node, VariableDeclarator[]>();

/**
 * `super.x` / `super[k]` / `super.m(...)` / `super.x = v`, inside a function that will not be able to
 * use `super`, become calls of two tiny arrow functions declared in `home` (a method, which can):
 *
 *     var _superGet = (key) => super[key], _superSet = (key, value) => (super[key] = value);
 *     super.m(x)  ->  _superGet("m").call(this, x)
 *
 * The declarators are appended to `helpers` (once per home function).
 */
export function replaceSuper(
  path: NodePath<BabelTypes.Super>,
  home: NodePath<FunctionNode>,
  t: typeof BabelTypes,
  thisRef: () => Expression,
  helpers: VariableDeclarator[],
): void {
  const member = path.parentPath;
  if (!member.isMemberExpression() || member.node.object !== path.node) {
    throw path.buildCodeFrameError("stepwise: `super(...)` cannot appear in a generator or async function.");
  }
  let known = superAccessors.get(home.node);
  if (!known) superAccessors.set(home.node, (known = {}));
  const node = member.node;
  const key: Expression = node.computed ? (node.property as Expression) : t.stringLiteral((node.property as Identifier).name);
  const get = () => {
    if (!known.get) {
      known.get = home.scope.generateUidIdentifier("superGet");
      const access = t.memberExpression(t.super(), t.identifier("key"), true);
      helpers.push(t.variableDeclarator(known.get, t.arrowFunctionExpression([t.identifier("key")], access)));
    }
    return t.identifier(known.get.name);
  };
  const parent = member.parentPath;
  if (parent.isAssignmentExpression() && parent.node.left === node) {
    if (!known.set) {
      known.set = home.scope.generateUidIdentifier("superSet");
      const body = t.assignmentExpression("=", t.memberExpression(t.super(), t.identifier("key"), true), t.identifier("value"));
      helpers.push(t.variableDeclarator(known.set, t.arrowFunctionExpression([t.identifier("key"), t.identifier("value")], body)));
    }
    const op = parent.node.operator;
    const value = op === "=" ? parent.node.right : t.binaryExpression(op.slice(0, -1) as "+", t.callExpression(get(), [t.cloneNode(key)]), parent.node.right);
    parent.replaceWith(t.callExpression(t.identifier(known.set.name), [key, value]));
    return;
  }
  if (parent.isCallExpression() && parent.node.callee === node) {
    parent.replaceWith(t.callExpression(t.memberExpression(t.callExpression(get(), [key]), t.identifier("call")), [thisRef(), ...parent.node.arguments]));
    return;
  }
  member.replaceWith(t.callExpression(get(), [key]));
}

/**
 * An async arrow function becomes a function expression, its `this`, `arguments` and `new.target`
 * saved in the enclosing function (Babel's arrowFunctionToExpression). Its `super` accesses go
 * through accessors declared in the enclosing method first, since Babel cannot move those.
 */
export function arrowToFunction(arrow: NodePath<BabelTypes.ArrowFunctionExpression>, t: typeof BabelTypes): void {
  const home = arrow.findParent((p) => p.isFunction() && !p.isArrowFunctionExpression()) as NodePath<FunctionNode> | null;
  if (home) {
    const helpers: VariableDeclarator[] = [];
    arrow.traverse({
      Function(path) {
        if (!path.isArrowFunctionExpression()) path.skip();
      },
      Super(path) {
        replaceSuper(path, home, t, () => t.thisExpression(), helpers);
      },
    });
    if (helpers.length > 0) {
      if (home.node.async || home.node.generator) {
        pendingSuperHelpers.set(home.node, [...(pendingSuperHelpers.get(home.node) ?? []), ...helpers]);
      } else {
        (home.get("body") as NodePath<BabelTypes.BlockStatement>).unshiftContainer("body", t.variableDeclaration("var", helpers));
      }
    }
  }
  arrow.arrowFunctionToExpression({ allowInsertArrow: false });
  // Babel saves `new.target` as `var _newtarget = new.target`; in ES5 that is
  // `this instanceof F ? this.constructor : void 0` for a named function F.
  if (home && (home.isFunctionDeclaration() || home.isFunctionExpression()) && home.node.id) {
    const name = home.node.id.name;
    home.get("body").traverse({
      Function(path) {
        path.skip();
      },
      MetaProperty(path) {
        if (path.node.meta.name !== "new" || !path.parentPath.isVariableDeclarator()) return;
        const self = () => t.thisExpression();
        path.replaceWith(
          t.conditionalExpression(
            t.binaryExpression("instanceof", self(), t.identifier(name)),
            t.memberExpression(self(), t.identifier("constructor")),
            t.unaryExpression("void", t.numericLiteral(0)),
          ),
        );
      },
    });
  }
}
