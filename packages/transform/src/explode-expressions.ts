/**
 * Lowering expressions that suspend.
 *
 * A `yield` in the middle of an expression splits it in two: the part before runs in one case, the
 * rest after the machine resumes. JavaScript evaluates operands left to right, so whatever was
 * evaluated before the suspension must be saved in a temporary, or it would be evaluated again (or
 * see a changed value) afterwards:
 *
 *     log(a(), yield b, c())         _t = log; _t2 = a();
 *                                    return _ctx.yield(b, 1);
 *                             case 1: _t(_t2, _ctx.sent, c());
 *
 * Only what comes *before* a suspension is saved, and only in expressions that contain one: an
 * expression without `yield` comes out exactly as it went in. Operators that skip operands (`&&`,
 * `||`, `??`, `?:`, `?.`) become jumps around the skipped part, so a `yield` there runs only when
 * the original would have reached it. Member calls keep their `this` by calling through `.call`.
 */
import type {
  Expression,
  SpreadElement,
  ArgumentPlaceholder,
  ArrayExpression,
  ObjectExpression,
  ObjectProperty,
  CallExpression,
  NewExpression,
  OptionalCallExpression,
  OptionalMemberExpression,
  MemberExpression,
  AssignmentExpression,
  TemplateLiteral,
  PrivateName,
  Identifier,
  Node,
} from "@babel/types";
import { containsSuspension } from "./contains.js";
import { someNode } from "./walk.js";
import type { Lowering } from "./lowering.js";

type Argument = Expression | SpreadElement | ArgumentPlaceholder;

/** Does evaluating this expression again give the same value with no side effect? */
function isStable(node: Expression): boolean {
  switch (node.type) {
    case "NumericLiteral":
    case "StringLiteral":
    case "BooleanLiteral":
    case "NullLiteral":
    case "BigIntLiteral":
      return true;
    case "Identifier":
      return node.name === "undefined";
    case "UnaryExpression":
      return node.operator === "void" && node.argument.type === "NumericLiteral";
    default:
      return false;
  }
}

export class ExpressionLowering {
  constructor(private readonly l: Lowering) {}

  /**
   * Emits whatever of `node` must run before its value is known, and returns an expression for the
   * value (valid until the next suspension). With `ignoreResult` the value is not needed.
   */
  explode(node: Expression, ignoreResult = false): Expression {
    if (!containsSuspension(node)) return node;
    const t = this.l.t;
    switch (node.type) {
      case "YieldExpression":
        return this.explodeYield(node.argument ?? null, node.delegate, ignoreResult);
      case "AwaitExpression":
        return this.explodeAwait(node.argument, ignoreResult);
      case "MemberExpression":
        return this.explodeMember(node);
      case "OptionalMemberExpression":
      case "OptionalCallExpression":
        return this.explodeOptionalChain(node);
      case "CallExpression":
        return this.explodeCall(node);
      case "NewExpression":
        return this.explodeNew(node);
      case "SequenceExpression": {
        const last = node.expressions.length - 1;
        node.expressions.slice(0, last).forEach((e) => this.emitIgnored(e));
        return this.explode(node.expressions[last], ignoreResult);
      }
      case "UnaryExpression":
        if (node.operator === "delete" && node.argument.type === "OptionalMemberExpression") {
          return this.explodeOptionalChain(node.argument, true);
        }
        return t.unaryExpression(node.operator, this.explode(node.argument), node.prefix);
      case "UpdateExpression":
        return t.updateExpression(node.operator, this.explodeTarget(node.argument as Expression, false).target, node.prefix);
      case "BinaryExpression": {
        const [left, right] = this.explodeOperands([node.left as Expression, node.right]);
        return this.binary(node.operator, left, right);
      }
      case "LogicalExpression":
        return this.explodeLogical(node.operator, node.left, node.right, ignoreResult);
      case "ConditionalExpression":
        return this.explodeConditional(node.test, node.consequent, node.alternate, ignoreResult);
      case "AssignmentExpression":
        return this.explodeAssignment(node, ignoreResult);
      case "ArrayExpression":
        return this.explodeArray(node);
      case "ObjectExpression":
        return this.explodeObject(node);
      case "TemplateLiteral":
        return this.explodeTemplate(node);
      case "ParenthesizedExpression":
        return this.explode(node.expression, ignoreResult);
      case "TSAsExpression":
      case "TSSatisfiesExpression":
      case "TSNonNullExpression":
      case "TSTypeAssertion":
      case "TypeCastExpression":
        return this.explode(node.expression, ignoreResult);
      case "TaggedTemplateExpression":
        throw this.l.error(node, "stepwise: a `yield`/`await` inside a tagged template is not supported yet; move it to a variable first.");
      case "ClassExpression":
        throw this.l.error(node, "stepwise: a `yield`/`await` inside a class expression (computed key or `extends`) is not supported yet; move it to a variable first.");
      default:
        throw this.l.error(node, `stepwise: cannot lower a \`yield\`/\`await\` inside a ${node.type}.`);
    }
  }

