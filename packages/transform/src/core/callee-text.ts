/**
 * What the engine calls a callee in "… is not a function": V8 prints the source's call expression
 * from its syntax tree (its CallPrinter), and a lowered call that goes through a runtime helper
 * (runtime calls.ts) throws the same message with this text.
 *
 *     api.saveUser(x)      "api.saveUser"          api["save"](x)   "api.save"
 *     api[k](x)            "api[k]"                f()(x)           "f(...)"
 *     o?.m(x)              "o?.m"                  (await g)(x)     "(intermediate value)"
 *
 * Forms V8 prints in a way of its own, or that are rare as callees, print as V8 prints most of
 * them: "(intermediate value)".
 */
import type { Node } from "@babel/types";

export const INTERMEDIATE = "(intermediate value)";

/**
 * Nodes the lowering put where the source wrote `this` or `arguments` (`_this`, `_arguments`:
 * function-env.ts), with the source's spelling: an async arrow lowered after the function around
 * it had its environment rewritten still prints what the user wrote.
 */
export const sourceSpellings = new WeakMap<Node, string>();

/**
 * The text for a call or `new`: its callee's, or "" when V8 does not name the callee at all — a
 * spread argument before another argument makes it call through `Function.prototype.apply`, and
 * the message then describes the value ("Function.prototype.apply was called on undefined, ...";
 * the runtime writes that one).
 */
export function callText(call: Node & { callee: Node; arguments: Node[] }): string {
  const spreads = call.arguments.filter((arg) => arg.type === "SpreadElement").length;
  const last = call.arguments[call.arguments.length - 1];
  if (spreads > 1 || (spreads === 1 && last.type !== "SpreadElement")) return "";
  return calleeText(call.callee);
}

export function calleeText(node: Node): string {
  const spelled = sourceSpellings.get(node);
  if (spelled !== undefined) return spelled;
  switch (node.type) {
    case "Identifier":
      return node.name;
    case "ThisExpression":
      return "this";
    case "NullLiteral":
      return "null";
    case "BooleanLiteral":
      return String(node.value);
    case "NumericLiteral":
      return String(node.value);
    case "StringLiteral":
      return JSON.stringify(node.value);
    case "RegExpLiteral":
      return `/${node.pattern}/${node.flags}`;
    case "OptionalMemberExpression":
    case "OptionalCallExpression":
      // A parenthesized optional chain is an intermediate value to V8: `(o?.m)(x)`.
      if (node.extra?.parenthesized) return INTERMEDIATE;
      return node.type === "OptionalCallExpression" ? `${calleeText(node.callee)}(...)` : memberText(node.object, node.property, node.computed, node.optional === true);
    case "MemberExpression":
      return memberText(node.object, node.property, node.computed, false);
    case "CallExpression":
      return `${calleeText(node.callee)}(...)`;
    case "ConditionalExpression":
      return INTERMEDIATE + INTERMEDIATE + INTERMEDIATE;
    case "UnaryExpression":
      if (node.operator === "-" && node.argument.type === "NumericLiteral") return `-${node.argument.value}`;
      return `(${node.operator}${/^[a-z]/.test(node.operator) ? " " : ""}${calleeText(node.argument)})`;
    case "BinaryExpression":
    case "LogicalExpression":
      return `(${calleeText(node.left)} ${node.operator} ${calleeText(node.right)})`;
    case "AssignmentExpression":
      // V8 names the target: `(o.x = f)()` fails as "o.x is not a function".
      return calleeText(node.left);
    case "UpdateExpression":
      return node.prefix ? `(${node.operator}${calleeText(node.argument)})` : `(${calleeText(node.argument)}${node.operator})`;
    case "SequenceExpression":
      return `(${node.expressions.map(calleeText).join(" , ")})`;
    case "ArrayExpression":
      return `[${node.elements.map((e) => (e === null ? "" : calleeText(e))).join(",")}]`;
    case "ObjectExpression":
      return node.properties.length === 0 ? "{}" : `{${INTERMEDIATE}}`;
    case "ParenthesizedExpression":
    case "TSAsExpression":
    case "TSSatisfiesExpression":
    case "TSNonNullExpression":
    case "TypeCastExpression":
      return calleeText(node.expression);
    default:
      return INTERMEDIATE;
  }
}

function memberText(object: Node, property: Node, computed: boolean, optional: boolean): string {
  const base = object.type === "Super" ? INTERMEDIATE : calleeText(object);
  const dot = optional ? "?." : ".";
  if (property.type === "PrivateName") return `${base}[#${property.id.name}]`;
  if (!computed && property.type === "Identifier") return `${base}${dot}${property.name}`;
  if (property.type === "StringLiteral") return `${base}${dot}${property.value}`;
  if (property.type === "TemplateLiteral" && property.expressions.length === 0) return `${base}${dot}${property.quasis[0].value.cooked ?? ""}`;
  return `${base}${optional ? "?." : ""}[${calleeText(property)}]`;
}
