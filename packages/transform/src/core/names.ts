/**
 * Names the program can read back: a function's or class's `name` (and so `String(C)`, stack
 * traces and `console.log`) must not change because the lowering moved or renamed its binding.
 *
 * An anonymous function, arrow or class gets the name of what it initialises (the spec's
 * NamedEvaluation): `let f = function () {}`, `[f = () => {}] = list`, `({ c = class {} } = o)` all
 * give `f.name` "f" (or "c"). The engine does this only for the forms the spec lists (an
 * initialiser, a plain `=` assignment to a name, a property definition), so what the lowering does
 * would change it: a lowered default such as `f = _value === void 0 ? function () {} : _value` is
 * none of them, renaming a block-scoped binding apart gives `_f = () => {}` (named "_f"), moving a
 * binding into a per-iteration scope object gives `_scope.f = () => {}` (not named at all), and
 * wrapping a closure for its scope object hides it inside `function (_scope) { return ...; }`.
 * Lowered code keeps the function in a form that names it:
 *
 *     [f = function () {}] = list       _value === void 0 ? f = function () {} : f = _value
 *     let f = function () {};  (renamed)   _f = function f() {};      (a name of its own, when nothing
 *                                                                     inside could mean another `f`)
 *     let g = () => g;  (renamed)       _g = { g: () => _g }.g;       (otherwise: a property definition
 *     (f lives in a scope object)       _scope.f = { f: function () {} }.f   read back)
 *
 * The property form works for every kind of function (arrows and classes cannot be given a name in
 * their own syntax without changing what they bind inside). An arrow that es5-syntax.ts turns into
 * a function gets the name as its own there (`wantedNames`); a closure that loop-scopes.ts wraps
 * is named inside its wrapper.
 */
import type * as BabelTypes from "@babel/types";
import type { Expression, Identifier, Node } from "@babel/types";
import { scopeWrappers } from "./loop-scopes.js";
import { someChild, someNode } from "./walk.js";

/**
 * IsAnonymousFunctionDefinition: a function, arrow or class expression without a name of its own,
 * parenthesized or not (`(function () {})` is one; `(0, function () {})` is not).
 */
export function isAnonymousFunctionDefinition(node: Node | null | undefined): boolean {
  if (node == null) return false;
  if (node.type === "ParenthesizedExpression") return isAnonymousFunctionDefinition(node.expression);
  return (
    node.type === "ArrowFunctionExpression" ||
    ((node.type === "FunctionExpression" || node.type === "ClassExpression") && node.id == null)
  );
}

/**
 * `value` (an anonymous function definition) named `name` wherever it is evaluated:
 * `{ name: value }.name`. The `__proto__` key would set a prototype instead of defining a
 * property, so that one name is given as is (unnamed).
 */
export function namedByProperty(t: typeof BabelTypes, name: string, value: Expression): Expression {
  if (name === "__proto__") return value;
  const key = t.isValidES3Identifier(name) ? t.identifier(name) : t.stringLiteral(name);
  const read = key.type === "Identifier" ? t.identifier(name) : t.stringLiteral(name);
  return t.memberExpression(t.objectExpression([t.objectProperty(key, value)]), read, read.type === "StringLiteral");
}

/**
 * `value` named `name` if it is an anonymous function definition, or one wrapped by loop-scopes.ts
 * (the wrapper's `return` gets the name); `null` when `value` is neither.
 */
export function nameFunctionValue(t: typeof BabelTypes, name: string, value: Expression): Expression | null {
  if (isAnonymousFunctionDefinition(value)) return namedByProperty(t, name, value);
  if (value.type === "CallExpression" && scopeWrappers.has(value.callee)) {
    const wrapper = value.callee as BabelTypes.FunctionExpression;
    const only = wrapper.body.body[0];
    if (only && only.type === "ReturnStatement" && only.argument && isAnonymousFunctionDefinition(only.argument)) {
      only.argument = namedByProperty(t, name, only.argument);
      return value;
    }
  }
  return null;
}


/** Identifiers (binding and assignment targets) renamed apart, with the name they had in the source. */
export const originalNames = new WeakMap<Node, string>();

/** Arrows that must be named `name`: es5-syntax.ts names them when it turns them into functions. */
export const wantedNames = new WeakMap<Node, string>();

/**
 * Does an identifier `name` appear anywhere under `node`, nested functions and classes included,
 * other than as a property name (`o.name`, `{ name: v }`, `name() {}`)?
 */
export function mentions(node: Node, name: string): boolean {
  return identifiersNamed(node, name, true).length > 0;
}