  /** Evaluates `node` for its side effects only. */
  emitIgnored(node: Expression): void {
    const result = this.explode(node, true);
    if (!isStable(result) && !this.l.t.isIdentifier(result)) this.l.emitter.emitExpression(result);
  }

  /** Evaluates `node` into a value that survives later suspensions: a literal or a temporary. */
  spill(node: Expression, hint = "t"): Expression {
    const value = this.explode(node);
    if (isStable(value)) return value;
    const temp = this.l.temp(hint);
    this.l.emitter.emitExpression(this.l.t.assignmentExpression("=", temp, value));
    return temp;
  }

  /** Lowers operands left to right; an operand followed by a suspension is saved first. */
  explodeOperands(nodes: Expression[]): Expression[] {
    return nodes.map((node, i) =>
      nodes.slice(i + 1).some((later) => containsSuspension(later)) ? this.spill(node) : this.explode(node),
    );
  }

  private explodeYield(argument: Expression | null, delegate: boolean, ignoreResult: boolean): Expression {
    const { t, emitter } = this.l;
    const value = argument === null ? t.unaryExpression("void", t.numericLiteral(0)) : this.explode(argument);
    const resume = emitter.label();
    const exit = emitter.leave(delegate ? "delegate" : "yield", [value, emitter.ref(resume)]);
    const what = delegate ? `yield* ${this.l.snippet(argument)}` : `yield ${this.l.snippet(argument)}`.trimEnd();
    emitter.mark(resume, `resumes after \`${what}\``);
    emitter.comment(
      exit,
      delegate
        ? `suspends in \`${what}\`: next/throw/return go to the inner iterator until it is done, then case ${resume.value}`
        : `suspends at \`${what}\`: the value goes out; next(v) resumes at case ${resume.value} with v in ${emitter.ctx.name}.sent`,
    );
    return ignoreResult ? t.unaryExpression("void", t.numericLiteral(0)) : emitter.ctxMember("sent");
  }

  /** `await` is a suspension the async driver answers; see async lowering. */
  protected explodeAwait(argument: Expression, ignoreResult: boolean): Expression {
    const { t, emitter } = this.l;
    const value = this.explode(argument);
    const resume = emitter.label();
    const exit = emitter.leave("await", [value, emitter.ref(resume)]);
    const what = `await ${this.l.snippet(argument)}`;
    emitter.mark(resume, `resumes after \`${what}\``);
    emitter.comment(exit, `suspends at \`${what}\`: when it settles, the promise callback resumes case ${resume.value} (value in ${emitter.ctx.name}.sent, or thrown)`);
    return ignoreResult ? t.unaryExpression("void", t.numericLiteral(0)) : emitter.ctxMember("sent");
  }

  private explodeMember(node: MemberExpression): Expression {
    const t = this.l.t;
    if (node.property.type === "PrivateName") {
      const object = this.explode(node.object as Expression);
      return t.memberExpression(object, node.property);
    }
    if (!node.computed) return t.memberExpression(this.explode(node.object as Expression), node.property, false);
    const [object, property] = this.explodeOperands([node.object as Expression, node.property as Expression]);
    return t.memberExpression(object, property, true);
  }

