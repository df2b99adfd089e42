/**
 * What the engine prints when iteration fails, for the runtime to print the same: V8 names the
 * source's expression in "… is not iterable" (its CallPrinter text, callee-text.ts) in some places
 * and describes the value in others, differently per construct. The texts are recorded while the
 * tree is still the source's (hoisting and renaming change the spelling), keyed by the node the
 * lowering later turns into a runtime call, which passes the text as its last argument:
 *
 *     for (const x of o.list)      _stepwise.values(o.list, "o.list")          "o.list is not iterable"
 *     [a, ...f()]                  _stepwise.toArray(f(), "f(...)")             "f is not a function or its return value is not iterable"
 *     g(a, ...v)                   _stepwise.toArray(v, "v", "g")              the single last spread of a call
 *     const [x] = v;               _stepwise.unpack(v, "v")
 *     for await (const x of v)     _stepwise.asyncValues(v, "v")               "v is not async iterable"
 *     yield* v, [x] = v            (no text)                                   "number 5 is not iterable (cannot read property …)"
 *
 * V8's choice (Node 20), as far as it is followed here:
 *  - for-of, for-await, array spread: the iterable's text; for a call or `new`, "f is not a function
 *    or its return value" (for-await prints the call itself: "f(...) is not …"). No text for an
 *    optional chain (array spread: "(intermediate value)"), nor, in for-of and for-await, for most
 *    `||`, `&&` and `?:` (see describedByValue: V8's rule is its bytecode's, approximated).
 *  - a call's or `new`'s single last spread argument: its text for a nullish value, the callee's
 *    for a `next` that is not callable (the runtime words the rest); other spread arguments: none,
 *    but for a call as the value (its callee, in the described form).
 *  - array destructuring: a `var`/`let`/`const` declarator whose initializer is an identifier,
 *    `this`, a literal, a unary, conditional, `await` or `yield` expression, a call of an
 *    identifier or a `new` (not parenthesized) gets text; so does a for-of head's own array
 *    pattern (".for"). Nested patterns, assignments and parameters get none.
 *  - `yield*`: none. V8 prints its own desugaring for a member or a call ("yield*
 *    (intermediate value)(intermediate value) is not iterable", the count growing with what follows
 *    in the function); the lowered `yield*` describes the value, as V8 does for a name (README,
 *    Limits).
 */
import type { Node, Expression } from "@babel/types";
import { calleeText, callText, INTERMEDIATE } from "./callee-text.js";
import { someNode, isFunctionNode } from "./walk.js";

/**
 * A call's text: V8 says "f is not a function or its return value is not iterable" (for-await:
 * "f(...) is not …"); the runtime words it from "f(...)" (iteration-errors.ts), so that the
 * output carries the short text.
 */
const CALL = "(...)";

/** The texts recorded per node: the runtime call's extra arguments (text, and a call spread's callee). */
const texts = new WeakMap<Node, string[]>();

/** The extra arguments of the runtime call made for `node` (a for-of, a spread element, a pattern): [] for none. */
export function iterationText(node: Node): string[] {
  return texts.get(node) ?? [];
}

function isLiteral(node: Node): boolean {
  return /^(Numeric|String|Boolean|Null|RegExp|BigInt)Literal$/.test(node.type);
}

function isOptionalChain(node: Node): boolean {
  return node.type === "OptionalMemberExpression" || node.type === "OptionalCallExpression";
}

/** An expression whose value is always iterable: no text to pass for it. */
function alwaysIterable(node: Node): boolean {
  return node.type === "ArrayExpression" || node.type === "StringLiteral" || node.type === "TemplateLiteral";
}

/** A literal, `-1` or `this`: what V8 still names as the last operand of a short-circuit. */
function isConstantLike(node: Node): boolean {
  return isLiteral(node) || node.type === "ThisExpression" || (node.type === "UnaryExpression" && node.operator === "-" && isLiteral(node.argument));
}

/**
 * Is this the iterable of a for-of or for-await that V8 describes by value instead of naming it?
 * An optional chain; an `||`/`&&` without a constant operand, a conditional whose branches are not
 * both constants, or any of them (and `??`) whose first operand is a member read; an object
 * literal with a computed key or a method.
 */
function describedByValue(node: Node): boolean {
  if (isOptionalChain(node)) return true;
  if (node.type === "ObjectExpression") return node.properties.some((p) => p.type === "ObjectMethod" || (p.type === "ObjectProperty" && p.computed));
  if (node.type === "LogicalExpression") {
    if (node.left.type === "MemberExpression") return true;
    return node.operator !== "??" && !isConstantLike(node.left) && !isConstantLike(node.right);
  }
  if (node.type === "ConditionalExpression") {
    return node.test.type === "MemberExpression" || !isConstantLike(node.consequent) || !isConstantLike(node.alternate);
  }
  return false;
}

/** A for-of's iterable. */
export function forOfText(node: Expression): string | undefined {
  if (describedByValue(node) || alwaysIterable(node)) return undefined;
  if (node.type === "CallExpression" || node.type === "NewExpression") return calleeText(node.callee) + CALL;
  if (node.type === "TaggedTemplateExpression") return calleeText(node.tag) + CALL;
  return calleeText(node);
}

