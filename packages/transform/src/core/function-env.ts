/**
 * The function environment lowered code must keep: `this`, `arguments`, `new.target` and `super`.
 *
 * A lowered body runs inside a nested `function (_ctx)`, which has its own `this` and `arguments`
 * and cannot say `super`. So they are saved where they still mean the same — in the function that
 * creates the machine — and the body (arrow functions inside it too, since they see the same ones)
 * refers to the saved copies:
 *
 *     function* g() { yield this.x + arguments[0]; }
 *       becomes
 *     function g() { var _this = this, _arguments = arguments; ... _this.x + _arguments[0] ... }
 *
 * `new.target` is always `undefined` in a generator or async function (they are not
 * constructors), but an async arrow sees its surroundings': it is saved too. `super` goes through
 * small arrow functions declared next to the saved values (super.ts). In a derived class's
 * constructor `this` does not exist until `super()` returns, so it is read when used instead,
 * through `var _getThis = () => this`, and reading it too early throws as it natively does.
 *
 * The same saving serves async arrows that become function expressions (async-arrows.ts): their
 * environment is saved at the top of the nearest block where it means the same.
 */
import type { NodePath } from "@babel/core";
import type * as BabelTypes from "@babel/types";
import type { Function as FunctionNode, Identifier, VariableDeclarator, Expression, Node } from "@babel/types";
import { isFunctionNode, replaceChildren, someChild } from "./walk.js";
import { SuperAccess, rewriteSuperUse } from "./super.js";
import { sourceSpellings } from "./callee-text.js";

/** What the code being rewritten may assume about the function (or field, or program) it sees. */
export interface EnvironmentKind {
  /** `this` may be read before it is initialised (a derived class's constructor): read it lazily. */
  lazyThis: boolean;
  /** `new.target`: saved from the saving place, `undefined` (coroutines, fields, static blocks), or, in a named ES5 function `F`, `this instanceof F ? this.constructor : void 0`. */
  newTarget: "save" | "undefined" | { es5Function: string };
}

/**
 * The saved environment of one place: `_this`, `_arguments`, `_newTarget` and the super
 * accessors, each declared (through `declare`) the first time the rewritten code needs it.
 */
export class SavedEnvironment {
  thisId: Identifier | null = null;
  argumentsId: Identifier | null = null;
  private newTargetId: Identifier | null = null;
  readonly superAccess: SuperAccess;

  constructor(
    private readonly t: typeof BabelTypes,
    private readonly uid: (hint: string) => Identifier,
    private readonly declare: (id: Identifier, init: Expression) => void,
    runtime: (name: string) => Expression,
    readonly kind: EnvironmentKind,
  ) {
    this.superAccess = new SuperAccess(t, uid, declare, runtime);
  }

  thisRef(): Expression {
    const t = this.t;
    if (!this.thisId) {
      this.thisId = this.uid(this.kind.lazyThis ? "getThis" : "this");
      this.declare(this.thisId, this.kind.lazyThis ? t.arrowFunctionExpression([], t.thisExpression()) : t.thisExpression());
    }
    const id = t.identifier(this.thisId.name);
    const ref = this.kind.lazyThis ? t.callExpression(id, []) : id;
    sourceSpellings.set(ref, "this");
    return ref;
  }

  argumentsRef(): Expression {
    if (!this.argumentsId) {
      this.argumentsId = this.uid("arguments");
      this.declare(this.argumentsId, this.t.identifier("arguments"));
    }
    const ref = this.t.identifier(this.argumentsId.name);
    sourceSpellings.set(ref, "arguments");
    return ref;
  }

  newTargetRef(): Expression {
    const t = this.t;
    const kind = this.kind.newTarget;
    if (kind === "undefined") return t.unaryExpression("void", t.numericLiteral(0));
    if (!this.newTargetId) {
      this.newTargetId = this.uid("newTarget");
      // ES5 has no `new.target`; in a named function F, `new F()` is the case where `this` is an F.
      const init =
        kind === "save"
          ? t.metaProperty(t.identifier("new"), t.identifier("target"))
          : t.conditionalExpression(
              t.binaryExpression("instanceof", t.thisExpression(), t.identifier(kind.es5Function)),
              t.memberExpression(t.thisExpression(), t.identifier("constructor")),
              t.unaryExpression("void", t.numericLiteral(0)),
            );
      this.declare(this.newTargetId, init);
    }
    return t.identifier(this.newTargetId.name);
  }
}

/** Class members whose value (or body) has a `this` of its own; only their computed key does not. */
const OWN_THIS_MEMBERS = new Set(["ClassProperty", "ClassPrivateProperty", "ClassAccessorProperty"]);

/**
 * Calls `visit(node, parent, grandparent)` on every node under `root` whose `this` is the one of
 * `root`'s function, before its children: arrow functions are entered, other functions and class
 * members only for their computed keys (evaluated where the class is), static blocks not at all.
 * A node `visit` returns replaces the visited one, and its children are visited in turn.
 */
export function walkSameThis(root: Node, visit: (node: Node, parent: Node, grandparent: Node | null) => Node | void): void {
  const down = (node: Node, parent: Node, grandparent: Node | null): Node => {
    const current = visit(node, parent, grandparent) ?? node;
    enterSameThis(current, (child) => down(child, current, parent));
    return current;
  };
  enterSameThis(root, (child) => down(child, root, null), true);
}

