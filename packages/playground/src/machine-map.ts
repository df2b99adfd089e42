/**
 * The case map: for every machine in the output, where each `case` stands in the output text
 * and which source ranges it runs — what lets the page highlight "case 2 of countdown" in the
 * output and the source it came from.
 *
 * Machines are found the way the diagram (views/graph.ts) finds them, in the same order (a walk
 * of the tree, parents first): the dispatch loop `for (;;) switch (_ctx.state) { case 0: ... }`,
 * or an async function's `new X.AsyncContext(f, this, function () {...})`, whose case 0 usually
 * stands in the function itself, in the `try` after it (the plugin's core/first-run.ts), and whose
 * machine may hold no other case.
 *
 *     output positions   the displayed code parsed again: each SwitchCase's [start, end)
 *     source ranges      the display compile's own AST (Babel keeps the input's locations on the
 *                        nodes the plugin moved): the outermost source expressions of a case's
 *                        statements, without the machinery (`_ctx.state = 3; continue;`)
 *     trace numbers      the run compile's AST: the machine in the same position sits inside
 *                        `_stepwise.traceMachine(..., name, index)`, and the trace reports index
 */
import { parse } from "@babel/parser";
import { firstRunTryOf } from "@stepwise/babel-plugin/browser";
import type { File, Node, Statement, SwitchCase, ForStatement } from "@babel/types";

export interface Range {
  from: number;
  to: number;
}

export interface CaseInfo {
  n: number;
  /** The whole `case n: ...` in the output text. */
  output: Range;
  /** The source it runs (may be empty: a case of machinery only). */
  source: Range[];
}

export interface MachineInfo {
  /** Position among the file's machines (the diagram's m0, m1, ...). */
  index: number;
  /** The name of `_ctx` in this machine. */
  ctx: string;
  cases: Map<number, CaseInfo>;
}

const SKIP = new Set(["loc", "start", "end", "extra", "leadingComments", "trailingComments", "innerComments", "range"]);
const FUNCTIONS = new Set(["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression", "ObjectMethod", "ClassMethod", "ClassPrivateMethod"]);

function children(node: Node): Node[] {
  const out: Node[] = [];
  for (const key of Object.keys(node)) {
    if (SKIP.has(key)) continue;
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const child of value) if (child && typeof child === "object" && typeof (child as Node).type === "string") out.push(child as Node);
    } else if (value && typeof value === "object" && typeof (value as Node).type === "string") {
      out.push(value as Node);
    }
  }
  return out;
}

function walk(node: Node, ancestors: Node[], visit: (node: Node, ancestors: Node[]) => void): void {
  visit(node, ancestors);
  ancestors.push(node);
  for (const child of children(node)) walk(child, ancestors, visit);
  ancestors.pop();
}

/** `for (;;) switch (X.state) { case <number>: ... }`: the switch and X's name, or null. */
function dispatchOf(node: Node): { cases: SwitchCase[]; ctx: string } | null {
  if (node.type !== "ForStatement") return null;
  const loop = node as ForStatement;
  if (loop.init || loop.test || loop.update || loop.body.type !== "SwitchStatement") return null;
  const d = loop.body.discriminant;
  if (d.type !== "MemberExpression" || d.computed || d.object.type !== "Identifier" || d.property.type !== "Identifier" || d.property.name !== "state") return null;
  if (!loop.body.cases.every((c) => c.test && c.test.type === "NumericLiteral")) return null;
  return { cases: loop.body.cases, ctx: d.object.name };
}

/** One case of a machine: its number, the node that holds it in the text, and its statements. */
interface FoundCase {
  n: number;
  node: Node;
  statements: Statement[];
}

interface FoundMachine {
  cases: FoundCase[];
  ctx: string;
  ancestors: Node[];
}

function machines(ast: Node): FoundMachine[] {
  const found: FoundMachine[] = [];
  const inAsync = new Set<Node>();
  walk(ast, [], (node, ancestors) => {
    const async = asyncMachineOf(node, ancestors);
    if (async) {
      if (async.loop) inAsync.add(async.loop);
      found.push({ cases: async.cases, ctx: async.ctx, ancestors: ancestors.slice() });
      return;
    }
    if (inAsync.has(node)) return;
    const dispatch = dispatchOf(node);
    if (dispatch) found.push({ cases: dispatch.cases.map(switchCase), ctx: dispatch.ctx, ancestors: ancestors.slice() });
  });
  return found;
}

function switchCase(c: SwitchCase): FoundCase {
  return { n: c.test && c.test.type === "NumericLiteral" ? c.test.value : -1, node: c, statements: c.consequent };
}

/**
 * `var _ctx = new X.AsyncContext(f, this, function () { for (;;) switch ... }, tries?)`: its
 * cases, with case 0 from the `try` after the declaration when the first run stands there.
 */