  /**
   * A member expression used as an assignment or update target: its object (and computed key)
   * are evaluated first and kept, so the same place is read and written.
   */
  explodeTarget(node: Expression, keep: boolean): { target: Expression & (Identifier | MemberExpression) } {
    const t = this.l.t;
    if (node.type === "Identifier") return { target: node };
    if (node.type === "MemberExpression") {
      const property = node.property;
      // The object is evaluated before the key: saved if the key suspends.
      const keepObject = keep || (node.computed && containsSuspension(property));
      const object = keepObject ? this.spill(node.object as Expression, "object") : this.explode(node.object as Expression);
      if (!node.computed || property.type === "PrivateName") {
        return { target: t.memberExpression(object, property as Identifier) };
      }
      const key = keep ? this.spill(property as Expression, "key") : this.explode(property as Expression);
      return { target: t.memberExpression(object, key, true) };
    }
    throw this.l.error(node, `stepwise: cannot lower an assignment to a ${node.type} around a suspension.`);
  }

  private explodeAssignment(node: AssignmentExpression, ignoreResult: boolean): Expression {
    const t = this.l.t;
    const rightSuspends = containsSuspension(node.right);
    const left = node.left as Expression;
    if (left.type !== "Identifier" && left.type !== "MemberExpression") {
      throw this.l.error(node, "stepwise: internal error: destructuring should have been lowered before.");
    }
    const operator = node.operator;
    // Logical assignment: the right side runs only when the left one says so.
    if (operator === "&&=" || operator === "||=" || operator === "??=") {
      const { target } = this.explodeTarget(left, true);
      const result = this.l.temp("value");
      const end = this.l.emitter.label();
      this.l.emitter.emitExpression(t.assignmentExpression("=", result, target));
      const test =
        operator === "&&=" ? t.unaryExpression("!", result) : operator === "||=" ? result : t.binaryExpression("!=", result, t.nullLiteral());
      this.l.emitter.jumpIf(test, end);
      this.l.emitter.emitExpression(t.assignmentExpression("=", result, t.assignmentExpression("=", cloneTarget(t, target), this.explode(node.right))));
      this.l.emitter.jump(end);
      this.l.emitter.mark(end);
      return result;
    }
    // A compound assignment reads and writes the same place: its object and key are evaluated once.
    const { target } = this.explodeTarget(left, rightSuspends || operator !== "=");
    if (operator === "=") {
      const value = t.assignmentExpression("=", target, this.explode(node.right));
      return ignoreResult ? value : this.spillValue(value);
    }
    // Compound assignment reads the target before the right side runs (GetValue, then evaluate).
    const old = rightSuspends ? this.spillExpression(cloneTarget(t, target), "old") : cloneTarget(t, target);
    const binaryOperator = operator.slice(0, -1) as Parameters<typeof t.binaryExpression>[0];
    const value = t.assignmentExpression("=", target, this.binary(binaryOperator, old, this.explode(node.right)));
    return ignoreResult ? value : this.spillValue(value);
  }

  /** A binary expression in ES5 terms: `**` is `Math.pow`. */
  private binary(operator: Parameters<Lowering["t"]["binaryExpression"]>[0], left: Expression, right: Expression): Expression {
    const t = this.l.t;
    if (operator === "**") return t.callExpression(t.memberExpression(t.identifier("Math"), t.identifier("pow")), [left, right]);
    return t.binaryExpression(operator, left, right);
  }

  /** Saves an already-lowered expression in a temporary. */
  private spillExpression(value: Expression, hint: string): Expression {
    const temp = this.l.temp(hint);
    this.l.emitter.emitExpression(this.l.t.assignmentExpression("=", temp, value));
    return temp;
  }

  /** An assignment whose value is used: run it now, keep its value. */
  private spillValue(assignment: Expression): Expression {
    return this.spillExpression(assignment, "value");
  }

  private explodeLogical(operator: "&&" | "||" | "??", leftNode: Expression, rightNode: Expression, ignoreResult: boolean): Expression {
    const { t, emitter } = this.l;
    if (!containsSuspension(rightNode) && operator !== "??") return t.logicalExpression(operator, this.explode(leftNode), rightNode);
    const result = this.l.temp("value");
    const end = emitter.label();
    emitter.emitExpression(t.assignmentExpression("=", result, this.explode(leftNode)));
    const skip = operator === "&&" ? t.unaryExpression("!", result) : operator === "||" ? result : t.binaryExpression("!=", result, t.nullLiteral());
    emitter.jumpIf(skip, end);
    if (ignoreResult) this.emitIgnored(rightNode);
    else emitter.emitExpression(t.assignmentExpression("=", result, this.explode(rightNode)));
    emitter.jump(end);
    emitter.mark(end);
    return result;
  }

