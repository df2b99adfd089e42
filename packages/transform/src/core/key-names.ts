/**
 * Names from property keys. A function value defined under a key — `{ k: v }`, `{ 42: v }`,
 * `{ [k]: v }`, `class { static [k] = v }`, `#x = v` — is named by that key (SetFunctionName, in
 * the spec's NamedEvaluation): the identifier or string, a number's canonical text (`0x10` gives
 * "16"), "#x" for a private name, and for a computed key the key as evaluated (a symbol gives
 * "[description]"). The lowering wraps a coroutine value in a call, which the engine does not name
 * (`markAsync(function _generator() {...})`), so the call is given the name: as a string when the
 * key's text is known here, otherwise as the evaluated key, kept in a variable where the key is
 * evaluated (once, as before) and converted as the engine would (toPropertyKey: `String(k)` once,
 * for an object with a `toString`):
 *
 *     { [k]: async () => {} }        { [_key = _stepwise.toPropertyKey(k)]: _stepwise.markAsync(function () {...}, _key) }
 *
 * An object literal's value follows its key at once, so any variable of the function around it
 * will do. A class field's value is evaluated later (for each instance, or after the class's other
 * keys), and the variable must still hold this evaluation's key then: a class inside a loop gets a
 * `let` in the block around it (one per iteration), any other a `var` of its function (one per call).
 */
import type { NodePath } from "@babel/core";
import type * as BabelTypes from "@babel/types";
import type { Expression, Identifier, PrivateName } from "@babel/types";

/** What a key's value is defined by: an object literal's property or a class field. */
type KeyOwner = BabelTypes.ObjectProperty | BabelTypes.ClassProperty | BabelTypes.ClassPrivateProperty | BabelTypes.ClassAccessorProperty;

/** The property or field whose value is `path`'s node, if any (an object literal's, not a pattern's). */
export function keyOwner(path: NodePath): NodePath<KeyOwner> | null {
  const parent = path.parentPath;
  if (parent == null || path.key !== "value") return null;
  if (parent.isObjectProperty()) return parent.parentPath.isObjectExpression() ? parent : null;
  if (parent.isClassProperty() || parent.isClassPrivateProperty() || parent.isClassAccessorProperty()) return parent;
  return null;
}

/**
 * The name a key gives, when its text is known without running it: an identifier's (not
 * computed), a string's, a number's canonical text, a BigInt's decimal text, a template without
 * substitutions, "#x" for a private name. `null` for a computed key only the run knows.
 */
export function literalKeyName(key: Expression | PrivateName, computed: boolean): string | null {
  switch (key.type) {
    case "Identifier":
      return computed ? null : key.name;
    case "PrivateName":
      return "#" + key.id.name;
    case "StringLiteral":
      return key.value;
    case "NumericLiteral":
      return String(key.value);
    case "BigIntLiteral":
      return BigInt(String(key.value).replace(/_/g, "")).toString();
    case "TemplateLiteral":
      return key.expressions.length === 0 && key.quasis[0].value.cooked != null ? key.quasis[0].value.cooked : null;
    default:
      return null;
  }
}

/** The name a function value gets from the key it is defined under, when the key's text is known ("" otherwise). */
export function ownerKeyName(path: NodePath): string {
  const owner = keyOwner(path);
  if (owner === null) return "";
  const node = owner.node;
  // `{ __proto__: v }` sets the object's prototype: no property, no name.
  if (node.type === "ObjectProperty" && !node.computed && literalKeyName(node.key as Expression, false) === "__proto__") return "";
  return literalKeyName(node.key as Expression | PrivateName, node.type !== "ClassPrivateProperty" && node.computed) ?? "";
}

/**
 * For a function value under a computed key only the run knows: the key rewritten to keep its
 * value, `[_key = toPropertyKey(k)]`, and `_key` to name the function by. `null` for any other.
 */
export function keepEvaluatedKey(path: NodePath, t: typeof BabelTypes, helper: (name: string) => Expression): Identifier | null {
  const owner = keyOwner(path);
  if (owner === null || owner.node.type === "ClassPrivateProperty" || !owner.node.computed) return null;
  const key = owner.node.key as Expression;
  if (literalKeyName(key, true) !== null) return null;
  const id = declareKeyVariable(owner, t);
  owner.get("key").replaceWith(t.assignmentExpression("=", id, t.callExpression(helper("toPropertyKey"), [key])));
  // Known to Babel's scope as a write (so that e.g. preset-env's block scoping sees the variable
  // used by the class it gives one per iteration); `registerKeyRead` adds the read.
  owner.scope.getBinding(id.name)?.reassign(owner.get("key"));
  return t.identifier(id.name);
}

/** Registers the read of a key variable (`keepEvaluatedKey`) where it now stands in the tree. */
export function registerKeyRead(read: NodePath): void {
  if (read.isIdentifier()) read.scope.getBinding(read.node.name)?.reference(read);
}

/** A fresh variable for the key of `owner`, declared where it lives long enough (see the header). */
function declareKeyVariable(owner: NodePath<KeyOwner>, t: typeof BabelTypes): Identifier {
  const container = owner.parentPath.isObjectExpression() ? owner.parentPath : owner.parentPath.parentPath!;
  const around = container.parentPath!;
  if (!owner.isObjectProperty() && insideLoop(container)) {
    const id = around.scope.generateUidIdentifier("key");
    around.scope.push({ id, kind: "let" });
    return t.identifier(id.name);
  }
  const scope = functionScopeOf(container);
  const id = scope.generateUidIdentifier("key");
  scope.push({ id });
  return t.identifier(id.name);
}

/** Is `path` evaluated more than once per call of its function (inside a loop)? */
function insideLoop(path: NodePath): boolean {
  const stop = path.findParent((p) => p.isLoop() || p.isFunction() || p.isProgram() || p.isStaticBlock() || p.isClassProperty());
  return stop !== null && stop.isLoop();
}

/**
 * The scope of the function (or program) whose `var`s `path` sees. A parameter's default cannot
 * see its function's body variables, so one there is declared in the scope around that function.
 */
function functionScopeOf(path: NodePath): NodePath["scope"] {
  let at: NodePath = path;
  for (;;) {
    const fn = at.scope.getFunctionParent();
    if (fn === null) return at.scope.getProgramParent();
    const inParams = at.findParent((p) => p.parentPath === fn.path)?.listKey === "params";
    if (!inParams) return fn;
    at = fn.path.parentPath!;
  }
}

