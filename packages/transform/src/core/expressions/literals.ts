/**
 * Literals around a suspension: arrays, argument lists, objects and templates. Each element, key
 * and value is evaluated in order; what comes before a suspension is saved; the value is built
 * once all parts are known:
 *
 *     [a(), ...b, yield c]      _t = a(); _spread = _stepwise.toArray(b);
 *                               return _ctx.yield(c, 1);
 *                       case 1: [_t].concat(_spread, [_ctx.sent]);
 */
import type { Expression, SpreadElement, ArgumentPlaceholder, ArrayExpression, ObjectExpression, ObjectProperty, ObjectMethod, TemplateLiteral, Node } from "@babel/types";
import { containsSuspension } from "../contains.js";
import { iterationText } from "../iteration-text.js";
import { someNode, isFunctionNode } from "../walk.js";
import type { Lowering } from "../lowering.js";
import type { ExpressionLowering } from "./explode.js";

type Argument = Expression | SpreadElement | ArgumentPlaceholder;

/**
 * Arguments or array elements, lowered in order. Spread elements are turned into arrays
 * (`_stepwise.toArray`) where they stand, since iterating them is part of the evaluation order.
 * Returns either the plain list, or, when a spread had to be lowered, one array expression.
 */
export function explodeList(x: ExpressionLowering, items: (Argument | null)[], node: Node): { list: (Expression | null)[]; spread: boolean } {
  const t = x.l.t;
  const spread = items.some((item) => item !== null && item.type === "SpreadElement");
  const values: (Expression | null)[] = [];
  items.forEach((item, i) => {
    if (item === null) {
      values.push(null);
      return;
    }
    if (item.type === "ArgumentPlaceholder") throw x.l.error(node, "stepwise: partial application is not supported.");
    const later = items.slice(i + 1).some((rest) => rest !== null && containsSuspension(rest));
    if (item.type === "SpreadElement") {
      // The source's text for the value, where the engine prints it when it is not iterable (iteration-text.ts).
      const texts = iterationText(item).map((text) => t.stringLiteral(text));
      const array = t.callExpression(x.l.helper("toArray"), [x.explode(item.argument), ...texts]);
      values.push(later ? x.spillExpression(array, "spread") : array);
      return;
    }
    values.push(later ? x.spill(item) : x.explode(item));
  });
  if (!spread) return { list: values, spread: false };
  // [a, ...b, c]  ->  [a].concat(_spread, [c]): every spread is now a fresh array.
  const parts: Expression[] = [];
  let run: (Expression | null)[] | null = null;
  items.forEach((item, i) => {
    if (item !== null && item.type === "SpreadElement") {
      run = null;
      parts.push(values[i]!);
    } else {
      if (run === null) {
        run = [];
        parts.push(t.arrayExpression(run));
      }
      run.push(values[i]);
    }
  });
  const first = parts[0].type === "ArrayExpression" ? parts.shift()! : t.arrayExpression([]);
  const array = parts.length === 0 ? first : t.callExpression(t.memberExpression(first, t.identifier("concat")), parts);
  return { list: [array], spread: true };
}

export function explodeArray(x: ExpressionLowering, node: ArrayExpression): Expression {
  const { list, spread } = explodeList(x, node.elements, node);
  return spread ? list[0]! : x.l.t.arrayExpression(list);
}

type Piece =
  | { kind: "value"; key: Expression; computed: boolean; value: Expression; protoSetter: boolean }
  | { kind: "spread"; value: Expression }
  | { kind: "method"; key: Expression; computed: boolean; method: ObjectMethod };

/**
 * `{ a: x, [k]: yield v, m() {}, get g() {} }`: each computed key and each value is evaluated in
 * order (methods and accessors evaluate nothing but their key); the object is made once all are
 * known. Leading properties stay in a literal; the rest are defined on it in order, as the literal
 * would define them (`defineValue`, `defineMethod` for methods and accessors). A method using
 * `super` needs the literal itself as its home object: then the whole object is one literal, its
 * computed keys read from the temporaries that hold them.
 */
