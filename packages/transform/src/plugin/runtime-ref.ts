/**
 * How lowered code reaches the runtime: one namespace variable per file, `_stepwise`, declared at
 * the top of the file the first time a lowered function needs it.
 *
 *     import * as _stepwise from "@stepwise/runtime";      (runtime: "import", ES module)
 *     var _stepwise = require("@stepwise/runtime");          (runtime: "import", script/CommonJS)
 *     var _stepwise = (function () { ...runtime... })();    (runtime: "inline": the runtime's
 *                                                             statements the file needs, no more)
 *     var _stepwise = stepwise;                              (runtime: "global": dist/runtime.js loaded first)
 *
 * With `trace: true` the file gets the runtime's trace build instead, which has the tracing hooks
 * besides the whole runtime: `@stepwise/runtime/trace`, or its script dist/runtime-trace.js
 * inlined (with "global", that is the script to load first).
 *
 * What an inlining file needs (`inlineRequest`) is read off the finished file: the names it reads
 * off `_stepwise`, the verbs its machines call (`_ctx.delegate(...)`), whether it has a try table,
 * and the engines' fallbacks its targets need (engine-fallbacks.ts); runtime-pieces.ts picks the
 * statements, from the runtime's native build where every target has its syntax (the engine's own
 * Promise and async function prototype, machines in private fields: engine.ts), else the ES5 one. A file that uses `_stepwise` in any other way than reading a name off it gets every
 * name.
 */
import type { NodePath } from "@babel/core";
import type * as BabelTypes from "@babel/types";
import type { Expression, Identifier, MemberExpression, Node, Program, Statement } from "@babel/types";
import type { RuntimeMode } from "./options.js";
import type { RuntimeScripts } from "./runtime-scripts.js";
import { someNode } from "../core/walk.js";
import { selectRuntime, runtimeSource, type RuntimeManifest, type RuntimeRequest } from "./runtime-pieces.js";
import { protectNames } from "./hygiene.js";

export const RUNTIME_PACKAGE = "@stepwise/runtime";
/** The trace build: the module (`runtime: "import"`) and the prebuilt script (`"inline"`). */
export const TRACE_MODULE = `${RUNTIME_PACKAGE}/trace`;
export const TRACE_SCRIPT = "runtime-trace.js";

/** Parsed runtime expressions by manifest and request, cloned for each file that makes the same request. */
const parsedRuntimes = new WeakMap<RuntimeManifest, Map<string, Expression>>();

/**
 * What an inlining file needs from the runtime: every name read off the namespace `id` (all of the
 * runtime's names when `id` appears any other way), `verb:<name>` for each method call whose name
 * is a verb key of the manifest, and `keys` (set by the lowering, e.g. "tries", and the engines'
 * fallbacks).
 */
export function inlineRequest(root: Node, id: string, available: RuntimeManifest, keys: ReadonlySet<string>): RuntimeRequest {
  const names = new Set<string>();
  const wanted = new Set(keys);
  const verbs = new Set(available.keys.filter((key) => key.startsWith("verb:")).map((key) => key.slice(5)));
  const isRead = (node: Node): node is MemberExpression & { property: Identifier } =>
    node.type === "MemberExpression" && !node.computed && node.object.type === "Identifier" && node.object.name === id && node.property.type === "Identifier";
  const otherUse = someNode(
    root,
    (node) => {
      if (isRead(node)) {
        names.add(node.property.name);
        return false;
      }
      if (node.type === "CallExpression" && node.callee.type === "MemberExpression" && !node.callee.computed && node.callee.property.type === "Identifier") {
        if (verbs.has(node.callee.property.name)) wanted.add(`verb:${node.callee.property.name}`);
      }
      return node.type === "Identifier" && node.name === id;
    },
    (node) => !isRead(node),
  );
  if (otherUse) return { names: Object.keys(available.exports).sort(), keys: wanted };
  return { names: [...names].sort(), keys: wanted };
}

export class RuntimeReference {
  private id: Identifier | null = null;
  /** What the lowering says the file needs beyond the names it reads ("tries"), and the fallbacks. */
  private readonly keys: Set<string>;

  constructor(
    private readonly program: NodePath<Program>,
    private readonly mode: RuntimeMode,
    private readonly t: typeof BabelTypes,
    private readonly parse: (code: string) => Statement[],
    /** Where `runtime: "inline"` gets the runtime's pieces (read from dist/ under Node). */
    private readonly scripts: RuntimeScripts,
    /** The `trace` option: the runtime's trace build, whatever the file calls. */
    private readonly trace = false,
    /** The engines' fallbacks the file's targets need (engine-fallbacks.ts). */
    fallbacks: ReadonlySet<string> = new Set(),
    /** Inline the runtime's native build: every target has its syntax (engine-fallbacks.ts). */
    private readonly native = false,
  ) {
    this.keys = new Set(fallbacks);
  }

