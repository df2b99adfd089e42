/**
 * Second phase: from the emitter's list of cases to the body function and its try table.
 *
 *     function (_ctx) {
 *       for (;;) switch (_ctx.state) {
 *         case 0: ...
 *         case 1: ...
 *       }
 *     }
 *
 * Touch-ups keep the machine exact, the output short and the common paths fast:
 * - a jump to a case that only jumps on (or is empty and falls through) goes straight to where
 *   that chain ends: `_ctx.state = 14; continue;` with case 14 being `_ctx.state = 1; continue;`
 *   becomes `_ctx.state = 1; continue;` (nothing runs in between, so no state is skipped that an
 *   exception could be routed from);
 * - likewise a suspension whose resume case only jumps on resumes where that chain ends, when
 *   both lie in the same try region (while suspended, `_ctx.state` is what the runtime routes a
 *   `throw()` or `return()` from): `return _ctx.yield(x, 2)` with case 2 being `_ctx.state = 1;
 *   continue;` becomes `return _ctx.yield(x, 1)`, one dispatch less per resume in a loop;
 * - statements after one that always leaves the case (`{ return _ctx.raise(e); }`) are dropped;
 * - cases left that only jump on, or are empty, and that nothing can reach any more (no number
 *   of theirs anywhere in the machine or its try table, no fall-through into them) are dropped;
 * - a jump to the very next case becomes a fall-through (`_ctx.state = 2;` and no `continue`;
 *   most such jumps were already dropped by the emitter);
 * - falling through into a case that lies in a different try region first records the new state,
 *   because the runtime finds the catch/finally for an exception from `_ctx.state`;
 * - in a case inside a lowered try, a `throw` that nothing native around it would catch becomes
 *   `return _ctx.raise(x)`: the runtime routes `x` to the catch or finally block, as it would have
 *   after catching it, but without a JavaScript exception, which costs the engine far more (and
 *   throws it for real when no handler is in the way).
 * The last case ends the machine if control reaches its end: `return _ctx.finish();`.
 */
import type * as BabelTypes from "@babel/types";
import type { Statement, Expression, FunctionExpression, ArrayExpression, Node } from "@babel/types";
import type { Emitter } from "./emit.js";
import { someNode } from "./walk.js";

/** Can control run off the end of these case statements (into the next case)? */
export function canFallThrough(body: Statement[]): boolean {
  const last = body[body.length - 1];
  if (last === undefined) return true;
  return !(alwaysLeaves(last) || last.type === "BreakStatement");
}

/** Which parts of which try statements hold case `n`: equal keys mean the same handlers apply. */
function regionOf(emitter: Emitter, n: number): string {
  const parts: string[] = [];
  emitter.tries.forEach((row, i) => {
    if (n < row.tryLabel.value || n >= row.endLabel.value) return;
    const part =
      row.catchLabel && n >= row.catchLabel.value && (!row.finallyLabel || n < row.finallyLabel.value)
        ? "catch"
        : row.finallyLabel && n >= row.finallyLabel.value
          ? "finally"
          : "try";
    parts.push(`${i}:${part}`);
  });
  return parts.join(",");
}

/** `_ctx.state = N` followed by an unlabeled `continue`: the target N, or null. */
function jumpTarget(t: typeof BabelTypes, move: Statement | undefined, cont: Statement | undefined): number | null {
  if (move === undefined || cont === undefined || !t.isContinueStatement(cont) || cont.label != null) return null;
  if (!t.isExpressionStatement(move) || !t.isAssignmentExpression(move.expression, { operator: "=" })) return null;
  const { left, right } = move.expression;
  if (!t.isMemberExpression(left) || !t.isIdentifier(left.property, { name: "state" }) || !t.isNumericLiteral(right)) return null;
  return right.value;
}

/**
 * Where control really goes from case `n`: past the cases that are empty (they fall through) or
 * only jump on. Stops at a case that does anything else, and on a cycle.
 */
function chainEnd(t: typeof BabelTypes, cases: Emitter["cases"], n: number): number {
  const seen = new Set<number>();
  while (!seen.has(n) && n < cases.length) {
    seen.add(n);
    const body = cases[n].body;
    const target = body.length === 2 ? jumpTarget(t, body[0], body[1]) : null;
    if (body.length === 0 && n + 1 < cases.length) n += 1;
    else if (target !== null) n = target;
    else break;
  }
  return n;
}

/**
 * Calls `visit(statements, i)` for each statement of a case body and of the blocks its `if`s and
 * blocks hold: everywhere `continue` still means the dispatch loop (not inside native loops,
 * switches or labels).
 */
function forEachDispatchStatement(statements: Statement[], visit: (statements: Statement[], i: number) => void): void {
  statements.forEach((statement, i) => {
    visit(statements, i);
    if (statement.type === "IfStatement") {
      for (const branch of [statement.consequent, statement.alternate]) {
        if (branch && branch.type === "BlockStatement") forEachDispatchStatement(branch.body, visit);
      }
    } else if (statement.type === "BlockStatement") {
      forEachDispatchStatement(statement.body, visit);
    }
  });
}

