/**
 * The state machines of a lowered file as graphs: one graph per lowered function, built from the
 * plugin's output AST (`transformSync(code, { ast: true })`), rendered as Graphviz DOT or Mermaid.
 *
 * What the graph shows, read off the machine the plugin emitted:
 *
 * - a node per `case N`, labelled with the source lines of its statements ("case 2 · line 6"),
 *   and the try table's blocks as nested boxes ("try · row 0", "catch · row 0", ...);
 * - fall-through: case N → N+1 when case N can reach its end;
 * - jumps: `_ctx.state = M; continue;` (labelled with the `if` test when conditional) and
 *   `_ctx.jump(M)` (which the runtime routes through the finally blocks it leaves);
 * - suspensions: `_ctx.yield(v, M)`, `_ctx.await(v, M)`, `_ctx.delegate(it, M)` → M, dashed;
 * - completion: `_ctx.finish(v)` → "done", or → the finally block that runs first;
 * - exceptions: every case inside a try row's try block → its catch (or finally) case, and every
 *   case of a catch block → the finally case, dotted, labelled "throw"; an explicit `throw` outside
 *   any try → "throws";
 * - `_ctx.endFinally(i)` → row i's end case, and to wherever the completions pending at that
 *   finally go next (a return → "done" or an outer finally, an exception → "throws" or an outer
 *   handler, a jump → its target).
 *
 * Where an abrupt completion goes is worked out exactly as the runtime's `route` does it
 * (packages/runtime/src/tries.ts), so the edges are the machine's, not a guess.
 */
import { firstRunAsCase, firstRunTryOf, isCtxMember } from "../core/first-run.js";
import { RESUME_ARGUMENT } from "../core/build-machine.js";
import type { Node, Statement, Expression, SwitchCase, CallExpression, NewExpression, File, Comment } from "@babel/types";

export type MachineKind = "generator" | "async" | "asyncGenerator";

export type EdgeKind =
  | "start"
  | "fallthrough"
  | "jump"
  | "yield"
  | "await"
  | "delegate"
  | "return"
  | "throw"
  | "end-finally"
  | "rethrow";

export interface GraphEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  /** Text on the edge ("" for none). */
  label: string;
  /** Inside an `if` (or another statement) of its case: taken only sometimes. */
  conditional: boolean;
}

export interface CaseNode {
  id: string;
  /** The case number. */
  n: number;
  /** Source lines of the case's statements, ascending. */
  lines: number[];
  /** "case 2 · line 6" */
  label: string;
  /** The plugin's explaining comment for the case, when it was run with `explain: true`. */
  note?: string;
}

export interface TryRow {
  try: number;
  catch: number;
  finally: number;
  end: number;
}

/** A block of the try table: the cases [start, end) of row `row`'s try, catch or finally block. */
export interface Block {
  id: string;
  row: number;
  part: "try" | "catch" | "finally";
  start: number;
  end: number;
  children: Block[];
}

export interface MachineGraph {
  /** Prefix of every node id of this machine ("m0"). */
  id: string;
  /** The lowered function's name ("(anonymous)" when it has none). */
  name: string;
  kind: MachineKind;
  /** Where the function starts in the source, when known. */
  line: number | null;
  /** The file, when the caller names it. */
  file?: string;
  cases: CaseNode[];
  tries: TryRow[];
  /** The try table's blocks, outermost first, nested. */
  blocks: Block[];
  startId: string;
  doneId: string;
  throwsId: string;
  /** Whether any edge reaches "done" / "throws" (the terminal node is drawn only then). */
  usesDone: boolean;
  usesThrows: boolean;
  edges: GraphEdge[];
}

export interface BuildGraphOptions {
  /** Source text of the input, to quote `if` tests when no printer is given. */
  code?: string;
  /** Prints an expression (for the labels of conditional edges). Default: the original source text when the node has a location, else "…". */
  print?: (expression: Expression) => string;
  /** Named on every graph (for multi-file diagrams). */
  file?: string;
  /** First machine id number (so several files' machines get distinct ids). Default 0. */
  firstId?: number;
}

/** `X.generator(...)` and `X.asyncGenerator(...)` make generator machines; `new X.AsyncContext(...)` an async function's. */
const CALLED: Record<string, MachineKind> = { generator: "generator", asyncGenerator: "asyncGenerator" };
const CONSTRUCTED: Record<string, MachineKind> = { AsyncContext: "async" };
const SUSPEND_LABEL: Record<string, string> = { yield: "yield", await: "await", delegate: "yield*" };
const MAX_LABEL = 40;

