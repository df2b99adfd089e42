/**
 * How lowered code reaches the runtime: one namespace variable per file, `_stepwise`, declared at
 * the top of the file the first time a lowered function needs it.
 *
 *     import * as _stepwise from "@stepwise/runtime";      (runtime: "import", ES module)
 *     var _stepwise = require("@stepwise/runtime");          (runtime: "import", script/CommonJS)
 *     var _stepwise = (function () { ...runtime... })();    (runtime: "inline": the smallest prebuilt
 *                                                             script with what the file calls)
 *     var _stepwise = stepwise;                              (runtime: "global": dist/runtime.js loaded first)
 *
 * With `trace: true` the file gets the runtime's trace build instead, which has the tracing hooks
 * besides the whole runtime: `@stepwise/runtime/trace`, or its script dist/runtime-trace.js
 * inlined (with "global", that is the script to load first).
 */
import type { NodePath } from "@babel/core";
import type * as BabelTypes from "@babel/types";
import type { Expression, Identifier, MemberExpression, Node, Program, Statement } from "@babel/types";
import type { RuntimeMode } from "./options.js";
import type { RuntimeScript, RuntimeScripts } from "./runtime-scripts.js";
import { someNode } from "../core/walk.js";

export const RUNTIME_PACKAGE = "@stepwise/runtime";
/** The trace build: the module (`runtime: "import"`) and the prebuilt script (`"inline"`). */
export const TRACE_MODULE = `${RUNTIME_PACKAGE}/trace`;
export const TRACE_SCRIPT = "runtime-trace.js";

/**
 * Which runtime script an inlining file needs: the smallest that exports every `_stepwise.<name>`
 * the file reads, or the whole runtime when `_stepwise` appears in any other way (a name that is
 * also a property key, say), so that a file never gets a runtime that lacks what it calls.
 */
export function inlineScriptFor(root: Node, id: string, available: RuntimeScript[]): RuntimeScript {
  const whole = available[available.length - 1];
  const names = new Set<string>();
  const isRead = (node: Node): node is MemberExpression & { property: Identifier } =>
    node.type === "MemberExpression" && !node.computed && node.object.type === "Identifier" && node.object.name === id && node.property.type === "Identifier";
  const otherUse = someNode(
    root,
    (node) => {
      if (isRead(node)) {
        names.add(node.property.name);
        return false;
      }
      return node.type === "Identifier" && node.name === id;
    },
    (node) => !isRead(node),
  );
  if (otherUse) return whole;
  return available.find((script) => [...names].every((name) => script.exports.includes(name))) ?? whole;
}

export class RuntimeReference {
  private id: Identifier | null = null;

  constructor(
    private readonly program: NodePath<Program>,
    private readonly mode: RuntimeMode,
    private readonly t: typeof BabelTypes,
    private readonly parse: (code: string) => Statement[],
    /** Where `runtime: "inline"` gets the prebuilt scripts (read from dist/ under Node). */
    private readonly scripts: RuntimeScripts,
    /** The `trace` option: the runtime's trace build, whatever the file calls. */
    private readonly trace = false,
  ) {}

  /** `_stepwise.<name>` */
  helper(name: string): Expression {
    this.id ??= this.program.scope.generateUidIdentifier("stepwise");
    return this.t.memberExpression(this.t.identifier(this.id.name), this.t.identifier(name));
  }

  private module(): string {
    return this.trace ? TRACE_MODULE : RUNTIME_PACKAGE;
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

  /** The value `_stepwise` starts with where it is not imported (`inline`, `global`), else null. */
  value(): Expression | null {
    if (this.id === null) return null;
    const t = this.t;
    if (this.mode === "inline") {
      const file = this.trace ? TRACE_SCRIPT : inlineScriptFor(this.program.node, this.id.name, this.scripts.manifest()).file;
      const [script] = this.parse(this.scripts.source(file));
      if (script.type !== "VariableDeclaration" || !script.declarations[0].init) throw new Error("stepwise: unexpected runtime script shape");
      return script.declarations[0].init;
    }
    if (this.mode === "global") return t.identifier("stepwise");
    return null;
  }

  /** Ends the file with `_stepwise.drain()` (the `drain` option), if anything used the runtime. */
  drainAtEnd(): void {
    if (this.id === null) return;
    this.program.pushContainer("body", this.t.expressionStatement(this.t.callExpression(this.helper("drain"), [])));
  }

  /**
   * Declares `_stepwise` at the top of the file, if anything used it. `value` is what `value()`
   * gave (asked once the file holds every `_stepwise.<name>` it reads: the inline script is the
   * smallest with all of them); `deferred`: declared without it (a module's setup assigns it,
   * plugin/file-setup.ts).
   */
  inject(value: Expression | null, deferred: boolean): void {
    if (this.id === null) return;
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
}
