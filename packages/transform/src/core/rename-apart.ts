/**
 * Renaming apart: before every binding of a lowered body moves to one function scope (hoist.ts),
 * the bindings that would then collide get fresh names.
 *
 *     function* g() {                       function g() {
 *       let a = 1;                             var a, _a;
 *       { const a = yield; log(a); }           ... a = 1; ... _a = _ctx.sent; log(_a); ...
 *     }
 *
 * Three kinds of collision:
 *  - a block-scoped binding whose name is taken by another binding of the function, by a name the
 *    function sees from outside (an outer binding or a global), or by an Annex B var (annex-b.ts);
 *  - a body variable whose name a parameter default mentions: parameters do not see the body's
 *    variables, but once those are hoisted next to them they would;
 *  - a body `var` or function that redeclares a parameter when the parameter list has
 *    expressions: the body then has its own variable, which starts with the parameter's value
 *    (FunctionDeclarationInstantiation step 28), so a closure in a default keeps the parameter:
 *
 *        function* d(a = () => x, x) { var x = 3; }   ->   ... _x = x; ... _x = 3;
 *
 * A rename never changes a name the program can read: the source names are recorded
 * (names.ts `originalNames`) so that hoisting and keepInferredNames name functions and classes as
 * the source did, and a class keeps its own inner name (`_Logger = class Logger { ... Logger ... }`).
 */
import type { NodePath } from "@babel/core";
import type * as BabelTypes from "@babel/types";
import type { Function as FunctionNode, Identifier, Node } from "@babel/types";
import { recordOriginalName } from "./names.js";
import type { AnnexBFunctions } from "./annex-b.js";
import { someNode } from "./walk.js";

type Binding = NonNullable<ReturnType<NodePath["scope"]["getBinding"]>>;

export interface Renaming {
  /** Body variables that start with a parameter's value: `to = from` once parameters are bound. */
  copies: { from: string; to: string }[];
  /** Every `var` name of the function itself (some are declared only inside blocks renamed apart). */
  vars: string[];
}

/** The identifiers named `name` that a write (assignment, update, redeclaration) assigns. */
function assignedIdentifiers(write: NodePath, name: string): Identifier[] {
  const bound = write.getBindingIdentifiers() as Record<string, Identifier | Identifier[] | undefined>;
  return ([] as Identifier[]).concat(bound[name] ?? []);
}

/** The identifiers a binding's declaration and writes assign. */
function writtenIdentifiers(binding: Binding, name: string): Identifier[] {
  return [binding.identifier, ...binding.constantViolations.flatMap((write) => assignedIdentifiers(write, name))];
}

/**
 * Renames `binding` to `fresh` everywhere (Babel's scope.rename), recording the source name. A
 * class keeps its own name inside its body: there `name` is the class's inner binding.
 */
function renameBinding(binding: Binding, name: string, fresh: string): void {
  recordOriginalName(writtenIdentifiers(binding, name), name);
  const classPath = binding.path.isClassDeclaration() ? binding.path : null;
  const inner: Identifier[] = [];
  if (classPath !== null) {
    for (const use of binding.referencePaths) if (use.isDescendant(classPath) && use.isIdentifier()) inner.push(use.node);
    for (const write of binding.constantViolations) if (write.isDescendant(classPath)) inner.push(...assignedIdentifiers(write, name));
    // Later passes (per-iteration scope objects) must not take these for uses of the outer binding.
    binding.referencePaths = binding.referencePaths.filter((use) => !use.isDescendant(classPath));
    binding.constantViolations = binding.constantViolations.filter((use) => !use.isDescendant(classPath));
    binding.references = binding.referencePaths.length;
  }
  binding.scope.rename(name, fresh);
  for (const id of inner) id.name = name;
}

/** Does the parameter list contain an expression (a default value or a computed key)? */
function hasParameterExpressions(params: Node[]): boolean {
  return params.some((param) =>
    someNode(param, (n) => n.type === "AssignmentPattern" || (n.type === "ObjectProperty" && n.computed)),
  );
}

/**
 * Parameter defaults do not see the body's variables (with a non-simple parameter list the
 * parameters get their own scope), but once the body's variables are hoisted next to them they
 * would. A body variable whose name a default mentions is therefore renamed, and the default keeps
 * referring to the outer name.
 */