function enterSameThis(node: Node, replace: (child: Node) => Node, isRoot = false): void {
  if ((!isRoot && isFunctionNode(node) && node.type !== "ArrowFunctionExpression") || OWN_THIS_MEMBERS.has(node.type)) {
    const member = node as { computed?: boolean; key?: Node };
    if (member.computed && member.key) member.key = replace(member.key);
    return;
  }
  if (node.type === "StaticBlock") return;
  replaceChildren(node, replace);
}

/**
 * The `arguments` identifiers under `root` that name a binding of the program (a parameter or
 * variable called `arguments`) rather than the function's arguments object. Usually none: a path
 * traversal runs only if the name is declared somewhere the code could see.
 */
function boundArguments(root: NodePath, t: typeof BabelTypes): Set<Node> {
  const bound = new Set<Node>();
  let declares = false;
  const look = (node: Node, parent: Node | null, grandparent: Node | null): void => {
    if (node.type === "Identifier" && node.name === "arguments" && parent !== null && !t.isReferenced(node, parent, grandparent ?? undefined)) declares = true;
    someChild(node, (child) => {
      look(child, node, parent);
      return declares;
    });
  };
  look(root.node, null, null);
  if (!declares && root.scope.getBinding("arguments") === undefined) return bound;
  root.traverse({
    Identifier(path) {
      if (path.node.name === "arguments" && path.isReferencedIdentifier() && path.scope.getBinding("arguments") !== undefined) bound.add(path.node);
    },
  });
  return bound;
}

/**
 * Rewrites the uses of `this`, `arguments`, `new.target` and `super` in `root` (and in the arrow
 * functions inside it) to the saved copies of `env`. With `keepArguments`, `arguments` stays as
 * written (code that keeps its own `arguments`, e.g. an arrow that stays an arrow).
 *
 * True when a `super` use was rewritten: the operands it had (`super.x = v`, `super[k]`) now sit
 * under new nodes, where Babel's paths to their references do not reach until the scope is
 * crawled again (the dead-zone checks replace those paths).
 */
export function rewriteEnvironment(root: NodePath, env: SavedEnvironment, t: typeof BabelTypes, keepArguments = false): boolean {
  const bound = keepArguments ? new Set<Node>() : boundArguments(root, t);
  let movedOperands = false;
  walkSameThis(root.node, (node, parent, grandparent) => {
    switch (node.type) {
      case "ThisExpression":
        return env.thisRef();
      case "Identifier":
        if (keepArguments || node.name !== "arguments" || bound.has(node) || !t.isReferenced(node, parent, grandparent ?? undefined)) return;
        return env.argumentsRef();
      case "MetaProperty":
        if (node.meta.name === "new" && node.property.name === "target") return env.newTargetRef();
        return;
      default: {
        const replacement = rewriteSuperUse(t, node, parent, grandparent, env.superAccess, () => env.thisRef());
        if (replacement) movedOperands = true;
        return replacement;
      }
    }
  });
  return movedOperands;
}

/**
 * The saved environments made so far, per saving place: a function about to be lowered (declared
 * in its outer function), or a block (declared at its top). Async arrows inside a function that is
 * lowered later save their environment in that function's, which its lowering then declares.
 */
const saved = new WeakMap<Node, SavedEnvironment>();

export function savedEnvironment(place: Node, make: () => SavedEnvironment): SavedEnvironment {
  let env = saved.get(place);
  if (!env) saved.set(place, (env = make()));
  return env;
}

/** The environment of a function being lowered: declarators for its outer function. */
export interface FunctionEnvironment {
  env: SavedEnvironment;
  declarators: VariableDeclarator[];
  /** A `super` use in the body was rewritten (see rewriteEnvironment): crawl the scope again. */
  movedOperands: boolean;
}

const declaratorLists = new WeakMap<Node, VariableDeclarator[]>();

/**
 * The declarators for the outer function of `fn`, a coroutine not lowered yet: its own saved
 * environment, and those of the async arrows inside it that save theirs there (async-arrows.ts).
 */
export function outerDeclarators(fn: Node): VariableDeclarator[] {
  let list = declaratorLists.get(fn);
  if (!list) declaratorLists.set(fn, (list = []));
  return list;
}

/**
 * The saved environment of the outer function of `fn` (a generator or async function, or an async
 * arrow that stays an arrow), with the declarators to put there. `kind` describes what `fn`'s body
 * sees. Also rewrites `fn`'s body to use it.
 */
export function captureEnvironment(fn: NodePath<FunctionNode>, t: typeof BabelTypes, runtime: (name: string) => Expression, kind: EnvironmentKind): FunctionEnvironment {
  const declarators = outerDeclarators(fn.node);
  // A variable or parameter named `arguments` would mean the machine's own `arguments` inside it:
  // renamed. A `var arguments` of a function starts out as its arguments object (it is the same binding).
  const own = fn.scope.getOwnBinding("arguments");
  if (own) {
    const fresh = fn.scope.generateUidIdentifier("arguments");
    fn.scope.rename("arguments", fresh.name);
    if (own.kind === "var" && fn.node.type !== "ArrowFunctionExpression") declarators.push(t.variableDeclarator(fresh, t.identifier("arguments")));
  }
  const env = savedEnvironment(
    fn.node,
    () =>
      new SavedEnvironment(t, (hint) => fn.scope.generateUidIdentifier(hint), (id, init) => declarators.push(t.variableDeclarator(id, init)), runtime, kind),
  );
  const movedOperands = rewriteEnvironment(fn.get("body") as NodePath, env, t);
  return { env, declarators, movedOperands };
}
