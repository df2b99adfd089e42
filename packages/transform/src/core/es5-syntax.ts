/**
 * ES2015+ syntax that is common inside coroutine bodies, rewritten to ES5 so the lowered function
 * parses on old engines without another plugin:
 *
 *     () => x * 2                 function () { return x * 2; }
 *     [a, ...rest]                [a].concat(_stepwise.toArray(rest))
 *     `n=${n}, m=${m}`            "n=".concat(n, ", m=").concat(m)
 *     tag`a${x}`                  tag(_templateObject, x)          (one template object per site)
 *     { x }                       { x: x }
 *     a ** b, a ?? b              Math.pow(a, b), a != null ? a : b
 *     f(...args)                  _stepwise.apply(f, void 0, "f", _stepwise.toArray(args))
 *     o.return(), { catch: f }    o["return"](), { "catch": f }      (ES3 reserved words)
 *
 * Each only where the configured targets lack it (target-syntax.ts): for targets that have
 * arrows, `() => x * 2` stays an arrow (not constructible, no `prototype`), and so on.
 *
 * `this` and `arguments` inside those arrows already refer to the outer function's saved copies
 * (function-env.ts), so an arrow can become a plain function expression. Arrows with default or
 * pattern parameters, and syntax not listed here (classes, methods and accessors in object
 * literals, optional calls with spread arguments), are left to the user's other plugins, e.g.
 * @babel/preset-env.
 */
import type * as BabelTypes from "@babel/types";
import type { Node, Expression, Statement } from "@babel/types";
import { containsSuspension } from "./contains.js";
import { iterationText } from "./iteration-text.js";
import { mapNodes, someNode, isFunctionNode, replaceChildren } from "./walk.js";
import { scopeWrappers } from "./loop-scopes.js";
import { wantedNames, named, namedByProperty } from "./names.js";
import type { CallSites } from "./call-sites.js";
import type { TargetSyntax } from "./target-syntax.js";

export interface SyntaxContext {
  t: typeof BabelTypes;
  helper(name: string): Expression;
  temp(hint: string): BabelTypes.Identifier;
  /** The callees' texts, recorded before the passes changed them (call-sites.ts). */
  calls: CallSites;
  /** What the targets have, which stays as written (target-syntax.ts). */
  syntax: TargetSyntax;
  constant(hint: string, value: Expression): BabelTypes.Identifier;
}

