/**
 * Lowering statements that suspend into cases.
 *
 * A statement with no `yield` inside is emitted as written (after its `return`, `break` and
 * `continue` are pointed at the machine, see `emitNative`). A statement that does contain one is
 * taken apart into labels and jumps, the way a compiler lowers structured control flow to a
 * flat list of instructions:
 *
 *     while (test) body         HEAD: if (!test) goto END;  body;  goto HEAD;  END:
 *     for (init; test; update)  init; HEAD: if (!test) goto END; body; UPDATE: update; goto HEAD; END:
 *     if (test) a; else b       if (!test) goto ELSE; a; goto END; ELSE: b; END:
 *     switch (d) { case x: s }  _d = d; if (_d === x) goto CASE1; goto END; CASE1: s; END:
 *
 * `goto L` is `_ctx.state = L; continue;`. `try` statements become a row of the try table (the
 * case numbers of their blocks) and `return _ctx.endFinally(i)` at the end of a finally block:
 *
 *     try { a } catch (e) { b } finally { c }
 *       TRY: a; goto FINALLY;  CATCH: e = _ctx.caught; b; goto FINALLY;
 *       FINALLY: c; return _ctx.endFinally(i);  END:
 */
import type { Statement, Expression, LabeledStatement, Node, SwitchStatement, TryStatement, Identifier } from "@babel/types";
import { containsSuspension } from "./contains.js";
import { isFunctionNode, replaceChildren } from "./walk.js";
import type { Lowering } from "./lowering.js";
import type { ExpressionLowering } from "./expressions/explode.js";
import type { Label } from "./emit.js";

export class StatementLowering {
  constructor(
    private readonly l: Lowering,
    private readonly expressions: ExpressionLowering,
  ) {}

  explode(statement: Statement, labels: string[] = []): void {
    // Everything emitted for this statement maps back to it (source maps, explained output).
    const outerLoc = this.l.emitter.currentLoc;
    if (statement.loc) this.l.emitter.currentLoc = statement.loc;
    try {
      this.explodeHere(statement, labels);
    } finally {
      this.l.emitter.currentLoc = outerLoc;
    }
  }

