/**
 * `for-of`, lowered to the iterator protocol with the iterator closed on early exit.
 *
 * ES5 has no `for-of`, and a loop left by `break`, `return` or an exception must call the
 * iterator's `return()` (IteratorClose), so that, for example, a generator being looped over runs
 * its `finally` blocks. The loop becomes an ordinary `for (;;)` inside a `try`:
 *
 *     for (const x of list) body
 *       becomes
 *     _iterator = _stepwise.values(list);
 *     _next = _iterator.next;                    // read once, as the spec's iterator record
 *     try {
 *       for (;;) {
 *         _done = true;                          // next() or .value throwing: do not close
 *         _step = _stepwise.step(_iterator, _next);
 *         if (_step.done) break;                 // exhausted: do not close
 *         x = _step.value;
 *         _done = false;                         // from here on, leaving the loop closes it
 *         body
 *       }
 *     } catch (_error) {
 *       if (!_done) { _done = true; _stepwise.closeQuietly(_iterator); }   // the throw wins
 *       throw _error;
 *     } finally {
 *       if (!_done) _stepwise.close(_iterator);  // break / return / labeled jump out
 *     }
 *
 * The result is plain statements: if the body suspends, the statement lowering turns the `try`
 * into a try table row like any other; if not, it stays native ES5. A loop in which nothing
 * suspends stays a native `for-of` where the targets have one.
 */
import type * as BabelTypes from "@babel/types";
import type { Statement, ForOfStatement, Identifier, Expression, Node, LVal } from "@babel/types";
import { mapNodes, someNode } from "./walk.js";
import { containsSuspension } from "./contains.js";
import type { TargetSyntax } from "./target-syntax.js";
import { beforeHeadBinding } from "./loop-scopes.js";
import { iterationText } from "./iteration-text.js";

export interface ForOfContext {
  t: typeof BabelTypes;
  temp(hint: string): Identifier;
  helper(name: string): Expression;
  error(node: Node, message: string): Error;
  /** What the targets have (target-syntax.ts); without it, every for-of is lowered. */
  syntax?: TargetSyntax;
}

/**
 * The `await _next.call(_iterator)` of each `for await` step, made below: the expression lowering
 * writes it as one verb, `return _ctx.awaitNext(_iterator, _next, 3)` (expressions/suspensions.ts),
 * with which the runtime hands the request to its own async generators without a promise of it.
 */
const forAwaitSteps = new WeakSet<Node>();

/** Is `node` the await of a `for await` step (`await _next.call(_iterator)`)? */
export function isForAwaitStep(node: Node): boolean {
  return forAwaitSteps.has(node);
}

export function desugarForOf(c: ForOfContext, loop: ForOfStatement, labels: Identifier[]): Statement {
  const t = c.t;
  if (loop.await) return desugarForAwait(c, loop, labels);
  const iterator = c.temp("iterator");
  const next = c.temp("next");
  const step = c.temp("step");
  const done = c.temp("done");
  const error = c.temp("error");
  const id = (node: Identifier) => t.identifier(node.name);
  const assign = (target: LVal, value: Expression) => t.expressionStatement(t.assignmentExpression("=", target, value));

  const left = loop.left;
  if (left.type === "VariableDeclaration") throw c.error(left, "stepwise: internal error: for-of head not hoisted.");
  const value = t.memberExpression(id(step), t.identifier("value"));
  const prologue = beforeHeadBinding.get(loop);
  // Reading .value may throw without closing; assigning to the target is part of the body.
  const head: Statement[] =
    left.type === "Identifier"
      ? [assign(left, value), assign(id(done), t.booleanLiteral(false))]
      : (() => {
          const item = c.temp("value");
          const bind = assign(left as LVal, id(item));
          return [assign(id(item), value), assign(id(done), t.booleanLiteral(false)), ...(prologue ? [prologue] : []), bind];
        })();

  let inner: Statement = t.forStatement(
    null,
    null,
    null,
    t.blockStatement([
      assign(id(done), t.booleanLiteral(true)),
      assign(id(step), t.callExpression(c.helper("step"), [id(iterator), id(next)])),
      t.ifStatement(t.memberExpression(id(step), t.identifier("done")), t.breakStatement()),
      ...head,
      loop.body,
    ]),
  );
  for (let i = labels.length - 1; i >= 0; i--) inner = t.labeledStatement(labels[i], inner);

  const handler = t.catchClause(
    id(error),
    t.blockStatement([
      t.ifStatement(
        t.unaryExpression("!", id(done)),
        t.blockStatement([
          assign(id(done), t.booleanLiteral(true)),
          t.expressionStatement(t.callExpression(c.helper("closeQuietly"), [id(iterator)])),
        ]),
      ),
      t.throwStatement(id(error)),
    ]),
  );
  const finalizer = t.blockStatement([
    t.ifStatement(t.unaryExpression("!", id(done)), t.expressionStatement(t.callExpression(c.helper("close"), [id(iterator)]))),
  ]);
  return t.blockStatement([
    assign(id(iterator), t.callExpression(c.helper("values"), [loop.right, ...texts(c, loop)])),
    assign(id(next), t.memberExpression(id(iterator), t.identifier("next"))),
    t.tryStatement(t.blockStatement([inner]), handler, finalizer),
  ]);
}

