/**
 * `super` where it cannot be written. A lowered body runs inside a plain `function (_ctx)`, and an
 * async arrow may become a function expression: neither may say `super`. Each use becomes a call
 * of a tiny arrow function declared where `super` still means the same (the method itself, or the
 * arrow or field the code stands in), so the home object and the receiver (`this`) are the
 * original's:
 *
 *     var _superGet = (key) => super[key];                          super.x         ->  _superGet("x")
 *     var _superSet = (key, value) => (super[key] = value);         super[k] = v    ->  _superSet(k, v)
 *     var _superRef = (key) => _stepwise.reference(                 super.x += v    ->  _superRef("x").value += v
 *       () => super[key], (value) => { super[key] = value; });      super.x++, [super.x] = a, ...
 *     var _superCall = (a0) => super(a0);                           super(a)        ->  _superCall(a)
 *       (one per number of arguments: a spread in the helper would go through the arrays' iterator,
 *       which a program may replace; `(...args) => super(...args)` only where the call spreads)
 *     var _superDelete = (key) => delete super[key];                delete super.x  ->  _superDelete("x")
 *     super.m(a)  ->  _superGet("m").call(_this, a)
 *
 * `_superRef` gives a reference (an object whose `value` accessor reads and writes `super[key]`):
 * every compound, logical and update operator, and every destructuring or for-in/for-of target,
 * then works as on any member expression, reading and writing the same place with the key
 * evaluated once, in the original order.
 */
import type * as BabelTypes from "@babel/types";
import type { Expression, Identifier, MemberExpression, Node, SpreadElement, ArgumentPlaceholder } from "@babel/types";

type Helper = "get" | "set" | "ref" | "delete";

/** Declares the accessors of one place where `super` works, each the first time it is needed. */
export class SuperAccess {
  private readonly ids: Partial<Record<Helper, Identifier>> = {};
  /** `super(...)` callers by number of arguments ("spread": the one for a call that spreads). */
  private readonly calls = new Map<number | "spread", Identifier>();

  constructor(
    private readonly t: typeof BabelTypes,
    /** A fresh name in the declaring function. */
    private readonly uid: (hint: string) => Identifier,
    /** Declares `id = init` where `super` means what it means for the code being rewritten. */
    private readonly declare: (id: Identifier, init: Expression) => void,
    /** `_stepwise.<name>`. */
    private readonly runtime: (name: string) => Expression,
  ) {}

  private helper(kind: Helper): Identifier {
    let id = this.ids[kind];
    if (!id) {
      const t = this.t;
      const key = () => t.identifier("key");
      const superKey = () => t.memberExpression(t.super(), key(), true);
      const value = () => t.identifier("value");
      let init: Expression;
      switch (kind) {
        case "get":
          init = t.arrowFunctionExpression([key()], superKey());
          break;
        case "set":
          init = t.arrowFunctionExpression([key(), value()], t.assignmentExpression("=", superKey(), value()));
          break;
        case "ref":
          init = t.arrowFunctionExpression(
            [key()],
            t.callExpression(this.runtime("reference"), [
              t.arrowFunctionExpression([], superKey()),
              t.arrowFunctionExpression([value()], t.blockStatement([t.expressionStatement(t.assignmentExpression("=", superKey(), value()))])),
            ]),
          );
          break;
        case "delete":
          init = t.arrowFunctionExpression([key()], t.unaryExpression("delete", superKey()));
          break;
      }
      const hint = { get: "superGet", set: "superSet", ref: "superRef", delete: "superDelete" }[kind];
      id = this.uid(hint);
      this.ids[kind] = id;
      this.declare(id, init);
    }
    return this.t.identifier(id.name);
  }

  get(key: Expression): Expression {
    return this.t.callExpression(this.helper("get"), [key]);
  }

  set(key: Expression, value: Expression): Expression {
    return this.t.callExpression(this.helper("set"), [key, value]);
  }

  /** `_superRef(key).value`: a place to read and write. */
  reference(key: Expression): MemberExpression {
    return this.t.memberExpression(this.t.callExpression(this.helper("ref"), [key]), this.t.identifier("value"));
  }

