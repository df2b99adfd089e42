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
import type { Function as FunctionNode, Identifier, VariableDeclarator, Expression } from "@babel/types";

export interface FunctionEnvironment {
  thisId: Identifier | null;
  argumentsId: Identifier | null;
  /** `var` declarators for the super accessors the body uses (arrows: only they can see `super`). */
  superHelpers: VariableDeclarator[];
}

export function captureEnvironment(fn: NodePath<FunctionNode>, t: typeof BabelTypes): FunctionEnvironment {
  const env: FunctionEnvironment = { thisId: null, argumentsId: null, superHelpers: [] };
  let superGet: Identifier | null = null;
  let superSet: Identifier | null = null;
  const thisRef = () => {
    env.thisId ??= fn.scope.generateUidIdentifier("this");
    return t.identifier(env.thisId.name);
  };
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
      // super.x / super[k] / super.m(...) / super.x = v, through accessors made in the method:
      //   var _superGet = (key) => super[key], _superSet = (key, value) => (super[key] = value);
      const member = path.parentPath;
      if (!member.isMemberExpression() || member.node.object !== path.node) {
        throw path.buildCodeFrameError("stepwise: `super(...)` cannot appear in a generator or async function.");
      }
      const node = member.node;
      const key: Expression = node.computed ? (node.property as Expression) : t.stringLiteral((node.property as Identifier).name);
      const get = () => {
        if (superGet === null) {
          superGet = fn.scope.generateUidIdentifier("superGet");
          const k = t.identifier("key");
          env.superHelpers.push(t.variableDeclarator(superGet, t.arrowFunctionExpression([k], t.memberExpression(t.super(), t.identifier("key"), true))));
        }
        return t.identifier(superGet.name);
      };
      const parent = member.parentPath;
      if (parent.isAssignmentExpression() && parent.node.left === node) {
        if (superSet === null) {
          superSet = fn.scope.generateUidIdentifier("superSet");
          const body = t.assignmentExpression("=", t.memberExpression(t.super(), t.identifier("key"), true), t.identifier("value"));
          env.superHelpers.push(t.variableDeclarator(superSet, t.arrowFunctionExpression([t.identifier("key"), t.identifier("value")], body)));
        }
        const op = parent.node.operator;
        const value = op === "=" ? parent.node.right : t.binaryExpression(op.slice(0, -1) as "+", t.callExpression(get(), [t.cloneNode(key)]), parent.node.right);
        parent.replaceWith(t.callExpression(t.identifier(superSet.name), [key, value]));
        return;
      }
      if (parent.isCallExpression() && parent.node.callee === node) {
        parent.replaceWith(t.callExpression(t.memberExpression(t.callExpression(get(), [key]), t.identifier("call")), [thisRef(), ...parent.node.arguments]));
        return;
      }
      member.replaceWith(t.callExpression(get(), [key]));
    },
  });
  return env;
}
