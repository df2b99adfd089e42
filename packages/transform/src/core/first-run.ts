/**
 * The first run of an async function, in the function's own frame.
 *
 * An async function runs its body at once, up to its first `await`. That run is case 0 of the
 * machine, and nothing else ever enters case 0 (when nothing jumps or resumes there), so its
 * statements can stand in the lowered function itself instead of in a call of the machine:
 *
 *     function f(n) {                                  function f(n) {
 *       var _ctx = new AsyncContext(f, this, function f() {   var _ctx = new AsyncContext(f, this, function f() {
 *         for (;;) switch (_ctx.state) {                     for (;;) switch (_ctx.state) {
 *           case 0:                                            case 1: return _ctx.finish(1 + _ctx.sent);
 *             if (n === 0) return _ctx.finish(0);            }
 *             return _ctx.await(f(n - 1), 1);              });
 *           case 1: return _ctx.finish(1 + _ctx.sent);     try {
 *         }                                                _first: {
 *       });                                                  if (n === 0) { _ctx.returned = _ctx.finish(0); break _first; }
 *       try { _ctx.returned = (0, _ctx.body)(); }            _ctx.returned = _ctx.await(f(n - 1), 1);
 *       catch (_error) { _ctx.thrown = _error; }           }
 *       return _ctx.drive();                             } catch (_error) { _ctx.thrown = _error; }
 *     }                                                  return _ctx.drive();
 *                                                      }
 *
 * Why: in `await f(n - 1)` recursion every level used to hold two frames, the function's and its
 * machine's, which called the next level; now the function calls it, and a level costs one frame
 * (async recursion then goes about 60% deeper at Node's default stack size, near native's depth).
 *
 * What changes in the moved statements: a `return <verb>` stores what the machine's verb answered,
 * as the call of the machine did (`_ctx.returned = ...`), and leaves the block; a jump (`_ctx.state
 * = N; continue;`) and falling off the end run the machine from the new state, as the dispatch
 * loop would have. `_ctx.state` is 0 during the run, as it was in case 0, so an exception is routed
 * from the same place. Not moved (the machine keeps case 0): a function whose case 0 is a jump or
 * resume target (a loop at its very start), or whose case 0 jumps from inside a native `try` (the
 * machine would then run before that `try`'s `finally`).
 */
import type * as BabelTypes from "@babel/types";
import type { Statement, Expression, FunctionExpression, SwitchStatement, Node, Identifier, LabeledStatement, TryStatement } from "@babel/types";
import { someNode } from "./walk.js";
import { canFallThrough, RESUME_ARGUMENT } from "./build-machine.js";

/** Verbs whose argument `index` is a case number to resume or jump to. */
const CASE_ARGUMENT: ReadonlyMap<string, number> = new Map([...RESUME_ARGUMENT, ["jump", 0]]);

/** The dispatch loop's switch and the loop's label (when it has one), or null if the machine is not of that shape. */
function dispatchOf(machine: FunctionExpression): { switch: SwitchStatement; label: string | null } | null {
  let loop: Statement | undefined = machine.body.body[0];
  let label: string | null = null;
  if (loop && loop.type === "LabeledStatement") {
    label = loop.label.name;
    loop = loop.body;
  }
  if (!loop || loop.type !== "ForStatement" || loop.body.type !== "SwitchStatement" || machine.body.body.length !== 1) return null;
  return { switch: loop.body, label };
}

/** `<ctx>.<name>` (any name when none is given), as the plugin writes the machine's fields. */
export function isCtxMember(node: Node | null | undefined, ctx: string, name?: string): node is BabelTypes.MemberExpression {
  return (
    !!node &&
    node.type === "MemberExpression" &&
    !node.computed &&
    node.object.type === "Identifier" &&
    node.object.name === ctx &&
    node.property.type === "Identifier" &&
    (name === undefined || node.property.name === name)
  );
}

function isZero(node: Node | undefined): boolean {
  return !!node && node.type === "NumericLiteral" && node.value === 0;
}

/** Whether anything in the machine jumps or resumes to case 0. */
function entryIsTarget(machine: FunctionExpression, ctx: string): boolean {
  return someNode(machine.body, (node) => {
    if (node.type === "AssignmentExpression") return isCtxMember(node.left, ctx, "state") && isZero(node.right);
    if (node.type !== "CallExpression" || !isCtxMember(node.callee, ctx)) return false;
    const index = CASE_ARGUMENT.get((node.callee.property as Identifier).name);
    return index !== undefined && isZero(node.arguments[index] as Node | undefined);
  });
}