  private explodeHere(statement: Statement, labels: string[]): void {
    if (!containsSuspension(statement)) {
      this.emitNative(statement);
      return;
    }
    const { t, emitter } = this.l;
    const x = this.expressions;
    switch (statement.type) {
      case "BlockStatement":
        statement.body.forEach((s) => this.explode(s));
        return;
      case "ExpressionStatement":
        x.emitIgnored(statement.expression);
        return;
      case "IfStatement": {
        const otherwise = emitter.label();
        const end = emitter.label();
        emitter.jumpIfNot(x.explode(statement.test), statement.alternate ? otherwise : end);
        this.explode(statement.consequent);
        if (statement.alternate) {
          emitter.jump(end);
          emitter.mark(otherwise);
          this.explode(statement.alternate);
        }
        emitter.jump(end);
        emitter.mark(end);
        return;
      }
      case "LabeledStatement":
        this.explodeLabeled(statement, labels);
        return;
      case "WhileStatement": {
        const head = emitter.label();
        const end = emitter.label();
        emitter.jump(head);
        emitter.mark(head, `while loop: test \`${this.l.snippet(statement.test)}\``);
        emitter.jumpIfNot(x.explode(statement.test), end);
        this.loopBody(statement.body, end, head, labels);
        emitter.jump(head);
        emitter.mark(end, "after the while loop");
        return;
      }
      case "DoWhileStatement": {
        const body = emitter.label();
        const test = emitter.label();
        const end = emitter.label();
        emitter.jump(body);
        emitter.mark(body);
        this.loopBody(statement.body, end, test, labels);
        emitter.jump(test);
        emitter.mark(test);
        emitter.jumpIf(x.explode(statement.test), body);
        emitter.jump(end);
        emitter.mark(end);
        return;
      }
      case "ForStatement": {
        const head = emitter.label();
        const update = emitter.label();
        const end = emitter.label();
        if (statement.init) {
          if (statement.init.type === "VariableDeclaration") throw this.l.error(statement.init, "stepwise: internal error: declaration not hoisted.");
          x.emitIgnored(statement.init);
        }
        emitter.jump(head);
        emitter.mark(head, statement.test ? `for loop: test \`${this.l.snippet(statement.test)}\`` : "for loop: next iteration");
        if (statement.test) emitter.jumpIfNot(x.explode(statement.test), end);
        this.loopBody(statement.body, end, update, labels);
        emitter.jump(update);
        emitter.mark(update, statement.update ? `for loop: update \`${this.l.snippet(statement.update)}\` (continue lands here)` : "for loop: end of an iteration");
        if (statement.update) x.emitIgnored(statement.update);
        emitter.jump(head);
        emitter.mark(end, "after the for loop");
        return;
      }
      case "ForInStatement": {
        // The keys are collected up front (the loop's body is spread over cases); a key deleted
        // before its turn is skipped, as a native for-in would skip it.
        const object = this.l.temp("object");
        const keys = this.l.temp("keys");
        const index = this.l.temp("index");
        const key = this.l.temp("key");
        const head = emitter.label();
        const end = emitter.label();
        emitter.emitExpression(t.assignmentExpression("=", object, t.callExpression(this.l.helper("forInObject"), [x.explode(statement.right)])));
        emitter.emitExpression(t.assignmentExpression("=", keys, t.callExpression(this.l.helper("keys"), [object])));
        emitter.emitExpression(t.assignmentExpression("=", index, t.numericLiteral(0)));
        emitter.jump(head);
        emitter.mark(head, "for-in loop: next key");
        emitter.jumpIfNot(t.binaryExpression("<", index, t.memberExpression(keys, t.identifier("length"))), end);
        emitter.emitExpression(t.assignmentExpression("=", key, t.memberExpression(keys, t.updateExpression("++", index), true)));
        emitter.jumpIfNot(t.binaryExpression("in", key, object), head);
        const left = statement.left;
        if (left.type !== "Identifier" && left.type !== "MemberExpression") {
          throw this.l.error(left, "stepwise: internal error: for-in head not lowered.");
        }
        x.emitIgnored(t.assignmentExpression("=", left, key));
        this.loopBody(statement.body, end, head, labels);
        emitter.jump(head);
        emitter.mark(end);
        return;
      }
      case "SwitchStatement":
        this.explodeSwitch(statement, labels);
        return;
      case "ReturnStatement":
        emitter.leave("finish", statement.argument ? [x.explode(statement.argument)] : []);
        return;
      case "ThrowStatement":
        emitter.emit(t.throwStatement(x.explode(statement.argument)));
        return;
      case "TryStatement":
        this.explodeTry(statement);
        return;
      default:
        throw this.l.error(statement, `stepwise: internal error: a \`yield\`/\`await\` inside a ${statement.type} was not lowered.`);
    }
  }

  private loopBody(body: Statement, breakLabel: Label, continueLabel: Label, names: string[]): void {
    this.l.leaps.with({ kind: "loop", breakLabel, continueLabel, names }, () => this.explode(body));
  }

  private explodeLabeled(statement: LabeledStatement, outer: string[]): void {
    const names = [...outer, statement.label.name];
    const body = statement.body;
    if (body.type === "LabeledStatement" || isLoop(body)) {
      // The label names the loop: `continue name` goes to the loop's next iteration.
      this.explode(body, names);
      return;
    }
    const end = this.l.emitter.label();
    this.l.leaps.with({ kind: "labeled", breakLabel: end, names }, () => this.explode(body));
    this.l.emitter.jump(end);
    this.l.emitter.mark(end);
  }

  private explodeSwitch(statement: SwitchStatement, labels: string[]): void {
    const { t, emitter } = this.l;
    const x = this.expressions;
    // Tests run in source order until one matches (the default case is taken only if none does).
    const discriminant = x.spill(statement.discriminant, "discriminant");
    const end = emitter.label();
    const caseLabels = statement.cases.map(() => emitter.label());
    let defaultLabel: Label = end;
    statement.cases.forEach((c, i) => {
      if (c.test) emitter.jumpIf(t.binaryExpression("===", discriminant, x.explode(c.test)), caseLabels[i]);
      else defaultLabel = caseLabels[i];
    });
    emitter.jump(defaultLabel);
    this.l.leaps.with({ kind: "switch", breakLabel: end }, () => {
      statement.cases.forEach((c, i) => {
        emitter.mark(caseLabels[i]);
        c.consequent.forEach((s) => this.explode(s));
      });
    });
    void labels;
    emitter.jump(end);
    emitter.mark(end);
  }