/** Retargets the dispatch jumps in a case body to the end of their chain. */
function threadJumps(t: typeof BabelTypes, cases: Emitter["cases"], body: Statement[]): void {
  forEachDispatchStatement(body, (statements, i) => {
    const target = jumpTarget(t, statements[i], statements[i + 1]);
    if (target === null) return;
    const end = chainEnd(t, cases, target);
    if (end !== target) {
      const move = statements[i] as BabelTypes.ExpressionStatement;
      (move.expression as BabelTypes.AssignmentExpression).right = t.numericLiteral(end);
    }
  });
}

/** The verbs that suspend the machine, each with the index of its argument that is the case resuming it. */
export const RESUME_ARGUMENT: ReadonlyMap<string, number> = new Map([
  ["yield", 1],
  ["await", 1],
  ["delegate", 1],
  ["awaitNext", 2],
]);

/** `return _ctx.yield(x, R)` and the like: the literal R, or null. */
function resumeOf(emitter: Emitter, statement: Statement): BabelTypes.NumericLiteral | null {
  if (statement.type !== "ReturnStatement" || !statement.argument || statement.argument.type !== "CallExpression") return null;
  const { callee, arguments: args } = statement.argument;
  if (callee.type !== "MemberExpression" || callee.computed || callee.property.type !== "Identifier" || !RESUME_ARGUMENT.has(callee.property.name)) return null;
  if (callee.object.type !== "Identifier" || callee.object.name !== emitter.ctx.name) return null;
  const resume = args[RESUME_ARGUMENT.get(callee.property.name)!];
  return resume !== undefined && resume.type === "NumericLiteral" ? resume : null;
}

/**
 * Points the suspensions in a case body past resume cases that only jump on, within one try
 * region. In explain mode the comment that names the resume case follows.
 */
function retargetResumes(t: typeof BabelTypes, emitter: Emitter, body: Statement[]): void {
  forEachDispatchStatement(body, (statements, i) => {
    const resume = resumeOf(emitter, statements[i]);
    if (resume === null) return;
    const end = chainEnd(t, emitter.cases, resume.value);
    if (end !== resume.value && regionOf(emitter, end) === regionOf(emitter, resume.value)) {
      for (const comment of statements[i].trailingComments ?? []) comment.value = renameCase(comment.value, resume.value, end);
      resume.value = end;
    }
  });
}

/** `text` with its last mention of `case from` (the explanation's, after any quoted source) naming `to`. */
function renameCase(text: string, from: number, to: number): string {
  const mention = new RegExp(`case ${from}(?!\\d)(?!.*case ${from}(?!\\d))`);
  return text.replace(mention, `case ${to}`);
}

/**
 * Every number written in `nodes` outside nested functions (a conservative superset of the case
 * numbers they name: a nested function, another machine among them, cannot name this one's cases).
 */
function numbersIn(nodes: Node[]): Set<number> {
  const found = new Set<number>();
  for (const node of nodes) {
    someNode(node, (n) => {
      if (n.type === "NumericLiteral") found.add(n.value);
      return false;
    });
  }
  return found;
}

/**
 * The cases to drop: those that only jump on or are empty, that no number in the machine or the
 * try table names and that the case kept before them cannot fall into. Never case 0 nor the last.
 */
function unreachableTrampolines(t: typeof BabelTypes, emitter: Emitter): Set<number> {
  const cases = emitter.cases;
  const named = numbersIn(cases.flatMap((c) => c.body));
  for (const row of emitter.tries) {
    for (const label of [row.tryLabel, row.catchLabel, row.finallyLabel, row.endLabel]) if (label) named.add(label.value);
  }
  const dropped = new Set<number>();
  let previous = cases[0].body;
  for (let i = 1; i < cases.length - 1; i++) {
    const body = cases[i].body;
    const trampoline = body.length === 0 || (body.length === 2 && jumpTarget(t, body[0], body[1]) !== null);
    if (trampoline && !named.has(i) && !canFallThrough(previous)) dropped.add(i);
    else previous = body;
  }
  return dropped;
}

/** Does running `statement` always leave the case (a `return`, `throw` or `continue`, or a block ending in one)? */
function alwaysLeaves(statement: Statement): boolean {
  if (statement.type === "ReturnStatement" || statement.type === "ThrowStatement" || statement.type === "ContinueStatement") return true;
  return statement.type === "BlockStatement" && statement.body.length > 0 && alwaysLeaves(statement.body[statement.body.length - 1]);
}

/**
 * `statements` without what follows a statement that always leaves: the emitter adds the jump
 * past a lowered block without knowing that the block itself returns, e.g.
 * `{ return _ctx.raise(e); } _ctx.state = 15; continue;`. The jump could never run.
 */