export function explodeObject(x: ExpressionLowering, node: ObjectExpression): Expression {
  const t = x.l.t;
  const props = node.properties;
  const parts: Expression[] = [];
  props.forEach((prop, i) => {
    if (prop.type === "SpreadElement") {
      // A spread copies the source's properties where it stands: before a later suspension,
      // take the copy now (`{ ...source }`), not a reference to the source.
      const suspendsLater = props.slice(i + 1).some((later) => containsSuspension(later));
      parts.push(suspendsLater ? t.callExpression(x.l.helper("spreadProps"), [t.objectExpression([]), prop.argument]) : prop.argument);
      return;
    }
    if (!prop.computed && !NAMED_KEYS.has(prop.key.type)) throw x.l.error(prop, `stepwise: internal error: unexpected object key ${prop.key.type}.`);
    // A computed key is converted to a property key (toString) right after it is evaluated.
    if (prop.computed) parts.push(t.callExpression(x.l.helper("toPropertyKey"), [prop.key as Expression]));
    if (prop.type === "ObjectProperty") parts.push(prop.value as Expression);
  });
  const values = x.explodeOperands(parts);
  let index = 0;
  const pieces: Piece[] = props.map((prop): Piece => {
    if (prop.type === "SpreadElement") return { kind: "spread", value: values[index++] };
    const key = prop.computed ? values[index++] : (prop.key as Expression);
    if (prop.type === "ObjectMethod") return { kind: "method", key, computed: prop.computed, method: prop };
    return { kind: "value", key, computed: prop.computed, value: values[index++], protoSetter: isProtoSetter(prop) };
  });
  if (pieces.some((piece) => piece.kind === "method" && usesSuper(piece.method))) return oneLiteral(t, pieces);

  // Leading plain properties stay in the literal; the rest are added in order. A key that
  // repeats one of the literal's ends it too: ES5 strict code refuses a duplicate key in a
  // literal, and defining it again keeps its first position with the last value, as ES2015 does.
  let i = 0;
  const initial = t.objectExpression([]);
  const seen = new Set<string>();
  for (; i < pieces.length; i++) {
    const piece = pieces[i];
    // Accessors are defined too: an ES3 engine cannot parse them in a literal.
    if (piece.kind === "spread" || piece.computed || seen.has(keyName(piece.key)) || (piece.kind === "method" && piece.method.kind !== "method")) break;
    seen.add(keyName(piece.key));
    if (piece.kind === "method") {
      initial.properties.push(piece.method);
    } else {
      // A BigInt key names the property by its decimal digits; ES5 has no BigInt literal.
      initial.properties.push(t.objectProperty(piece.key.type === "BigIntLiteral" ? t.stringLiteral(keyName(piece.key)) : piece.key, piece.value));
    }
  }
  if (i === pieces.length) return initial;
  const object = x.spillExpression(initial, "object");
  const order = leadingSpreadOrder(pieces);
  const deferred: Expression[] = [];
  for (; i < pieces.length; i++) {
    const piece = pieces[i];
    if (i === order.end) deferred.splice(0).forEach((definition) => x.l.emitter.emitExpression(definition));
    const placement = order.placement.get(piece);
    if (placement === "evaluate" && piece.kind === "value") {
      x.l.emitter.emitExpression(piece.value);
      continue;
    }
    if (placement === "drop") continue;
    let definition: Expression;
    if (piece.kind === "spread") {
      definition = t.callExpression(x.l.helper("spreadProps"), [object, piece.value]);
    } else if (piece.kind === "method") {
      // Named as the literal names it: the key, "get key", "set key" ("[description]" for a symbol).
      const { method } = piece;
      const fn = t.functionExpression(null, method.params, method.body, method.generator, method.async);
      const key = piece.computed ? piece.key : t.stringLiteral(keyName(piece.key));
      definition = t.callExpression(x.l.helper("defineMethod"), [object, key, fn, t.stringLiteral(method.kind)]);
      if (placement === "defer") {
        deferred.push(definition);
        continue;
      }
    } else if (piece.protoSetter) {
      // `__proto__: v` in a literal sets the prototype (when v is an object or null), as the
      // `__proto__` accessor the fresh object inherits does; it defines no property.
      definition = t.assignmentExpression("=", t.memberExpression(object, t.identifier("__proto__")), piece.value);
    } else if (isAnonymousFunction(piece.value) && (piece.computed || keepName(t, piece.value, keyName(piece.key)) === piece.value)) {
      // `[k]: function () {}` (or a method made a function by es5-syntax.ts) is named for the key,
      // as is one whose key is no identifier (`"q-2"() {}`) or whose name it would capture.
      const key = piece.computed ? piece.key : t.stringLiteral(keyName(piece.key));
      definition = t.callExpression(x.l.helper("defineMethod"), [object, key, piece.value, t.stringLiteral("method")]);
    } else {
      const name = piece.computed ? null : keyName(piece.key);
      const args = name === null ? [object, piece.key, piece.value] : [object, t.stringLiteral(name), keepName(t, piece.value, name)];
      definition = t.callExpression(x.l.helper("defineValue"), args);
    }
    x.l.emitter.emitExpression(definition);
  }
  deferred.forEach((definition) => x.l.emitter.emitExpression(definition));
  return object;
}

/**
 * V8 (the engine whose behaviour is the reference here) orders the properties of a literal that
 * begins with a spread its own way: the plain (not computed) properties right after the spread,
 * up to the first computed key or spread, are made first as data, then as accessors, each key
 * where its last definition puts it:
 *
 *     { ...s, get g() {}, v: 1, [k]: 2 }    keys: (s's), v, g, k     (not s's, g, v, k)
 *
 * So there a getter or setter is defined after the data properties (it evaluates nothing: moving
 * it changes no order of evaluation); an accessor that a later data property of the same key
 * replaces is not defined at all, and a data property that a later accessor replaces only has its
 * value evaluated. `end`: the index of the first piece after that run (-1 when there is none).
 */