  private explodeTry(statement: TryStatement): void {
    const { t, emitter, leaps } = this.l;
    const handler = statement.handler;
    const finalizer = statement.finalizer;
    const row = {
      tryLabel: emitter.label(),
      catchLabel: handler ? emitter.label() : null,
      finallyLabel: finalizer ? emitter.label() : null,
      endLabel: emitter.label(),
    };
    const index = emitter.tries.length;
    emitter.tries.push(row);
    const hasFinally = finalizer != null;
    const after = row.finallyLabel ?? row.endLabel;

    emitter.jump(row.tryLabel);
    emitter.mark(row.tryLabel, `try block (try table row ${index})`);
    leaps.with({ kind: "try", hasFinally }, () => this.explode(statement.block));
    emitter.jump(after);

    if (handler && row.catchLabel) {
      emitter.mark(row.catchLabel, `catch block of try table row ${index}: an exception thrown in its try block lands here`);
      const param = handler.param;
      if (param) {
        if (param.type !== "Identifier") throw this.l.error(param, "stepwise: internal error: catch pattern not lowered.");
        emitter.emitExpression(t.assignmentExpression("=", t.identifier((param as Identifier).name), emitter.ctxMember("caught")));
      }
      leaps.with({ kind: "try", hasFinally }, () => this.explode(handler.body));
      emitter.jump(after);
    }

    if (finalizer && row.finallyLabel) {
      emitter.mark(row.finallyLabel, `finally block of try table row ${index}: every way out of the try and catch blocks comes here first`);
      // Leaving the finally block by a jump must also drop what it was holding: route via the runtime.
      leaps.with({ kind: "try", hasFinally: true }, () => this.explode(finalizer));
      const end = emitter.leave("endFinally", [t.numericLiteral(index)]);
      emitter.comment(end, "end of finally: carry on with what was pending (fall through, return, throw or a jump)");
    }
    emitter.mark(row.endLabel, `after the try statement (row ${index})`);
  }

  /**
   * A statement without suspensions, emitted as written, except that its `return`s finish the
   * machine and its `break`/`continue`s that target a lowered statement become jumps:
   *
   *     if (done) return x;      ->  if (done) return _ctx.finish(x);
   *     if (stop) break;         ->  if (stop) { _ctx.state = 7; continue; }   (loop was lowered)
   */
  emitNative(statement: Statement): void {
    this.l.emitter.emit(this.rewriteLeaps(statement, { loops: 0, breakables: 0, labels: [] }) as Statement);
  }

  private rewriteLeaps(node: Node, scope: NativeScope): Node {
    const { t, emitter } = this.l;
    if (isFunctionNode(node) || node.type === "ClassBody") return node;
    switch (node.type) {
      case "ReturnStatement":
        return t.returnStatement(emitter.verb("finish", node.argument ? [node.argument] : []));
      case "BreakStatement":
      case "ContinueStatement": {
        const name = node.label ? node.label.name : null;
        const isBreak = node.type === "BreakStatement";
        const native = name !== null ? scope.labels.includes(name) : isBreak ? scope.breakables > 0 : scope.loops > 0;
        if (native) return node;
        const target = this.l.leaps.find(isBreak ? "break" : "continue", name);
        if (target === null) throw this.l.error(node, "stepwise: internal error: jump target not found.");
        const jump = emitter.jumpStatements(target.label, target.crossesFinally, scope.loops > 0);
        const how = target.crossesFinally ? ", through the finally blocks on the way" : "";
        emitter.comment(jump[jump.length - 1], `${isBreak ? "break" : "continue"}${name ? " " + name : ""}${how}`);
        return t.blockStatement(jump);
      }
      default:
        break;
    }
    const inner: NativeScope = { ...scope };
    if (isLoop(node)) {
      inner.loops++;
      inner.breakables++;
    } else if (node.type === "SwitchStatement") {
      inner.breakables++;
    } else if (node.type === "LabeledStatement") {
      inner.labels = [...scope.labels, node.label.name];
    }
    replaceChildren(node, (child) => this.rewriteLeaps(child, inner));
    return node;
  }
}

interface NativeScope {
  loops: number;
  breakables: number;
  labels: string[];
}

function isLoop(node: Node): boolean {
  return (
    node.type === "WhileStatement" ||
    node.type === "DoWhileStatement" ||
    node.type === "ForStatement" ||
    node.type === "ForInStatement" ||
    node.type === "ForOfStatement"
  );
}

export type { Expression };
