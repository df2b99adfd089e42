/**
 * How lowered code reaches the runtime: one namespace variable per file, `_stepwise`, declared at
 * the top of the file the first time a lowered function needs it.
 *
 *     import * as _stepwise from "@stepwise/runtime";      (runtime: "import", ES module)
 *     var _stepwise = require("@stepwise/runtime");          (runtime: "import", script/CommonJS)
 *     var _stepwise = (function () { ...runtime... })();    (runtime: "inline")
 *     var _stepwise = stepwise;                              (runtime: "global": dist/runtime.js loaded first)
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { NodePath } from "@babel/core";
import type * as BabelTypes from "@babel/types";
import type { Expression, Identifier, Program, Statement } from "@babel/types";
import type { RuntimeMode } from "./options.js";

export const RUNTIME_PACKAGE = "@stepwise/runtime";

let inlineSource: string | null = null;

/** The prebuilt ES5 runtime script (`dist/runtime.js` of the runtime package). */
function readInlineRuntime(): string {
  if (inlineSource === null) {
    const require = createRequire(import.meta.url);
    inlineSource = readFileSync(require.resolve(`${RUNTIME_PACKAGE}/dist/runtime.js`), "utf8");
  }
  return inlineSource;
}

export class RuntimeReference {
  private id: Identifier | null = null;

  constructor(
    private readonly program: NodePath<Program>,
    private readonly mode: RuntimeMode,
    private readonly t: typeof BabelTypes,
    private readonly parse: (code: string) => Statement[],
  ) {}

  /** `_stepwise.<name>` */
  helper(name: string): Expression {
    this.id ??= this.program.scope.generateUidIdentifier("stepwise");
    return this.t.memberExpression(this.t.identifier(this.id.name), this.t.identifier(name));
  }

  /** Declares `_stepwise` at the top of the file, if anything used it; `drain` ends the file with a drain. */
  inject(drain: boolean): void {
    if (this.id === null) return;
    if (drain) {
      this.program.pushContainer("body", this.t.expressionStatement(this.t.callExpression(this.helper("drain"), [])));
    }
    const t = this.t;
    const name = this.id.name;
    let declaration: Statement;
    if (this.mode === "inline") {
      const [script] = this.parse(readInlineRuntime());
      if (script.type !== "VariableDeclaration" || !script.declarations[0].init) throw new Error("stepwise: unexpected runtime script shape");
      declaration = t.variableDeclaration("var", [t.variableDeclarator(t.identifier(name), script.declarations[0].init)]);
    } else if (this.mode === "global") {
      declaration = t.variableDeclaration("var", [t.variableDeclarator(t.identifier(name), t.identifier("stepwise"))]);
    } else if (this.program.node.sourceType === "module") {
      declaration = t.importDeclaration([t.importNamespaceSpecifier(t.identifier(name))], t.stringLiteral(RUNTIME_PACKAGE));
    } else {
      declaration = t.variableDeclaration("var", [
        t.variableDeclarator(t.identifier(name), t.callExpression(t.identifier("require"), [t.stringLiteral(RUNTIME_PACKAGE)])),
      ]);
    }
    const [inserted] = this.program.unshiftContainer("body", declaration);
    this.program.scope.registerDeclaration(inserted);
  }
}
