/**
 * The emitter: builds the `switch` a lowered body becomes, one `case` per place execution can
 * resume or jump to.
 *
 * Lowering statements (explode-statements.ts) and expressions (expressions/) only ever
 * talk to this small instruction set:
 *
 *     emit(stmt)        append a plain statement to the current case
 *     label()           a jump target whose case number is not known yet
 *     mark(L)           "L is here": close the current case, start case L
 *     jump(L)           _ctx.state = L; continue;          (go to case L)
 *     jumpIfNot(e, L)   if (!e) { _ctx.state = L; continue; }
 *     suspend(...)      return _ctx.yield(value, L);         (and other verbs that leave the body)
 *
 * Case numbers are handed out in the order labels are marked, so they follow the source, and a
 * `try` statement's blocks are contiguous ranges of cases (the runtime relies on that to find the
 * handler for the current state). A label used before it is marked is a numeric literal patched
 * when `mark` gives it its number.
 *
 *     while (x) yield x--;                 case 0:
 *                                           case 1: if (!x) { _ctx.state = 3; continue; }
 *                                                   return _ctx.yield(x--, 2);
 *                                           case 2: _ctx.state = 1; continue;
 *                                           case 3: return _ctx.finish();
 */
import type * as BabelTypes from "@babel/types";
import type { Expression, Statement, Identifier, NumericLiteral, SourceLocation } from "@babel/types";

export class Label {
  /** The case number, once marked. */
  value = -1;
  /** Literals that refer to this label before it was marked; patched by `mark`. */
  readonly refs: NumericLiteral[] = [];
}

/** One row of the try table (see the runtime's generator.ts): where each block of a `try` starts. */
export interface TryRow {
  tryLabel: Label;
  catchLabel: Label | null;
  finallyLabel: Label | null;
  endLabel: Label;
}

export interface Case {
  label: Label;
  body: Statement[];
  /** What this case is, in words, for the explained output (`explain: true`). */
  note?: string;
}

export class Emitter {
  readonly cases: Case[] = [];
  readonly tries: TryRow[] = [];
  /** Set when a jump had to leave a native loop: the dispatch loop then needs a label. */
  dispatchLabelUsed = false;
  /** Where in the source the statement being lowered is: emitted statements map back to it. */
  currentLoc: SourceLocation | null = null;
  /** Whether to leave explaining comments in the output (the `explain` option). */
  explain = false;

  constructor(
    readonly t: typeof BabelTypes,
    /** The body's parameter, `_ctx`: the machine's context object. */
    readonly ctx: Identifier,
    /** Label of the dispatch loop, for jumps from inside native loops (`continue _dispatch`). */
    readonly dispatchLabel: Identifier,
  ) {
    const entry = this.label();
    entry.value = 0;
    this.cases.push({ label: entry, body: [] });
  }

  label(): Label {
    return new Label();
  }

  /**
   * Starts a new case for `label` here. A jump to `label` just before it is dropped (control falls
   * through). Labels get their own case even when the current one is empty, because two labels
   * on either side of a try-region boundary must stay distinguishable; the one exception is the
   * entry case, which nothing jumps or resumes to.
   */
  mark(label: Label, note?: string): void {
    if (label.value !== -1) throw new Error("stepwise: label marked twice");
    const current = this.cases[this.cases.length - 1];
    this.dropJumpTo(current, label);
    if (this.cases.length === 1 && current.body.length === 0) {
      this.setValue(label, 0);
      if (note) current.note = current.note ? `${current.note}; ${note}` : note;
      return;
    }
    this.setValue(label, this.cases.length);
    this.cases.push({ label, body: [], note });
  }

  /** A line comment after `node`, when explaining. */
  comment(node: Statement, text: string): void {
    if (this.explain) this.t.addComment(node, "trailing", ` ${text}`, true);
  }

  private setValue(label: Label, value: number): void {
    label.value = value;
    for (const ref of label.refs) ref.value = value;
  }

  /** Removes a trailing `_ctx.state = L; continue;` aimed at `label`. */
  private dropJumpTo(current: Case, label: Label): void {
    const body = current.body;
    const [move, cont] = body.slice(-2);
    if (body.length < 2 || cont.type !== "ContinueStatement" || cont.label) return;
    if (move.type !== "ExpressionStatement" || move.expression.type !== "AssignmentExpression") return;
    const literal = move.expression.right;
    const index = label.refs.indexOf(literal as NumericLiteral);
    if (index === -1) return;
    label.refs.splice(index, 1);
    body.length -= 2;
  }

  /** A numeric literal that will hold `label`'s case number. */
  ref(label: Label): NumericLiteral {
    const literal = this.t.numericLiteral(Math.max(label.value, 0));
    if (label.value === -1) label.refs.push(literal);
    return literal;
  }

  emit(statement: Statement): void {
    const body = this.cases[this.cases.length - 1].body;
    const last = body[body.length - 1];
    // After a return, throw or jump, nothing in this case can run: leave it out.
    if (last !== undefined && (last.type === "ReturnStatement" || last.type === "ThrowStatement" || last.type === "ContinueStatement")) return;
    if (statement.loc == null && this.currentLoc !== null) statement.loc = this.currentLoc;
    body.push(statement);
  }

  emitExpression(expression: Expression): void {
    this.emit(this.t.expressionStatement(expression));
  }

  /** `_ctx.<name>` */
  ctxMember(name: string): BabelTypes.MemberExpression {
    return this.t.memberExpression(this.ctx, this.t.identifier(name));
  }

  /** `_ctx.<verb>(args)` */
  verb(name: string, args: Expression[]): BabelTypes.CallExpression {
    return this.t.callExpression(this.ctxMember(name), args);
  }

  /** The statements that move the machine to `label`: `_ctx.state = L; continue;`. */
  jumpStatements(label: Label, viaRuntime: boolean, fromNativeLoop: boolean): Statement[] {
    const t = this.t;
    const move: Statement = viaRuntime
      ? t.expressionStatement(this.verb("jump", [this.ref(label)]))
      : t.expressionStatement(t.assignmentExpression("=", this.ctxMember("state"), this.ref(label)));
    if (fromNativeLoop) this.dispatchLabelUsed = true;
    return [move, t.continueStatement(fromNativeLoop ? this.dispatchLabel : null)];
  }

  jump(label: Label, viaRuntime = false): void {
    for (const statement of this.jumpStatements(label, viaRuntime, false)) this.emit(statement);
  }

  /** `if (!test) { _ctx.state = L; continue; }` */
  jumpIfNot(test: Expression, label: Label): void {
    const t = this.t;
    const negated = t.isUnaryExpression(test, { operator: "!" }) ? test.argument : t.unaryExpression("!", test);
    this.emit(t.ifStatement(negated, t.blockStatement(this.jumpStatements(label, false, false))));
  }

  /** `if (test) { _ctx.state = L; continue; }` */
  jumpIf(test: Expression, label: Label): void {
    this.emit(this.t.ifStatement(test, this.t.blockStatement(this.jumpStatements(label, false, false))));
  }

  /** `return _ctx.<verb>(args)`: leaves the body (the machine suspends, ends, or re-enters). */
  leave(verbName: string, args: Expression[]): Statement {
    const statement = this.t.returnStatement(this.verb(verbName, args));
    this.emit(statement);
    return statement;
  }
}