/** Every lowered function of a transformed file (or program), in source order. */
export function buildGraphs(ast: File | Node, options: BuildGraphOptions = {}): MachineGraph[] {
  const graphs: MachineGraph[] = [];
  let next = options.firstId ?? 0;
  // Try tables are file constants (`var _gTries = [...]`): found by name.
  const tables = new Map<string, Node>();
  walk(ast, [], (node) => {
    if (node.type === "VariableDeclarator" && node.id.type === "Identifier" && node.init && node.init.type === "ArrayExpression") {
      tables.set(node.id.name, node.init);
    }
  });
  walk(ast, [], (node, ancestors) => {
    const machine = matchMachine(node, tables, ancestors);
    if (!machine) return;
    graphs.push(buildMachine(machine, ancestors, `m${next++}`, options));
  });
  return graphs;
}

// ---------------------------------------------------------------------------------------------
// Finding the machines

interface MachineCall {
  call: CallExpression | NewExpression;
  kind: MachineKind;
  ctx: string;
  switchCases: SwitchCase[];
  tries: TryRow[];
}

/**
 * `X.generator|asyncGenerator(self, this, function (_ctx) { for (;;) switch (_ctx.state) {...} }, tries?)`,
 * or `new X.AsyncContext(self, this, function () {...}, tries?)`, whose body takes no parameter and
 * reads the `_ctx` around it.
 */
function matchMachine(node: Node, tables: Map<string, Node>, ancestors: Node[]): MachineCall | null {
  if (node.type !== "CallExpression" && node.type !== "NewExpression") return null;
  const callee = node.callee;
  if (callee.type !== "MemberExpression" || callee.computed || callee.property.type !== "Identifier") return null;
  const kind = (node.type === "CallExpression" ? CALLED : CONSTRUCTED)[callee.property.name];
  if (!kind) return null;
  const body = node.arguments[2];
  if (!body || body.type !== "FunctionExpression" || body.params.length > 1) return null;
  let loop: Statement | undefined = body.body.body[0];
  if (loop && loop.type === "LabeledStatement") loop = loop.body;
  // An async function's machine is empty when its first run, in the function itself, is all it does.
  const empty = loop === undefined && kind === "async";
  if (!empty && (!loop || loop.type !== "ForStatement" || loop.body.type !== "SwitchStatement")) return null;
  const sw = !empty && loop && loop.type === "ForStatement" && loop.body.type === "SwitchStatement" ? loop.body : null;
  let ctx: string | null = body.params.length === 1 && body.params[0].type === "Identifier" ? body.params[0].name : null;
  if (sw !== null) {
    const discriminant = sw.discriminant;
    if (discriminant.type !== "MemberExpression" || discriminant.object.type !== "Identifier") return null;
    ctx ??= discriminant.object.name;
    if (!isCtxMember(discriminant, ctx, "state")) return null;
  }
  const declarator = ancestors[ancestors.length - 1];
  if (ctx === null && declarator && declarator.type === "VariableDeclarator" && declarator.id.type === "Identifier") ctx = declarator.id.name;
  if (ctx === null) return null;
  const switchCases = sw !== null ? sw.cases.slice() : [];
  if (kind === "async") {
    const first = firstRunOf(ancestors, ctx);
    if (first !== null) switchCases.unshift({ type: "SwitchCase", test: { type: "NumericLiteral", value: 0 }, consequent: first } as SwitchCase);
  }
  return { call: node, kind, ctx, switchCases, tries: readTryTable(tableOf(node.arguments[3], tables)) };
}

/**
 * An async function's first run, which the plugin moves out of the machine into the function
 * (core/first-run.ts): the `try` after `var _ctx = new X.AsyncContext(...)`, read back as case 0.
 */
function firstRunOf(ancestors: Node[], ctx: string): Statement[] | null {
  const start = firstRunTryOf(ancestors, ctx);
  return start !== null ? firstRunAsCase(start.block.body, ctx) : null;
}

function tableOf(node: Node | undefined, tables: Map<string, Node>): Node | undefined {
  return node && node.type === "Identifier" ? tables.get(node.name) : node;
}