/**
 * `for await`: the same loop over an async iterator (`_stepwise.asyncValues`: the source's
 * Symbol.asyncIterator, or its sync iterator with each value awaited). Each `next()` result is
 * awaited, and closing awaits the iterator's `return()` (AsyncIteratorClose):
 *
 *     _step = _stepwise.asyncStep(await _next.call(_iterator));
 *     ...
 *     } catch (_error) {
 *       if (!_done) { _done = true; try { if ((_return = _iterator["return"]) != null) await _return.call(_iterator); } catch (_ignored) {} }
 *       throw _error;
 *     } finally {
 *       if (!_done && (_return = _stepwise.getMethod(_iterator, "return"))) _stepwise.asyncStep(await _return.call(_iterator));
 *     }
 */
function desugarForAwait(c: ForOfContext, loop: ForOfStatement, labels: Identifier[]): Statement {
  const t = c.t;
  const iterator = c.temp("iterator");
  const next = c.temp("next");
  const close = c.temp("return");
  const step = c.temp("step");
  const done = c.temp("done");
  const error = c.temp("error");
  const ignored = c.temp("ignored");
  const id = (node: Identifier) => t.identifier(node.name);
  const assign = (target: LVal, value: Expression) => t.expressionStatement(t.assignmentExpression("=", target, value));
  // GetMethod(iterator, "return") reads it once; then it is called with the iterator as `this`.
  const hasReturn = () =>
    t.binaryExpression("!=", t.assignmentExpression("=", id(close), t.memberExpression(id(iterator), t.stringLiteral("return"), true)), t.nullLiteral());
  const callReturn = () => t.awaitExpression(t.callExpression(t.memberExpression(id(close), t.identifier("call")), [id(iterator)]));

  const left = loop.left;
  if (left.type === "VariableDeclaration") throw c.error(left, "stepwise: internal error: for-await head not hoisted.");
  const value = t.memberExpression(id(step), t.identifier("value"));
  const prologue = beforeHeadBinding.get(loop);
  const item = c.temp("value");
  const head: Statement[] =
    left.type === "Identifier"
      ? [assign(left, value), assign(id(done), t.booleanLiteral(false))]
      : [assign(id(item), value), assign(id(done), t.booleanLiteral(false)), ...(prologue ? [prologue] : []), assign(left as LVal, id(item))];

  const awaitStep = t.awaitExpression(t.callExpression(t.memberExpression(id(next), t.identifier("call")), [id(iterator)]));
  forAwaitSteps.add(awaitStep);
  let inner: Statement = t.forStatement(
    null,
    null,
    null,
    t.blockStatement([
      assign(id(done), t.booleanLiteral(true)),
      assign(id(step), t.callExpression(c.helper("asyncStep"), [awaitStep])),
      t.ifStatement(t.memberExpression(id(step), t.identifier("done")), t.breakStatement()),
      ...head,
      loop.body,
    ]),
  );
  for (let i = labels.length - 1; i >= 0; i--) inner = t.labeledStatement(labels[i], inner);

  const handler = t.catchClause(
    id(error),
    t.blockStatement([
      t.ifStatement(
        t.unaryExpression("!", id(done)),
        t.blockStatement([
          assign(id(done), t.booleanLiteral(true)),
          t.tryStatement(
            t.blockStatement([t.ifStatement(hasReturn(), t.expressionStatement(callReturn()))]),
            t.catchClause(id(ignored), t.blockStatement([])),
          ),
        ]),
      ),
      t.throwStatement(id(error)),
    ]),
  );
  // AsyncIteratorClose's GetMethod: a `return` that is neither callable nor nullish is a TypeError
  // (worded by the runtime as the engine words it); in the handler above, the error already thrown
  // wins over it anyway.
  const getReturn = t.assignmentExpression("=", id(close), t.callExpression(c.helper("getMethod"), [id(iterator), t.stringLiteral("return")]));
  const finalizer = t.blockStatement([
    t.ifStatement(
      t.logicalExpression("&&", t.unaryExpression("!", id(done)), getReturn),
      t.expressionStatement(t.callExpression(c.helper("asyncStep"), [callReturn()])),
    ),
  ]);
  return t.blockStatement([
    assign(id(iterator), t.callExpression(c.helper("asyncValues"), [loop.right, ...texts(c, loop)])),
    assign(id(next), t.memberExpression(id(iterator), t.identifier("next"))),
    t.tryStatement(t.blockStatement([inner]), handler, finalizer),
  ]);
}