function asyncMachineOf(node: Node, ancestors: Node[]): { cases: FoundCase[]; ctx: string; loop: Node | null } | null {
  if (node.type !== "NewExpression" || node.callee.type !== "MemberExpression" || node.callee.property.type !== "Identifier" || node.callee.property.name !== "AsyncContext") return null;
  const body = node.arguments[2];
  // The run compile (`trace: true`) wraps the machine: `_stepwise.traceMachine(new ..., name, index)`.
  const wrapped = ancestors[ancestors.length - 1];
  const traced = !!wrapped && wrapped.type === "CallExpression" && wrapped.callee.type === "MemberExpression" && wrapped.callee.property.type === "Identifier" && wrapped.callee.property.name === "traceMachine";
  const declarator = traced ? ancestors[ancestors.length - 2] : wrapped;
  if (!body || body.type !== "FunctionExpression" || !declarator || declarator.type !== "VariableDeclarator" || declarator.id.type !== "Identifier") return null;
  const ctx = declarator.id.name;
  let loop: Statement | undefined = body.body.body[0];
  if (loop && loop.type === "LabeledStatement") loop = loop.body;
  const dispatch = loop ? dispatchOf(loop) : null;
  if (loop && !dispatch) return null;
  const cases = dispatch ? dispatch.cases.map(switchCase) : [];
  const first = cases.some((c) => c.n === 0) ? null : firstRunTryOf(ancestors, ctx);
  if (first !== null) cases.unshift({ n: 0, node: first.block, statements: first.block.body });
  return { cases, ctx, loop: dispatch ? loop! : null };
}

/** Is `node` `<ctx>.<name>`? */
function isCtxMember(node: Node | null | undefined, ctx: string, name?: string): boolean {
  return (
    !!node &&
    node.type === "MemberExpression" &&
    node.object.type === "Identifier" &&
    node.object.name === ctx &&
    node.property.type === "Identifier" &&
    (name === undefined || node.property.name === name)
  );
}

/** Statements that only move the machine: `_ctx.state = N`, `continue`, `return _ctx.endFinally(i)`, `_ctx.jump(N)`, a bare `return _ctx.finish()`. */
function isMachinery(statement: Statement, ctx: string): boolean {
  if (statement.type === "ContinueStatement" || statement.type === "BreakStatement") return true;
  const e = statement.type === "ExpressionStatement" ? statement.expression : statement.type === "ReturnStatement" ? statement.argument : null;
  if (!e) return statement.type === "ReturnStatement";
  if (e.type === "AssignmentExpression" && isCtxMember(e.left, ctx, "state")) return true;
  if (e.type !== "CallExpression" || !isCtxMember(e.callee, ctx)) return false;
  const verb = e.callee.type === "MemberExpression" && e.callee.property.type === "Identifier" ? e.callee.property.name : "";
  return verb === "endFinally" || verb === "jump" || (verb === "finish" && e.arguments.length === 0);
}

/** The outermost nodes with a source location in `statements` (functions whole), as ranges. */
function sourceRanges(statements: Statement[], ctx: string, source: string): Range[] {
  const ranges: Range[] = [];
  const visit = (node: Node) => {
    const located = node.loc != null && node.start != null && node.end != null && node.end <= source.length;
    if (FUNCTIONS.has(node.type) || (located && !node.type.endsWith("Statement") && node.type !== "SwitchCase" && node.type !== "CatchClause" && node.type !== "VariableDeclaration")) {
      if (located) ranges.push({ from: node.start!, to: node.end! });
      return;
    }
    for (const child of children(node)) visit(child);
  };
  const add = (list: Statement[]) => {
    for (const statement of list) {
      if (statement.type === "BlockStatement") add(statement.body);
      else if (!isMachinery(statement, ctx)) visit(statement);
    }
  };
  add(statements);
  ranges.sort((a, b) => a.from - b.from || b.to - a.to);
  // Join pieces of one expression (`n` and `from` of `n = from`): only operators, punctuation
  // and spaces between them.
  const merged: Range[] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range.from <= last.to) last.to = Math.max(last.to, range.to);
    else if (last && /^[\s=+\-*/%<>!&|?:,.;()[\]{}]*$/.test(source.slice(last.to, range.from)) && !source.slice(last.to, range.from).includes("\n")) last.to = Math.max(last.to, range.to);
    else merged.push({ ...range });
  }
  return merged;
}

/** The machines of the displayed output: each case's place in `code` and the source it runs. */
export function mapMachines(code: string, ast: File, source: string): MachineInfo[] {
  const reparsed = parse(code, { sourceType: "script", allowReturnOutsideFunction: true, errorRecovery: true });
  const inOutput = machines(reparsed);
  const inAst = machines(ast);
  if (inOutput.length !== inAst.length) throw new Error(`case map: ${inOutput.length} machines in the output, ${inAst.length} in its tree`);
  return inOutput.map((machine, index) => {
    const cases = new Map<number, CaseInfo>();
    const astCases = new Map(inAst[index].cases.map((c) => [c.n, c]));
    for (const c of machine.cases) {
      const astCase = astCases.get(c.n);
      cases.set(c.n, {
        n: c.n,
        output: { from: c.node.start!, to: c.node.end! },
        source: astCase ? sourceRanges(astCase.statements, inAst[index].ctx, source) : [],
      });
    }
    return { index, ctx: machine.ctx, cases };
  });
}

/**
 * The trace number of each machine of the run compile, by position: `_stepwise.traceMachine(m,
 * name, index)` around the machine at position k gives index. Returns, per trace number, k.
 */
export function traceNumbers(runAst: File): Map<number, number> {
  const positions = new Map<number, number>();
  machines(runAst).forEach((machine, k) => {
    for (let i = machine.ancestors.length - 1; i >= 0; i--) {
      const node = machine.ancestors[i];
      if (node.type !== "CallExpression" || node.callee.type !== "MemberExpression" || node.callee.property.type !== "Identifier") continue;
      if (node.callee.property.name !== "traceMachine") continue;
      const index = node.arguments[2];
      if (index && index.type === "NumericLiteral") positions.set(index.value, k);
      return;
    }
  });
  return positions;
}