function readTryTable(node: Node | undefined): TryRow[] {
  if (!node || node.type !== "ArrayExpression") return [];
  const rows: TryRow[] = [];
  for (const element of node.elements) {
    if (!element || element.type !== "ObjectExpression") continue;
    const row: TryRow = { try: 0, catch: 0, finally: 0, end: 0 };
    for (const prop of element.properties) {
      if (prop.type !== "ObjectProperty" || prop.value.type !== "NumericLiteral") continue;
      const key = prop.key.type === "Identifier" ? prop.key.name : prop.key.type === "StringLiteral" ? prop.key.value : null;
      if (key === "try" || key === "catch" || key === "finally" || key === "end") row[key] = prop.value.value;
    }
    rows.push(row);
  }
  return rows;
}

/** `_ctx.verb(...)` → "verb" */
function ctxVerb(node: Node, ctx: string): string | null {
  if (node.type !== "CallExpression") return null;
  const callee = node.callee;
  if (callee.type !== "MemberExpression" || callee.computed || callee.object.type !== "Identifier" || callee.object.name !== ctx) return null;
  return callee.property.type === "Identifier" ? callee.property.name : null;
}

function numberArg(call: CallExpression, index: number): number | null {
  const arg = call.arguments[index];
  return arg && arg.type === "NumericLiteral" ? arg.value : null;
}

const FUNCTION_TYPES = new Set([
  "FunctionDeclaration",
  "FunctionExpression",
  "ArrowFunctionExpression",
  "ObjectMethod",
  "ClassMethod",
  "ClassPrivateMethod",
]);

const SKIP_KEYS = new Set(["loc", "start", "end", "extra", "leadingComments", "trailingComments", "innerComments", "range"]);

function children(node: Node): Node[] {
  const out: Node[] = [];
  for (const key of Object.keys(node)) {
    if (SKIP_KEYS.has(key)) continue;
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

/** The lowered function's name: the enclosing function's own name, method key, or the name `mark` was given. */
function functionName(call: MachineCall, ancestors: Node[]): { name: string; line: number | null } {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const fn = ancestors[i];
    if (!FUNCTION_TYPES.has(fn.type)) continue;
    const line = fn.loc ? fn.loc.start.line : null;
    if (fn.type === "ObjectMethod" || fn.type === "ClassMethod") {
      const key = fn.key;
      const name = key.type === "Identifier" ? key.name : key.type === "StringLiteral" ? key.value : key.type === "NumericLiteral" ? String(key.value) : "[computed]";
      return { name, line };
    }
    if (fn.type === "ClassPrivateMethod") return { name: `#${fn.key.id.name}`, line };
    // `_stepwise.mark(function _g() {...}, "name")`: the name the function was given back.
    const parent = ancestors[i - 1];
    if (parent && parent.type === "CallExpression" && parent.arguments[0] === fn && parent.arguments[1]?.type === "StringLiteral") {
      return { name: parent.arguments[1].value || "(anonymous)", line };
    }
    if ((fn.type === "FunctionDeclaration" || fn.type === "FunctionExpression") && fn.id) return { name: fn.id.name, line };
    return { name: "(anonymous)", line };
  }
  const self = call.call.arguments[0];
  return { name: self && self.type === "Identifier" ? self.name : "(anonymous)", line: null };
}

// ---------------------------------------------------------------------------------------------
// One machine

type Completion = { type: "throw" } | { type: "return" } | { type: "jump"; target: number };
type Route = { kind: "catch" | "finally"; row: number; to: number } | null;

/** Mirrors the runtime's `route`: where an abrupt completion at case `at` goes first (null: out of the function). */
function route(tries: TryRow[], completion: Completion, at: number): Route {
  for (let i = tries.length - 1; i >= 0; i--) {
    const entry = tries[i];
    if (at < entry.try || at >= entry.end) continue;
    if (completion.type === "jump" && completion.target >= entry.try && completion.target < entry.end) continue;
    if (completion.type === "throw" && entry.catch !== 0 && at < entry.catch) return { kind: "catch", row: i, to: entry.catch };
    if (entry.finally !== 0 && at < entry.finally) return { kind: "finally", row: i, to: entry.finally };
  }
  return null;
}

function completionKey(c: Completion): string {
  return c.type === "jump" ? `jump:${c.target}` : c.type;
}

/** Whether `n` lies in a try row's try or catch block (where an exception has a handler). */
function inProtectedBlock(tries: TryRow[], n: number): boolean {
  return route(tries, { type: "throw" }, n) !== null;
}

function canFallThrough(body: Statement[]): boolean {
  return !body.some(endsAbruptly);
}

/** Control never gets past this statement: return, throw, continue, break, or a block or if whose every way ends so. */
function endsAbruptly(statement: Statement): boolean {
  switch (statement.type) {
    case "ReturnStatement":
    case "ThrowStatement":
    case "ContinueStatement":
    case "BreakStatement":
      return true;
    case "BlockStatement":
      return statement.body.some(endsAbruptly);
    case "IfStatement":
      return statement.alternate != null && endsAbruptly(statement.consequent) && endsAbruptly(statement.alternate);
    default:
      return false;
  }
}

function linesLabel(lines: number[]): string {
  if (lines.length === 0) return "";
  if (lines.length === 1) return `line ${lines[0]}`;
  const contiguous = lines.every((line, i) => i === 0 || line === lines[i - 1] + 1);
  if (contiguous) return `lines ${lines[0]}–${lines[lines.length - 1]}`;
  const shown = lines.slice(0, 4).join(", ");
  return `lines ${shown}${lines.length > 4 ? ", …" : ""}`;
}

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > MAX_LABEL ? `${oneLine.slice(0, MAX_LABEL - 1)}…` : oneLine;
}

