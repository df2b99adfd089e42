/**
 * The case map: for every machine in the output, where each `case` stands in the output text
 * and which source ranges it runs — what lets the page highlight "case 2 of countdown" in the
 * output and the source it came from.
 *
 * Machines are found the way the diagram (views/graph.ts) finds them, in the same order (a walk
 * of the tree, parents first): the dispatch loop `for (;;) switch (_ctx.state) { case 0: ... }`.
 *
 *     output positions   the displayed code parsed again: each SwitchCase's [start, end)
 *     source ranges      the display compile's own AST (Babel keeps the input's locations on the
 *                        nodes the plugin moved): the outermost source expressions of a case's
 *                        statements, without the machinery (`_ctx.state = 3; continue;`)
 *     trace numbers      the run compile's AST: the machine in the same position sits inside
 *                        `_stepwise.traceMachine(..., name, index)`, and the trace reports index
 */
import { parse } from "@babel/parser";
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

function machines(ast: Node): { cases: SwitchCase[]; ctx: string; ancestors: Node[] }[] {
  const found: { cases: SwitchCase[]; ctx: string; ancestors: Node[] }[] = [];
  walk(ast, [], (node, ancestors) => {
    const dispatch = dispatchOf(node);
    if (dispatch) found.push({ ...dispatch, ancestors: ancestors.slice() });
  });
  return found;
}

function caseNumber(c: SwitchCase): number {
  return c.test && c.test.type === "NumericLiteral" ? c.test.value : -1;
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
    const astCases = new Map(inAst[index].cases.map((c) => [caseNumber(c), c]));
    for (const c of machine.cases) {
      const n = caseNumber(c);
      const astCase = astCases.get(n);
      cases.set(n, {
        n,
        output: { from: c.start!, to: c.end! },
        source: astCase ? sourceRanges(astCase.consequent, inAst[index].ctx, source) : [],
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