/** A for-await's iterable. */
export function forAwaitText(node: Expression): string | undefined {
  if (describedByValue(node) || alwaysIterable(node)) return undefined;
  if (node.type === "CallExpression" || node.type === "NewExpression" || node.type === "TaggedTemplateExpression") {
    // V8 prints the call itself here ("f(...) is not a function or its return value is not async
    // iterable"); a `new` it prints as an intermediate value, spelled out (the runtime adds only the end).
    if (node.type === "NewExpression") return "(intermediate value) is not a function or its return value";
    return node.type === "TaggedTemplateExpression" ? calleeText(node.tag) + CALL : calleeText(node);
  }
  return calleeText(node);
}

/** An array literal's spread element. */
export function arraySpreadText(node: Expression): string | undefined {
  if (alwaysIterable(node)) return undefined;
  if (isOptionalChain(node)) return INTERMEDIATE;
  if (node.type === "CallExpression" || node.type === "NewExpression") return calleeText(node.callee) + CALL;
  return calleeText(node);
}

/** The initializer of a declarator whose target is an array pattern. */
export function declarationText(init: Expression): string | undefined {
  if (init.extra?.parenthesized) return undefined;
  switch (init.type) {
    case "Identifier":
    case "ThisExpression":
    case "UnaryExpression":
    case "ConditionalExpression":
    case "AwaitExpression":
    case "YieldExpression":
    case "ObjectExpression":
      return calleeText(init);
    case "CallExpression":
      return init.callee.type === "Identifier" ? init.callee.name + CALL : undefined;
    case "NewExpression":
      return calleeText(init.callee) + CALL;
    default:
      return isLiteral(init) ? calleeText(init) : undefined;
  }
}

/**
 * The value of a declaration's or an assignment's object pattern, as V8 prints it in "Cannot
 * destructure property 'a' of 'res' as it is undefined." (runtime objects.ts, `destructurable`):
 * the value's text, an intermediate value for an optional chain; undefined for a literal object,
 * which needs no check.
 */
export function objectPatternText(init: Expression): string | undefined {
  if (init.type === "ObjectExpression") return undefined;
  return isOptionalChain(init) ? INTERMEDIATE : calleeText(init);
}

/** A parameter's object pattern: V8 describes the argument ("of 'undefined'"), the runtime too (""). */
export function recordParameterPattern(pattern: Node): void {
  texts.set(pattern, [""]);
}

/**
 * The texts of a call's (or `new`'s) spread arguments. The single last one: its own text and the
 * callee's. Any other: the callee's text ("") and, for a call or `new` as the value, that call's
 * callee, which V8 prints in its described form ("t is not iterable (cannot read property
 * Symbol(Symbol.iterator))" for `f(...t(), 1)`); other values are described.
 */
function recordCallSpreads(call: Node & { arguments: Node[] }): void {
  const args = call.arguments;
  const callee = callText(call as Node & { callee: Node; arguments: Node[] });
  for (const arg of args) {
    if (arg.type !== "SpreadElement" || alwaysIterable(arg.argument)) continue;
    const value = arg.argument;
    if (callee !== "") texts.set(arg, [isOptionalChain(value) ? INTERMEDIATE : calleeText(value), callee]);
    else if (value.type === "CallExpression" || value.type === "NewExpression") texts.set(arg, [calleeText(value.callee), ""]);
  }
}

/**
 * Records the texts of the iterations in a body about to be lowered (and in its arrows, which
 * are lowered with it), before the passes change how it is spelled.
 */
export function recordIterationTexts(body: Node): void {
  const set = (node: Node, text: string | undefined) => {
    if (text !== undefined) texts.set(node, [text]);
  };
  someNode(
    body,
    (node) => {
      switch (node.type) {
        case "ForOfStatement": {
          set(node, (node.await ? forAwaitText : forOfText)(node.right));
          const left = node.left;
          if (left.type === "VariableDeclaration" && left.declarations[0].id.type !== "Identifier") set(left.declarations[0].id, ".for");
          break;
        }
        case "CatchClause":
          if (node.param && node.param.type === "ObjectPattern") set(node.param, ".catch");
          break;
        case "AssignmentExpression":
          if (node.left.type === "ObjectPattern") set(node.left, objectPatternText(node.right));
          break;
        case "ArrayExpression":
          for (const element of node.elements) if (element && element.type === "SpreadElement") set(element, arraySpreadText(element.argument));
          break;
        case "CallExpression":
        case "NewExpression":
        case "OptionalCallExpression":
          recordCallSpreads(node);
          break;
        case "VariableDeclarator":
          if (node.id.type === "ArrayPattern" && node.init) set(node.id, declarationText(node.init));
          if (node.id.type === "ObjectPattern" && node.init) set(node.id, objectPatternText(node.init));
          break;
      }
      return false;
    },
    (node) => node === body || !isFunctionNode(node) || node.type === "ArrowFunctionExpression",
  );
}