/** How the moved statements leave: by `break <label>`, after storing what the machine answers. */
interface Exits {
  t: typeof BabelTypes;
  ctx: string;
  /** The dispatch loop's label: `continue <it>` is a jump. */
  dispatch: string | null;
  /** The label of the block the statements are moved into. */
  block: string;
}

/** `_ctx.returned = value; break _first;` */
function leave(exits: Exits, value: Expression): Statement {
  const t = exits.t;
  return t.blockStatement([
    t.expressionStatement(t.assignmentExpression("=", t.memberExpression(t.identifier(exits.ctx), t.identifier("returned")), value)),
    t.breakStatement(t.identifier(exits.block)),
  ]);
}

/** `(0, _ctx.body)()`: the machine, from the state just set, as the dispatch loop would go on. */
function runMachine(t: typeof BabelTypes, ctx: string): Expression {
  return t.callExpression(t.sequenceExpression([t.numericLiteral(0), t.memberExpression(t.identifier(ctx), t.identifier("body"))]), []);
}

/**
 * Rewrites the statements of case 0 for the function's frame, in place where it can; null when one
 * of them cannot move (see the header). `loops`/`switches`: how many native loops and switches
 * around the statement (their `break`/`continue` are theirs); `inTry`: inside a native `try`.
 */
function moveStatement(statement: Statement, exits: Exits, loops: number, switches: number, inTry: boolean): Statement | null {
  const t = exits.t;
  const all = (list: Statement[], l = loops, s = switches, tr = inTry): Statement[] | null => {
    const out: Statement[] = [];
    for (const item of list) {
      const moved = moveStatement(item, exits, l, s, tr);
      if (moved === null) return null;
      // In a list, an exit's two statements stand in it directly.
      if (moved !== item && moved.type === "BlockStatement") out.push(...moved.body);
      else out.push(moved);
    }
    return out;
  };
  const one = (item: Statement, l = loops, s = switches, tr = inTry): Statement | null => moveStatement(item, exits, l, s, tr);
  switch (statement.type) {
    case "ReturnStatement":
      return statement.argument ? t.inherits(leave(exits, statement.argument), statement) : null;
    case "ContinueStatement": {
      const isJump = statement.label ? statement.label.name === exits.dispatch : loops === 0;
      if (!isJump) return statement;
      return inTry ? null : t.inherits(leave(exits, runMachine(t, exits.ctx)), statement);
    }
    case "BreakStatement":
      if (statement.label ? statement.label.name === exits.dispatch : loops === 0 && switches === 0) return null;
      return statement;
    case "BlockStatement": {
      const body = all(statement.body);
      if (body === null) return null;
      statement.body = body;
      return statement;
    }
    case "IfStatement": {
      const consequent = one(statement.consequent);
      const alternate = statement.alternate ? one(statement.alternate) : undefined;
      if (consequent === null || alternate === null) return null;
      statement.consequent = consequent;
      if (alternate !== undefined) statement.alternate = alternate;
      return statement;
    }
    case "LabeledStatement": {
      const body = one(statement.body);
      if (body === null) return null;
      statement.body = body;
      return statement;
    }
    case "ForOfStatement": {
      // Leaving it closes its iterator, which must happen before the machine goes on: as a `try`.
      const body = one(statement.body, loops + 1, switches, true);
      if (body === null) return null;
      statement.body = body;
      return statement;
    }
    case "ForStatement":
    case "ForInStatement":
    case "WhileStatement":
    case "DoWhileStatement": {
      const body = one(statement.body, loops + 1);
      if (body === null) return null;
      statement.body = body;
      return statement;
    }
    case "SwitchStatement":
      for (const c of statement.cases) {
        const body = all(c.consequent, loops, switches + 1);
        if (body === null) return null;
        c.consequent = body;
      }
      return statement;
    case "TryStatement": {
      const block = one(statement.block, loops, switches, true);
      const handler = statement.handler ? one(statement.handler.body, loops, switches, true) : undefined;
      const finalizer = statement.finalizer ? one(statement.finalizer, loops, switches, true) : undefined;
      if (block === null || handler === null || finalizer === null) return null;
      return statement; // its blocks were rewritten in place
    }
    case "WithStatement":
      return null;
    case "VariableDeclaration":
      // A `let`/`const` directly in the case belongs to the whole switch.
      return statement.kind === "var" ? statement : null;
    case "ClassDeclaration":
    case "FunctionDeclaration":
      return null;
    default:
      return statement;
  }
}