export function lowerEs5Syntax<T extends Node>(c: SyntaxContext, root: T): T {
  const t = c.t;
  const keep = c.syntax;
  // Templates made strings here (children first), with their literal: a tagged template's
  // literal is no string, its tag gets the template object made from it.
  const templates = new WeakMap<Node, BabelTypes.TemplateLiteral>();
  const leave = (node: Node): Node | void => {
    switch (node.type) {
      case "ArrowFunctionExpression": {
        // An arrow whose inferred name the lowering would change is named here (names.ts).
        const name = wantedNames.get(node);
        wantedNames.delete(node);
        if (keep.arrows || !node.params.every((p) => p.type === "Identifier") || node.async || usesOwnEnvironment(node)) {
          return name === undefined ? undefined : namedByProperty(t, name, node);
        }
        const body: Statement[] =
          node.body.type === "BlockStatement" ? node.body.body : [t.returnStatement(node.body as Expression)];
        const directives = node.body.type === "BlockStatement" ? node.body.directives : [];
        const block = lowerEs5Syntax(c, t.blockStatement(body, directives));
        const fn = t.functionExpression(null, node.params, block);
        return name === undefined ? fn : named(t, fn, name);
      }
      case "FunctionExpression":
        if (scopeWrappers.has(node)) node.body = lowerEs5Syntax(c, node.body);
        return;
      case "ObjectMethod": {
        // { m() {} } -> { m: function () {} } (accessors have no ES3 form and are left alone).
        if (keep.shorthand || node.kind !== "method" || node.generator || node.async || usesOwnEnvironment(node, true)) return;
        const fn = t.functionExpression(null, node.params, node.body);
        return t.objectProperty(node.computed ? node.key : node.key, fn, node.computed);
      }
      case "ArrayExpression": {
        if (keep.spread || !node.elements.some((e) => e && e.type === "SpreadElement") || containsSuspension(node)) return;
        const parts: Expression[] = [];
        let run: BabelTypes.ArrayExpression | null = null;
        for (const element of node.elements) {
          if (element && element.type === "SpreadElement") {
            run = null;
            const texts = iterationText(element).map((text) => t.stringLiteral(text));
            parts.push(t.callExpression(c.helper("toArray"), [element.argument, ...texts]));
          } else {
            if (run === null) {
              run = t.arrayExpression([]);
              parts.push(run);
            }
            run.elements.push(element);
          }
        }
        const first = parts[0].type === "ArrayExpression" ? parts.shift()! : t.arrayExpression([]);
        return parts.length === 0 ? first : t.callExpression(t.memberExpression(first, t.identifier("concat")), parts);
      }
      case "BinaryExpression":
        // a ** b: old engines have no exponent operator.
        // (Around a suspension the expression lowering writes Math.pow itself, after its operands.)
        if (node.operator === "**" && !keep.exponent && !containsSuspension(node)) return t.callExpression(t.memberExpression(t.identifier("Math"), t.identifier("pow")), [node.left as Expression, node.right]);
        return;
      case "LogicalExpression": {
        // a ?? b, with `a` read once.
        if (node.operator !== "??" || keep.nullish) return;
        if (node.left.type === "Identifier") {
          return t.conditionalExpression(t.binaryExpression("!=", node.left, t.nullLiteral()), t.identifier(node.left.name), node.right);
        }
        const saved = c.temp("value");
        return t.conditionalExpression(
          t.binaryExpression("!=", t.assignmentExpression("=", saved, node.left), t.nullLiteral()),
          t.identifier(saved.name),
          node.right,
        );
      }
      case "CallExpression": {
        // f(...args) -> _stepwise.apply(f, void 0, "f", args): the function is called without
        // reading `apply` off it, and fails naming `f` (runtime calls.ts).
        if (keep.spread || !node.arguments.some((a) => a.type === "SpreadElement") || containsSuspension(node)) return;
        const callee = node.callee;
        if (callee.type === "Super" || callee.type === "V8IntrinsicIdentifier" || callee.type === "Import") return;
        const args = leave(t.arrayExpression(node.arguments as (Expression | BabelTypes.SpreadElement)[])) as Expression;
        const text = t.stringLiteral(c.calls.text(node));
        if (callee.type !== "MemberExpression") {
          return t.callExpression(c.helper("apply"), [callee as Expression, t.unaryExpression("void", t.numericLiteral(0)), text, args]);
        }
        // o.m(...args): `this` is o, evaluated once (a plain name is read again: no one can tell).
        const object = callee.object as Expression;
        if (object.type === "Identifier" || object.type === "ThisExpression") {
          return t.callExpression(c.helper("apply"), [callee, t.cloneNode(object), text, args]);
        }
        const saved = c.temp("object");
        const method = t.memberExpression(t.assignmentExpression("=", saved, object), callee.property, callee.computed);
        return t.callExpression(c.helper("apply"), [method, t.identifier(saved.name), text, args]);
      }
      case "NewExpression": {
        // new C(...args) -> _stepwise.construct(C, "C", args)
        if (keep.spread || !node.arguments.some((a) => a.type === "SpreadElement") || containsSuspension(node)) return;
        const args = leave(t.arrayExpression(node.arguments as (Expression | BabelTypes.SpreadElement)[])) as Expression;
        return t.callExpression(c.helper("construct"), [node.callee as Expression, t.stringLiteral(c.calls.text(node)), args]);
      }
      case "TaggedTemplateExpression": {
        // tag`a${x}` -> tag(_templateObject, x): the site's template object is a file constant
        // (the same array each time the site runs); a member tag keeps its receiver.
        if (keep.templates || containsSuspension(node)) return;
        const quasi = templates.get(node.quasi) ?? node.quasi;
        return t.callExpression(node.tag, [templateObject(c, quasi), ...(quasi.expressions as Expression[])]);
      }
      case "TemplateLiteral": {
        // `a${x}b${y}` -> "a".concat(x, "b").concat(y): each substitution is converted to a string
        // (ToString, as `concat` does) before the next one is evaluated, as the template does.
        if (keep.templates || containsSuspension(node)) return;
        let text: Expression = t.stringLiteral(node.quasis[0].value.cooked ?? "");
        node.expressions.forEach((expression, i) => {
          const after = node.quasis[i + 1].value.cooked ?? "";
          const pieces = after === "" ? [expression as Expression] : [expression as Expression, t.stringLiteral(after)];
          text = t.callExpression(t.memberExpression(text, t.identifier("concat")), pieces);
        });
        templates.set(text, node);
        return text;
      }
      case "ObjectProperty":
        // `{ __proto__ }` defines an own property, `{ __proto__: __proto__ }` sets the prototype:
        // that one shorthand stays as written (ES5 has no way to write it in a literal).
        if (!keep.shorthand && node.shorthand && !(node.key.type === "Identifier" && node.key.name === "__proto__")) node.shorthand = false;
        return keep.reservedWordKeys ? undefined : quoteReservedKey(t, node);
      case "MemberExpression":
      case "OptionalMemberExpression":
        return keep.reservedWordKeys ? undefined : quoteReservedKey(t, node);
      default:
        return;
    }
  };
  return mapNodes(root, leave) as T;
}

