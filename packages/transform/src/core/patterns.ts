/**
 * Destructuring patterns, lowered to ES5 statements that store a value into each target.
 *
 * A pattern becomes plain assignments from a saved value. Array patterns go through the iterator
 * protocol one step per element (`unpackNext`; `unpackSkip` for a hole, whose value is not read),
 * and `unpackEnd` closes the iterator if items are left (so a generator being destructured runs
 * its `finally` blocks):
 *
 *     [a, b = 2] = list        _iterator = _stepwise.unpack(list), a = _stepwise.unpackNext(_iterator),
 *                              _value = _stepwise.unpackNext(_iterator), b = _value === void 0 ? 2 : _value,
 *                              _stepwise.unpackEnd(_iterator)
 *     ({ x, ...rest } = obj)   _ref2 = obj, x = _ref2.x, rest = _stepwise.objectRest(_ref2, ["x"])
 *
 * Each default is evaluated only when its value is `undefined`, in pattern order; a `yield` in a
 * default or a computed key is lowered afterwards with the rest of the code. A member target is
 * evaluated before the value it receives is taken (`[o().x] = list` calls `o()` before `next()`).
 *
 * When an element after the first step can fail — a default that may throw, a target that is a
 * property or a nested pattern, or anything that suspends (the generator may be closed from
 * outside right there) — the iterator must still be closed (IteratorClose), with the exception
 * winning over whatever `return()` does. Those patterns take statement form:
 *
 *     [a = f(), o.b] = list    _iterator = _stepwise.unpack(list);
 *                              try { _value = _stepwise.unpackNext(_iterator); a = ...; _object = o; o.b = ... }
 *                              catch (_error) { _stepwise.unpackAbort(_iterator); throw _error; }
 *                              _stepwise.unpackEnd(_iterator);
 *
 * with `finally { _stepwise.unpackEnd(_iterator); }` instead of the last line when an element
 * suspends (a `return()` while suspended closes the iterator too). destructuring.ts decides where
 * these statements go.
 */
import type * as BabelTypes from "@babel/types";
import type { Expression, Identifier, Node, Statement, ArrayPattern, PatternLike } from "@babel/types";
import { isAnonymousFunctionDefinition, nameFunctionValue, originalNames } from "./names.js";
import { scopeMembers, scopeWrappers } from "./loop-scopes.js";
import { containsSuspension } from "./contains.js";
import { iterationText } from "./iteration-text.js";
import type { TargetSyntax } from "./target-syntax.js";

export interface PatternContext {
  t: typeof BabelTypes;
  temp(hint: string): Identifier;
  helper(name: string): Expression;
  error(node: Node, message: string): Error;
  /** What the targets have (target-syntax.ts); without it, every pattern is lowered. */
  syntax?: TargetSyntax;
  /**
   * Is `name` a variable of the lowered function (a parameter, a hoisted binding, a temporary)?
   * Assigning to one, or reading it, cannot throw. Without the answer every name is treated as
   * one that could.
   */
  isLocal?(name: string): boolean;
  /** Does `name` keep one value once set (`_this`, `_arguments`)? Such an object needs no copy. */
  isStable?(name: string): boolean;
}

export function isPattern(node: Node): boolean {
  return node.type === "ObjectPattern" || node.type === "ArrayPattern" || node.type === "AssignmentPattern" || node.type === "RestElement";
}

/**
 * The name of the binding a pattern target stands for, as the source spelled it (rename-apart.ts
 * may have renamed it): an identifier, or the `_scope.name` that a loop-scoped binding became (a
 * member expression the user wrote binds no name).
 */
function bindingName(target: Node): string | null {
  if (target.type === "Identifier") return originalNames.get(target) ?? target.name;
  return scopeMembers.get(target) ?? null;
}

/** TypeScript's and Flow's wrappers around an assignment target (`x!`, `x as T`, `<T>x`, `x satisfies T`) say nothing at run time. */
const TARGET_WRAPPERS = new Set(["TSNonNullExpression", "TSAsExpression", "TSSatisfiesExpression", "TSTypeAssertion", "TypeCastExpression", "ParenthesizedExpression"]);