  /** `_stepwise.<name>` */
  helper(name: string): Expression {
    this.id ??= this.program.scope.generateUidIdentifier("stepwise");
    return this.t.memberExpression(this.t.identifier(this.id.name), this.t.identifier(name));
  }

  private module(): string {
    return this.trace ? TRACE_MODULE : RUNTIME_PACKAGE;
  }

  /** Is `node` the namespace itself? (It never changes, so reading a name off it can wait.) */
  isNamespace(node: Node): boolean {
    return this.id !== null && node.type === "Identifier" && node.name === this.id.name;
  }

  /** The file needs a part of the runtime that no name it reads brings ("tries": a try table). */
  need(key: string): void {
    this.keys.add(key);
  }

  /** Is `node` a `_stepwise.<name>` this reference made? */
  isHelper(node: Node): boolean {
    return (
      this.id !== null &&
      node.type === "MemberExpression" &&
      !node.computed &&
      node.object.type === "Identifier" &&
      node.object.name === this.id.name
    );
  }

  /** The name `_stepwise` got, or null when nothing used the runtime. */
  name(): string | null {
    return this.id === null ? null : this.id.name;
  }

  /**
   * The value `_stepwise` starts with where it is not imported (`inline`, `global`), else null.
   * Asked once the file holds every `_stepwise.<name>` it reads, but for `pending`, the statements
   * still to be put in (the file's setup): the inline runtime is made of what those names need.
   */
  value(pending: Statement[] = []): Expression | null {
    if (this.id === null) return null;
    if (this.mode === "inline") return this.trace ? this.traceScript() : this.inlineRuntime(this.id.name, pending);
    if (this.mode === "global") return this.t.identifier("stepwise");
    return null;
  }

  /** Ends the file with `_stepwise.drain()` (the `drain` option), if anything used the runtime. */
  drainAtEnd(): void {
    if (this.id === null) return;
    this.program.pushContainer("body", this.t.expressionStatement(this.t.callExpression(this.helper("drain"), [])));
  }

  /**
   * Declares `_stepwise` at the top of the file, if anything used it. `value` is what `value()`
   * gave; `deferred`: declared without it (a module's setup assigns it, plugin/file-setup.ts).
   */
  inject(value: Expression | null, deferred: boolean): void {
    if (this.id === null) return;
    protectNames(this.program, this.mode);
    const t = this.t;
    const name = this.id.name;
    let declaration: Statement;
    if (value !== null) {
      declaration = t.variableDeclaration("var", [t.variableDeclarator(t.identifier(name), deferred ? null : value)]);
    } else if (this.program.node.sourceType === "module") {
      declaration = t.importDeclaration([t.importNamespaceSpecifier(t.identifier(name))], t.stringLiteral(this.module()));
    } else {
      declaration = t.variableDeclaration("var", [
        t.variableDeclarator(t.identifier(name), t.callExpression(t.identifier("require"), [t.stringLiteral(this.module())])),
      ]);
    }
    const [inserted] = this.program.unshiftContainer("body", declaration);
    this.program.scope.registerDeclaration(inserted);
  }

  /** The runtime statements this file needs, as one expression (parsed once per distinct request). */
  private inlineRuntime(name: string, pending: Statement[]): Expression {
    const available = this.scripts.pieces(this.native ? "native" : "es5");
    const file = pending.length === 0 ? this.program.node : this.t.program([...this.program.node.body, ...pending]);
    const request = inlineRequest(file, name, available, this.keys);
    const signature = `${[...request.names].join(",")}|${[...request.keys].sort().join(",")}`;
    let parsed = parsedRuntimes.get(available);
    if (parsed === undefined) parsedRuntimes.set(available, (parsed = new Map()));
    let expression = parsed.get(signature);
    if (expression === undefined) {
      const [statement] = this.parse(`(${runtimeSource(available, selectRuntime(available, request))});`);
      if (statement.type !== "ExpressionStatement") throw new Error("stepwise: unexpected runtime source shape");
      expression = statement.expression;
      parsed.set(signature, expression);
    }
    return this.t.cloneNode(expression, true);
  }

  /** The trace build's whole script (dist/runtime-trace.js), its function expression. */
  private traceScript(): Expression {
    const [script] = this.parse(this.scripts.source(TRACE_SCRIPT));
    if (script.type !== "VariableDeclaration" || !script.declarations[0].init) throw new Error("stepwise: unexpected runtime script shape");
    return script.declarations[0].init;
  }
}