function noteOf(switchCase: SwitchCase): string | undefined {
  const comments: Comment[] = switchCase.leadingComments ?? [];
  const text = comments
    .map((c) => c.value.trim())
    .filter((v) => v !== "")
    .join("; ")
    .replace(/^line \d+: /, "");
  return text === "" ? undefined : text;
}

function sourceText(code: string | undefined, node: Node): string | null {
  if (code === undefined || !node.loc) return null;
  const lines = code.split("\n");
  const { start, end } = node.loc;
  if (start.line === end.line) return (lines[start.line - 1] ?? "").slice(start.column, end.column);
  const parts = [(lines[start.line - 1] ?? "").slice(start.column)];
  for (let l = start.line; l < end.line - 1; l++) parts.push(lines[l] ?? "");
  parts.push((lines[end.line - 1] ?? "").slice(0, end.column));
  return parts.join(" ");
}

function defaultPrinter(code: string | undefined): (e: Expression) => string {
  const print = (e: Expression): string => {
    if (e.type === "UnaryExpression" && e.operator === "!" && !e.loc) return `!(${print(e.argument)})`;
    return sourceText(code, e) ?? "…";
  };
  return print;
}

interface Found {
  kind: "jump" | "runtime-jump" | "suspend" | "finish" | "throw" | "end-finally";
  verb?: string;
  target?: number;
  row?: number;
  conditional: boolean;
  guard: string;
}

/** What case body statements do: jumps, verbs, throws (not looking into nested functions or after an exit). */
function scanCase(body: Statement[], ctx: string, print: (e: Expression) => string): Found[] {
  const found: Found[] = [];

  const visitList = (statements: Statement[], conditional: boolean, guard: string, caught: boolean) => {
    for (const statement of statements) {
      visit(statement, conditional, guard, caught);
      if (endsAbruptly(statement)) break; // what follows is dead code
    }
  };

  const visit = (node: Node, conditional: boolean, guard: string, caught: boolean): void => {
    if (FUNCTION_TYPES.has(node.type) || node.type === "ClassBody") return;
    switch (node.type) {
      case "BlockStatement":
        visitList(node.body, conditional, guard, caught);
        return;
      case "IfStatement": {
        const test = clip(print(node.test));
        visit(node.test, conditional, guard, caught);
        visit(node.consequent, true, `if ${test}`, caught);
        if (node.alternate) visit(node.alternate, true, `unless ${test}`, caught);
        return;
      }
      case "TryStatement":
        // A native try (no suspension inside): its catch takes what its block throws.
        visit(node.block, true, guard, caught || node.handler != null);
        if (node.handler) visit(node.handler.body, true, guard, caught);
        if (node.finalizer) visit(node.finalizer, conditional, guard, caught);
        return;
      case "ThrowStatement":
        visit(node.argument, conditional, guard, caught);
        if (!caught) found.push({ kind: "throw", conditional, guard });
        return;
      case "ExpressionStatement": {
        const e = node.expression;
        if (e.type === "AssignmentExpression" && e.operator === "=" && isCtxMember(e.left, ctx, "state") && e.right.type === "NumericLiteral") {
          found.push({ kind: "jump", target: e.right.value, conditional, guard });
          return;
        }
        visit(e, conditional, guard, caught);
        return;
      }
      case "CallExpression": {
        const verb = ctxVerb(node, ctx);
        for (const child of children(node)) visit(child, conditional, guard, caught);
        if (verb !== null && RESUME_ARGUMENT.has(verb)) {
          const target = numberArg(node, RESUME_ARGUMENT.get(verb)!);
          // A `for await` step (`awaitNext`) is an await like any other here.
          if (target !== null) found.push({ kind: "suspend", verb: verb === "awaitNext" ? "await" : verb, target, conditional, guard });
        } else if (verb === "finish") {
          found.push({ kind: "finish", conditional, guard });
        } else if (verb === "raise") {
          found.push({ kind: "throw", conditional, guard });
        } else if (verb === "jump") {
          const target = numberArg(node, 0);
          if (target !== null) found.push({ kind: "runtime-jump", target, conditional, guard });
        } else if (verb === "endFinally") {
          const row = numberArg(node, 0);
          if (row !== null) found.push({ kind: "end-finally", row, conditional, guard });
        }
        return;
      }
      case "ConditionalExpression":
      case "LogicalExpression":
        for (const child of children(node)) visit(child, true, guard, caught);
        return;
      case "LabeledStatement":
        visit(node.body, conditional, guard, caught);
        return;
      default: {
        // Loops, switches and the like: what is inside runs only sometimes.
        const nested =
          node.type.endsWith("Statement") && node.type !== "ReturnStatement" && node.type !== "VariableDeclaration" ? true : conditional;
        for (const child of children(node)) visit(child, nested, guard, caught);
      }
    }
  };

  visitList(body, false, "", false);
  return found;
}