/** The target inside any type wrappers. */
export function unwrapTarget<T extends Node>(target: T): T {
  let node: Node = target;
  while (TARGET_WRAPPERS.has(node.type)) node = (node as unknown as { expression: Node }).expression;
  return node as T;
}

/**
 * Where an object pattern's value must be checked before it is taken apart, the check:
 * `_stepwise.destructurable(value, text, key)` throws V8's "Cannot destructure property 'a' of
 * 'res' as it is undefined." for a null or undefined value. It stands where V8 checks: at the
 * first property's read (after its target is evaluated; none where that target is a member, which
 * V8 reads plainly), before a computed key or a rest is evaluated (`const { [k()]: a } = undefined`
 * must not call `k`), or alone for `{}`. Patterns of a declaration, an assignment, a parameter, a
 * for-of head or a catch parameter have their text (iteration-text.ts); a nested pattern whose
 * first key is plain needs no check: it fails at its first read, as V8's does ("Cannot read
 * properties of undefined").
 */
function coercibleCheck(c: PatternContext, target: BabelTypes.ObjectPattern): ((value: Expression) => Expression) | null {
  const t = c.t;
  const text = iterationText(target)[0];
  const first = target.properties[0];
  const key = first !== undefined && first.type === "ObjectProperty" && !first.computed ? keyText(first.key) : undefined;
  if (key !== undefined && (text === undefined || firstTargetIsMember(first as BabelTypes.ObjectProperty))) return null;
  const texts = key !== undefined ? [t.stringLiteral(text ?? ""), t.stringLiteral(key)] : [t.stringLiteral(text ?? "")];
  return (value) => t.callExpression(c.helper("destructurable"), [value, ...texts.map((text) => t.cloneNode(text))]);
}

/** `{ a: o.x } = v`: V8 evaluates the member first and then reads `a` as a plain read ("Cannot read properties of undefined"). */
function firstTargetIsMember(property: BabelTypes.ObjectProperty): boolean {
  const value = property.value.type === "AssignmentPattern" ? property.value.left : property.value;
  return value.type === "MemberExpression";
}

/** A non-computed key as V8 prints it ('a', 'b-c', '1'). */
function keyText(key: Node): string | undefined {
  if (key.type === "Identifier") return key.name;
  if (key.type === "StringLiteral" || key.type === "NumericLiteral") return String(key.value);
  return undefined;
}

/** Appends to `out` the statements that store `value` into `target`. */
export function bindPattern(c: PatternContext, target: Node, value: Expression, out: Statement[]): void {
  const t = c.t;
  target = unwrapTarget(target);
  const emit = (e: Expression) => out.push(t.expressionStatement(e));
  switch (target.type) {
    case "Identifier":
    case "MemberExpression":
      emit(t.assignmentExpression("=", target, value));
      return;
    case "AssignmentPattern": {
      const saved = c.temp("value");
      emit(t.assignmentExpression("=", saved, value));
      const missing = t.binaryExpression("===", saved, t.unaryExpression("void", t.numericLiteral(0)));
      const left = target.left;
      // A function default is named for its binding (names.ts): `f = function () {}` in a branch
      // of its own, or, for a binding in a scope object, the function named where it stands.
      if (left.type === "Identifier" && !originalNames.has(left) && isAnonymousFunctionDefinition(target.right)) {
        const assignDefault = t.assignmentExpression("=", left, target.right);
        emit(t.conditionalExpression(missing, assignDefault, t.assignmentExpression("=", t.identifier(left.name), t.identifier(saved.name))));
        return;
      }
      const name = bindingName(left);
      const named = name === null ? null : nameFunctionValue(t, name, target.right);
      bindPattern(c, left, t.conditionalExpression(missing, named ?? target.right, t.identifier(saved.name)), out);
      return;
    }
    case "ObjectPattern": {
      const source = c.temp("ref");
      emit(t.assignmentExpression("=", source, value));
      let check = coercibleCheck(c, target);
      // `{}` takes nothing: only the check (which a rest of no keys would make, reading every property).
      if (target.properties.length === 0) {
        emit(check !== null ? check(t.identifier(source.name)) : t.callExpression(c.helper("objectRest"), [t.identifier(source.name), t.arrayExpression([])]));
        return;
      }
      const usedKeys: Expression[] = [];
      for (const property of target.properties) {
        // Before a rest or a computed key of the first property, the check stands alone.
        if (check !== null && (property.type === "RestElement" || property.computed)) {
          emit(check(t.identifier(source.name)));
          check = null;
        }
        if (property.type === "RestElement") {
          const receiver = evaluateTarget(c, property.argument, out);
          const rest = t.callExpression(c.helper("objectRest"), [t.identifier(source.name), t.arrayExpression(usedKeys.slice())]);
          bindPattern(c, receiver, rest, out);
          continue;
        }
        let key: Expression;
        if (property.computed) {
          const saved = c.temp("key");
          emit(t.assignmentExpression("=", saved, property.key as Expression));
          key = saved;
        } else if (property.key.type === "Identifier") {
          key = t.stringLiteral(property.key.name);
        } else {
          key = t.stringLiteral(String((property.key as BabelTypes.StringLiteral | BabelTypes.NumericLiteral).value));
        }
        usedKeys.push(key.type === "Identifier" ? t.identifier(key.name) : key);
        const receiver = evaluateTargetOf(c, property.value as Node, out);
        // The first plain key's read is checked: after its target, as V8 evaluates them.
        const object = check !== null ? check(t.identifier(source.name)) : t.identifier(source.name);
        check = null;
        const read =
          key.type === "StringLiteral" && t.isValidES3Identifier(key.value)
            ? t.memberExpression(object, t.identifier(key.value))
            : t.memberExpression(object, key.type === "Identifier" ? t.identifier(key.name) : key, true);
        bindPattern(c, receiver, read, out);
      }
      return;
    }
    case "ArrayPattern":
      bindArray(c, target, value, out);
      return;
    default:
      throw c.error(target, `stepwise: internal error: unexpected destructuring target ${target.type}.`);
  }
}