/**
 * Takes case 0 out of an async function's `machine` and returns the statements that run it in the
 * function's frame (what goes in the `try` where `_ctx.returned = (0, _ctx.body)()` stood), or
 * null, leaving the machine as it was, when case 0 must stay (see the header). `label` makes the
 * block's label, a name nothing in the function uses.
 */
export function moveFirstRun(t: typeof BabelTypes, machine: FunctionExpression, ctx: string, label: () => string): Statement[] | null {
  const dispatch = dispatchOf(machine);
  if (dispatch === null) return null;
  const cases = dispatch.switch.cases;
  const first = cases[0];
  if (!first || !isZero(first.test ?? undefined) || entryIsTarget(machine, ctx)) return null;
  // Read off the case as build-machine.ts built it: the move turns its exits into stores and breaks.
  const fallsThrough = canFallThrough(first.consequent);
  const exits: Exits = { t, ctx, dispatch: dispatch.label, block: "_trial" };
  // A trial on a copy first: the move rewrites in place, and must not stop halfway. The statements
  // themselves are moved, not copies: other passes know their nodes (method-identity.ts wraps the
  // literals and classes it recorded after the whole file is lowered).
  if (moveStatement(t.cloneNode(t.blockStatement(first.consequent), true), exits, 0, 0, false) === null) return null;
  exits.block = label();
  const moved = moveStatement(t.blockStatement(first.consequent), exits, 0, 0, false);
  if (moved === null || moved.type !== "BlockStatement") return null;
  const statements = moved.body;
  if (fallsThrough) {
    // Case 0 ran into the next case: the machine goes on from there.
    const next = cases[1];
    if (!next || !next.test) return null;
    const last = statements[statements.length - 1];
    const setsNext =
      last !== undefined &&
      last.type === "ExpressionStatement" &&
      last.expression.type === "AssignmentExpression" &&
      isCtxMember(last.expression.left, ctx, "state") &&
      t.isNodesEquivalent(last.expression.right, next.test);
    if (!setsNext) statements.push(t.expressionStatement(t.assignmentExpression("=", t.memberExpression(t.identifier(ctx), t.identifier("state")), t.cloneNode(next.test))));
    statements.push(t.expressionStatement(t.assignmentExpression("=", t.memberExpression(t.identifier(ctx), t.identifier("returned")), runMachine(t, ctx))));
  }
  cases.shift();
  if (cases.length === 0) machine.body.body = [];
  // The block's own end needs no `break`; nor a block no `break` leaves.
  const last = statements[statements.length - 1];
  if (last && last.type === "BreakStatement" && last.label && last.label.name === exits.block) statements.pop();
  const out = someNode(t.blockStatement(statements), (node) => node.type === "BreakStatement" && !!node.label && node.label.name === exits.block)
    ? [t.labeledStatement(t.identifier(exits.block), t.blockStatement(statements)) as LabeledStatement]
    : statements;
  // Explained output: case 0's note ("line 2: start") goes with it.
  if (out.length > 0 && first.leadingComments && first.leadingComments.length > 0) {
    for (const comment of first.leadingComments) t.addComment(out[0], "leading", ` ${comment.value.trim()}; runs in the call itself, up to the first await`, true);
  }
  return out;
}

/**
 * For views that read the machine off the output (views/graph.ts, the playground's case map): the
 * `try` after `var _ctx = new X.AsyncContext(...)` that holds a first run moved out of the machine,
 * or null (none, or the plain call of the machine). `ancestors` end at the `new`'s parent, the
 * declarator — or `_stepwise.traceMachine(...)` around the `new` in traced output.
 */