/**
 * A tagged template's template object, `_stepwise.template(cooked, raw)`, as a constant of the
 * file: made once, so the tag gets the same frozen array each time its call site runs.
 */
export function templateObject(c: SyntaxContext, quasi: BabelTypes.TemplateLiteral): Expression {
  const t = c.t;
  const strings = (pick: (q: BabelTypes.TemplateElement) => string | null | undefined) =>
    t.arrayExpression(
      quasi.quasis.map((q) => {
        const text = pick(q);
        return text == null ? t.unaryExpression("void", t.numericLiteral(0)) : t.stringLiteral(text);
      }),
    );
  return c.constant("templateObject", t.callExpression(c.helper("template"), [strings((q) => q.value.cooked), strings((q) => q.value.raw)]));
}

/**
 * Does this arrow (or method) use `this`, `arguments`, `new.target` or `super` of its own scope?
 * Such an arrow cannot simply become a `function`; a method using `super` cannot either.
 */
function usesOwnEnvironment(fn: Node, superOnly = false): boolean {
  return someNode(
    fn,
    (node) =>
      node.type === "Super" ||
      (!superOnly && (node.type === "ThisExpression" || node.type === "MetaProperty" || (node.type === "Identifier" && node.name === "arguments"))),
    (node) => node === fn || !isFunctionNode(node) || node.type === "ArrowFunctionExpression",
  );
}

/**
 * A property named by an ES3 reserved word, quoted: `o.return` → `o["return"]` (a new node),
 * `{ catch: f }` → `{ "catch": f }` (the key replaced); any other node as it is.
 */
function quoteReservedKey(t: typeof BabelTypes, node: Node): Node {
  if (node.type === "ObjectProperty" && !node.computed && node.key.type === "Identifier" && !t.isValidES3Identifier(node.key.name)) {
    node.key = t.stringLiteral(node.key.name);
  } else if ((node.type === "MemberExpression" || node.type === "OptionalMemberExpression") && !node.computed && node.property.type === "Identifier" && !t.isValidES3Identifier(node.property.name)) {
    const key = t.stringLiteral(node.property.name);
    return node.type === "MemberExpression"
      ? t.memberExpression(node.object as Expression, key, true)
      : t.optionalMemberExpression(node.object as Expression, key, true, node.optional);
  }
  return node;
}

/**
 * ES3's reserved words as property names, quoted everywhere under `root`, nested functions too:
 * for code this plugin adds but did not write (Babel's own helpers, e.g. `usingCtx`'s `Symbol.for`).
 */
export function quoteReservedKeys(t: typeof BabelTypes, root: Node): void {
  const visit = (node: Node): Node => {
    replaceChildren(node, visit);
    return quoteReservedKey(t, node);
  };
  replaceChildren(root, visit);
}