/** The identifiers `name` under `node`, as `mentions` counts them (`first`: stop at the first). */
export function identifiersNamed(node: Node, name: string, first = false): Identifier[] {
  const found: Identifier[] = [];
  const visit = (n: Node): boolean => {
    if (n.type === "Identifier") {
      if (n.name === name) found.push(n);
      return first && found.length > 0;
    }
    if ((n.type === "MemberExpression" || n.type === "OptionalMemberExpression") && !n.computed) return visit(n.object);
    if ((n.type === "ObjectProperty" || isMethodOrField(n)) && !(n as { computed: boolean }).computed) {
      return someChild(n, (child) => child !== (n as { key: Node }).key && visit(child));
    }
    return someChild(n, visit);
  };
  visit(node);
  return found;
}

function isMethodOrField(n: Node): boolean {
  return n.type === "ObjectMethod" || n.type === "ClassMethod" || n.type === "ClassProperty" || n.type === "ClassAccessorProperty" || n.type === "ClassPrivateMethod" || n.type === "ClassPrivateProperty";
}

/** Do a function's parameters or body mention `name` (its own name aside)? */
export function mentionedInside(fn: BabelTypes.Function, name: string): boolean {
  return mentions(fn.body, name) || fn.params.some((param) => mentions(param, name));
}

/** Can `name` be a function expression's own name in any mode (ES3-safe, not `eval`/`arguments`)? */
export function canBeOwnName(t: typeof BabelTypes, name: string): boolean {
  return t.isValidES3Identifier(name) && name !== "eval" && name !== "arguments";
}

/**
 * `value`, named `name` as NamedEvaluation would have named it. A function or class without a
 * name gets `name` as its own when nothing inside it mentions `name`; an arrow is left to
 * es5-syntax.ts (`wantedNames`); anything else is named as a property: `{ name: value }.name`.
 */
export function named(t: typeof BabelTypes, value: Expression, name: string): Expression {
  if (name === "" || !isAnonymousFunctionDefinition(value)) return value;
  if (value.type === "ArrowFunctionExpression") {
    wantedNames.set(value, name);
    return value;
  }
  if ((value.type === "FunctionExpression" || value.type === "ClassExpression") && canBeOwnName(t, name) && !mentions(value, name)) {
    value.id = t.identifier(name);
    return value;
  }
  return namedByProperty(t, name, value);
}

/** Records the source name of a binding's identifier and of its assignment targets before a rename. */
export function recordOriginalName(identifiers: Iterable<Identifier>, name: string): void {
  for (const id of identifiers) if (!originalNames.has(id)) originalNames.set(id, name);
}

const NAMING_ASSIGNMENTS = new Set(["=", "||=", "&&=", "??="]);

export interface NamingContext {
  t: typeof BabelTypes;
  /** Identifiers that are about to become `_scope.name` members (loop-scopes.ts). */
  becomesMember(id: Node): boolean;
  /** Closures that are about to be wrapped in `function (_scope) { return closure; }`. */
  isWrapped(closure: Node): boolean;
}

/**
 * Names the anonymous functions, arrows and classes whose inferred name the lowering would change:
 * assigned to a binding renamed apart or moving into a scope object, or about to be wrapped for a
 * scope object (as an assigned value or a property value: the wrapper names it, `wantedNames`).
 * Runs over the hoisted body, nested functions included (their assignments to renamed bindings
 * name values too).
 */
export function keepInferredNames(c: NamingContext, root: Node): void {
  const t = c.t;
  const name = (value: Expression, as: string): Expression => {
    if (!c.isWrapped(value)) return named(t, value, as);
    wantedNames.set(value, as);
    return value;
  };
  someNode(
    root,
    (node) => {
      if (node.type === "AssignmentExpression" && NAMING_ASSIGNMENTS.has(node.operator) && node.left.type === "Identifier") {
        const left = node.left;
        if (isAnonymousFunctionDefinition(node.right) && (originalNames.has(left) || c.becomesMember(left) || c.isWrapped(node.right))) {
          node.right = name(node.right, originalNames.get(left) ?? left.name);
        }
      } else if (node.type === "VariableDeclarator" && node.id.type === "Identifier" && node.init) {
        if (isAnonymousFunctionDefinition(node.init) && (originalNames.has(node.id) || c.isWrapped(node.init))) {
          node.init = name(node.init, originalNames.get(node.id) ?? node.id.name);
        }
      } else if (node.type === "ObjectProperty" && !node.computed && isAnonymousFunctionDefinition(node.value) && c.isWrapped(node.value)) {
        const key = node.key.type === "Identifier" ? node.key.name : node.key.type === "StringLiteral" ? node.key.value : null;
        if (key !== null) wantedNames.set(node.value, key);
      }
      return false;
    },
    () => true,
  );
}

/** A closure loop-scopes.ts wraps, named as `keepInferredNames` asked (arrows: by es5-syntax.ts). */
export function nameWrappedClosure(t: typeof BabelTypes, closure: Expression): Expression {
  const name = wantedNames.get(closure);
  if (name === undefined || closure.type === "ArrowFunctionExpression") return closure;
  wantedNames.delete(closure);
  return named(t, closure, name);
}