export function firstRunTryOf(ancestors: Node[], ctx: string): TryStatement | null {
  let at = ancestors.length - 1;
  const wrapper = ancestors[at];
  if (wrapper && wrapper.type === "CallExpression" && wrapper.callee.type === "MemberExpression" && wrapper.callee.property.type === "Identifier" && wrapper.callee.property.name === "traceMachine") at--;
  const declaration = ancestors[at - 1];
  const block = ancestors[at - 2];
  if (!declaration || declaration.type !== "VariableDeclaration" || !block || block.type !== "BlockStatement") return null;
  const after = block.body.slice(block.body.indexOf(declaration) + 1);
  const start = after.find((s): s is TryStatement => s.type === "TryStatement" && !!s.handler && s.handler.body.body.some((c) => isStore(c, ctx, "thrown")));
  if (!start || (start.block.body.length === 1 && isStoreOfMachineRun(start.block.body[0], ctx))) return null;
  return start;
}

/**
 * The inverse, for views that read the machine off the output (views/graph.ts): the statements of
 * a first run moved out by `moveFirstRun`, as the case 0 they were. Null for a `try` block that is
 * the plain call of the machine.
 */
export function firstRunAsCase(statements: Statement[], ctx: string): Statement[] | null {
  // Plain nodes: a view reads the output without Babel's builders.
  const continueStatement = (): Statement => ({ type: "ContinueStatement", label: null }) as Statement;
  const returnStatement = (argument: Expression): Statement => ({ type: "ReturnStatement", argument }) as Statement;
  if (statements.length === 1 && isStoreOfMachineRun(statements[0], ctx)) return null;
  let body = statements;
  let label: string | null = null;
  if (body.length === 1 && body[0].type === "LabeledStatement" && body[0].body.type === "BlockStatement") {
    label = body[0].label.name;
    body = body[0].body.body;
  }
  const list = (statements: Statement[]): Statement[] => {
    const out: Statement[] = [];
    for (let i = 0; i < statements.length; i++) {
      const store = statements[i];
      const exit = statements[i + 1];
      if (isStore(store, ctx) && exit && exit.type === "BreakStatement" && exit.label && exit.label.name === label) {
        const value = store.expression.right;
        out.push(isMachineRun(value, ctx) ? continueStatement() : returnStatement(value));
        i++;
      } else {
        out.push(back(statements[i]));
      }
    }
    return out;
  };
  const back = (statement: Statement): Statement => {
    switch (statement.type) {
      case "BlockStatement":
        return { ...statement, body: list(statement.body) };
      case "IfStatement":
        return { ...statement, consequent: back(statement.consequent), alternate: statement.alternate ? back(statement.alternate) : statement.alternate };
      case "LabeledStatement":
      case "ForStatement":
      case "ForInStatement":
      case "ForOfStatement":
      case "WhileStatement":
      case "DoWhileStatement":
        return { ...statement, body: back(statement.body) } as Statement;
      case "SwitchStatement":
        return { ...statement, cases: statement.cases.map((c) => ({ ...c, consequent: list(c.consequent) })) };
      case "TryStatement":
        return {
          ...statement,
          block: back(statement.block) as BabelTypes.BlockStatement,
          handler: statement.handler ? { ...statement.handler, body: back(statement.handler.body) as BabelTypes.BlockStatement } : statement.handler,
          finalizer: statement.finalizer ? (back(statement.finalizer) as BabelTypes.BlockStatement) : statement.finalizer,
        };
      default:
        return statement;
    }
  };
  const out = list(body);
  // The last statement's `break` was left out: a store there leaves too.
  const last = out[out.length - 1];
  if (last && isStore(last, ctx)) {
    const value = last.expression.right;
    out[out.length - 1] = isMachineRun(value, ctx) ? continueStatement() : returnStatement(value);
  }
  return out;
}

/** `_ctx.<field> = ...;` (by default `_ctx.returned`, where a first run stores what it left with). */
function isStore(statement: Statement | undefined, ctx: string, field = "returned"): statement is BabelTypes.ExpressionStatement & { expression: BabelTypes.AssignmentExpression } {
  return !!statement && statement.type === "ExpressionStatement" && statement.expression.type === "AssignmentExpression" && isCtxMember(statement.expression.left, ctx, field);
}

function isMachineRun(node: Expression, ctx: string): boolean {
  return node.type === "CallExpression" && node.arguments.length === 0 && node.callee.type === "SequenceExpression" && isCtxMember(node.callee.expressions[1], ctx, "body");
}

function isStoreOfMachineRun(statement: Statement, ctx: string): boolean {
  return isStore(statement, ctx) && isMachineRun(statement.expression.right, ctx);
}
