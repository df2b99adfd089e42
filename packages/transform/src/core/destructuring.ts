/**
 * Where lowered destructuring goes: every destructuring assignment under a body (declarations are
 * assignments by now, for-of heads and catch parameters too) is replaced by what patterns.ts makes
 * of it.
 *
 * Most patterns are plain assignments, and take the place of the original expression as one
 * sequence, whose value is the assigned value, as the original's was:
 *
 *     log([a, b] = pair)        log((_value = pair, _iterator = _stepwise.unpack(_value), ..., _value))
 *
 * A pattern that must close its iterator when an element fails needs a `try` (patterns.ts), which
 * is a statement. Where the destructuring is a statement of its own (or a part of one that runs
 * first: a sequence, the right side of `x = [a] = list`, a `for` loop's initialiser), the
 * statements take its place:
 *
 *     result = [a = f()] = list;       _value = list; _iterator = ...; try { ... } catch ...; result = _value;
 *     L: for ([a = f()] = list; ;)     _iterator = ...; try { ... } catch ...; L: for (; ;)
 *
 * Anywhere else (an argument, a condition, after something it must not run before), the
 * assignment is left in place and marked (contains.ts): the expression lowering then treats it as
 * it treats a suspension, saving what was evaluated before it and lowering its statements there
 * (`lowerInPlace`).
 */
import type * as BabelTypes from "@babel/types";
import type { Expression, Node, Statement, AssignmentExpression, PatternLike } from "@babel/types";
import { mapNodes, someNode } from "./walk.js";
import { scopeMembers } from "./loop-scopes.js";
import { originalNames } from "./names.js";
import type { TargetSyntax } from "./target-syntax.js";
import { bindPattern, isPattern, needsStatements, type PatternContext } from "./patterns.js";
import { containsSuspension, markLoweredInPlace, forgetSuspensions } from "./contains.js";

/** Blocks made here to hold several statements where one stood: spliced into the list around them. */
const spliced = new WeakSet<Node>();

function isPatternAssignment(node: Node): node is AssignmentExpression {
  return node.type === "AssignmentExpression" && node.operator === "=" && isPattern(node.left);
}

/**
 * The statements of one destructuring assignment. With `keepValue`, the assigned value is saved
 * first and `value` names it.
 */
export function patternStatements(c: PatternContext, node: AssignmentExpression, keepValue: boolean): { statements: Statement[]; value: Expression | null } {
  const t = c.t;
  const statements: Statement[] = [];
  if (!keepValue) {
    bindPattern(c, node.left as PatternLike, node.right, statements);
    return { statements, value: null };
  }
  const value = c.temp("value");
  statements.push(t.expressionStatement(t.assignmentExpression("=", value, node.right)));
  bindPattern(c, node.left as PatternLike, t.identifier(value.name), statements);
  return { statements, value: t.identifier(value.name) };
}

/** The statements as one expression, if they are all expressions. */
function asExpression(t: typeof BabelTypes, statements: Statement[], value: Expression | null): Expression | null {
  const out: Expression[] = [];
  for (const s of statements) {
    if (s.type !== "ExpressionStatement") return null;
    out.push(s.expression);
  }
  if (value) out.push(value);
  return out.length === 1 ? out[0] : t.sequenceExpression(out);
}

/** Can `assignment`'s pattern stay as written for targets with `syntax`? */
function keepsPattern(syntax: TargetSyntax | undefined, assignment: AssignmentExpression): boolean {
  if (syntax === undefined || !syntax.destructuring || containsSuspension(assignment)) return false;
  // A binding that became a scope object's member (loop-scopes.ts) or was renamed apart would lose
  // the name a function default gets from it: lowered, the default is named for the source's binding.
  if (someNode(assignment.left, (n) => scopeMembers.has(n) || (n.type === "Identifier" && originalNames.has(n)))) return false;
  return syntax.objectRest || !someNode(assignment.left, (n) => n.type === "ObjectPattern" && n.properties.some((p) => p.type === "RestElement"));
}