function separateParameterScope(fn: NodePath<FunctionNode>): void {
  const params = fn.get("params") as NodePath[];
  if (params.every((p) => p.isIdentifier())) return;
  // Free names the parameter list mentions (not bound by a function inside a default).
  const mentioned = new Map<string, Identifier[]>();
  for (const param of params) {
    param.traverse({
      Identifier(path) {
        if (!path.isReferencedIdentifier()) return;
        const binding = path.scope.getBinding(path.node.name);
        if (binding && binding.kind === "param" && binding.scope === fn.scope) return;
        if (binding && binding.scope !== fn.scope && binding.path.isDescendant(param)) return;
        const list = mentioned.get(path.node.name) ?? [];
        list.push(path.node);
        mentioned.set(path.node.name, list);
      },
    });
  }
  for (const [name, binding] of Object.entries(fn.scope.bindings)) {
    const refs = mentioned.get(name);
    if (binding.kind === "param" || refs === undefined) continue;
    renameBinding(binding, name, fn.scope.generateUid(name));
    for (const ref of refs) ref.name = name;
  }
}

/** Renames one identifier in place; a shorthand property around it gets its key spelled out. */
function renameIdentifier(t: typeof BabelTypes, path: NodePath<Identifier>, fresh: string): void {
  const parent = path.parentPath;
  if (parent && parent.isObjectProperty() && parent.node.shorthand) {
    parent.node.shorthand = false;
    if (parent.node.key === path.node) parent.node.key = t.identifier(path.node.name);
  }
  path.node.name = fresh;
}

/**
 * A body `var` or function declaration that redeclares a parameter, in a function whose parameter
 * list has expressions, is a variable of its own (FunctionDeclarationInstantiation step 28): the
 * body's uses of the name are renamed, and a `var` starts with the parameter's value.
 */
function separateParameterVars(fn: NodePath<FunctionNode>, t: typeof BabelTypes, renaming: Renaming): void {
  if (!hasParameterExpressions(fn.node.params)) return;
  const body = fn.get("body") as NodePath;
  for (const [name, binding] of Object.entries(fn.scope.bindings)) {
    if (binding.kind !== "param") continue;
    const inBody = (use: NodePath) => use.isDescendant(body);
    const redeclarations = binding.constantViolations.filter((write) => inBody(write) && (write.isVariableDeclarator() || write.isFunctionDeclaration()));
    if (redeclarations.length === 0) continue;
    const fresh = fn.scope.generateUid(name);
    const written = binding.constantViolations.filter(inBody).flatMap((write) => assignedIdentifiers(write, name));
    recordOriginalName(written, name);
    for (const use of binding.referencePaths) if (inBody(use) && use.isIdentifier()) renameIdentifier(t, use, fresh);
    for (const id of written) id.name = fresh;
    if (redeclarations.some((write) => write.isVariableDeclarator())) renaming.copies.push({ from: name, to: fresh });
  }
}

/** Renames the bindings whose names would collide once they are function-scoped (see above). */
export function renameApart(fn: NodePath<FunctionNode>, blocks: NodePath[], annexB: AnnexBFunctions, t: typeof BabelTypes): Renaming {
  const renaming: Renaming = { copies: [], vars: [] };
  separateParameterVars(fn, t, renaming);
  separateParameterScope(fn);
  const taken = new Set([...Object.keys(fn.scope.bindings), ...annexB.names]);
  for (const { from, to } of renaming.copies) taken.add(to);
  const outer = fn.scope.parent;
  for (const { scope } of blocks) {
    for (const [name, binding] of Object.entries(scope.bindings)) {
      // A class's (or class expression's) own name stays inside it; an entry borrowed from the
      // scope around (a class declaration's name) is renamed with its owner.
      if (binding.scope !== scope || binding.kind === "local") continue;
      const clashes =
        annexB.bindings.has(binding) ||
        taken.has(name) ||
        // `arguments` inside the machine would be the machine's own.
        name === "arguments" ||
        (outer !== undefined && (outer.hasBinding(name) || outer.hasGlobal(name))) ||
        fn.scope.hasGlobal(name);
      if (clashes) {
        const fresh = fn.scope.generateUid(name);
        renameBinding(binding, name, fresh);
        taken.add(fresh);
      } else {
        taken.add(name);
      }
    }
  }
  renaming.vars = Object.entries(fn.scope.bindings)
    .filter(([, binding]) => binding.kind === "var")
    .map(([name]) => name);
  return renaming;
}