/**
 * One iterator step per element, in pattern order, so defaults and targets run between steps as
 * they do natively; the iterator is closed at the end if it is not exhausted, and when an element
 * fails (see the header).
 */
function bindArray(c: PatternContext, target: ArrayPattern, value: Expression, out: Statement[]): void {
  const t = c.t;
  const items = c.temp("iterator");
  const record = () => t.identifier(items.name);
  const call = (name: string) => t.callExpression(c.helper(name), [record()]);
  out.push(t.expressionStatement(t.assignmentExpression("=", items, t.callExpression(c.helper("unpack"), [value, ...iterationText(target).map((text) => t.stringLiteral(text))]))));
  const guarded = !target.elements.every((element) => element == null || cannotFail(c, element));
  const body: Statement[] = guarded ? [] : out;
  let rest = false;
  for (const element of target.elements) {
    if (element == null) {
      body.push(t.expressionStatement(call("unpackSkip")));
    } else if (element.type === "RestElement") {
      bindPattern(c, evaluateTarget(c, element.argument, body), call("unpackRest"), body);
      rest = true;
    } else {
      bindPattern(c, evaluateTargetOf(c, element, body), call("unpackNext"), body);
    }
  }
  const end = t.expressionStatement(call("unpackEnd"));
  if (!guarded) {
    if (!rest) out.push(end);
    return;
  }
  const error = c.temp("error");
  const handler = t.catchClause(
    error,
    t.blockStatement([t.expressionStatement(call("unpackAbort")), t.throwStatement(t.identifier(error.name))]),
  );
  if (target.elements.some((element) => element != null && containsSuspension(element))) {
    out.push(t.tryStatement(t.blockStatement(body), handler, t.blockStatement([end])));
  } else {
    out.push(t.tryStatement(t.blockStatement(body), handler));
    if (!rest) out.push(end);
  }
}

/**
 * A pattern element (`target` or `target = default`) with its target's object and computed key
 * evaluated now, before the value is taken (spec: the DestructuringAssignmentTarget is evaluated
 * first), and kept in temporaries.
 */
function evaluateTargetOf(c: PatternContext, element: Node, out: Statement[]): Node {
  if (element.type !== "AssignmentPattern") return evaluateTarget(c, element, out);
  const left = evaluateTarget(c, element.left, out);
  return left === element.left ? element : c.t.assignmentPattern(left as BabelTypes.AssignmentPattern["left"], element.right);
}