export function lowerDestructuring<T extends Node>(c: PatternContext, root: T): T {
  const t = c.t;
  // Pattern assignments that need statements, not yet placed.
  const pending = new Set<Node>();
  const block = (statements: Statement[]): Statement => {
    if (statements.length === 1) return statements[0];
    const b = t.blockStatement(statements);
    spliced.add(b);
    return b;
  };
  /**
   * The statements that evaluate `e` for its effects, if `e` holds pending patterns only where
   * they run before anything else in it; `null` otherwise.
   */
  const asStatements = (e: Expression): Statement[] | null => {
    if (pending.has(e)) {
      pending.delete(e);
      return patternStatements(c, e as AssignmentExpression, false).statements;
    }
    if (e.type === "SequenceExpression" && e.expressions.some((item) => pending.has(item))) {
      const out: Statement[] = [];
      for (const item of e.expressions) {
        const part = asStatements(item);
        if (part === null) out.push(t.expressionStatement(item));
        else out.push(...part);
      }
      return out;
    }
    // x = [a] = list: the pattern runs, then its value is stored (x is a name: nothing to evaluate first).
    if (e.type === "AssignmentExpression" && e.operator === "=" && e.left.type === "Identifier" && pending.has(e.right)) {
      pending.delete(e.right);
      const { statements, value } = patternStatements(c, e.right as AssignmentExpression, true);
      statements.push(t.expressionStatement(t.assignmentExpression("=", e.left, value!)));
      return statements;
    }
    return null;
  };

  // An assignment that is a whole statement (or a loop's initialiser or update) needs no value of its own.
  const unused = new WeakSet<Node>();
  mapNodes(root, (node) => {
    if (node.type === "ExpressionStatement") unused.add(node.expression);
    if (node.type === "ForStatement") {
      if (node.init) unused.add(node.init);
      if (node.update) unused.add(node.update);
    }
  });

  const result = mapNodes(root, (node) => {
    if (isPatternAssignment(node)) {
      // Targets that have destructuring keep it as written, unless a suspension splits it.
      if (keepsPattern(c.syntax, node)) return undefined;
      if (needsStatements(c, node.left)) {
        pending.add(node);
        return undefined;
      }
      const { statements, value } = patternStatements(c, node, !unused.has(node));
      return asExpression(t, statements, value)!;
    }
    switch (node.type) {
      case "ExpressionStatement": {
        const statements = asStatements(node.expression);
        if (statements !== null) return block(statements);
        return undefined;
      }
      case "ForStatement": {
        // The initialiser runs once, before the loop: its statements can go in front of it.
        const init = node.init;
        if (init == null || init.type === "VariableDeclaration") return undefined;
        const statements = asStatements(init);
        if (statements === null) return undefined;
        node.init = null;
        return block([...statements, node]);
      }
      case "LabeledStatement": {
        // A label on a `for` whose initialiser moved out stays on the loop.
        const body = node.body;
        if (body.type !== "BlockStatement" || !spliced.has(body)) return undefined;
        const loop = body.body[body.body.length - 1];
        body.body[body.body.length - 1] = t.labeledStatement(node.label, loop);
        return body;
      }
      case "BlockStatement":
        node.body = splice(node.body);
        return undefined;
      case "SwitchCase":
        node.consequent = splice(node.consequent);
        return undefined;
      default:
        return undefined;
    }
  }) as T;

  // Left in place: lowered where they stand by the expression lowering (lowerInPlace).
  if (pending.size > 0) {
    pending.forEach((node) => markLoweredInPlace(node));
    forgetSuspensions();
  }
  return result;
}

/** Statements made here, spliced into the list that holds them. */
function splice(list: Statement[]): Statement[] {
  if (!list.some((s) => spliced.has(s))) return list;
  const out: Statement[] = [];
  for (const s of list) {
    if (spliced.has(s)) out.push(...(s as BabelTypes.BlockStatement).body);
    else out.push(s);
  }
  return out;
}

/**
 * A marked destructuring assignment, lowered where it stands by the expression lowering: its
 * statements are lowered in order (through `lower`, the statement lowering), and the expression
 * for its value is returned.
 */
export function lowerInPlace(c: PatternContext, node: AssignmentExpression, ignoreResult: boolean, lower: (s: Statement) => void): Expression {
  const { statements, value } = patternStatements(c, node, !ignoreResult);
  statements.forEach(lower);
  return value ?? c.t.unaryExpression("void", c.t.numericLiteral(0));
}