function withoutDeadTail(statements: Statement[]): Statement[] {
  const end = statements.findIndex(alwaysLeaves);
  return end === -1 || end === statements.length - 1 ? statements : statements.slice(0, end + 1);
}

/** Does `statements` end with `_ctx.state = N; continue;`, N the given case number? */
function isJumpTo(t: typeof BabelTypes, statements: Statement[], n: number): boolean {
  return jumpTarget(t, statements[statements.length - 2], statements[statements.length - 1]) === n;
}

/**
 * `throw x` → `return _ctx.raise(x)` in `statement` and the statements it runs as its own parts.
 * Not inside a native `try` (its catch or finally must see the exception), a native `for-of` (an
 * exception closes the iterator differently from a return), `with`, or nested functions.
 */
function raiseThrows(t: typeof BabelTypes, emitter: Emitter, statement: Statement): Statement {
  const inner = (s: Statement) => raiseThrows(t, emitter, s);
  switch (statement.type) {
    case "ThrowStatement":
      return t.inherits(t.returnStatement(emitter.verb("raise", [statement.argument])), statement);
    case "BlockStatement":
      statement.body = statement.body.map(inner);
      return statement;
    case "IfStatement":
      statement.consequent = inner(statement.consequent);
      if (statement.alternate) statement.alternate = inner(statement.alternate);
      return statement;
    case "SwitchStatement":
      for (const c of statement.cases) c.consequent = c.consequent.map(inner);
      return statement;
    case "LabeledStatement":
    case "WhileStatement":
    case "DoWhileStatement":
    case "ForStatement":
    case "ForInStatement":
      statement.body = inner(statement.body);
      return statement;
    default:
      return statement;
  }
}

/**
 * `traceCase` (the `trace` option) gives the statement that reports case n to the runtime's
 * tracing hooks: it opens each case, added after every touch-up above, so the traced machine has
 * the same cases, jumps and try table as the untraced one.
 */
export function buildBody(t: typeof BabelTypes, emitter: Emitter, traceCase: ((n: number) => Statement) | null = null): FunctionExpression {
  const cases = emitter.cases;
  for (const c of cases) c.body = withoutDeadTail(c.body);
  for (const c of cases) threadJumps(t, cases, c.body);
  for (const c of cases) retargetResumes(t, emitter, c.body);
  const dropped = unreachableTrampolines(t, emitter);
  const switchCases = cases.flatMap((c, i) => {
    if (dropped.has(i)) return [];
    const body = regionOf(emitter, i) === "" ? c.body.slice() : c.body.map((statement) => raiseThrows(t, emitter, statement));
    const next = i + 1;
    if (next < cases.length) {
      if (isJumpTo(t, body, next)) body.pop();
      else if (canFallThrough(body) && regionOf(emitter, i) !== regionOf(emitter, next)) {
        // Falling into another try region: record the state the runtime will route from.
        body.push(t.expressionStatement(t.assignmentExpression("=", emitter.ctxMember("state"), t.numericLiteral(next))));
      }
    } else if (canFallThrough(body)) {
      body.push(t.returnStatement(emitter.verb("finish", [])));
    }
    const switchCase = t.switchCase(t.numericLiteral(c.label.value), body);
    if (emitter.explain) {
      const line = body.find((statement) => statement.loc)?.loc?.start.line;
      const words = [line !== undefined ? `line ${line}` : "", i === 0 ? "start" : "", c.note ?? ""].filter((w) => w !== "");
      if (words.length > 0) t.addComment(switchCase, "leading", ` ${words.join(": ")}`, true);
    }
    if (traceCase !== null) body.unshift(traceCase(c.label.value));
    return [switchCase];
  });
  let loop: Statement = t.forStatement(null, null, null, t.switchStatement(emitter.ctxMember("state"), switchCases));
  if (emitter.dispatchLabelUsed) loop = t.labeledStatement(emitter.dispatchLabel, loop);
  return t.functionExpression(null, [emitter.ctx], t.blockStatement([loop]));
}

/** The try table: `[{ "try": 1, "catch": 4, "finally": 0, end: 6 }, ...]` (0: no such block). */
export function buildTryTable(t: typeof BabelTypes, emitter: Emitter): ArrayExpression | null {
  if (emitter.tries.length === 0) return null;
  return t.arrayExpression(
    emitter.tries.map((row) =>
      t.objectExpression([
        t.objectProperty(t.stringLiteral("try"), t.numericLiteral(row.tryLabel.value)),
        t.objectProperty(t.stringLiteral("catch"), t.numericLiteral(row.catchLabel ? row.catchLabel.value : 0)),
        t.objectProperty(t.stringLiteral("finally"), t.numericLiteral(row.finallyLabel ? row.finallyLabel.value : 0)),
        t.objectProperty(t.identifier("end"), t.numericLiteral(row.endLabel.value)),
      ]),
    ),
  );
}

export type { Expression };
