/**
 * What a file's lowered functions need before they can run: the runtime (`_stepwise`), the try
 * tables (built once per file, not at every call) and the marks of its top-level declarations
 * (`_stepwise.mark(g)`: g's prototype chain and generator prototype).
 *
 * In a script (and a CommonJS file) all of it is the file's first statements, which run before
 * any of the file's code can call anything. An ES module's code may not have run at all when one
 * of its functions is called: in an import cycle, the module that imports this one runs first and
 * can call the functions this one exports (function declarations exist from the start). So in a
 * module the setup is a function declaration too, which the file's top runs and which every
 * lowered function runs first if it has not run yet:
 *
 *     import * as _stepwise from "@stepwise/runtime";
 *     var _ready, _gTries;
 *     function _setup() {
 *       _ready = true;
 *       _gTries = [{ "try": 1, "catch": 3, "finally": 0, end: 4 }];
 *       _stepwise.mark(g);
 *     }
 *     _ready || _setup();
 *     export function g() {
 *       _ready || _setup();
 *       ...
 *     }
 *
 * (With `runtime: "inline"` or `"global"`, `_setup` also assigns `_stepwise`.) A module whose
 * functions need none of it (runtime imported, no try table, no top-level declaration lowered)
 * gets none of it.
 */
import type { NodePath } from "@babel/core";
import type * as BabelTypes from "@babel/types";
import type { BlockStatement, Expression, Identifier, Program, Statement, VariableDeclarator } from "@babel/types";

export class FileSetup {
  /** Is the file an ES module (its code may run after its functions are called)? */
  readonly module: boolean;
  private readonly constants: VariableDeclarator[] = [];
  private readonly marks: Statement[] = [];
  private readonly guards: { block: BlockStatement; guard: Statement }[] = [];
  private ready: Identifier | null = null;
  private setup: Identifier | null = null;

  constructor(
    private readonly program: NodePath<Program>,
    private readonly t: typeof BabelTypes,
  ) {
    this.module = program.node.sourceType === "module";
  }

  /** A constant of the whole file (`_gTries`), set before any lowered function runs. */
  constant(hint: string, value: Expression): Identifier {
    const id = this.program.scope.generateUidIdentifier(hint);
    this.constants.push(this.t.variableDeclarator(id, value));
    return this.t.identifier(id.name);
  }

  /**
   * `_stepwise.mark(g)` for a top-level declaration `g`: a module runs it in its setup; false
   * means the caller places it itself (at the top of its block, before anything can call `g`).
   */
  mark(statement: Statement): boolean {
    if (!this.module) return false;
    this.marks.push(statement);
    return true;
  }

  /** What finish() will put in the file (the runtime's inline pieces are chosen by what it reads). */
  pending(): Statement[] {
    const t = this.t;
    return [...(this.constants.length > 0 ? [t.variableDeclaration("var", this.constants)] : []), ...this.marks];
  }

  /** In a module, the first statement of a lowered function's body: `_ready || _setup();`. */
  guard(block: BlockStatement): void {
    if (!this.module) return;
    const t = this.t;
    this.ready ??= this.program.scope.generateUidIdentifier("ready");
    this.setup ??= this.program.scope.generateUidIdentifier("setup");
    const guard = t.expressionStatement(t.logicalExpression("||", t.identifier(this.ready.name), t.callExpression(t.identifier(this.setup.name), [])));
    block.body.unshift(guard);
    this.guards.push({ block, guard });
  }

  /**
   * Puts the setup at the top of the file, once every function is lowered. `runtimeValue` is the
   * value `_stepwise` gets where it is not imported (inline or global runtime), then assigned by a
   * module's setup; `declareRuntime` declares `_stepwise` (with that value, in a script) at the top.
   */
  finish(runtimeId: string | null, runtimeValue: Expression | null, declareRuntime: (deferred: boolean) => void): void {
    const t = this.t;
    const program = this.program;
    // After the file's leading imports (which run first anyway), where a reader looks for them.
    const insert = (statements: Statement[]) => {
      const first = program.get("body").find((statement) => !statement.isImportDeclaration());
      const inserted = first === undefined ? program.pushContainer("body", statements) : first.insertBefore(statements);
      for (const path of inserted) if (path.isDeclaration()) program.scope.registerDeclaration(path);
    };
    if (!this.module) {
      if (this.constants.length > 0) insert([t.variableDeclaration("var", this.constants)]);
      declareRuntime(false);
      return;
    }
    const deferred = runtimeId !== null && runtimeValue !== null;
    const work: Statement[] = [];
    if (deferred) work.push(assign(t, runtimeId, runtimeValue));
    for (const constant of this.constants) work.push(assign(t, (constant.id as Identifier).name, constant.init!));
    work.push(...this.marks);
    if (work.length === 0 || this.ready === null || this.setup === null) {
      // Nothing to set up: the lowered functions need no guard either.
      for (const { block, guard } of this.guards) block.body = block.body.filter((statement) => statement !== guard);
      declareRuntime(false);
      return;
    }
    const ready = this.ready.name;
    const names = [ready, ...this.constants.map((constant) => (constant.id as Identifier).name)];
    insert([
      t.variableDeclaration("var", names.map((name) => t.variableDeclarator(t.identifier(name)))),
      t.functionDeclaration(t.identifier(this.setup.name), [], t.blockStatement([assign(t, ready, t.booleanLiteral(true)), ...work])),
      t.expressionStatement(t.logicalExpression("||", t.identifier(ready), t.callExpression(t.identifier(this.setup.name), []))),
    ]);
    declareRuntime(deferred);
  }
}

function assign(t: typeof BabelTypes, name: string, value: Expression): Statement {
  return t.expressionStatement(t.assignmentExpression("=", t.identifier(name), value));
}