/** Statements that only move the machine (`_ctx.state = N`, `continue`, `return _ctx.endFinally(i)`, `_ctx.jump(N)`): no source line of their own. */
function isMachinery(statement: Statement, ctx: string): boolean {
  if (statement.type === "ContinueStatement" || statement.type === "BreakStatement") return true;
  const e = statement.type === "ExpressionStatement" ? statement.expression : statement.type === "ReturnStatement" ? statement.argument : null;
  if (!e) return statement.type === "ReturnStatement";
  if (e.type === "AssignmentExpression" && isCtxMember(e.left, ctx, "state")) return true;
  const verb = ctxVerb(e, ctx);
  return verb === "endFinally" || verb === "jump" || (verb === "finish" && (e as CallExpression).arguments.length === 0);
}

/**
 * The source line a statement of a case runs: the first line of the source expressions in it.
 * (A statement the plugin built takes the location of the source statement being lowered; for a
 * declaration turned into an assignment that is the enclosing block's, so the expressions'
 * own locations are the better guide.)
 */
function statementLine(statement: Statement): number | null {
  let line: number | null = null;
  const visit = (node: Node) => {
    if (FUNCTION_TYPES.has(node.type)) {
      if (node.loc && (line === null || node.loc.start.line < line)) line = node.loc.start.line;
      return;
    }
    if (!node.type.endsWith("Statement") && node.type !== "SwitchCase" && node.type !== "CatchClause" && node.loc) {
      if (line === null || node.loc.start.line < line) line = node.loc.start.line;
    }
    for (const child of children(node)) visit(child);
  };
  visit(statement);
  if (line !== null) return line;
  // No source expression in it: a statement of the plugin's (`e = _ctx.caught`), unless it has
  // nothing to hold one (`debugger;`).
  return children(statement).length === 0 && statement.loc ? statement.loc.start.line : null;
}

/** The source lines a case runs, ascending. */
function caseLines(body: Statement[], ctx: string): number[] {
  const lines = new Set<number>();
  const add = (statements: Statement[]) => {
    for (const statement of statements) {
      if (statement.type === "BlockStatement") add(statement.body);
      else if (!isMachinery(statement, ctx)) {
        const line = statementLine(statement);
        if (line !== null) lines.add(line);
      }
    }
  };
  add(body);
  return [...lines].sort((a, b) => a - b);
}

function buildBlocks(id: string, tries: TryRow[]): Block[] {
  const flat: Block[] = [];
  tries.forEach((row, i) => {
    const catchEnd = row.finally || row.end;
    const tryEnd = row.catch || catchEnd;
    if (tryEnd > row.try) flat.push({ id: `${id}_r${i}_try`, row: i, part: "try", start: row.try, end: tryEnd, children: [] });
    if (row.catch && catchEnd > row.catch) flat.push({ id: `${id}_r${i}_catch`, row: i, part: "catch", start: row.catch, end: catchEnd, children: [] });
    if (row.finally && row.end > row.finally) flat.push({ id: `${id}_r${i}_finally`, row: i, part: "finally", start: row.finally, end: row.end, children: [] });
  });
  // Outermost first: by start, then longest first; each block goes into the last open block containing it.
  flat.sort((a, b) => a.start - b.start || b.end - a.end || a.row - b.row);
  const roots: Block[] = [];
  const open: Block[] = [];
  for (const block of flat) {
    while (open.length > 0 && !(block.start >= open[open.length - 1].start && block.end <= open[open.length - 1].end)) open.pop();
    (open.length > 0 ? open[open.length - 1].children : roots).push(block);
    open.push(block);
  }
  return roots;
}