function evaluateTarget(c: PatternContext, target: Node, out: Statement[]): Node {
  const t = c.t;
  if (target.type !== "MemberExpression" || scopeMembers.has(target)) return target;
  const keep = (e: Expression, hint: string): Expression => {
    if (isConstant(c, e)) return e;
    const temp = c.temp(hint);
    out.push(t.expressionStatement(t.assignmentExpression("=", temp, e)));
    return t.identifier(temp.name);
  };
  const object = keep(target.object as Expression, "object");
  const property = target.computed ? keep(target.property as Expression, "key") : target.property;
  if (object === target.object && property === target.property) return target;
  return t.memberExpression(object, property as Expression, target.computed);
}

/** An expression that gives the same value wherever it is evaluated (a target object need not be kept). */
function isConstant(c: PatternContext, e: Node): boolean {
  switch (e.type) {
    case "ThisExpression":
    case "StringLiteral":
    case "NumericLiteral":
    case "BooleanLiteral":
    case "NullLiteral":
      return true;
    case "Identifier":
      return c.isStable?.(e.name) === true;
    default:
      return false;
  }
}

/**
 * Can nothing go wrong between this element's iterator step and the next one? True for a hole, a
 * local variable as the target, and a default that cannot throw; a property or a pattern as the
 * target, or a suspension, may end the pattern early.
 */
function cannotFail(c: PatternContext, element: PatternLike | Node): boolean {
  if (containsSuspension(element)) return false;
  let target: Node = element;
  let fallback: Node | null = null;
  if (element.type === "RestElement") target = element.argument;
  else if (element.type === "AssignmentPattern") {
    target = element.left;
    fallback = element.right;
  }
  const safeTarget = (target.type === "Identifier" && c.isLocal?.(target.name) === true) || scopeMembers.has(target);
  return safeTarget && (fallback === null || cannotThrow(c, fallback));
}

/** Evaluating this expression cannot throw (literals, functions, local variables, plain literals of those). */
function cannotThrow(c: PatternContext, e: Node): boolean {
  switch (e.type) {
    case "StringLiteral":
    case "NumericLiteral":
    case "BooleanLiteral":
    case "NullLiteral":
    case "BigIntLiteral":
    case "RegExpLiteral":
    case "FunctionExpression":
    case "ArrowFunctionExpression":
      return true;
    case "TemplateLiteral":
      return e.expressions.length === 0;
    case "Identifier":
      return e.name === "undefined" || c.isLocal?.(e.name) === true;
    case "UnaryExpression":
      return (e.operator === "void" || e.operator === "-" || e.operator === "!") && isLiteral(e.argument);
    case "ArrayExpression":
      return e.elements.every((item) => item === null || (item.type !== "SpreadElement" && cannotThrow(c, item)));
    case "ObjectExpression":
      return e.properties.every(
        (p) => p.type === "ObjectProperty" && !p.computed && p.key.type !== "PrivateName" && !isProtoKey(p.key) && cannotThrow(c, p.value),
      );
    case "CallExpression":
      // A closure wrapped by loop-scopes.ts to hand it its iteration's scope object.
      return scopeWrappers.has(e.callee);
    default:
      return false;
  }
}

function isLiteral(e: Node): boolean {
  return e.type === "NumericLiteral" || e.type === "StringLiteral" || e.type === "BooleanLiteral" || e.type === "NullLiteral";
}

function isProtoKey(key: Node): boolean {
  return (key.type === "Identifier" && key.name === "__proto__") || (key.type === "StringLiteral" && key.value === "__proto__");
}

/** Does storing into `target` need statements (a guarded array pattern somewhere in it)? */
export function needsStatements(c: PatternContext, target: Node): boolean {
  switch (target.type) {
    case "AssignmentPattern":
      return needsStatements(c, target.left);
    case "RestElement":
      return needsStatements(c, target.argument);
    case "ObjectPattern":
      return target.properties.some((p) => needsStatements(c, p.type === "RestElement" ? p : (p.value as Node)));
    case "ArrayPattern":
      return !target.elements.every((element) => element == null || cannotFail(c, element));
    default:
      return false;
  }
}
