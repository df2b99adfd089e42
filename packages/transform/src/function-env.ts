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
 * constructors). `super` cannot be used from the nested function at all; it is refused with a
 * code frame rather than lowered wrongly.
 */
import type { NodePath } from "@babel/core";
import type * as BabelTypes from "@babel/types";
import type { Function as FunctionNode, Identifier } from "@babel/types";

export interface FunctionEnvironment {
  thisId: Identifier | null;
  argumentsId: Identifier | null;
}

export function captureEnvironment(fn: NodePath<FunctionNode>, t: typeof BabelTypes): FunctionEnvironment {
  const env: FunctionEnvironment = { thisId: null, argumentsId: null };
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
      throw path.buildCodeFrameError(
        "stepwise: `super` inside a generator or async method is not supported yet: the lowered body runs in a nested function, where `super` is not available. Read the super property into a variable outside the method, or use a non-generator helper.",
      );
    },
  });
  return env;
}