  private explodeConditional(test: Expression, consequent: Expression, alternate: Expression, ignoreResult: boolean): Expression {
    const { t, emitter } = this.l;
    if (!containsSuspension(consequent) && !containsSuspension(alternate)) {
      return t.conditionalExpression(this.explode(test), consequent, alternate);
    }
    const result = this.l.temp("value");
    const otherwise = emitter.label();
    const end = emitter.label();
    emitter.jumpIfNot(this.explode(test), otherwise);
    if (ignoreResult) this.emitIgnored(consequent);
    else emitter.emitExpression(t.assignmentExpression("=", result, this.explode(consequent)));
    emitter.jump(end);
    emitter.mark(otherwise);
    if (ignoreResult) this.emitIgnored(alternate);
    else emitter.emitExpression(t.assignmentExpression("=", result, this.explode(alternate)));
    emitter.jump(end);
    emitter.mark(end);
    return result;
  }

  /**
   * Arguments or array elements, lowered in order. Spread elements are turned into arrays
   * (`_stepwise.toArray`) where they stand, since iterating them is part of the evaluation order.
   * Returns either the plain list, or, when a spread had to be lowered, one array expression.
   */
  private explodeList(items: (Argument | null)[], node: Node): { list: (Expression | null)[]; spread: boolean } {
    const t = this.l.t;
    const spread = items.some((item) => item !== null && item.type === "SpreadElement");
    const values: (Expression | null)[] = [];
    items.forEach((item, i) => {
      if (item === null) {
        values.push(null);
        return;
      }
      if (item.type === "ArgumentPlaceholder") throw this.l.error(node, "stepwise: partial application is not supported.");
      const later = items.slice(i + 1).some((rest) => rest !== null && containsSuspension(rest));
      if (item.type === "SpreadElement") {
        const array = t.callExpression(this.l.helper("toArray"), [this.explode(item.argument)]);
        values.push(later ? this.spillExpression(array, "spread") : array);
        return;
      }
      values.push(later ? this.spill(item) : this.explode(item));
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

  private explodeArray(node: ArrayExpression): Expression {
    const { list, spread } = this.explodeList(node.elements, node);
    return spread ? list[0]! : this.l.t.arrayExpression(list);
  }

  /** The callee of a call, split into the function and the `this` it must be called with. */
  private explodeCallee(callee: Expression, argsSuspend: boolean): { fn: Expression; thisArg: Expression | null } {
    const t = this.l.t;
    if (callee.type === "MemberExpression" && (argsSuspend || containsSuspension(callee))) {
      if (!argsSuspend) return { fn: this.explodeMember(callee), thisArg: null };
      const object = this.spill(callee.object as Expression, "object");
      const key = callee.computed ? this.spill(callee.property as Expression, "key") : callee.property;
      // The method is read before the arguments run, as in `o.m(a)`.
      const fn = this.spillExpression(t.memberExpression(object, key as Expression, callee.computed), "method");
      return { fn, thisArg: object };
    }
    return { fn: argsSuspend ? this.spill(callee, "callee") : this.explode(callee), thisArg: null };
  }

  private explodeCall(node: CallExpression): Expression {
    const t = this.l.t;
    if (node.callee.type === "Super" || node.callee.type === "Import" || node.callee.type === "V8IntrinsicIdentifier") {
      throw this.l.error(node, "stepwise: cannot lower a suspension inside this call.");
    }
    const argsSuspend = node.arguments.some((arg) => containsSuspension(arg));
    const { fn, thisArg } = this.explodeCallee(node.callee, argsSuspend);
    const { list, spread } = this.explodeList(node.arguments, node);
    return this.buildCall(fn, thisArg, list as Expression[], spread);
  }

  private buildCall(fn: Expression, thisArg: Expression | null, args: Expression[], spread: boolean): Expression {
    const t = this.l.t;
    if (spread) {
      return t.callExpression(t.memberExpression(fn, t.identifier("apply")), [thisArg ?? t.unaryExpression("void", t.numericLiteral(0)), args[0]]);
    }
    if (thisArg !== null) return t.callExpression(t.memberExpression(fn, t.identifier("call")), [thisArg, ...args]);
    return t.callExpression(fn, args);
  }

  private explodeNew(node: NewExpression): Expression {
    const t = this.l.t;
    const argsSuspend = node.arguments.some((arg) => containsSuspension(arg));
    const callee = argsSuspend ? this.spill(node.callee as Expression, "constructor") : this.explode(node.callee as Expression);
    const { list, spread } = this.explodeList(node.arguments, node);
    if (!spread) return t.newExpression(callee, list as Expression[]);
    // new C(...args) in ES5: bind the arguments, then construct.
    const bound = t.callExpression(
      t.memberExpression(t.memberExpression(t.memberExpression(t.identifier("Function"), t.identifier("prototype")), t.identifier("bind")), t.identifier("apply")),
      [callee, t.callExpression(t.memberExpression(t.arrayExpression([t.nullLiteral()]), t.identifier("concat")), [list[0]!])],
    );
    return t.newExpression(bound, []);
  }

  /**
   * `a?.b.c(yield x)`: each optional link tests the value so far and, when it is null or
   * undefined, skips the rest of the chain with `undefined` as the result.
   */
  private explodeOptionalChain(node: OptionalMemberExpression | OptionalCallExpression, asDelete = false): Expression {
    const { t, emitter } = this.l;
    const links: (OptionalMemberExpression | OptionalCallExpression)[] = [];
    let base: Expression = node;
    // Babel marks every link after the first `?.` as optional-chain nodes; the first other node is the base.
    while (base.type === "OptionalMemberExpression" || base.type === "OptionalCallExpression") {
      links.unshift(base);
      base = base.type === "OptionalMemberExpression" ? base.object : (base.callee as Expression);
    }
    const result = this.l.temp("value");
    const end = emitter.label();
    let current: Expression;
    let thisValue: Expression | null = null;
    if (base.type === "MemberExpression" && links[0].type === "OptionalCallExpression") {
      // `o.m?.(x)` calls m with `this` = o.
      thisValue = this.spill(base.object as Expression, "object");
      const key = base.computed ? this.spill(base.property as Expression, "key") : base.property;
      current = this.spillExpression(t.memberExpression(thisValue, key as Expression, base.computed), "method");
    } else {
      current = this.spill(base, "object");
    }
    for (const link of links) {
      if (link.optional) {
        emitter.jumpIf(
          t.binaryExpression("==", current, t.nullLiteral()),
          end,
        );
      }
      if (link.type === "OptionalMemberExpression") {
        const property: Expression | PrivateName = link.computed ? this.spill(link.property as Expression, "key") : link.property;
        thisValue = current;
        const member = t.memberExpression(current, property, link.computed);
        // `delete a?.[k]` deletes through the chain (and is `true` when the chain short-circuits).
        const last = asDelete && link === links[links.length - 1];
        current = this.spillExpression(last ? t.unaryExpression("delete", member) : member, "value");
      } else {
        const { list, spread } = this.explodeList(link.arguments, link);
        current = this.spillExpression(this.buildCall(current, thisValue, list as Expression[], spread), "value");
        thisValue = null;
      }
    }
    emitter.emitExpression(t.assignmentExpression("=", result, current));
    const done = emitter.label();
    emitter.jump(done);
    emitter.mark(end);
    const skipped = asDelete ? t.booleanLiteral(true) : t.unaryExpression("void", t.numericLiteral(0));
    emitter.emitExpression(t.assignmentExpression("=", result, skipped));
    emitter.mark(done);
    return result;
  }

  private explodeObject(node: ObjectExpression): Expression {
    const t = this.l.t;
    const props = node.properties;
    // Each key and value is evaluated in order; the object is built once all are known.
    const pieces: { key: Expression | null; computed: boolean; value: Expression; spread: boolean; protoSetter?: boolean }[] = [];
    const parts: Expression[] = [];
    props.forEach((prop, i) => {
      if (prop.type === "ObjectMethod") {
        throw this.l.error(prop, "stepwise: methods and accessors in an object literal that contains a `yield`/`await` are not supported yet; move the suspension out of the literal.");
      }
      if (prop.type === "ObjectProperty" && !prop.computed && !NAMED_KEYS.has(prop.key.type)) {
        throw this.l.error(prop, `stepwise: a ${prop.key.type} key in an object literal that contains a \`yield\`/\`await\` is not supported.`);
      }
      if (prop.type === "SpreadElement") {
        // A spread copies the source's properties where it stands: before a later suspension,
        // take the copy now (`{ ...source }`), not a reference to the source.
        const suspendsLater = props.slice(i + 1).some((later) => containsSuspension(later));
        parts.push(suspendsLater ? t.callExpression(this.l.helper("spreadProps"), [t.objectExpression([]), prop.argument]) : prop.argument);
      }
      else {
        // A computed key is converted to a property key (toString) right after it is evaluated.
        const key = prop.key as Expression;
        if (prop.computed) parts.push(t.callExpression(this.l.helper("toPropertyKey"), [key]));
        parts.push(prop.value as Expression);
      }
    });
    const values = this.explodeOperands(parts);
    let index = 0;
    props.forEach((prop) => {
      if (prop.type === "SpreadElement") {
        pieces.push({ key: null, computed: false, value: values[index++], spread: true });
      } else if (prop.type === "ObjectProperty") {
        const key = prop.computed ? values[index++] : (prop.key as Expression);
        pieces.push({ key, computed: prop.computed, value: values[index++], spread: false, protoSetter: isProtoSetter(prop) });
      }
    });
    // Leading plain properties stay in the literal; the rest are added in order. A key that
    // repeats one of the literal's ends it too: ES5 strict code refuses a duplicate key in a
    // literal, and defining it again keeps its first position with the last value, as ES2015 does.
    const literal: Expression[] = [];
    let i = 0;
    const initial = t.objectExpression([]);
    const seen = new Set<string>();
    for (; i < pieces.length && !pieces[i].spread && !pieces[i].computed && !seen.has(keyName(pieces[i].key!)); i++) {
      seen.add(keyName(pieces[i].key!));
      const key = pieces[i].key!;
      // A BigInt key names the property by its decimal digits; ES5 has no BigInt literal.
      initial.properties.push(t.objectProperty(key.type === "BigIntLiteral" ? t.stringLiteral(keyName(key)) : key, pieces[i].value));
    }
    if (i === pieces.length) return initial;
    const object = this.spillExpression(initial, "object");
    for (; i < pieces.length; i++) {
      const piece = pieces[i];
      if (piece.spread) {
        literal.push(t.callExpression(this.l.helper("spreadProps"), [object, piece.value]));
      } else if (piece.protoSetter) {
        // `__proto__: v` in a literal sets the prototype (when v is an object or null), as the
        // `__proto__` accessor the fresh object inherits does; it defines no property.
        literal.push(t.assignmentExpression("=", t.memberExpression(object, t.identifier("__proto__")), piece.value));
      } else {
        const name = piece.computed ? null : keyName(piece.key!);
        const args = name === null ? [object, piece.key!, piece.value] : [object, t.stringLiteral(name), keepName(t, piece.value, name)];
        literal.push(t.callExpression(this.l.helper("defineValue"), args));
      }
    }
    literal.forEach((e) => this.l.emitter.emitExpression(e));
    return object;
  }

  /**
   * `${a}${yield b}`: each substitution is converted to a string right after it is evaluated, as
   * the template would do, using `"".concat` (ToString, not `+`'s ToPrimitive-with-valueOf).
   */
  private explodeTemplate(node: TemplateLiteral): Expression {
    const t = this.l.t;
    const expressions = node.expressions as Expression[];
    let acc: Expression = t.stringLiteral(node.quasis[0].value.cooked ?? "");
    expressions.forEach((expression, i) => {
      const later = expressions.slice(i + 1).some((e) => containsSuspension(e));
      const text = node.quasis[i + 1].value.cooked ?? "";
      const pieces: Expression[] = [this.explode(expression)];
      if (text !== "") pieces.push(t.stringLiteral(text));
      acc = t.callExpression(t.memberExpression(acc, t.identifier("concat")), pieces);
      if (later) acc = this.spillExpression(acc, "text");
    });
    return acc;
  }
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

/** The types of non-computed key that keyName can name (a literal with others is refused). */
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

function cloneTarget(t: Lowering["t"], target: Identifier | MemberExpression): Identifier | MemberExpression {
  return target.type === "Identifier" ? t.identifier(target.name) : t.memberExpression(target.object, target.property, target.computed);
}