function buildMachine(machine: MachineCall, ancestors: Node[], id: string, options: BuildGraphOptions): MachineGraph {
  const { name, line } = functionName(machine, ancestors);
  const print = options.print ?? defaultPrinter(options.code);
  const tries = machine.tries;
  const caseId = (n: number) => `${id}_c${n}`;
  const graph: MachineGraph = {
    id,
    name,
    kind: machine.kind,
    line,
    ...(options.file !== undefined ? { file: options.file } : {}),
    cases: [],
    tries,
    blocks: buildBlocks(id, tries),
    startId: `${id}_start`,
    doneId: `${id}_done`,
    throwsId: `${id}_throws`,
    usesDone: false,
    usesThrows: false,
    edges: [],
  };
  const seen = new Set<string>();
  const edge = (from: string, to: string, kind: EdgeKind, label: string, conditional: boolean) => {
    const key = `${from}|${to}|${kind}|${label}`;
    if (seen.has(key)) return;
    seen.add(key);
    if (to === graph.doneId) graph.usesDone = true;
    if (to === graph.throwsId) graph.usesThrows = true;
    graph.edges.push({ from, to, kind, label, conditional });
  };
  const withGuard = (guard: string, text: string) => (guard && text ? `${guard}: ${text}` : guard || text);

  const numbers = machine.switchCases.map((c) => (c.test && c.test.type === "NumericLiteral" ? c.test.value : -1));
  const pending: Map<number, Map<string, Completion>> = new Map();
  const addPending = (row: number, completion: Completion): boolean => {
    let set = pending.get(row);
    if (!set) pending.set(row, (set = new Map()));
    const key = completionKey(completion);
    if (set.has(key)) return false;
    set.set(key, completion);
    return true;
  };
  const endFinallies: Array<{ from: number; row: number; found: Found }> = [];

  edge(graph.startId, caseId(numbers[0] ?? 0), "start", "", false);

  machine.switchCases.forEach((switchCase, index) => {
    const n = numbers[index];
    const body = switchCase.consequent;
    const lines = caseLines(body, machine.ctx);
    const where = linesLabel(lines);
    const note = noteOf(switchCase);
    graph.cases.push({ id: caseId(n), n, lines, label: where ? `case ${n} · ${where}` : `case ${n}`, ...(note ? { note } : {}) });

    const found = scanCase(body, machine.ctx, print);
    const next = numbers[index + 1];
    for (const f of found) {
      switch (f.kind) {
        case "jump":
          // `_ctx.state = next;` at the very end, with no `continue`, is the fall-through below.
          edge(caseId(n), caseId(f.target!), f.target === next && !f.conditional ? "fallthrough" : "jump", f.guard, f.conditional);
          break;
        case "runtime-jump": {
          const r = route(tries, { type: "jump", target: f.target! }, n);
          if (r) {
            addPending(r.row, { type: "jump", target: f.target! });
            edge(caseId(n), caseId(r.to), "jump", withGuard(f.guard, `jump to case ${f.target} (finally first)`), f.conditional);
          } else {
            edge(caseId(n), caseId(f.target!), "jump", withGuard(f.guard, "jump"), f.conditional);
          }
          break;
        }
        case "suspend":
          edge(caseId(n), caseId(f.target!), f.verb === "delegate" ? "delegate" : (f.verb as EdgeKind), SUSPEND_LABEL[f.verb!], f.conditional);
          if (machine.kind !== "async" && f.verb !== "await") {
            // return() while suspended here: routed from the resume state.
            const r = route(tries, { type: "return" }, f.target!);
            if (r) addPending(r.row, { type: "return" });
          }
          break;
        case "finish": {
          const r = route(tries, { type: "return" }, n);
          if (r) {
            addPending(r.row, { type: "return" });
            edge(caseId(n), caseId(r.to), "return", withGuard(f.guard, "return (finally first)"), f.conditional);
          } else {
            edge(caseId(n), graph.doneId, "return", withGuard(f.guard, "return"), f.conditional);
          }
          break;
        }
        case "throw":
          if (!inProtectedBlock(tries, n)) edge(caseId(n), graph.throwsId, "throw", withGuard(f.guard, "throw"), f.conditional);
          break;
        case "end-finally":
          endFinallies.push({ from: n, row: f.row!, found: f });
          break;
      }
    }
    if (next !== undefined && canFallThrough(body)) edge(caseId(n), caseId(next), "fallthrough", "", false);

    // Exceptions: anything in a try block can throw into its catch/finally, a catch block into its finally.
    const r = route(tries, { type: "throw" }, n);
    if (r) {
      if (r.kind === "finally") addPending(r.row, { type: "throw" });
      edge(caseId(n), caseId(r.to), "throw", "throw", true);
    }
  });

  // Completions pending at a finally go on from the row's end when it finishes; that may land
  // them in an outer finally, whose end then passes them on too: iterate until nothing new.
  for (let changed = true; changed; ) {
    changed = false;
    for (const { row } of endFinallies) {
      const end = tries[row]?.end;
      if (end === undefined) continue;
      for (const completion of pending.get(row)?.values() ?? []) {
        const r = route(tries, completion, end);
        if (r && r.kind === "finally" && addPending(r.row, completion)) changed = true;
      }
    }
  }
  for (const { from, row, found } of endFinallies) {
    const entry = tries[row];
    if (!entry) continue;
    edge(caseId(from), caseId(entry.end), "end-finally", withGuard(found.guard, "end of finally"), found.conditional);
    for (const completion of pending.get(row)?.values() ?? []) {
      const r = route(tries, completion, entry.end);
      if (completion.type === "throw") {
        edge(caseId(from), r ? caseId(r.to) : graph.throwsId, "rethrow", "rethrow", true);
      } else if (completion.type === "return") {
        edge(caseId(from), r ? caseId(r.to) : graph.doneId, "return", r ? "return (finally first)" : "return", true);
      } else {
        edge(caseId(from), r ? caseId(r.to) : caseId(completion.target), "jump", r ? `jump to case ${completion.target} (finally first)` : "jump", true);
      }
    }
  }
  return graph;
}

