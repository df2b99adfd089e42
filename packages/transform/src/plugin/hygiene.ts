/**
 * Names the output reads that the file itself may declare. The plugin's output reaches the runtime
 * through a name — `require` (runtime: "import" in a script or CommonJS module), `stepwise`
 * ("global") — and the inlined runtime (runtime: "inline") reads a few globals by name when it
 * loads, at the top of the file:
 *
 *     const require = createRequire(...);        var _stepwise = require("@stepwise/runtime");
 *     var Promise = require("bluebird");    ->   ... the file's own `require`, `Promise` ...
 *
 * A top-level declaration of the file with such a name would take its place (in a module or a
 * CommonJS file, a hoisted `var` is even still undefined when the runtime's code runs). So the file's
 * binding is renamed, where that cannot be observed: always for `require` and `stepwise` (the output
 * needs the host's); for the inlined runtime's globals in ES modules, in CommonJS files (a script
 * that reads a free `require`, `module` or `exports`) and for lexical declarations everywhere (a
 * script's `let Promise` would be in its temporal dead zone when the runtime loads). A script's
 * top-level `var` or function is the global itself, seen by other scripts: it is left alone, as
 * the global it replaces (README, Limits).
 */
import type { NodePath } from "@babel/core";
import type { Program } from "@babel/types";
import type { RuntimeMode } from "./options.js";

/**
 * The globals the runtime's prebuilt scripts read by name (at load): the rest they reach without
 * names (the runtime's intrinsics.ts). packages/runtime/test/hygiene.test.ts checks the list
 * against the scripts.
 */
export const RUNTIME_GLOBALS = ["Promise", "ReferenceError", "Reflect", "Symbol", "setTimeout", "undefined"];

/** The name the output reads to reach the runtime in each mode, if any. */
function runtimeName(mode: RuntimeMode, program: NodePath<Program>): string | null {
  if (mode === "global") return "stepwise";
  if (mode === "import" && program.node.sourceType !== "module") return "require";
  return null;
}

/** A script that reads a free `require`, `module` or `exports`: a CommonJS module's top level is a function's. */
function looksCommonJS(program: NodePath<Program>): boolean {
  const globals = (program.scope as unknown as { globals: Record<string, unknown> }).globals;
  return "require" in globals || "module" in globals || "exports" in globals;
}

/** Renames the file's top-level bindings that would hide a name the output reads (see above). */
export function protectNames(program: NodePath<Program>, mode: RuntimeMode): void {
  const scope = program.scope;
  const name = runtimeName(mode, program);
  if (name !== null && scope.hasOwnBinding(name)) scope.rename(name);
  if (mode !== "inline") return;
  const moduleScope = program.node.sourceType === "module" || looksCommonJS(program);
  for (const global of RUNTIME_GLOBALS) {
    const binding = scope.getOwnBinding(global);
    if (binding === undefined) continue;
    const lexical = binding.kind === "let" || binding.kind === "const" || binding.kind === "module";
    if (moduleScope || lexical || binding.path.isClassDeclaration()) scope.rename(global);
  }
}