function leadingSpreadOrder(pieces: Piece[]): { end: number; placement: Map<Piece, "defer" | "drop" | "evaluate"> } {
  const placement = new Map<Piece, "defer" | "drop" | "evaluate">();
  if (pieces.length === 0 || pieces[0].kind !== "spread") return { end: -1, placement };
  let end = 1;
  while (end < pieces.length && pieces[end].kind !== "spread" && !(pieces[end] as { computed: boolean }).computed) end++;
  const run = pieces.slice(1, end).filter((piece) => !(piece.kind === "value" && piece.protoSetter));
  const isAccessor = (piece: Piece) => piece.kind === "method" && piece.method.kind !== "method";
  const last = new Map<string, Piece>();
  for (const piece of run) if (piece.kind !== "spread") last.set(keyName(piece.key), piece);
  for (const piece of run) {
    if (piece.kind === "spread") continue;
    const finalAccessor = isAccessor(last.get(keyName(piece.key))!);
    if (isAccessor(piece)) placement.set(piece, finalAccessor ? "defer" : "drop");
    else if (finalAccessor) placement.set(piece, "evaluate");
  }
  return { end: end < pieces.length ? end : -1, placement };
}

function isAnonymousFunction(value: Expression): boolean {
  return (value.type === "FunctionExpression" && !value.id) || value.type === "ArrowFunctionExpression";
}

/** Does this method use `super` (its own: arrows inside it share it, nested functions do not)? */
function usesSuper(method: ObjectMethod): boolean {
  return someNode(method, (n) => n.type === "Super", (n) => n === method || !isFunctionNode(n) || n.type === "ArrowFunctionExpression");
}

/** The whole object as one literal, every value and computed key already evaluated. */
function oneLiteral(t: Lowering["t"], pieces: Piece[]): Expression {
  return t.objectExpression(
    pieces.map((piece) => {
      if (piece.kind === "spread") return t.spreadElement(piece.value);
      if (piece.kind === "method") {
        const { method } = piece;
        return t.objectMethod(method.kind, piece.key, method.params, method.body, piece.computed, method.generator, method.async);
      }
      const key = !piece.computed && piece.key.type === "BigIntLiteral" ? t.stringLiteral(keyName(piece.key)) : piece.key;
      return t.objectProperty(key, piece.value, piece.computed);
    }),
  );
}

/**
 * `${a}${yield b}`: each substitution is converted to a string right after it is evaluated, as
 * the template would do, using `"".concat` (ToString, not `+`'s ToPrimitive-with-valueOf).
 */
export function explodeTemplate(x: ExpressionLowering, node: TemplateLiteral): Expression {
  const t = x.l.t;
  const expressions = node.expressions as Expression[];
  let acc: Expression = t.stringLiteral(node.quasis[0].value.cooked ?? "");
  expressions.forEach((expression, i) => {
    const later = expressions.slice(i + 1).some((e) => containsSuspension(e));
    const text = node.quasis[i + 1].value.cooked ?? "";
    const pieces: Expression[] = [x.explode(expression)];
    if (text !== "") pieces.push(t.stringLiteral(text));
    acc = t.callExpression(t.memberExpression(acc, t.identifier("concat")), pieces);
    if (later) acc = x.spillExpression(acc, "text");
  });
  return acc;
}

/**
 * `{ k: function () {} }` names the function "k"; moved out of the literal it would not be named,
 * so it gets the name itself (when that cannot capture a reference inside it).
 */
function keepName(t: Lowering["t"], value: Expression, name: string): Expression {
  if (value.type !== "FunctionExpression" || value.id || !t.isValidES3Identifier(name)) return value;
  const mentions = (node: Node) => someNode(node, (n) => n.type === "Identifier" && n.name === name, () => true);
  const referenced = mentions(value.body) || value.params.some((p) => mentions(p));
  if (referenced) return value;
  return t.functionExpression(t.identifier(name), value.params, value.body, value.generator, value.async);
}

/** The types of non-computed key that keyName can name (the only ones the parser makes). */
const NAMED_KEYS = new Set(["Identifier", "StringLiteral", "NumericLiteral", "BigIntLiteral"]);

/** The property name a non-computed key stands for (`1e3` is "1000", `0x10n` is "16"). */
function keyName(key: Expression): string {
  if (key.type === "Identifier") return key.name;
  if (key.type === "StringLiteral") return key.value;
  if (key.type === "NumericLiteral") return String(key.value);
  if (key.type === "BigIntLiteral") return String(BigInt(key.value));
  throw new Error(`stepwise: unexpected object literal key of type ${key.type}`);
}

/** `__proto__: v` and `"__proto__": v` (not computed, not shorthand) set the literal's prototype. */
function isProtoSetter(prop: ObjectProperty): boolean {
  if (prop.computed || prop.shorthand) return false;
  return (prop.key.type === "Identifier" && prop.key.name === "__proto__") || (prop.key.type === "StringLiteral" && prop.key.value === "__proto__");
}