// ---------------------------------------------------------------------------------------------
// Rendering

const KIND_WORDS: Record<MachineKind, string> = { generator: "function*", async: "async function", asyncGenerator: "async function*" };

export function machineTitle(graph: MachineGraph): string {
  const where = [graph.file, graph.line !== null ? `line ${graph.line}` : ""].filter(Boolean).join(" ");
  return `${KIND_WORDS[graph.kind]} ${graph.name}${where ? ` · ${where}` : ""}`;
}

function casesIn(graph: MachineGraph, block: Block): CaseNode[] {
  const inner = (n: number) => block.children.some((child) => n >= child.start && n < child.end);
  return graph.cases.filter((c) => c.n >= block.start && c.n < block.end && !inner(c.n));
}

function topLevelCases(graph: MachineGraph): CaseNode[] {
  return graph.cases.filter((c) => !graph.blocks.some((b) => c.n >= b.start && c.n < b.end));
}

function dotString(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

const DOT_EDGE_STYLE: Record<EdgeKind, string> = {
  start: "",
  fallthrough: "color=gray45",
  jump: "",
  yield: "style=dashed, color=blue3, fontcolor=blue3",
  await: "style=dashed, color=blue3, fontcolor=blue3",
  delegate: "style=dashed, color=blue3, fontcolor=blue3",
  return: "color=darkgreen, fontcolor=darkgreen",
  throw: "style=dotted, color=red3, fontcolor=red3",
  "end-finally": "color=purple, fontcolor=purple",
  rethrow: "style=dotted, color=red3, fontcolor=red3",
};

/** Graphviz DOT: one digraph, one cluster per lowered function. */
export function toDot(graphs: MachineGraph[], title = "stepwise"): string {
  const out: string[] = [];
  out.push(`digraph ${dotString(title)} {`);
  out.push('  graph [fontname="Helvetica", fontsize=11, rankdir=TB, nodesep=0.35, ranksep=0.4];');
  out.push('  node [fontname="Helvetica", fontsize=10, shape=box, style=rounded, height=0.3];');
  out.push('  edge [fontname="Helvetica", fontsize=9, arrowsize=0.7];');
  for (const graph of graphs) {
    out.push(`  subgraph cluster_${graph.id} {`);
    out.push(`    label=${dotString(machineTitle(graph))}; labeljust=l; style=solid; color=gray60;`);
    out.push(`    ${graph.startId} [shape=circle, style=filled, fillcolor=black, label="", width=0.15, height=0.15];`);
    const caseLine = (c: CaseNode, indent: string) =>
      `${indent}${c.id} [label=${dotString(c.label)}${c.note ? `, tooltip=${dotString(c.note)}` : ""}];`;
    const block = (b: Block, indent: string) => {
      out.push(`${indent}subgraph cluster_${b.id} {`);
      out.push(`${indent}  label=${dotString(`${b.part} · row ${b.row}`)}; labeljust=l; style="dashed,rounded"; color=${b.part === "try" ? "gray50" : b.part === "catch" ? "red3" : "purple"}; fontsize=9;`);
      for (const c of casesIn(graph, b)) out.push(caseLine(c, `${indent}  `));
      for (const child of b.children) block(child, `${indent}  `);
      out.push(`${indent}}`);
    };
    for (const c of topLevelCases(graph)) out.push(caseLine(c, "    "));
    for (const b of graph.blocks) block(b, "    ");
    if (graph.usesDone) out.push(`    ${graph.doneId} [shape=doublecircle, label="done", width=0.3];`);
    if (graph.usesThrows) out.push(`    ${graph.throwsId} [shape=octagon, label="throws", color=red3, fontcolor=red3];`);
    out.push("  }");
    for (const e of graph.edges) {
      const attrs = [e.label ? `label=${dotString(e.label)}` : "", DOT_EDGE_STYLE[e.kind]].filter(Boolean).join(", ");
      out.push(`  ${e.from} -> ${e.to}${attrs ? ` [${attrs}]` : ""};`);
    }
  }
  out.push("}");
  return out.join("\n") + "\n";
}

function mermaidString(text: string): string {
  return `"${text.replace(/#/g, "#35;").replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;").replace(/\n/g, "<br/>")}"`;
}

const MERMAID_STYLE: Partial<Record<EdgeKind, string>> = {
  fallthrough: "stroke:#777",
  yield: "stroke:#1a4fd0,color:#1a4fd0",
  await: "stroke:#1a4fd0,color:#1a4fd0",
  delegate: "stroke:#1a4fd0,color:#1a4fd0",
  return: "stroke:#1b7a1b,color:#1b7a1b",
  throw: "stroke:#c01818,stroke-dasharray:2 3,color:#c01818",
  rethrow: "stroke:#c01818,stroke-dasharray:2 3,color:#c01818",
  "end-finally": "stroke:#8a2be2,color:#8a2be2",
};

/** Mermaid flowchart: one subgraph per lowered function. */
export function toMermaid(graphs: MachineGraph[]): string {
  const out: string[] = ["flowchart TD"];
  const styles: string[] = [];
  let link = 0;
  for (const graph of graphs) {
    out.push(`  subgraph ${graph.id}[${mermaidString(machineTitle(graph))}]`);
    out.push(`    ${graph.startId}(["start"])`);
    const caseLine = (c: CaseNode, indent: string) => `${indent}${c.id}(${mermaidString(c.label)})`;
    const block = (b: Block, indent: string) => {
      out.push(`${indent}subgraph ${b.id}[${mermaidString(`${b.part} · row ${b.row}`)}]`);
      for (const c of casesIn(graph, b)) out.push(caseLine(c, `${indent}  `));
      for (const child of b.children) block(child, `${indent}  `);
      out.push(`${indent}end`);
    };
    for (const c of topLevelCases(graph)) out.push(caseLine(c, "    "));
    for (const b of graph.blocks) block(b, "    ");
    if (graph.usesDone) out.push(`    ${graph.doneId}((("done")))`);
    if (graph.usesThrows) out.push(`    ${graph.throwsId}{{"throws"}}`);
    out.push("  end");
    for (const e of graph.edges) {
      const dashed = e.kind === "yield" || e.kind === "await" || e.kind === "delegate" || e.kind === "throw" || e.kind === "rethrow";
      const arrow = dashed ? "-.->" : "-->";
      out.push(`  ${e.from} ${arrow}${e.label ? `|${mermaidString(e.label)}|` : ""} ${e.to}`);
      const style = MERMAID_STYLE[e.kind];
      if (style) styles.push(`  linkStyle ${link} ${style}`);
      link++;
    }
  }
  return [...out, ...styles].join("\n") + "\n";
}
