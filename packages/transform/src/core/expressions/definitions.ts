/**
 * Expressions that define something from parts evaluated first — a class, a tagged template's
 * call, a dynamic import, a JSX element — around a suspension. The parts run in order (what
 * comes before a suspension is saved); the thing itself is made from their values afterwards:
 *
 *     class extends (yield b) { [yield k]() {} }        return _ctx.yield(b, 1);
 *                                              case 1:   _superClass = _ctx.sent;
 *                                                        return _ctx.yield(k, 2);
 *                                              case 2:   class extends _superClass { [_ctx.sent]() {} }
 *
 *     tag`a${yield x}b`                                  _tag = tag; return _ctx.yield(x, 1);
 *                                              case 1:   _tag(_template, _ctx.sent)
 *                                                        (_template: the site's template object, made once per file)
 */
import type { Expression, ClassExpression, TaggedTemplateExpression, ImportExpression, Node, JSXElement, JSXFragment } from "@babel/types";
import { containsSuspension } from "../contains.js";
import type { ExpressionLowering } from "./explode.js";
import { explodeCall } from "./calls.js";
import { templateObject } from "../es5-syntax.js";

/**
 * A class whose heritage or computed keys suspend (ClassDefinitionEvaluation): the heritage is
 * evaluated first, then each computed key, converted to a property key at once; the class is made
 * after them (its field initializers and static blocks run then, as written: they cannot suspend
 * the enclosing function).
 */
export function explodeClass(x: ExpressionLowering, node: ClassExpression): Expression {
  const t = x.l.t;
  const keyed = node.body.body.filter((member) => "computed" in member && member.computed) as { key: Expression }[];
  const keysSuspend = keyed.some((member) => containsSuspension(member.key));
  // A heritage that is not a constructor throws when the class is made, after the keys (as V8
  // does; the spec checks it before them).
  if (node.superClass) node.superClass = keysSuspend ? x.spill(node.superClass, "superClass") : x.explode(node.superClass);
  // A key evaluated before a later suspension is converted to a property key at once, as the
  // class would; the keys after the last one are left to the class itself.
  const parts = keyed.map((member, i) =>
    keyed.slice(i + 1).some((later) => containsSuspension(later.key)) ? t.callExpression(x.l.helper("toPropertyKey"), [member.key]) : member.key,
  );
  x.explodeOperands(parts).forEach((value, i) => (keyed[i].key = value));
  return node;
}

/**
 * `tag\`a${x}b\`` is a call of `tag` with the site's template object and the substitutions; the
 * template object is the same array each time the site is evaluated (one per site and file).
 */
export function explodeTaggedTemplate(x: ExpressionLowering, node: TaggedTemplateExpression): Expression {
  const call = x.l.t.callExpression(node.tag, [templateObject(x.l, node.quasi), ...(node.quasi.expressions as Expression[])]);
  return explodeCall(x, call);
}

/** `import(specifier, options)`: both evaluated in order, then the import starts. */
export function explodeImport(x: ExpressionLowering, node: ImportExpression): Expression {
  const t = x.l.t;
  const [source, options] = x.explodeOperands(node.options ? [node.source, node.options] : [node.source]);
  const lowered = t.importExpression(source, options ?? null);
  if (node.phase) lowered.phase = node.phase;
  return lowered;
}

/**
 * A JSX element evaluates its attribute values, spreads and children in source order (they become
 * the arguments of one call): each is evaluated where it stands, and the element rebuilt from them.
 */
export function explodeJsx(x: ExpressionLowering, node: JSXElement | JSXFragment): Expression {
  const slots: { holder: Record<string, unknown>; key: string }[] = [];
  const collect = (n: Node): void => {
    switch (n.type) {
      case "JSXElement":
        for (const attribute of n.openingElement.attributes) {
          if (attribute.type === "JSXSpreadAttribute") slots.push({ holder: attribute as never, key: "argument" });
          else if (attribute.value && attribute.value.type === "JSXExpressionContainer") collectContainer(attribute.value);
          else if (attribute.value) collect(attribute.value);
        }
        n.children.forEach(collect);
        return;
      case "JSXFragment":
        n.children.forEach(collect);
        return;
      case "JSXExpressionContainer":
        collectContainer(n);
        return;
      case "JSXSpreadChild":
        slots.push({ holder: n as never, key: "expression" });
        return;
      default:
        return;
    }
  };
  const collectContainer = (container: { expression: Node }) => {
    if (container.expression.type !== "JSXEmptyExpression") slots.push({ holder: container as never, key: "expression" });
  };
  collect(node);
  const values = x.explodeOperands(slots.map((slot) => slot.holder[slot.key] as Expression));
  slots.forEach((slot, i) => (slot.holder[slot.key] = values[i]));
  return node;
}