  construct(args: (Expression | SpreadElement | ArgumentPlaceholder)[]): Expression {
    const t = this.t;
    const arity = args.some((a) => a.type === "SpreadElement") ? "spread" : args.length;
    let id = this.calls.get(arity);
    if (id === undefined) {
      let init: Expression;
      if (arity === "spread") {
        init = t.arrowFunctionExpression([t.restElement(t.identifier("args"))], t.callExpression(t.super(), [t.spreadElement(t.identifier("args"))]));
      } else {
        const params = Array.from({ length: arity }, (_, i) => t.identifier("a" + i));
        init = t.arrowFunctionExpression(params, t.callExpression(t.super(), params.map((p) => t.identifier(p.name))));
      }
      id = this.uid("superCall");
      this.calls.set(arity, id);
      this.declare(id, init);
    }
    return t.callExpression(t.identifier(id.name), args);
  }

  remove(key: Expression): Expression {
    return this.t.callExpression(this.helper("delete"), [key]);
  }

  /** `super[key](...args)` with `this` as the receiver. */
  callMethod(key: Expression, thisValue: Expression, args: (Expression | SpreadElement | ArgumentPlaceholder)[], optional = false): Expression {
    const t = this.t;
    const method = this.get(key);
    // With a spread, `.apply(this, [...args])`: the array spread is lowered like any other.
    const spread = args.some((a) => a.type === "SpreadElement");
    const name = t.identifier(spread ? "apply" : "call");
    const callArgs = spread ? [thisValue, t.arrayExpression(args as (Expression | SpreadElement)[])] : [thisValue, ...args];
    if (optional) return t.optionalCallExpression(t.optionalMemberExpression(method, name, false, true), callArgs, false);
    return t.callExpression(t.memberExpression(method, name), callArgs);
  }
}

export function isSuperMember(node: Node | null | undefined): node is MemberExpression {
  return node != null && node.type === "MemberExpression" && node.object.type === "Super";
}

function superKey(t: typeof BabelTypes, member: MemberExpression): Expression {
  return member.computed ? (member.property as Expression) : t.stringLiteral((member.property as Identifier).name);
}

/** Is `member` (a child of `parent`) a place written to: a destructuring, for-in/for-of or update target? */
function isTarget(member: Node, parent: Node, grandparent: Node | null): boolean {
  switch (parent.type) {
    case "AssignmentExpression":
      return parent.left === member;
    case "UpdateExpression":
    case "ArrayPattern":
    case "RestElement":
      return true;
    case "AssignmentPattern":
      return parent.left === member;
    case "ObjectProperty":
      return parent.value === member && grandparent !== null && grandparent.type === "ObjectPattern";
    case "ForInStatement":
    case "ForOfStatement":
      return parent.left === member;
    default:
      return false;
  }
}

/**
 * The replacement for `node` if it uses `super` (seen from `parent`, itself a child of
 * `grandparent`), or undefined. Visited before its children: a call or assignment is rewritten as
 * a whole, a member expression on its own only when nothing above took it.
 */
export function rewriteSuperUse(
  t: typeof BabelTypes,
  node: Node,
  parent: Node,
  grandparent: Node | null,
  access: SuperAccess,
  thisValue: () => Expression,
): Node | undefined {
  switch (node.type) {
    case "CallExpression":
      if (node.callee.type === "Super") return access.construct(node.arguments);
      if (isSuperMember(node.callee)) return access.callMethod(superKey(t, node.callee), thisValue(), node.arguments);
      return undefined;
    case "OptionalCallExpression":
      if (isSuperMember(node.callee)) return access.callMethod(superKey(t, node.callee), thisValue(), node.arguments, true);
      return undefined;
    case "TaggedTemplateExpression":
      if (!isSuperMember(node.tag)) return undefined;
      // The tag is called with `this` as its receiver.
      return t.taggedTemplateExpression(t.callExpression(t.memberExpression(access.get(superKey(t, node.tag)), t.identifier("bind")), [thisValue()]), node.quasi);
    case "AssignmentExpression":
      if (node.operator === "=" && isSuperMember(node.left)) return access.set(superKey(t, node.left), node.right);
      return undefined;
    case "UnaryExpression":
      if (node.operator === "delete" && isSuperMember(node.argument)) return access.remove(superKey(t, node.argument));
      return undefined;
    case "MemberExpression":
      if (node.object.type !== "Super") return undefined;
      return isTarget(node, parent, grandparent) ? access.reference(superKey(t, node)) : access.get(superKey(t, node));
    default:
      return undefined;
  }
}