/** The source's text for the iterable, where the engine names it in its TypeError (iteration-text.ts). */
function texts(c: ForOfContext, loop: ForOfStatement): Expression[] {
  return iterationText(loop).map((text) => c.t.stringLiteral(text));
}

/** Replaces every (labeled) `for-of` under `root`, outside nested functions. */
/**
 * Can this loop stay a native `for-of`? Where the targets have it, and nothing in it suspends (a
 * case cannot start inside a native loop), and its head needs no statement of ours before each
 * binding (a pattern the targets cannot destructure, or a fresh per-iteration scope object).
 */
function staysNative(c: ForOfContext, loop: ForOfStatement): boolean {
  const syntax = c.syntax;
  if (syntax === undefined || !syntax.forOf || loop.await || containsSuspension(loop) || beforeHeadBinding.has(loop)) return false;
  const left = loop.left;
  if (left.type === "Identifier" || left.type === "MemberExpression") return true;
  const objectRest = someNode(left, (n) => n.type === "ObjectPattern" && n.properties.some((p) => p.type === "RestElement"));
  return syntax.destructuring && (syntax.objectRest || !objectRest);
}

export function lowerForOf<T extends Node>(c: ForOfContext, root: T): T {
  // Labels on a for-of move to the inner `for (;;)`, so `continue label` still works.
  const labelsOf = new WeakMap<Node, Identifier[]>();
  const wrappers = new WeakSet<Node>();
  mapNodes(root, (node) => {
    if (node.type !== "LabeledStatement") return;
    let body: Node = node;
    const chain: BabelTypes.LabeledStatement[] = [];
    while (body.type === "LabeledStatement") {
      chain.push(body);
      body = body.body;
    }
    if (body.type !== "ForOfStatement" || wrappers.has(node) || staysNative(c, body)) return;
    chain.forEach((label) => wrappers.add(label));
    labelsOf.set(body, chain.map((label) => label.label));
  });
  return mapNodes(root, (node) => {
    if (node.type === "ForOfStatement" && !staysNative(c, node)) return desugarForOf(c, node, labelsOf.get(node) ?? []);
    if (node.type === "LabeledStatement" && wrappers.has(node)) return node.body;
    return undefined;
  }) as T;
}
